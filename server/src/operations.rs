//! What an operations team needs around the app: `GET /health` (the process
//! answers), `GET /ready` (the database answers and is migrated, and the
//! server is not shutting down), and a graceful shutdown on SIGTERM or
//! Ctrl-C ([`serve`]). Neither endpoint needs a session or shows any data.

use crate::Server;
use app::db::Db;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::watch;

/// Tells the parts of a running server that it is shutting down.
#[derive(Clone, Debug)]
pub struct Stopping(watch::Receiver<bool>);

impl Stopping {
    /// A pair: the sender starts the shutdown, the receiver hears of it.
    pub fn channel() -> (watch::Sender<bool>, Stopping) {
        let (tx, rx) = watch::channel(false);
        (tx, Stopping(rx))
    }

    pub fn now(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once the shutdown has begun (at once if it has); never if
    /// nothing can begin it any more (its sender is gone), rather than at
    /// once, which would make every waiting loop spin.
    pub async fn begun(&mut self) {
        if self.0.wait_for(|stopping| *stopping).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[derive(Clone)]
struct Probe {
    db: Db,
    stopping: Stopping,
}

pub fn routes(db: Db, stopping: Stopping) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .with_state(Probe { db, stopping })
}

fn plain(status: StatusCode, text: &'static str) -> axum::response::Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

async fn health() -> axum::response::Response {
    plain(StatusCode::OK, "ok\n")
}

async fn ready(State(probe): State<Probe>) -> axum::response::Response {
    if probe.stopping.now() {
        plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down\n")
    } else if crate::database::is_ready(&probe.db).await {
        plain(StatusCode::OK, "ready\n")
    } else {
        plain(StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

/// Serves until `signal` resolves, then shuts down gracefully: no new
/// connections, `/ready` answers 503, live streams end with a hint to
/// reconnect in a few seconds (to another server, behind a load balancer),
/// and requests in flight may finish for up to `grace`; then it stops
/// whatever is left.
pub async fn serve(
    listener: tokio::net::TcpListener,
    server: Server,
    signal: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    let stop = server.stop.clone();
    let mut begun = server.stopping.clone();
    // Without TCP_NODELAY, the last part of a response written in several
    // pieces waits for the client's delayed ACK: 40 ms on Linux, which
    // capped a client at 25 requests/s (measured with scripts/bench).
    let listener = listener.tap_io(|stream| {
        if let Err(err) = stream.set_nodelay(true) {
            tracing::warn!(%err, "cannot set TCP_NODELAY on a connection");
        }
    });
    let serving = axum::serve(
        listener,
        server
            .router
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        signal.await;
        tracing::info!("shutting down: finishing the requests in flight");
        let _ = stop.send(true);
    })
    .into_future();
    tokio::pin!(serving);
    tokio::select! {
        served = &mut serving => return Ok(served?),
        () = begun.begun() => {}
    }
    match tokio::time::timeout(grace, serving).await {
        Ok(served) => Ok(served?),
        Err(_) => {
            tracing::warn!(
                seconds = grace.as_secs(),
                "requests still in flight after the grace period: stopping anyway"
            );
            Ok(())
        }
    }
}

/// SIGTERM (what service managers and container runtimes send) or Ctrl-C.
pub async fn terminate_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM; Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
