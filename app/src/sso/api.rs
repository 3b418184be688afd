//! Server functions behind the partner sign-in page.

use super::ProviderOption;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the partner sign-in page lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerChoices {
    /// The providers for the domain the person typed, when there are several.
    pub matching: Vec<ProviderOption>,
    /// Every institution's providers, for choosing by name.
    pub all: Vec<ProviderOption>,
}

/// The providers a person can sign in with. Anyone may call it: which
/// institutions take part is public.
#[server(prefix = "/api", endpoint = "partner_choices")]
pub async fn get_partner_choices(domain: Option<String>) -> Result<PartnerChoices, AppError> {
    let db = crate::context::db()?;
    let matching = match domain
        .map(|d| d.trim().to_lowercase())
        .filter(|d| !d.is_empty())
    {
        Some(domain) => super::store::for_domain(&db, &domain).await?,
        None => Vec::new(),
    };
    Ok(PartnerChoices {
        matching,
        all: super::store::enabled(&db).await?,
    })
}
