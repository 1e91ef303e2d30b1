//! The invocation's deadline, and the SDK timeouts and retries it bounds.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;

/// Attempts per AWS call (the first try and two retries).
pub const MAX_ATTEMPTS: u32 = 3;

/// Time kept back from every AWS call for the work that follows it (sinks, the response).
pub const RESERVE: Duration = Duration::from_millis(500);

/// The longest a single attempt may take: SageMaker answers within 60 s or fails.
pub const MAX_ATTEMPT: Duration = Duration::from_secs(65);

/// When the invocation must be done.
///
/// ```
/// use std::time::Duration;
/// use runtime::deadline::Deadline;
/// let deadline = Deadline::after(Duration::from_secs(10));
/// let t = deadline.timeouts().unwrap();
/// assert!(t.operation_timeout().unwrap() <= Duration::from_millis(9500));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Instant);

impl Deadline {
    /// A deadline `d` from now (the local `invoke --deadline`).
    pub fn after(d: Duration) -> Self {
        Self(Instant::now() + d)
    }

    /// The deadline Lambda gives, in milliseconds since the Unix epoch.
    pub fn from_epoch_millis(ms: u64) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Self::after(Duration::from_millis(ms).saturating_sub(now))
    }

    /// Time left before the deadline (zero once past it).
    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// The time an AWS call may take now: what remains less [`RESERVE`], or `None` when
    /// nothing is left.
    pub fn budget(&self) -> Option<Duration> {
        let budget = self.remaining().saturating_sub(RESERVE);
        (budget >= Duration::from_millis(50)).then_some(budget)
    }

    /// Timeouts for one AWS call made now: the whole operation (all attempts and backoff)
    /// ends before the deadline, and each attempt gets at most a third of that.
    pub fn timeouts(&self) -> Option<TimeoutConfig> {
        let budget = self.budget()?;
        let attempt = (budget / MAX_ATTEMPTS).clamp(Duration::from_millis(50), MAX_ATTEMPT);
        Some(
            TimeoutConfig::builder()
                .connect_timeout(attempt.min(Duration::from_secs(3)))
                .operation_attempt_timeout(attempt)
                .operation_timeout(budget)
                .build(),
        )
    }

    /// The retry policy used with [`Deadline::timeouts`].
    pub fn retries() -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(MAX_ATTEMPTS)
            .with_initial_backoff(Duration::from_millis(50))
            .with_max_backoff(Duration::from_secs(2))
    }
}
