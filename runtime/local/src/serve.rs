//! `anomaly-function serve-zscore`: the [z-score scorer](crate::zscore) behind the SageMaker
//! runtime's `InvokeEndpoint` API on 127.0.0.1, so `local` (or `invoke`) runs without AWS:
//! point the SDK at it with `AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=http://127.0.0.1:PORT`.
//!
//! It answers `POST /endpoints/{any name}/invocations` with a `text/csv` or
//! `application/json` (`{"instances":[{"features":[…]}]}`) body as RCF does:
//! `{"scores":[{"score":…},…]}` in row order. A body it cannot read is refused as SageMaker
//! refuses what a model rejects: `424 ModelError`. It listens on loopback only.

use std::convert::Infallible;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Args;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::error::LocalError;
use crate::shutdown::{Shutdown, Stop};
use crate::zscore::{DEFAULT_WARMUP, ZScorer};

/// The port `serve-zscore` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8090;

/// Arguments of `serve-zscore`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (0: any free port). The URL is printed on stdout.
    #[arg(long, value_name = "PORT", default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Rows that only teach the scorer normal traffic (scored 0) before it scores.
    #[arg(long, value_name = "ROWS", default_value_t = DEFAULT_WARMUP)]
    pub warmup: u64,
}

/// Runs `serve-zscore` until Ctrl-C and returns the process's exit status.
pub async fn run(args: &ServeArgs) -> ExitCode {
    match try_run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anomaly-function serve-zscore: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

async fn try_run(args: &ServeArgs) -> Result<(), LocalError> {
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .await
        .map_err(|e| LocalError::Io(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| LocalError::Io(format!("cannot read the listening address: {e}")))?;
    let shutdown = Shutdown::on_signals()
        .map_err(|e| LocalError::Io(format!("cannot install the Ctrl-C handler: {e}")))?;
    println!("http://{addr}");
    eprintln!(
        "anomaly-function serve-zscore: a z-score scorer (not Random Cut Forest) on \
         http://{addr}; point the function at it with\n  export \
         AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=http://{addr}"
    );
    serve(listener, ZScorer::new(args.warmup), &shutdown).await;
    Ok(())
}

/// Serves `scorer` on `listener` until a stop is requested.
pub async fn serve(listener: TcpListener, scorer: ZScorer, shutdown: &Shutdown) {
    let scorer = Arc::new(Mutex::new(scorer));
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    eprintln!("anomaly-function serve-zscore: accept failed: {e}");
                    continue;
                }
            },
            () = shutdown.reached(Stop::Requested) => return,
        };
        let scorer = Arc::clone(&scorer);
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(Arc::clone(&scorer), req));
            // A client that hangs up mid-request is its own problem.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    scorer: Arc<Mutex<ZScorer>>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    let content_type = req
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let is_invoke = req.method() == hyper::Method::POST
        && path.starts_with("/endpoints/")
        && path.ends_with("/invocations");
    if !is_invoke {
        return Ok(error(
            404,
            "UnknownOperationException",
            &format!("{path} is not POST /endpoints/{{name}}/invocations"),
        ));
    }
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return Ok(model_error(&format!("cannot read the body: {e}"))),
    };
    let rows = match parse_rows(&content_type, &body) {
        Ok(rows) => rows,
        Err(problem) => return Ok(model_error(&problem)),
    };
    let scored = match scorer.lock() {
        Ok(mut z) => z.score(&rows).map_err(|e| e.to_string()),
        Err(_) => Err("the scorer's state was poisoned by an earlier panic".to_owned()),
    };
    Ok(match scored {
        Ok(scores) => {
            let scores: Vec<_> = scores
                .into_iter()
                .map(|s| serde_json::json!({ "score": s }))
                .collect();
            respond(
                StatusCode::OK,
                None,
                serde_json::json!({ "scores": scores }).to_string(),
            )
        }
        Err(problem) => model_error(&problem),
    })
}

/// The rows of a `text/csv` or `application/json` body.
pub fn parse_rows(content_type: &str, body: &[u8]) -> Result<Vec<Vec<f64>>, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_owned())?;
    let mime = content_type.split(';').next().unwrap_or("").trim();
    match mime {
        "text/csv" => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, line)| {
                line.split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<Vec<f64>, _>>()
                    .map_err(|e| format!("CSV row {i} is not numbers: {e}"))
            })
            .collect(),
        "application/json" => {
            #[derive(serde::Deserialize)]
            struct Body {
                instances: Vec<Instance>,
            }
            #[derive(serde::Deserialize)]
            struct Instance {
                features: Vec<f64>,
            }
            serde_json::from_str::<Body>(text)
                .map(|b| b.instances.into_iter().map(|i| i.features).collect())
                .map_err(|e| {
                    format!("the body is not {{\"instances\":[{{\"features\":[…]}}]}}: {e}")
                })
        }
        other => Err(format!(
            "content type `{other}` is neither text/csv nor application/json"
        )),
    }
}

/// What SageMaker answers when the model refuses the input (its container said 400).
fn model_error(problem: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "message": format!("Received client error (400) from primary with message \"{problem}\""),
        "OriginalStatusCode": 400,
        "OriginalMessage": problem,
    });
    respond(
        StatusCode::FAILED_DEPENDENCY,
        Some("ModelError"),
        body.to_string(),
    )
}

fn error(status: u16, kind: &str, message: &str) -> Response<Full<Bytes>> {
    respond(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Some(kind),
        serde_json::json!({ "message": message }).to_string(),
    )
}

fn respond(status: StatusCode, kind: Option<&str>, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    if let Some(kind) = kind.and_then(|k| hyper::header::HeaderValue::from_str(k).ok()) {
        headers.insert("x-amzn-ErrorType", kind);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_body_formats_are_read() {
        assert_eq!(
            parse_rows("text/csv", b"1,2.5\n3,4\n").unwrap(),
            vec![vec![1.0, 2.5], vec![3.0, 4.0]]
        );
        assert_eq!(
            parse_rows(
                "application/json; charset=utf-8",
                br#"{"instances":[{"features":[1,2]}]}"#
            )
            .unwrap(),
            vec![vec![1.0, 2.0]]
        );
        assert!(parse_rows("text/csv", b"1,x\n").is_err());
        assert!(parse_rows("application/x-recordio-protobuf", b"").is_err());
        assert!(parse_rows("text/csv", &[0xff]).is_err());
    }
}
