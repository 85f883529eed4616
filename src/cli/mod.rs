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
use std::sync::OnceLock;

use clap::{Parser, Subcommand};
use hoso::messages::{Lang, Text};
use hoso::t;

mod batch;
mod carry;
mod check;
mod export;
mod forms;
mod gather;
mod import;
mod new;
mod render;
mod schema;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "sign")]
mod sign;
mod upgrade;
#[cfg(feature = "sign")]
mod verify;
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
pub(crate) use say_raw;

/// Write `args` to stdout; a closed pipe ends the process with success (the reader has what it
/// wanted), another failure with [`OUTPUT`].
pub(crate) fn emit(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("{}", tr(t!("cli.cannot-write-output", error = e.to_string())));
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
    pub fn usage(message: Text) -> Self {
        Failure { code: USAGE, message: Some(format!("{}: {}", tr(t!("label.error")), tr(message))) }
    }

    /// A usage error from another library's error (said as that library says it).
    pub fn usage_from(e: impl std::fmt::Display) -> Self {
        Self::usage(t!("cli.as-is", error = e.to_string()))
    }

    /// Invalid data in `file`: every problem, then how many there are to fix.
    pub fn invalid(file: &Path, problems: &hoso::Problems) -> Self {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let mut message = problem_lines(file, problems);
        message.push_str(&tr(t!("cli.problems-to-fix", file = file.display().to_string(), count = errors)));
        Failure { code: INVALID, message: Some(message) }
    }

    /// A render that failed for a reason other than the data.
    pub fn render(file: &Path, e: &hoso::RenderError) -> Self {
        let code = match e {
            hoso::RenderError::UnknownForm(_) => USAGE,
            hoso::RenderError::Cancelled => INTERRUPTED,
            _ => INTERNAL,
        };
        let what = match e {
            hoso::RenderError::UnknownForm(id) => tr(t!("cli.unknown-form", id = id)),
            other => other.to_string().trim_end().to_string(),
        };
        Failure { code, message: Some(format!("{}: {what}", file.display())) }
    }

    /// Output that could not be written.
    pub fn output(message: Text) -> Self {
        Failure { code: OUTPUT, message: Some(format!("{}: {}", tr(t!("label.error")), tr(message))) }
    }

    /// Stopped by Ctrl-C.
    pub fn interrupted(message: Text) -> Self {
        Failure { code: INTERRUPTED, message: Some(tr(t!("cli.interrupted", what = message))) }
    }

    /// A failure the command has already reported.
    pub fn reported(code: u8) -> Self {
        Failure { code, message: None }
    }
}

/// What a subcommand returns.
pub type Outcome = Result<(), Failure>;

/// Open the output folder `dir` for this run, saying so on stderr when another run holds it
/// and this one waits for it ([`hoso::Output`]).
pub fn open_output(dir: &Path) -> Result<hoso::Output, hoso::OutputError> {
    if hoso::Output::busy(dir) {
        eprintln!("{}", tr(t!("write.waiting", dir = dir.display().to_string())));
    }
    hoso::Output::open(dir, hoso::Wait::Block)
}

/// A render that could not be written into `dir`, as the clerk reads it.
pub fn write_failure(dir: &str, e: hoso::WriteError) -> Failure {
    match e {
        hoso::WriteError::Signed(files) => Failure::output(t!("cli.signed", dir = dir, files = files.join(", "))),
        hoso::WriteError::Io(e) => Failure::output(t!("cli.cannot-write-into", dir = dir, error = e.to_string())),
        other => Failure::output(other.text()),
    }
}

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
        eprintln!("\n{}", tr(t!("cli.ctrl-c")));
    });
}

