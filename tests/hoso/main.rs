//! hoso's integration tests: one binary (each extra one relinks typst), one module per concern.

mod common;
mod measure;

mod award_cycle;
mod batch;
mod cli;
mod cut;
mod decision;
mod dossier;
mod export;
mod gather;
mod goldens;
mod hard_content;
mod hostile;
mod households;
mod import;
mod invalid;
mod law;
mod layout;
mod output;
mod safety;
mod sentences;
#[cfg(feature = "serve")]
mod serve;
mod signature;
#[cfg(feature = "sign")]
mod signing;
mod stress;
