//! The `hoso` command: parses arguments, calls the library, prints. See `hoso --help`.

mod cli;

/// mimalloc: typesetting and PDF export allocate many small objects from several threads at
/// once, where it is measurably faster than the system allocator (see `hoso bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
