//! The cores of a run of many renders (a batch), lent between them: each worker holds one core
//! while it renders its dossier on it; a render's extra layout threads work only on a core no
//! worker holds, borrowed for one chunk at a time. So no more layouts run at once than there are
//! cores (no thread waits its turn for a core halfway through a chunk, and no more chunks are in
//! memory than there are cores), and when the workers run out of dossiers at the end of a run,
//! the cores they give back go to the dossiers still laid out, the last large one included.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How long a waiting layout thread sleeps before it looks again whether its render still has
/// chunks to lay out (a core given back wakes it at once).
const LOOK_AGAIN: Duration = Duration::from_millis(20);

/// Cores lent between the renders of one run (see the module's doc). Shared by reference.
#[derive(Debug, Default)]
pub struct Cores {
    free: Mutex<usize>,
    freed: Condvar,
}

/// A core borrowed for one chunk; given back when dropped.
pub(crate) struct Lent<'a>(&'a Cores);

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        self.0.give_back();
    }
}

impl Cores {
    /// Cores that every worker of a run holds: none free until a worker gives its core back.
    pub fn new() -> Self {
        Self::default()
    }

    /// A worker is done for good: its core is free for the renders still running.
    pub fn give_back(&self) {
        *self.free.lock().expect("no panic holds the cores") += 1;
        self.freed.notify_one();
    }

    /// Wake the threads waiting to borrow, so they look again whether they are still wanted
    /// (their render has no chunk left to lay out).
    pub(crate) fn wake(&self) {
        // Taken, so no waiter is between looking and sleeping: none misses this.
        let _free = self.free.lock().expect("no panic holds the cores");
        self.freed.notify_all();
    }

    /// Borrow a free core, waiting for one while `wanted()` says the work still needs it;
    /// `None` once it does not.
    pub(crate) fn borrow(&self, wanted: impl Fn() -> bool) -> Option<Lent<'_>> {
        let mut free = self.free.lock().expect("no panic holds the cores");
        loop {
            if !wanted() {
                return None;
            }
            if *free > 0 {
                *free -= 1;
                return Some(Lent(self));
            }
            free = self.freed.wait_timeout(free, LOOK_AGAIN).expect("no panic holds the cores").0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the lending: a core given back is borrowed once, returned on drop, and nothing is
    /// borrowed once the work no longer wants it.
    #[test]
    fn a_core_given_back_is_lent_one_at_a_time() {
        let cores = Cores::new();
        assert!(cores.borrow(|| false).is_none());
        cores.give_back();
        let lent = cores.borrow(|| true).expect("one free core");
        let second = std::sync::atomic::AtomicBool::new(true);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| cores.borrow(|| second.load(std::sync::atomic::Ordering::SeqCst)).is_some());
            std::thread::sleep(Duration::from_millis(50));
            drop(lent);
            assert!(waiter.join().unwrap(), "the core given back goes to the waiting thread");
        });
        second.store(false, std::sync::atomic::Ordering::SeqCst);
        assert!(cores.borrow(|| false).is_none());
    }
}
