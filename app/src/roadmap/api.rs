//! Server functions for reading and editing the roadmap.

use super::forms::ItemInput;
use super::{EditChoices, ItemDetail, PhaseWithItems};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::store;
    pub use crate::context::db;
    pub use crate::error::AppError;
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
pub async fn update_item(id: i64, #[server(flatten)] form: ItemInput) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("edit-item", &form, async {
        let me = require_user().await?;
        if !me.can_edit_roadmap() {
            return Err(AppError::Forbidden(
                "Only policy makers and administrators can edit the roadmap.".into(),
            ));
        }
        let db = db()?;
        let phases = store::phases(&db).await?;
        let institutions = crate::institutions::store::list(&db).await?;

        let change = form.check(&phases, &institutions)?;
        if !store::update_item(&db, id, &change, me.id).await? {
            return Err(not_found());
        }
        tracing::info!(user_id = me.id, item_id = id, "roadmap item updated");
        Ok(format!("/items/{id}"))
    })
    .await
}
