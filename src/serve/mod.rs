//! The engine as an HTTP service (`hoso serve`; feature `serve`), for the commendation and
//! e-office systems written in C#, Java, PHP or Python that cannot link a Rust library.
//!
//! One shared [`Engine`]; checks and renders run on a bounded [`pool::Pool`] (workers sized to
//! the cores, a queue of fixed length in front, 503 with `Retry-After` past it), each within a
//! deadline; bodies past a limit are refused (413). JSON in and out, described by the OpenAPI
//! document at `GET /v1/openapi.json`:
//!
//! | route | does |
//! |---|---|
//! | `POST /v1/check` | a dossier → its problems (200 whether valid or not) |
//! | `POST /v1/render` | a dossier (JSON body, or multipart with its files) → a ZIP of the whole output, or one document with `?document=`; 422 with the problems |
//! | `GET /v1/forms`, `GET /v1/schema` | the forms; the dossier schema |
//! | `GET/PUT /v1/dossiers/{path}`, `GET /v1/dossiers` | the workspace's files, with ETags |
//! | `GET /healthz`, `GET /metrics` | liveness; Prometheus counters |
//!
//! A dossier's files come in the request ([`upload`]) and land in a private temporary folder:
//! the service reads nothing outside it, or outside `--workspace`. Every API call needs the
//! bearer token when one is set (compared in constant time). One log line per request, with
//! its id, on stderr. Problems are said in the language the request asks for (`?lang=en`, or
//! an `Accept-Language` that starts with English), Vietnamese otherwise.

mod deadline;
mod guard;
pub mod metrics;
pub mod pool;
pub mod upload;
pub mod workbench;
pub mod workspace;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::messages::{Lang, Text};
use crate::{Engine, Problems, RenderOptions, t};
use metrics::{Metrics, RequestLabels};
use pool::{Pool, PoolError};
use workspace::{Refusal, Workspace};

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace folder (`GET/PUT /v1/dossiers/…`), if any.
    pub workspace: Option<PathBuf>,
    /// The bearer token every API call must carry, if any.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes (413 past it).
    pub body_limit: usize,
    /// Worker threads rendering at once (0: one per core).
    pub workers: usize,
    /// Requests waiting for a worker at most (503 past it).
    pub queue: usize,
    /// How long a check or render may take, waiting included (504 past it; the job itself is
    /// cancelled and frees its worker).
    pub deadline: Duration,
    /// The workbench's session token: with a workspace, its routes (`/v1/dossiers…`,
    /// `/v1/preview`, `/v1/import`, `/v1/starter`, `/v1/carry-over`, `/v1/publish`) need it (or
    /// the API token), even on the loopback, so no other web page a clerk opens can reach them.
    /// `hoso serve` makes a fresh one and prints the page's address with it.
    pub session_token: Option<String>,
    /// Host names (with or without a port) the service answers besides the addresses it
    /// listens on; a request naming any other `Host` is refused (DNS rebinding).
    pub allowed_hosts: Vec<String>,
    /// Origins (`https://eoffice.example`) whose pages may call the API from a browser (CORS);
    /// none by default: only the service's own page.
    pub cors_origins: Vec<String>,
    /// How long a client may take to send a request's headers — and how long a kept-alive
    /// connection may stay idle — and its body, before the connection is closed.
    pub header_timeout: Duration,
    /// See [`Options::header_timeout`].
    pub body_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workspace: None,
            token: None,
            body_limit: crate::limits::DEFAULT_BODY,
            workers: 0,
            queue: 16,
            deadline: Duration::from_secs(120),
            session_token: None,
            allowed_hosts: Vec::new(),
            cors_origins: Vec::new(),
            header_timeout: Duration::from_secs(crate::limits::HEADER_SECONDS),
            body_timeout: Duration::from_secs(crate::limits::BODY_SECONDS),
        }
    }
}

