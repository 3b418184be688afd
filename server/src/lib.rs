//! The Roundtable server: configuration, database, sessions, security
//! middleware and the router that serves the Leptos app.

pub mod api_errors;
pub mod backup;
pub mod config;
pub mod database;
pub mod demo_accounts;
#[cfg(feature = "dev-tools")]
pub mod dev;
pub mod exports;
pub mod language;
pub mod live;
pub mod logging;
pub mod metrics;
pub mod operations;
pub mod read_api;
pub mod security;
pub mod sessions;
pub mod sso;

use app::context::ServerContext;
use app::db::Db;
use app::{shell, App};
use axum::Router;
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::LazyLock;
use tower_http::services::ServeDir;

/// The largest request body accepted, in bytes.
pub const MAX_REQUEST_BODY: usize = 256 * 1024;

/// Everything a running server (or a test) holds on to.
pub struct Server {
    pub router: Router,
    pub db: Db,
    /// The key sealing secrets and keying the audit log's hashes.
    pub secret_key: app::secrets::SecretKey,
    /// Sending `true` begins the shutdown ([`operations::serve`] does).
    pub stop: tokio::sync::watch::Sender<bool>,
    pub stopping: operations::Stopping,
}

/// Opens and migrates the database, seeds demo data if asked and the
/// database is empty, and builds the router.
pub async fn build(config: &Config) -> anyhow::Result<Server> {
    let db = database::connect(&config.database_url).await?;
    // Demo data goes in under the migrations' lock, so that of two servers
    // starting on one empty database only the first seeds it.
    database::migrate_then(&db, async {
        if config.demo_data {
            #[cfg(feature = "dev-tools")]
            dev::demo::seed_if_empty(&db, &config.secret_key).await?;
            #[cfg(not(feature = "dev-tools"))]
            anyhow::bail!("ROUNDTABLE_DEMO is set, but this build has no demo data (it is built without the dev-tools feature)");
        }
        Ok(())
    })
    .await?;
    if config.over_https() && !config.serve_demo_accounts_over_https {
        let open = demo_accounts::still_open(&db).await?;
        if !open.is_empty() {
            anyhow::bail!(
                "this database has demo accounts whose password is public ({}), and the server is set up for HTTPS \
                 (ROUNDTABLE_SECURE_COOKIES or an https:// ROUNDTABLE_PUBLIC_URL), as a real deployment is. \
                 Use a database without the demo data, or change those accounts' passwords; \
                 to serve them anyway (a public demonstration), set ROUNDTABLE_SERVE_DEMO_ACCOUNTS_OVER_HTTPS=true.",
                listed(&open)
            );
        }
    }
    let (stop, stopping) = operations::Stopping::channel();
    Ok(Server {
        router: router_until(db.clone(), config, stopping.clone())?,
        db,
        secret_key: config.secret_key.clone(),
        stop,
        stopping,
    })
}

/// Up to five addresses, and how many more.
fn listed(emails: &[String]) -> String {
    match emails.len() {
        0..=5 => emails.join(", "),
        n => format!("{} and {} more", emails[..5].join(", "), n - 5),
    }
}

/// The browser bundle and stylesheet: sent as the brotli or gzip copy made
/// at build time (`scripts/precompress.mjs`) when the browser accepts one,
/// and revalidated on each use (`no-cache`: a 304 when unchanged, by
/// `Last-Modified`), since their names do not change with their content.
fn assets(
    dir: &str,
) -> tower_http::set_header::SetResponseHeader<ServeDir, axum::http::HeaderValue> {
    use axum::http::{header, HeaderValue};
    use tower::Layer;
    tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    )
    .layer(ServeDir::new(dir).precompressed_br().precompressed_gzip())
}

/// Hourly clean-up: expired sessions and sign-in attempts too old to count.
pub async fn housekeeping(db: Db) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = sessions::Store::for_db(&db);
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(%err, "could not delete expired sessions");
        }
        let day_ago = app::db::now_ms() - 24 * 3600 * 1000;
        if let Err(err) = app::identity::throttle::forget_before(&db, day_ago).await {
            tracing::warn!(%err, "could not forget old sign-in attempts");
        }
    }
}

