//! The clerk's workbench: a web application served with the workspace (`hoso serve
//! --workspace DIR`, then open `/`), in Vietnamese, to compose a dossier with a live preview.
//! The page, its script and its style are compiled into the binary (`web/`: plain HTML, CSS
//! and JavaScript, no build step). Its routes:
//!
//! - `POST /v1/preview?document=FILE&path=PATH` — the dossier being edited (unsaved text), a
//!   draft while it has errors (`"draft": true`) →
//!   its problems, the documents it makes, and the pages of one of them as PNG images of the
//!   PDF itself (rasterised by hayro) with each page's text; files resolve in the folder of
//!   the workspace dossier at `path`;
//! - `POST /v1/import` — a spreadsheet and the dossier → the dossier with the sheet's nominees
//!   merged, what changed, and the cells refused (nothing is saved: the page shows it first);
//! - `GET /v1/starter?kind=truong`, `POST /v1/carry-over` — a starting dossier; next
//!   year's from last year's;
//! - `POST /v1/publish?path=PATH` — the saved workspace dossier rendered into the folder beside
//!   it named after it (`ho-so.json` → `ho-so-pdf/`), as `hoso render` writes it, and answered
//!   as a ZIP.

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::answer::{error, lang_of, no_workspace, pool_refusal, query, refusal};
use super::service::Service;
use super::workspace::Refusal;
use crate::{RenderOptions, t};

/// The page.
const INDEX: &str = include_str!("web/index.html");
/// Its script: plain JavaScript modules, by file name under `/js/`.
const MODULES: [(&str, &str); 12] = [
    ("main.js", include_str!("web/js/main.js")),
    ("dom.js", include_str!("web/js/dom.js")),
    ("state.js", include_str!("web/js/state.js")),
    ("http.js", include_str!("web/js/http.js")),
    ("schema.js", include_str!("web/js/schema.js")),
    ("paths.js", include_str!("web/js/paths.js")),
    ("editor.js", include_str!("web/js/editor.js")),
    ("problems.js", include_str!("web/js/problems.js")),
    ("preview.js", include_str!("web/js/preview.js")),
    ("conflict.js", include_str!("web/js/conflict.js")),
    ("files.js", include_str!("web/js/files.js")),
    ("signatures.js", include_str!("web/js/signatures.js")),
];
/// Its style.
const STYLE: &str = include_str!("web/app.css");

/// `GET /`: the workbench.
pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

