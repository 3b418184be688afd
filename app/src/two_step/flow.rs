//! The step between a correct password and a session ([`after_password`]),
//! and setting two-step verification up: what the sign-in form and the
//! two-step server functions share. Between the password and the code, the
//! session holds a *pending* sign-in (who, where to next, since when),
//! never a signed-in user: nothing a signed-in user may do is open until
//! the code is right.

use super::{codes, store, Enrolment, RECOVERY_CODE_COUNT};
use crate::context::server_context;
use crate::db::{now_ms, Db};
use crate::domain::identity::Me;
use crate::error::AppError;
use crate::identity::{session, store as accounts, throttle};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const PENDING_KEY: &str = "two_step.pending";
const ENROLMENT_KEY: &str = "two_step.enrolment";
const RECOVERY_KEY: &str = "two_step.recovery";
/// How long the code may take after the password.
const PENDING_FOR_MS: i64 = 10 * 60 * 1000;
/// Wrong codes allowed per account within the window.
const MAX_FAILURES: i64 = 5;
const WINDOW_MS: i64 = 15 * 60 * 1000;

/// A sign-in whose password was right, waiting for its second step.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    pub user_id: i64,
    pub next: String,
    pub started_at: i64,
    /// A privileged account without a second factor: it sets one up now.
    pub must_enrol: bool,
    /// "Keep me signed in" was ticked.
    #[serde(default)]
    pub remember: bool,
    /// The first step was an institution's sign-in.
    #[serde(default)]
    pub single_sign_on: Option<SingleSignOn>,
}

/// What a sign-in through an institution brings to its second step.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SingleSignOn {
    /// The provider signed in through.
    pub provider: i64,
    /// When the provider's sign-in ends (the configured maximum age).
    pub ends_at: i64,
    /// Where signing out ends it at the provider too.
    pub provider_logout: Option<String>,
}

/// A secret offered for setting up, until a code confirms it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Offered {
    user_id: i64,
    secret: String,
}

fn session_error(err: tower_sessions::session::Error) -> AppError {
    tracing::error!(%err, "session store error");
    AppError::Internal
}

/// What must follow a right first step (a password, or an institution's
/// sign-in): nothing (`None`), the account's code (`Some(false)`), or, for
/// an account with a global role and no second factor, setting one up
/// (`Some(true)`).
pub async fn second_step(db: &Db, user_id: i64) -> Result<Option<bool>, AppError> {
    match accounts::load_me(db, user_id).await? {
        Some(me) => second_step_for(db, &me).await,
        None => Ok(None),
    }
}

/// As [`second_step`], for an account already loaded.
async fn second_step_for(db: &Db, me: &Me) -> Result<Option<bool>, AppError> {
    if store::is_enrolled(db, me.id).await? {
        return Ok(Some(false));
    }
    Ok((!me.roles.is_empty()).then_some(true))
}

/// After a correct password: signs in, or asks for the code, or (for a
/// privileged account without one) sets two-step verification up first.
/// Returns where the browser goes next.
pub async fn after_password(
    db: &Db,
    user_id: i64,
    next: String,
    remember: bool,
) -> Result<String, AppError> {
    // The account is loaded once, for the second step and the sign-in's
    // lifetime alike.
    let me = accounts::load_me(db, user_id)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    let Some(must_enrol) = second_step_for(db, &me).await? else {
        session::begin_for(&me, remember, false).await?;
        return Ok(next);
    };
    let pending = Pending {
        user_id,
        next,
        started_at: now_ms(),
        must_enrol,
        remember,
        single_sign_on: None,
    };
    hold(&session::session().await?, &pending)
        .await
        .map_err(session_error)
}

/// Holds a sign-in for its second step; returns the page that asks for it.
pub async fn hold(
    session: &Session,
    pending: &Pending,
) -> Result<String, tower_sessions::session::Error> {
    // A new session id now, not only at the end: whoever planted or saw
    // the old id must not share the half-signed-in session (and, for an
    // account setting up two-step, see its new secret).
    session.cycle_id().await?;
    session.insert(PENDING_KEY, pending).await?;
    Ok(if pending.must_enrol {
        "/sign-in/two-step"
    } else {
        "/sign-in/code"
    }
    .to_owned())
}

/// The pending sign-in, if there is one and it is recent.
pub async fn pending(session: &Session) -> Result<Option<Pending>, AppError> {
    let pending: Option<Pending> = session.get(PENDING_KEY).await.map_err(session_error)?;
    Ok(pending.filter(|p| now_ms() - p.started_at < PENDING_FOR_MS))
}

pub fn timed_out() -> AppError {
    AppError::Refused("Your sign-in timed out. Sign in again with your password.".into())
}

/// Completes a pending sign-in: the session id changes and the user is in.
pub async fn complete(session: &Session, pending: &Pending) -> Result<(), AppError> {
    session
        .remove::<Pending>(PENDING_KEY)
        .await
        .map_err(session_error)?;
    session
        .remove::<Offered>(ENROLMENT_KEY)
        .await
        .map_err(session_error)?;
    let Some(sso) = &pending.single_sign_on else {
        return session::begin(pending.user_id, pending.remember, true).await;
    };
    let lifetime = server_context()?
        .lifetimes
        .single_sign_on(now_ms(), sso.ends_at);
    session::begin_in(session, pending.user_id, lifetime, true, Some(sso.provider))
        .await
        .map_err(session_error)?;
    if let Some(url) = &sso.provider_logout {
        session::remember_provider_logout(session, url)
            .await
            .map_err(session_error)?;
    }
    Ok(())
}

