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
    pub use crate::identity::throttle::{self, Limit};
    pub use crate::identity::{password, session, store};

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
/// call it, a few times an hour from one address; the email must be free and
/// the password must pass the policy.
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
        let db = db()?;
        // Counted once the form is right, before anything is looked up, so
        // taken addresses cannot be probed for at speed either.
        let _attempt =
            throttle::attempt(&db, &[Limit::sign_up_from(&session::client_ip().await)]).await?;
        let password = form.password.clone();
        let hash = blocking(move || password::hash(&password))
            .await?
            .map_err(|err| {
                tracing::error!(%err, "password hashing failed");
                AppError::Internal
            })?;
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
        session::begin(user_id, false, false).await?;
        tracing::info!(user_id, "account created");
        Ok(safe_next(next.as_deref()))
    })
    .await
}

/// Signs in with email and password. Anyone may call it; attempts are
/// throttled per account (a growing delay) and per client address (a cap),
/// and the message never says which of email and password was wrong.
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
        let account = Limit::password_for(&email);
        let address = Limit::password_from(&session::client_ip().await);
        let attempt = throttle::attempt(&db, &[account.clone(), address]).await?;

        let found = store::credentials(&db, &email).await?;
        let (user_id, stored) = match found {
            Some((id, hash)) => (Some(id), hash),
            None => (None, None),
        };
        let ok = blocking(move || password::verify(&password, stored.as_deref())).await?;
        match user_id {
            Some(user_id) if ok => {
                attempt.succeeded(&db, Some(&account)).await?;
                let next = safe_next(next.as_deref());
                let goes_to = crate::two_step::flow::after_password(
                    &db,
                    user_id,
                    next.clone(),
                    form.remembers(),
                )
                .await?;
                if goes_to == next {
                    tracing::info!(user_id, "signed in");
                }
                Ok(goes_to)
            }
            // The attempt stays counted against the account and the address.
            _ => Err(AppError::Refused(
                "The email address or password is not right. Check them and try again.".into(),
            )),
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
