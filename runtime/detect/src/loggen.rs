//! Sample access logs for `anomaly-function sample` and `produce`: a checkout service's normal
//! traffic, with anomalies injected at a chosen rate, written as JSON, logfmt or an access-log
//! preset ([`LineFormat`]). The same seed gives the same requests, and the same anomalies at
//! the same places, in every format.
//!
//! Normal requests answer `200` in 60–180 ms (`response_time_ms` = 120 + 20·s, where s is the
//! sum of three uniform numbers in [-1, 1]: mean 0, standard deviation 1, never beyond ±3), so
//! no normal request is more than three standard deviations out; one in twenty is a
//! conditional GET answered `304` with no body. Injected anomalies are slow requests (`200` in
//! 2–8 s, level WARN) and bursts of 3 to 6 consecutive failures (`500`, `502`, `503` or `504`
//! after 3–30 s, level ERROR, a small error page). Each line is an anomaly with the chosen
//! probability in the long run, bursts included. The seed's features (`response_time_ms`,
//! `status`, `duration_ms`) see both kinds; so do a text format's timings and status.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::rcf::random::SplitMix64;

mod clock;
mod render;

pub use render::LineFormat;

/// Lines before the first injected anomaly: a fresh scorer learns normal traffic first.
pub const WARMUP_LINES: u64 = 200;

/// The consecutive failures of a burst: at least this many…
const BURST_MIN: u64 = 3;
/// …and at most this many.
const BURST_MAX: u64 = 6;

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
    /// The log line, in the generator's format.
    pub text: String,
    /// A 16-byte trace id (a binary header).
    pub trace_id: [u8; 16],
    /// True when this line is an injected anomaly.
    pub anomaly: bool,
}

/// One request, before it is written in a format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub level: &'static str,
    pub method: &'static str,
    pub path: String,
    pub status: u16,
    /// Time the upstream (the checkout service) took, ms.
    pub response_time_ms: f64,
    /// The whole request, including the response write, ms.
    pub duration_ms: f64,
    /// Response body bytes (0 for a 304).
    pub bytes: u64,
    /// Request bytes received.
    pub received: u64,
    pub user: u64,
    /// The client's address and port.
    pub client: String,
    pub port: u16,
    /// Authenticated user name, for some requests.
    pub remote_user: Option<String>,
    pub referer: Option<&'static str>,
    pub user_agent: &'static str,
    pub trace_id: [u8; 16],
    /// The target (upstream) that served it.
    pub target: u8,
}

/// Generates lines.
#[derive(Debug, Clone)]
pub struct LogGenerator {
    rng: SplitMix64,
    anomaly_rate: f64,
    produced: u64,
    start_ms: u64,
    /// Failures left in the current burst.
    burst_left: u64,
    format: LineFormat,
}

const PATHS: [&str; 5] = [
    "/api/v1/orders",
    "/api/v1/orders/{id}",
    "/api/v1/cart",
    "/api/v1/payments",
    "/api/v1/inventory/{id}",
];

const USER_AGENTS: [&str; 6] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "checkout-mobile/4.2.1 (Android 14; \"Pixel 8\")",
    "python-requests/2.31.0",
    "curl/8.4.0",
];

const REFERERS: [&str; 3] = [
    "https://shop.example.com/cart",
    "https://shop.example.com/products/espresso-grinder?ref=home",
    "https://www.google.com/",
];

/// The average length of an anomaly: a slow request (1 line) or a burst, half each.
const MEAN_ANOMALY_LINES: f64 = 0.5 + 0.5 * (BURST_MIN + BURST_MAX) as f64 / 2.0;

impl LogGenerator {
    /// A generator of JSON lines injecting anomalies into `anomaly_rate` (0–1) of the lines
    /// after the first [`WARMUP_LINES`], starting at the current time.
    pub fn new(seed: u64, anomaly_rate: f64) -> Self {
        let start_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Self {
            rng: SplitMix64::new(seed),
            anomaly_rate: anomaly_rate.clamp(0.0, 1.0),
            produced: 0,
            start_ms,
            burst_left: 0,
            format: LineFormat::Json,
        }
    }

    /// Writes lines in `format` instead (the requests stay the same).
    pub fn format(mut self, format: LineFormat) -> Self {
        self.format = format;
        self
    }

    /// The next line.
    pub fn next_line(&mut self) -> LogLine {
        let request = self.next_request();
        let anomaly = request.level != "INFO";
        LogLine {
            key: format!("user-{}", request.user),
            text: render::line(self.format, &request),
            trace_id: request.trace_id,
            anomaly,
        }
    }

    /// The chance that a line outside a burst starts an anomaly, so that `anomaly_rate` of all
    /// lines are anomalies in the long run: with mean anomaly length L, q·L / (q·L + 1 − q) = r.
    fn start_chance(&self) -> f64 {
        let r = self.anomaly_rate;
        if r >= 1.0 {
            1.0
        } else {
            r / (MEAN_ANOMALY_LINES * (1.0 - r) + r)
        }
    }

