//! The CMS of a PAdES signature (`ETSI.CAdES.detached`), built in two steps so that a signer
//! who confirms on a phone signs only a hash: [`signed_attributes`] gives the DER a signer
//! signs (its SHA-256 is what a remote service is sent), [`assemble`] wraps the signature value
//! it returns, the certificates and an optional signature timestamp into the `ContentInfo` that
//! goes into the PDF's hole.
//!
//! Signed attributes: content type (id-data), message digest (SHA-256 of the byte range) and
//! ESS signing-certificate-v2 (the signer's certificate by its SHA-256, with issuer and serial),
//! no CMS signing time: in PAdES the time is the PDF's `/M`, or the timestamp's.

use cms::cert::IssuerAndSerialNumber;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5911::{ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

/// SHA-256.
pub(crate) const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
/// ESS signing-certificate-v2 (RFC 5035).
pub(crate) const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// The signature timestamp, an unsigned attribute (RFC 3161 appendix A).
pub(crate) const SIGNATURE_TIMESTAMP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// rsaEncryption: RSA PKCS#1 v1.5 (as Viettel's API names it).
pub(crate) const RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// sha256WithRSAEncryption.
pub(crate) const RSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
/// RSASSA-PSS.
pub(crate) const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// MGF1.
const MGF1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.8");
/// ecdsa-with-SHA256.
pub(crate) const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// How a key signs: the algorithms TT 15/2025 names, with SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Algorithm {
    /// RSA, PKCS#1 v1.5 (what most Vietnamese tokens and remote services return).
    RsaPkcs1,
    /// RSA, PSS with SHA-256, MGF1 SHA-256 and a 32-byte salt.
    RsaPss,
    /// ECDSA on P-256.
    EcdsaP256,
}

#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial: x509_cert::serial_number::SerialNumber,
}

#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

#[derive(Sequence)]
struct PssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    hash: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT")]
    mgf: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT")]
    salt: u32,
}

fn sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: SHA256, parameters: None }
}

fn err(e: der::Error) -> String {
    format!("cannot encode the signature: {e}")
}

/// The signature algorithm's identifier as the CMS records it.
pub(crate) fn algorithm_id(a: Algorithm) -> Result<AlgorithmIdentifierOwned, String> {
    Ok(match a {
        Algorithm::RsaPkcs1 => AlgorithmIdentifierOwned { oid: RSA_SHA256, parameters: Some(Any::null()) },
        Algorithm::EcdsaP256 => AlgorithmIdentifierOwned { oid: ECDSA_SHA256, parameters: None },
        Algorithm::RsaPss => {
            let params = PssParams {
                hash: sha256_id(),
                mgf: AlgorithmIdentifierOwned {
                    oid: MGF1,
                    parameters: Some(Any::encode_from(&sha256_id()).map_err(err)?),
                },
                salt: 32,
            };
            AlgorithmIdentifierOwned { oid: RSA_PSS, parameters: Some(Any::encode_from(&params).map_err(err)?) }
        }
    })
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, String> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value]).map_err(err)? })
}

/// The signed attributes for a byte range whose SHA-256 is `digest`, signed by `cert` (DER).
/// Returns them as the `SET OF` DER a signer signs.
pub fn signed_attributes(digest: &[u8], cert: &[u8]) -> Result<Vec<u8>, String> {
    let c = Certificate::from_der(cert).map_err(|e| format!("the signer's certificate does not parse: {e}"))?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(cert).to_vec()).map_err(err)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(c.tbs_certificate.issuer.clone())],
                serial: c.tbs_certificate.serial_number.clone(),
            }),
        }],
    };
    let attrs = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA).map_err(err)?)?,
        attribute(ID_MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest.to_vec()).map_err(err)?).map_err(err)?)?,
        attribute(SIGNING_CERTIFICATE_V2, Any::encode_from(&ess).map_err(err)?)?,
    ])
    .map_err(err)?;
    attrs.to_der().map_err(err)
}

/// The CMS `ContentInfo` (DER) of one signature: `attrs` as [`signed_attributes`] gave them,
/// the `signature` value over them, the signer's `chain` (DER, signer first) and, for B-T,
/// the RFC 3161 `timestamp` token over the signature value.
pub fn assemble(
    attrs: &[u8],
    signature: &[u8],
    algorithm: Algorithm,
    chain: &[Vec<u8>],
    timestamp: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let signer = Certificate::from_der(chain.first().ok_or("no signer certificate")?)
        .map_err(|e| format!("the signer's certificate does not parse: {e}"))?;
    let signed_attrs = SetOfVec::<Attribute>::from_der(attrs).map_err(err)?;
    let unsigned_attrs = match timestamp {
        Some(token) => Some(
            SetOfVec::try_from(vec![attribute(SIGNATURE_TIMESTAMP, Any::from_der(token).map_err(err)?)?])
                .map_err(err)?,
        ),
        None => None,
    };
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256_id(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: algorithm_id(algorithm)?,
        signature: OctetString::new(signature.to_vec()).map_err(err)?,
        unsigned_attrs,
    };
    let mut certs = Vec::new();
    for c in chain {
        certs.push(cms::cert::CertificateChoices::Certificate(
            Certificate::from_der(c).map_err(|e| format!("a certificate of the chain does not parse: {e}"))?,
        ));
    }
    let sd = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256_id()]).map_err(err)?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None },
        certificates: Some(CertificateSet::try_from(certs).map_err(err)?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![info]).map_err(err)?,
    };
    let ci = ContentInfo { content_type: ID_SIGNED_DATA, content: Any::encode_from(&sd).map_err(err)? };
    ci.to_der().map_err(err)
}

/// The signature value inside a CMS built by [`assemble`] (what a B-T timestamp is taken over).
pub fn signature_value(cms: &[u8]) -> Result<Vec<u8>, String> {
    let sd = signed_data(cms)?;
    let info = sd.signer_infos.0.iter().next().ok_or("the CMS has no signer")?;
    Ok(info.signature.as_bytes().to_vec())
}

/// The `SignedData` of a DER `ContentInfo`.
pub(crate) fn signed_data(cms: &[u8]) -> Result<SignedData, String> {
    // The hole is zero-padded after the DER: read the first element only.
    let ci = ContentInfo::from_der(der_prefix(cms)?).map_err(|e| format!("the CMS does not parse: {e}"))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err("the CMS is not SignedData".into());
    }
    ci.content.decode_as::<SignedData>().map_err(|e| format!("the SignedData does not parse: {e}"))
}

/// The first DER element of `bytes` (a signature's hole holds the CMS, then zeros).
pub(crate) fn der_prefix(bytes: &[u8]) -> Result<&[u8], String> {
    let mut r = der::SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let header = der::Header::decode(&mut r).map_err(|e| format!("the CMS does not parse: {e}"))?;
    let len = usize::try_from(header.length).map_err(|e| e.to_string())?;
    let head = usize::try_from(header.encoded_len().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    bytes.get(..head + len).ok_or_else(|| "the CMS is cut short".to_string())
}
