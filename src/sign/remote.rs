//! Remote signing services, where the key stays with the provider and the signer confirms on
//! a phone: hoso sends the SHA-256 of each document's CMS signed attributes and gets raw
//! signature values back (`../shared/spec/signing.md` §2). Each service is two calls apart —
//! [`Remote::start`] asks for the signatures and returns a ticket (data), [`Remote::poll`]
//! asks whether the user confirmed — so a run waiting on a phone keeps nothing but its
//! [`super::signing::Pending`] with the ticket, and resumes after a restart.
//!
//! - [`Csc`]: the Cloud Signature Consortium API v1 (`credentials/info`, `credentials/authorize`,
//!   `signatures/signHash`), as Viettel's host also serves and pyHanko's tests use;
//! - [`Vnpt`]: VNPT SmartCA's `sp769` API (`get_certificate`, `signatures/sign` with
//!   `sign_type: "hash"`, `…/status`), as its integration document gives it;
//! - [`Viettel`]: Viettel MySign's `vtss` API (`login`, `certificates/info`, `signHash` with
//!   `async: 1`, `requests/status`), as a project's notes on its demo package give it.
//!
//! The request shapes are the documents'; how VNPT words a waiting, rejected or expired
//! transaction in `message` is not documented and is read loosely (UNVERIFIED). No test calls
//! a live service: `tests/signing/` mocks each.

use serde_json::{Value, json};

use super::cms::Algorithm;
use super::signing::Pending;
use crate::messages::Text;
use crate::t;

/// What a service says of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub enum Poll {
    /// The user has not confirmed yet.
    Waiting,
    /// The signature values, one per digest, in order.
    Done(Vec<Vec<u8>>),
    /// The user (or the service) refused, with the service's words.
    Rejected(String),
    /// The confirmation timed out.
    Expired,
}

/// A remote signing service.
pub trait Remote {
    /// The signer's certificate chain (DER, signer first), asked of the service.
    fn chain(&mut self) -> Result<Vec<Vec<u8>>, Text>;
    /// How the service signs with this key.
    fn algorithm(&self) -> Algorithm;
    /// Ask for the signature of each digest; `labels` are shown on the phone. A ticket.
    fn start(&mut self, digests: &[Vec<u8>], labels: &[String]) -> Result<Value, Text>;
    /// Whether the ticket's signatures are ready.
    fn poll(&mut self, ticket: &Value) -> Result<Poll, Text>;
}

const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

use crate::pdf::base64 as b64;

fn unb64(s: &str) -> Result<Vec<u8>, Text> {
    crate::pdf::from_base64(s).ok_or_else(|| t!("sign.remote-bad-answer", service = "", error = "not base64"))
}

/// POST `body` as JSON to `url` with `headers`; the answer as JSON.
fn post(service: &str, url: &str, body: &Value, headers: &[(&str, &str)]) -> Result<Value, Text> {
    let bytes = serde_json::to_vec(body).expect("JSON");
    let (status, answer) = crate::host::http(url, Some(("application/json", &bytes)), headers, TIMEOUT)
        .map_err(|e| t!("sign.remote-unreachable", service = service.to_string(), error = e))?;
    let v: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        let said = v.get("message").or_else(|| v.get("error_description")).or_else(|| v.get("error"));
        let said = said.and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| format!("HTTP {status}"));
        return Err(t!("sign.remote-refused", service = service.to_string(), error = said));
    }
    Ok(v)
}

fn certs_of(service: &str, list: Option<&Value>) -> Result<Vec<Vec<u8>>, Text> {
    let list = list
        .and_then(Value::as_array)
        .ok_or_else(|| t!("sign.remote-bad-answer", service = service.to_string(), error = "no certificates"))?;
    list.iter().filter_map(Value::as_str).map(unb64).collect()
}

fn algorithm_of_cert(der: &[u8]) -> Algorithm {
    use der::Decode;
    match x509_cert::Certificate::from_der(der) {
        Ok(c)
            if c.tbs_certificate.subject_public_key_info.algorithm.oid == const_oid::db::rfc5912::ID_EC_PUBLIC_KEY =>
        {
            Algorithm::EcdsaP256
        }
        _ => Algorithm::RsaPkcs1,
    }
}

