//! The OpenID Connect side of partner sign-in, with the `openidconnect` crate:
//! discovery, the authorization code flow with PKCE (S256), `state` and
//! `nonce`, and the checks the crate leaves to us: the callback's `state` and
//! `iss` (RFC 9207), and a small clock leeway on `exp` and `iat`.
use std::collections::HashMap;
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType,
    CoreClientAuthMethod, CoreErrorResponseType, CoreGenderClaim, CoreGrantType, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    reqwest, AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode,
    ClaimsVerificationError, Client, ClientId, ClientSecret, ConfigurationError, CsrfToken,
    DiscoveryError, EmptyExtraTokenFields, EndSessionUrl, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, HttpClientError, IdToken, IdTokenFields, IdTokenVerifier, IssuerUrl,
    JsonWebKeySet, JsonWebKeySetUrl, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadata, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};

// ---- types ---------------------------------------------------------------------------
/// The ID token's other claims (beyond the standard ones), by name: each
/// provider's claim mapping may name any of them (`groups`, `roles`, …).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PartnerClaims {
    #[serde(flatten)]
    pub other: HashMap<String, serde_json::Value>,
}
impl AdditionalClaims for PartnerClaims {}

/// Whether claim `name` holds `value`, as a string or in a list of strings.
pub fn claim_holds(claims: &HashMap<String, serde_json::Value>, name: &str, value: &str) -> bool {
    match claims.get(name) {
        Some(serde_json::Value::String(s)) => s == value,
        Some(serde_json::Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(value)),
        _ => false,
    }
}

/// Extra discovery fields: RP-initiated logout, the RFC 9207 flag, and the
/// PKCE methods the provider accepts.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PartnerProviderExtra {
    pub end_session_endpoint: Option<EndSessionUrl>,
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}
impl AdditionalProviderMetadata for PartnerProviderExtra {}

pub type PartnerProviderMetadata = ProviderMetadata<
    PartnerProviderExtra,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;
pub type PartnerIdToken = IdToken<
    PartnerClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
pub type PartnerTokenResponse = StandardTokenResponse<
    IdTokenFields<
        PartnerClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;
/// What `Client::from_provider_metadata` returns: auth URL Set, token + userinfo MaybeSet.
pub type PartnerClient = Client<
    PartnerClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    PartnerTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,      // HasAuthUrl
    EndpointNotSet,   // HasDeviceAuthUrl
    EndpointNotSet,   // HasIntrospectionUrl
    EndpointNotSet,   // HasRevocationUrl
    EndpointMaybeSet, // HasTokenUrl
    EndpointMaybeSet, // HasUserInfoUrl
>;
pub type HttpErr = HttpClientError<reqwest::Error>;

pub struct Oidc {
    pub http: ProviderHttp,
    pub client: PartnerClient,
    pub issuer: IssuerUrl,
    pub end_session: Option<EndSessionUrl>,
    pub iss_param_supported: bool,
    pub jwks_uri: JsonWebKeySetUrl,         // for JWKS refresh
    pub secret: ClientSecret,               // HS* tokens are verified with it
    pub algs: Vec<CoreJwsSigningAlgorithm>, // id_token_signing_alg_values_supported
    /// When the signing keys were last fetched again for an unknown key id.
    pub refetched_keys: std::sync::Mutex<Option<std::time::Instant>>,
}

/// Signing keys are fetched again for an unknown key id at most this often
/// per provider, so forged tokens cannot make Roundtable hammer a provider.
pub const KEY_REFETCH_EVERY: Duration = Duration::from_secs(60);

/// Whether the keys may be fetched again now, after the last time `last`.
pub fn may_refetch_keys(last: Option<std::time::Instant>, now: std::time::Instant) -> bool {
    last.is_none_or(|at| now.duration_since(at) >= KEY_REFETCH_EVERY)
}

// ---- 1. HTTP client: see `provider_http` -------------------------------------------
pub use super::provider_http::{ProviderHttp, Reach};
pub fn http_client(reach: Reach) -> reqwest::Result<ProviderHttp> {
    ProviderHttp::new(reach)
}

// ---- 2. discovery + client -----------------------------------------------------------
pub async fn discover(
    http: ProviderHttp,
    issuer: &str,
    client_id: &str,
    client_secret: &str,
    redirect: &str,
) -> Result<Oidc, OidcError> {
    let issuer = IssuerUrl::new(issuer.to_owned()).map_err(|e| OidcError::Config(e.to_string()))?;
    let meta = PartnerProviderMetadata::discover_async(issuer.clone(), &http).await?;
    if let Some(problem) = super::check::endpoints_problem(&meta) {
        return Err(OidcError::Config(problem));
    }
    let extra = meta.additional_metadata().clone();
    let (jwks_uri, algs) = (
        meta.jwks_uri().clone(),
        meta.id_token_signing_alg_values_supported().clone(),
    );
    let secret = ClientSecret::new(client_secret.to_owned());
    let redirect =
        RedirectUrl::new(redirect.to_owned()).map_err(|e| OidcError::Config(e.to_string()))?;
    let client = PartnerClient::from_provider_metadata(
        meta,
        ClientId::new(client_id.to_owned()),
        Some(secret.clone()),
    )
    .set_redirect_uri(redirect);
    Ok(Oidc {
        http,
        client,
        issuer,
        end_session: extra.end_session_endpoint,
        iss_param_supported: extra.authorization_response_iss_parameter_supported,
        jwks_uri,
        secret,
        algs,
        refetched_keys: std::sync::Mutex::new(None),
    })
}

