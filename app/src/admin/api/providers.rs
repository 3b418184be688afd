//! Server functions for an institution's identity providers: reading one
//! (and checking its discovery document), adding and changing one.
//! Administrators only.

use super::super::{ProviderInput, ProviderPage};
#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;
use leptos::prelude::*;

/// A provider's settings (never its secret) and, when `check` is set, what
/// its discovery document says. Administrators only.
#[server(prefix = "/api", endpoint = "admin_provider")]
pub async fn get_provider(id: i64, check: bool) -> Result<ProviderPage, AppError> {
    use ssr::*;
    require_admin().await?;
    let context = server_context()?;
    let provider = providers::provider(&context.db, id)
        .await?
        .ok_or_else(not_found)?;
    let check = if check {
        let http = crate::sso::oidc::http_client(provider.reach()).map_err(|err| {
            tracing::error!(%err, "no HTTP client");
            AppError::Internal
        })?;
        Some(crate::sso::check::check(&http, &provider.issuer).await)
    } else {
        None
    };
    let secret = match &provider.client_secret_sealed {
        Some(_) => SecretSource::Stored,
        None => SecretSource::Environment {
            problem: provider.client_secret(&context.secret_key).err(),
            variable: provider.client_secret_env.clone(),
        },
    };
    Ok(ProviderPage {
        settings: ProviderSettings {
            id: provider.id,
            institution_id: provider.institution_id,
            institution: provider.institution,
            label: provider.label,
            issuer: provider.issuer,
            client_id: provider.client_id,
            secret,
            lead_claim: provider.lead_claim,
            lead_value: provider.lead_value.unwrap_or_default(),
            enabled: provider.enabled,
            internal: provider.internal,
        },
        check,
        redirect_uri: format!("{}/sso/callback", context.public_url.trim_end_matches('/')),
    })
}

/// Adds a provider to an institution (no `id`) or changes one. The client
/// secret is either typed in (stored sealed; left empty when editing, the
/// stored one is kept) or named as an environment variable of the server.
/// Administrators only.
#[server(prefix = "/api", endpoint = "save_provider")]
pub async fn save_provider(
    id: Option<i64>,
    institution_id: i64,
    #[server(flatten)] form: ProviderInput,
) -> Result<(), AppError> {
    use ssr::*;
    let key = if id.is_some() {
        "provider"
    } else {
        "new-provider"
    };
    forms::submit(key, &form, async {
        let me = require_admin().await?;
        let ProviderInput {
            label,
            issuer,
            client_id,
            secret_source,
            client_secret,
            secret_variable,
            lead_claim,
            lead_value,
            enabled,
            internal,
        } = &form;
        let context = server_context()?;
        let db = &context.db;
        let existing = match id {
            Some(id) => Some(
                providers::provider(db, id)
                    .await?
                    .filter(|p| p.institution_id == institution_id)
                    .ok_or_else(not_found)?,
            ),
            None => None,
        };
        if institutions::details(db, Some(institution_id)).await?.is_empty() {
            return Err(not_found());
        }

        let mut v = Validation::new();
        let label = label.trim();
        v.check(!label.is_empty(), "label", "Enter the name people choose this sign-in by.");
        v.check(label.chars().count() <= 100, "label", "The name must be 100 characters or fewer.");
        let issuer = issuer.trim().trim_end_matches('/');
        if let Some(problem) = issuer_problem(issuer) {
            v.add("issuer", problem);
        }
        let client_id = client_id.trim();
        v.check(!client_id.is_empty(), "client_id", "Enter the client id the provider gave Roundtable.");
        v.check(
            client_id.len() <= 200 && !client_id.chars().any(char::is_control),
            "client_id",
            "The client id must be 200 characters or fewer, without control characters.",
        );
        let secret_variable = secret_variable.trim();
        let secret = match secret_source.as_str() {
            "stored" if !client_secret.is_empty() => {
                v.check(
                    client_secret.len() <= 500,
                    "client_secret",
                    "The client secret must be 500 characters or fewer.",
                );
                SecretChange::Store(client_secret)
            }
            // A stored secret goes only to the issuer it was entered for:
            // a new issuer needs the secret typed again.
            "stored"
                if existing.as_ref().is_some_and(|p| {
                    p.client_secret_sealed.is_some() && p.issuer == issuer
                }) =>
            {
                SecretChange::Keep
            }
            "stored" if existing.as_ref().is_some_and(|p| p.client_secret_sealed.is_some()) => {
                v.add(
                    "client_secret",
                    "The issuer changed: enter the client secret for the new issuer.",
                );
                SecretChange::Keep
            }
            "stored" => {
                v.add("client_secret", "Enter the client secret the provider gave Roundtable.");
                SecretChange::Keep
            }
            "environment" => {
                v.check(
                    is_variable_name(secret_variable),
                    "secret_variable",
                    "Enter the name of an environment variable starting ROUNDTABLE_SSO_SECRET_, in capitals, like ROUNDTABLE_SSO_SECRET_BT.",
                );
                SecretChange::Environment(secret_variable)
            }
            _ => {
                v.add("secret_source", "Choose where the client secret is kept.");
                SecretChange::Keep
            }
        };
        let lead_claim = lead_claim.trim();
        v.check(
            is_claim_name(lead_claim),
            "lead_claim",
            "Enter the name of the claim that carries roles, like groups.",
        );
        let lead_value = lead_value.trim();
        v.check(
            lead_value.chars().count() <= 200 && !lead_value.chars().any(char::is_control),
            "lead_value",
            "The value must be 200 characters or fewer, without control characters.",
        );
        v.finish()?;

        let change = ProviderChange {
            label,
            issuer,
            client_id,
            secret,
            lead_claim,
            lead_value: (!lead_value.is_empty()).then_some(lead_value),
            enabled: enabled.is_some(),
            internal: internal.is_some(),
        };
        let secret_key = &context.secret_key;
        // What the log keeps: never the secret, only whether it changed.
        let audit = crate::audit::Entry {
            at: crate::db::now_ms(),
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution: None,
            action: if id.is_some() { "identity_provider.change" } else { "identity_provider.add" },
            subject: format!("identity-provider:{}", id.unwrap_or_default()),
            detail: serde_json::json!({
                "institution_id": institution_id,
                "label": change.label,
                "issuer": change.issuer,
                "client_id": change.client_id,
                "secret": match change.secret {
                    SecretChange::Keep => "kept",
                    SecretChange::Store(_) => "new secret stored",
                    SecretChange::Environment(_) => "from the environment",
                },
                "lead_claim": change.lead_claim,
                "lead_value": change.lead_value,
                "enabled": change.enabled,
                "internal": change.internal,
            }),
        };
        let saved = match id {
            Some(id) => {
                if !providers::update(db, secret_key, id, &change, &audit).await? {
                    return Err(not_found());
                }
                id
            }
            None => providers::create(db, secret_key, institution_id, &change, Some(&audit)).await?,
        };
        tracing::info!(
            user_id = me.id,
            provider_id = saved,
            institution_id,
            issuer,
            enabled = change.enabled,
            secret_changed = !matches!(change.secret, SecretChange::Keep),
            "identity provider saved"
        );
        Ok(format!("/admin/providers/{saved}?saved=1"))
    })
    .await
}
