//! `hoso serve`: the engine as an HTTP service ([`hoso::serve`]). Binds to 127.0.0.1 unless
//! told otherwise; listening on another address needs a token. Prints `listening on
//! http://ADDR` once it accepts connections, and stops on Ctrl-C or SIGTERM after the requests
//! in flight have finished.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hoso::t;

use super::{Failure, Global, Outcome, tr};

/// Arguments of `hoso serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The address to listen on; port 0 takes a free port (the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A folder of dossiers to read and write over HTTP (GET/PUT /v1/dossiers/…).
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// A file holding the bearer token every API call must carry; required to listen on an
    /// address other than the loopback.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The largest request body, in MiB (413 past it).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_body: usize,
    /// Renders at once (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    workers: usize,
    /// Requests waiting for a worker at most; more are answered 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 16)]
    queue: usize,
    /// Seconds a check or render may take, waiting included (504 past it).
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    deadline: u64,
    /// A host name the service answers besides the addresses it listens on (as a proxy or
    /// the clerks' browsers name it); repeat for more. Any other Host is refused.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
    /// An origin (https://eoffice.example) whose web pages may call the API (CORS); repeat for
    /// more. None by default.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Seconds a client may take to send a request's headers (and a kept-alive connection may
    /// stay idle).
    #[arg(long, value_name = "SECONDS", default_value_t = hoso::limits::HEADER_SECONDS)]
    header_timeout: u64,
    /// Seconds a client may take to send a request's body.
    #[arg(long, value_name = "SECONDS", default_value_t = hoso::limits::BODY_SECONDS)]
    body_timeout: u64,
    /// Trusted root certificates for POST /v1/verify (PEM, DER, .p7b); repeat for more.
    #[arg(long = "trust", value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// The folder signing runs wait in (POST /v1/sign), so a restart loses none (default: a
    /// folder in the system's temporary folder).
    #[arg(long, value_name = "DIR")]
    sign_state: Option<PathBuf>,
}

/// Run `hoso serve`.
pub fn run(global: &Global, args: Args) -> Outcome {
    let token = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| super::cannot_read(path, &e))?;
            let token = text.trim().to_string();
            if token.len() < 16 {
                return Err(Failure::usage(t!("cli.serve.short-token", file = path.display().to_string())));
            }
            Some(token)
        }
        None => None,
    };
    if !args.listen.ip().is_loopback() && token.is_none() {
        return Err(Failure::usage(t!("cli.serve.needs-token", addr = args.listen.to_string())));
    }
    let engine = Arc::new(global.engine()?);
    // The workbench's own token, fresh for this run: the page's address carries it.
    let session_token = match &args.workspace {
        Some(_) => {
            Some(hoso::serve::session_token().map_err(|e| Failure::usage(t!("cli.as-is", error = e.to_string())))?)
        }
        None => None,
    };
    let mut trust_files = Vec::new();
    for p in &args.trust {
        trust_files.push(std::fs::read(p).map_err(|e| super::cannot_read(p, &e))?);
    }
    let trust =
        hoso::verify::trust_store(&trust_files).map_err(|e| Failure::usage(t!("sign.cert-unreadable", error = e)))?;
    let options = hoso::serve::Options {
        trust,
        sign_state: args.sign_state.clone(),
        workspace: args.workspace.clone(),
        token,
        body_limit: args.max_body.saturating_mul(1 << 20),
        workers: args.workers,
        queue: args.queue,
        deadline: Duration::from_secs(args.deadline.max(1)),
        session_token: session_token.clone(),
        allowed_hosts: args.allow_hosts.clone(),
        cors_origins: args.cors_origins.clone(),
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        body_timeout: Duration::from_secs(args.body_timeout.max(1)),
    };
    let service = hoso::serve::Service::new(engine, options).map_err(|e| {
        let dir = args.workspace.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        Failure::usage(t!("cli.cannot-write-into", dir = dir, error = e.to_string()))
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::usage(t!("cli.as-is", error = e.to_string())))?;
    let result: Outcome = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| {
            Failure::usage(t!("cli.serve.cannot-listen", addr = args.listen.to_string(), error = e.to_string()))
        })?;
        let addr = listener.local_addr().map_err(|e| Failure::usage(t!("cli.as-is", error = e.to_string())))?;
        super::say!("{}", tr(t!("cli.serve.listening", addr = format!("http://{addr}"))));
        if let Some(token) = &session_token {
            let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
            let host = if host.contains(':') { format!("[{host}]") } else { host };
            let url = format!("http://{host}:{}/#token={token}", addr.port());
            super::say!("{}", tr(t!("cli.serve.workbench", url = url)));
        }
        hoso::serve::run(service, listener, hoso::serve::stop_signal())
            .await
            .map_err(|e| Failure::output(t!("cli.as-is", error = e.to_string())))
    });
    // Whatever still runs on a blocking thread (a job past its deadline that ignores its flag)
    // does not keep the process alive.
    runtime.shutdown_timeout(Duration::from_secs(2));
    result?;
    eprintln!("{}", tr(t!("cli.serve.stopped")));
    Ok(())
}