/// `GET /js/{file}`: one of the page's modules.
pub async fn script(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match MODULES.iter().find(|(name, _)| *name == file) {
        Some((_, text)) => ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], *text).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /v1/signatures?path=DOSSIER`: the signature status of the dossier's published folder
/// (`ho-so.json` → `ho-so-pdf/`), per document, as `hoso verify` finds it with the service's
/// trust store, offline (the workbench asks no outside service).
pub async fn signatures(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let Some(ws) = s.workspace.as_ref() else { return no_workspace(lang) };
    let path = query(request.uri(), "path").unwrap_or_default();
    let full = match ws.resolve(&path) {
        Ok(f) => f,
        Err(r) => return super::answer::refusal(r, lang),
    };
    let stem = full.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = full.with_file_name(format!("{stem}-pdf"));
    let options = crate::verify::Options { trust: s.options.trust.clone(), offline: true };
    // Not published yet is an answer, not an error: the page says so.
    let job = move |_: &crate::Cancel| {
        crate::manifest::Manifest::read(&folder).map(|_| crate::verify::verify_folder(&folder, &options))
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Some(Ok(report))) => {
            axum::Json(json!({"published": true, "verdict": report.verdict, "files": report.files})).into_response()
        }
        Ok(None) => axum::Json(json!({"published": false, "files": []})).into_response(),
        Ok(Some(Err(text))) => error(StatusCode::NOT_FOUND, text, lang, None),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `GET /app.css`.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// The folder of the workspace dossier at `path` (its files resolve there), or none.
fn folder_of(s: &Service, path: Option<&str>) -> Result<Option<std::path::PathBuf>, Refusal> {
    let (Some(ws), Some(path)) = (s.workspace.as_ref(), path) else { return Ok(None) };
    let full = ws.resolve(path)?;
    Ok(full.parent().map(std::path::Path::to_path_buf))
}

/// The pages of a PDF as PNG images at `scale` (1.0: 72 pixels an inch) and their text, while
/// the pixels drawn stay within [`crate::limits::MAX_PREVIEW_PIXELS`]: a page past that budget
/// comes back with its text and no image (`"png": null`). Stops drawing once `cancel` is set.
fn pages_of(pdf: &[u8], scale: f32, cancel: &crate::Cancel) -> Vec<Value> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    let parsed = lopdf::Document::load_mem(pdf).ok();
    let text_of = |n: u32| {
        parsed
            .as_ref()
            .and_then(|d| d.extract_text(&[n]).ok())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let Ok(doc) = Pdf::new(pdf.to_vec()) else { return Vec::new() };
    let cache = hayro::RenderCache::new();
    let settings = InterpreterSettings::default();
    let drawing = hayro::RenderSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
        ..Default::default()
    };
    let mut budget = crate::limits::MAX_PREVIEW_PIXELS;
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        let (w, h) = page.render_dimensions();
        let pixels = ((w * scale).floor() as u64) * ((h * scale).floor() as u64);
        let text = text_of(i as u32 + 1);
        if pixels > budget || cancel.is_cancelled() {
            budget = 0;
            out.push(json!({ "png": null, "width": (w * scale) as u32, "height": (h * scale) as u32, "text": text }));
            continue;
        }
        budget -= pixels;
        let p = hayro::render(page, &cache, &settings, &drawing);
        let (pw, ph) = (p.width(), p.height());
        let png = p.into_png().unwrap_or_default();
        let png = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, png);
        out.push(json!({ "png": format!("data:image/png;base64,{png}"), "width": pw, "height": ph, "text": text }));
    }
    out
}

/// `POST /v1/preview`: problems, outline and one document's pages, as the clerk types.
pub async fn preview(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let wanted = query(request.uri(), "document");
    let scale = query(request.uri(), "scale").and_then(|v| v.parse::<f32>().ok()).unwrap_or(1.0);
    let scale = if scale.is_finite() { scale.clamp(0.2, 3.0) } else { 1.0 };
    let path = query(request.uri(), "path");
    // The clerk's date, from the browser (hoso reads no clock): it stands in for the dates a
    // draft has not yet written.
    let today = query(request.uri(), "today").and_then(|v| crate::vi::Date::parse(&v).ok());
    let text = match axum::body::Bytes::from_request(request, &()).await {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return error(e.status(), t!("serve.body-unreadable", error = e.body_text()), lang, None),
    };
    let engine = s.engine.clone();
    let service = s.clone();
    let job = move |cancel: &crate::Cancel| {
        let folder = match folder_of(&service, path.as_deref()) {
            Ok(f) => f,
            Err(r) => return Err(r),
        };
        let empty = tempfile::tempdir().ok();
        let dir = folder.as_deref().or(empty.as_ref().map(tempfile::TempDir::path));
        let ask = Ask { wanted: wanted.as_deref(), scale, lang, today };
        Ok(preview_of(&engine, &text, dir, &ask, cancel))
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Ok(answer)) => axum::Json(answer).into_response(),
        Ok(Err(r)) => refusal(r, lang),
        Err(e) => pool_refusal(e, lang),
    }
}

/// What a preview asks for: the document wanted (else the first), the pages' scale, the
/// language, and the clerk's date for the dates a draft lacks.
#[derive(Clone, Copy)]
struct Ask<'a> {
    wanted: Option<&'a str>,
    scale: f32,
    lang: crate::messages::Lang,
    today: Option<crate::vi::Date>,
}

/// What the preview answers for dossier `text` whose files are in `dir`: its problems, the
/// documents it makes, and the pages of the one `wanted` (or the first).
fn preview_of(
    engine: &crate::Engine,
    text: &str,
    dir: Option<&std::path::Path>,
    ask: &Ask,
    cancel: &crate::Cancel,
) -> Value {
    let Ask { wanted, scale, lang, today } = *ask;
    {
        // A draft while problems remain: the documents that can be laid out are shown from the
        // first minute, marked as drafts; only a text of no dossier's shape shows none.
        let checked = match engine.draft(text, dir, today, cancel) {
            Ok(c) => c,
            Err(p) => return json!({ "valid": false, "draft": false, "problems": p.in_language(lang) }),
        };
        let outline = checked.outline();
        let chosen = wanted
            .and_then(|w| outline.iter().find(|d| d.file == w || d.form == w))
            .or_else(|| outline.first())
            .cloned();
        let mut answer = json!({
            "valid": !checked.is_draft(),
            "draft": checked.is_draft(),
            "problems": checked.warnings.clone().in_language(lang),
            "outline": outline,
        });
        if let Some(doc) = chosen {
            let options = RenderOptions { only: Some(&doc.form), cancel: Some(cancel), ..Default::default() };
            match engine.render_with(&checked, &options) {
                Ok(r) => {
                    if let Some(d) = r.documents.iter().find(|d| d.file_name == doc.file).or(r.documents.first()) {
                        let pages = pages_of(&d.pdf, scale, cancel);
                        answer["document"] = json!({ "file": d.file_name, "title": d.title, "pages": pages });
                    }
                }
                Err(e) => answer["error"] = json!(e.to_string()),
            }
        }
        answer
    }
}

/// `POST /v1/import`: multipart with the spreadsheet in `sheet` (its file name kept for its
/// kind), the dossier in `dossier`, optionally the clerk's mapping in `columns` (`{"header":
/// "field"}`) and `add_awards=1` → the merged dossier, what changed, every column as used
/// (`columns`: letter, header, fills, how), the cells refused, the titles to add.
/// Read on the bounded pool, within the spreadsheet limits ([`crate::limits`]).
pub async fn import(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let mut parts = match Multipart::from_request(request, &()).await {
        Ok(p) => p,
        Err(e) => return error(e.status(), t!("serve.multipart", error = e.body_text()), lang, None),
    };
    let (mut sheet, mut dossier, mut columns, mut add_awards) = (None, None, Vec::new(), false);
    loop {
        let field = match parts.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return error(e.status(), t!("serve.multipart", error = e.body_text()), lang, None),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().unwrap_or("bang.xlsx").to_string();
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return error(e.status(), t!("serve.multipart", error = e.body_text()), lang, None),
        };
        match name.as_str() {
            "sheet" => sheet = Some((file, bytes)),
            "dossier" => dossier = Some(bytes),
            // The clerk's mapping: {"header": "field", …}, fields by their names or Vietnamese words.
            "columns" => {
                let map: std::collections::BTreeMap<String, String> =
                    serde_json::from_slice(&bytes).unwrap_or_default();
                columns = map
                    .into_iter()
                    .filter_map(|(h, f)| crate::import::field_named(&f).map(|f| (h, f)))
                    .collect::<Vec<_>>();
            }
            "add_awards" => add_awards = bytes.as_ref() == b"1" || bytes.as_ref() == b"true",
            _ => {}
        }
    }
    let (Some((file, bytes)), Some(text)) = (sheet, dossier) else {
        return error(StatusCode::BAD_REQUEST, t!("serve.import-parts"), lang, None);
    };
    let job = move |_: &crate::Cancel| -> Result<Value, (StatusCode, crate::messages::Text)> {
        let unprocessable = |t: crate::messages::Text| (StatusCode::UNPROCESSABLE_ENTITY, t);
        let mut dossier: Value = serde_json::from_slice(&text)
            .map_err(|e| (StatusCode::BAD_REQUEST, t!("cli.as-is", error = e.to_string())))?;
        let ext =
            std::path::Path::new(&file).extension().and_then(|e| e.to_str()).unwrap_or("xlsx").to_ascii_lowercase();
        let sheets = crate::import::read_bytes(&bytes, &ext).map_err(unprocessable)?;
        let sheet = crate::import::first_with_data(&sheets)
            .ok_or_else(|| unprocessable(t!("cli.import.empty", file = file.clone())))?;
        let mut imported = crate::import::nominees(sheet, &columns, &crate::import::awards_of(&dossier));
        let mut added_awards = Vec::new();
        if add_awards && !imported.to_add.is_empty() {
            added_awards = crate::import::awards::add(&mut dossier, &imported.to_add);
            imported = crate::import::nominees(sheet, &columns, &crate::import::awards_of(&dossier));
        }
        let merged = crate::import::merge(&mut dossier, &imported);
        Ok(json!({
            "dossier": dossier,
            "rows": imported.rows,
            "header_row": imported.header_row,
            "columns": imported.columns,
            "imported": imported.nominees.len(),
            "added": merged.added,
            "updated": merged.updated,
            "votes": merged.votes,
            "left_out": imported.left_out,
            "collectives": imported.collectives.iter().map(|(row, name)| json!({"row": row, "name": name})).collect::<Vec<_>>(),
            "to_add": imported.to_add,
            "added_awards": added_awards,
            "refused": imported.problems.iter().map(|p| p.render(lang)).collect::<Vec<_>>(),
        }))
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Ok(v)) => axum::Json(v).into_response(),
        Ok(Err((status, text))) => error(status, text, lang, None),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `POST /v1/paste`: rows pasted into the nominee grid, `{"columns": [field names], "rows":
/// [[cells]], "dossier": {…}}` → for each row (`{"row": its index, "fields": {…}, "refused":
/// [why]}`), read by the same code as `hoso import` reads a sheet (Vietnamese words for the
/// kind and gender, dates as the clerk types them, awards by id or name).
pub async fn paste(State(s): State<Arc<Service>>, request: Request) -> Response {
    #[derive(serde::Deserialize)]
    struct Pasted {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
        #[serde(default)]
        dossier: Value,
    }
    let lang = lang_of(request.uri(), request.headers());
    let pasted: Pasted = match axum::Json::<Pasted>::from_request(request, &()).await {
        Ok(axum::Json(p)) => p,
        Err(e) => return error(e.status(), t!("serve.body-unreadable", error = e.body_text()), lang, None),
    };
    let job = move |_: &crate::Cancel| {
        let sheet = crate::import::pasted(&pasted.columns, &pasted.rows);
        let map: Vec<(String, crate::import::Column)> =
            pasted.columns.iter().filter_map(|c| crate::import::field_named(c).map(|f| (c.clone(), f))).collect();
        let rows = crate::import::rows(&sheet, &map, &crate::import::awards_of(&pasted.dossier));
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|r| {
                json!({
                    "row": r.number.saturating_sub(2),
                    "fields": r.fields,
                    "refused": r.refused.iter().map(|p| p.render(lang)).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "rows": rows })
    };
    match s.pool.run(s.options.deadline, job).await {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => pool_refusal(e, lang),
    }
}

/// `GET /v1/starter?kind=truong[&pack=…]`: a starting dossier; `GET /v1/starter` alone: the
/// kinds of unit, `[{"kind": "truong", "name": "trường học …"}, …]`.
pub async fn starter(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let pack = query(request.uri(), "pack").filter(|p| !p.is_empty());
    let Some(kind) = query(request.uri(), "kind") else {
        let kinds: Vec<Value> = s
            .engine
            .unit_kinds(pack.as_deref())
            .into_iter()
            .map(|(kind, name)| json!({"kind": kind, "name": name}))
            .collect();
        return axum::Json(kinds).into_response();
    };
    match s.engine.starter(&kind, pack.as_deref()) {
        Ok(start) => axum::Json(start.dossier).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e, lang, None),
    }
}

/// `POST /v1/carry-over`: next year's dossier from last year's (the body).
pub async fn carry_over(request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let bytes = match axum::body::Bytes::from_request(request, &()).await {
        Ok(b) => b,
        Err(e) => return error(e.status(), t!("serve.body-unreadable", error = e.body_text()), lang, None),
    };
    let text = String::from_utf8_lossy(&bytes);
    let last = match crate::dossier::upgrade(&text).map(Ok).unwrap_or_else(|| serde_json::from_str::<Value>(&text)) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, t!("cli.as-is", error = e.to_string()), lang, None),
    };
    axum::Json(crate::dossier::carry_over(&last)).into_response()
}

