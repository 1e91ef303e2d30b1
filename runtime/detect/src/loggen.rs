//! Sample JSON access-log lines for `anomaly-function produce`: a checkout service's normal
//! traffic, with anomalies injected at a chosen rate.
//!
//! Normal lines answer `200` in 60–180 ms (`response_time_ms` = 120 + 20·s, where s is the
//! sum of three uniform numbers in [-1, 1]: mean 0, standard deviation 1, never beyond ±3), so
//! no normal line is more than three standard deviations out. Injected anomalies are either a
//! latency spike (`200` in 2–8 s, level WARN) or a failure (`500`/`503` after 3–30 s, level
//! ERROR). The seed's features (`response_time_ms`, `status`, `duration_ms`) see both.
//! The generator is deterministic for a seed.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::rcf::random::SplitMix64;

/// Lines before the first injected anomaly: a fresh scorer learns normal traffic first.
pub const WARMUP_LINES: u64 = 200;

/// Parses an `--anomaly-rate`: a share between 0 and 1.
pub fn parse_anomaly_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a rate between 0 and 1")),
    }
}

/// One generated line.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// The record key (the user the request was for).
    pub key: String,
    /// The JSON log line.
    pub json: String,
    /// A 16-byte trace id (a binary header).
    pub trace_id: [u8; 16],
    /// True when this line is an injected anomaly.
    pub anomaly: bool,
}

/// Generates lines.
#[derive(Debug, Clone)]
pub struct LogGenerator {
    rng: SplitMix64,
    anomaly_rate: f64,
    produced: u64,
    start_ms: u64,
}

const PATHS: [&str; 5] = [
    "/api/v1/orders",
    "/api/v1/orders/{id}",
    "/api/v1/cart",
    "/api/v1/payments",
    "/api/v1/inventory/{id}",
];

impl LogGenerator {
    /// A generator injecting anomalies into `anomaly_rate` (0–1) of the lines after the first
    /// [`WARMUP_LINES`], starting at the current time.
    pub fn new(seed: u64, anomaly_rate: f64) -> Self {
        let start_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Self {
            rng: SplitMix64::new(seed),
            anomaly_rate: anomaly_rate.clamp(0.0, 1.0),
            produced: 0,
            start_ms,
        }
    }

    /// The next line.
    pub fn next_line(&mut self) -> LogLine {
        let i = self.produced;
        self.produced += 1;
        let anomaly = i >= WARMUP_LINES && self.rng.next_unit() < self.anomaly_rate;
        let (level, status, response_time) = if !anomaly {
            let s = self.rng.next_unit() + self.rng.next_unit() + self.rng.next_unit();
            ("INFO", 200, 120.0 + 20.0 * (2.0 * s - 3.0))
        } else if self.rng.next_unit() < 0.5 {
            ("WARN", 200, 2_000.0 + 6_000.0 * self.rng.next_unit())
        } else {
            let status = if self.rng.next_unit() < 0.5 { 500 } else { 503 };
            ("ERROR", status, 3_000.0 + 27_000.0 * self.rng.next_unit())
        };
        let response_time = (response_time * 10.0).round() / 10.0;
        // The whole request, including the response write: a fixed share more.
        let duration = ((response_time * 1.02 + 1.0) * 10.0).round() / 10.0;
        let path = PATHS[self.rng.below(PATHS.len() as u64) as usize]
            .replace("{id}", &(1_000 + self.rng.below(9_000)).to_string());
        let method = if path.contains("orders") && self.rng.next_unit() < 0.3 {
            "POST"
        } else {
            "GET"
        };
        let user = self.rng.below(500);
        let mut trace_id = [0u8; 16];
        trace_id[..8].copy_from_slice(&self.rng.next_u64().to_be_bytes());
        trace_id[8..].copy_from_slice(&self.rng.next_u64().to_be_bytes());
        let request_id: String = trace_id[..8].iter().map(|b| format!("{b:02x}")).collect();
        let json = serde_json::json!({
            "timestamp": iso8601(self.start_ms + i * 7),
            "level": level,
            "service": "checkout-api",
            "method": method,
            "path": path,
            "status": status,
            "response_time_ms": response_time,
            "duration_ms": duration,
            "bytes": 200 + self.rng.below(20_000),
            "user": format!("user-{user}"),
            "request_id": request_id,
        })
        .to_string();
        LogLine {
            key: format!("user-{user}"),
            json,
            trace_id,
            anomaly,
        }
    }
}

/// Milliseconds since the Unix epoch as `YYYY-MM-DDThh:mm:ss.mmmZ`.
fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_714_564_800_123), "2024-05-01T12:00:00.123Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn lines_carry_the_seed_features_and_anomalies_stand_out() {
        let mut g = LogGenerator::new(7, 0.05);
        let lines: Vec<LogLine> = (0..5_000).map(|_| g.next_line()).collect();
        let anomalies = lines.iter().filter(|l| l.anomaly).count();
        assert!((150..=350).contains(&anomalies), "{anomalies}");
        assert!(lines[..WARMUP_LINES as usize].iter().all(|l| !l.anomaly));
        for l in &lines {
            let v: serde_json::Value = serde_json::from_str(&l.json).unwrap();
            let rt = v["response_time_ms"].as_f64().unwrap();
            let status = v["status"].as_i64().unwrap();
            assert!(v["duration_ms"].as_f64().unwrap() > rt);
            assert_eq!(v["user"], l.key.as_str());
            if l.anomaly {
                assert!(rt >= 2_000.0, "{}", l.json);
            } else {
                assert!((60.0..=180.0).contains(&rt), "{}", l.json);
                assert_eq!(status, 200);
            }
        }
    }

    #[test]
    fn a_seed_gives_the_same_lines() {
        let (mut a, mut b) = (LogGenerator::new(3, 0.5), LogGenerator::new(3, 0.5));
        b.start_ms = a.start_ms;
        for _ in 0..300 {
            assert_eq!(a.next_line(), b.next_line());
        }
    }
}
