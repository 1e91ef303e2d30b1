//! One request written as a log line, in each format the function reads (regex aside: a
//! pattern is the user's own).

use std::fmt::Write as _;

use contract::RecordFormat;

use super::Request;
use super::clock::{clf, iso8601, iso8601_micros};

/// The format of generated lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum LineFormat {
    /// JSON objects (`timestamp`, `level`, `method`, `path`, `status`, `response_time_ms`,
    /// `duration_ms`, `bytes`, `user`, …).
    Json,
    /// NCSA combined, as Apache writes it (`-` for no body, `\"` in quotes).
    Combined,
    /// NCSA common (CLF).
    Common,
    /// nginx's combined with `$request_time $upstream_response_time` (seconds; `0` for no
    /// body, `\x22` in quotes, `-` upstream for a 304).
    #[cfg_attr(feature = "cli", value(name = "combined_timed"))]
    CombinedTimed,
    /// logfmt as Heroku's router writes it (`connect=450us service=37.2ms status=200 …`).
    Logfmt,
    /// AWS Application Load Balancer access-log entries.
    Alb,
}

impl LineFormat {
    /// Every format, JSON first.
    pub const ALL: [LineFormat; 6] = [
        LineFormat::Json,
        LineFormat::Combined,
        LineFormat::Common,
        LineFormat::CombinedTimed,
        LineFormat::Logfmt,
        LineFormat::Alb,
    ];

    /// The record format the function reads these lines with.
    pub fn record_format(self) -> RecordFormat {
        match self {
            LineFormat::Json => RecordFormat::Json,
            LineFormat::Combined => RecordFormat::Combined,
            LineFormat::Common => RecordFormat::Common,
            LineFormat::CombinedTimed => RecordFormat::CombinedTimed,
            LineFormat::Logfmt => RecordFormat::Logfmt,
            LineFormat::Alb => RecordFormat::Alb,
        }
    }

    /// The `content-type` header a producer would send with the line.
    pub fn content_type(self) -> &'static str {
        match self {
            LineFormat::Json => "application/json",
            _ => "text/plain; charset=utf-8",
        }
    }
}

/// `request` as a line in `format`.
pub(super) fn line(format: LineFormat, request: &Request) -> String {
    match format {
        LineFormat::Json => json(request),
        LineFormat::Combined => ncsa(request, true, Flavor::Apache),
        LineFormat::Common => ncsa(request, false, Flavor::Apache),
        LineFormat::CombinedTimed => {
            let mut out = ncsa(request, true, Flavor::Nginx);
            let upstream = if request.status == 304 {
                "-".to_owned()
            } else {
                format!("{:.3}", request.response_time_ms / 1000.0)
            };
            let _ = write!(out, " {:.3} {upstream}", request.duration_ms / 1000.0);
            out
        }
        LineFormat::Logfmt => logfmt(request),
        LineFormat::Alb => alb(request),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn json(r: &Request) -> String {
    serde_json::json!({
        "timestamp": iso8601(r.at_ms),
        "level": r.level,
        "service": "checkout-api",
        "method": r.method,
        "path": r.path,
        "status": r.status,
        "response_time_ms": r.response_time_ms,
        "duration_ms": r.duration_ms,
        "bytes": r.bytes,
        "user": format!("user-{}", r.user),
        "request_id": hex(&r.trace_id[..8]),
    })
    .to_string()
}

/// Which server wrote an access log: they differ in the small things.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `%b` is `-` for no body; quotes in values become `\"`.
    Apache,
    /// `$body_bytes_sent` is `0`; quotes become `\x22`.
    Nginx,
}

fn ncsa(r: &Request, combined: bool, flavor: Flavor) -> String {
    let bytes = match (r.bytes, flavor) {
        (0, Flavor::Apache) => "-".to_owned(),
        (n, _) => n.to_string(),
    };
    let mut out = format!(
        "{} - {} [{}] \"{} {} HTTP/1.1\" {} {bytes}",
        r.client,
        r.remote_user.as_deref().unwrap_or("-"),
        clf(r.at_ms),
        r.method,
        r.path,
        r.status,
    );
    if combined {
        let quote = match flavor {
            Flavor::Apache => "\\\"",
            Flavor::Nginx => "\\x22",
        };
        let _ = write!(
            out,
            " \"{}\" \"{}\"",
            r.referer.unwrap_or("-"),
            r.user_agent.replace('"', quote)
        );
    }
    out
}

/// A Go duration (`450us`, `37.2ms`, `2.345s`), as Heroku's router writes its timings.
fn go_duration(ms: f64) -> String {
    if ms < 1.0 {
        format!("{}us", (ms * 1000.0).round())
    } else if ms < 1000.0 {
        format!("{}ms", (ms * 10.0).round() / 10.0)
    } else {
        format!("{}s", (ms).round() / 1000.0)
    }
}

fn logfmt(r: &Request) -> String {
    let (at, extra) = match r.status {
        500.. => (
            "error",
            " code=H13 desc=\"Connection closed without response\"",
        ),
        _ => ("info", ""),
    };
    // Connecting takes 0.2-1 ms: a share of the request's own time, so the line stays the
    // same for the same request.
    let connect = 0.2 + (r.duration_ms - r.response_time_ms).abs().min(0.8);
    format!(
        "at={at}{extra} method={} path=\"{}\" host=shop.example.com request_id={} fwd=\"{}\" dyno=web.{} connect={} service={} status={} bytes={} protocol=https",
        r.method,
        r.path,
        hex(&r.trace_id),
        r.client,
        r.target - 9,
        go_duration(connect),
        go_duration(r.response_time_ms),
        r.status,
        r.bytes,
    )
}

fn alb(r: &Request) -> String {
    // 502 and 503 come from the load balancer itself (no target answered), 504 after the
    // target timed out: no target status, and -1 for the target's time.
    let answered = !matches!(r.status, 502..=504);
    let target = format!("10.0.1.{}:8080", r.target);
    let (target_field, target_time, target_status) = if answered {
        (
            target.as_str(),
            format!("{:.3}", r.response_time_ms / 1000.0),
            r.status.to_string(),
        )
    } else {
        ("-", "-1".to_owned(), "-".to_owned())
    };
    let end_ms = r.at_ms + r.duration_ms as u64;
    format!(
        "https {} app/shop-alb/50dc6c495c0c9188 {}:{} {target_field} 0.001 {target_time} 0.000 {} {target_status} {} {} \"{} https://shop.example.com:443{} HTTP/1.1\" \"{}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/checkout/73e2d6bc24d8a067 \"Root=1-{}-{}\" \"shop.example.com\" \"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 0 {} \"forward\" \"-\" \"-\" \"{}\" \"{target_status}\" \"-\" \"-\" TID_{}",
        iso8601_micros(end_ms),
        r.client,
        r.port,
        r.status,
        r.received,
        r.bytes,
        r.method,
        r.path,
        r.user_agent.replace('"', "\\\""),
        hex(&r.trace_id[..4]),
        hex(&r.trace_id[4..16]),
        iso8601_micros(r.at_ms),
        if answered { target.as_str() } else { "-" },
        hex(&r.trace_id[8..]),
    )
}