/// A remote signer from its settings (a `--remote-config` file, the service's `remote`
/// object): `service` is `csc`, `vnpt` or `viettel`; each needs its `url` and ids (CSC:
/// `credential`, optionally `token` and `pin`; VNPT: `sp_id`, `sp_password`, `user_id`; Viettel:
/// `client_id`, `client_secret`, `user_id`). A missing one is named, not sent empty.
pub fn from_settings(service: &str, settings: &Value) -> Result<Box<dyn Remote>, Text> {
    let needs: &[&str] = match service {
        "csc" => &["url", "credential"],
        "vnpt" => &["url", "sp_id", "sp_password", "user_id"],
        "viettel" => &["url", "client_id", "client_secret", "user_id"],
        other => return Err(t!("sign.remote-unknown", service = other.to_string())),
    };
    let get = |k: &str| settings.get(k).and_then(Value::as_str).filter(|v| !v.is_empty());
    let missing: Vec<&str> = needs.iter().copied().filter(|k| get(k).is_none()).collect();
    if !missing.is_empty() {
        return Err(t!("sign.remote-settings", service = service.to_string(), keys = missing.join(", ")));
    }
    let s = |k: &str| get(k).unwrap_or_default().to_string();
    Ok(match service {
        "vnpt" => Box::new(Vnpt::new(&s("url"), &s("sp_id"), &s("sp_password"), &s("user_id"))),
        "viettel" => Box::new(Viettel::new(&s("url"), &s("client_id"), &s("client_secret"), &s("user_id"))),
        _ => Box::new(Csc::new(
            &s("url"),
            &s("credential"),
            get("token").map(str::to_string),
            get("pin").map(str::to_string),
        )),
    })
}

