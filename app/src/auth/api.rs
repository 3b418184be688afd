//! Server functions for signing up, in and out.

#[cfg(feature = "ssr")]
use super::forms::CheckedSignUp;
use super::forms::{SignInInput, SignUpInput};
use crate::domain::identity::Me;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::context::db;
    pub use crate::domain::identity::safe_next;
    pub use crate::forms;
    pub use crate::identity::{password, session, store};

    /// Failed sign-ins allowed per account, and per client address, within
    /// the window before further attempts are refused.
    pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
    pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
    pub const WINDOW_MS: i64 = 15 * 60 * 1000;

    pub async fn blocking<T: Send + 'static>(
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, crate::error::AppError> {
        tokio::task::spawn_blocking(f).await.map_err(|err| {
            tracing::error!(%err, "blocking task failed");
            crate::error::AppError::Internal
        })
    }
}

/// The signed-in user, or `None`. Anyone may call it.
#[server(prefix = "/api", endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    ssr::session::current_user().await
}

/// Creates a local (public participant) account and signs it in. Anyone may
/// call it; the email must be free and the password must pass the policy.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    #[server(flatten)] form: SignUpInput,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("sign_up", &form, async {
        let CheckedSignUp {
            display_name,
            email,
        } = form.check(|name, email| {
            password::policy_problem(&form.password, &[name, email]).map(str::to_owned)
        })?;
        let password = form.password.clone();
        let hash = blocking(move || password::hash(&password))
            .await?
            .map_err(|err| {
                tracing::error!(%err, "password hashing failed");
                AppError::Internal
            })?;
        let db = db()?;
        let user_id = match store::create_user(&db, &display_name, &email, &hash).await {
            Ok(id) => id,
            Err(err) if crate::db::is_unique_violation(&err) => {
                return Err(AppError::invalid(
                    "email",
                    "An account with this email address already exists. Sign in instead.",
                ))
            }
            Err(err) => return Err(err.into()),
        };
        session::begin(user_id).await?;
        tracing::info!(user_id, "account created");
        Ok(safe_next(next.as_deref()))
    })
    .await
}

/// Signs in with email and password. Anyone may call it; failures are
/// throttled per account and per client address, and the message never says
/// which of the two was wrong.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    #[server(flatten)] form: SignInInput,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("sign_in", &form, async {
        let email = form.check()?;
        let password = form.password.clone();

        let db = db()?;
        let account_key = format!("account:{email}");
        let address_key = format!("ip:{}", session::client_ip().await);
        let since = crate::db::now_ms() - WINDOW_MS;
        if store::recent_failures(&db, &account_key, since).await? >= MAX_FAILURES_PER_ACCOUNT
            || store::recent_failures(&db, &address_key, since).await? >= MAX_FAILURES_PER_ADDRESS
        {
            tracing::warn!(%account_key, %address_key, "sign-in throttled");
            return Err(AppError::RateLimited);
        }

        let found = store::credentials(&db, &email).await?;
        let (user_id, stored) = match found {
            Some((id, hash)) => (Some(id), hash),
            None => (None, None),
        };
        let ok = blocking(move || password::verify(&password, stored.as_deref())).await?;
        match user_id {
            Some(user_id) if ok => {
                store::clear_failures(&db, &account_key).await?;
                let next = safe_next(next.as_deref());
                let goes_to =
                    crate::two_step::flow::after_password(&db, user_id, next.clone()).await?;
                if goes_to == next {
                    tracing::info!(user_id, "signed in");
                }
                Ok(goes_to)
            }
            _ => {
                store::record_failure(&db, &[&account_key, &address_key], since).await?;
                Err(AppError::Refused(
                    "The email address or password is not right. Check them and try again.".into(),
                ))
            }
        }
    })
    .await
}

/// Signs out: the session is deleted on the server and, for a single
/// sign-on session, the browser goes on to end it at the provider too.
/// Anyone may call it.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    match ssr::session::end().await? {
        Some(provider_logout) => leptos_axum::redirect(&provider_logout),
        None => leptos_axum::redirect("/"),
    }
    Ok(())
}
