//! Certificates checked the way a verifier must (`../shared/spec/signing.md` §5): a signature
//! value checked against a public key (RSA PKCS#1 v1.5 and PSS with SHA-256/384/512, ECDSA
//! P-256), and a path from a signer's certificate to an anchor of the trust store, each link's
//! signature, validity at the signing time, CA constraints and the signer's key usage.

use der::{Decode, Encode};
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

use const_oid::ObjectIdentifier;

const RSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// Whether `signature` over `message` verifies with `key` under `alg` (the algorithm as a
/// certificate, CRL, OCSP answer or CMS signer records it; `digest` is the CMS's digest
/// algorithm, for signers that name only "rsaEncryption").
pub(crate) fn verify_signed(
    key: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    digest: Option<&ObjectIdentifier>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use super::cms::{ECDSA_SHA256, RSA, RSA_PSS, RSA_SHA256};
    let key_der = key.to_der().map_err(|e| e.to_string())?;
    let rsa_key = || {
        use rsa::pkcs8::DecodePublicKey;
        rsa::RsaPublicKey::from_public_key_der(&key_der).map_err(|e| format!("not an RSA key: {e}"))
    };
    let hashed = |oid: &ObjectIdentifier| -> Option<(Vec<u8>, rsa::Pkcs1v15Sign)> {
        match *oid {
            o if o == super::cms::SHA256 || o == RSA_SHA256 => {
                Some((Sha256::digest(message).to_vec(), rsa::Pkcs1v15Sign::new::<Sha256>()))
            }
            o if o == SHA384 || o == RSA_SHA384 => {
                Some((Sha384::digest(message).to_vec(), rsa::Pkcs1v15Sign::new::<Sha384>()))
            }
            o if o == SHA512 || o == RSA_SHA512 => {
                Some((Sha512::digest(message).to_vec(), rsa::Pkcs1v15Sign::new::<Sha512>()))
            }
            _ => None,
        }
    };
    let bad = |e: String| format!("the signature does not verify: {e}");
    match alg.oid {
        o if o == RSA_SHA256 || o == RSA_SHA384 || o == RSA_SHA512 => {
            let (h, scheme) = hashed(&o).ok_or("unsupported hash")?;
            rsa_key()?.verify(scheme, &h, signature).map_err(|e| bad(e.to_string()))
        }
        o if o == RSA => {
            let (h, scheme) = hashed(digest.unwrap_or(&super::cms::SHA256)).ok_or("unsupported hash")?;
            rsa_key()?.verify(scheme, &h, signature).map_err(|e| bad(e.to_string()))
        }
        o if o == RSA_PSS => {
            let h = Sha256::digest(message);
            rsa_key()?.verify(rsa::Pss::new::<Sha256>(), &h, signature).map_err(|e| bad(e.to_string()))
        }
        o if o == ECDSA_SHA256 => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            use p256::pkcs8::DecodePublicKey;
            let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&key_der)
                .map_err(|e| format!("not a P-256 key: {e}"))?;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|e| bad(e.to_string()))?;
            vk.verify_prehash(&Sha256::digest(message), &sig).map_err(|e| bad(e.to_string()))
        }
        o => Err(format!("the signature algorithm {o} is not supported")),
    }
}

/// Whether `issuer` signed `cert`.
pub(crate) fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    cert.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && cert.tbs_certificate.to_der().is_ok_and(|tbs| {
            verify_signed(
                &issuer.tbs_certificate.subject_public_key_info,
                &cert.signature_algorithm,
                None,
                &tbs,
                cert.signature.raw_bytes(),
            )
            .is_ok()
        })
}

/// The seconds since 1970 at which a certificate starts and stops being valid.
pub(crate) fn validity(cert: &Certificate) -> (i64, i64) {
    let v = &cert.tbs_certificate.validity;
    (v.not_before.to_unix_duration().as_secs() as i64, v.not_after.to_unix_duration().as_secs() as i64)
}

/// The certificate's subject's common name (or the whole subject when it has none).
pub fn common_name(cert: &Certificate) -> String {
    let subject = &cert.tbs_certificate.subject;
    for rdn in subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                if let Ok(s) = atv.value.decode_as::<der::asn1::Utf8StringRef>() {
                    return s.as_str().to_string();
                }
                if let Ok(s) = atv.value.decode_as::<der::asn1::PrintableStringRef>() {
                    return s.as_str().to_string();
                }
            }
        }
    }
    subject.to_string()
}

fn extension<T: for<'a> Decode<'a> + const_oid::AssociatedOid>(cert: &Certificate) -> Option<T> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == T::OID)
        .and_then(|e| T::from_der(e.extn_value.as_bytes()).ok())
}

/// Whether the certificate may sign documents: key usage digitalSignature or nonRepudiation
/// (or no key usage at all).
pub(crate) fn may_sign(cert: &Certificate) -> bool {
    match extension::<KeyUsage>(cert) {
        None => true,
        Some(ku) => ku.0.contains(KeyUsages::DigitalSignature) || ku.0.contains(KeyUsages::NonRepudiation),
    }
}

fn is_ca(cert: &Certificate) -> bool {
    extension::<BasicConstraints>(cert).is_some_and(|b| b.ca)
}

/// A path from a certificate to a trust anchor, or why there is none.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    /// The certificates, the signer's first, the anchor last (when one was reached).
    pub certs: Vec<Certificate>,
    /// Whether the last is an anchor of the trust store.
    pub trusted: bool,
    /// What is wrong on the way (expired at the signing time, not a CA, …), in English.
    pub problems: Vec<String>,
}

/// Build and check the path from `leaf` through `pool` to one of `anchors`, at time `at`
/// (seconds since 1970).
pub(crate) fn path(leaf: &Certificate, pool: &[Certificate], anchors: &[Certificate], at: i64) -> Path {
    let mut certs = vec![leaf.clone()];
    let mut problems = Vec::new();
    let mut trusted = anchors.iter().any(|a| a == leaf);
    while !trusted && certs.len() < 10 {
        let last = certs.last().cloned().expect("one");
        if let Some(a) = anchors.iter().find(|a| issued_by(&last, a)) {
            certs.push(a.clone());
            trusted = true;
            break;
        }
        match pool.iter().find(|c| !certs.contains(c) && issued_by(&last, c)) {
            Some(c) => certs.push(c.clone()),
            None => break,
        }
    }
    for (i, c) in certs.iter().enumerate() {
        let (from, to) = validity(c);
        if at < from || at > to {
            problems.push(format!("{} is not valid at the signing time", common_name(c)));
        }
        if i > 0 && !is_ca(c) && !(trusted && i == certs.len() - 1 && is_ca_or_root(c)) {
            problems.push(format!("{} is not a CA", common_name(c)));
        }
    }
    if !may_sign(leaf) {
        problems.push(format!("{} may not sign documents (key usage)", common_name(leaf)));
    }
    Path { certs, trusted, problems }
}

fn is_ca_or_root(c: &Certificate) -> bool {
    is_ca(c) || c.tbs_certificate.issuer == c.tbs_certificate.subject
}
