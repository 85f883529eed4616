//! Whether a certificate was revoked: from the OCSP answers and CRLs a file carries (its DSS,
//! for B-LT) or, when allowed, asked online of the responder its certificate names (OCSP
//! first, then the CRL), through the host's one network seam. The answers fetched are kept, so
//! a B-LT signature embeds exactly what was checked.

use der::{Decode, Encode};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request, TbsRequest,
};

use super::chain::{issued_by, verify_signed};

const OCSP_METHOD: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1");
const SHA1: const_oid::ObjectIdentifier = const_oid::ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Revocation data: OCSP answers (DER `OCSPResponse`) and CRLs (DER).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Whole OCSP responses.
    pub ocsps: Vec<Vec<u8>>,
    /// CRLs.
    pub crls: Vec<Vec<u8>>,
}

/// What is known of a certificate's revocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not revoked, by an OCSP answer or CRL (`online`: fetched now, else carried in the file).
    Good {
        /// Fetched now rather than carried in the file.
        online: bool,
    },
    /// Revoked at this time (seconds since 1970).
    Revoked {
        /// When.
        at: i64,
    },
    /// Not checked: nothing carried, and offline or no answer (why, in English).
    Unknown(String),
}

fn urls(cert: &Certificate) -> (Vec<String>, Vec<String>) {
    let mut ocsp = Vec::new();
    let mut crl = Vec::new();
    for e in cert.tbs_certificate.extensions.iter().flatten() {
        if e.extn_id == const_oid::db::rfc5280::ID_PE_AUTHORITY_INFO_ACCESS
            && let Ok(aia) = AuthorityInfoAccessSyntax::from_der(e.extn_value.as_bytes())
        {
            for d in aia.0 {
                if d.access_method == OCSP_METHOD
                    && let GeneralName::UniformResourceIdentifier(u) = d.access_location
                {
                    ocsp.push(u.to_string());
                }
            }
        }
        if e.extn_id == const_oid::db::rfc5280::ID_CE_CRL_DISTRIBUTION_POINTS
            && let Ok(dps) = CrlDistributionPoints::from_der(e.extn_value.as_bytes())
        {
            for dp in dps.0 {
                if let Some(DistributionPointName::FullName(names)) = dp.distribution_point {
                    for n in names {
                        if let GeneralName::UniformResourceIdentifier(u) = n {
                            crl.push(u.to_string());
                        }
                    }
                }
            }
        }
    }
    (ocsp, crl)
}

fn cert_id(cert: &Certificate, issuer: &Certificate) -> Result<CertId, String> {
    let name = issuer.tbs_certificate.subject.to_der().map_err(|e| e.to_string())?;
    let key = issuer.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes();
    Ok(CertId {
        hash_algorithm: spki::AlgorithmIdentifierOwned { oid: SHA1, parameters: Some(der::Any::null()) },
        issuer_name_hash: der::asn1::OctetString::new(Sha1::digest(&name).to_vec()).map_err(|e| e.to_string())?,
        issuer_key_hash: der::asn1::OctetString::new(Sha1::digest(key).to_vec()).map_err(|e| e.to_string())?,
        serial_number: cert.tbs_certificate.serial_number.clone(),
    })
}

fn key_hash_matches(id: &CertId, issuer: &Certificate) -> bool {
    let key = issuer.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes();
    let h = if id.hash_algorithm.oid == SHA1 { Sha1::digest(key).to_vec() } else { Sha256::digest(key).to_vec() };
    id.issuer_key_hash.as_bytes() == h.as_slice()
}