/// hoso: Vietnamese commendation dossiers (Decree 30/2020) from JSON to archival PDF.
#[derive(Parser)]
#[command(name = "hoso", version, about, disable_help_subcommand = true)]
struct Cli {
    /// The language hoso speaks: vi (the default) or en; without it, HOSO_LANG, then the
    /// locale (LC_ALL, LC_MESSAGES, LANG) choose.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"], hide_possible_values = true)]
    lang: Option<String>,
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
    /// A starting dossier folder for a kind of unit (truong, xa, so, …), names and dates empty.
    New(new::Args),
    /// Next year's dossier from last year's: agency, council, signers, bases kept; dates,
    /// numbers, votes, reports and evidence cleared.
    CarryOver(carry::Args),
    /// Merge nominees (and vote counts) from a spreadsheet (.xlsx, .xls, .ods, .csv) into a dossier.
    Import(import::Args),
    /// Gather the units' dossiers proposed to one authority into the office's own dossier.
    Gather(gather::Args),
    /// Write a dossier's lists as a workbook (.xlsx) and a Word document (.docx).
    Export(export::Args),
    /// Sign the empty fields of a role across a rendered folder (or one PDF) with PAdES
    /// signatures: key file, PKCS#11 token or remote service.
    #[cfg(feature = "sign")]
    Sign(Box<sign::Args>),
    /// Check every signature of a PDF or a rendered folder against a trust store.
    #[cfg(feature = "sign")]
    Verify(verify::Args),
    /// Serve the engine over HTTP: check, render, forms, schema, a workspace, metrics.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
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

/// The command definitions in `lang`, with the long version filled in.
fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command().long_version(long_version());
    match lang {
        Lang::En => cmd,
        Lang::Vi => localize(cmd, "", lang),
    }
}

/// The help of `cmd` (at `path`, e.g. "render") and of its arguments and subcommands from the
/// catalogue's `help:` entries; the headings Vietnamese.
fn localize(mut cmd: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let key = |what: &str| if path.is_empty() { format!("help:{what}") } else { format!("help:{path}.{what}") };
    if let Some(about) = hoso::messages::lookup(&key("about"), lang) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help =
            hoso::messages::lookup(&key(&id), lang).or_else(|| hoso::messages::lookup(&format!("help:{id}"), lang));
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() { "Tham số" } else { "Tùy chọn" };
            let defaults: Vec<String> =
                a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            let takes_value = a.get_action().takes_values();
            let a = a.help_heading(heading).hide_default_value(takes_value);
            match help {
                Some(help) if defaults.is_empty() || defaults == ["0"] || !takes_value => {
                    a.help(help).long_help(None::<&str>)
                }
                Some(help) => a.help(format!("{help} (mặc định: {})", defaults.join(", "))).long_help(None::<&str>),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, lang));
    }
    let help_flag = clap::Arg::new("help")
        .short('h')
        .long("help")
        .action(clap::ArgAction::Help)
        .help(hoso::messages::lookup("help:flag.help", lang).unwrap_or("help"));
    cmd = cmd.disable_help_flag(true).arg(help_flag.help_heading("Tùy chọn"));
    if path.is_empty() {
        let version_flag = clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help(hoso::messages::lookup("help:flag.version", lang).unwrap_or("version"));
        cmd = cmd.disable_version_flag(true).arg(version_flag.help_heading("Tùy chọn"));
    }
    cmd.help_template("{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language this run speaks: `--lang`, else `HOSO_LANG`, else the locale (read through
/// the library's host seam), else Vietnamese.
pub fn lang() -> Lang {
    *LANG.get_or_init(|| {
        let args: Vec<String> = std::env::args().collect();
        let given = args.iter().enumerate().find_map(|(i, a)| {
            a.strip_prefix("--lang=")
                .map(str::to_string)
                .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
        });
        given.as_deref().and_then(Lang::parse).unwrap_or_else(hoso::locale_lang)
    })
}

/// `text` in this run's language.
pub fn tr(text: Text) -> String {
    text.render(lang())
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
        hoso::Engine::with_options(&options).map_err(Failure::usage_from)
    }
}

/// Read and check a dossier file: an unreadable file is a usage error, problems make
/// invalid data; warnings are printed and the checked dossier returned.
pub fn checked(engine: &hoso::Engine, path: &Path) -> Result<hoso::Checked, Failure> {
    if path.is_dir() {
        return Err(Failure::usage(t!("cli.folder-not-file", path = path.display().to_string())));
    }
    let result = engine.check_file(path).map_err(|e| cannot_read(path, &e))?;
    match result {
        Ok(c) => {
            eprint!("{}", problem_lines(path, &c.warnings));
            Ok(c)
        }
        Err(problems) => Err(Failure::invalid(path, &problems)),
    }
}

/// "cannot read FILE: why", the why in this run's language when hoso said it.
pub fn cannot_read(path: &Path, e: &std::io::Error) -> Failure {
    Failure::usage(t!(
        "cli.cannot-read",
        path = path.display().to_string(),
        error = hoso::messages::io_error_in(e, lang())
    ))
}

/// A dossier file's text (any encoding `check` reads), or a usage failure naming it.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    hoso::read_file_text(path).map_err(|e| cannot_read(path, &e))
}

