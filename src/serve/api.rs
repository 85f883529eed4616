//! The engine's routes for other systems: check, render (a ZIP or one PDF), the forms, the
//! schema, the OpenAPI document, the counters, and the workspace's files with their ETags.

use std::io::Write;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::answer::{blocking, error, lang_of, no_workspace, pool_refusal, query, refusal};
use super::service::Service;
use super::upload;
use super::workspace::Refusal;
use crate::messages::{Lang, Text};
use crate::{Problems, RenderOptions, t};

/// The OpenAPI document of the service.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The problems of a checked or refused dossier, and whether it can be rendered.
fn check_answer(result: &Result<crate::Checked, Problems>, lang: Lang) -> Value {
    match result {
        Ok(c) => json!({
            "valid": true,
            "nominees": c.dossier.nominees.len(),
            "problems": c.warnings.clone().in_language(lang),
        }),
        Err(p) => json!({ "valid": false, "problems": p.clone().in_language(lang) }),
    }
}

/// `POST /v1/check`: a dossier → its problems; 200 whether valid or not.
pub(crate) async fn check(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let input = match upload::read(request).await {
        Ok(i) => i,
        Err(r) => return error(r.status, r.text, lang, None),
    };
    let engine = s.engine.clone();
    let job = move |cancel: &crate::Cancel| {
        let result = engine.check_cancellable(&input.text, Some(input.folder.path()), cancel);
        check_answer(&result, lang)
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `POST /v1/export?format=xlsx|docx`: a dossier → its lists as `hoso export` writes them:
/// the workbook (the default) or the Word document; 422 with the problems when invalid.
pub(crate) async fn export(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let format = query(request.uri(), "format");
    // (The body is read first: a client still sending it is answered, not cut off.)
    let input = match upload::read(request).await {
        Ok(i) => i,
        Err(r) => return error(r.status, r.text, lang, None),
    };
    let docx = match format.as_deref() {
        None | Some("xlsx") => false,
        Some("docx") => true,
        Some(other) => {
            return error(StatusCode::BAD_REQUEST, t!("serve.export-format", format = other), lang, None);
        }
    };
    let engine = s.engine.clone();
    let job = move |cancel: &crate::Cancel| {
        let checked = engine.check_cancellable(&input.text, Some(input.folder.path()), cancel)?;
        let lists = crate::lists::lists(&engine, &checked);
        Ok(if docx { crate::lists::docx(&lists) } else { crate::lists::xlsx(&lists) })
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Ok(Ok(bytes))) => {
            let (kind, name) = if docx {
                ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", crate::lists::DOCX_FILE)
            } else {
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", crate::lists::XLSX_FILE)
            };
            let headers = [
                (header::CONTENT_TYPE, kind.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ];
            (headers, bytes).into_response()
        }
        Ok(Ok(Err(e))) => error(StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e), lang, None),
        Ok(Err(p)) => error(StatusCode::UNPROCESSABLE_ENTITY, t!("serve.invalid"), lang, Some(p)),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `POST /v1/gather?authority=ID`: a receiving office's folder as `multipart/form-data` (the
/// office's settings in a part named `co-quan.json`, each unit's `ho-so.json` or workbook and
/// any rendered files in parts named by their paths, "mnkt/ho-so.json") → what `hoso gather`
/// writes: the office's dossier, every unit taken or refused with the reason, every finding
/// with its unit, file and path; 200 whatever the findings (they are the answer), 400 when the
/// folder or its settings cannot be read.
pub(crate) async fn gather(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let authority = query(request.uri(), "authority");
    let offline = query(request.uri(), "offline").is_some_and(|v| v == "1" || v == "true");
    let input = match upload::read_folder(request).await {
        Ok(i) => i,
        Err(r) => return error(r.status, r.text, lang, None),
    };
    let engine = s.engine.clone();
    let trust = s.options.trust.clone();
    let job = move |_: &crate::Cancel| -> Result<Value, Text> {
        let dir = input.folder.path();
        let file = crate::gather::SETTINGS_FILE;
        let text = crate::host::read_text(&dir.join(file)).map_err(|_| t!("serve.gather-no-settings", file = file))?;
        let settings = crate::gather::parse_settings(&text, file)?;
        let options = crate::gather::Options { authority, trust, offline };
        let g = crate::gather::gather(&engine, dir, &settings, &options)?;
        Ok(gather_answer(&g, lang))
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Ok(answer)) => axum::Json(answer).into_response(),
        Ok(Err(text)) => error(StatusCode::BAD_REQUEST, text, lang, None),
        Err(e) => pool_refusal(e, lang),
    }
}

/// A gathering as the service answers it: its texts in `lang`.
fn gather_answer(g: &crate::gather::Gathered, lang: Lang) -> Value {
    let units: Vec<Value> = g
        .units
        .iter()
        .map(|u| {
            json!({
                "file": u.file,
                "name": u.name,
                "abbreviation": u.abbreviation,
                "letter": u.letter,
                "taken": u.taken,
                "refused": u.refused.as_ref().map(|t| t.render(lang)),
                "signatures": u.signatures,
            })
        })
        .collect();
    let findings: Vec<Value> = g
        .findings
        .iter()
        .map(|f| {
            json!({
                "severity": f.severity,
                "unit": f.unit,
                "file": f.file,
                "path": f.path,
                "message": f.message.render(lang),
                "hint": f.hint.as_ref().map(|t| t.render(lang)),
            })
        })
        .collect();
    json!({"errors": g.has_errors(), "units": units, "findings": findings, "dossier": g.dossier})
}

/// What a render job made: the problems, a ZIP, or one document.
enum JobResult {
    Invalid(Problems),
    Failed(String),
    NoDocument(String),
    Zip(Vec<u8>),
    Pdf(String, Vec<u8>),
}

/// `POST /v1/render`: a dossier → a ZIP of the whole output (documents, `ho-so.pdf`,
/// `manifest.json`, byte for byte as `hoso render` writes them), or with `?document=` (a file
/// name or a form id) that document as `application/pdf`; 422 with the problems when invalid.
pub(crate) async fn render(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let document = query(request.uri(), "document");
    let stamp = query(request.uri(), "stamp").is_some_and(|v| v == "true" || v == "1");
    let input = match upload::read(request).await {
        Ok(i) => i,
        Err(r) => return error(r.status, r.text, lang, None),
    };
    let engine = s.engine.clone();
    let started = crate::host::now();
    let job = move |cancel: &crate::Cancel| {
        let checked = match engine.check_cancellable(&input.text, Some(input.folder.path()), cancel) {
            Ok(c) => c,
            Err(p) => return (JobResult::Invalid(p), 0, 0),
        };
        let options = RenderOptions { stamp, cancel: Some(cancel), ..Default::default() };
        let rendered = match engine.render_with(&checked, &options) {
            Ok(r) => r,
            Err(e) => return (JobResult::Failed(e.to_string()), 0, 0),
        };
        let (docs, pages) = (rendered.documents.len(), rendered.pages());
        let made = match document {
            Some(want) => match rendered
                .documents
                .into_iter()
                .find(|d| d.file_name == want || d.form.as_deref() == Some(want.as_str()))
            {
                Some(d) => JobResult::Pdf(d.file_name, d.pdf),
                None => JobResult::NoDocument(want),
            },
            None => match zip(&rendered) {
                Ok(bytes) => JobResult::Zip(bytes),
                Err(e) => JobResult::Failed(e.to_string()),
            },
        };
        (made, docs, pages)
    };
    let result = s.pool.run(s.options.deadline, job).await;
    s.metrics.queue_depth.set(s.pool.waiting() as i64);
    let (made, docs, pages) = match result {
        Ok(m) => m,
        Err(e) => return pool_refusal(e, lang),
    };
    s.metrics.render_seconds.observe(started.elapsed().as_secs_f64());
    match made {
        JobResult::Invalid(p) => error(StatusCode::UNPROCESSABLE_ENTITY, t!("serve.invalid"), lang, Some(p)),
        JobResult::Failed(e) => error(StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e), lang, None),
        JobResult::NoDocument(want) => {
            error(StatusCode::NOT_FOUND, t!("serve.no-document", document = want), lang, None)
        }
        JobResult::Zip(bytes) => {
            s.metrics.documents.inc_by(docs as u64);
            s.metrics.pages.inc_by(pages as u64);
            let headers = [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"ho-so.zip\"".to_string()),
            ];
            (headers, bytes).into_response()
        }
        JobResult::Pdf(name, bytes) => {
            s.metrics.documents.inc();
            let headers = [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ];
            (headers, bytes).into_response()
        }
    }
}

