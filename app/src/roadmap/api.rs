//! Server functions for reading and editing the roadmap.

// `update_item` takes one argument per form field, which keeps the plain
// HTML form's field names flat; the `#[server]` macro does not pass an
// attribute on the function through to the code it generates.
#![allow(clippy::too_many_arguments)]

use super::{EditChoices, ItemDetail, PhaseWithItems};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::{store, ItemChange, Responsibility, Stakeholder, Status};
    pub use crate::context::db;
    pub use crate::error::{AppError, Validation};
    pub use crate::forms;
    pub use crate::identity::session::{current_user, require_user};

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such roadmap item.".into())
    }
}

/// The whole roadmap by phase. Anyone may read it.
#[server(prefix = "/api", endpoint = "roadmap")]
pub async fn get_roadmap() -> Result<Vec<PhaseWithItems>, AppError> {
    Ok(ssr::store::roadmap(&ssr::db()?).await?)
}

/// One item (its page adds the discussion: `pages::item`). Anyone may read it.
#[server(prefix = "/api", endpoint = "item")]
pub async fn get_item(id: i64) -> Result<ItemDetail, AppError> {
    let me = ssr::current_user().await?;
    super::detail::item(&ssr::db()?, me.as_ref(), id).await
}

/// The phases and institutions an item can be given. Policy makers and
/// administrators only.
#[server(prefix = "/api", endpoint = "edit_choices")]
pub async fn get_edit_choices() -> Result<EditChoices, AppError> {
    use ssr::*;
    let me = require_user().await?;
    if !me.can_edit_roadmap() {
        return Err(AppError::Forbidden(
            "Only policy makers and administrators can edit the roadmap.".into(),
        ));
    }
    let db = db()?;
    Ok(EditChoices {
        phases: store::phases(&db).await?,
        institutions: crate::institutions::store::list(&db).await?,
    })
}

/// Saves an edited roadmap item. Policy makers and administrators only.
#[server(prefix = "/api", endpoint = "update_item")]
pub async fn update_item(
    id: i64,
    phase_id: String,
    title: String,
    summary: String,
    description: String,
    status: String,
    target_day: String,
    target_month: String,
    target_year: String,
    #[server(default)] owners: Vec<i64>,
    resp_boards: String,
    resp_cyber_professionals: String,
    resp_health_professionals: String,
    resp_partners: String,
    resp_policy_makers: String,
    resp_public: String,
) -> Result<(), AppError> {
    use ssr::*;
    let owners_kept = owners
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let kept = [
        ("phase_id", phase_id.as_str()),
        ("title", title.as_str()),
        ("summary", summary.as_str()),
        ("description", description.as_str()),
        ("status", status.as_str()),
        ("target_day", target_day.as_str()),
        ("target_month", target_month.as_str()),
        ("target_year", target_year.as_str()),
        ("owners", owners_kept.as_str()),
        ("resp_boards", resp_boards.as_str()),
        (
            "resp_cyber_professionals",
            resp_cyber_professionals.as_str(),
        ),
        (
            "resp_health_professionals",
            resp_health_professionals.as_str(),
        ),
        ("resp_partners", resp_partners.as_str()),
        ("resp_policy_makers", resp_policy_makers.as_str()),
        ("resp_public", resp_public.as_str()),
    ];
    let result = async {
        let me = require_user().await?;
        if !me.can_edit_roadmap() {
            return Err(AppError::Forbidden(
                "Only policy makers and administrators can edit the roadmap.".into(),
            ));
        }
        let db = db()?;
        let phases = store::phases(&db).await?;
        let institutions = crate::institutions::store::list(&db).await?;

        let mut v = Validation::new();
        let phase_id = phase_id
            .parse::<i64>()
            .ok()
            .filter(|p| phases.iter().any(|ph| ph.id == *p));
        v.check(
            phase_id.is_some(),
            "phase_id",
            "Choose the phase this item belongs to.",
        );
        let title = title.trim().to_owned();
        v.check(!title.is_empty(), "title", "Enter a title.");
        v.check(
            title.chars().count() <= 150,
            "title",
            "The title must be 150 characters or fewer.",
        );
        let summary = summary.trim().to_owned();
        v.check(!summary.is_empty(), "summary", "Enter a summary.");
        v.check(
            summary.chars().count() <= 500,
            "summary",
            "The summary must be 500 characters or fewer.",
        );
        let description = description.trim().to_owned();
        v.check(
            description.chars().count() <= 20_000,
            "description",
            "The description must be 20,000 characters or fewer.",
        );
        let status = Status::parse(&status);
        v.check(status.is_some(), "status", "Choose a status.");
        let target_date = match (target_day.trim(), target_month.trim(), target_year.trim()) {
            ("", "", "") => None,
            (d, m, y) => {
                let iso = format!("{:0>4}-{:0>2}-{:0>2}", y, m, d);
                let valid = crate::time_fmt::parse_date(&iso)
                    .filter(|date| (2000..=2100).contains(&date.year()));
                v.check(
                    valid.is_some(),
                    "target_date",
                    "The target date must be a real date, like 31 12 2018.",
                );
                valid.map(|_| iso)
            }
        };
        v.check(
            owners
                .iter()
                .all(|o| institutions.iter().any(|i| i.id == *o)),
            "owners",
            "Choose owners from the list of partner institutions.",
        );
        let mut responsibilities = Vec::new();
        for (stakeholder, text) in [
            (Stakeholder::Boards, &resp_boards),
            (Stakeholder::CyberProfessionals, &resp_cyber_professionals),
            (Stakeholder::HealthProfessionals, &resp_health_professionals),
            (Stakeholder::Partners, &resp_partners),
            (Stakeholder::PolicyMakers, &resp_policy_makers),
            (Stakeholder::Public, &resp_public),
        ] {
            let text = text.trim();
            v.check(
                text.chars().count() <= 2_000,
                &format!("resp_{}", stakeholder.as_str()),
                "Each responsibility must be 2,000 characters or fewer.",
            );
            if !text.is_empty() {
                responsibilities.push(Responsibility {
                    stakeholder,
                    text: text.to_owned(),
                });
            }
        }
        v.finish()?;

        let mut owners = owners.clone();
        owners.sort_unstable();
        owners.dedup();
        let change = ItemChange {
            phase_id: phase_id.unwrap_or_default(),
            title,
            summary,
            description,
            status: status.unwrap_or(Status::Planned),
            target_date,
            owners,
            responsibilities,
        };
        if !store::update_item(&db, id, &change, me.id).await? {
            return Err(not_found());
        }
        tracing::info!(user_id = me.id, item_id = id, "roadmap item updated");
        Ok(())
    }
    .await;
    forms::finish("edit-item", &kept, result).await?;
    leptos_axum::redirect(&format!("/items/{id}"));
    Ok(())
}
