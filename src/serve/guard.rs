//! Who may talk to the service. Every request passes the guard before any route sees it:
//!
//! 1. **Host.** The `Host` header must name an address the service listens on (on the
//!    loopback: `127.0.0.1`, `[::1]` or `localhost`, with its port), an IP address when it
//!    listens on every interface, or a name it was told to answer (`--allow-host`). Anything
//!    else is refused (421): a web page whose name was made to resolve to the loopback (DNS
//!    rebinding) reads nothing.
//! 2. **Origin.** A request a browser makes for another site's page is refused (403): an
//!    `Origin` that is not the service's own (or one configured for CORS), or a
//!    `Sec-Fetch-Site` of `cross-site` or `same-site`. So no page on another site can change
//!    anything, even with a "simple" request a browser sends without asking first; programs
//!    (curl, Python, C#) send neither header and are not concerned.
//! 3. **Tokens.** With `--token-file`, every API call carries `Authorization: Bearer TOKEN`
//!    (401 otherwise; compared in constant time). With a workspace, the workbench's routes also
//!    take the session token the service printed with the page's address; nothing of the
//!    workspace is reachable without one of the two.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::answer::{error, lang_of};
use super::service::Service;
use crate::t;

/// The routes of the workbench and the workspace: with a workspace, they need a token even on
/// the loopback.
fn workbench_route(path: &str) -> bool {
    path == "/v1/dossiers"
        || path.starts_with("/v1/dossiers/")
        || matches!(
            path,
            "/v1/preview"
                | "/v1/import"
                | "/v1/paste"
                | "/v1/starter"
                | "/v1/carry-over"
                | "/v1/publish"
                | "/v1/signatures"
        )
}

/// The host and port a `Host` header names (`[::1]:8080` → (`::1`, 8080)); no port is 80.
fn split_host(value: &str) -> Option<(String, u16)> {
    let value = value.trim().to_ascii_lowercase();
    if let Some(rest) = value.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => 80,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match value.rsplit_once(':') {
        Some((host, port)) => Some((host.to_string(), port.parse().ok()?)),
        None => Some((value, 80)),
    }
}

impl Service {
    /// Whether a request naming `host` is for this service.
    fn host_allowed(&self, host: Option<&HeaderValue>) -> bool {
        let Some((name, port)) = host.and_then(|h| h.to_str().ok()).and_then(split_host) else { return false };
        // "name" answers on any port, "name:port" on that one.
        let has_port = |a: &str| if a.starts_with('[') { a.contains("]:") } else { a.contains(':') };
        let configured = self.options.allowed_hosts.iter().any(|a| match split_host(a) {
            Some((n, p)) => n == name && (!has_port(a) || p == port),
            None => false,
        });
        if configured {
            return true;
        }
        let listening = self.listening.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        listening.iter().any(|addr| {
            if addr.port() != port {
                return false;
            }
            let ip = addr.ip();
            match name.parse::<IpAddr>() {
                // Listening on every interface: any address of this machine may be named, and
                // an address can never be rebound the way a name can.
                Ok(_) if ip.is_unspecified() => true,
                Ok(named) => named == ip || (ip.is_loopback() && named.is_loopback()),
                Err(_) => ip.is_loopback() && name == "localhost",
            }
        })
    }

    /// Whether `origin` is the service's own (as the request's `Host` names it) or one
    /// configured for CORS.
    fn origin_allowed(&self, origin: &str, host: Option<&HeaderValue>) -> bool {
        let own = host.and_then(|h| h.to_str().ok()).is_some_and(|h| {
            origin.eq_ignore_ascii_case(&format!("http://{h}")) || origin.eq_ignore_ascii_case(&format!("https://{h}"))
        });
        own || self.options.cors_origins.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin))
    }

    /// Whether `headers` carry `token` as a bearer token (compared in constant time).
    fn carries(headers: &HeaderMap, token: &str) -> bool {
        use subtle::ConstantTimeEq;
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        bool::from(given.as_bytes().ct_eq(token.as_bytes()))
    }
}

/// The guard: host, origin, then tokens (see the module's documentation).
pub(super) async fn guard(State(s): State<Arc<Service>>, request: Request, next: Next) -> Response {
    let lang = lang_of(request.uri(), request.headers());
    let path = request.uri().path().to_string();
    let headers = request.headers();
    // The load balancer's probe may name the host any way it likes; it learns only "ok".
    if path != "/healthz" && !s.host_allowed(headers.get(header::HOST)) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default().to_string();
        return error(StatusCode::MISDIRECTED_REQUEST, t!("serve.foreign-host", host = host), lang, None);
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())
        && !s.origin_allowed(origin, headers.get(header::HOST))
    {
        return error(StatusCode::FORBIDDEN, t!("serve.foreign-origin", origin = origin), lang, None);
    }
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).unwrap_or("none");
    let configured_origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| s.options.cors_origins.iter().any(|c| c.trim_end_matches('/').eq_ignore_ascii_case(o)));
    if matches!(site, "cross-site" | "same-site") && !configured_origin {
        return error(StatusCode::FORBIDDEN, t!("serve.foreign-origin", origin = site), lang, None);
    }
    let api = path.starts_with("/v1/") || path == "/metrics";
    // A CORS preflight carries no token; the CORS layer answers it.
    if api && request.method() != Method::OPTIONS {
        let api_token = s.options.token.as_deref();
        let session = s.workspace.as_ref().and(s.options.session_token.as_deref()).filter(|_| workbench_route(&path));
        let allowed = match (api_token, session) {
            (None, None) => true,
            (a, b) => {
                a.is_some_and(|t| Service::carries(headers, t)) || b.is_some_and(|t| Service::carries(headers, t))
            }
        };
        if !allowed {
            let mut r = error(StatusCode::UNAUTHORIZED, t!("serve.unauthorised"), lang, None);
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return r;
        }
    }
    next.run(request).await
}

/// CORS for the configured origins only: their pages may call the API with a token.
pub(super) fn cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let list: Vec<HeaderValue> =
        origins.iter().filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(list))
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::HeaderName::from_static("x-request-id")])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_split() {
        assert_eq!(split_host("127.0.0.1:8080"), Some(("127.0.0.1".into(), 8080)));
        assert_eq!(split_host("[::1]:80"), Some(("::1".into(), 80)));
        assert_eq!(split_host("LocalHost"), Some(("localhost".into(), 80)));
        assert_eq!(split_host("a:b"), None);
    }
}
