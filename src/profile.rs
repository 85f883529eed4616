//! Where a run's time goes, stage by stage, for the benchmark (`hoso-bench`, feature `bench`):
//! each stage's CPU seconds summed over the threads that ran it (Typst's parallel work counts
//! where it runs: on the same pool's threads in a batch). Without the `bench` feature every
//! call is the bare work, with nothing counted.

/// A stage of a batch, as the profile counts it.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "bench"), allow(dead_code))]
pub(crate) enum Stage {
    /// Reading a dossier and its inputs' marks.
    Read,
    /// Checking it: load, validate, views.
    Check,
    /// The complete dossier's view, the chunks' data as JSON.
    Plan,
    /// Typst's layout of a chunk (or a piece).
    Layout,
    /// Reading the pages' markers: sections, signature spots.
    Introspect,
    /// Typst's PDF/A-2b export of a chunk.
    Export,
    /// Cutting the documents out of the chunks and adding their pages to the gathering files.
    Cut,
    /// Finishing the files: names, the print files and `ho-so.pdf` written out.
    Finish,
    /// The manifest: hashes of every file.
    Manifest,
    /// Writing and syncing a dossier's files (the writer thread).
    Write,
    /// A worker waiting for the writer to take a finished render.
    Wait,
}

/// Every stage, in the order the profile prints them.
#[cfg(feature = "bench")]
pub(crate) const STAGES: [Stage; 11] = [
    Stage::Read,
    Stage::Check,
    Stage::Plan,
    Stage::Layout,
    Stage::Introspect,
    Stage::Export,
    Stage::Cut,
    Stage::Finish,
    Stage::Manifest,
    Stage::Write,
    Stage::Wait,
];

/// Nanoseconds of CPU time each stage took, on whichever thread (a thread's wall time would
/// count the time it waited for a core).
#[cfg(feature = "bench")]
static SPENT: [std::sync::atomic::AtomicU64; 11] = [const { std::sync::atomic::AtomicU64::new(0) }; 11];

/// The CPU time this thread has used, in nanoseconds.
#[cfg(feature = "bench")]
fn thread_cpu_ns() -> u64 {
    // SAFETY: clock_gettime only writes the timespec it is given.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// Run `f`, counting the CPU time of this thread it took against `stage` (with the `bench`
/// feature; work it hands to other threads is counted where those count it).
#[inline]
pub(crate) fn timed<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    #[cfg(feature = "bench")]
    {
        let started = thread_cpu_ns();
        let out = f();
        SPENT[stage as usize].fetch_add(thread_cpu_ns().saturating_sub(started), std::sync::atomic::Ordering::Relaxed);
        out
    }
    #[cfg(not(feature = "bench"))]
    {
        let _ = stage;
        f()
    }
}

/// CPU seconds spent so far in each stage, by name (in [`STAGES`] order).
#[cfg(feature = "bench")]
pub(crate) fn spent() -> Vec<(String, f64)> {
    STAGES
        .iter()
        .map(|s| {
            (
                format!("{s:?}").to_lowercase(),
                SPENT[*s as usize].load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9,
            )
        })
        .collect()
}
