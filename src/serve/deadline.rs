//! A request body that must arrive whole before a deadline: past it, reading it fails (and
//! the request is answered 408), so a client that trickles a body a byte at a time holds
//! neither a connection nor a worker for long.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use http_body::Frame;

/// [`axum::body::Body`] with a deadline for its last byte.
pub(super) struct Body {
    inner: axum::body::Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
    /// Set when the deadline cut the body off.
    expired: Arc<AtomicBool>,
}

impl Body {
    pub(super) fn new(inner: axum::body::Body, within: Duration, expired: Arc<AtomicBool>) -> Self {
        Body { inner, sleep: Box::pin(tokio::time::sleep(within)), expired }
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(axum::Error::new("the request body did not arrive in time"))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
