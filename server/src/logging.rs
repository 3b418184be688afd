//! Logs: human-readable lines by default, JSON lines when
//! `ROUNDTABLE_LOG_FORMAT=json` (for a log collector). Every request gets
//! an id, returned in `X-Request-Id` and attached to everything logged
//! while it is handled, so a person's "request id" finds its log lines.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

/// The default filter when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn,tower_sessions=warn";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    /// `ROUNDTABLE_LOG_FORMAT`: `text` (the default) or `json`.
    pub fn parse(value: Option<&str>) -> anyhow::Result<Format> {
        match value.map(str::trim) {
            None | Some("") | Some("text") => Ok(Format::Text),
            Some("json") => Ok(Format::Json),
            Some(other) => {
                anyhow::bail!("ROUNDTABLE_LOG_FORMAT must be text or json, not {other:?}")
            }
        }
    }
}

/// A subscriber writing what `filter` (`RUST_LOG`'s syntax) lets through
/// to `writer`, in `format`.
pub fn subscriber<W>(
    format: Format,
    filter: &str,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_writer(writer);
    match format {
        Format::Text => Box::new(builder.finish()),
        Format::Json => Box::new(
            builder
                .json()
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        ),
    }
}

/// Sets up the process's logs (standard output).
pub fn init(format: Format) {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| DEFAULT_FILTER.to_owned());
    let subscriber = subscriber(format, &filter, std::io::stdout);
    if tracing::subscriber::set_global_default(subscriber).is_err() {
        eprintln!("logging was set up already");
    }
}

/// Whether to take the request id a proxy in front set.
#[derive(Clone, Copy, Debug)]
pub struct TrustProxy(pub bool);

/// Gives each request an id (a proxy's, behind a trusted one; else a new
/// random one), logs within its span, and returns it as `X-Request-Id`.
/// Requests answered with a server error are logged as warnings; each
/// request is logged at `debug` (`RUST_LOG=server=debug`).
pub async fn request_id(
    State(TrustProxy(trust_proxy)): State<TrustProxy>,
    request: Request,
    next: Next,
) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| trust_proxy && is_plain_id(id))
        .map(str::to_owned)
        .unwrap_or_else(new_id);
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let started = std::time::Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, ms, "answered with a server error");
        } else {
            tracing::debug!(status, ms, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// Letters, digits, `-`, `_` and `.` only, 1 to 64 of them: nothing that
/// could forge a log line.
fn is_plain_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_text_or_json() {
        assert_eq!(Format::parse(None).unwrap(), Format::Text);
        assert_eq!(Format::parse(Some("json")).unwrap(), Format::Json);
        assert!(Format::parse(Some("xml")).is_err());
    }

    #[test]
    fn only_plain_ids_are_taken_from_a_proxy() {
        assert!(is_plain_id("9f2c1e7a-42"));
        assert!(!is_plain_id(""));
        assert!(!is_plain_id("a b"));
        assert!(!is_plain_id(&"a".repeat(65)));
        assert!(!is_plain_id("x\"}{\"level\":\"ERROR"));
    }
}
