//! The command line: one file per subcommand, each a thin layer over the library.
//!
//! Exit codes: 0 success, 1 invalid data (the problems are printed), 2 usage errors
//! (bad arguments, unreadable paths, unknown forms).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod forms;
mod render;
mod schema;
mod view;

/// Exit code for invalid data.
pub const INVALID: u8 = 1;
/// Exit code for usage errors.
pub const USAGE: u8 = 2;

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
    let global = Global { forms: cli.forms, font_dirs: cli.font_dirs };
    let result = match cli.command {
        Command::Render(a) => render::run(&global, a),
        Command::Check(a) => check::run(&global, a),
        Command::Forms(a) => forms::run(&global, a),
        Command::Schema => schema::run(),
        Command::View(a) => view::run(&global, a),
    };
    result.unwrap_or_else(|code| code)
}
