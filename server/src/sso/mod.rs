//! Partner single sign-on endpoints: `/sso/begin` (the work-email form),
//! `/sso/start/{provider}` (off to the provider), `/sso/link` (a signed-in
//! account links its institution's sign-in) and `/sso/callback` (back from
//! the provider). Plain HTTP redirects, so they work with or without
//! JavaScript.
//!
//! Every failure sends the person back to the partner sign-in page with a
//! short failure code, and is logged with the provider and the reason.

use app::db::Db;
use app::domain::identity::{safe_next, PartnerRole};
use app::identity::throttle::{self, Limit};
use app::identity::{session as auth_session, store as accounts};
use app::secrets::SecretKey;
use app::sso::oidc::{self, CallbackQuery, Oidc, PendingLogin, PENDING_KEY};
use app::sso::{email_domain, store, Failure};
use app::two_step::flow as two_step;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::RwLock;
use tower_sessions::Session;

/// What the sign-on endpoints share.
pub struct Sso {
    pub db: Db,
    /// Opens the client secrets stored sealed.
    pub secret_key: SecretKey,
    /// For providers at public addresses, and for internal ones.
    http_public: oidc::ProviderHttp,
    http_internal: oidc::ProviderHttp,
    /// Where providers send people back: `<public url>/sso/callback`.
    pub redirect_url: String,
    /// Where providers send people after signing out there: `<public url>/`.
    pub after_logout_url: String,
    /// How long a session started through single sign-on lasts.
    pub max_age_ms: i64,
    /// Browsers reach the site over HTTPS (cookies set here are `Secure`).
    pub https: bool,
    /// How long sign-ins last.
    pub lifetimes: app::domain::lifetimes::Lifetimes,
    /// Discovered providers by id, with the client secret each was made
    /// with. Discovery happens at first use.
    clients: RwLock<HashMap<i64, (Arc<Oidc>, String)>>,
}

impl Sso {
    pub fn new(db: Db, config: &crate::config::Config) -> anyhow::Result<Self> {
        let public_url = &config.public_url;
        Ok(Sso {
            db,
            secret_key: config.secret_key.clone(),
            https: config.over_https(),
            lifetimes: config.lifetimes,
            http_public: oidc::http_client(oidc::Reach::Public)?,
            http_internal: oidc::http_client(oidc::Reach::Internal)?,
            redirect_url: format!("{}/sso/callback", public_url.trim_end_matches('/')),
            after_logout_url: format!("{}/", public_url.trim_end_matches('/')),
            max_age_ms: i64::from(config.sso_max_age_hours) * 3600 * 1000,
            clients: RwLock::new(HashMap::new()),
        })
    }

    /// The provider's discovered client; discovery runs once per provider
    /// and again after a failure or a change of its issuer, client id or
    /// secret, or whether it is internal (an administrator may change them
    /// at any time).
    async fn client(&self, provider: &store::Provider) -> Result<Arc<Oidc>, Refusal> {
        let secret = provider
            .client_secret(&self.secret_key)
            .map_err(|reason| Refusal::new(Failure::ProviderUnavailable, reason))?;
        if let Some((client, made_with)) = self.clients.read().await.get(&provider.id) {
            if client.issuer.as_str() == provider.issuer
                && client.client.client_id().as_str() == provider.client_id
                && *made_with == secret
                && client.http.reach() == provider.reach()
            {
                return Ok(client.clone());
            }
        }
        let http = match provider.reach() {
            oidc::Reach::Public => &self.http_public,
            oidc::Reach::Internal => &self.http_internal,
        };
        let client = oidc::discover(
            http.clone(),
            &provider.issuer,
            &provider.client_id,
            &secret,
            &self.redirect_url,
        )
        .await
        .map_err(|e| Refusal {
            failure: e.failure(),
            reason: e.log_reason(),
        })?;
        let client = Arc::new(client);
        self.clients
            .write()
            .await
            .insert(provider.id, (client.clone(), secret));
        Ok(client)
    }
}

pub fn routes(sso: Arc<Sso>) -> Router {
    Router::new()
        .route("/sso/begin", post(begin))
        .route("/sso/start/{provider}", get(start))
        .route("/sso/link", post(link))
        .route("/sso/callback", get(callback))
        .with_state(sso)
}

/// Why a sign-in stopped: what the person is told, and what the log says.
struct Refusal {
    failure: Failure,
    reason: String,
}

