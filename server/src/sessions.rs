//! Sessions kept in the app's own database, so every app server sharing the
//! database honours every session.

use app::db::Db;
use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The sqlx store of whichever backend is running. A failure of the store
/// reaches the app only as text, so the store itself checks whether the
/// database answers and, if not, notes an outage (the request is then
/// answered 503, see [`app::db::outage`]).
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    db: Db,
}

#[derive(Clone, Debug)]
enum Backend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    pub fn for_db(db: &Db) -> Self {
        let backend = match db {
            Db::Sqlite(pool) => Backend::Sqlite(SqliteStore::new(pool.clone())),
            Db::Postgres(pool) => Backend::Postgres(PostgresStore::new(pool.clone())),
        };
        Store {
            backend,
            db: db.clone(),
        }
    }

    /// Passes `result` on, noting an outage first if it failed because the
    /// database does not answer.
    async fn noticing<T>(&self, result: session_store::Result<T>) -> session_store::Result<T> {
        if result.is_err() && !answers(&self.db).await {
            app::db::outage::noticed();
        }
        result
    }
}

/// Whether the database answers a trivial query within half a second.
async fn answers(db: &Db) -> bool {
    let probe = async {
        app::with_db!(db, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    };
    let wait = std::time::Duration::from_millis(500);
    matches!(tokio::time::timeout(wait, probe).await, Ok(Ok(())))
}

macro_rules! delegate {
    ($self:ident, $store:ident => $call:expr) => {{
        let result = match &$self.backend {
            Backend::Sqlite($store) => $call,
            Backend::Postgres($store) => $call,
        };
        $self.noticing(result).await
    }};
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        delegate!(self, s => s.create(record).await)
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        delegate!(self, s => s.save(record).await)
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        delegate!(self, s => s.load(id).await)
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        delegate!(self, s => s.delete(id).await)
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> session_store::Result<()> {
        delegate!(self, s => s.delete_expired().await)
    }
}

/// Sessions last two weeks of inactivity. The cookie is `HttpOnly`,
/// `SameSite=Lax`, and `Secure` when the site is served over HTTPS.
pub fn layer(store: Store, secure: bool) -> SessionManagerLayer<Store> {
    SessionManagerLayer::new(store)
        .with_name("roundtable_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::weeks(2),
        ))
}

/// An anonymous visitor's form flash (see `app::flash`) is for one page
/// load: the page navigation that carries the cookie (a `GET` asking for
/// HTML, the one the failed post was redirected to) also forgets it.
pub async fn forget_flash_cookie(
    axum::extract::State(transport): axum::extract::State<crate::security::Transport>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{header, HeaderValue, Method};
    let headers = request.headers();
    let carries_flash = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookies| app::flash::cookie_value(cookies, app::flash::COOKIE).is_some());
    let is_navigation = request.method() == Method::GET
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let mut response = next.run(request).await;
    if carries_flash && is_navigation {
        if let Ok(forget) = HeaderValue::from_str(&app::flash::forget_cookie(transport.https)) {
            response.headers_mut().append(header::SET_COOKIE, forget);
        }
    }
    response
}
