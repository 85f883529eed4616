//! The bounded pool the service renders on: a fixed number of worker threads (one per core
//! by default) behind a queue of fixed length. A request that finds the queue full is refused
//! at once ([`PoolError::Full`], 503 with `Retry-After`), so memory never grows with the load;
//! one that waits or works past its deadline is answered [`PoolError::Deadline`] (504) and its
//! job is cancelled ([`crate::Cancel`]): it stops at its next step and frees its worker. When the
//! service stops, [`Pool::stop`] cancels every job still running.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;

/// Why the pool did not run a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// Every worker is busy and the queue is full.
    Full,
    /// The job did not finish within its deadline.
    Deadline,
}

/// Workers and the queue in front of them.
pub struct Pool {
    /// Workers plus queue places: a job holds one from arrival to end.
    places: Arc<Semaphore>,
    /// The workers: a job holds one while it runs.
    workers: Arc<Semaphore>,
    /// Jobs waiting for a worker (the `queue depth` metric).
    waiting: AtomicUsize,
    /// Jobs running now.
    running: Arc<AtomicUsize>,
    /// Set when the service stops: every job's flag obeys it.
    stopping: crate::Cancel,
}

impl Pool {
    /// `workers` threads at once (at least 1) and `queue` jobs waiting at most.
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Pool {
            places: Arc::new(Semaphore::new(workers + queue)),
            workers: Arc::new(Semaphore::new(workers)),
            waiting: AtomicUsize::new(0),
            running: Arc::new(AtomicUsize::new(0)),
            stopping: crate::Cancel::new(),
        }
    }

    /// Cancel every job, running or waiting, and refuse none that comes later (the service
    /// stops taking requests first).
    pub fn stop(&self) {
        self.stopping.cancel();
    }

    /// Jobs waiting for a worker now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Jobs running now.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// Run `job` on a worker thread, waiting in the queue if every worker is busy; refused at
    /// once when the queue is full. The job is handed a flag set once `deadline` (counted from
    /// now, waiting included) has passed or the pool stops, which the engine's steps look at;
    /// past the deadline the caller is answered at once and the job stops at its next step.
    pub async fn run<T: Send + 'static>(
        &self,
        deadline: Duration,
        job: impl FnOnce(&crate::Cancel) -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let place = self.places.clone().try_acquire_owned().map_err(|_| PoolError::Full)?;
        let cancel = self.stopping.child_until(crate::host::now() + deadline);
        let flag = cancel.clone();
        let work = async {
            let worker = {
                let _waiting = Count::up(&self.waiting);
                self.workers.clone().acquire_owned().await.expect("the pool's semaphore is never closed")
            };
            let running = self.running.clone();
            running.fetch_add(1, Ordering::Relaxed);
            tokio::task::spawn_blocking(move || {
                let _running = Done(running);
                let out = job(&flag);
                drop((worker, place));
                out
            })
            .await
        };
        match tokio::time::timeout(deadline, work).await {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(e)) => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {
                cancel.cancel();
                Err(PoolError::Deadline)
            }
        }
    }
}

/// Counts a running job down when it ends, however it ends.
struct Done(Arc<AtomicUsize>);

impl Drop for Done {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// One more in a counter for as long as it lives.
struct Count<'a>(&'a AtomicUsize);

impl<'a> Count<'a> {
    fn up(counter: &'a AtomicUsize) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Count(counter)
    }
}

impl Drop for Count<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
