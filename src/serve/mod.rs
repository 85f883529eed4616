//! The engine as an HTTP service (`hoso serve`; feature `serve`), for the commendation and
//! e-office systems written in C#, Java, PHP or Python that cannot link a Rust library.
//!
//! One shared [`crate::Engine`]; checks and renders run on a bounded pool (workers sized to
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
//! A dossier's files come in the request (`upload.rs`) and land in a private temporary folder:
//! the service reads nothing outside it, or outside `--workspace`. Every API call needs the
//! bearer token when one is set (compared in constant time). One log line per request, with
//! its id, on stderr. Problems are said in the language the request asks for (`?lang=en`, or
//! an `Accept-Language` that starts with English), Vietnamese otherwise.

mod answer;
mod api;
mod deadline;
mod guard;
mod layers;
pub(crate) mod metrics;
pub(crate) mod pool;
mod routes;
mod service;
mod signing;
pub(crate) mod upload;
pub(crate) mod workbench;
pub(crate) mod workspace;

pub use api::OPENAPI;
pub use routes::{router, run, stop_signal};
pub use service::{Options, Service, session_token};
