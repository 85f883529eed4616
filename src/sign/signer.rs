//! Who signs: every signer behind one trait, [`Signer`], that signs SHA-256 digests of CMS
//! signed attributes in a batch (so a phone-confirmed service asks its user once for a whole
//! dossier) — a key file ([`KeyFile`], PKCS#12 or PEM), a USB token ([`Token`], PKCS#11), or a
//! remote service (`super::remote`).

use der::{Decode, Encode};
use sha2::Sha256;
use x509_cert::Certificate;

use super::cms::Algorithm;
use crate::messages::Text;
use crate::t;

/// A signer: its certificate chain, its algorithm, and a way to sign digests.
pub trait Signer {
    /// The certificate chain, DER, signer first (then the CAs it knows of).
    fn chain(&self) -> &[Vec<u8>];
    /// How it signs.
    fn algorithm(&self) -> Algorithm;
    /// Sign each SHA-256 `digest` (of a CMS's signed attributes); `labels` name the documents
    /// (shown on the phone of a remote signer). One signature value per digest, in order.
    fn sign(&mut self, digests: &[Vec<u8>], labels: &[String]) -> Result<Vec<Vec<u8>>, Text>;
}

enum Key {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
}

/// A private key and its certificates from a file: PKCS#12 (`.p12`, `.pfx`, with its
/// password) or PEM (a PKCS#8 key and the certificates).
pub struct KeyFile {
    key: Key,
    chain: Vec<Vec<u8>>,
    algorithm: Algorithm,
}

/// The chain `certs` (DER) ordered signer first: the one certificate that issued none of the
/// others (or `leaf_hint`), then the issuers that signed it, as far as they are given; the
/// others are left out.
pub(crate) fn order_chain(mut certs: Vec<Vec<u8>>, leaf_hint: Option<&[u8]>) -> Vec<Vec<u8>> {
    if certs.is_empty() {
        return certs;
    }
    let parsed: Vec<Option<Certificate>> = certs.iter().map(|c| Certificate::from_der(c).ok()).collect();
    let issues_another = |i: usize| {
        parsed.iter().enumerate().any(|(j, p)| {
            j != i
                && matches!((p, &parsed[i]), (Some(child), Some(me)) if child.tbs_certificate.issuer == me.tbs_certificate.subject)
        })
    };
    let leaf = leaf_hint
        .and_then(|h| certs.iter().position(|c| c == h))
        .or_else(|| (0..certs.len()).find(|i| !issues_another(*i)))
        .unwrap_or(0);
    let mut out = vec![certs.remove(leaf)];
    let mut rest: Vec<Vec<u8>> = certs;
    while let Some(last) = out.last().and_then(|c| Certificate::from_der(c).ok()) {
        if last.tbs_certificate.issuer == last.tbs_certificate.subject {
            break;
        }
        let Some(at) =
            rest.iter().position(|c| Certificate::from_der(c).is_ok_and(|p| super::chain::issued_by(&last, &p)))
        else {
            break;
        };
        out.push(rest.remove(at));
    }
    out
}

fn pem_blocks(text: &str, label: &str) -> Vec<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(a) = rest.find(&begin) {
        let after = &rest[a + begin.len()..];
        let Some(b) = after.find(&end) else { break };
        let body: String = after[..b].chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(bytes) = crate::pdf::from_base64(&body) {
            out.push(bytes);
        }
        rest = &after[b + end.len()..];
    }
    out
}

/// Certificates from a file: PEM (any number), DER (one) or PKCS#7 (`.p7b`, DER or PEM).
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = pem_blocks(&text, "CERTIFICATE");
    for p7 in pem_blocks(&text, "PKCS7") {
        out.extend(pkcs7_certificates(&p7)?);
    }
    if out.is_empty() {
        if Certificate::from_der(bytes).is_ok() {
            out.push(bytes.to_vec());
        } else {
            out.extend(pkcs7_certificates(bytes)?);
        }
    }
    Ok(out)
}

