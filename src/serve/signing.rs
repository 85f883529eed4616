//! Signing and verifying for other systems, under the same token, body limit, queue and
//! deadline as every route:
//!
//! - `POST /v1/verify` — a PDF → its report (JSON, as `hoso verify --json`), against the
//!   service's trust store (`hoso serve --trust`);
//! - `POST /v1/sign` — start: a PDF, the field, the level, and either the signer's certificate
//!   chain (the caller signs the returned hash itself) or a remote service's settings (hoso
//!   asks the service, which asks the user's phone). The run is written to the service's
//!   signing folder, so a restart loses nothing; answers its id;
//! - `GET /v1/sign/{id}` — poll: asks the remote service once; `waiting`, `signed`,
//!   `rejected` or `expired`;
//! - `POST /v1/sign/{id}/finish` — a caller-held signer's signature value → the signed PDF;
//! - `GET /v1/sign/{id}/pdf` — the signed PDF, once signed.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::answer::{error, lang_of, pool_refusal, query};
use super::service::Service;
use crate::messages::{Lang, Text};
use crate::sign::SignImage;
use crate::sign::pades::{Drawn, Request as SignRequest, Target, centred, field_rect, pdf_date};
use crate::sign::remote::{self, Poll, Remote};
use crate::sign::signing::{self, Job, Level, Options as SignOptions, Pending};
use crate::t;

use crate::pdf::{base64 as b64, from_base64 as unb64};

/// `POST /v1/verify`: a PDF → its report; `?offline=1` asks no OCSP responder nor CRL.
pub(crate) async fn verify(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let offline = query(request.uri(), "offline").is_some_and(|v| v == "1" || v == "true");
    let limit = s.options.body_limit;
    let body = match axum::body::to_bytes(request.into_body(), limit).await {
        Ok(b) => b,
        Err(_) => return error(StatusCode::PAYLOAD_TOO_LARGE, t!("serve.too-large", max = limit >> 20), lang, None),
    };
    if !body.starts_with(b"%PDF-") {
        return error(StatusCode::BAD_REQUEST, t!("serve.not-pdf"), lang, None);
    }
    let options = crate::verify::Options { trust: s.options.trust.clone(), offline };
    let job = move |_: &crate::Cancel| crate::verify::verify_pdf("document.pdf", &body, &options);
    match s.pool.run(s.options.deadline, job).await {
        Ok(report) => axum::Json(json!({"verdict": report.verdict, "files": [report]})).into_response(),
        Err(e) => pool_refusal(e, lang),
    }
}

/// What the signing folder keeps of one run: the run and, for a remote signer, its settings.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    pending: Pending,
    #[serde(default)]
    remote: Option<Value>,
    #[serde(default)]
    signed: Option<String>,
}

fn folder(s: &Service) -> PathBuf {
    s.options.sign_state.clone().unwrap_or_else(|| std::env::temp_dir().join("hoso-ky"))
}

fn path_of(s: &Service, id: &str) -> Option<PathBuf> {
    (id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| folder(s).join(format!("{id}.json")))
}

fn save(s: &Service, id: &str, stored: &Stored) -> Result<(), Text> {
    let dir = folder(s);
    crate::output::ensure_private_dir(&dir)
        .map_err(|e| t!("cli.cannot-create", path = dir.display().to_string(), error = e.to_string()))?;
    let path = dir.join(format!("{id}.json"));
    crate::write_file(&path, &serde_json::to_vec(stored).expect("JSON"))
        .map_err(|e| t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
}

fn load(s: &Service, id: &str) -> Option<Stored> {
    let p = path_of(s, id)?;
    serde_json::from_slice(&crate::host::read(&p).ok()?).ok()
}

fn remote_of(v: &Value) -> Result<Box<dyn Remote>, Text> {
    remote::from_settings(v.get("service").and_then(Value::as_str).unwrap_or_default(), v)
}

/// Start one signing: the body is JSON (see the module's doc).
fn start(s: &Service, body: &[u8]) -> Result<Value, (StatusCode, Text)> {
    let bad = |what: &str| (StatusCode::BAD_REQUEST, t!("serve.sign-bad-request", what = what.to_string()));
    let v: Value = serde_json::from_slice(body).map_err(|_| bad("JSON"))?;
    let pdf = v.get("pdf").and_then(Value::as_str).and_then(unb64).ok_or_else(|| bad("pdf (base64)"))?;
    let field = v.get("field").and_then(Value::as_str).ok_or_else(|| bad("field"))?.to_string();
    let level = match v.get("level").and_then(Value::as_str) {
        Some("b-lt") => Level::BLT,
        Some("b-t") => Level::BT,
        Some("b-b") | None if v.get("tsa").is_none() => Level::BB,
        Some("b-b") => Level::BB,
        _ => Level::BT,
    };
    let mut remote = match v.get("remote") {
        Some(r) => Some(remote_of(r).map_err(|t| (StatusCode::BAD_REQUEST, t))?),
        None => None,
    };
    let chain: Vec<Vec<u8>> = match &mut remote {
        Some(r) => r.chain().map_err(|t| (StatusCode::BAD_GATEWAY, t))?,
        None => v
            .get("chain")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("chain or remote"))?
            .iter()
            .filter_map(|c| c.as_str().and_then(unb64))
            .collect(),
    };
    let algorithm = match &remote {
        Some(r) => r.algorithm(),
        None => match v.get("algorithm").and_then(Value::as_str) {
            Some("ecdsa-p256") => crate::sign::cms::Algorithm::EcdsaP256,
            Some("rsa-pss") => crate::sign::cms::Algorithm::RsaPss,
            _ => crate::sign::cms::Algorithm::RsaPkcs1,
        },
    };
    let images = match v.get("image").and_then(Value::as_str).and_then(unb64) {
        Some(png) => {
            let img = SignImage::from_png(png).map_err(|t| (StatusCode::UNPROCESSABLE_ENTITY, t))?;
            let rect =
                field_rect(&pdf, &field).map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, t!("cli.as-is", error = e)))?;
            vec![Drawn { rect: centred(rect, &img), image: img }]
        }
        None => Vec::new(),
    };
    let name = v.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
    let request = SignRequest {
        target: Target::Field(field),
        images,
        time: pdf_date(&signing::now_vn()),
        name,
        reserve: 0,
        text: None,
    };
    let options = SignOptions {
        level,
        tsa: v.get("tsa").and_then(Value::as_str).map(str::to_string),
        extra_certs: v
            .get("certs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_string)).collect())
            .unwrap_or_default(),
        offline: v.get("offline").and_then(Value::as_bool).unwrap_or(false),
    };
    let job = Job { label: "document.pdf".into(), pdf, request };
    let mut pending =
        signing::begin(vec![job], chain, algorithm, options).map_err(|t| (StatusCode::UNPROCESSABLE_ENTITY, t))?;
    let id = remote::random_id();
    let hash = b64(&pending.digests()[0]);
    if let Some(r) = &mut remote {
        pending.ticket =
            Some(r.start(&pending.digests(), &pending.labels()).map_err(|t| (StatusCode::BAD_GATEWAY, t))?);
    }
    let stored = Stored { pending, remote: v.get("remote").cloned(), signed: None };
    save(s, &id, &stored).map_err(|t| (StatusCode::INTERNAL_SERVER_ERROR, t))?;
    Ok(json!({"id": id, "status": "waiting", "hash": hash, "hash_algorithm": "sha256"}))
}

