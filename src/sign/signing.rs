//! A signing run, in three steps that hold nothing in memory across a phone's wait:
//! [`begin`] checks the signer's certificate (valid now, not revoked) and prepares every
//! document's update, giving a [`Pending`] that serialises to JSON; the signer signs
//! [`Pending::digests`] (at once for a key file or token, after the user confirms for a remote
//! service); [`complete`] adds the timestamps (B-T), assembles each CMS into its hole and, for
//! B-LT, appends the validation data (certificates, OCSP answers, CRLs) as one more update.

use der::{Decode, Encode};
use lopdf::{Dictionary, Object, Stream};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::cms::{self, Algorithm};
use super::pades::{self, Prepared, Request};
use super::revision::Revision;
use super::revocation::{self, Evidence, Status};
use super::signer::Signer;
use crate::messages::Text;
use crate::t;

/// PAdES baseline levels (which one Vietnamese rules ask for is not known: `signing.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    /// B-B: the signature alone.
    BB,
    /// B-T: with an RFC 3161 timestamp over the signature.
    BT,
    /// B-LT: B-T, then the certificates, OCSP answers and CRLs in the file's DSS.
    BLT,
}

impl Level {
    /// The level's name as PAdES writes it.
    pub fn name(self) -> &'static str {
        match self {
            Level::BB => "B-B",
            Level::BT => "B-T",
            Level::BLT => "B-LT",
        }
    }
}

/// How a run signs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Options {
    /// The level.
    pub level: Level,
    /// The timestamp service's URL (needed for B-T and B-LT).
    pub tsa: Option<String>,
    /// Certificates (DER) to find the signer's issuers among, beside the signer's own chain.
    #[serde(default)]
    pub extra_certs: Vec<String>,
    /// Do not ask OCSP or CRLs whether the signer's certificate was revoked (said so, and
    /// refused for B-LT).
    pub offline: bool,
}

/// One document to sign: a label (its file name, shown on the phone), its bytes, the request.
#[derive(Debug, Clone)]
pub struct Job {
    /// The document's file name.
    pub label: String,
    /// The PDF as it is now.
    pub pdf: Vec<u8>,
    /// What the signature fills and draws.
    pub request: Request,
}

/// A document prepared and waiting for its signature value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item {
    /// The document's file name.
    pub label: String,
    /// The field the signature fills.
    #[serde(default)]
    pub field: String,
    /// The file with its hole.
    pub prepared: Prepared,
    /// The CMS signed attributes (DER, base64 in JSON) the signature is over.
    pub attrs: String,
}

/// A run between [`begin`] and [`complete`]: everything needed to finish it, as data (a remote
/// signer's ticket beside it), so a restart resumes where it stopped.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// The documents.
    pub items: Vec<Item>,
    /// The signer's chain, DER in base64, signer first.
    pub chain: Vec<String>,
    /// How the signer signs.
    pub algorithm: Algorithm,
    /// How the run signs.
    pub options: Options,
    /// What the signer's certificate's revocation check found (`good`, `not checked: …`).
    pub revocation: String,
    /// A remote signer's ticket, once the signing was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<serde_json::Value>,
}

use crate::pdf::base64 as b64;

fn unb64(s: &str) -> Vec<u8> {
    crate::pdf::from_base64(s).unwrap_or_default()
}

impl Pending {
    /// The SHA-256 of each document's signed attributes, what the signer signs.
    pub fn digests(&self) -> Vec<Vec<u8>> {
        self.items.iter().map(|i| Sha256::digest(unb64(&i.attrs)).to_vec()).collect()
    }
    /// The documents' labels, in order.
    pub fn labels(&self) -> Vec<String> {
        self.items.iter().map(|i| i.label.clone()).collect()
    }
    fn chain_der(&self) -> Vec<Vec<u8>> {
        self.chain.iter().map(|c| unb64(c)).collect()
    }
}

/// The signing time now, Vietnam's time (UTC+7), as hoso prints and the PDF records it.
pub fn now_vn() -> chrono::DateTime<chrono::FixedOffset> {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    crate::host::wall_clock().with_timezone(&vn)
}

/// Bytes to reserve for a CMS with `chain` at `level`.
fn reserve(chain: &[Vec<u8>], level: Level) -> usize {
    let certs: usize = chain.iter().map(Vec::len).sum();
    4096 + certs + if level == Level::BB { 0 } else { 12288 }
}