/// Counts an attempt at a code, or refuses it when the account has had too
/// many wrong codes lately (see [`throttle`](crate::identity::throttle)).
pub async fn throttle(db: &Db, user_id: i64) -> Result<(), AppError> {
    throttle::attempt(db, &[code_limit(user_id)])
        .await
        .map(throttle::Attempt::failed)
}

/// Forgets the account's attempts after a right code.
pub async fn succeeded(db: &Db, user_id: i64) -> Result<(), AppError> {
    throttle::forget(db, &code_limit(user_id)).await
}

fn code_limit(user_id: i64) -> throttle::Limit {
    throttle::Limit {
        key: format!("two-step:{user_id}"),
        window_ms: WINDOW_MS,
        rule: throttle::Rule::AtMost(MAX_FAILURES),
    }
}

/// The answer to a wrong code (the attempt was counted by [`throttle`]).
pub async fn record_failure(_db: &Db, user_id: i64) -> Result<AppError, AppError> {
    tracing::warn!(user_id, "wrong second-step code");
    Ok(AppError::invalid(
        "code",
        "That code is not right, or was used already. Enter the newest code from your authenticator app.",
    ))
}

/// Checks a code from the authenticator app (each good once) or a
/// recovery code (each good once).
pub async fn code_is_right(db: &Db, user_id: i64, code: &str) -> Result<bool, AppError> {
    let code = codes::normalise(code);
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        let key = &server_context()?.secret_key;
        let Some(secret) = store::secret(db, key, user_id).await? else {
            return Ok(false);
        };
        match codes::matching_step(&secret, &code, codes::now_seconds()) {
            Some(step) => Ok(store::use_step(db, user_id, step).await?),
            None => Ok(false),
        }
    } else {
        let used = store::use_recovery_code(db, user_id, &codes::recovery_digest(&code)).await?;
        if used {
            tracing::info!(user_id, "recovery code used");
        }
        Ok(used)
    }
}

/// Who is setting up two-step verification: a privileged account half
/// way through signing in, or a signed-in account with a password.
pub async fn enrolling_user(
    db: &Db,
    session: &Session,
) -> Result<(i64, Option<Pending>), AppError> {
    if let Some(pending) = pending(session).await?.filter(|p| p.must_enrol) {
        return Ok((pending.user_id, Some(pending)));
    }
    let me = session::require_user().await.map_err(|_| timed_out())?;
    if store::is_enrolled(db, me.id).await? {
        return Err(AppError::Refused(
            "Two-step verification is already set up for your account.".into(),
        ));
    }
    if accounts::email_and_password(db, me.id).await?.1.is_none() {
        return Err(AppError::Refused(
            "Your account signs in through your institution, which looks after its security."
                .into(),
        ));
    }
    Ok((me.id, None))
}

/// The secret offered to this user, made on first asking.
pub async fn offered_secret(session: &Session, user_id: i64) -> Result<String, AppError> {
    let offered: Option<Offered> = session.get(ENROLMENT_KEY).await.map_err(session_error)?;
    if let Some(offered) = offered.filter(|o| o.user_id == user_id) {
        return Ok(offered.secret);
    }
    let secret = codes::new_secret();
    let offered = Offered {
        user_id,
        secret: secret.clone(),
    };
    session
        .insert(ENROLMENT_KEY, &offered)
        .await
        .map_err(session_error)?;
    Ok(secret)
}

pub async fn enrolment(db: &Db, session: &Session) -> Result<Enrolment, AppError> {
    let (user_id, pending) = enrolling_user(db, session).await?;
    let secret = offered_secret(session, user_id).await?;
    let (email, _) = accounts::email_and_password(db, user_id).await?;
    let uri = codes::uri(
        &secret,
        &email.unwrap_or_else(|| format!("account {user_id}")),
    );
    Ok(Enrolment {
        secret: secret
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        qr_svg: codes::qr_svg(&uri),
        uri,
        signing_in: pending.is_some(),
    })
}

/// New recovery codes: the codes to show, and their digests to store.
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    let shown: Vec<String> = (0..RECOVERY_CODE_COUNT)
        .map(|_| codes::new_recovery_code())
        .collect();
    let digests = shown.iter().map(|c| codes::recovery_digest(c)).collect();
    (shown, digests)
}

/// Keeps recovery codes in the session to be shown once, on the next page.
pub async fn show_once(
    session: &Session,
    codes: Vec<String>,
    next: String,
) -> Result<(), AppError> {
    session
        .insert(RECOVERY_KEY, super::RecoveryCodes { codes, next })
        .await
        .map_err(session_error)
}

pub async fn take_shown(session: &Session) -> Result<Option<super::RecoveryCodes>, AppError> {
    session.remove(RECOVERY_KEY).await.map_err(session_error)
}

pub async fn forget_offer(session: &Session) -> Result<(), AppError> {
    session
        .remove::<Offered>(ENROLMENT_KEY)
        .await
        .map_err(session_error)?;
    Ok(())
}
