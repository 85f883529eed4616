//! The command line: one file per subcommand, each a thin layer over the library that returns
//! what it did or a [`Failure`]; [`main`] prints failures, in one place, and maps them to exit
//! codes.
//!
//! Exit codes: 0 success; 1 invalid data (the problems are printed; for `batch`: a dossier
//! failed); 2 usage (bad arguments, unreadable input, unknown forms); 3 an internal failure (a
//! bug in hoso or its forms: a template that does not lay out, a document that cannot be cut);
//! 4 the output could not be written; 130 interrupted by Ctrl-C.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod carry;
mod check;
mod forms;
mod import;
mod new;
mod render;
mod schema;
mod upgrade;
mod view;

/// `println!` for a command's output on stdout: a reader that stops early (`hoso forms --json |
/// head`) ends the command quietly with success instead of a panic on the broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;

/// `print!` for a command's output on stdout, as [`say!`].
macro_rules! say_raw {
    ($($arg:tt)*) => {
        $crate::cli::emit(format_args!($($arg)*))
    };
}

/// Write `args` to stdout; a closed pipe ends the process with success (the reader has what it
/// wanted), another failure with [`OUTPUT`].
pub(crate) fn emit(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(i32::from(OUTPUT));
    }
}

/// Exit code for invalid data.
pub const INVALID: u8 = 1;
/// Exit code for usage errors.
pub const USAGE: u8 = 2;
/// Exit code for a failure inside hoso or its forms (a bug to report, not the data's fault).
pub const INTERNAL: u8 = 3;
/// Exit code when the output could not be written (disk full, permissions, …).
pub const OUTPUT: u8 = 4;
/// Exit code after Ctrl-C (128 + SIGINT), as shells report it.
pub const INTERRUPTED: u8 = 130;

/// Why a command did not succeed: its exit code and what to print (nothing when the command
/// has already reported, as `batch` does).
pub struct Failure {
    code: u8,
    message: Option<String>,
}

impl Failure {
    /// A usage error.
    pub fn usage(message: impl std::fmt::Display) -> Self {
        Failure { code: USAGE, message: Some(format!("error: {message}")) }
    }

    /// Invalid data in `file`: every problem, then how many there are to fix.
    pub fn invalid(file: &Path, problems: &hoso::Problems) -> Self {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let mut message = problem_lines(file, problems);
        message.push_str(&format!("{}: {errors} problem{} to fix", file.display(), if errors == 1 { "" } else { "s" }));
        Failure { code: INVALID, message: Some(message) }
    }

    /// A render that failed for a reason other than the data.
    pub fn render(file: &Path, e: &hoso::RenderError) -> Self {
        let code = match e {
            hoso::RenderError::UnknownForm(_) => USAGE,
            hoso::RenderError::Failed { .. } => INTERNAL,
        };
        Failure { code, message: Some(format!("{}: {}", file.display(), e.to_string().trim_end())) }
    }

    /// Output that could not be written.
    pub fn output(message: impl std::fmt::Display) -> Self {
        Failure { code: OUTPUT, message: Some(format!("error: {message}")) }
    }

    /// Stopped by Ctrl-C.
    pub fn interrupted(message: impl std::fmt::Display) -> Self {
        Failure { code: INTERRUPTED, message: Some(format!("interrupted: {message}")) }
    }

    /// A failure the command has already reported.
    pub fn reported(code: u8) -> Self {
        Failure { code, message: None }
    }
}

/// What a subcommand returns.
pub type Outcome = Result<(), Failure>;

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
    /// Validate a dossier and print every problem; renders nothing.
    Check(check::Args),
    /// List the forms: id, title, legal basis, validity.
    Forms(forms::Args),
    /// Print the JSON Schema of the dossier format.
    Schema,
    /// Print the data one form's template receives (for template authors).
    View(view::Args),
    /// Rewrite a format hoso/1 dossier as format hoso/2.
    Upgrade(upgrade::Args),
    /// A starting dossier folder for a kind of unit (truong, xa, so), names and dates empty.
    New(new::Args),
    /// Next year's dossier from last year's: agency, council, signers, bases kept; dates,
    /// numbers, votes, reports and evidence cleared.
    CarryOver(carry::Args),
    /// Merge nominees (and vote counts) from a spreadsheet (.xlsx, .xls, .ods, .csv) into a dossier.
    Import(import::Args),
    /// Print the shell completion script for SHELL (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `hoso man > hoso.1`.
    Man,
}