/// The service's shared state: the engine, the pool, the workspace, the counters.
pub struct Service {
    engine: Arc<Engine>,
    options: Options,
    pool: Pool,
    workspace: Option<Workspace>,
    metrics: Metrics,
    next_id: AtomicU64,
    /// The addresses it listens on, once [`run`] has its listener.
    listening: std::sync::Mutex<Vec<std::net::SocketAddr>>,
}

/// The OpenAPI document of the service.
pub const OPENAPI: &str = include_str!("openapi.json");

impl Service {
    /// A service over `engine` (shared: its fonts, library and templates load once).
    pub fn new(engine: Arc<Engine>, options: Options) -> std::io::Result<Arc<Self>> {
        let workers = if options.workers == 0 {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        } else {
            options.workers
        };
        let workspace = options.workspace.as_deref().map(Workspace::open).transpose()?;
        upload::clean_leftovers();
        Ok(Arc::new(Service {
            engine,
            pool: Pool::new(workers, options.queue),
            workspace,
            metrics: Metrics::default(),
            next_id: AtomicU64::new(1),
            listening: std::sync::Mutex::new(Vec::new()),
            options,
        }))
    }

    /// Say that the service listens on `addr` (its `Host` is then answered).
    pub fn listens_on(&self, addr: std::net::SocketAddr) {
        self.listening.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(addr);
    }

    /// The routes, with the guard (host, origin, tokens), CORS where configured, the body
    /// limit and deadline, and the request log around them.
    pub fn router(self: &Arc<Self>) -> Router {
        let api = Router::new()
            .route("/v1/check", post(check))
            .route("/v1/render", post(render))
            .route("/v1/forms", get(forms))
            .route("/v1/schema", get(schema))
            .route("/v1/openapi.json", get(openapi))
            .route("/v1/dossiers", get(list_dossiers))
            .route("/v1/dossiers/{*path}", get(get_dossier).put(put_dossier))
            .route("/v1/preview", post(workbench::preview))
            .route("/v1/import", post(workbench::import))
            .route("/v1/starter", get(workbench::starter))
            .route("/v1/carry-over", post(workbench::carry_over))
            .route("/v1/publish", post(workbench::publish))
            .route("/metrics", get(metrics_text));
        let mut app = Router::new()
            .route("/healthz", get(|| async { "ok\n" }))
            .route("/", get(workbench::index))
            .route("/app.js", get(workbench::script))
            .route("/app.css", get(workbench::style))
            .merge(api)
            .fallback(|uri: axum::http::Uri, headers: HeaderMap| async move {
                error(StatusCode::NOT_FOUND, t!("serve.no-route"), lang_of(&uri, &headers), None)
            })
            .layer(DefaultBodyLimit::max(self.options.body_limit))
            .layer(middleware::from_fn_with_state(self.clone(), body_deadline))
            .layer(middleware::from_fn_with_state(self.clone(), refuse_large));
        if !self.options.cors_origins.is_empty() {
            app = app.layer(guard::cors(&self.options.cors_origins));
        }
        app.layer(middleware::from_fn_with_state(self.clone(), guard::guard))
            .layer(middleware::from_fn_with_state(self.clone(), log))
            .with_state(self.clone())
    }
}

