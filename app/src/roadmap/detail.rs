//! An item as its pages show it, for whoever asks.

use super::{store, ItemDetail};
use crate::db::Db;
use crate::domain::identity::Me;
use crate::error::AppError;

/// The item `id` as `me` sees it (anyone may read an item).
pub async fn item(db: &Db, me: Option<&Me>, id: i64) -> Result<ItemDetail, AppError> {
    let item = store::item(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such roadmap item.".into()))?;
    Ok(ItemDetail {
        id: item.id,
        description_html: crate::markdown::render(&item.description),
        phase: item.phase,
        title: item.title,
        summary: item.summary,
        description: item.description,
        status: item.status,
        target_date: item.target_date,
        owners: item.owners,
        responsibilities: item.responsibilities,
        updated_at: item.updated_at,
        can_edit: me.is_some_and(Me::can_edit_roadmap),
    })
}