/// `value` as pretty JSON, written atomically to `out`, or printed when there is none.
pub fn write_json(out: Option<&Path>, value: &serde_json::Value) -> Outcome {
    let json = serde_json::to_string_pretty(value).expect("JSON") + "\n";
    match out {
        Some(path) => hoso::write_file(path, json.as_bytes()).map_err(|e| {
            Failure::output(t!("cli.cannot-write", path = path.display().to_string(), error = e.to_string()))
        }),
        None => {
            say_raw!("{json}");
            Ok(())
        }
    }
}

/// Problems the way every subcommand prints them, in this run's language: one per line,
/// prefixed with the file.
pub fn problem_lines(file: &Path, problems: &hoso::Problems) -> String {
    problems.iter().map(|p| format!("{}: {}\n", file.display(), p.clone().in_language(lang()))).collect()
}

/// A command line clap refused: said in this run's language for the usual mistakes (clap says
/// the others, and prints help and version, as it does), then exit 2.
fn parse_error(e: clap::Error) -> ! {
    use clap::error::{ContextKind, ErrorKind};
    if lang() == Lang::En || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit()
    }
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let text = match e.kind() {
        ErrorKind::UnknownArgument => t!("cli.clap.unknown-argument", arg = ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => t!("cli.clap.unknown-command", command = ctx(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => t!("cli.clap.missing", args = ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            t!("cli.clap.invalid-value", value = ctx(ContextKind::InvalidValue), arg = ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprintln!("{}", command(lang()).render_help());
            std::process::exit(i32::from(USAGE))
        }
        _ => e.exit(),
    };
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty())
        .map(|s| format!("\n  {}: {}", tr(t!("label.hint")), tr(t!("hint.did-you-mean", value = format!("'{s}'")))))
        .unwrap_or_default();
    eprintln!("{}: {}{suggested}\n\n{}", tr(t!("label.error")), tr(text), tr(t!("cli.clap.see-help")));
    std::process::exit(i32::from(USAGE))
}

/// Parse the command line, run it, and print its failure if any.
pub fn main() -> ExitCode {
    let cli = {
        use clap::FromArgMatches;
        let matches = command(lang()).try_get_matches().unwrap_or_else(|e| parse_error(e));
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| parse_error(e))
    };
    install_ctrl_c();
    let global = Global { forms: cli.forms, font_dirs: cli.font_dirs };
    let outcome = match cli.command {
        Command::Render(a) => render::run(&global, a),
        Command::Batch(a) => batch::run(&global, a),
        Command::Check(a) => check::run(&global, a),
        Command::Forms(a) => forms::run(&global, a),
        Command::Schema => schema::run(lang()),
        Command::View(a) => view::run(&global, a),
        Command::Upgrade(a) => upgrade::run(a),
        Command::Import(a) => import::run(a),
        Command::Gather(a) => gather::run(a, &global),
        Command::Export(a) => export::run(a, &global),
        Command::CarryOver(a) => carry::run(a),
        Command::New(a) => new::run(&global, a),
        #[cfg(feature = "sign")]
        Command::Sign(a) => sign::run(&global, *a),
        #[cfg(feature = "sign")]
        Command::Verify(a) => verify::run(a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::run(&global, a),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(lang()), "hoso", &mut script);
            say_raw!("{}", String::from_utf8_lossy(&script));
            Ok(())
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(command(lang())).render(&mut page) {
                Ok(()) => {
                    say_raw!("{}", String::from_utf8_lossy(&page));
                    Ok(())
                }
                Err(e) => Err(Failure::output(t!("cli.as-is", error = e.to_string()))),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument of `hoso --help` has its Vietnamese in the catalogue.
    #[test]
    fn help_is_vietnamese_everywhere() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let key = |what: &str| if path.is_empty() { format!("help:{what}") } else { format!("help:{path}.{what}") };
            if hoso::messages::lookup(&key("about"), Lang::Vi).is_none() {
                missing.push(key("about"));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if hoso::messages::lookup(&key(id), Lang::Vi).is_none()
                    && hoso::messages::lookup(&format!("help:{id}"), Lang::Vi).is_none()
                {
                    missing.push(key(id));
                }
            }
            for s in cmd.get_subcommands() {
                let p = if path.is_empty() { s.get_name().to_string() } else { format!("{path}.{}", s.get_name()) };
                walk(s, &p, missing);
            }
        }
        use clap::CommandFactory;
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese help for: {missing:?}");
        command(Lang::Vi).debug_assert();
        command(Lang::En).debug_assert();
    }
}
