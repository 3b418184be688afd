//! Server functions for signing up, in and out.

use crate::domain::identity::Me;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::context::db;
    pub use crate::domain::identity::safe_next;
    pub use crate::error::Validation;
    pub use crate::forms;
    pub use crate::identity::{password, session, store};

    /// Failed sign-ins allowed per account, and per client address, within
    /// the window before further attempts are refused.
    pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
    pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
    pub const WINDOW_MS: i64 = 15 * 60 * 1000;

    pub fn normalise_email(email: &str) -> String {
        email.trim().to_lowercase()
    }

    /// A deliberately loose check: one `@`, something either side, a dot in
    /// the domain, no spaces. Deliverability is the mail server's business.
    pub fn looks_like_email(email: &str) -> bool {
        let Some((local, domain)) = email.split_once('@') else {
            return false;
        };
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.contains(char::is_whitespace)
            && !domain.contains('@')
            && email.len() <= 254
    }

    pub fn is_forbidden_in_names(c: char) -> bool {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }

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
    display_name: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [
        ("display_name", display_name.as_str()),
        ("email", email.as_str()),
    ];
    let result = async {
        let display_name = display_name.trim().to_owned();
        let email = normalise_email(&email);
        let mut v = Validation::new();
        v.check(
            !display_name.is_empty(),
            "display_name",
            "Enter your name as others will see it.",
        );
        v.check(
            display_name.chars().count() <= 80,
            "display_name",
            "Your name must be 80 characters or fewer.",
        );
        // Control and direction-override characters could make a name pose
        // as someone else's or garble the page around it.
        v.check(
            !display_name.chars().any(is_forbidden_in_names),
            "display_name",
            "Your name must not contain control characters.",
        );
        v.check(
            looks_like_email(&email),
            "email",
            "Enter an email address in the correct format, like name@example.org.",
        );
        if let Some(problem) = password::policy_problem(&password, &[&display_name, &email]) {
            v.add("password", problem);
        }
        v.finish()?;

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
        Ok(())
    }
    .await;
    forms::finish("sign_up", &kept, result).await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Signs in with email and password. Anyone may call it; failures are
/// throttled per account and per client address, and the message never says
/// which of the two was wrong.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [("email", email.as_str())];
    let result = async {
        let email = normalise_email(&email);
        let mut v = Validation::new();
        v.check(!email.is_empty(), "email", "Enter your email address.");
        v.check(!password.is_empty(), "password", "Enter your password.");
        v.finish()?;

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
    }
    .await;
    let goes_to = forms::finish("sign_in", &kept, result).await?;
    leptos_axum::redirect(&goes_to);
    Ok(())
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