fn pkcs7_certificates(der: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let sd = super::cms::signed_data(der).map_err(|_| "not a certificate, PEM or PKCS#7 file".to_string())?;
    Ok(sd
        .certificates
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => c.to_der().ok(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default())
}

impl KeyFile {
    /// Open a PKCS#12 file with its password.
    pub fn pkcs12(bytes: &[u8], password: &str) -> Result<KeyFile, Text> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password)
            .map_err(|e| t!("sign.p12-unreadable", error = e.to_string()))?;
        let (_, chain) = store.private_key_chain().ok_or_else(|| t!("sign.p12-no-key"))?;
        let certs: Vec<Vec<u8>> = chain.chain().iter().map(|c| c.as_der().to_vec()).collect();
        Self::from_parts(chain.key(), certs)
    }

    /// A PKCS#8 key (DER or PEM) and certificates (PEM).
    pub fn pem(key: &[u8], certs: &[u8]) -> Result<KeyFile, Text> {
        let text = String::from_utf8_lossy(key);
        let der = pem_blocks(&text, "PRIVATE KEY").into_iter().next().unwrap_or_else(|| key.to_vec());
        let certs = read_certificates(certs).map_err(|e| t!("sign.cert-unreadable", error = e))?;
        Self::from_parts(&der, certs)
    }

    fn from_parts(pkcs8: &[u8], certs: Vec<Vec<u8>>) -> Result<KeyFile, Text> {
        use p256::pkcs8::DecodePrivateKey as _;
        let key = if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8) {
            Key::Rsa(Box::new(k))
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8) {
            Key::P256(k)
        } else {
            return Err(t!("sign.key-unsupported"));
        };
        let public = match &key {
            Key::Rsa(k) => {
                use rsa::pkcs8::EncodePublicKey;
                k.to_public_key().to_public_key_der().map(|d| d.as_bytes().to_vec()).ok()
            }
            Key::P256(k) => {
                use p256::pkcs8::EncodePublicKey;
                k.verifying_key().to_public_key_der().map(|d| d.as_bytes().to_vec()).ok()
            }
        };
        // The signer's certificate is the one with the key's public half.
        let leaf = certs.iter().find(|c| {
            Certificate::from_der(c).is_ok_and(|p| p.tbs_certificate.subject_public_key_info.to_der().ok() == public)
        });
        let Some(leaf) = leaf.cloned() else { return Err(t!("sign.key-without-certificate")) };
        let chain = order_chain(certs, Some(&leaf));
        let algorithm = match key {
            Key::Rsa(_) => Algorithm::RsaPkcs1,
            Key::P256(_) => Algorithm::EcdsaP256,
        };
        Ok(KeyFile { key, chain, algorithm })
    }

    /// Sign RSA keys with PSS instead of PKCS#1 v1.5.
    pub fn with_pss(mut self) -> Self {
        if matches!(self.key, Key::Rsa(_)) {
            self.algorithm = Algorithm::RsaPss;
        }
        self
    }
}

impl Signer for KeyFile {
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    fn sign(&mut self, digests: &[Vec<u8>], _labels: &[String]) -> Result<Vec<Vec<u8>>, Text> {
        digests
            .iter()
            .map(|d| {
                let r = match (&self.key, self.algorithm) {
                    (Key::Rsa(k), Algorithm::RsaPss) => k
                        .sign_with_rng(&mut crate::host::rng(), rsa::Pss::new::<Sha256>(), d)
                        .map_err(|e| e.to_string()),
                    (Key::Rsa(k), _) => k.sign(rsa::Pkcs1v15Sign::new::<Sha256>(), d).map_err(|e| e.to_string()),
                    (Key::P256(k), _) => {
                        use p256::ecdsa::signature::hazmat::PrehashSigner;
                        let s: Result<p256::ecdsa::Signature, _> = k.sign_prehash(d);
                        s.map(|s| s.to_der().as_bytes().to_vec()).map_err(|e| e.to_string())
                    }
                };
                r.map_err(|e| t!("sign.key-failed", error = e))
            })
            .collect()
    }
}

/// A key on a PKCS#11 token (a USB token, or SoftHSM2 in tests): the module's library, the
/// token's label, the key's label, the user PIN. The certificate is read from the token (the
/// object with the key's id) unless one is given.
pub struct Token {
    session: cryptoki::session::Session,
    key: cryptoki::object::ObjectHandle,
    chain: Vec<Vec<u8>>,
    algorithm: Algorithm,
    _context: cryptoki::context::Pkcs11,
}

