//! Checking what was received (`hoso verify`): for every signature of a PDF, who signed and
//! when, whether the signed bytes are intact and are the whole of their revision but the hole,
//! the path to an anchor of the trust store (none is built in), revocation, the timestamp, and
//! any change made after signing beyond what a later signature adds; for a rendered dossier
//! folder also whether each file is the one its manifest lists and which fields are still
//! empty. What is checked follows `../shared/spec/signing.md` §5.
//!
//! A signature is **valid** only when everything holds; **invalid** when its bytes, its value,
//! its revision or the changes after it are wrong, or its certificate was revoked before it was
//! made; **indeterminate** when nothing is wrong but something could not be shown (no path to
//! a trusted root, revocation not checked, a certificate outside its validity without a
//! timestamp to say when it signed) — never "valid" by default.

use std::collections::BTreeSet;
use std::path::Path;

use der::{Decode, Encode};
use lopdf::{Document, Object, ObjectId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::messages::{Lang, Text};
use crate::sign::chain::{common_name, path, verify_signed};
use crate::sign::cms::signed_data;
use crate::sign::revocation::{self, Evidence, Status};
use crate::t;

/// What a verifier trusts and may do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Trust anchors, DER (the Vietnam National Root CA, the Government's root, or a test root).
    pub trust: Vec<Vec<u8>>,
    /// Do not ask OCSP responders or CRLs (revocation not carried in the file is "not checked").
    pub offline: bool,
}

/// The verdict on a signature, a file or a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Everything holds.
    Valid,
    /// Nothing is wrong, but fields are still unsigned (a folder or file).
    Incomplete,
    /// Nothing is wrong, but something could not be shown (trust, revocation, time).
    Indeterminate,
    /// Something is wrong.
    Invalid,
}

/// One signature, checked.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// The field it fills.
    pub field: String,
    /// The signer's name, from the certificate.
    pub signer: String,
    /// The signing time the signer claims (`/M`), as written.
    pub claimed_time: Option<String>,
    /// The timestamp's time (RFC 3339), when it has a valid one.
    pub timestamp: Option<String>,
    /// PAdES level it reaches: B-B, B-T, B-LT.
    pub level: String,
    /// The hash and the signature value both check out over the signed bytes.
    pub intact: bool,
    /// The signed bytes are all of their revision but the hole.
    pub covers_revision: bool,
    /// Revisions added after this one.
    pub later_revisions: usize,
    /// The names on the path to the anchor, signer first.
    pub chain: Vec<String>,
    /// The path ends at an anchor of the trust store.
    pub trusted: bool,
    /// `good (online)`, `good (in the file)`, `revoked DATE`, or `not checked: WHY`.
    pub revocation: String,
    /// What changed after signing that a later signature does not explain.
    pub changes_after: Vec<String>,
    /// Every problem, in English (the verdict's reasons).
    pub problems: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
}

/// One file, checked.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// Its name.
    pub file: String,
    /// Each signature, in the order they were made.
    pub signatures: Vec<SignatureReport>,
    /// Signature fields still empty.
    pub empty_fields: Vec<String>,
    /// For a file of a dossier folder: whether its unsigned revision is the one the manifest
    /// lists (by SHA-256); `None` outside a folder.
    pub matches_manifest: Option<bool>,
    /// Problems with the file itself (not a PDF, not in the manifest).
    pub problems: Vec<String>,
    /// The verdict: the worst of its signatures', incomplete when fields are empty.
    pub verdict: Verdict,
}

/// A folder, checked.
#[derive(Debug, Clone, Serialize)]
pub struct FolderReport {
    /// Each PDF of the folder.
    pub files: Vec<FileReport>,
    /// The worst verdict.
    pub verdict: Verdict,
}

fn find(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

fn date_of(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.to_rfc3339()).unwrap_or_default()
}

struct CmsCheck {
    signer: Option<Certificate>,
    certs: Vec<Certificate>,
    signature: Vec<u8>,
    token: Option<Vec<u8>>,
    problems: Vec<String>,
}

