//! The service's shared state and how it runs: its [`Options`], the [`Service`] (the engine,
//! the pool, the workspace, the counters, the addresses it listens on) and a session token.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use super::metrics::Metrics;
use super::pool::Pool;
use super::upload;
use super::workspace::Workspace;
use crate::Engine;

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
    /// `/v1/preview`, `/v1/import`, `/v1/starter`, `/v1/carry-over`, `/v1/publish`,
    /// `/v1/signatures`) need it (or
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
    /// Trusted roots (DER) for `POST /v1/verify`; none is built in.
    pub trust: Vec<Vec<u8>>,
    /// The folder signing runs wait in (`POST /v1/sign`), so a restart loses none; `None`: a
    /// folder in the system's temporary folder.
    pub sign_state: Option<PathBuf>,
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
            trust: Vec::new(),
            sign_state: None,
        }
    }
}

/// The service's shared state: the engine, the pool, the workspace, the counters.
pub struct Service {
    pub(crate) engine: Arc<Engine>,
    pub(crate) options: Options,
    pub(crate) pool: Pool,
    pub(crate) workspace: Option<Workspace>,
    pub(crate) metrics: Metrics,
    pub(crate) next_id: AtomicU64,
    /// The addresses it listens on, once [`run`] has its listener.
    pub(crate) listening: std::sync::Mutex<Vec<std::net::SocketAddr>>,
}

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
}

/// A fresh session token for the workbench ([`Options::session_token`]): 128 random bits.
pub fn session_token() -> std::io::Result<String> {
    crate::host::random_token()
}
