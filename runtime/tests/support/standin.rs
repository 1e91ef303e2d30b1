//! A SageMaker runtime stand-in: an HTTP server on 127.0.0.1 (random port) answering
//! `POST /endpoints/{name}/invocations` like an RCF endpoint, recording every request and
//! injecting the faults a test asks for: one at a time ([`StandIn::fault_next`], a queue that
//! also takes [`Fault::None`] gaps, so a test can plan a fault per call), on every call
//! ([`StandIn::fault_always`]), or on rows with given values ([`StandIn::reject_rows_with`]).

// Test support: a panic here is a failed test with its message, which is what we want.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A fault the stand-in injects into one response.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// An error status with the `x-amzn-ErrorType` code (429 ThrottlingException, …).
    Status(u16, &'static str),
    /// Answers correctly, but only after this long.
    Slow(Duration),
    /// A body that is not JSON.
    Malformed,
    /// One score too few.
    WrongCount,
    /// No fault: answers normally (a gap in a queue of planned faults).
    None,
    /// Closes the connection without answering.
    Hangup,
}

/// What the server does for [`Fault::Hangup`]: fails the connection, so hyper closes it
/// without a response.
#[derive(Debug)]
struct HungUp;

impl std::fmt::Display for HungUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("injected hang-up")
    }
}

impl std::error::Error for HungUp {}

/// One request the stand-in received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub content_type: String,
    pub accept: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The rows the body carries (CSV or JSON instances).
    pub fn rows(&self) -> Vec<Vec<f64>> {
        parse_rows(&self.content_type, &self.body).unwrap_or_default()
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    faults: VecDeque<Fault>,
    always: Option<Fault>,
    reject_first_feature: Vec<f64>,
    /// Requests answered so far (also counted when not kept).
    count: usize,
    /// When set, requests are counted but not kept (long runs would grow `received`).
    forget_requests: bool,
    /// DynamoDB: how many more `BatchWriteItem` calls answer with everything unprocessed
    /// (`usize::MAX`: all of them).
    unprocessed_rounds: usize,
    /// Lambda runtime API: events still to hand out, and the responses and errors posted.
    invocations: VecDeque<Vec<u8>>,
    responses: Vec<(String, Vec<u8>)>,
}

