//! What an administrator's "check" of a provider finds, and the rules a
//! provider's discovery document must keep to before Roundtable sends it
//! anything: the endpoints the server itself calls (the token endpoint,
//! with the client secret, and the signing keys) are HTTPS on the issuer's
//! own host (plain HTTP only when the issuer itself is plain HTTP on this
//! machine, as the tests' providers are).

use super::oidc::{OidcError, PartnerProviderMetadata};
use super::{DiscoveryReport, Finding};
use openidconnect::core::CoreResponseType;
use openidconnect::IssuerUrl;

/// Why the endpoints of a discovery document may not be used, if so.
pub fn endpoints_problem(meta: &PartnerProviderMetadata) -> Option<String> {
    let issuer = meta.issuer().url();
    let mut endpoints = vec![("signing keys", meta.jwks_uri().url())];
    if let Some(token) = meta.token_endpoint() {
        endpoints.push(("token endpoint", token.url()));
    }
    endpoints
        .into_iter()
        .find_map(|(what, url)| endpoint_problem(issuer, what, url))
}

/// Why `endpoint` (`what`) may not be used with `issuer`, if so.
pub fn endpoint_problem(
    issuer: &openidconnect::url::Url,
    what: &str,
    endpoint: &openidconnect::url::Url,
) -> Option<String> {
    let same_host = endpoint
        .host_str()
        .zip(issuer.host_str())
        .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b));
    if !same_host {
        return Some(format!(
            "The {what} ({endpoint}) is not on the issuer's own host; Roundtable sends nothing there."
        ));
    }
    let local_plain = issuer.scheme() == "http" && is_loopback(issuer);
    match endpoint.scheme() {
        "https" => None,
        "http" if local_plain => None,
        _ => Some(format!(
            "The {what} ({endpoint}) is not HTTPS; Roundtable sends nothing there."
        )),
    }
}

fn is_loopback(url: &openidconnect::url::Url) -> bool {
    match url.host() {
        Some(openidconnect::url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(openidconnect::url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(openidconnect::url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// What an administrator's "check" finds at an issuer: its discovery
/// document and signing keys, and whether they suit Roundtable.
pub async fn check(http: &super::provider_http::ProviderHttp, issuer: &str) -> DiscoveryReport {
    let mut report = DiscoveryReport::default();
    let issuer_url = match IssuerUrl::new(issuer.to_owned()) {
        Ok(url) => url,
        Err(err) => {
            report.add(Finding::Problem, format!("The issuer is not a URL: {err}."));
            return report;
        }
    };
    let meta = match PartnerProviderMetadata::discover_async(issuer_url, http).await {
        Ok(meta) => meta,
        Err(err) => {
            let reason = OidcError::from(err).log_reason();
            report.add(
                Finding::Problem,
                format!("The discovery document could not be used ({reason})."),
            );
            return report;
        }
    };
    report.add(
        Finding::Good,
        format!(
            "Discovery document found; its issuer is {}.",
            meta.issuer().as_str()
        ),
    );
    if let Some(problem) = endpoints_problem(&meta) {
        report.add(Finding::Problem, problem);
    }
    report.add(
        Finding::Good,
        format!("Sign-in page: {}.", meta.authorization_endpoint().as_str()),
    );
    match meta.token_endpoint() {
        Some(url) => report.add(Finding::Good, format!("Token endpoint: {}.", url.as_str())),
        None => report.add(
            Finding::Problem,
            "No token endpoint: the authorization code flow cannot finish.",
        ),
    }
    let keys = meta.jwks().keys().len();
    report.add(
        if keys > 0 {
            Finding::Good
        } else {
            Finding::Problem
        },
        format!(
            "{keys} signing key(s) published at {}.",
            meta.jwks_uri().as_str()
        ),
    );
    let code_flow = meta
        .response_types_supported()
        .iter()
        .any(|t| t.as_ref() == [CoreResponseType::Code]);
    report.add(
        if code_flow {
            Finding::Good
        } else {
            Finding::Problem
        },
        if code_flow {
            "The authorization code flow is supported."
        } else {
            "The authorization code flow is not listed as supported."
        },
    );
    let extra = meta.additional_metadata();
    match &extra.code_challenge_methods_supported {
        Some(methods) if methods.iter().any(|m| m == "S256") => {
            report.add(Finding::Good, "PKCE with S256 is supported.")
        }
        Some(_) => report.add(Finding::Problem, "PKCE with S256 is not supported."),
        None => report.add(
            Finding::Warning,
            "The provider does not say whether it supports PKCE; Roundtable always uses it.",
        ),
    }
    let algs: Vec<String> = meta
        .id_token_signing_alg_values_supported()
        .iter()
        .map(|a| {
            serde_json::to_value(a)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect();
    report.add(
        Finding::Good,
        format!("ID tokens are signed with {}.", algs.join(", ")),
    );
    report.add(
        if extra.end_session_endpoint.is_some() {
            Finding::Good
        } else {
            Finding::Warning
        },
        if extra.end_session_endpoint.is_some() {
            "Signing out of Roundtable also signs out at the provider (end_session_endpoint)."
        } else {
            "No end_session_endpoint: signing out of Roundtable will not sign out at the provider."
        },
    );
    report.add(
        if extra.authorization_response_iss_parameter_supported { Finding::Good } else { Finding::Warning },
        if extra.authorization_response_iss_parameter_supported {
            "The provider names itself in every sign-in answer (RFC 9207), which defends against mix-up attacks."
        } else {
            "The provider does not name itself in its sign-in answers (RFC 9207); the ID token's issuer is still checked."
        },
    );
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use openidconnect::url::Url;

    fn problem(issuer: &str, endpoint: &str) -> Option<String> {
        endpoint_problem(
            &Url::parse(issuer).unwrap(),
            "token endpoint",
            &Url::parse(endpoint).unwrap(),
        )
    }

    #[test]
    fn endpoints_are_https_on_the_issuers_host() {
        let issuer = "https://login.example.org/tenant/v2.0";
        assert_eq!(
            problem(issuer, "https://login.example.org/tenant/token"),
            None
        );
        assert_eq!(problem(issuer, "https://LOGIN.example.org/keys"), None);
        assert!(problem(issuer, "https://attacker.example/token")
            .unwrap()
            .contains("not on the issuer's own host"));
        assert!(problem(issuer, "http://login.example.org/token")
            .unwrap()
            .contains("not HTTPS"));
        assert!(problem(issuer, "https://169.254.169.254/latest").is_some());
    }

    #[test]
    fn signing_keys_are_fetched_again_at_most_once_a_minute() {
        use crate::sso::oidc::{may_refetch_keys, KEY_REFETCH_EVERY};
        let now = std::time::Instant::now();
        assert!(may_refetch_keys(None, now));
        assert!(!may_refetch_keys(Some(now), now + KEY_REFETCH_EVERY / 2));
        assert!(may_refetch_keys(Some(now), now + KEY_REFETCH_EVERY));
    }

    #[test]
    fn plain_http_only_for_a_plain_issuer_on_this_machine() {
        assert_eq!(
            problem("http://127.0.0.1:4001", "http://127.0.0.1:4001/token"),
            None
        );
        assert_eq!(
            problem("http://localhost:4001", "http://localhost:9/jwks"),
            None
        );
        assert!(
            problem("http://127.0.0.1:4001", "http://localhost:4001/token").is_some(),
            "another host name"
        );
        assert!(problem("https://127.0.0.1:4001", "http://127.0.0.1:4001/token").is_some());
        assert!(problem("http://login.example.org", "http://login.example.org/token").is_some());
    }
}
