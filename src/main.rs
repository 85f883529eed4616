//! The `hoso` command: parses arguments, calls the library, prints. See `hoso --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
