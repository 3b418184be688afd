//! The signed-in user of the current request, kept in a tower-sessions session.

use super::store;
use crate::context::{db, server_context};
use crate::domain::identity::Me;
use crate::error::AppError;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
/// When a session begun through single sign-on ends (epoch ms); absent for
/// password sign-ins.
const EXPIRES_AT: &str = "sso_expires_at";
/// The provider's end-session URL for this sign-in, if it offers one.
const PROVIDER_LOGOUT: &str = "sso_logout_url";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|err| {
        tracing::error!(%err, "no session layer on this request");
        AppError::Internal
    })
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::error!(%err, "session store error");
    AppError::Internal
}

/// The signed-in user, or `None` for an anonymous visitor. A session naming an
/// account that no longer exists counts as anonymous.
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let session = session().await?;
    let Some(user_id) = user_id_in(&session).await.map_err(session_error)? else {
        return Ok(None);
    };
    Ok(store::load_me(&db()?, user_id).await?)
}

/// The id of the account signed in on `session`, if its sign-in has not
/// expired (an expired one is ended here). Also used outside Leptos.
pub async fn user_id_in(session: &Session) -> Result<Option<i64>, tower_sessions::session::Error> {
    let Some(user_id) = session.get::<i64>(USER_ID).await? else {
        return Ok(None);
    };
    if let Some(expires_at) = session.get::<i64>(EXPIRES_AT).await? {
        if crate::db::now_ms() >= expires_at {
            session.flush().await?;
            return Ok(None);
        }
    }
    Ok(Some(user_id))
}

/// The account a stored session record is signed in as, if its sign-in has
/// not expired: for long-lived requests (live updates) that must notice a
/// sign-out made by another request, which their own `Session` does not see.
pub fn user_id_in_record(record: &tower_sessions::session::Record) -> Option<i64> {
    let user_id = record.data.get(USER_ID)?.as_i64()?;
    let expired = record
        .data
        .get(EXPIRES_AT)
        .and_then(|v| v.as_i64())
        .is_some_and(|expires_at| crate::db::now_ms() >= expires_at);
    let lapsed = record.expiry_date <= time::OffsetDateTime::now_utc();
    (!expired && !lapsed).then_some(user_id)
}

/// The signed-in user, or `NotSignedIn`: the first line of every server
/// function that needs an account.
pub async fn require_user() -> Result<Me, AppError> {
    current_user().await?.ok_or(AppError::NotSignedIn)
}

/// Signs `user_id` in. The session id changes at this moment, so an id an
/// attacker planted before sign-in (session fixation) is worthless after it.
pub async fn begin(user_id: i64) -> Result<(), AppError> {
    begin_in(&session().await?, user_id, None)
        .await
        .map_err(session_error)
}

/// Signs `user_id` in on a given session (also used outside Leptos, by the
/// single sign-on endpoints), until `expires_at` if given.
pub async fn begin_in(
    session: &Session,
    user_id: i64,
    expires_at: Option<i64>,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(USER_ID, user_id).await?;
    session.remove::<String>(PROVIDER_LOGOUT).await?;
    match expires_at {
        Some(at) => session.insert(EXPIRES_AT, at).await,
        None => session.remove::<i64>(EXPIRES_AT).await.map(|_| ()),
    }
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