/// The running stand-in; it stops with the test's runtime.
#[derive(Clone)]
pub struct StandIn {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

/// The stand-in's score for a row: its first feature / 100 (so response_time_ms > 300 is
/// an anomaly at the seed's threshold of 3).
pub fn score_of(row: &[f64]) -> f64 {
    row.first().copied().unwrap_or(0.0) / 100.0
}

impl StandIn {
    /// Starts the server on the current tokio runtime.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |req| answer(Arc::clone(&state), req));
                    // A hang-up ends the connection with an error; that is the point of it.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, state }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The next request gets `fault` (queued after earlier ones).
    pub fn fault_next(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Every request gets `fault`.
    pub fn fault_always(&self, fault: Fault) {
        self.state.lock().unwrap().always = Some(fault);
    }

    /// A body with a row whose first feature is `value` is refused with a 424 ModelError
    /// (the container answered 400), as RCF does for input it cannot read. Each call adds a
    /// value.
    pub fn reject_rows_with(&self, value: f64) {
        self.state.lock().unwrap().reject_first_feature.push(value);
    }

    /// Drops every queued fault and the fault for every request (row rejections stay: they
    /// are the model's, not the service's).
    pub fn clear_faults(&self) {
        let mut s = self.state.lock().unwrap();
        s.faults.clear();
        s.always = None;
    }

    /// The number of queued faults not yet used.
    pub fn faults_left(&self) -> usize {
        self.state.lock().unwrap().faults.len()
    }

    /// Stops keeping requests (they are still counted): for long runs, whose memory would
    /// otherwise grow with every request.
    pub fn forget_requests(&self) {
        let mut s = self.state.lock().unwrap();
        s.forget_requests = true;
        s.received = Vec::new();
    }

    /// The number of requests received so far, kept or not.
    pub fn request_count(&self) -> usize {
        self.state.lock().unwrap().count
    }

    /// DynamoDB `BatchWriteItem` answers the next `rounds` calls with every item unprocessed.
    pub fn unprocessed_rounds(&self, rounds: usize) {
        self.state.lock().unwrap().unprocessed_rounds = rounds;
    }

    /// Lambda runtime API: the next `invocation/next` hands out `event`.
    pub fn queue_invocation(&self, event: Vec<u8>) {
        self.state.lock().unwrap().invocations.push_back(event);
    }

    /// Lambda runtime API: the (`response` | `error`) bodies posted so far.
    pub fn lambda_responses(&self) -> Vec<(String, Vec<u8>)> {
        self.state.lock().unwrap().responses.clone()
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

fn parse_rows(content_type: &str, body: &[u8]) -> Option<Vec<Vec<f64>>> {
    let text = std::str::from_utf8(body).ok()?;
    if content_type == "text/csv" {
        text.lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').map(|x| x.parse().ok()).collect())
            .collect()
    } else {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        v["instances"]
            .as_array()?
            .iter()
            .map(|i| {
                i["features"]
                    .as_array()?
                    .iter()
                    .map(|x| x.as_f64())
                    .collect()
            })
            .collect()
    }
}

fn respond(status: u16, error_type: Option<&str>, body: String) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", "application/json");
    if let Some(t) = error_type {
        builder = builder.header("x-amzn-ErrorType", t);
    }
    builder.body(Full::new(Bytes::from(body))).unwrap()
}

async fn answer(
    state: Arc<Mutex<State>>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, HungUp> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let path = req.uri().path().to_owned();
    let (content_type, accept) = (header("content-type"), header("accept"));
    let header_target = header("x-amz-target");
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let (fault, reject) = {
        let mut s = state.lock().unwrap();
        s.count += 1;
        if !s.forget_requests {
            s.received.push(Received {
                path: path.clone(),
                content_type: content_type.clone(),
                accept,
                body: body.clone(),
            });
        }
        let fault = s.faults.pop_front().or_else(|| s.always.clone());
        (fault, s.reject_first_feature.clone())
    };
    if path.starts_with("/2018-06-01/runtime/") {
        return Ok(lambda_runtime_api(&state, &path, body).await);
    }
    if header_target.starts_with("DynamoDB_20120810.BatchWriteItem") {
        return Ok(batch_write_item(&state, &body));
    }
    if !(path.starts_with("/endpoints/") && path.ends_with("/invocations")) {
        return Ok(respond(
            404,
            Some("UnknownOperationException"),
            r#"{"message":"not found"}"#.into(),
        ));
    }
    match fault {
        Some(Fault::Status(status, code)) => {
            return Ok(respond(
                status,
                Some(code),
                format!(r#"{{"message":"injected {status} {code}"}}"#),
            ));
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::Malformed) => return Ok(respond(200, None, "{\"scores\": [ oops".into())),
        Some(Fault::Hangup) => return Err(HungUp),
        Some(Fault::WrongCount | Fault::None) | None => {}
    }
    let Some(rows) = parse_rows(&content_type, &body) else {
        return Ok(respond(424, Some("ModelError"), r#"{"message":"Received client error (400)","OriginalStatusCode":400,"OriginalMessage":"unreadable body"}"#.into()));
    };
    if let Some(bad) = rows
        .iter()
        .find_map(|r| r.first().filter(|x| reject.contains(x)))
    {
        return Ok(respond(
            424,
            Some("ModelError"),
            format!(
                r#"{{"message":"Received client error (400) from primary","OriginalStatusCode":400,"OriginalMessage":"cannot score feature value {bad}"}}"#
            ),
        ));
    }
    let mut scores: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"score": score_of(r)}))
        .collect();
    if fault == Some(Fault::WrongCount) {
        scores.pop();
    }
    Ok(respond(
        200,
        None,
        serde_json::json!({ "scores": scores }).to_string(),
    ))
}

/// A minimal Lambda runtime API: `invocation/next` hands out queued events (and holds the
/// request open when none is left), `invocation/{id}/response|error` records the body.
async fn lambda_runtime_api(
    state: &Arc<Mutex<State>>,
    path: &str,
    body: Vec<u8>,
) -> Response<Full<Bytes>> {
    if path.ends_with("/invocation/next") {
        loop {
            let next = state.lock().unwrap().invocations.pop_front();
            if let Some(event) = next {
                let deadline = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_millis()
                    + 30_000;
                return Response::builder()
                    .status(200)
                    .header("lambda-runtime-aws-request-id", "req-1")
                    .header("lambda-runtime-deadline-ms", deadline.to_string())
                    .header(
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:anomaly",
                    )
                    .header(
                        "lambda-runtime-trace-id",
                        "Root=1-00000000-000000000000000000000000",
                    )
                    .body(Full::new(Bytes::from(event)))
                    .unwrap();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let kind = path.rsplit('/').next().unwrap_or("").to_owned();
    state.lock().unwrap().responses.push((kind, body));
    respond(202, None, "{}".into())
}

/// DynamoDB `BatchWriteItem` (awsJson1.0): everything unprocessed while rounds remain.
fn batch_write_item(state: &Arc<Mutex<State>>, body: &[u8]) -> Response<Full<Bytes>> {
    let request: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let mut s = state.lock().unwrap();
    let unprocessed = if s.unprocessed_rounds > 0 {
        if s.unprocessed_rounds != usize::MAX {
            s.unprocessed_rounds -= 1;
        }
        request["RequestItems"].clone()
    } else {
        serde_json::json!({})
    };
    let mut response = respond(
        200,
        None,
        serde_json::json!({ "UnprocessedItems": unprocessed }).to_string(),
    );
    response.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    response
}
