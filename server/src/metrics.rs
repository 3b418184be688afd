//! `GET /metrics`: the server's figures in the Prometheus (OpenMetrics)
//! text format, for a Prometheus server to scrape. Off unless
//! `ROUNDTABLE_METRICS_TOKEN` is set; then only a request carrying
//! `Authorization: Bearer <that token>` gets them (anything else: 404).
//!
//! Each app server has its own registry (`prometheus-client`: no global
//! state, so the tests' many routers do not mix their counts):
//! - `http_requests` and `http_request_duration_seconds`, by route (the
//!   route's pattern, such as `/drafts/{id}`, never the raw path), method
//!   and status class;
//! - `db_pool_connections` and `db_pool_idle_connections`;
//! - `live_streams` open on this server;
//! - `sign_in_failures_recent`: wrong passwords in the throttle's window,
//!   across every server (read from the database at each scrape).

use app::db::Db;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;

type RequestLabels = [(&'static str, String); 3];
type RouteLabels = [(&'static str, String); 1];

/// One server's figures.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    /// Live-update streams open now (kept by `live`).
    pub live_streams: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    sign_in_failures: Gauge,
}

fn durations_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            durations_histogram,
        );
        let (live_streams, pool_connections, pool_idle, sign_in_failures) = (
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
        );
        registry.register("http_requests", "Requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (to its first byte for a stream)",
            durations.clone(),
        );
        registry.register(
            "live_streams",
            "Live-update streams open on this server",
            live_streams.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections held by the pool",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Pooled database connections not in use",
            pool_idle.clone(),
        );
        registry.register(
            "sign_in_failures_recent",
            "Wrong passwords counted in the sign-in throttle's window (all servers)",
            sign_in_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            live_streams,
            pool_connections,
            pool_idle,
            sign_in_failures,
        }
    }
}

/// Counts every request by its route's pattern.
pub async fn count_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let path = request.uri().path().to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    let route = route_label(pattern.as_deref(), &path, status);
    metrics
        .durations
        .get_or_create(&[("route", route.clone())])
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&[
            ("route", route),
            ("method", method),
            ("status", format!("{}xx", status.as_u16() / 100)),
        ])
        .inc();
    response
}

/// A route's label: its pattern; for a catch-all (server functions, whose
/// names are a fixed set) the path itself when it was found; never a path
/// that was not found, so a scan of made-up paths adds no label values.
fn route_label(pattern: Option<&str>, path: &str, status: StatusCode) -> String {
    match pattern {
        _ if status == StatusCode::NOT_FOUND => "not found".to_owned(),
        Some(pattern) if pattern.contains('*') && path.starts_with("/api/") => path.to_owned(),
        Some(pattern) => pattern.to_owned(),
        None if path.starts_with("/pkg/") => "/pkg".to_owned(),
        None => "other".to_owned(),
    }
}

#[derive(Clone)]
struct Scrape {
    metrics: Arc<Metrics>,
    db: Db,
    token: Option<Arc<str>>,
}

/// `GET /metrics`, when a token is configured.
pub fn routes(metrics: Arc<Metrics>, db: Db, token: Option<String>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(Scrape {
            metrics,
            db,
            token: token.filter(|t| !t.is_empty()).map(Arc::from),
        })
}

async fn scrape(State(scrape): State<Scrape>, headers: axum::http::HeaderMap) -> Response {
    let Some(token) = scrape.token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(offered.as_bytes(), token.as_bytes()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let metrics = &scrape.metrics;
    let (size, idle) = app::with_db!(&scrape.db, pool => (pool.size(), pool.num_idle()));
    metrics.pool_connections.set(i64::from(size));
    metrics.pool_idle.set(idle as i64);
    match app::identity::throttle::recent_failures(&scrape.db).await {
        Ok(n) => {
            metrics.sign_in_failures.set(n);
        }
        Err(err) => tracing::warn!(%err, "metrics: could not count sign-in failures"),
    }
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// Compares two secrets in a time that does not depend on where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_labelled_by_pattern_and_unknown_paths_share_one_label() {
        assert_eq!(
            route_label(Some("/items/{id}"), "/items/7", StatusCode::OK),
            "/items/{id}"
        );
        assert_eq!(
            route_label(Some("/api/{*fn_name}"), "/api/sign_in", StatusCode::OK),
            "/api/sign_in"
        );
        assert_eq!(
            route_label(
                Some("/api/{*fn_name}"),
                "/api/made-up",
                StatusCode::NOT_FOUND
            ),
            "not found"
        );
        assert_eq!(
            route_label(None, "/wp-admin", StatusCode::NOT_FOUND),
            "not found"
        );
    }

    #[test]
    fn secrets_match_only_in_full() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