/// Serve `service` on `listener` until `shutdown` completes; then stop taking connections,
/// let the requests in flight finish (each within its deadline), cancel the jobs still running
/// for requests already answered, and return once they have stopped.
///
/// Each connection must send a request's headers within [`Options::header_timeout`] (and an
/// idle kept-alive connection is closed after as long) and its body within
/// [`Options::body_timeout`].
pub async fn run(
    service: Arc<Service>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    if let Ok(addr) = listener.local_addr() {
        service.listens_on(addr);
    }
    let app = service.router();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(service.options.header_timeout).keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                // Out of descriptors or a connection reset before it was taken: try again soon.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let tower = app.clone();
        let svc = hyper::service::service_fn(move |request: axum::http::Request<hyper::body::Incoming>| {
            tower::ServiceExt::oneshot(tower.clone(), request.map(axum::body::Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), svc));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    // Requests are all answered; what still runs belongs to requests past their deadline.
    service.pool.stop();
    let stopped = crate::host::now() + Duration::from_secs(30);
    while service.pool.running() > 0 && crate::host::now() < stopped {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// A request body must arrive whole within [`Options::body_timeout`]: a client that sends it
/// a byte at a time is cut off (408), its worker never held.
async fn body_deadline(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let expired = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (parts, body) = request.into_parts();
    let body = deadline::Body::new(body, s.options.body_timeout, expired.clone());
    let lang = lang_of(&parts.uri, &parts.headers);
    let response = next.run(Request::from_parts(parts, axum::body::Body::new(body))).await;
    if expired.load(Ordering::Relaxed) {
        let mut r = error(StatusCode::REQUEST_TIMEOUT, t!("serve.body-too-slow"), lang, None);
        r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    response
}

/// A fresh session token for the workbench ([`Options::session_token`]): 128 random bits.
pub fn session_token() -> std::io::Result<String> {
    crate::host::random_token()
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The language a request asks for: `?lang=`, else `Accept-Language`, else Vietnamese.
fn lang_of(uri: &axum::http::Uri, headers: &HeaderMap) -> Lang {
    if let Some(l) = query(uri, "lang").and_then(|v| Lang::parse(&v)) {
        return l;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map_or(Lang::Vi, |first| Lang::from_locale(first.split(';').next().unwrap_or_default()))
}

/// A query parameter's value, percent-decoded.
fn query(uri: &axum::http::Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// A JSON error answer: `{"error": …, "problems": […]}`.
fn error(status: StatusCode, text: Text, lang: Lang, problems: Option<Problems>) -> Response {
    let mut body = json!({ "error": text.render(lang) });
    if let Some(p) = problems {
        body["problems"] = serde_json::to_value(p.in_language(lang)).expect("problems serialise");
    }
    (status, axum::Json(body)).into_response()
}

/// The answer for a job the pool did not run.
fn pool_refusal(e: PoolError, lang: Lang) -> Response {
    match e {
        PoolError::Full => {
            let mut r = error(StatusCode::SERVICE_UNAVAILABLE, t!("serve.busy"), lang, None);
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            r
        }
        PoolError::Deadline => error(StatusCode::GATEWAY_TIMEOUT, t!("serve.deadline"), lang, None),
    }
}

/// A body that says it is past the limit (`Content-Length`) is refused before a byte of it is
/// read: 413 at once, so a client that sent `Expect: 100-continue` never sends it. (A body
/// without a length is cut off at the limit as it is read, with the same answer.)
async fn refuse_large(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > s.options.body_limit as u64) {
        let lang = lang_of(request.uri(), request.headers());
        let mib = s.options.body_limit.div_ceil(1 << 20);
        let mut r = error(StatusCode::PAYLOAD_TOO_LARGE, t!("serve.too-large", max = mib), lang, None);
        r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    next.run(request).await
}

/// One log line per request on stderr (id, method, path, route, status, milliseconds), the id
/// also in the `x-request-id` header; the request counted by route and status.
async fn log(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let id = s.next_id.fetch_add(1, Ordering::Relaxed);
    let started = crate::host::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let route = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let mut response = next.run(request).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let route = route.unwrap_or_else(|| "other".into());
    s.metrics.requests.get_or_create(&RequestLabels { route: route.clone(), status }).inc();
    response.headers_mut().insert("x-request-id", HeaderValue::from(id));
    let line = json!({"id": id, "method": method, "path": path, "route": route, "status": status, "ms": (ms * 10.0).round() / 10.0});
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    response
}

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
async fn check(State(s): State<Arc<Service>>, request: Request) -> Response {
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

/// What a render job made: the problems, a ZIP, or one document.
enum Made {
    Invalid(Problems),
    Failed(String),
    NoDocument(String),
    Zip(Vec<u8>),
    Pdf(String, Vec<u8>),
}

/// `POST /v1/render`: a dossier → a ZIP of the whole output (documents, `ho-so.pdf`,
/// `manifest.json`, byte for byte as `hoso render` writes them), or with `?document=` (a file
/// name or a form id) that document as `application/pdf`; 422 with the problems when invalid.
async fn render(State(s): State<Arc<Service>>, request: Request) -> Response {
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
            Err(p) => return (Made::Invalid(p), 0, 0),
        };
        let options = RenderOptions { stamp, cancel: Some(cancel), ..Default::default() };
        let rendered = match engine.render_with(&checked, &options) {
            Ok(r) => r,
            Err(e) => return (Made::Failed(e.to_string()), 0, 0),
        };
        let (docs, pages) = (rendered.documents.len(), rendered.pages());
        let made = match document {
            Some(want) => match rendered
                .documents
                .into_iter()
                .find(|d| d.file_name == want || d.form.as_deref() == Some(want.as_str()))
            {
                Some(d) => Made::Pdf(d.file_name, d.pdf),
                None => Made::NoDocument(want),
            },
            None => match zip(&rendered) {
                Ok(bytes) => Made::Zip(bytes),
                Err(e) => Made::Failed(e.to_string()),
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
        Made::Invalid(p) => error(StatusCode::UNPROCESSABLE_ENTITY, t!("serve.invalid"), lang, Some(p)),
        Made::Failed(e) => error(StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e), lang, None),
        Made::NoDocument(want) => error(StatusCode::NOT_FOUND, t!("serve.no-document", document = want), lang, None),
        Made::Zip(bytes) => {
            s.metrics.documents.inc_by(docs as u64);
            s.metrics.pages.inc_by(pages as u64);
            let headers = [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"ho-so.zip\"".to_string()),
            ];
            (headers, bytes).into_response()
        }
        Made::Pdf(name, bytes) => {
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
fn zip(rendered: &crate::Rendered) -> zip::result::ZipResult<Vec<u8>> {
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
async fn forms(State(s): State<Arc<Service>>) -> Response {
    axum::Json(json!(s.engine.forms())).into_response()
}

/// `GET /v1/schema`: the dossier schema, descriptions in the request's language.
async fn schema(request: Request) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    axum::Json(crate::dossier::schema_in(lang)).into_response()
}

/// `GET /v1/openapi.json`: this API, described.
async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /metrics`: the counters, in the Prometheus text format.
async fn metrics_text(State(s): State<Arc<Service>>) -> Response {
    s.metrics.queue_depth.set(s.pool.waiting() as i64);
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], s.metrics.text())
        .into_response()
}

/// The 404 that says the service has no workspace.
fn no_workspace(lang: Lang) -> Response {
    error(StatusCode::NOT_FOUND, t!("serve.no-workspace"), lang, None)
}

fn refusal(r: Refusal, lang: Lang) -> Response {
    match r {
        Refusal::BadPath(text) => error(StatusCode::BAD_REQUEST, text, lang, None),
        Refusal::NotFound => error(StatusCode::NOT_FOUND, t!("serve.no-file"), lang, None),
        Refusal::Stale(current) => {
            let mut resp = error(StatusCode::PRECONDITION_FAILED, t!("serve.stale"), lang, None);
            if let Some(tag) = current.and_then(|c| HeaderValue::from_str(&c).ok()) {
                resp.headers_mut().insert(header::ETAG, tag);
            }
            resp
        }
        Refusal::NoPrecondition => error(StatusCode::PRECONDITION_REQUIRED, t!("serve.no-precondition"), lang, None),
        Refusal::Io(e) => error(StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e.to_string()), lang, None),
    }
}

/// File work, on a thread made for blocking (never on the threads that serve connections, so
/// a slow disk cannot stall `/healthz`).
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(out) => out,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `GET /v1/dossiers`: the workspace's dossier files with their ETags.
async fn list_dossiers(State(s): State<Arc<Service>>, headers: HeaderMap, uri: axum::http::Uri) -> Response {
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
async fn get_dossier(
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
async fn put_dossier(
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