/// Check the signer's certificate and prepare every job.
pub fn begin(jobs: Vec<Job>, chain: Vec<Vec<u8>>, algorithm: Algorithm, options: Options) -> Result<Pending, Text> {
    // The chain the CMS carries: the signer's own, completed with its issuers among the extra
    // certificates (a token often holds only the signer's), so a verifier can build the path.
    let extra: Vec<Vec<u8>> = options.extra_certs.iter().map(|c| unb64(c)).filter(|c| !chain.contains(c)).collect();
    let leaf = chain.first().cloned();
    let chain = super::signer::order_chain([chain, extra].concat(), leaf.as_deref());
    let leaf_der = chain.first().ok_or_else(|| t!("sign.key-without-certificate"))?.clone();
    let leaf_der = &leaf_der;
    let leaf = Certificate::from_der(leaf_der).map_err(|e| t!("sign.cert-unreadable", error = e.to_string()))?;
    if options.level != Level::BB && options.tsa.is_none() {
        return Err(t!("sign.no-tsa", level = options.level.name()));
    }
    if options.level == Level::BLT && options.offline {
        return Err(t!("sign.blt-offline"));
    }
    let now = crate::host::wall_clock().timestamp();
    let (from, to) = super::chain::validity(&leaf);
    let name = super::chain::common_name(&leaf);
    if now > to {
        return Err(t!("sign.cert-expired", name = name, date = fmt_date(to)));
    }
    if now < from {
        return Err(t!("sign.cert-not-yet", name = name, date = fmt_date(from)));
    }
    if !super::chain::may_sign(&leaf) {
        return Err(t!("sign.cert-usage", name = name));
    }
    let revocation = if options.offline {
        "not checked (offline)".to_string()
    } else {
        let pool: Vec<Certificate> = chain
            .iter()
            .skip(1)
            .cloned()
            .chain(options.extra_certs.iter().map(|c| unb64(c)))
            .filter_map(|c| Certificate::from_der(&c).ok())
            .collect();
        let issuer = pool
            .iter()
            .find(|c| super::chain::issued_by(&leaf, c))
            .ok_or_else(|| t!("sign.no-issuer", name = name.clone()))?;
        match revocation::status(&leaf, issuer, &Evidence::default(), true, &mut Evidence::default()) {
            Status::Revoked { at } => return Err(t!("sign.cert-revoked", name = name, date = fmt_date(at))),
            Status::Good { .. } => "good".to_string(),
            Status::Unknown(why) => return Err(t!("sign.revocation-unknown", name = name, why = why)),
        }
    };
    let reserve = reserve(&chain, options.level);
    let mut items = Vec::new();
    for mut job in jobs {
        job.request.reserve = reserve;
        let prepared = pades::prepare(&job.pdf, &job.request)
            .map_err(|e| t!("sign.pdf-failed", file = job.label.clone(), error = e))?;
        let attrs = cms::signed_attributes(&prepared.digest, leaf_der)
            .map_err(|e| t!("sign.pdf-failed", file = job.label.clone(), error = e))?;
        let field = match &job.request.target {
            pades::Target::Field(name) | pades::Target::NewField { name, .. } => name.clone(),
        };
        items.push(Item { label: job.label, field, prepared, attrs: b64(&attrs) });
    }
    Ok(Pending { items, chain: chain.iter().map(|c| b64(c)).collect(), algorithm, options, revocation, ticket: None })
}

fn fmt_date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

/// Finish the run with the signer's `signatures` (one per item, in order): each signed file.
pub fn complete(pending: Pending, signatures: Vec<Vec<u8>>) -> Result<Vec<(String, Vec<u8>)>, Text> {
    if signatures.len() != pending.items.len() {
        return Err(t!("sign.signature-count", want = pending.items.len(), got = signatures.len()));
    }
    let chain = pending.chain_der();
    let leaf = &chain[0];
    let mut out = Vec::new();
    for (item, sig) in pending.items.iter().zip(signatures) {
        let attrs = unb64(&item.attrs);
        // Refuse a signature that does not verify (a remote service's answer for another hash).
        let cert = Certificate::from_der(leaf).map_err(|e| t!("sign.cert-unreadable", error = e.to_string()))?;
        let alg = cms::algorithm_id(pending.algorithm)
            .map_err(|e| t!("sign.pdf-failed", file = item.label.clone(), error = e))?;
        super::chain::verify_signed(&cert.tbs_certificate.subject_public_key_info, &alg, None, &attrs, &sig)
            .map_err(|e| t!("sign.signature-bad", file = item.label.clone(), error = e))?;
        let token = match (&pending.options.tsa, pending.options.level) {
            (Some(url), Level::BT | Level::BLT) => Some(
                super::tsa::timestamp(url, &sig).map_err(|e| t!("sign.tsa-failed", url = url.clone(), error = e))?,
            ),
            _ => None,
        };
        let der = cms::assemble(&attrs, &sig, pending.algorithm, &chain, token.as_deref())
            .map_err(|e| t!("sign.pdf-failed", file = item.label.clone(), error = e))?;
        let mut bytes = pades::finish(item.prepared.clone(), &der)
            .map_err(|e| t!("sign.pdf-failed", file = item.label.clone(), error = e))?;
        if pending.options.level == Level::BLT {
            bytes = add_validation_data(&bytes, &chain, token.as_deref(), &pending.options)
                .map_err(|e| t!("sign.ltv-failed", file = item.label.clone(), error = e))?;
        }
        out.push((item.label.clone(), bytes));
    }
    Ok(out)
}