/// Check a CMS `SignedData` over content whose digest is `digest` (SHA-256 of the byte range,
/// or of a timestamp's TSTInfo).
fn check_cms(cms: &[u8], digest: Option<&[u8]>) -> CmsCheck {
    let mut out =
        CmsCheck { signer: None, certs: Vec::new(), signature: Vec::new(), token: None, problems: Vec::new() };
    let sd = match signed_data(cms) {
        Ok(sd) => sd,
        Err(e) => {
            out.problems.push(e);
            return out;
        }
    };
    out.certs = sd
        .certificates
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let Some(info) = sd.signer_infos.0.iter().next() else {
        out.problems.push("the CMS has no signer".into());
        return out;
    };
    out.signature = info.signature.as_bytes().to_vec();
    out.token = crate::sign::tsa::token_of(info.unsigned_attrs.as_ref());
    let signer = out.certs.iter().find(|c| match &info.sid {
        cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(i) => {
            c.tbs_certificate.issuer == i.issuer && c.tbs_certificate.serial_number == i.serial_number
        }
        cms::signed_data::SignerIdentifier::SubjectKeyIdentifier(_) => true,
    });
    let Some(signer) = signer.cloned() else {
        out.problems.push("the signer's certificate is not in the CMS".into());
        return out;
    };
    let Some(attrs) = &info.signed_attrs else {
        out.problems.push("the CMS has no signed attributes".into());
        return out;
    };
    let attr = |oid| attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next().cloned());
    let md = attr(const_oid::db::rfc5911::ID_MESSAGE_DIGEST).and_then(|v| v.decode_as::<der::asn1::OctetString>().ok());
    let content = match (digest, &sd.encap_content_info.econtent) {
        (Some(d), _) => Some(d.to_vec()),
        (None, Some(e)) => e.decode_as::<der::asn1::OctetString>().ok().map(|o| Sha256::digest(o.as_bytes()).to_vec()),
        (None, None) => None,
    };
    if md.as_ref().map(|m| m.as_bytes().to_vec()) != content {
        out.problems.push("the message digest does not match the signed bytes".into());
    }
    if attr(crate::sign::cms::SIGNING_CERTIFICATE_V2).is_none() && digest.is_some() {
        out.problems.push("no ESS signing-certificate-v2 attribute (PAdES requires one)".into());
    }
    match attrs.to_der() {
        Ok(der) => {
            if let Err(e) = verify_signed(
                &signer.tbs_certificate.subject_public_key_info,
                &info.signature_algorithm,
                Some(&info.digest_alg.oid),
                &der,
                &out.signature,
            ) {
                out.problems.push(e);
            }
        }
        Err(e) => out.problems.push(e.to_string()),
    }
    out.signer = Some(signer);
    out
}

/// The DSS's certificates, OCSP answers and CRLs (B-LT), if the file has one.
fn dss(doc: &Document) -> (Vec<Certificate>, Evidence) {
    let mut certs = Vec::new();
    let mut ev = Evidence::default();
    let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else { return (certs, ev) };
    let Ok(cat) = doc.get_dictionary(root) else { return (certs, ev) };
    let d = match cat.get(b"DSS") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let Some(d) = d else { return (certs, ev) };
    let streams = |key: &[u8]| -> Vec<Vec<u8>> {
        let arr = match d.get(key) {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_array).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        arr.iter()
            .filter_map(|o| o.as_reference().ok())
            .filter_map(|id| doc.get_object(id).ok()?.as_stream().ok()?.decompressed_content().ok())
            .collect()
    };
    certs.extend(streams(b"Certs").iter().filter_map(|c| Certificate::from_der(c).ok()));
    ev.ocsps = streams(b"OCSPs");
    ev.crls = streams(b"CRLs");
    (certs, ev)
}

/// An object with every reference resolved (to `depth`), skipping back-links, as bytes: what
/// two revisions are compared by.
fn fingerprint(doc: &Document, o: &Object, depth: usize, out: &mut Vec<u8>) {
    if depth == 0 {
        out.extend(b"...");
        return;
    }
    match o {
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(t) => fingerprint(doc, t, depth - 1, out),
            Err(_) => out.extend(b"null"),
        },
        Object::Array(a) => {
            out.push(b'[');
            for x in a {
                fingerprint(doc, x, depth, out);
                out.push(b' ');
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend(b"<<");
            for (k, v) in d.iter() {
                if matches!(k.as_slice(), b"Parent" | b"P" | b"Annots" | b"StructParent" | b"StructParents") {
                    continue;
                }
                out.extend(k);
                out.push(b' ');
                fingerprint(doc, v, depth, out);
            }
            out.extend(b">>");
        }
        Object::Stream(s) => {
            fingerprint(doc, &Object::Dictionary(s.dict.clone()), depth, out);
            out.extend(Sha256::digest(&s.content));
        }
        other => {
            let _ = lopdf::Writer::write_object(out, other);
        }
    }
}

