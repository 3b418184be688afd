//! The signed-in user of the current request, kept in a tower-sessions session.

use super::store;
use crate::context::{db, server_context};
use crate::domain::identity::Me;
use crate::domain::lifetimes::{is_live, Lifetime};
use crate::error::AppError;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
/// When the sign-in ends whatever happens (epoch ms).
const ENDS_AT: &str = "ends_at";
/// How long the sign-in survives without a request (ms).
const IDLE_MS: &str = "idle_ms";
/// The last request seen, to the minute (epoch ms).
const SEEN_AT: &str = "seen_at";
/// How stale `seen_at` may grow before a request writes it again: a
/// session is written at most once a minute, not on every request.
const TOUCH_EVERY_MS: i64 = 60 * 1000;
/// The provider's end-session URL for this sign-in, if it offers one.
const PROVIDER_LOGOUT: &str = "sso_logout_url";
/// The sign-in passed a second step (a code from the account's app).
const SECOND_FACTOR: &str = "second_factor";
/// The identity provider the sign-in came through, if any.
const PROVIDER: &str = "sso_provider";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(%err, "no session layer on this request");
        AppError::Internal
    })
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    if crate::db::outage::lately() {
        tracing::warn!(%err, "session store unreachable");
        return AppError::Unavailable;
    }
    tracing::error!(%err, "session store error");
    AppError::Internal
}

/// The signed-in user, or `None` for an anonymous visitor. A session naming an
/// account that no longer exists counts as anonymous.
///
/// A page asks several times (its header, each of its sections); the
/// account is read from the database once per request and sign-in
/// ([`SignedInMemo`]).
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let session = session().await?;
    let Some(sign_in) = sign_in_of(&session).await? else {
        return Ok(None);
    };
    let db = db()?;
    match leptos::prelude::use_context::<SignedInMemo>() {
        Some(memo) => memo.get_or_load(sign_in, &db).await,
        None => Ok(sign_in.load(&db).await?),
    }
}

/// The account signed in on `session`, as [`current_user`] (also used
/// outside Leptos). Its global roles count only in a sign-in that passed
/// the second step: a role granted to someone signed in without one waits
/// for their next sign-in, which makes them set one up.
pub async fn me_in(session: &Session, db: &crate::db::Db) -> Result<Option<Me>, AppError> {
    match sign_in_of(session).await? {
        Some(sign_in) => Ok(sign_in.load(db).await?),
        None => Ok(None),
    }
}

/// What a session's sign-in says of the account: which one, and how it
/// signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SignIn {
    user_id: i64,
    second_factor: bool,
    provider: Option<i64>,
}

impl SignIn {
    async fn load(self, db: &crate::db::Db) -> Result<Option<Me>, sqlx::Error> {
        load_signed_in(db, self.user_id, self.second_factor, self.provider).await
    }
}

async fn sign_in_of(session: &Session) -> Result<Option<SignIn>, AppError> {
    let Some(user_id) = user_id_in(session).await.map_err(session_error)? else {
        return Ok(None);
    };
    let second_factor = session
        .get::<bool>(SECOND_FACTOR)
        .await
        .map_err(session_error)?
        .unwrap_or(false);
    let provider = session.get::<i64>(PROVIDER).await.map_err(session_error)?;
    Ok(Some(SignIn {
        user_id,
        second_factor,
        provider,
    }))
}

/// The account of this request's sign-in, once read: provided fresh for
/// each request ([`crate::provide_request_context`]), never shared between two.
/// Keyed by the sign-in, so a request that signs someone in or out reads
/// the account again; a request that changes the account's roles or
/// memberships and then checks them again must read them itself
/// ([`me_in`] does not remember).
#[derive(Clone, Default)]
pub struct SignedInMemo(std::sync::Arc<tokio::sync::Mutex<Option<Remembered>>>);

/// A sign-in, and the account it was read as (or why it could not be:
/// sections waiting on the first reader then fail at once rather than
/// each waiting out the database in turn).
type Remembered = (SignIn, Result<Option<Me>, AppError>);

impl SignedInMemo {
    async fn get_or_load(
        &self,
        sign_in: SignIn,
        db: &crate::db::Db,
    ) -> Result<Option<Me>, AppError> {
        // Held while reading, so sections rendering at once wait for the
        // first reader rather than all reading.
        let mut memo = self.0.lock().await;
        if let Some((key, me)) = memo.as_ref() {
            if *key == sign_in {
                return me.clone();
            }
        }
        let me = sign_in.load(db).await.map_err(AppError::from);
        *memo = Some((sign_in, me.clone()));
        me
    }
}

/// The account a stored session record is signed in as, as [`me_in`]: for
/// long-lived requests (live updates) that must notice a sign-out or a
/// change made by another request, which their own `Session` does not see.
pub async fn me_in_record(
    record: &tower_sessions::session::Record,
    db: &crate::db::Db,
) -> Result<Option<Me>, sqlx::Error> {
    let Some(user_id) = user_id_in_record(record) else {
        return Ok(None);
    };
    let second_factor = record
        .data
        .get(SECOND_FACTOR)
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let provider = record.data.get(PROVIDER).and_then(|v| v.as_i64());
    load_signed_in(db, user_id, second_factor, provider).await
}