/// The status an OCSP response (DER) gives `cert` (issued by `issuer`), if it speaks of it and
/// its signature is the issuer's or a responder's the issuer delegated to.
fn from_ocsp(der: &[u8], cert: &Certificate, issuer: &Certificate) -> Option<Status> {
    let resp = OcspResponse::from_der(der).ok()?;
    if resp.response_status != OcspResponseStatus::Successful {
        return None;
    }
    let basic = BasicOcspResponse::from_der(resp.response_bytes?.response.as_bytes()).ok()?;
    let tbs = basic.tbs_response_data.to_der().ok()?;
    let signers = std::iter::once(issuer.clone())
        .chain(basic.certs.iter().flatten().filter(|c| issued_by(c, issuer)).cloned())
        .collect::<Vec<_>>();
    let signed = signers.iter().any(|s| {
        verify_signed(
            &s.tbs_certificate.subject_public_key_info,
            &basic.signature_algorithm,
            None,
            &tbs,
            basic.signature.raw_bytes(),
        )
        .is_ok()
    });
    if !signed {
        return None;
    }
    let single = basic.tbs_response_data.responses.iter().find(|r| {
        r.cert_id.serial_number == cert.tbs_certificate.serial_number && key_hash_matches(&r.cert_id, issuer)
    })?;
    Some(match single.cert_status {
        CertStatus::Good(_) => Status::Good { online: false },
        CertStatus::Revoked(info) => Status::Revoked { at: info.revocation_time.0.to_unix_duration().as_secs() as i64 },
        CertStatus::Unknown(_) => return None,
    })
}

/// The status a CRL (DER) gives `cert`, if `issuer` signed it.
fn from_crl(der: &[u8], cert: &Certificate, issuer: &Certificate) -> Option<Status> {
    let crl = CertificateList::from_der(der).ok()?;
    if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
        return None;
    }
    let tbs = crl.tbs_cert_list.to_der().ok()?;
    verify_signed(
        &issuer.tbs_certificate.subject_public_key_info,
        &crl.signature_algorithm,
        None,
        &tbs,
        crl.signature.raw_bytes(),
    )
    .ok()?;
    let revoked = crl
        .tbs_cert_list
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| r.serial_number == cert.tbs_certificate.serial_number);
    Some(match revoked {
        Some(r) => Status::Revoked { at: r.revocation_date.to_unix_duration().as_secs() as i64 },
        None => Status::Good { online: false },
    })
}

/// The revocation status of `cert` (issued by `issuer`): from `carried` first, then — when
/// `online` — asked of its OCSP responder, then its CRL; what was fetched is added to `fetched`.
pub fn status(
    cert: &Certificate,
    issuer: &Certificate,
    carried: &Evidence,
    online: bool,
    fetched: &mut Evidence,
) -> Status {
    for o in &carried.ocsps {
        if let Some(s) = from_ocsp(o, cert, issuer) {
            return s;
        }
    }
    for c in &carried.crls {
        if let Some(s) = from_crl(c, cert, issuer) {
            return s;
        }
    }
    if !online {
        return Status::Unknown("offline, and the file carries no revocation data".into());
    }
    let (ocsp_urls, crl_urls) = urls(cert);
    let mut why = String::from("the certificate names no OCSP responder nor CRL");
    for url in ocsp_urls {
        let req = match cert_id(cert, issuer).and_then(|id| {
            OcspRequest {
                tbs_request: TbsRequest {
                    version: Default::default(),
                    requestor_name: None,
                    request_list: vec![Request { req_cert: id, single_request_extensions: None }],
                    request_extensions: None,
                },
                optional_signature: None,
            }
            .to_der()
            .map_err(|e| e.to_string())
        }) {
            Ok(r) => r,
            Err(e) => return Status::Unknown(e),
        };
        match crate::host::http(&url, Some(("application/ocsp-request", &req)), &[], TIMEOUT) {
            Ok((200, body)) => {
                if let Some(s) = from_ocsp(&body, cert, issuer) {
                    fetched.ocsps.push(body);
                    return online_of(s);
                }
                why = format!("the OCSP answer from {url} does not speak of the certificate");
            }
            Ok((code, _)) => why = format!("{url} answered HTTP {code}"),
            Err(e) => why = format!("{url}: {e}"),
        }
    }
    for url in crl_urls {
        match crate::host::http(&url, None, &[], TIMEOUT) {
            Ok((200, body)) => {
                if let Some(s) = from_crl(&body, cert, issuer) {
                    fetched.crls.push(body);
                    return online_of(s);
                }
                why = format!("the CRL from {url} is not its issuer's");
            }
            Ok((code, _)) => why = format!("{url} answered HTTP {code}"),
            Err(e) => why = format!("{url}: {e}"),
        }
    }
    Status::Unknown(why)
}

fn online_of(s: Status) -> Status {
    match s {
        Status::Good { .. } => Status::Good { online: true },
        other => other,
    }
}