/// What changed from revision `old` to `new` beyond filling signature fields, adding new ones
/// and adding validation data (in English).
fn changes(old: &Document, new: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let (po, pn) = (old.get_pages(), new.get_pages());
    if po.len() != pn.len() {
        out.push(format!("the page count changed from {} to {}", po.len(), pn.len()));
        return out;
    }
    for ((n, a), (_, b)) in po.iter().zip(pn.iter()) {
        let (mut fa, mut fb) = (Vec::new(), Vec::new());
        fingerprint(old, &Object::Reference(*a), 12, &mut fa);
        fingerprint(new, &Object::Reference(*b), 12, &mut fb);
        if fa != fb {
            out.push(format!("page {n} changed"));
        }
        let annots = |doc: &Document, id: ObjectId| -> Vec<ObjectId> {
            match doc.get_dictionary(id).ok().and_then(|p| p.get(b"Annots").ok()) {
                Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
                Some(Object::Reference(r)) => doc
                    .get_object(*r)
                    .and_then(Object::as_array)
                    .map(|a| a.iter().filter_map(|o| o.as_reference().ok()).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            }
        };
        let (aa, ab) = (annots(old, *a), annots(new, *b));
        for id in &aa {
            if !ab.contains(id) {
                out.push(format!("an annotation of page {n} was removed"));
            }
        }
        for id in &ab {
            let is_sig =
                new.get_dictionary(*id).is_ok_and(|d| d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig"));
            if aa.contains(id) {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                let strip = |doc: &Document, id: ObjectId, out: &mut Vec<u8>| {
                    if let Ok(mut d) = doc.get_dictionary(id).cloned() {
                        d.remove(b"V");
                        d.remove(b"AP");
                        fingerprint(doc, &Object::Dictionary(d), 6, out);
                    }
                };
                strip(old, *id, &mut x);
                strip(new, *id, &mut y);
                let was_empty = old.get_dictionary(*id).is_ok_and(|d| d.get(b"V").is_err());
                let same_value = old.get_dictionary(*id).ok().and_then(|d| d.get(b"V").ok().cloned())
                    == new.get_dictionary(*id).ok().and_then(|d| d.get(b"V").ok().cloned());
                let same_ap = {
                    let (mut p, mut q) = (Vec::new(), Vec::new());
                    if let Ok(d) = old.get_dictionary(*id) {
                        fingerprint(old, d.get(b"AP").unwrap_or(&Object::Null), 6, &mut p);
                    }
                    if let Ok(d) = new.get_dictionary(*id) {
                        fingerprint(new, d.get(b"AP").unwrap_or(&Object::Null), 6, &mut q);
                    }
                    p == q
                };
                if x != y || !(same_value && same_ap || is_sig && was_empty) {
                    out.push(format!("an annotation of page {n} was changed"));
                }
            } else if !is_sig {
                out.push(format!("an annotation was added to page {n}"));
            }
        }
    }
    // The catalog: only the form, the DSS and its extension may change.
    let cat = |doc: &Document| {
        doc.trailer.get(b"Root").and_then(Object::as_reference).ok().and_then(|r| doc.get_dictionary(r).ok().cloned())
    };
    if let (Some(mut a), Some(mut b)) = (cat(old), cat(new)) {
        for k in [&b"AcroForm"[..], b"DSS", b"Extensions", b"Pages"] {
            a.remove(k);
            b.remove(k);
        }
        let (mut x, mut y) = (Vec::new(), Vec::new());
        fingerprint(old, &Object::Dictionary(a), 8, &mut x);
        fingerprint(new, &Object::Dictionary(b), 8, &mut y);
        if x != y {
            out.push("the document's catalog (outline, metadata, …) changed".into());
        }
    }
    out
}

/// Check every signature of the PDF `bytes` named `file`.
pub fn verify_pdf(file: &str, bytes: &[u8], options: &Options) -> FileReport {
    let mut report = FileReport {
        file: file.into(),
        signatures: Vec::new(),
        empty_fields: Vec::new(),
        matches_manifest: None,
        problems: Vec::new(),
        verdict: Verdict::Valid,
    };
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            report.problems.push(format!("not a readable PDF: {e}"));
            report.verdict = Verdict::Invalid;
            return report;
        }
    };
    let anchors: Vec<Certificate> = options.trust.iter().filter_map(|c| Certificate::from_der(c).ok()).collect();
    let (dss_certs, carried) = dss(&doc);
    let eofs: Vec<usize> = find(bytes, b"%%EOF").into_iter().map(|i| i + 5).collect();
    let mut sigs = Vec::new();
    for (name, _, field) in crate::sign::pades::signature_fields(&doc) {
        let Ok(v) = field.get(b"V") else {
            report.empty_fields.push(name);
            continue;
        };
        let sig = match v {
            Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            Object::Dictionary(d) => Some(d.clone()),
            _ => None,
        };
        sigs.push((name, sig));
    }
    let now = crate::host::wall_clock().timestamp();
    for (name, sig) in sigs {
        let mut r = SignatureReport {
            field: name,
            signer: String::new(),
            claimed_time: None,
            timestamp: None,
            level: "B-B".into(),
            intact: false,
            covers_revision: false,
            later_revisions: 0,
            chain: Vec::new(),
            trusted: false,
            revocation: String::new(),
            changes_after: Vec::new(),
            problems: Vec::new(),
            verdict: Verdict::Invalid,
        };
        let Some(sig) = sig else {
            r.problems.push("the field's value is not a signature dictionary".into());
            report.signatures.push(r);
            continue;
        };
        r.claimed_time = match sig.get(b"M") {
            Ok(Object::String(s, _)) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        };
        let range: Vec<i64> = sig
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_i64().ok()).collect())
            .unwrap_or_default();
        let contents = match sig.get(b"Contents") {
            Ok(Object::String(s, _)) => s.clone(),
            _ => Vec::new(),
        };
        let [0, a, b, c] = range[..] else {
            r.problems.push("the /ByteRange is not [0 a b c]".into());
            report.signatures.push(r);
            continue;
        };
        let (a, b, c) = (a as usize, b as usize, c as usize);
        let end = b.saturating_add(c);
        if a >= b || end > bytes.len() || bytes.get(a) != Some(&b'<') || bytes.get(b - 1) != Some(&b'>') {
            r.problems.push("the /ByteRange does not leave out exactly the /Contents hole".into());
            report.signatures.push(r);
            continue;
        }
        // The range must end where a revision ends (%%EOF, then at most one end of line).
        let tail = &bytes[..end];
        let at_eof =
            eofs.iter().any(|e| *e <= end && end - *e <= 2 && tail[*e..].iter().all(|x| matches!(x, b'\r' | b'\n')));
        r.covers_revision = at_eof;
        if !at_eof {
            r.problems.push("the signed bytes do not end at the end of a revision".into());
        }
        r.later_revisions = eofs.iter().filter(|e| **e > end + 2).count();
        let mut h = Sha256::new();
        h.update(&bytes[..a]);
        h.update(&bytes[b..end]);
        let digest = h.finalize().to_vec();
        let cms = check_cms(&contents, Some(&digest));
        r.intact = cms.problems.is_empty() && cms.signer.is_some();
        r.problems.extend(cms.problems.iter().cloned());
        // The time it signed: a valid timestamp's, else now.
        let mut at = now;
        if let Some(token) = &cms.token {
            let info = crate::sign::tsa::token_info(token);
            let tc = check_cms(token, None);
            match info {
                Ok(info) if tc.problems.is_empty() && info.imprint == Sha256::digest(&cms.signature).as_slice() => {
                    let t = info.time;
                    let tsa_path = tc
                        .signer
                        .as_ref()
                        .map(|s| path(s, &[tc.certs.clone(), dss_certs.clone()].concat(), &anchors, t));
                    if tsa_path.as_ref().is_some_and(|p| p.trusted && p.problems.is_empty()) {
                        at = t;
                        r.timestamp = Some(date_of(t));
                        r.level = "B-T".into();
                    } else {
                        r.problems.push("the timestamp's authority is not trusted".into());
                    }
                }
                _ => r.problems.push("the timestamp does not verify or is over other data".into()),
            }
        }
        if let Some(signer) = &cms.signer {
            r.signer = common_name(signer);
            let pool = [cms.certs.clone(), dss_certs.clone()].concat();
            let p = path(signer, &pool, &anchors, at);
            r.chain = p.certs.iter().map(common_name).collect();
            r.trusted = p.trusted;
            if !p.trusted {
                r.problems.push("no path to a trusted root".into());
            }
            r.problems.extend(p.problems.iter().cloned());
            // Revocation of every certificate below the anchor.
            let mut statuses = Vec::new();
            for w in p.certs.windows(2) {
                let s = revocation::status(&w[0], &w[1], &carried, !options.offline, &mut Evidence::default());
                statuses.push((common_name(&w[0]), s));
            }
            let revoked = statuses.iter().find_map(|(n, s)| match s {
                Status::Revoked { at: when } => Some((n.clone(), *when)),
                _ => None,
            });
            let unknown = statuses.iter().find_map(|(n, s)| match s {
                Status::Unknown(why) => Some(format!("{n}: {why}")),
                _ => None,
            });
            r.revocation = match (&revoked, &unknown) {
                (Some((n, when)), _) => {
                    if *when <= at {
                        r.problems.push(format!("{n} was revoked on {} (before the signing time)", date_of(*when)));
                    }
                    format!("revoked {}", date_of(*when))
                }
                (None, Some(why)) => format!("not checked: {why}"),
                (None, None) if p.certs.len() < 2 => "not checked: no issuer".into(),
                (None, None) if statuses.iter().all(|(_, s)| matches!(s, Status::Good { online: false })) => {
                    "good (in the file)".into()
                }
                (None, None) => "good (online)".into(),
            };
            if (!carried.ocsps.is_empty() || !carried.crls.is_empty())
                && r.level == "B-T"
                && statuses.iter().all(|(_, s)| matches!(s, Status::Good { online: false }))
            {
                r.level = "B-LT".into();
            }
        }
        // Changes after this signature's revision.
        if r.later_revisions > 0 || end < bytes.len() {
            match Document::load_mem(&bytes[..end]) {
                Ok(old) => r.changes_after = changes(&old, &doc),
                Err(e) => r.changes_after.push(format!("the signed revision does not parse: {e}")),
            }
        }
        let broken = !r.intact
            || !r.covers_revision
            || !r.changes_after.is_empty()
            || r.problems
                .iter()
                .any(|p| p.contains("revoked") || p.contains("digest") || p.contains("does not verify"));
        r.verdict = if broken {
            Verdict::Invalid
        } else if !r.trusted || !r.problems.is_empty() || r.revocation.starts_with("not checked") {
            Verdict::Indeterminate
        } else {
            Verdict::Valid
        };
        report.signatures.push(r);
    }
    report.verdict = report.signatures.iter().map(|s| s.verdict).max().unwrap_or(Verdict::Valid);
    if report.verdict == Verdict::Valid && !report.empty_fields.is_empty() {
        report.verdict = Verdict::Incomplete;
    }
    report
}

