//! How the service answers: errors as JSON in the request's language, the refusals of the
//! pool and the workspace as statuses, and the small helpers every route shares (the query
//! string, file work off the connection threads).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::pool::PoolError;
use super::workspace::Refusal;
use crate::messages::{Lang, Text};
use crate::{Problems, t};

/// The language a request asks for: `?lang=`, else `Accept-Language`, else Vietnamese.
pub(crate) fn lang_of(uri: &axum::http::Uri, headers: &HeaderMap) -> Lang {
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
pub(crate) fn query(uri: &axum::http::Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// A JSON error answer: `{"error": …, "problems": […]}`.
pub(crate) fn error(status: StatusCode, text: Text, lang: Lang, problems: Option<Problems>) -> Response {
    let mut body = json!({ "error": text.render(lang) });
    if let Some(p) = problems {
        body["problems"] = serde_json::to_value(p.in_language(lang)).expect("problems serialise");
    }
    (status, axum::Json(body)).into_response()
}

/// The answer for a job the pool did not run.
pub(crate) fn pool_refusal(e: PoolError, lang: Lang) -> Response {
    match e {
        PoolError::Full => {
            let mut r = error(StatusCode::SERVICE_UNAVAILABLE, t!("serve.busy"), lang, None);
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            r
        }
        PoolError::Deadline => error(StatusCode::GATEWAY_TIMEOUT, t!("serve.deadline"), lang, None),
    }
}

/// The 404 that says the service has no workspace.
pub(crate) fn no_workspace(lang: Lang) -> Response {
    error(StatusCode::NOT_FOUND, t!("serve.no-workspace"), lang, None)
}

pub(crate) fn refusal(r: Refusal, lang: Lang) -> Response {
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
        Refusal::Unacceptable(text) => error(StatusCode::UNPROCESSABLE_ENTITY, text, lang, None),
        Refusal::NoPrecondition => error(StatusCode::PRECONDITION_REQUIRED, t!("serve.no-precondition"), lang, None),
        Refusal::Io(e) => error(StatusCode::INTERNAL_SERVER_ERROR, t!("cli.as-is", error = e.to_string()), lang, None),
    }
}

/// File work, on a thread made for blocking (never on the threads that serve connections, so
/// a slow disk cannot stall `/healthz`).
pub(crate) async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(out) => out,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}
