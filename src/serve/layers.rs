//! What wraps every route: the request log, the refusal of a body past the limit before it is
//! read, and the deadline of a body that must arrive whole.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use super::answer::{error, lang_of};
use super::deadline;
use super::metrics::RequestLabels;
use super::service::Service;
use crate::t;

/// A request body must arrive whole within [`Options::body_timeout`]: a client that sends it
/// a byte at a time is cut off (408), its worker never held.
pub(crate) async fn body_deadline(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
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

/// A body that says it is past the limit (`Content-Length`) is refused before a byte of it is
/// read: 413 at once, so a client that sent `Expect: 100-continue` never sends it. (A body
/// without a length is cut off at the limit as it is read, with the same answer.)
pub(crate) async fn refuse_large(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
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
pub(crate) async fn log(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
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