    /// The next request, anomalous or not.
    fn next_request(&mut self) -> Request {
        let i = self.produced;
        self.produced += 1;
        let failing = if self.burst_left > 0 {
            self.burst_left -= 1;
            true
        } else if i >= WARMUP_LINES && self.rng.next_unit() < self.start_chance() {
            if self.rng.next_unit() < 0.5 {
                false
            } else {
                self.burst_left = BURST_MIN + self.rng.below(BURST_MAX - BURST_MIN + 1) - 1;
                true
            }
        } else {
            // A draw either way keeps the streams of anomalous and normal lines aligned.
            let s = self.rng.next_unit() + self.rng.next_unit() + self.rng.next_unit();
            return self.request(i, "INFO", 120.0 + 20.0 * (2.0 * s - 3.0));
        };
        let u = self.rng.next_unit();
        if failing {
            self.request(i, "ERROR", 3_000.0 + 27_000.0 * u)
        } else {
            self.request(i, "WARN", 2_000.0 + 6_000.0 * u)
        }
    }

    /// Request `i` at `level`, with the upstream taking `response_time` ms.
    fn request(&mut self, i: u64, level: &'static str, response_time: f64) -> Request {
        let rng = &mut self.rng;
        let response_time_ms = (response_time * 10.0).round() / 10.0;
        // The whole request, including the response write: a fixed share more.
        let duration_ms = ((response_time_ms * 1.02 + 1.0) * 10.0).round() / 10.0;
        let path = PATHS[rng.below(PATHS.len() as u64) as usize]
            .replace("{id}", &(1_000 + rng.below(9_000)).to_string());
        let method = if path.contains("orders") && rng.next_unit() < 0.3 {
            "POST"
        } else {
            "GET"
        };
        let conditional = rng.next_unit() < 0.05;
        let (status, bytes) = match level {
            "ERROR" => {
                const FAILURES: [u16; 4] = [500, 502, 503, 504];
                (
                    FAILURES[rng.below(FAILURES.len() as u64) as usize],
                    150 + rng.below(450),
                )
            }
            _ if conditional && method == "GET" && level == "INFO" => (304, 0),
            _ => (200, 200 + rng.below(20_000)),
        };
        let user = rng.below(500);
        let mut trace_id = [0u8; 16];
        trace_id[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
        trace_id[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
        let client = match user % 10 {
            0 => format!("2001:db8:{:x}::{:x}", user / 10, user % 97 + 1),
            1..=3 => format!("198.51.100.{}", user % 250 + 1),
            _ => format!("203.0.113.{}", user % 250 + 1),
        };
        let port = 1_024 + rng.below(60_000) as u16;
        let remote_user = (user % 7 == 0).then(|| format!("user{user}"));
        let referer = match rng.below(4) {
            0 => None,
            k => Some(REFERERS[k as usize - 1]),
        };
        let user_agent = USER_AGENTS[rng.below(USER_AGENTS.len() as u64) as usize];
        let received = 180 + rng.below(900) + if method == "POST" { 1_200 } else { 0 };
        Request {
            at_ms: self.start_ms + i * 7,
            level,
            method,
            path,
            status,
            response_time_ms,
            duration_ms,
            bytes,
            received,
            user,
            client,
            port,
            remote_user,
            referer,
            user_agent,
            trace_id,
            target: (user % 4) as u8 + 10,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(seed: u64, rate: f64, count: usize, format: LineFormat) -> Vec<LogLine> {
        let mut g = LogGenerator::new(seed, rate).format(format);
        g.start_ms = 1_714_564_800_000;
        (0..count).map(|_| g.next_line()).collect()
    }

    #[test]
    fn lines_carry_the_seed_features_and_anomalies_stand_out() {
        let lines = lines(7, 0.05, 5_000, LineFormat::Json);
        let anomalies = lines.iter().filter(|l| l.anomaly).count();
        assert!((150..=350).contains(&anomalies), "{anomalies}");
        assert!(lines[..WARMUP_LINES as usize].iter().all(|l| !l.anomaly));
        let mut bursts = 0;
        for (i, l) in lines.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(&l.text).unwrap();
            let rt = v["response_time_ms"].as_f64().unwrap();
            let status = v["status"].as_i64().unwrap();
            assert!(v["duration_ms"].as_f64().unwrap() > rt);
            assert_eq!(v["user"], l.key.as_str());
            if l.anomaly {
                assert!(rt >= 2_000.0, "{}", l.text);
                if status >= 500 && i > 0 && !lines[i - 1].anomaly {
                    bursts += 1;
                    let run = lines[i..].iter().take_while(|l| l.anomaly).count();
                    assert!(run >= BURST_MIN as usize, "a burst of {run}");
                }
            } else {
                assert!((60.0..=180.0).contains(&rt), "{}", l.text);
                assert!(status == 200 || status == 304, "{}", l.text);
            }
        }
        assert!(bursts >= 10, "{bursts} bursts");
    }

    #[test]
    fn a_seed_gives_the_same_requests_in_every_format() {
        let json = lines(3, 0.2, 600, LineFormat::Json);
        assert_eq!(json, lines(3, 0.2, 600, LineFormat::Json));
        for format in LineFormat::ALL {
            let other = lines(3, 0.2, 600, format);
            let marks = |l: &[LogLine]| {
                l.iter()
                    .map(|l| (l.anomaly, l.key.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(marks(&other), marks(&json), "{format:?}");
        }
    }

    #[test]
    fn a_rate_of_one_makes_every_line_after_the_warmup_an_anomaly() {
        let all = lines(5, 1.0, 400, LineFormat::Json);
        assert!(all[WARMUP_LINES as usize..].iter().all(|l| l.anomaly));
        assert!(
            lines(5, 0.0, 2_000, LineFormat::Json)
                .iter()
                .all(|l| !l.anomaly)
        );
    }
}
