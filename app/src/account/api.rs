//! Server functions of the account page.

use super::AccountOverview;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's own account. Only ever the caller's.
#[server(prefix = "/api", endpoint = "account")]
pub async fn get_account() -> Result<AccountOverview, AppError> {
    use super::{LinkedIdentity, TwoStep};
    let me = crate::identity::session::require_user().await?;
    let db = crate::context::db()?;
    let (email, password) = crate::identity::store::email_and_password(&db, me.id).await?;
    let two_step = if password.is_none() {
        TwoStep::NotApplicable
    } else if crate::two_step::store::is_enrolled(&db, me.id).await? {
        TwoStep::On {
            recovery_codes_left: crate::two_step::store::recovery_codes_left(&db, me.id).await?,
        }
    } else {
        TwoStep::Off {
            required: !me.roles.is_empty(),
        }
    };
    let identities = crate::sso::store::identities_of(&db, me.id)
        .await?
        .into_iter()
        .map(|(institution, label, linked_at)| LinkedIdentity {
            institution,
            label,
            linked_at,
        })
        .collect();
    let mut roles: Vec<String> = me.roles.iter().map(|r| r.label().to_owned()).collect();
    roles.extend(me.memberships.iter().map(|m| {
        format!(
            "Partner {} of {}",
            match m.role {
                crate::domain::identity::PartnerRole::Lead => "lead",
                crate::domain::identity::PartnerRole::Member => "member",
            },
            m.institution_name
        )
    }));
    Ok(AccountOverview {
        display_name: me.display_name,
        email,
        has_password: password.is_some(),
        two_step,
        identities,
        linkable: if me.roles.is_empty() {
            crate::sso::store::enabled(&db).await?
        } else {
            Vec::new()
        },
        roles,
    })
}