// ---- 3. authorize URL + what goes into the session -----------------------------------
pub const PENDING_KEY: &str = "oidc.pending";
#[derive(Debug, Deserialize, Serialize)]
pub struct PendingLogin {
    pub provider_id: i64,
    pub next: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: i64, // unix seconds; reject if older than ~10 min
    /// Set when a signed-in account is linking this identity (the account's
    /// password was checked first); absent for a sign-in.
    #[serde(default)]
    pub link_user: Option<i64>,
}

pub fn start_login(
    oidc: &Oidc,
    provider_id: i64,
    next: String,
    link_user: Option<i64>,
) -> (openidconnect::url::Url, PendingLogin) {
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = oidc
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        // "openid" is added automatically (use_openid_scope defaults to true)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        // Always ask the person to sign in at the provider, so a shared
        // computer's open session there is not silently reused.
        .add_prompt(CoreAuthPrompt::Login)
        .set_pkce_challenge(challenge)
        .url();
    let pending = PendingLogin {
        provider_id,
        next,
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        created_at: Utc::now().timestamp(),
        link_user,
    };
    (url, pending)
}

// ---- 4. callback ---------------------------------------------------------------------
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>, // RFC 9207
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug)]
pub struct PartnerUser {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    /// The other claims, for the provider's claim mapping.
    pub claims: HashMap<String, serde_json::Value>,
    pub id_token: String, // raw JWT, kept for id_token_hint at logout
}

const LEEWAY: TimeDelta = TimeDelta::seconds(60);
const MAX_AGE: TimeDelta = TimeDelta::minutes(10);

pub async fn finish_login(
    oidc: &Oidc,
    q: CallbackQuery,
    pending: PendingLogin,
) -> Result<PartnerUser, OidcError> {
    if let Some(err) = q.error {
        return Err(OidcError::Provider(err, q.error_description));
    }
    // state (CSRF) — the crate never sees the callback; compare by hand.
    if q.state.as_deref() != Some(pending.state.as_str()) {
        return Err(OidcError::Callback("state mismatch"));
    }
    // RFC 9207 — exact string compare with the configured issuer.
    match q.iss.as_deref() {
        Some(iss) if iss != oidc.issuer.as_str() => {
            return Err(OidcError::Callback("iss mismatch"))
        }
        None if oidc.iss_param_supported => return Err(OidcError::Callback("iss missing")),
        _ => {}
    }
    if Utc::now().timestamp() - pending.created_at > MAX_AGE.num_seconds() {
        return Err(OidcError::Callback("login attempt expired"));
    }
    let code = q.code.ok_or(OidcError::Callback("missing code"))?;

    let token: PartnerTokenResponse = oidc
        .client
        .exchange_code(AuthorizationCode::new(code))? // ConfigurationError if no token_endpoint
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&oidc.http)
        .await?;
    let id_token = token
        .id_token()
        .ok_or(OidcError::Callback("no id_token in token response"))?;

    let nonce = Nonce::new(pending.nonce);
    // iss + aud(=client_id) + signature + alg ∈ discovery list are checked by default.
    let claims = match id_token.claims(&with_leeway(oidc.client.id_token_verifier()), &nonce) {
        // kid not in cached JWKS (key rotation): refetch once and re-verify the SAME token
        // (the code is already spent). Rate-limit this and swap the refreshed client in.
        Err(ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        )) => {
            let now = std::time::Instant::now();
            {
                let mut last = oidc
                    .refetched_keys
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if !may_refetch_keys(*last, now) {
                    return Err(OidcError::Callback("unknown signing key"));
                }
                *last = Some(now);
            }
            let jwks = JsonWebKeySet::fetch_async(&oidc.jwks_uri, &oidc.http).await?;
            let v = IdTokenVerifier::new_confidential_client(
                oidc.client.client_id().clone(),
                oidc.secret.clone(),
                oidc.issuer.clone(),
                jwks,
            )
            .set_allowed_algs(oidc.algs.clone());
            id_token.claims(&with_leeway(v), &nonce)?
        }
        r => r?,
    };

    Ok(PartnerUser {
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned()),
        claims: claims.additional_claims().other.clone(),
        id_token: id_token.to_string(),
    })
}