impl Refusal {
    fn new(failure: Failure, reason: impl Into<String>) -> Self {
        Refusal {
            failure,
            reason: reason.into(),
        }
    }
}

fn back_to_page(failure: Failure) -> Redirect {
    Redirect::to(&format!("/partner-sign-in?error={}", failure.code()))
}

/// Where a failed link sends the person: their account page.
fn back_to_account(failure: Failure) -> Redirect {
    Redirect::to(&format!("/account?link={}", failure.code()))
}

#[derive(Deserialize)]
pub struct BeginForm {
    email: String,
    next: Option<String>,
}

/// The work-email form: the email's domain picks the institution and its
/// provider. Several providers for the domain: the page lists them.
async fn begin(
    State(sso): State<Arc<Sso>>,
    session: Session,
    Form(form): Form<BeginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let Some(domain) = email_domain(&form.email) else {
        return refused(&sso, &session, &form.email, Failure::BadEmail).await;
    };
    let providers = match store::for_domain(&sso.db, &domain).await {
        Ok(p) => p,
        Err(err) => {
            tracing::error!(%err, "could not look up providers");
            return back_to_page(Failure::ProviderError).into_response();
        }
    };
    match providers.as_slice() {
        [] => refused(&sso, &session, &form.email, Failure::UnknownDomain).await,
        [only] => start_with(&sso, &session, only.id, next, None)
            .await
            .into_response(),
        _ => Redirect::to(&format!("/partner-sign-in?domain={domain}")).into_response(),
    }
}

