//! Partner single sign-on: each partner institution signs its people in
//! through its own OpenID Connect identity provider, chosen by the domain of
//! their work email. The redirects themselves (to the provider and back) are
//! plain HTTP endpoints in the server crate; this module holds the page, the
//! provider records and the accounts they sign in to.

pub mod api;
#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod oidc;
#[cfg(feature = "ssr")]
pub mod provider_http;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use serde::{Deserialize, Serialize};

/// A provider as the partner sign-in page offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOption {
    pub id: i64,
    pub institution: String,
    pub label: String,
    /// The origin of the provider's issuer, e.g. `https://login.example.org`.
    pub origin: String,
}

/// The origin (scheme, host and port) of a URL.
pub fn origin_of(url: &str) -> String {
    url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/")
}

/// Why a partner sign-in did not complete, as the page explains it. Carried
/// in the URL as a short code: never the provider's own words, which an
/// attacker could choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    /// No institution uses the email's domain.
    UnknownDomain,
    /// The email address is not one.
    BadEmail,
    /// The provider is unknown or switched off.
    ProviderUnavailable,
    /// The provider could not be reached, or answered wrongly.
    ProviderError,
    /// The answer from the provider failed a check (state, nonce, issuer,
    /// signature, times): possibly an attack, always refused.
    Rejected,
    /// The provider vouched for an email outside the institution's domains.
    DomainNotAllowed,
    /// A local account already uses this email; it must link the identity itself.
    AccountExists,
    /// The person cancelled at the provider.
    Cancelled,
    /// Linking: the account's password was not right.
    WrongPassword,
    /// Linking: the institution's identity already signs in to another account.
    IdentityInUse,
    /// Linking: too many wrong passwords lately.
    TooManyAttempts,
    /// Linking: accounts with global roles keep to their password and
    /// second factor.
    PrivilegedAccount,
}

impl Failure {
    pub const ALL: [Failure; 12] = [
        Failure::UnknownDomain,
        Failure::BadEmail,
        Failure::ProviderUnavailable,
        Failure::ProviderError,
        Failure::Rejected,
        Failure::DomainNotAllowed,
        Failure::AccountExists,
        Failure::Cancelled,
        Failure::WrongPassword,
        Failure::IdentityInUse,
        Failure::TooManyAttempts,
        Failure::PrivilegedAccount,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Failure::UnknownDomain => "unknown-domain",
            Failure::BadEmail => "bad-email",
            Failure::ProviderUnavailable => "provider-unavailable",
            Failure::ProviderError => "provider-error",
            Failure::Rejected => "rejected",
            Failure::DomainNotAllowed => "domain-not-allowed",
            Failure::AccountExists => "account-exists",
            Failure::Cancelled => "cancelled",
            Failure::WrongPassword => "wrong-password",
            Failure::IdentityInUse => "identity-in-use",
            Failure::TooManyAttempts => "too-many-attempts",
            Failure::PrivilegedAccount => "privileged-account",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            Failure::UnknownDomain => {
                "No partner institution signs in with that email domain. Check the address, or choose your institution from the list."
            }
            Failure::BadEmail => "Enter your work email address, like name@wales.nhs.uk.",
            Failure::ProviderUnavailable => "That sign-in is not available at the moment.",
            Failure::ProviderError => {
                "Your institution's sign-in did not complete: its service did not answer properly. Try again in a few minutes."
            }
            Failure::Rejected => {
                "Your institution's sign-in did not complete: the answer from its service failed our security checks. Start again."
            }
            Failure::DomainNotAllowed => {
                "Your institution's sign-in did not complete: it vouched for an email address that this institution does not use."
            }
            Failure::AccountExists => {
                "There is already a Roundtable account with this email address. Sign in with its password first, then link your institution's sign-in from your account."
            }
            Failure::Cancelled => "You cancelled signing in at your institution.",
            Failure::WrongPassword => {
                "Your password is not right. Enter your Roundtable password to link your institution's sign-in."
            }
            Failure::IdentityInUse => {
                "That institution account already signs in to another Roundtable account, so it cannot be linked to this one."
            }
            Failure::TooManyAttempts => "Too many attempts. Wait a few minutes and try again.",
            Failure::PrivilegedAccount => {
                "Accounts of policy makers, moderators and administrators sign in with their password and two-step verification only, so an institution's sign-in cannot be linked to them."
            }
        }
    }
}

/// The domain of an email address, lower-cased, if it looks like one.
pub fn email_domain(email: &str) -> Option<String> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.trim().to_lowercase();
    (!local.is_empty() && domain.contains('.') && !domain.contains(char::is_whitespace))
        .then_some(domain)
}

/// How one finding of a provider check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    Good,
    Warning,
    Problem,
}

/// What checking a provider's discovery document found, line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveryReport {
    pub findings: Vec<(Finding, String)>,
}

impl DiscoveryReport {
    pub fn add(&mut self, finding: Finding, text: impl Into<String>) {
        self.findings.push((finding, text.into()));
    }

    /// Whether sign-in through this provider can work.
    pub fn usable(&self) -> bool {
        !self.findings.is_empty() && self.findings.iter().all(|(f, _)| *f != Finding::Problem)
    }
}
