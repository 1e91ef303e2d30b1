//! Stopping on Ctrl-C (SIGINT) or SIGTERM: the first signal asks the poller to stop after
//! the batch in flight; a second one interrupts that batch too (its offsets are then not
//! committed, so its records are delivered again on the next start).

use std::sync::Arc;

use tokio::sync::watch;

/// How far a stop has gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stop {
    /// Keep going.
    Running,
    /// Stop after the batch in flight.
    Requested,
    /// Stop now.
    Forced,
}

/// A shared stop signal; clones observe the same state.
#[derive(Debug, Clone)]
pub struct Shutdown {
    tx: Arc<watch::Sender<Stop>>,
    rx: watch::Receiver<Stop>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Shutdown {
    /// A signal that only [`Shutdown::escalate`] moves (tests, or a caller's own trigger).
    pub fn new() -> Self {
        let (tx, rx) = watch::channel(Stop::Running);
        Self {
            tx: Arc::new(tx),
            rx,
        }
    }

    /// A signal moved by SIGINT and SIGTERM, each one a step further (on the current tokio
    /// runtime). Fails when the signal handlers cannot be installed.
    pub fn on_signals() -> std::io::Result<Self> {
        let shutdown = Self::new();
        let mut sigterm =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        let mut sigint = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        let trigger = shutdown.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    Some(()) = sigint.recv() => {}
                    Some(()) = sigterm.recv() => {}
                    else => return,
                }
                if trigger.escalate() == Stop::Requested {
                    eprintln!(
                        "anomaly-function: stopping after the batch in flight (again to interrupt it)"
                    );
                }
            }
        });
        Ok(shutdown)
    }

    /// Moves one step further (running → requested → forced) and returns the new state.
    pub fn escalate(&self) -> Stop {
        let mut now = Stop::Running;
        self.tx.send_modify(|s| {
            *s = match *s {
                Stop::Running => Stop::Requested,
                _ => Stop::Forced,
            };
            now = *s;
        });
        now
    }

    /// The current state.
    pub fn state(&self) -> Stop {
        *self.rx.borrow()
    }

    /// True once a stop was requested (or forced).
    pub fn is_requested(&self) -> bool {
        self.state() >= Stop::Requested
    }

    /// Resolves once the state reaches `at_least`.
    pub async fn reached(&self, at_least: Stop) {
        let mut rx = self.rx.clone();
        // The sender lives in `self`, so `wait_for` cannot see it dropped while we wait.
        let _ = rx.wait_for(|s| *s >= at_least).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_signal_goes_one_step_further() {
        let s = Shutdown::new();
        assert_eq!(s.state(), Stop::Running);
        let waiter = s.clone();
        let requested = tokio::spawn(async move { waiter.reached(Stop::Requested).await });
        assert_eq!(s.escalate(), Stop::Requested);
        requested.await.unwrap();
        assert!(s.is_requested());
        assert_eq!(s.escalate(), Stop::Forced);
        assert_eq!(s.escalate(), Stop::Forced);
        s.reached(Stop::Forced).await;
    }
}
