//! The dashboard benchmark: `users` accounts and `comments` comments spread
//! over the roadmap and grouped into themes (the load seed), then the
//! dashboard page as the demo's policy maker sees it: median and 99th
//! percentile of server time one request at a time, and throughput with
//! `concurrency` requests in flight.

use super::bench::{measure, Report};
use crate::config::Config;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct DashboardReport {
    pub page: Report,
    pub concurrency: usize,
    pub throughput: f64,
    pub seeded_in: Duration,
}

/// A session cookie of the demo's policy maker, signed in with the password
/// and the second step through the real endpoints.
async fn policy_maker(router: &axum::Router) -> anyhow::Result<String> {
    let post = |path: &str, body: String, cookie: Option<&str>| {
        let mut request = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("origin", "http://localhost")
            .header("host", "localhost");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.body(Body::from(body))
    };
    let cookie_of = |response: &axum::response::Response| {
        response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    };
    let password = super::demo::DEMO_PASSWORD.replace(' ', "+");
    let response = router
        .clone()
        .oneshot(post(
            "/api/sign_in",
            format!("email=policy%40roundtable.example&password={password}"),
            None,
        )?)
        .await?;
    let cookie =
        cookie_of(&response).ok_or_else(|| anyhow::anyhow!("sign-in gave no session cookie"))?;
    let now = app::two_step::codes::now_seconds();
    for t in [now, now + 30] {
        let code = app::two_step::codes::code_at(super::demo::DEMO_TOTP_SECRET, t)
            .ok_or_else(|| anyhow::anyhow!("the demo secret is not base32"))?;
        let response = router
            .clone()
            .oneshot(post(
                "/api/two_step_verify",
                format!("code={code}"),
                Some(&cookie),
            )?)
            .await?;
        if response.status() == StatusCode::OK {
            return Ok(cookie_of(&response).unwrap_or(cookie));
        }
    }
    anyhow::bail!("the second step was refused")
}

pub async fn run(
    database_url: &str,
    users: usize,
    comments: usize,
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<DashboardReport> {
    let mut config = Config::for_database(database_url);
    config.demo_data = true;
    let server = crate::build(&config).await?;
    let started = Instant::now();
    super::seed::bulk(&server.db, users, comments).await?;
    let seeded_in = started.elapsed();
    let cookie = policy_maker(&server.router).await?;
    let (median, p99, bytes) =
        measure(&server.router, "/dashboard", Some(&cookie), requests).await?;
    let page = Report {
        backend: server.db.backend(),
        requests,
        median,
        p99,
        bytes,
    };

    // Under load: `concurrency` clients, each making its share of requests.
    let each = requests.div_ceil(concurrency.max(1));
    let started = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..concurrency.max(1) {
        let router = server.router.clone();
        let cookie = cookie.clone();
        clients.push(tokio::spawn(async move {
            for _ in 0..each {
                let request = Request::get("/dashboard")
                    .header("accept", "text/html")
                    .header("cookie", &cookie)
                    .body(Body::empty())?;
                let response = router.clone().oneshot(request).await?;
                anyhow::ensure!(
                    response.status() == StatusCode::OK,
                    "dashboard answered {}",
                    response.status()
                );
                axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for client in clients {
        client.await??;
    }
    let throughput = (each * concurrency.max(1)) as f64 / started.elapsed().as_secs_f64();
    server.db.close().await;
    Ok(DashboardReport {
        page,
        concurrency,
        throughput,
        seeded_in,
    })
}
