//! The command line: one file per subcommand, each a thin layer over the library.
//!
//! Exit codes: 0 success, 1 invalid data (the problems are printed), 2 usage errors
//! (bad arguments, unreadable paths, unknown forms).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod bench;
mod check;
mod forms;
mod render;
mod schema;
mod view;

/// Exit code for invalid data.
pub const INVALID: u8 = 1;
/// Exit code for usage errors.
pub const USAGE: u8 = 2;
/// Exit code after Ctrl-C (128 + SIGINT), as shells report it.
pub const INTERRUPTED: u8 = 130;

/// Set by the Ctrl-C handler; long commands check it and stop before writing anything more.
static CANCEL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The flag Ctrl-C sets.
pub fn cancel_flag() -> &'static std::sync::atomic::AtomicBool {
    &CANCEL
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    CANCEL.load(std::sync::atomic::Ordering::SeqCst)
}

/// The first Ctrl-C asks the running command to stop at the next safe point (files are only
/// ever renamed into place whole, so none is left half-written); a second one exits at once.
fn install_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(INTERRUPTED as i32);
        }
        eprintln!("\ninterrupted: finishing the files being written, then stopping (Ctrl-C again to quit now)");
    });
}

/// hoso: Vietnamese commendation dossiers (Decree 30/2020) from JSON to archival PDF.
#[derive(Parser)]
#[command(name = "hoso", version, about)]
struct Cli {
    /// Use the forms in this folder instead of the compiled-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    forms: Option<PathBuf>,
    /// Also load fonts from this folder (system fonts are never read otherwise).
    #[arg(long = "font-dir", global = true, value_name = "DIR")]
    font_dirs: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a dossier's documents as PDF/A files into a folder.
    Render(render::Args),
    /// Render every dossier under a folder, in parallel, into a mirrored folder tree.
    Batch(batch::Args),
    /// Measure throughput and memory against the stock typst CLI (see README, Benchmark).
    Bench(bench::Args),
    /// Run a program and print its exit code and peak memory (used by `hoso bench`).
    #[command(hide = true)]
    BenchMeasure {
        /// The program.
        program: std::ffi::OsString,
        /// Its arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Validate a dossier and print every problem; renders nothing.
    Check(check::Args),
    /// List the forms: id, title, legal basis, validity.
    Forms(forms::Args),
    /// Print the JSON Schema of the dossier format.
    Schema,
    /// Print the data one form's template receives (for template authors).
    View(view::Args),
}

/// Options every subcommand that builds an engine shares.
pub struct Global {
    forms: Option<PathBuf>,
    font_dirs: Vec<PathBuf>,
}

impl Global {
    /// Build the engine, or print why not (a usage error).
    pub fn engine(&self) -> Result<hoso::Engine, ExitCode> {
        let options = hoso::EngineOptions { forms_dir: self.forms.clone(), font_dirs: self.font_dirs.clone() };
        hoso::Engine::with_options(&options).map_err(|e| {
            eprintln!("error: {e}");
            ExitCode::from(USAGE)
        })
    }
}

/// Read and check a dossier file: an unreadable file is a usage error, problems are printed
/// and make invalid data; warnings are printed and the checked dossier returned.
pub fn checked(engine: &hoso::Engine, path: &std::path::Path) -> Result<hoso::Checked, ExitCode> {
    let result = engine.check_file(path).map_err(|e| {
        eprintln!("error: cannot read {}: {e}", path.display());
        ExitCode::from(USAGE)
    })?;
    match result {
        Ok(c) => {
            print_problems(path, &c.warnings);
            Ok(c)
        }
        Err(problems) => {
            print_problems(path, &problems);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!("{}: {errors} problem{} to fix", path.display(), if errors == 1 { "" } else { "s" });
            Err(ExitCode::from(INVALID))
        }
    }
}

/// Print problems the way every subcommand does: one per line, prefixed with the file.
pub fn print_problems(file: &std::path::Path, problems: &hoso::Problems) {
    for p in problems {
        eprintln!("{}: {p}", file.display());
    }
}

/// Parse the command line and run it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    install_ctrl_c();
    let global = Global { forms: cli.forms, font_dirs: cli.font_dirs };
    let result = match cli.command {
        Command::Render(a) => render::run(&global, a),
        Command::Batch(a) => batch::run(&global, a),
        Command::Bench(a) => bench::run(&global, a),
        Command::BenchMeasure { program, args } => Ok(bench::measure_child(&program, &args)),
        Command::Check(a) => check::run(&global, a),
        Command::Forms(a) => forms::run(&global, a),
        Command::Schema => schema::run(),
        Command::View(a) => view::run(&global, a),
    };
    result.unwrap_or_else(|code| code)
}
