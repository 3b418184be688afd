//! The item-page benchmark: 1,000 comments on one roadmap item, then the
//! server time of that item's page, measured in process (no network), as
//! median and 99th percentile.

use crate::config::Config;
use app::db::Db;
use app::with_db;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct Report {
    pub backend: &'static str,
    pub requests: usize,
    pub median: Duration,
    pub p99: Duration,
    pub bytes: usize,
}

/// Runs the benchmark against an empty database at `database_url`.
pub async fn run(database_url: &str, comments: usize, requests: usize) -> anyhow::Result<Report> {
    let mut config = Config::for_database(database_url);
    config.demo_data = true;
    let server = crate::build(&config).await?;
    let item_id = first_item(&server.db).await?;
    let thread = app::discussion::store::general_thread_id(&server.db, item_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("item {item_id} has no general thread"))?;
    let authors = crate::seed::users(&server.db, 200).await?;
    crate::seed::comments(&server.db, thread, &authors, comments).await?;

    let uri = format!("/items/{item_id}");
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    // A few warm-up requests fill connection pools and caches.
    for i in 0..requests + 10 {
        let request = Request::get(&uri)
            .header("accept", "text/html")
            .body(Body::empty())?;
        let started = Instant::now();
        let response = server.router.clone().oneshot(request).await?;
        anyhow::ensure!(
            response.status() == StatusCode::OK,
            "page answered {}",
            response.status()
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
        let elapsed = started.elapsed();
        if i >= 10 {
            times.push(elapsed);
            bytes = body.len();
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let report = Report {
        backend: server.db.backend(),
        requests,
        median: at(0.5),
        p99: at(0.99),
        bytes,
    };
    server.db.close().await;
    Ok(report)
}

async fn first_item(db: &Db) -> anyhow::Result<i64> {
    Ok(
        with_db!(db, pool => sqlx::query_scalar("SELECT MIN(id) FROM roadmap_items").fetch_one(pool).await)?,
    )
}