/// A random id of 24 hex digits: a transaction's (VNPT asks for a unique one), a service's run.
pub(crate) fn random_id() -> String {
    let mut b = [0u8; 12];
    rand_core::RngCore::fill_bytes(&mut crate::host::rng(), &mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A CSC API v1 service: `base` up to `/csc/v1`, an OAuth bearer token if it needs one, the
/// credential, and the PIN or OTP `credentials/authorize` takes, if any.
pub struct Csc {
    /// The API's base URL, e.g. `https://host/csc/v1`.
    pub base: String,
    /// A bearer token (`Authorization: Bearer …`), when the service needs one.
    pub token: Option<String>,
    /// The credential id.
    pub credential: String,
    /// The PIN or OTP for `credentials/authorize`.
    pub pin: Option<String>,
    algorithm: Algorithm,
}

impl Csc {
    /// A CSC client.
    pub fn new(base: &str, credential: &str, token: Option<String>, pin: Option<String>) -> Csc {
        Csc {
            base: base.trim_end_matches('/').to_string(),
            token,
            credential: credential.into(),
            pin,
            algorithm: Algorithm::RsaPkcs1,
        }
    }
    fn call(&self, path: &str, body: Value) -> Result<Value, Text> {
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        post("CSC", &format!("{}/{path}", self.base), &body, &headers)
    }
}

impl Remote for Csc {
    fn chain(&mut self) -> Result<Vec<Vec<u8>>, Text> {
        let v = self.call("credentials/info", json!({"credentialID": self.credential, "certificates": "chain"}))?;
        let chain = certs_of("CSC", v.pointer("/cert/certificates"))?;
        if let Some(first) = chain.first() {
            self.algorithm = algorithm_of_cert(first);
        }
        Ok(chain)
    }
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    fn start(&mut self, digests: &[Vec<u8>], _labels: &[String]) -> Result<Value, Text> {
        let hashes: Vec<String> = digests.iter().map(|d| b64(d)).collect();
        let mut body = json!({"credentialID": self.credential, "numSignatures": digests.len(), "hash": hashes});
        if let Some(pin) = &self.pin {
            body["PIN"] = json!(pin);
        }
        let v = self.call("credentials/authorize", body)?;
        let sad = v
            .get("SAD")
            .and_then(Value::as_str)
            .ok_or_else(|| t!("sign.remote-bad-answer", service = "CSC", error = "no SAD"))?;
        // The ticket carries the algorithm, so a poll after a restart needs no certificate call.
        let sign_algo = match self.algorithm {
            Algorithm::EcdsaP256 => "1.2.840.10045.4.3.2",
            _ => "1.2.840.113549.1.1.1",
        };
        Ok(json!({"SAD": sad, "hash": hashes, "signAlgo": sign_algo}))
    }
    fn poll(&mut self, ticket: &Value) -> Result<Poll, Text> {
        let v = self.call(
            "signatures/signHash",
            json!({"credentialID": self.credential, "SAD": ticket["SAD"], "hash": ticket["hash"],
                   "hashAlgo": "2.16.840.1.101.3.4.2.1", "signAlgo": ticket["signAlgo"]}),
        )?;
        let sigs = certs_of("CSC", v.get("signatures"))?;
        Ok(Poll::Done(sigs))
    }
}

/// VNPT SmartCA (`sp769`): the unit's `sp_id`/`sp_password`, the signer's `user_id` (CCCD,
/// CMND, passport or tax code), optionally the certificate's serial.
pub struct Vnpt {
    /// Base URL: UAT `https://rmgateway.vnptit.vn/sca/sp769`, production `https://gwsca.vnpt.vn/sca/sp769`.
    pub base: String,
    /// The unit's client id.
    pub sp_id: String,
    /// The unit's client secret.
    pub sp_password: String,
    /// The signer's id.
    pub user_id: String,
    /// The certificate's serial, when the user has several.
    pub serial: Option<String>,
    algorithm: Algorithm,
}

impl Vnpt {
    /// A SmartCA client.
    pub fn new(base: &str, sp_id: &str, sp_password: &str, user_id: &str) -> Vnpt {
        Vnpt {
            base: base.trim_end_matches('/').into(),
            sp_id: sp_id.into(),
            sp_password: sp_password.into(),
            user_id: user_id.into(),
            serial: None,
            algorithm: Algorithm::RsaPkcs1,
        }
    }
}

fn data_or_top<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.pointer(&format!("/data/{key}")).or_else(|| v.get(key))
}

impl Remote for Vnpt {
    fn chain(&mut self) -> Result<Vec<Vec<u8>>, Text> {
        let v = post(
            "VNPT SmartCA",
            &format!("{}/v1/credentials/get_certificate", self.base),
            &json!({"sp_id": self.sp_id, "sp_password": self.sp_password, "user_id": self.user_id,
                    "serial_number": self.serial, "transaction_id": random_id()}),
            &[],
        )?;
        let certs = data_or_top(&v, "user_certificates").and_then(Value::as_array).cloned().unwrap_or_default();
        let cert = certs
            .iter()
            .find(|c| self.serial.as_deref().is_none_or(|s| c.get("serial_number").and_then(Value::as_str) == Some(s)))
            .ok_or_else(|| {
                t!("sign.remote-bad-answer", service = "VNPT SmartCA", error = "no certificate for this user")
            })?;
        self.serial = cert.get("serial_number").and_then(Value::as_str).map(str::to_string);
        let mut chain = vec![unb64(cert.get("cert_data").and_then(Value::as_str).unwrap_or(""))?];
        for k in ["ca_cert", "root_cert"] {
            if let Some(c) = cert.pointer(&format!("/chain_data/{k}")).and_then(Value::as_str) {
                chain.push(unb64(c)?);
            }
        }
        self.algorithm = algorithm_of_cert(&chain[0]);
        Ok(chain)
    }
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    fn start(&mut self, digests: &[Vec<u8>], labels: &[String]) -> Result<Value, Text> {
        let tx = random_id();
        let files: Vec<Value> = digests
            .iter()
            .zip(labels)
            .map(|(d, l)| {
                json!({"data_to_be_signed": d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
                       "doc_id": l, "file_type": "pdf", "sign_type": "hash"})
            })
            .collect();
        let stamp = super::signing::now_vn().format("%Y%m%d%H%M%S").to_string();
        let v = post(
            "VNPT SmartCA",
            &format!("{}/v1/signatures/sign", self.base),
            &json!({"sp_id": self.sp_id, "sp_password": self.sp_password, "user_id": self.user_id,
                    "transaction_id": tx, "transaction_desc": labels.join(", "), "serial_number": self.serial,
                    "time_stamp": stamp, "sign_files": files}),
            &[],
        )?;
        let tran = data_or_top(&v, "transaction_id").and_then(Value::as_str).unwrap_or(&tx).to_string();
        Ok(json!({"transaction_id": tran, "docs": labels}))
    }
    fn poll(&mut self, ticket: &Value) -> Result<Poll, Text> {
        let tran = ticket["transaction_id"].as_str().unwrap_or_default();
        let v = post(
            "VNPT SmartCA",
            &format!("{}/v1/signatures/sign/{tran}/status", self.base),
            &json!({"sp_id": self.sp_id, "sp_password": self.sp_password}),
            &[],
        )?;
        let message = v.get("message").and_then(Value::as_str).unwrap_or("").to_lowercase();
        if let Some(sigs) = data_or_top(&v, "signatures").and_then(Value::as_array).filter(|s| !s.is_empty()) {
            let docs: Vec<&str> =
                ticket["docs"].as_array().map(|d| d.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let mut out = Vec::new();
            for d in docs {
                let s = sigs
                    .iter()
                    .find(|s| s.get("doc_id").and_then(Value::as_str) == Some(d))
                    .and_then(|s| s.get("signature_value").and_then(Value::as_str))
                    .ok_or_else(|| {
                        t!("sign.remote-bad-answer", service = "VNPT SmartCA", error = format!("no signature for {d}"))
                    })?;
                out.push(unb64(s)?);
            }
            return Ok(Poll::Done(out));
        }
        Ok(if message.contains("reject") || message.contains("denied") || message.contains("cancel") {
            Poll::Rejected(message)
        } else if message.contains("expire") || message.contains("timeout") {
            Poll::Expired
        } else {
            Poll::Waiting
        })
    }
}

/// Viettel MySign (`vtss`): the unit's client id and secret, the signer's user id.
pub struct Viettel {
    /// Base URL, `https://remotesigning.viettel.vn`.
    pub base: String,
    /// The unit's client id.
    pub client_id: String,
    /// The unit's client secret.
    pub client_secret: String,
    /// The signer's user id.
    pub user_id: String,
    token: Option<String>,
    credential: Option<String>,
    algorithm: Algorithm,
}

impl Viettel {
    /// A MySign client.
    pub fn new(base: &str, client_id: &str, client_secret: &str, user_id: &str) -> Viettel {
        Viettel {
            base: base.trim_end_matches('/').into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            user_id: user_id.into(),
            token: None,
            credential: None,
            algorithm: Algorithm::RsaPkcs1,
        }
    }
    fn login(&mut self) -> Result<String, Text> {
        if let Some(t) = &self.token {
            return Ok(t.clone());
        }
        let v = post(
            "Viettel MySign",
            &format!("{}/vtss/service/ras/v1/login", self.base),
            &json!({"client_id": self.client_id, "client_secret": self.client_secret,
                    "profile_id": "adss:ras:profile:001", "user_id": self.user_id}),
            &[],
        )?;
        let t = v
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| t!("sign.remote-bad-answer", service = "Viettel MySign", error = "no access_token"))?;
        self.token = Some(t.to_string());
        Ok(t.to_string())
    }
    fn call(&mut self, path: &str, body: Value) -> Result<Value, Text> {
        let bearer = format!("Bearer {}", self.login()?);
        post("Viettel MySign", &format!("{}/vtss/service/{path}", self.base), &body, &[("Authorization", &bearer)])
    }
}

impl Remote for Viettel {
    fn chain(&mut self) -> Result<Vec<Vec<u8>>, Text> {
        let v = self.call(
            "certificates/info",
            json!({"client_id": self.client_id, "client_secret": self.client_secret, "user_id": self.user_id,
                   "certificates": "chain", "certInfo": true, "authInfo": true}),
        )?;
        let first = v.as_array().and_then(|a| a.first()).unwrap_or(&v);
        self.credential = first.get("credential_id").and_then(Value::as_str).map(str::to_string);
        let chain = certs_of("Viettel MySign", first.pointer("/cert/certificates"))?;
        if let Some(c) = chain.first() {
            self.algorithm = algorithm_of_cert(c);
        }
        Ok(chain)
    }
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
    fn start(&mut self, digests: &[Vec<u8>], labels: &[String]) -> Result<Value, Text> {
        let docs: Vec<Value> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| json!({"document_id": i.to_string(), "document_name": b64(l.as_bytes())}))
            .collect();
        let v = self.call(
            "signHash",
            json!({"client_id": self.client_id, "client_secret": self.client_secret, "credentialID": self.credential,
                   "numSignatures": digests.len(), "description": b64(labels.join(", ").as_bytes()), "documents": docs,
                   "hash": digests.iter().map(|d| b64(d)).collect::<Vec<_>>(),
                   "hashAlgo": "2.16.840.1.101.3.4.2.1", "signAlgo": "1.2.840.113549.1.1.1", "async": 1}),
        )?;
        let tx = v
            .get("transactionId")
            .and_then(Value::as_str)
            .ok_or_else(|| t!("sign.remote-bad-answer", service = "Viettel MySign", error = "no transactionId"))?;
        Ok(json!({"transactionId": tx}))
    }
    fn poll(&mut self, ticket: &Value) -> Result<Poll, Text> {
        let v = self.call("requests/status", json!({"transactionId": ticket["transactionId"]}))?;
        Ok(match v.get("status").and_then(Value::as_i64) {
            Some(1) => Poll::Done(certs_of("Viettel MySign", v.get("signatures"))?),
            Some(4000 | 6000) => Poll::Waiting,
            Some(4001) => Poll::Expired,
            Some(4002) => Poll::Rejected("4002".into()),
            Some(13004) => return Err(t!("sign.remote-cert-invalid", service = "Viettel MySign")),
            other => Poll::Rejected(format!("status {}", other.map_or("?".into(), |s| s.to_string()))),
        })
    }
}

