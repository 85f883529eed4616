//! Stopping a check or a render that is no longer wanted (its deadline passed, its client went
//! away, the service is stopping): the caller holds a [`Cancel`] and sets it; the engine looks
//! at it between steps — before each chunk is laid out, each document cut, each evidence file
//! read and each evidence page converted — and gives up there, so the worker is free again
//! within one step's time (a chunk of a few documents, one evidence page).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A flag that stops a check or a render early, shared between the caller and the work.
/// Cloning shares the flag. It may also carry a deadline, past which it counts as set.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    deadline: Option<Instant>,
    /// A wider flag this one also obeys (a service that is stopping).
    parent: Option<Arc<AtomicBool>>,
}

impl Cancel {
    /// A flag nobody has set yet, without a deadline.
    pub fn new() -> Self {
        Self::default()
    }

    /// A flag that counts as set once `deadline` has passed (or when set before).
    pub fn until(deadline: Instant) -> Self {
        Cancel { flag: Arc::default(), deadline: Some(deadline), parent: None }
    }

    /// A flag of its own that also counts as set once `deadline` has passed or this one is
    /// set (the flag of one job of a service that may stop them all).
    pub fn child_until(&self, deadline: Instant) -> Self {
        Cancel { flag: Arc::default(), deadline: Some(deadline), parent: Some(self.flag.clone()) }
    }

    /// Stop the work at its next step.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether the work should stop: the flag is set or the deadline has passed.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
            || self.parent.as_ref().is_some_and(|p| p.load(Ordering::Relaxed))
            || self.deadline.is_some_and(|d| crate::host::now() >= d)
    }

    /// `Err(Cancelled)` once the work should stop: the engine's checkpoint.
    pub(crate) fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }
}

/// The work was stopped by its [`Cancel`] before it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::t!("work.cancelled").fmt(f)
    }
}

impl std::error::Error for Cancelled {}