/// The app's page routes, listed once per process. Listing them renders the
/// whole app with resource loading switched off for the whole process
/// (leptos_router's `RouteList::generate` holds leptos_server's
/// `SuppressResourceLoad`, one global flag), so a page rendering on any
/// thread meanwhile would wait forever on its resources. Listed once, by the
/// first `router` call, before any router exists to render a page; tests
/// build many routers at once.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// The app's routes (pages, server functions, static files) with sessions and
/// the security layers around them.
pub fn router(db: Db, config: &Config) -> anyhow::Result<Router> {
    router_until(db, config, operations::Stopping::channel().1)
}

/// As [`router`], for a server that shuts down when `stopping` says so.
pub fn router_until(
    db: Db,
    config: &Config,
    stopping: operations::Stopping,
) -> anyhow::Result<Router> {
    let options = LeptosOptions::builder()
        .output_name("roundtable")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .build();
    let context = ServerContext {
        db: db.clone(),
        trust_proxy: config.trust_proxy,
        secret_key: config.secret_key.clone(),
        public_url: config.public_url.clone(),
        https: config.over_https(),
        lifetimes: config.lifetimes,
    };
    let routes = ROUTES.clone();
    let pkg_dir = format!("{}/pkg", config.site_root);

    let provide = {
        let context = context.clone();
        move || app::provide_request_context(&context)
    };
    let render = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let fallback = leptos_axum::file_and_error_handler_with_context::<LeptosOptions, _>(
        {
            let context = context.clone();
            move || app::provide_request_context(&context)
        },
        shell,
    );

    let sso = sso::Sso::new(db.clone(), config)?;
    let metrics = std::sync::Arc::new(metrics::Metrics::default());

    let router = Router::new()
        .leptos_routes_with_context(&options, routes, provide, render)
        .nest_service("/pkg", assets(&pkg_dir))
        .fallback(fallback)
        .with_state(options)
        .merge(sso::routes(std::sync::Arc::new(sso)))
        .merge(live::routes(
            db.clone(),
            stopping.clone(),
            metrics.live_streams.clone(),
        ))
        .merge(read_api::routes(db.clone()))
        .merge(exports::routes(db.clone()))
        .layer(axum::middleware::from_fn(api_errors::set_error_status))
        // Outside the line above, so a failed server function counts with
        // the status it is answered with.
        .layer(axum::middleware::from_fn_with_state(
            metrics.clone(),
            metrics::count_requests,
        ))
        // No form here comes near this size; a larger body is refused (413)
        // before anything reads it into memory.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_REQUEST_BODY,
        ))
        .layer(axum::middleware::from_fn(
            security::refuse_cross_site_writes,
        ))
        .layer(sessions::layer(
            sessions::Store::for_db(&db),
            config.over_https(),
        ))
        // Outside the sessions, whose own failures are bare 500s.
        .layer(axum::middleware::from_fn(
            api_errors::unavailable_during_outage,
        ))
        // Probes need no session (and must not make one); nor does the
        // language switch.
        .merge(operations::routes(db.clone(), stopping))
        .merge(language::routes(config.over_https()))
        .merge(metrics::routes(
            metrics,
            db.clone(),
            config.metrics_token.clone(),
        ));
    // The load harness's static yardstick, beside the probes (no session).
    #[cfg(feature = "dev-tools")]
    let router = dev::static_ceiling::merge(router);
    Ok(router
        .layer(axum::middleware::from_fn_with_state(
            security::Transport {
                https: config.over_https(),
            },
            sessions::forget_flash_cookie,
        ))
        .layer(axum::middleware::from_fn_with_state(
            security::Transport {
                https: config.over_https(),
            },
            security::headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            logging::TrustProxy(config.trust_proxy),
            logging::request_id,
        )))
}