/// exp: the crate tests `now >= exp` with no skew, so shifting "now" back = exp leeway.
/// iat: not checked at all by default (`iat_verifier_fn` is `|_| Ok(())`).
pub fn with_leeway<'a>(
    v: IdTokenVerifier<'a, CoreJsonWebKey>,
) -> IdTokenVerifier<'a, CoreJsonWebKey> {
    v.set_time_fn(|| Utc::now() - LEEWAY)
        .set_issue_time_verifier_fn(|iat| {
            let now = Utc::now();
            if iat > now + LEEWAY {
                Err(format!("iat {iat} is in the future"))
            } else if iat < now - MAX_AGE {
                Err(format!("iat {iat} is too old"))
            } else {
                Ok(())
            }
        })
}

// ---- 5. RP-initiated logout ----------------------------------------------------------
pub fn logout_url(
    oidc: &Oidc,
    raw_id_token: Option<&str>,
    after: &str,
) -> Option<openidconnect::url::Url> {
    let end = oidc.end_session.clone()?;
    let mut req = LogoutRequest::from(end)
        .set_client_id(oidc.client.client_id().clone())
        .set_post_logout_redirect_uri(PostLogoutRedirectUrl::new(after.to_owned()).ok()?)
        .set_state(CsrfToken::new_random());
    if let Some(tok) = raw_id_token.and_then(|t| t.parse::<PartnerIdToken>().ok()) {
        req = req.set_id_token_hint(&tok);
    }
    Some(req.http_get_url())
}

// ---- 7. errors -----------------------------------------------------------------------
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("discovery: {0}")]
    Discovery(#[from] DiscoveryError<HttpErr>),
    #[error("token endpoint not configured: {0}")]
    NoTokenEndpoint(#[from] ConfigurationError),
    #[error("token exchange: {0}")]
    Token(#[from] RequestTokenError<HttpErr, StandardErrorResponse<CoreErrorResponseType>>),
    #[error("id token: {0}")]
    Claims(#[from] ClaimsVerificationError),
    #[error("callback: {0}")]
    Callback(&'static str),
    #[error("provider returned error {0}")]
    Provider(String, Option<String>),
}

fn http_reason(e: &HttpErr) -> String {
    match e {
        HttpClientError::Reqwest(r) if r.is_timeout() => "timeout".into(),
        HttpClientError::Reqwest(r) if r.is_connect() => "connect failed".into(),
        HttpClientError::Reqwest(r) => format!("http: {r}"),
        other => format!("http: {other}"),
    }
}

impl OidcError {
    /// Short reason for the log line (never contains tokens/secrets).
    pub fn log_reason(&self) -> String {
        match self {
            OidcError::Discovery(DiscoveryError::Request(e)) => {
                format!("discovery {}", http_reason(e))
            }
            OidcError::Discovery(DiscoveryError::Response(status, _body, msg)) => {
                format!("discovery HTTP {status}: {msg}")
            }
            OidcError::Discovery(DiscoveryError::Parse(e)) => {
                format!("discovery JSON at {}: {}", e.path(), e.inner())
            }
            OidcError::Discovery(DiscoveryError::Validation(m)) => {
                format!("discovery invalid: {m}")
            }
            OidcError::Discovery(other) => format!("discovery: {other}"),
            OidcError::Token(RequestTokenError::ServerResponse(r)) => format!(
                "token endpoint error={} desc={}",
                r.error(),
                r.error_description().map(String::as_str).unwrap_or("-")
            ),
            OidcError::Token(RequestTokenError::Request(e)) => format!("token {}", http_reason(e)),
            OidcError::Token(RequestTokenError::Parse(e, _body)) => {
                format!("token JSON at {}: {}", e.path(), e.inner())
            }
            OidcError::Token(other) => format!("token: {other}"),
            OidcError::Claims(ClaimsVerificationError::SignatureVerification(s)) => {
                format!("id_token signature: {s}")
            }
            OidcError::Claims(c) => format!("id_token: {c}"), // Expired/InvalidIssuer/InvalidAudience/InvalidNonce/…
            other => other.to_string(),
        }
    }

    /// What the person is told: a cancellation, an unreachable provider, or a
    /// refused answer.
    pub fn failure(&self) -> crate::sso::Failure {
        use crate::sso::Failure;
        match self {
            OidcError::Provider(e, _) if e == "access_denied" => Failure::Cancelled,
            OidcError::Config(_) | OidcError::NoTokenEndpoint(_) | OidcError::Discovery(_) => {
                Failure::ProviderError
            }
            OidcError::Token(RequestTokenError::Request(_)) | OidcError::Provider(..) => {
                Failure::ProviderError
            }
            // The provider does not accept our client id or secret: a
            // configuration problem, not an attack.
            OidcError::Token(RequestTokenError::ServerResponse(r))
                if *r.error() == CoreErrorResponseType::InvalidClient =>
            {
                Failure::ProviderError
            }
            _ => Failure::Rejected,
        }
    }
}
