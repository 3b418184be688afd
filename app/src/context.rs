//! What the server hands to every page render and server function.

use crate::db::Db;
use crate::error::AppError;

/// Provided as Leptos context for each request by the server crate.
#[derive(Clone, Debug)]
pub struct ServerContext {
    pub db: Db,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy
    /// that sets it; otherwise clients could choose their own address).
    pub trust_proxy: bool,
    /// Seals and opens the secrets kept in the database.
    pub secret_key: crate::secrets::SecretKey,
    /// The site's address as browsers see it.
    pub public_url: String,
    /// Browsers reach the site over HTTPS: the cookies it sets are `Secure`.
    pub https: bool,
    /// How long sign-ins last.
    pub lifetimes: crate::domain::lifetimes::Lifetimes,
}

pub fn server_context() -> Result<ServerContext, AppError> {
    leptos::prelude::use_context::<ServerContext>().ok_or_else(|| {
        tracing::error!("ServerContext missing from the Leptos context");
        AppError::Internal
    })
}

pub fn db() -> Result<Db, AppError> {
    server_context().map(|c| c.db)
}