impl Token {
    /// Open the token whose label is `token` with `module` (the vendor's `.so`/`.dll`), log in
    /// with `pin`, and find the key labelled `key` (the first private key when `None`).
    /// `certificates` (PEM/DER) add to or stand in for what the token holds.
    pub fn open(
        module: &std::path::Path,
        token: Option<&str>,
        key: Option<&str>,
        pin: &str,
        certificates: Vec<Vec<u8>>,
    ) -> Result<Token, Text> {
        use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
        use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass};
        use cryptoki::session::UserType;
        let fail = |e: cryptoki::error::Error| t!("sign.token-failed", error = e.to_string());
        let ctx = Pkcs11::new(module).map_err(fail)?;
        ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).map_err(fail)?;
        let slots = ctx.get_slots_with_token().map_err(fail)?;
        let slot = slots
            .into_iter()
            .find(|s| match token {
                None => true,
                Some(label) => ctx.get_token_info(*s).is_ok_and(|i| i.label().trim() == label),
            })
            .ok_or_else(|| t!("sign.token-not-found", token = token.unwrap_or("").to_string()))?;
        let session = ctx.open_ro_session(slot).map_err(fail)?;
        session.login(UserType::User, Some(&pin.to_string().into())).map_err(|_| t!("sign.token-pin"))?;
        let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
        if let Some(k) = key {
            template.push(Attribute::Label(k.as_bytes().to_vec()));
        }
        let handle = *session
            .find_objects(&template)
            .map_err(fail)?
            .first()
            .ok_or_else(|| t!("sign.token-no-key", key = key.unwrap_or("").to_string()))?;
        let attrs = session.get_attributes(handle, &[AttributeType::KeyType, AttributeType::Id]).map_err(fail)?;
        let mut algorithm = Algorithm::RsaPkcs1;
        let mut id = Vec::new();
        for a in attrs {
            match a {
                Attribute::KeyType(k) if k == KeyType::EC => algorithm = Algorithm::EcdsaP256,
                Attribute::Id(i) => id = i,
                _ => {}
            }
        }
        let mut certs = certificates;
        let mut cert_template = vec![Attribute::Class(ObjectClass::CERTIFICATE)];
        if !id.is_empty() {
            cert_template.push(Attribute::Id(id));
        }
        for h in session.find_objects(&cert_template).map_err(fail)? {
            for a in session.get_attributes(h, &[AttributeType::Value]).map_err(fail)? {
                if let Attribute::Value(v) = a
                    && !certs.contains(&v)
                {
                    certs.push(v);
                }
            }
        }
        if certs.is_empty() {
            return Err(t!("sign.key-without-certificate"));
        }
        let chain = order_chain(certs, None);
        Ok(Token { session, key: handle, chain, algorithm, _context: ctx })
    }
}

/// DigestInfo for SHA-256 (RFC 8017 §9.2 note 1), what a token's raw RSA PKCS#1 mechanism signs.
const SHA256_DIGEST_INFO: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// An ECDSA signature as r‖s (PKCS#11, some remote services) in DER, as CMS wants it.
pub(crate) fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, String> {
    p256::ecdsa::Signature::from_slice(raw).map(|s| s.to_der().as_bytes().to_vec()).map_err(|e| e.to_string())
}

impl Signer for Token {
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    fn sign(&mut self, digests: &[Vec<u8>], _labels: &[String]) -> Result<Vec<Vec<u8>>, Text> {
        use cryptoki::mechanism::Mechanism;
        digests
            .iter()
            .map(|d| {
                let r = match self.algorithm {
                    Algorithm::EcdsaP256 => self
                        .session
                        .sign(&Mechanism::Ecdsa, self.key, d)
                        .map_err(|e| e.to_string())
                        .and_then(|raw| ecdsa_raw_to_der(&raw)),
                    _ => {
                        let info = [&SHA256_DIGEST_INFO[..], d].concat();
                        self.session.sign(&Mechanism::RsaPkcs, self.key, &info).map_err(|e| e.to_string())
                    }
                };
                r.map_err(|e| t!("sign.token-failed", error = e))
            })
            .collect()
    }
}