/// The render's files as a ZIP: stored (PDFs are compressed already), in writing order, every
/// date the same, so the same dossier gives the same archive.
pub(crate) fn zip(rendered: &crate::Rendered) -> zip::result::ZipResult<Vec<u8>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in rendered.files() {
        w.start_file(name, options)?;
        w.write_all(&bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

/// `GET /v1/forms`: the forms, as `hoso forms --json` prints them.
pub(crate) async fn forms(State(s): State<Arc<Service>>) -> Response {
    axum::Json(json!(s.engine.forms())).into_response()
}

/// `GET /v1/schema`: the dossier schema, descriptions in the request's language.
pub(crate) async fn schema(request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    axum::Json(crate::dossier::schema_in(lang)).into_response()
}

/// `GET /v1/openapi.json`: this API, described.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /metrics`: the counters, in the Prometheus text format.
pub(crate) async fn metrics_text(State(s): State<Arc<Service>>) -> Response {
    s.metrics.queue_depth.set(s.pool.waiting() as i64);
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], s.metrics.text())
        .into_response()
}

/// `GET /v1/dossiers`: the workspace's dossier files with their ETags.
pub(crate) async fn list_dossiers(State(s): State<Arc<Service>>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
    let lang = lang_of(&uri, &headers);
    if s.workspace.is_none() {
        return no_workspace(lang);
    }
    match blocking(move || s.workspace.as_ref().expect("checked above").list()).await {
        Ok(entries) => axum::Json(json!({ "dossiers": entries })).into_response(),
        Err(e) => refusal(Refusal::Io(e), lang),
    }
}

