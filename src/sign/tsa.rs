//! RFC 3161 timestamps: a signature timestamp for PAdES B-T, asked of a configured timestamp
//! service over the host's one network seam, and the token read back when verifying.

use der::asn1::{Int, OctetString};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion};

use super::cms::{SHA256, signed_data};

/// How long a timestamp service may take to answer.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A timestamp token (DER `ContentInfo`) over `data` from the service at `url`.
pub fn timestamp(url: &str, data: &[u8]) -> Result<Vec<u8>, String> {
    let digest = Sha256::digest(data);
    let mut nonce = [0u8; 8];
    rand_core::RngCore::fill_bytes(&mut crate::host::rng(), &mut nonce);
    nonce[0] &= 0x7f;
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: spki::AlgorithmIdentifier { oid: SHA256, parameters: None },
            hashed_message: OctetString::new(digest.to_vec()).map_err(|e| e.to_string())?,
        },
        req_policy: None,
        nonce: Some(Int::new(&nonce).map_err(|e| e.to_string())?),
        cert_req: true,
        extensions: None,
    };
    let body = req.to_der().map_err(|e| e.to_string())?;
    let (status, answer) = crate::host::http(url, Some(("application/timestamp-query", &body)), &[], TIMEOUT)?;
    if status != 200 {
        return Err(format!("the timestamp service answered HTTP {status}"));
    }
    let resp =
        TimeStampResp::from_der(&answer).map_err(|e| format!("the timestamp service's answer does not parse: {e}"))?;
    let granted = matches!(resp.status.status, cmpv2_status::GRANTED | cmpv2_status::GRANTED_WITH_MODS);
    let token = resp.time_stamp_token.filter(|_| granted).ok_or("the timestamp service refused the request")?;
    let der = token.to_der().map_err(|e| e.to_string())?;
    let info = token_info(&der)?;
    if info.imprint != digest.as_slice() {
        return Err("the timestamp is over other data than asked".into());
    }
    Ok(der)
}

mod cmpv2_status {
    use cmpv2::status::PkiStatus;
    pub const GRANTED: PkiStatus = PkiStatus::Accepted;
    pub const GRANTED_WITH_MODS: PkiStatus = PkiStatus::GrantedWithMods;
}

/// What a timestamp says: the hash it is over and when.
#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    /// The SHA-256 it stamps (its message imprint).
    pub imprint: Vec<u8>,
    /// Its time, seconds since 1970.
    pub time: i64,
}

/// The `TSTInfo` inside a timestamp token (DER `ContentInfo`), read field by field: services
/// give `genTime` with fractions of a second (RFC 3161 allows it), which `der`'s
/// `GeneralizedTime` refuses.
pub(crate) fn token_info(token: &[u8]) -> Result<TokenInfo, String> {
    use der::Reader;
    let sd = signed_data(token)?;
    let content = sd.encap_content_info.econtent.ok_or("the timestamp token has no content")?;
    let octets = content.decode_as::<OctetString>().map_err(|e| e.to_string())?;
    let bad = |e: der::Error| format!("the timestamp's TSTInfo does not parse: {e}");
    let mut r = der::SliceReader::new(octets.as_bytes()).map_err(bad)?;
    let (imprint, time) = r
        .sequence(|r| {
            let _version: Int = r.decode()?;
            let _policy: der::asn1::ObjectIdentifier = r.decode()?;
            let imprint: MessageImprint = r.decode()?;
            let _serial: Int = r.decode()?;
            let time: Any = r.decode()?;
            while !r.is_finished() {
                let _: Any = r.decode()?;
            }
            Ok((imprint, time))
        })
        .map_err(bad)?;
    let text = std::str::from_utf8(time.value()).map_err(|e| e.to_string())?;
    let whole = text.trim_end_matches('Z').split('.').next().unwrap_or_default();
    let t = chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S")
        .map_err(|e| format!("the timestamp's time {text} does not parse: {e}"))?;
    Ok(TokenInfo { imprint: imprint.hashed_message.as_bytes().to_vec(), time: t.and_utc().timestamp() })
}

/// The timestamp token (DER) in a signer's unsigned attributes, if any.
pub(crate) fn token_of(unsigned: Option<&x509_cert::attr::Attributes>) -> Option<Vec<u8>> {
    let attr = unsigned?.iter().find(|a| a.oid == super::cms::SIGNATURE_TIMESTAMP)?;
    let v: &Any = attr.values.iter().next()?;
    v.to_der().ok()
}
