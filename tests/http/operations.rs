//! The operations side: health and readiness probes, and a graceful
//! shutdown (in-flight requests finish, live streams say to reconnect, and
//! what will not finish is cut off after the grace period).

use crate::drafts::start_draft;
use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends! {
    async fn health_and_readiness_answer_without_a_session(app: TestApp) {
        let mut client = app.client();
        let health = client.get("/health").await;
        assert_eq!((health.status, health.body.as_str()), (StatusCode::OK, "ok\n"));
        let ready = client.get("/ready").await;
        assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready\n"));
        assert!(ready.headers.get("set-cookie").is_none(), "no session made");
        assert_eq!(ready.headers.get("cache-control").unwrap(), "no-store");

        // Not ready while shutting down (load balancers stop sending), or
        // without a database; alive all the same.
        app.stop.send(true).unwrap();
        let ready = client.get("/ready").await;
        assert_eq!((ready.status, ready.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n"));
        let other = TestApp::with_config(app.backend, |_| {}).await.unwrap();
        other.db.close().await;
        let mut client = other.client();
        assert_eq!(client.get("/ready").await.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(client.get("/health").await.status, StatusCode::OK);

        // Without a database, pages and server functions fail as what it
        // is, temporary: 503, try again in a few seconds.
        let page = client.get("/items/1").await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.body);
        assert_eq!(page.headers.get("retry-after").unwrap(), "5");
        assert!(page.body.contains("cannot reach its database"), "{}", page.body);
        let call = client.call::<app::auth::api::SignIn>(&[("email", "pat@example.org"), ("password", "whatever it is")]).await;
        assert_eq!(call.status, StatusCode::SERVICE_UNAVAILABLE, "{}", call.body);
        assert_eq!(call.headers.get("retry-after").unwrap(), "5");
        assert_eq!(serde_json::from_str::<app::error::AppError>(&call.body).unwrap(), app::error::AppError::Unavailable);
    }

    async fn metrics_need_their_token_and_count_requests_by_route(app: TestApp) {
        let mut client = app.client();
        assert_eq!(client.get("/metrics").await.status, StatusCode::NOT_FOUND, "off without a token");
        let app = TestApp::with_config(app.backend, |c| c.metrics_token = Some("a-long-scrape-token".into())).await.unwrap();
        let mut client = app.client();
        let scrape = |token: &'static str| {
            axum::http::Request::get("/metrics").header("authorization", format!("Bearer {token}"))
        };
        assert_eq!(client.get("/metrics").await.status, StatusCode::NOT_FOUND);
        assert_eq!(client.send(scrape("a-long-scrape-tokem"), axum::body::Body::empty()).await.status, StatusCode::NOT_FOUND);

        for path in ["/items/1", "/items/2", "/no-such-page-42"] {
            client.get(path).await;
        }
        let wrong = client.call::<app::auth::api::SignIn>(&[("email", "pat@example.org"), ("password", "not the password")]).await;
        assert_eq!(wrong.status.as_u16(), 422, "{}", wrong.body);
        let res = client.send(scrape("a-long-scrape-token"), axum::body::Body::empty()).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let text = res.body;
        assert!(text.contains(r#"http_requests_total{route="/items/{id}",method="GET",status="2xx"} 2"#), "{text}");
        assert!(text.contains(r#"http_requests_total{route="/api/sign_in",method="POST",status="4xx"} 1"#), "{text}");
        assert!(text.contains(r#"route="not found""#) && !text.contains("no-such-page"), "{text}");
        assert!(text.contains(r#"http_request_duration_seconds_count{route="/items/{id}"} 2"#), "{text}");
        assert!(text.contains("sign_in_failures_recent 1"), "{text}");
        assert!(text.contains("live_streams 0") && text.contains("db_pool_connections "), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
    }

    async fn a_live_stream_ends_with_a_reconnect_hint_at_shutdown(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let (status, mut events) = dana.events(&format!("/drafts/{draft}/events?after=1")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(events.next(5).await.map(|e| e.0), Some("viewers".into()));
        let asked = Instant::now();
        app.stop.send(true).unwrap();
        assert_eq!(events.next(5).await, Some(("restart".into(), String::new())));
        assert!(asked.elapsed() < Duration::from_secs(1), "at once, not at the next tick");
        assert_eq!(events.next(5).await, None, "then the stream ends");
    }
}

/// A request whose body is still arriving when the shutdown begins.
async fn half_sent(address: std::net::SocketAddr) -> (tokio::net::TcpStream, &'static [u8]) {
    let body: &'static [u8] = b"email=jo%40example.org&password=not+the+password";
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /api/sign_in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    (stream, &body[10..])
}

#[tokio::test]
async fn a_shutdown_lets_requests_in_flight_finish_within_the_grace_period() {
    let dir = std::env::temp_dir().join(format!("roundtable-shutdown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config =
        server::config::Config::for_database(&format!("sqlite://{}/test.db", dir.display()));
    let built = server::build(&config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (signal, signalled) = tokio::sync::oneshot::channel::<()>();
    let grace = Duration::from_secs(2);
    let serving = tokio::spawn(server::operations::serve(
        listener,
        built,
        async move {
            let _ = signalled.await;
        },
        grace,
    ));

    let (mut finishing, rest) = half_sent(address).await;
    let (_stuck, _) = half_sent(address).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let signalled_at = Instant::now();
    signal.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // The request under way is answered in full.
    finishing.write_all(rest).await.unwrap();
    let mut answer = String::new();
    let mut buffer = [0u8; 4096];
    while !answer.contains("\r\n\r\n") {
        let n = finishing.read(&mut buffer).await.unwrap();
        assert!(n > 0, "connection closed before the answer: {answer:?}");
        answer.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");

    // The one that never finishes is cut off after the grace period, and
    // the server stops.
    let result = tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("the server stops")
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
    let took = signalled_at.elapsed();
    assert!(
        took >= grace && took < grace + Duration::from_secs(3),
        "{took:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a log writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_request_has_an_id_found_in_its_json_log_lines() {
    use axum::body::Body;
    use axum::http::Request;
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        server::logging::subscriber(server::logging::Format::Json, "server=debug", move || {
            writer.clone()
        });
    // The test's runtime has one thread, so the request is handled on this
    // one, where the subscriber is set.
    let _logging = tracing::subscriber::set_default(subscriber);

    let mut client = app.client();
    let first = client.get("/health").await;
    let id = first
        .headers
        .get("x-request-id")
        .expect("an id")
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 16, "{id}");
    // A client cannot choose its id (only a trusted proxy can).
    let chosen = client
        .send(
            Request::get("/health").header("x-request-id", "chosen-by-me"),
            Body::empty(),
        )
        .await;
    let second = chosen
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(second != id && second != "chosen-by-me", "{second}");

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("no line with {id} in {log}"));
    let json: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
    assert_eq!(json["span"]["request_id"], id.as_str(), "{line}");
    assert_eq!(json["span"]["path"], "/health", "{line}");
    assert_eq!(json["fields"]["status"], 200, "{line}");
}

/// Two app servers starting at the same moment on one new database: both
/// migrate it (the second waits for the first), and both then serve.
async fn two_servers_start_together(url: String) {
    let start = |url: String| async move {
        let config = server::config::Config::for_database(&url);
        server::build(&config).await
    };
    let (a, b) = tokio::join!(start(url.clone()), start(url.clone()));
    let (a, b) = (a.expect("first server"), b.expect("second server"));
    for built in [a, b] {
        let ready = tower::ServiceExt::oneshot(
            built.router,
            axum::http::Request::get("/ready")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(ready.status(), StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_migrate_one_new_postgresql_database_at_once() {
    let Some(server_url) = postgres_url() else {
        return;
    };
    for _ in 0..3 {
        let url = server::database::create_scratch_postgres(&server_url, "rt_twin")
            .await
            .unwrap();
        two_servers_start_together(url.clone()).await;
        server::database::drop_scratch_postgres(&server_url, &url)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_migrate_one_new_sqlite_database_at_once() {
    for n in 0..3 {
        let dir = std::env::temp_dir().join(format!("roundtable-twin-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        two_servers_start_together(format!("sqlite://{}/test.db", dir.display())).await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Every table's name and row count.
async fn row_counts(pool: &sqlx::SqlitePool) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut counts = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(pool)
            .await
            .unwrap();
        counts.push((table, n));
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writing_restores_every_row() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let Db::Sqlite(pool) = app.db.clone() else {
        unreachable!()
    };
    // Writes go on while the backup is taken.
    let writing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let writer = tokio::spawn({
        let (pool, writing) = (pool.clone(), writing.clone());
        async move {
            let mut n = 0;
            while writing.load(std::sync::atomic::Ordering::Relaxed) {
                sqlx::query("INSERT INTO sign_in_attempts (key, at) VALUES ('ip:backup-test', $1)")
                    .bind(n)
                    .execute(&pool)
                    .await
                    .unwrap();
                n += 1;
            }
            n
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let dir = std::env::temp_dir().join(format!("roundtable-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.db");
    let bytes = server::backup::backup(&app.db, &file)
        .await
        .expect("backup");
    assert!(bytes > 0);
    assert!(
        server::backup::backup(&app.db, &file).await.is_err(),
        "never over an existing file"
    );
    writing.store(false, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written > 0);

    let url = format!("sqlite://{}/restored.db", dir.display());
    server::backup::restore(&file, &url, false)
        .await
        .expect("restore");
    assert!(
        server::backup::restore(&file, &url, false).await.is_err(),
        "not over a database without --replace"
    );
    let restored = server::database::connect(&url).await.unwrap();
    let Db::Sqlite(restored_pool) = &restored else {
        unreachable!()
    };
    let (source, copy) = (row_counts(&pool).await, row_counts(restored_pool).await);
    assert_eq!(source.len(), copy.len(), "every table");
    for ((table, before), (_, after)) in source.iter().zip(&copy) {
        if table == "sign_in_attempts" {
            // A snapshot of one moment: the first rows written, none torn.
            let last: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(at), -1) FROM sign_in_attempts WHERE key = 'ip:backup-test'",
            )
            .fetch_one(restored_pool)
            .await
            .unwrap();
            assert_eq!(last + 1, *after, "rows 0..{after} and nothing else");
            assert!(after <= before);
        } else {
            assert_eq!(before, after, "{table}");
        }
    }
    // The restored copy serves.
    let config = server::config::Config::for_database(&url);
    assert!(server::build(&config).await.is_ok());
    let not_a_backup = dir.join("junk.db");
    std::fs::write(&not_a_backup, b"not a database").unwrap();
    assert!(
        server::backup::restore(&not_a_backup, &url, true)
            .await
            .is_err(),
        "a damaged file is refused"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