/// `POST /v1/publish?path=PATH`: render the saved workspace dossier at PATH into the folder
/// beside it named after it (`ho-so.json` → `ho-so-pdf/`), as `hoso render` writes it (a signed
/// PDF there is never replaced), and answer the same files as a ZIP.
pub async fn publish(State(s): State<Arc<Service>>, request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let Some(ws) = s.workspace.as_ref() else { return no_workspace(lang) };
    let path = query(request.uri(), "path").unwrap_or_default();
    let engine = s.engine.clone();
    let root = ws.root().to_path_buf();
    let service = s.clone();
    let job =
        move |cancel: &crate::Cancel| -> Result<Vec<u8>, (StatusCode, crate::messages::Text, Option<crate::Problems>)> {
            let ws = service.workspace.as_ref().expect("a workspace");
            let full = match ws.resolve(&path) {
                Ok(f) if f.is_file() => f,
                Ok(_) => return Err((StatusCode::NOT_FOUND, t!("serve.no-file"), None)),
                Err(Refusal::BadPath(text)) => return Err((StatusCode::BAD_REQUEST, text, None)),
                Err(_) => return Err((StatusCode::NOT_FOUND, t!("serve.no-file"), None)),
            };
            let (text, _) = crate::host::read_text_said(&full).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => {
                    (StatusCode::UNPROCESSABLE_ENTITY, t!("cli.as-is", error = e.to_string()), None)
                }
                _ => (StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e.to_string()), None),
            })?;
            let checked = engine
                .check_cancellable(&text, full.parent(), cancel)
                .map_err(|p| (StatusCode::UNPROCESSABLE_ENTITY, t!("serve.invalid"), Some(p)))?;
            let rendered = engine
                .render_with(&checked, &RenderOptions { cancel: Some(cancel), ..Default::default() })
                .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e.to_string()), None))?;
            // `ho-so.json` → `ho-so-pdf/`, opened inside the workspace: a link planted there (or
            // at any file in it) carries nothing outside; another publish of it is refused, not
            // interleaved.
            let rel = std::path::Path::new(&path);
            let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let out_rel = rel.with_file_name(format!("{stem}-pdf"));
            let conflict = |e: crate::WriteError| (StatusCode::CONFLICT, e.text(), None);
            let out = crate::Output::inside(&root, &out_rel, crate::Wait::No).map_err(|e| conflict(e.into()))?;
            rendered.write_into(&out, false).map_err(conflict)?;
            super::api::zip(&rendered)
                .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e.to_string()), None))
        };
    match s.pool.run(s.options.deadline, job).await {
        Ok(Ok(bytes)) => {
            let headers = [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"ho-so.zip\"".to_string()),
            ];
            (headers, bytes).into_response()
        }
        Ok(Err((status, text, problems))) => error(status, text, lang, problems),
        Err(e) => pool_refusal(e, lang),
    }
}
