//! Server functions of two-step verification: the code after a password,
//! setting it up, and new recovery codes. The steps they share with the
//! sign-in form are in [`super::flow`].

use super::{CodeInput, Enrolment, RecoveryCodes};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::flow as ssr;

/// The second step of signing in: a code from the authenticator app, or a
/// recovery code. Only for a sign-in whose password was right moments ago;
/// wrong codes are throttled per account.
#[server(prefix = "/api", endpoint = "two_step_verify")]
pub async fn verify_code(#[server(flatten)] form: CodeInput) -> Result<(), AppError> {
    use crate::context::db;
    let code = &form.code;
    crate::forms::submit("two-step-code", &form, async {
        let session = crate::identity::session::session().await?;
        let pending = ssr::pending(&session)
            .await?
            .filter(|p| !p.must_enrol)
            .ok_or_else(ssr::timed_out)?;
        if crate::two_step::codes::normalise(code).is_empty() {
            return Err(AppError::invalid(
                "code",
                "Enter the 6-digit code from your authenticator app.",
            ));
        }
        let db = db()?;
        ssr::throttle(&db, pending.user_id).await?;
        if !ssr::code_is_right(&db, pending.user_id, code).await? {
            return Err(ssr::record_failure(&db, pending.user_id).await?);
        }
        ssr::succeeded(&db, pending.user_id).await?;
        ssr::complete(&session, &pending).await?;
        tracing::info!(
            user_id = pending.user_id,
            "signed in with two-step verification"
        );
        Ok(pending.next)
    })
    .await
}

/// The secret to set up two-step verification with. For a privileged
/// account half way through signing in, or a signed-in account with a
/// password and no second factor yet.
#[server(prefix = "/api", endpoint = "two_step_enrolment")]
pub async fn get_enrolment() -> Result<Enrolment, AppError> {
    let session = crate::identity::session::session().await?;
    ssr::enrolment(&crate::context::db()?, &session).await
}

/// Confirms the set-up with a code from the app: the second factor is
/// stored, recovery codes are made (and shown once, on the next page), and a
/// pending sign-in completes.
#[server(prefix = "/api", endpoint = "two_step_confirm")]
pub async fn confirm_enrolment(#[server(flatten)] form: CodeInput) -> Result<(), AppError> {
    use super::{codes, store};
    let code = &form.code;
    crate::forms::submit("two-step-enrol", &form, async {
        let session = crate::identity::session::session().await?;
        let context = crate::context::server_context()?;
        let db = &context.db;
        let (user_id, pending) = ssr::enrolling_user(db, &session).await?;
        ssr::throttle(db, user_id).await?;
        let secret = ssr::offered_secret(&session, user_id).await?;
        let Some(step) =
            codes::matching_step(&secret, &codes::normalise(code), codes::now_seconds())
        else {
            if codes::normalise(code).is_empty() {
                return Err(AppError::invalid(
                    "code",
                    "Enter the 6-digit code your authenticator app shows.",
                ));
            }
            return Err(ssr::record_failure(db, user_id).await?);
        };
        let (shown, digests) = ssr::new_recovery_codes();
        match store::enrol(db, &context.secret_key, user_id, &secret, step, &digests).await? {
            store::Enrolled::Done => {}
            store::Enrolled::Already => {
                return Err(AppError::Refused(
                    "Two-step verification is already set up for your account.".into(),
                ))
            }
        }
        ssr::succeeded(db, user_id).await?;
        tracing::info!(user_id, "two-step verification set up");
        ssr::forget_offer(&session).await?;
        let next = match pending {
            Some(pending) => {
                ssr::complete(&session, &pending).await?;
                pending.next
            }
            None => "/account".to_owned(),
        };
        ssr::show_once(&session, shown, next).await?;
        Ok("/account/recovery-codes".to_owned())
    })
    .await
}

/// The recovery codes just made, once: a second call finds none. Only the
/// caller's own session holds them.
#[server(prefix = "/api", endpoint = "two_step_recovery_codes")]
pub async fn take_recovery_codes() -> Result<Option<RecoveryCodes>, AppError> {
    let session = crate::identity::session::session().await?;
    ssr::take_shown(&session).await
}

/// Replaces the signed-in account's recovery codes, confirmed with a current
/// code from the authenticator app.
#[server(prefix = "/api", endpoint = "two_step_new_recovery_codes")]
pub async fn renew_recovery_codes(#[server(flatten)] form: CodeInput) -> Result<(), AppError> {
    let code = &form.code;
    crate::forms::submit("renew-recovery-codes", &form, async {
        let me = crate::identity::session::require_user().await?;
        let db = crate::context::db()?;
        if !super::store::is_enrolled(&db, me.id).await? {
            return Err(AppError::Refused(
                "Set up two-step verification first.".into(),
            ));
        }
        ssr::throttle(&db, me.id).await?;
        let code = super::codes::normalise(code);
        let is_app_code = code.len() == 6;
        if !is_app_code || !ssr::code_is_right(&db, me.id, &code).await? {
            return Err(ssr::record_failure(&db, me.id).await?);
        }
        let (shown, digests) = ssr::new_recovery_codes();
        ssr::succeeded(&db, me.id).await?;
        super::store::replace_recovery_codes(&db, me.id, &digests).await?;
        tracing::info!(user_id = me.id, "recovery codes replaced");
        let session = crate::identity::session::session().await?;
        ssr::show_once(&session, shown, "/account".to_owned()).await?;
        Ok("/account/recovery-codes".to_owned())
    })
    .await
}
