//! Server functions of the administration pages. Every one is for
//! administrators only, checked first, on the server. This file holds the
//! institutions; [`providers`] their identity providers.

mod providers;

pub use providers::*;

use super::{InstitutionInput, InstitutionSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::*;
    pub use crate::context::{db, server_context};
    pub use crate::domain::identity::{GlobalRole, Me};
    pub use crate::error::{AppError, Validation};
    pub use crate::forms;
    pub use crate::identity::session::require_user;
    pub use crate::institutions::{store as institutions, Kind};
    pub use crate::sso::store::{self as providers, ProviderChange, SecretChange};

    /// The signed-in administrator, or why not.
    pub async fn require_admin() -> Result<Me, AppError> {
        let me = require_user().await?;
        if me.has_role(GlobalRole::Administrator) {
            Ok(me)
        } else {
            Err(AppError::Forbidden(
                "Only administrators can manage partner institutions and their sign-in.".into(),
            ))
        }
    }

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such institution or identity provider.".into())
    }

    pub async fn summaries(only: Option<i64>) -> Result<Vec<InstitutionSummary>, AppError> {
        let db = db()?;
        let details = institutions::details(&db, only).await?;
        let all = match only {
            Some(id) => providers::of_institution(&db, id).await?,
            None => providers::all(&db).await?,
        };
        Ok(details
            .into_iter()
            .map(|d| InstitutionSummary {
                providers: all
                    .iter()
                    .filter(|p| p.institution_id == d.id)
                    .map(|p| ProviderSummary {
                        id: p.id,
                        label: p.label.clone(),
                        issuer: p.issuer.clone(),
                        enabled: p.enabled,
                    })
                    .collect(),
                id: d.id,
                name: d.name,
                kind: d.kind,
                domains: d.domains,
            })
            .collect())
    }

    /// Checks an institution form; returns the name, kind and domains.
    pub fn institution_fields(
        name: &str,
        kind: &str,
        domains: &str,
    ) -> Result<(String, Kind, Vec<String>), AppError> {
        let mut v = Validation::new();
        let name = name.trim().to_owned();
        v.check(!name.is_empty(), "name", "Enter the institution's name.");
        v.check(
            name.chars().count() <= 120,
            "name",
            "The name must be 120 characters or fewer.",
        );
        v.check(
            !name.chars().any(char::is_control),
            "name",
            "The name must not contain control characters.",
        );
        let kind = Kind::parse(kind);
        v.check(
            kind.is_some(),
            "kind",
            "Choose what kind of institution it is.",
        );
        let domains = match parse_domains(domains) {
            Ok(domains) => domains,
            Err(bad) => {
                v.add(
                    "domains",
                    format!("“{bad}” is not an email domain. Enter domains like wales.nhs.uk, one per line."),
                );
                Vec::new()
            }
        };
        v.check(
            domains.len() <= 50,
            "domains",
            "Enter 50 email domains or fewer.",
        );
        v.finish()?;
        Ok((name, kind.unwrap_or(Kind::NhsBody), domains))
    }
}

/// Every partner institution with its email domains and identity
/// providers. Administrators only.
#[server(prefix = "/api", endpoint = "admin_institutions")]
pub async fn get_institutions() -> Result<Vec<InstitutionSummary>, AppError> {
    ssr::require_admin().await?;
    ssr::summaries(None).await
}

/// One institution with its domains and providers. Administrators only.
#[server(prefix = "/api", endpoint = "admin_institution")]
pub async fn get_institution(id: i64) -> Result<InstitutionSummary, AppError> {
    ssr::require_admin().await?;
    ssr::summaries(Some(id))
        .await?
        .pop()
        .ok_or_else(ssr::not_found)
}

/// Adds a partner institution with the email domains its people use.
/// Administrators only.
#[server(prefix = "/api", endpoint = "create_institution")]
pub async fn create_institution(#[server(flatten)] form: InstitutionInput) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("new-institution", &form, async {
        let me = require_admin().await?;
        let (name, kind, domains) = institution_fields(&form.name, &form.kind, &form.domains)?;
        let slug = slug_for(&name);
        if slug.is_empty() {
            return Err(AppError::invalid(
                "name",
                "The name needs at least one letter or digit.",
            ));
        }
        let domains: Vec<&str> = domains.iter().map(String::as_str).collect();
        let id = match institutions::create(&db()?, &slug, &name, kind, &domains).await {
            Ok(id) => id,
            Err(err) if crate::db::is_unique_violation(&err) => {
                return Err(AppError::invalid(
                    "name",
                    "There is already an institution with this name.",
                ))
            }
            Err(err) => return Err(err.into()),
        };
        tracing::info!(user_id = me.id, institution_id = id, "institution added");
        Ok(format!("/admin/institutions/{id}"))
    })
    .await
}

/// Renames an institution and replaces its email domains. Administrators only.
#[server(prefix = "/api", endpoint = "update_institution")]
pub async fn update_institution(
    id: i64,
    #[server(flatten)] form: InstitutionInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("institution", &form, async {
        let me = require_admin().await?;
        let (name, kind, domains) = institution_fields(&form.name, &form.kind, &form.domains)?;
        if !institutions::update(&db()?, id, &name, kind, &domains).await? {
            return Err(not_found());
        }
        tracing::info!(
            user_id = me.id,
            institution_id = id,
            ?domains,
            "institution changed"
        );
        Ok(format!("/admin/institutions/{id}"))
    })
    .await
}