/// Check every PDF a rendered dossier folder's manifest lists (the complete dossier aside,
/// which is never signed), and that each is the file the manifest lists.
pub fn verify_folder(dir: &Path, options: &Options) -> Result<FolderReport, Text> {
    let manifest =
        crate::manifest::Manifest::read(dir).ok_or_else(|| t!("sign.no-manifest", dir = dir.display().to_string()))?;
    let mut files = Vec::new();
    for doc in manifest.documents.iter().filter(|d| d.form.is_some()) {
        let bytes = match crate::host::read(&dir.join(&doc.file)) {
            Ok(b) => b,
            Err(e) => {
                files.push(FileReport {
                    file: doc.file.clone(),
                    signatures: Vec::new(),
                    empty_fields: Vec::new(),
                    matches_manifest: Some(false),
                    problems: vec![format!("cannot be read: {e}")],
                    verdict: Verdict::Invalid,
                });
                continue;
            }
        };
        let mut r = verify_pdf(&doc.file, &bytes, options);
        // The unsigned revision is a prefix ending at one of the file's %%EOF markers.
        let matches = find(&bytes, b"%%EOF").into_iter().any(|i| {
            let h: String = Sha256::digest(&bytes[..i + 5]).iter().map(|b| format!("{b:02x}")).collect();
            h == doc.sha256
        });
        r.matches_manifest = Some(matches);
        if !matches {
            r.problems.push("its unsigned revision is not the file the manifest lists".into());
            r.verdict = Verdict::Invalid;
        }
        files.push(r);
    }
    let verdict = files.iter().map(|f| f.verdict).max().unwrap_or(Verdict::Valid);
    Ok(FolderReport { files, verdict })
}