/// Finish a run with its signature values; the signed PDF is kept for `GET …/pdf`.
fn finish(s: &Service, id: &str, mut stored: Stored, sigs: Vec<Vec<u8>>) -> Result<Value, (StatusCode, Text)> {
    let signed = signing::complete(stored.pending.clone(), sigs).map_err(|t| (StatusCode::UNPROCESSABLE_ENTITY, t))?;
    let pdf = signed.into_iter().next().map(|(_, b)| b).unwrap_or_default();
    stored.signed = Some(b64(&pdf));
    save(s, id, &stored).map_err(|t| (StatusCode::INTERNAL_SERVER_ERROR, t))?;
    Ok(json!({"id": id, "status": "signed"}))
}

fn poll(s: &Service, id: &str) -> Result<Value, (StatusCode, Text)> {
    let stored = load(s, id).ok_or((StatusCode::NOT_FOUND, t!("serve.sign-unknown")))?;
    if stored.signed.is_some() {
        return Ok(json!({"id": id, "status": "signed"}));
    }
    let Some(cfg) = &stored.remote else {
        return Ok(json!({"id": id, "status": "waiting", "hash": b64(&stored.pending.digests()[0])}));
    };
    let mut r = remote_of(cfg).map_err(|t| (StatusCode::BAD_REQUEST, t))?;
    match r.poll(stored.pending.ticket.as_ref().unwrap_or(&Value::Null)).map_err(|t| (StatusCode::BAD_GATEWAY, t))? {
        Poll::Waiting => Ok(json!({"id": id, "status": "waiting"})),
        Poll::Done(sigs) => finish(s, id, stored, sigs),
        Poll::Rejected(why) => Ok(json!({"id": id, "status": "rejected", "message": why})),
        Poll::Expired => Ok(json!({"id": id, "status": "expired"})),
    }
}

fn answer(r: Result<Value, (StatusCode, Text)>, lang: Lang) -> Response {
    match r {
        Ok(v) => axum::Json(v).into_response(),
        Err((status, text)) => error(status, text, lang, None),
    }
}

/// `POST /v1/sign`.
pub(crate) async fn sign_start(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let limit = s.options.body_limit;
    let Ok(body) = axum::body::to_bytes(request.into_body(), limit).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, t!("serve.too-large", max = limit >> 20), lang, None);
    };
    let service = s.clone();
    match s.pool.run(s.options.deadline, move |_: &crate::Cancel| start(&service, &body)).await {
        Ok(r) => answer(r, lang),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `GET /v1/sign/{id}`.
pub(crate) async fn sign_poll(
    State(s): State<Arc<Service>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let service = s.clone();
    match s.pool.run(s.options.deadline, move |_: &crate::Cancel| poll(&service, &id)).await {
        Ok(r) => answer(r, lang),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `POST /v1/sign/{id}/finish`: `{"signature": base64}` from a caller-held signer.
pub(crate) async fn sign_finish(State(s): State<Arc<Service>>, UrlPath(id): UrlPath<String>, body: Bytes) -> Response {
    let lang = Lang::Vi;
    let service = s.clone();
    let job = move |_: &crate::Cancel| {
        let stored = load(&service, &id).ok_or((StatusCode::NOT_FOUND, t!("serve.sign-unknown")))?;
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let sig = v
            .get("signature")
            .and_then(Value::as_str)
            .and_then(unb64)
            .ok_or((StatusCode::BAD_REQUEST, t!("serve.sign-bad-request", what = "signature (base64)")))?;
        finish(&service, &id, stored, vec![sig])
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(r) => answer(r, lang),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `GET /v1/sign/{id}/pdf`.
pub(crate) async fn sign_pdf(
    State(s): State<Arc<Service>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    match load(&s, &id).and_then(|st| st.signed).and_then(|b| unb64(&b)) {
        Some(pdf) => ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response(),
        None => error(StatusCode::NOT_FOUND, t!("serve.sign-unknown"), lang, None),
    }
}