/// Ask `remote` to sign `pending` and wait for the user: poll every `every`, at most `times`
/// (Viettel advises 2 s, 60 times). `save` is called with the ticket recorded, before the
/// first poll, so a restart can [`resume`] without asking the user twice.
pub fn ask_and_wait(
    remote: &mut dyn Remote,
    pending: &mut Pending,
    every: std::time::Duration,
    times: u32,
    save: &mut dyn FnMut(&Pending) -> Result<(), Text>,
) -> Result<Vec<Vec<u8>>, Text> {
    if pending.ticket.is_none() {
        pending.ticket = Some(remote.start(&pending.digests(), &pending.labels())?);
        save(pending)?;
    }
    resume(remote, pending, every, times)
}

/// Poll `remote` for `pending`'s ticket until the signatures come, the user refuses or time runs out.
pub fn resume(
    remote: &mut dyn Remote,
    pending: &Pending,
    every: std::time::Duration,
    times: u32,
) -> Result<Vec<Vec<u8>>, Text> {
    let ticket = pending.ticket.clone().unwrap_or(Value::Null);
    for k in 0..times.max(1) {
        match remote.poll(&ticket)? {
            Poll::Done(sigs) => return Ok(sigs),
            Poll::Rejected(why) => return Err(t!("sign.remote-rejected", why = why)),
            Poll::Expired => return Err(t!("sign.remote-expired")),
            Poll::Waiting if k + 1 < times => std::thread::sleep(every),
            Poll::Waiting => {}
        }
    }
    Err(t!("sign.remote-still-waiting"))
}