/// The exit code a verdict gives the command line: 0 valid, 1 invalid, 2 incomplete (fields
/// still empty), 3 indeterminate (trust or revocation not shown).
pub fn exit_code(v: Verdict) -> i32 {
    match v {
        Verdict::Valid => 0,
        Verdict::Invalid => 1,
        Verdict::Incomplete => 2,
        Verdict::Indeterminate => 3,
    }
}

/// A file's report as the clerk reads it, in `lang`.
pub fn describe(r: &FileReport, lang: Lang) -> String {
    let mut out = String::new();
    let verdict = |v: Verdict| match v {
        Verdict::Valid => t!("verify.valid"),
        Verdict::Invalid => t!("verify.invalid"),
        Verdict::Incomplete => t!("verify.incomplete"),
        Verdict::Indeterminate => t!("verify.indeterminate"),
    };
    out.push_str(&format!("{}: {}\n", r.file, verdict(r.verdict).render(lang)));
    for p in &r.problems {
        out.push_str(&format!("  ! {}\n", said(p).render(lang)));
    }
    if r.signatures.is_empty() && r.problems.is_empty() {
        out.push_str(&format!("  {}\n", t!("verify.no-signature").render(lang)));
    }
    for s in &r.signatures {
        let yes_no = |b: bool| if b { t!("verify.yes") } else { t!("verify.no") }.render(lang);
        out.push_str(&format!(
            "  {}\n",
            t!(
                "verify.signature",
                field = s.field.clone(),
                signer = s.signer.clone(),
                verdict = verdict(s.verdict).render(lang)
            )
            .render(lang)
        ));
        let time = s.timestamp.as_deref().map_or_else(
            || {
                t!("verify.claimed-time", time = s.claimed_time.as_deref().map(pdf_date_text).unwrap_or_default())
                    .render(lang)
            },
            |t| t!("verify.timestamped", time = vn_time(t)).render(lang),
        );
        out.push_str(&format!("    {time}\n"));
        out.push_str(&format!("    {} {}\n", t!("verify.intact").render(lang), yes_no(s.intact && s.covers_revision)));
        out.push_str(&format!(
            "    {} {} ({})\n",
            t!("verify.trusted").render(lang),
            yes_no(s.trusted),
            s.chain.join(" → ")
        ));
        out.push_str(&format!(
            "    {} {}\n",
            t!("verify.revocation").render(lang),
            revocation_text(&s.revocation).render(lang)
        ));
        out.push_str(&format!("    {} {}\n", t!("verify.level").render(lang), s.level));
        if s.changes_after.is_empty() {
            if s.later_revisions > 0 {
                out.push_str(&format!("    {}\n", t!("verify.later-signatures", n = s.later_revisions).render(lang)));
            }
        } else {
            let changes: Vec<String> = s.changes_after.iter().map(|c| said(c).render(lang)).collect();
            out.push_str(&format!("    {} {}\n", t!("verify.changed-after").render(lang), changes.join("; ")));
        }
        for p in &s.problems {
            out.push_str(&format!("    ! {}\n", said(p).render(lang)));
        }
    }
    if !r.empty_fields.is_empty() {
        out.push_str(&format!("  {} {}\n", t!("verify.empty-fields").render(lang), r.empty_fields.join(", ")));
    }
    if let Some(m) = r.matches_manifest {
        out.push_str(&format!(
            "  {} {}\n",
            t!("verify.manifest").render(lang),
            if m { t!("verify.yes") } else { t!("verify.no") }.render(lang)
        ));
    }
    out
}