/// `GET /v1/dossiers/{path}`: a workspace file with its ETag.
pub(crate) async fn get_dossier(
    State(s): State<Arc<Service>>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let lang = lang_of(&uri, &headers);
    if s.workspace.is_none() {
        return no_workspace(lang);
    }
    let rel = path.clone();
    match blocking(move || s.workspace.as_ref().expect("checked above").read(&rel)).await {
        Ok((bytes, tag)) => {
            if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
                return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
            }
            let kind = if path.ends_with(".json") { "application/json" } else { "application/octet-stream" };
            ([(header::ETAG, tag), (header::CONTENT_TYPE, kind.to_string())], bytes).into_response()
        }
        Err(r) => refusal(r, lang),
    }
}

/// `PUT /v1/dossiers/{path}`: save a workspace file atomically; `If-Match` names the version
/// replaced (412 when it changed), `If-None-Match: *` creates it (412 when it exists).
pub(crate) async fn put_dossier(
    State(s): State<Arc<Service>>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    body: axum::body::Bytes,
) -> Response {
    let lang = lang_of(&uri, &headers);
    if s.workspace.is_none() {
        return no_workspace(lang);
    }
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let rel = path.clone();
    let saved = blocking(move || {
        let ws = s.workspace.as_ref().expect("checked above");
        ws.write(&rel, &body, if_match.as_deref(), if_none_match.as_deref())
    })
    .await;
    match saved {
        Ok((tag, created)) => {
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            (status, [(header::ETAG, tag.clone())], axum::Json(json!({"path": path, "etag": tag}))).into_response()
        }
        Err(r) => refusal(r, lang),
    }
}