/// The account as its sign-in lets it act: memberships from `provider`'s
/// sign-in only through it, global roles only after a second step.
async fn load_signed_in(
    db: &crate::db::Db,
    user_id: i64,
    second_factor: bool,
    provider: Option<i64>,
) -> Result<Option<Me>, sqlx::Error> {
    let me = store::load_me_via(db, user_id, provider).await?;
    Ok(me.map(|mut me| {
        if !second_factor {
            me.roles.clear();
        }
        me
    }))
}

/// The id of the account signed in on `session`, if its sign-in has not
/// ended (an ended one is flushed here). Also used outside Leptos.
pub async fn user_id_in(session: &Session) -> Result<Option<i64>, tower_sessions::session::Error> {
    let Some(user_id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    let ends_at = session.get::<i64>(ENDS_AT).await?;
    let idle_ms = session.get::<i64>(IDLE_MS).await?;
    let seen_at = session.get::<i64>(SEEN_AT).await?;
    let now = crate::db::now_ms();
    if !is_live(now, ends_at, idle_ms, seen_at) {
        session.flush().await?;
        return Ok(None);
    }
    if seen_at.is_some_and(|seen| now - seen >= TOUCH_EVERY_MS) {
        session.insert(SEEN_AT, now).await?;
    }
    Ok(Some(user_id))
}

/// The account id a stored session record is signed in as, if its sign-in
/// has not ended.
fn user_id_in_record(record: &tower_sessions::session::Record) -> Option<i64> {
    let number = |key: &str| record.data.get(key).and_then(|v| v.as_i64());
    let user_id = number(USER_ID)?;
    let lapsed = record.expiry_date <= time::OffsetDateTime::now_utc();
    let live = is_live(
        crate::db::now_ms(),
        number(ENDS_AT),
        number(IDLE_MS),
        number(SEEN_AT),
    );
    (live && !lapsed).then_some(user_id)
}

/// The signed-in user, or `NotSignedIn`: the first line of every server
/// function that needs an account.
pub async fn require_user() -> Result<Me, AppError> {
    current_user().await?.ok_or(AppError::NotSignedIn)
}

/// Signs `user_id` in with a password (and second step, if it has one),
/// remembered on this device if asked for and allowed. The session id
/// changes at this moment, so an id an attacker planted before sign-in
/// (session fixation) is worthless after it.
pub async fn begin(user_id: i64, remember: bool, second_factor: bool) -> Result<(), AppError> {
    let context = server_context()?;
    match store::load_me(&context.db, user_id).await? {
        Some(me) => begin_for(&me, remember, second_factor).await,
        None => Err(AppError::NotSignedIn),
    }
}

/// As [`begin`], for an account already loaded.
pub async fn begin_for(me: &Me, remember: bool, second_factor: bool) -> Result<(), AppError> {
    let context = server_context()?;
    let privileged = !me.roles.is_empty() || !me.memberships.is_empty();
    let lifetime = context
        .lifetimes
        .sign_in(crate::db::now_ms(), privileged, remember);
    begin_in(&session().await?, me.id, lifetime, second_factor, None)
        .await
        .map_err(session_error)
}

/// Signs `user_id` in on a given session for `lifetime`, after a second
/// step or not, through an identity provider or not (also used outside
/// Leptos, by the single sign-on endpoints).
pub async fn begin_in(
    session: &Session,
    user_id: i64,
    lifetime: Lifetime,
    second_factor: bool,
    provider: Option<i64>,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    session.remove::<String>(PROVIDER_LOGOUT).await?;
    session.insert(ENDS_AT, lifetime.ends_at).await?;
    session.insert(IDLE_MS, lifetime.idle_ms).await?;
    session.insert(SECOND_FACTOR, second_factor).await?;
    match provider {
        Some(id) => session.insert(PROVIDER, id).await?,
        None => {
            session.remove::<i64>(PROVIDER).await?;
        }
    }
    session.insert(SEEN_AT, crate::db::now_ms()).await
}

/// Remembers where to end this sign-in at the identity provider.
pub async fn remember_provider_logout(
    session: &Session,
    url: &str,
) -> Result<(), tower_sessions::session::Error> {
    session.insert(PROVIDER_LOGOUT, url).await
}

/// Ends the session: its record is deleted and the cookie cleared. Returns
/// the identity provider's end-session URL when the session began there.
pub async fn end() -> Result<Option<String>, AppError> {
    let session = session().await?;
    let provider_logout = session
        .get::<String>(PROVIDER_LOGOUT)
        .await
        .map_err(session_error)?;
    session.flush().await.map_err(session_error)?;
    Ok(provider_logout)
}

/// The client's address, for throttling. Behind a trusted proxy it is the
/// last address the proxy appended to `X-Forwarded-For`.
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let trust_proxy = server_context().map(|c| c.trust_proxy).unwrap_or(false);
    if trust_proxy {
        if let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await {
            if let Some(ip) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                return ip.to_owned();
            }
        }
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_owned(),
    }
}