/// A PDF date (`D:20261202225411+07'00'`) as a clerk reads it: `02/12/2026 22:54:11 +07:00`.
fn pdf_date_text(d: &str) -> String {
    let d = d.trim_start_matches("D:");
    let (main, zone) = d.split_at(d.len().min(14));
    match chrono::NaiveDateTime::parse_from_str(main, "%Y%m%d%H%M%S") {
        Ok(t) => {
            let zone = zone.replace('\'', "");
            let zone = if zone.len() == 5 { format!("{}:{}", &zone[..3], &zone[3..]) } else { zone };
            format!("{} {zone}", t.format("%d/%m/%Y %H:%M:%S")).trim_end().to_string()
        }
        Err(_) => d.to_string(),
    }
}

/// An RFC 3339 time in Vietnam's time (UTC+7), as a clerk reads it.
fn vn_time(t: &str) -> String {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    chrono::DateTime::parse_from_rfc3339(t)
        .map_or_else(|_| t.to_string(), |t| t.with_timezone(&vn).format("%d/%m/%Y %H:%M:%S +07:00").to_string())
}

/// A finding (kept in English in the report's JSON, for programs) as a clerk reads it: the
/// known ones from the catalogue, anything else (a parser's own words) as it is.
fn said(p: &str) -> Text {
    let fixed = [
        ("the field's value is not a signature dictionary", t!("verify.p.not-a-signature")),
        ("the /ByteRange is not [0 a b c]", t!("verify.p.byte-range")),
        ("the /ByteRange does not leave out exactly the /Contents hole", t!("verify.p.byte-range")),
        ("the signed bytes do not end at the end of a revision", t!("verify.p.not-a-revision")),
        ("the CMS has no signer", t!("verify.p.cms")),
        ("the signer's certificate is not in the CMS", t!("verify.p.no-certificate")),
        ("the CMS has no signed attributes", t!("verify.p.cms")),
        ("the message digest does not match the signed bytes", t!("verify.p.digest")),
        ("no ESS signing-certificate-v2 attribute (PAdES requires one)", t!("verify.p.no-ess")),
        ("the timestamp's authority is not trusted", t!("verify.p.tsa-untrusted")),
        ("the timestamp does not verify or is over other data", t!("verify.p.timestamp-bad")),
        ("no path to a trusted root", t!("verify.p.untrusted")),
        ("the document's catalog (outline, metadata, …) changed", t!("verify.p.catalog-changed")),
        ("its unsigned revision is not the file the manifest lists", t!("verify.p.not-the-manifests")),
    ];
    if let Some((_, text)) = fixed.iter().find(|(en, _)| *en == p) {
        return text.clone();
    }
    if p.starts_with("the signature does not verify") {
        return t!("verify.p.value-bad");
    }
    if p.starts_with("the CMS") || p.starts_with("the SignedData") {
        return t!("verify.p.cms");
    }
    if let Some(who) = p.strip_suffix(" is not valid at the signing time") {
        return t!("verify.p.not-valid-then", name = who.to_string());
    }
    if let Some(who) = p.strip_suffix(" is not a CA") {
        return t!("verify.p.not-a-ca", name = who.to_string());
    }
    if let Some(who) = p.strip_suffix(" may not sign documents (key usage)") {
        return t!("verify.p.usage", name = who.to_string());
    }
    if let Some((who, rest)) = p.split_once(" was revoked on ")
        && let Some(when) = rest.strip_suffix(" (before the signing time)")
    {
        return t!("verify.p.revoked", name = who.to_string(), date = vn_time(when));
    }
    if let Some(n) = p.strip_prefix("page ").and_then(|r| r.strip_suffix(" changed")) {
        return t!("verify.p.page-changed", page = n.to_string());
    }
    if let Some(n) = p.strip_prefix("an annotation of page ").and_then(|r| r.strip_suffix(" was removed")) {
        return t!("verify.p.annotation-removed", page = n.to_string());
    }
    if let Some(n) = p.strip_prefix("an annotation of page ").and_then(|r| r.strip_suffix(" was changed")) {
        return t!("verify.p.annotation-changed", page = n.to_string());
    }
    if let Some(n) = p.strip_prefix("an annotation was added to page ") {
        return t!("verify.p.annotation-added", page = n.to_string());
    }
    if p.starts_with("the page count changed") {
        return t!("verify.p.pages-changed");
    }
    t!("cli.as-is", error = p.to_string())
}

/// The revocation finding as a clerk reads it.
fn revocation_text(r: &str) -> Text {
    if r == "good (online)" {
        t!("verify.rev-good-online")
    } else if r.starts_with("good") {
        t!("verify.rev-good-file")
    } else if let Some(when) = r.strip_prefix("revoked ") {
        t!("verify.rev-revoked", date = vn_time(when))
    } else if r.ends_with("offline, and the file carries no revocation data") {
        t!("verify.rev-offline")
    } else {
        t!("verify.rev-unknown", why = r.trim_start_matches("not checked: ").to_string())
    }
}

/// Every certificate of the trust-store files `bytes` (PEM, DER or PKCS#7).
pub fn trust_store(files: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, String> {
    let mut out = BTreeSet::new();
    for f in files {
        out.extend(crate::sign::signer::read_certificates(f)?);
    }
    Ok(out.into_iter().collect())
}