/// `hoso --version`: the program, the Typst it lays out with, and every compiled-in form with
/// its legal basis and validity.
fn long_version() -> String {
    let mut v = format!("{} (Typst 0.15)\nforms:", env!("CARGO_PKG_VERSION"));
    for line in hoso::form::embedded_versions() {
        v.push_str("\n  ");
        v.push_str(&line);
    }
    v
}

/// The command definitions, with the long version filled in.
fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().long_version(long_version())
}

/// Options every subcommand that builds an engine shares.
pub struct Global {
    forms: Option<PathBuf>,
    font_dirs: Vec<PathBuf>,
}

impl Global {
    /// Build the engine (broken forms or fonts are a usage error).
    pub fn engine(&self) -> Result<hoso::Engine, Failure> {
        let options = hoso::EngineOptions { forms_dir: self.forms.clone(), font_dirs: self.font_dirs.clone() };
        hoso::Engine::with_options(&options).map_err(Failure::usage)
    }
}

/// Read and check a dossier file: an unreadable file is a usage error, problems make
/// invalid data; warnings are printed and the checked dossier returned.
pub fn checked(engine: &hoso::Engine, path: &Path) -> Result<hoso::Checked, Failure> {
    if path.is_dir() {
        return Err(Failure::usage(format!(
            "{} is a folder, not a dossier file: give the dossier's .json file (for every dossier in a folder: hoso batch {} -o OUTDIR)",
            path.display(),
            path.display()
        )));
    }
    let result = engine.check_file(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    match result {
        Ok(c) => {
            eprint!("{}", problem_lines(path, &c.warnings));
            Ok(c)
        }
        Err(problems) => Err(Failure::invalid(path, &problems)),
    }
}

/// A dossier file's text (any encoding `check` reads), or a usage failure naming it.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    hoso::read_file_text(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))
}

/// `value` as pretty JSON, written atomically to `out`, or printed when there is none.
pub fn write_json(out: Option<&Path>, value: &serde_json::Value) -> Outcome {
    let json = serde_json::to_string_pretty(value).expect("JSON") + "\n";
    match out {
        Some(path) => hoso::write_file(path, json.as_bytes())
            .map_err(|e| Failure::output(format!("cannot write {}: {e}", path.display()))),
        None => {
            say_raw!("{json}");
            Ok(())
        }
    }
}

/// Problems the way every subcommand prints them: one per line, prefixed with the file.
pub fn problem_lines(file: &Path, problems: &hoso::Problems) -> String {
    problems.iter().map(|p| format!("{}: {p}\n", file.display())).collect()
}

/// Parse the command line, run it, and print its failure if any.
pub fn main() -> ExitCode {
    let cli = {
        use clap::FromArgMatches;
        let matches = command().get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    };
    install_ctrl_c();
    let global = Global { forms: cli.forms, font_dirs: cli.font_dirs };
    let outcome = match cli.command {
        Command::Render(a) => render::run(&global, a),
        Command::Batch(a) => batch::run(&global, a),
        Command::Check(a) => check::run(&global, a),
        Command::Forms(a) => forms::run(&global, a),
        Command::Schema => schema::run(),
        Command::View(a) => view::run(&global, a),
        Command::Upgrade(a) => upgrade::run(a),
        Command::Import(a) => import::run(a),
        Command::CarryOver(a) => carry::run(a),
        Command::New(a) => new::run(a),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "hoso", &mut script);
            say_raw!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(command()).render(&mut page) {
                Ok(()) => {
                    say_raw!("{}", String::from_utf8_lossy(&page));
                    Ok(())
                }
                Err(e) => Err(Failure::output(e)),
            }
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if let Some(m) = f.message {
                eprintln!("{}", m.trim_end());
            }
            ExitCode::from(f.code)
        }
    }
}
