//! Administration of partner institutions and their identity providers:
//! the email domains that route people to an institution, and each
//! provider's issuer, client, secret, claim mapping and switch. Only
//! administrators see or change any of it.

pub mod api;
mod provider_view;
pub mod view;

use crate::institutions::Kind;
use crate::sso::DiscoveryReport;
use serde::{Deserialize, Serialize};

/// An institution as the administration pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionSummary {
    pub id: i64,
    pub name: String,
    pub kind: Kind,
    pub domains: Vec<String>,
    pub providers: Vec<ProviderSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSummary {
    pub id: i64,
    pub label: String,
    pub issuer: String,
    pub enabled: bool,
}

/// Where a provider's client secret is kept. The secret itself never leaves
/// the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretSource {
    /// Typed in by an administrator, stored sealed.
    Stored,
    /// In an environment variable of the server; `problem` says why this
    /// server cannot use it, if so (not set, or not bound to the issuer).
    Environment {
        variable: String,
        problem: Option<String>,
    },
}

/// Everything the provider form shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSettings {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub secret: SecretSource,
    pub lead_claim: String,
    pub lead_value: String,
    pub enabled: bool,
    pub internal: bool,
}

/// The provider page: its settings, and a check's findings when asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderPage {
    pub settings: ProviderSettings,
    pub check: Option<DiscoveryReport>,
    /// Where identity providers send people back to: what the institution
    /// registers for this client.
    pub redirect_uri: String,
}

/// The email domains in `text` (one per line, or separated by commas or
/// spaces), lower-cased, without duplicates; or the first one that is not a
/// domain.
pub fn parse_domains(text: &str) -> Result<Vec<String>, String> {
    let mut domains = Vec::new();
    for raw in text.split(|c: char| c == ',' || c.is_whitespace()) {
        let domain = raw.trim().trim_start_matches('@').to_lowercase();
        if domain.is_empty() {
            continue;
        }
        let labels_ok = domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if !labels_ok || !domain.contains('.') || domain.len() > 253 {
            return Err(raw.trim().to_owned());
        }
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(domains)
}

/// A URL-friendly name: `Royal College of Nursing` → `royal-college-of-nursing`.
pub fn slug_for(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Why `issuer` cannot be an issuer: it must be an `https` URL without query
/// or fragment; plain `http` only on this machine (a provider for
/// development and tests).
pub fn issuer_problem(issuer: &str) -> Option<&'static str> {
    const FORMAT: &str =
        "Enter the issuer as a web address without a query or fragment, like https://login.example.org.";
    let Some((scheme, rest)) = issuer.split_once("://") else {
        return Some(FORMAT);
    };
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    let local = matches!(host, "127.0.0.1" | "localhost");
    if issuer.contains(['?', '#', '@'])
        || issuer.chars().any(char::is_whitespace)
        || host.is_empty()
    {
        Some(FORMAT)
    } else if scheme == "https" || (scheme == "http" && local) {
        None
    } else {
        Some(
            "The issuer must be an https address (plain http only for a provider on this machine).",
        )
    }
}

/// The prefix every client-secret variable must have: a provider's secret
/// is sent to its token endpoint, so an administrator must not be able to
/// name any other variable of the server (its sealing key, its database URL).
pub const SECRET_VARIABLE_PREFIX: &str = "ROUNDTABLE_SSO_SECRET_";

/// Whether `name` can name a client-secret variable: the prefix, then
/// capitals, digits and underscores.
pub fn is_variable_name(name: &str) -> bool {
    name.len() <= 100
        && name
            .strip_prefix(SECRET_VARIABLE_PREFIX)
            .is_some_and(|rest| {
                !rest.is_empty()
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            })
}

/// Whether `name` can name an ID token claim.
pub fn is_claim_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:/".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_parsed_loosely_and_checked_strictly() {
        assert_eq!(
            parse_domains("Wales.NHS.uk, @bt.com\nbt.com  nhs.net"),
            Ok(vec![
                "wales.nhs.uk".into(),
                "bt.com".into(),
                "nhs.net".into()
            ])
        );
        assert_eq!(parse_domains(""), Ok(vec![]));
        assert_eq!(parse_domains("bt.com evil/x.com"), Err("evil/x.com".into()));
        assert_eq!(parse_domains("localhost"), Err("localhost".into()));
        assert_eq!(parse_domains("-a.com"), Err("-a.com".into()));
    }

    #[test]
    fn issuers_are_https_except_on_this_machine() {
        assert_eq!(issuer_problem("https://login.example.org"), None);
        assert_eq!(issuer_problem("https://login.example.org/tenant/1"), None);
        assert_eq!(issuer_problem("http://127.0.0.1:4011"), None);
        assert!(issuer_problem("http://login.example.org").is_some());
        assert!(issuer_problem("https://login.example.org/?x=1").is_some());
        assert!(issuer_problem("login.example.org").is_some());
        assert!(issuer_problem("javascript:alert(1)").is_some());
        assert!(issuer_problem("https://user@evil.example").is_some());
    }

    #[test]
    fn slugs_and_names() {
        assert_eq!(
            slug_for("Royal College of Nursing"),
            "royal-college-of-nursing"
        );
        assert_eq!(slug_for("  NHS — Wales! "), "nhs-wales");
        assert!(is_variable_name("ROUNDTABLE_SSO_SECRET_BT"));
        assert!(!is_variable_name("ROUNDTABLE_SECRET_KEY") && !is_variable_name("DATABASE_URL"));
        assert!(
            !is_variable_name("ROUNDTABLE_SSO_SECRET_")
                && !is_variable_name("ROUNDTABLE_SSO_SECRET_a b")
        );
        assert!(is_claim_name("groups") && is_claim_name("https://example.org/roles"));
        assert!(!is_claim_name("a b") && !is_claim_name(""));
    }
}

/// An institution as typed in its form: its name, kind and email domains
/// (one per line).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionInput {
    pub name: String,
    pub kind: String,
    pub domains: String,
}

impl crate::forms::Form for InstitutionInput {}

/// An identity provider as typed in its form. The client secret is never
/// put back in a form that failed: it is not shown again, even after a
/// mistake.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderInput {
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    /// `stored` or `environment`.
    pub secret_source: String,
    #[serde(default)]
    pub client_secret: String,
    #[serde(default)]
    pub secret_variable: String,
    pub lead_claim: String,
    pub lead_value: String,
    /// A checkbox: present or absent.
    #[serde(default)]
    pub enabled: Option<String>,
    /// A checkbox: the provider is on the institution's or Roundtable's own
    /// network, and may be reached at a private address.
    #[serde(default)]
    pub internal: Option<String>,
}

impl crate::forms::Form for ProviderInput {
    const SECRET: &'static [&'static str] = &["client_secret"];

    fn kept(&self) -> Vec<(String, String)> {
        [
            ("label", &self.label),
            ("issuer", &self.issuer),
            ("client_id", &self.client_id),
            ("secret_source", &self.secret_source),
            ("secret_variable", &self.secret_variable),
            ("lead_claim", &self.lead_claim),
            ("lead_value", &self.lead_value),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .chain([
            (
                "enabled".to_owned(),
                if self.enabled.is_some() { "on" } else { "" }.to_owned(),
            ),
            (
                "internal".to_owned(),
                if self.internal.is_some() { "on" } else { "" }.to_owned(),
            ),
        ])
        .collect()
    }
}
