//! The routes, and how the service runs on a listener until it is told to stop.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware;
use axum::routing::{get, post};

use super::answer::{error, lang_of};
use super::service::Service;
use super::{api, guard, layers, signing, workbench};
use crate::t;

/// The routes, with the guard (host, origin, tokens), CORS where configured, the body limit and
/// deadline, and the request log around them.
pub fn router(service: &Arc<Service>) -> Router {
    let api = Router::new()
        .route("/v1/check", post(api::check))
        .route("/v1/render", post(api::render))
        .route("/v1/export", post(api::export))
        .route("/v1/gather", post(api::gather))
        .route("/v1/forms", get(api::forms))
        .route("/v1/schema", get(api::schema))
        .route("/v1/openapi.json", get(api::openapi))
        .route("/v1/dossiers", get(api::list_dossiers))
        .route("/v1/dossiers/{*path}", get(api::get_dossier).put(api::put_dossier))
        .route("/v1/preview", post(workbench::preview))
        .route("/v1/import", post(workbench::import))
        .route("/v1/paste", post(workbench::paste))
        .route("/v1/starter", get(workbench::starter))
        .route("/v1/carry-over", post(workbench::carry_over))
        .route("/v1/publish", post(workbench::publish))
        .route("/v1/signatures", get(workbench::signatures))
        .route("/v1/verify", post(signing::verify))
        .route("/v1/sign", post(signing::sign_start))
        .route("/v1/sign/{id}", get(signing::sign_poll))
        .route("/v1/sign/{id}/finish", post(signing::sign_finish))
        .route("/v1/sign/{id}/pdf", get(signing::sign_pdf))
        .route("/metrics", get(api::metrics_text));
    let mut app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/", get(workbench::index))
        .route("/js/{file}", get(workbench::script))
        .route("/app.css", get(workbench::style))
        .merge(api)
        .fallback(|uri: axum::http::Uri, headers: HeaderMap| async move {
            error(StatusCode::NOT_FOUND, t!("serve.no-route"), lang_of(&uri, &headers), None)
        })
        .layer(DefaultBodyLimit::max(service.options.body_limit))
        .layer(middleware::from_fn_with_state(service.clone(), layers::body_deadline))
        .layer(middleware::from_fn_with_state(service.clone(), layers::refuse_large));
    if !service.options.cors_origins.is_empty() {
        app = app.layer(guard::cors(&service.options.cors_origins));
    }
    app.layer(middleware::from_fn_with_state(service.clone(), guard::guard))
        .layer(middleware::from_fn_with_state(service.clone(), layers::log))
        .with_state(service.clone())
}

/// Serve `service` on `listener` until `shutdown` completes; then stop taking connections,
/// let the requests in flight finish (each within its deadline), cancel the jobs still running
/// for requests already answered, and return once they have stopped.
///
/// Each connection must send a request's headers within [`super::Options::header_timeout`] (and an
/// idle kept-alive connection is closed after as long) and its body within
/// [`super::Options::body_timeout`].
pub async fn run(
    service: Arc<Service>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    if let Ok(addr) = listener.local_addr() {
        service.listens_on(addr);
    }
    let app = router(&service);
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