/// Sign `jobs` with a signer that signs at once (a key file, a token).
pub fn sign_now(jobs: Vec<Job>, signer: &mut dyn Signer, options: Options) -> Result<Vec<(String, Vec<u8>)>, Text> {
    let pending = begin(jobs, signer.chain().to_vec(), signer.algorithm(), options)?;
    let sigs = signer.sign(&pending.digests(), &pending.labels())?;
    complete(pending, sigs)
}

/// Every certificate of `token` (a timestamp token's SignedData).
fn token_certs(token: &[u8]) -> Vec<Vec<u8>> {
    cms::signed_data(token)
        .ok()
        .and_then(|sd| sd.certificates)
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    ::cms::cert::CertificateChoices::Certificate(c) => c.to_der().ok(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The B-LT update: the certificates of the signer's and the timestamp's paths, and an OCSP
/// answer or CRL for each certificate that has an issuer among them, in the catalog's `/DSS`.
pub(crate) fn add_validation_data(
    pdf: &[u8],
    chain: &[Vec<u8>],
    token: Option<&[u8]>,
    options: &Options,
) -> Result<Vec<u8>, String> {
    let mut certs: Vec<Vec<u8>> = chain.to_vec();
    if let Some(t) = token {
        for c in token_certs(t) {
            if !certs.contains(&c) {
                certs.push(c);
            }
        }
    }
    for c in options.extra_certs.iter().map(|c| unb64(c)) {
        if !certs.contains(&c) {
            certs.push(c);
        }
    }
    let parsed: Vec<Certificate> = certs.iter().filter_map(|c| Certificate::from_der(c).ok()).collect();
    let mut fetched = Evidence::default();
    for c in &parsed {
        if c.tbs_certificate.issuer == c.tbs_certificate.subject {
            continue;
        }
        if let Some(issuer) = parsed.iter().find(|i| super::chain::issued_by(c, i))
            && let Status::Unknown(why) = revocation::status(c, issuer, &Evidence::default(), true, &mut fetched)
        {
            return Err(format!("no revocation data for {}: {why}", super::chain::common_name(c)));
        }
    }
    let mut rev = Revision::new(pdf)?;
    let root = rev.root()?;
    let stream_refs = |rev: &mut Revision, items: &[Vec<u8>]| -> Result<Vec<Object>, String> {
        items
            .iter()
            .map(|b| {
                let mut s = Stream::new(Dictionary::new(), b.clone());
                s.compress().map_err(|e| e.to_string())?;
                rev.add(&Object::Stream(s)).map(Object::Reference)
            })
            .collect()
    };
    let mut dss = Dictionary::new();
    dss.set("Certs", stream_refs(&mut rev, &certs)?);
    if !fetched.ocsps.is_empty() {
        dss.set("OCSPs", stream_refs(&mut rev, &fetched.ocsps)?);
    }
    if !fetched.crls.is_empty() {
        dss.set("CRLs", stream_refs(&mut rev, &fetched.crls)?);
    }
    let dss_id = rev.add(&Object::Dictionary(dss))?;
    let mut cat = rev.doc.get_dictionary(root).map_err(|e| e.to_string())?.clone();
    cat.set("DSS", Object::Reference(dss_id));
    // The DSS is an extension of PDF 1.7 (ETSI's ESIC, level 5), as Adobe and pyHanko declare it.
    let mut ext = match cat.get(b"Extensions") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    ext.set(
        "ESIC",
        Dictionary::from_iter([("BaseVersion", Object::Name(b"1.7".to_vec())), ("ExtensionLevel", Object::Integer(5))]),
    );
    cat.set("Extensions", ext);
    rev.put(root, &Object::Dictionary(cat))?;
    rev.write()
}