/// Back to the work-email form, with the email kept in it.
async fn refused(sso: &Sso, session: &Session, email: &str, failure: Failure) -> Response {
    let flash = app::forms::Flash {
        form: "partner".into(),
        values: vec![("email".into(), email.to_owned())],
    };
    let cookie = app::flash::keep(session, flash, &sso.secret_key, sso.https).await;
    let mut response = back_to_page(failure).into_response();
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Off to a provider chosen from the list.
async fn start(
    State(sso): State<Arc<Sso>>,
    session: Session,
    Path(provider_id): Path<i64>,
    Query(query): Query<StartQuery>,
) -> Redirect {
    start_with(
        &sso,
        &session,
        provider_id,
        safe_next(query.next.as_deref()),
        None,
    )
    .await
}

#[derive(Deserialize)]
pub struct LinkForm {
    provider: String,
    password: String,
}

/// A signed-in account links its institution's sign-in. Both sign-ins are
/// needed: the account's password now, then the institution's.
async fn link(
    State(sso): State<Arc<Sso>>,
    session: Session,
    Form(form): Form<LinkForm>,
) -> Redirect {
    let Ok(Some(user_id)) = auth_session::user_id_in(&session).await else {
        return Redirect::to("/sign-in?next=/account");
    };
    // A privileged account linked to an institution's sign-in could then be
    // entered without its second factor.
    match accounts::load_me(&sso.db, user_id).await {
        Ok(Some(me)) if me.roles.is_empty() => {}
        Ok(_) => return back_to_account(Failure::PrivilegedAccount),
        Err(err) => {
            tracing::error!(%err, "database error while linking");
            return back_to_account(Failure::ProviderError);
        }
    }
    match password_is_right(&sso.db, user_id, form.password).await {
        Ok(true) => {}
        Ok(false) => return back_to_account(Failure::WrongPassword),
        Err(failure) => return back_to_account(failure),
    }
    let Ok(provider_id) = form.provider.parse() else {
        return back_to_account(Failure::ProviderUnavailable);
    };
    start_with(
        &sso,
        &session,
        provider_id,
        "/account".into(),
        Some(user_id),
    )
    .await
}

/// Checks the account's password, throttled as sign-in is (a wrong one
/// counts against the account).
async fn password_is_right(db: &Db, user_id: i64, password: String) -> Result<bool, Failure> {
    let logged = |err: sqlx::Error| {
        tracing::error!(%err, "database error while linking");
        Failure::ProviderError
    };
    let (email, hash) = accounts::email_and_password(db, user_id)
        .await
        .map_err(logged)?;
    let account = Limit::password_for(&email.unwrap_or_default());
    let attempt = match throttle::attempt(db, std::slice::from_ref(&account)).await {
        Ok(attempt) => attempt,
        Err(app::error::AppError::RateLimited | app::error::AppError::TryAgainIn { .. }) => {
            return Err(Failure::TooManyAttempts)
        }
        Err(_) => return Err(Failure::ProviderError),
    };
    let ok = tokio::task::spawn_blocking(move || {
        hash.is_some() && app::identity::password::verify(&password, hash.as_deref())
    })
    .await
    .unwrap_or(false);
    if ok {
        attempt
            .succeeded(db, Some(&account))
            .await
            .map_err(|_| Failure::ProviderError)?;
    } else {
        attempt.failed();
        tracing::warn!(user_id, "wrong password while linking an identity");
    }
    Ok(ok)
}

async fn start_with(
    sso: &Sso,
    session: &Session,
    provider_id: i64,
    next: String,
    link_user: Option<i64>,
) -> Redirect {
    let result = async {
        let provider = store::provider(&sso.db, provider_id)
            .await
            .map_err(|e| Refusal::new(Failure::ProviderError, e.to_string()))?
            .filter(|p| p.enabled)
            .ok_or_else(|| {
                Refusal::new(Failure::ProviderUnavailable, "no such enabled provider")
            })?;
        let client = sso.client(&provider).await?;
        let (url, pending) = oidc::start_login(&client, provider.id, next, link_user);
        // One sign-in in progress per session; a new one replaces the old.
        session
            .insert(PENDING_KEY, &pending)
            .await
            .map_err(|e| Refusal::new(Failure::ProviderError, e.to_string()))?;
        Ok::<_, Refusal>(url)
    }
    .await;
    match result {
        Ok(url) => Redirect::to(url.as_str()),
        Err(refusal) => {
            tracing::warn!(provider_id, reason = %refusal.reason, "partner sign-in could not start");
            if link_user.is_some() {
                back_to_account(refusal.failure)
            } else {
                back_to_page(refusal.failure)
            }
        }
    }
}

/// Back from the provider: check everything, then sign the person in.
async fn callback(
    State(sso): State<Arc<Sso>>,
    session: Session,
    Query(query): Query<CallbackQuery>,
) -> Redirect {
    // The pending sign-in is taken out of the session whatever happens next,
    // so a state can be used once only.
    let pending: Option<PendingLogin> = session.remove(PENDING_KEY).await.unwrap_or(None);
    let provider_id = pending.as_ref().map(|p| p.provider_id);
    let linking = pending.as_ref().is_some_and(|p| p.link_user.is_some());
    match finish(&sso, &session, query, pending).await {
        Ok(next) => Redirect::to(&next),
        Err(refusal) => {
            tracing::warn!(?provider_id, linking, reason = %refusal.reason, failure = refusal.failure.code(), "partner sign-in refused");
            if linking {
                back_to_account(refusal.failure)
            } else {
                back_to_page(refusal.failure)
            }
        }
    }
}

async fn finish(
    sso: &Sso,
    session: &Session,
    query: CallbackQuery,
    pending: Option<PendingLogin>,
) -> Result<String, Refusal> {
    let db_error = |e: sqlx::Error| Refusal::new(Failure::ProviderError, format!("database: {e}"));
    let pending = pending.ok_or_else(|| {
        Refusal::new(
            Failure::Rejected,
            "no sign-in in progress (missing or reused state)",
        )
    })?;
    let provider = store::provider(&sso.db, pending.provider_id)
        .await
        .map_err(db_error)?
        .filter(|p| p.enabled)
        .ok_or_else(|| {
            Refusal::new(
                Failure::ProviderUnavailable,
                "provider disabled during sign-in",
            )
        })?;
    let client = sso.client(&provider).await?;
    let next = pending.next.clone();
    let link_user = pending.link_user;
    let user = oidc::finish_login(&client, query, pending)
        .await
        .map_err(|e| Refusal {
            failure: e.failure(),
            reason: e.log_reason(),
        })?;

    // The institution vouches only for its own domains.
    let email = user
        .email
        .as_deref()
        .filter(|_| user.email_verified)
        .map(str::to_lowercase)
        .ok_or_else(|| {
            Refusal::new(
                Failure::DomainNotAllowed,
                "no verified email in the ID token",
            )
        })?;
    let domain = email_domain(&email).unwrap_or_default();
    if !store::institution_uses_domain(&sso.db, provider.institution_id, &domain)
        .await
        .map_err(db_error)?
    {
        return Err(Refusal::new(
            Failure::DomainNotAllowed,
            format!("email domain {domain} not allowed"),
        ));
    }

    let issuer = client.issuer.as_str();
    // Roles come from the provider at every sign-in.
    let lead = provider
        .lead_value
        .as_deref()
        .is_some_and(|v| oidc::claim_holds(&user.claims, &provider.lead_claim, v));
    let role = if lead {
        PartnerRole::Lead
    } else {
        PartnerRole::Member
    };

    if let Some(link_user) = link_user {
        // Linking: the session must still be the account that asked.
        let current = auth_session::user_id_in(session)
            .await
            .map_err(|e| Refusal::new(Failure::ProviderError, format!("session: {e}")))?;
        if current != Some(link_user) {
            return Err(Refusal::new(
                Failure::Rejected,
                "the session changed account while linking",
            ));
        }
        match store::link(&sso.db, provider.id, issuer, &user.subject, link_user)
            .await
            .map_err(db_error)?
        {
            store::LinkOutcome::Linked | store::LinkOutcome::AlreadyThisAccount => {}
            store::LinkOutcome::OtherAccount => {
                return Err(Refusal::new(
                    Failure::IdentityInUse,
                    "identity belongs to another account",
                ))
            }
        }
        accounts::set_membership_via(
            &sso.db,
            link_user,
            provider.institution_id,
            role,
            provider.id,
        )
        .await
        .map_err(db_error)?;
        tracing::info!(
            user_id = link_user,
            provider = provider.id,
            role = role.as_str(),
            "institution sign-in linked"
        );
        return Ok("/account?linked=1".to_owned());
    }

    let user_id = match store::account_for(&sso.db, issuer, &user.subject)
        .await
        .map_err(db_error)?
    {
        Some(id) => {
            store::touch(&sso.db, issuer, &user.subject)
                .await
                .map_err(db_error)?;
            id
        }
        None => {
            let name = user
                .name
                .clone()
                .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            match store::create_account(&sso.db, provider.id, issuer, &user.subject, &name, &email)
                .await
                .map_err(db_error)?
            {
                store::JitOutcome::Created(id) => {
                    tracing::info!(
                        user_id = id,
                        provider = provider.id,
                        "account created at first partner sign-in"
                    );
                    id
                }
                store::JitOutcome::EmailTaken => {
                    return Err(Refusal::new(
                        Failure::AccountExists,
                        "a local account has this email",
                    ))
                }
            }
        }
    };

    accounts::set_membership_via(&sso.db, user_id, provider.institution_id, role, provider.id)
        .await
        .map_err(db_error)?;

    let now = app::db::now_ms();
    let session_failed = |e: tower_sessions::session::Error| {
        Refusal::new(Failure::ProviderError, format!("session: {e}"))
    };
    // Signing out of Roundtable will also end the session at the provider,
    // when it offers RP-initiated logout.
    let provider_logout = oidc::logout_url(&client, Some(&user.id_token), &sso.after_logout_url)
        .map(|url| url.to_string());
    // An account with a second factor, or with a global role (which then
    // sets one up), passes it here too: an institution's sign-in stands
    // for the password only.
    let second_step = two_step::second_step(&sso.db, user_id)
        .await
        .map_err(|e| Refusal::new(Failure::ProviderError, format!("second step: {e}")))?;
    if let Some(must_enrol) = second_step {
        let pending = two_step::Pending {
            user_id,
            next,
            started_at: now,
            must_enrol,
            remember: false,
            single_sign_on: Some(two_step::SingleSignOn {
                provider: provider.id,
                ends_at: now + sso.max_age_ms,
                provider_logout,
            }),
        };
        let goes_to = two_step::hold(session, &pending)
            .await
            .map_err(session_failed)?;
        tracing::info!(
            user_id,
            provider = provider.id,
            "institution sign-in right; second step next"
        );
        return Ok(goes_to);
    }
    let lifetime = sso.lifetimes.single_sign_on(now, now + sso.max_age_ms);
    auth_session::begin_in(session, user_id, lifetime, false, Some(provider.id))
        .await
        .map_err(session_failed)?;
    if let Some(url) = provider_logout {
        auth_session::remember_provider_logout(session, &url)
            .await
            .map_err(session_failed)?;
    }
    tracing::info!(
        user_id,
        provider = provider.id,
        role = role.as_str(),
        "partner signed in"
    );
    Ok(next)
}
