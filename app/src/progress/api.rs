//! Server functions of progress. Reading is for everyone (the roadmap is
//! public); writing asks who is asking first.

use super::forms::{DependencyInput, ProgressInput};
use super::{Gap, ItemProgress};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn item(
    db: &crate::db::Db,
    item_id: i64,
) -> Result<crate::roadmap::store::StoredItem, AppError> {
    crate::roadmap::store::item(db, item_id)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such roadmap item.".into()))
}

#[cfg(feature = "ssr")]
fn audit(
    me: &crate::domain::identity::Me,
    action: &'static str,
    item_id: i64,
    institution: Option<String>,
    detail: serde_json::Value,
) -> crate::audit::Entry {
    crate::audit::Entry::now(me, institution, action, format!("item:{item_id}"), detail)
}

/// An item's timeline and dependencies. Anyone may read them.
#[server(prefix = "/api", endpoint = "item_progress")]
pub async fn get_item_progress(item_id: i64) -> Result<ItemProgress, AppError> {
    use super::store;
    use crate::domain::outcomes::access::may_record_progress;
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let item = item(&db, item_id).await?;
    let owners: Vec<i64> = item.owners.iter().map(|o| o.id).collect();
    let (needs, needed_by) = store::dependencies(&db, item_id).await?;
    let can_edit_dependencies = me.as_ref().is_some_and(|m| m.can_edit_roadmap());
    let other_items = if can_edit_dependencies {
        let mut items = crate::roadmap::store::item_links(&db).await?;
        items.retain(|i| i.id != item_id);
        items
    } else {
        Vec::new()
    };
    Ok(ItemProgress {
        item_id,
        title: item.title,
        status: item.status,
        target_date: item.target_date,
        entries: store::entries(&db, item_id).await?,
        needs,
        needed_by,
        can_record: me.as_ref().is_some_and(|m| may_record_progress(m, &owners)),
        can_edit_dependencies,
        other_items,
    })
}

/// Adds an entry to an item's timeline: policy makers, moderators,
/// administrators, and the leads of the item's owning institutions.
#[server(prefix = "/api", endpoint = "record_progress")]
pub async fn record_progress(
    item_id: i64,
    #[server(flatten)] form: ProgressInput,
) -> Result<(), AppError> {
    use crate::domain::drafts::access::is_lead_of;
    use crate::domain::outcomes::access::{may_analyse, may_record_progress};
    crate::forms::submit("progress", &form, async {
        let me = crate::identity::session::require_user().await?;
        let db = crate::context::db()?;
        let item = item(&db, item_id).await?;
        let owners: Vec<i64> = item.owners.iter().map(|o| o.id).collect();
        if !may_record_progress(&me, &owners) {
            return Err(AppError::Forbidden(
                "Only policy makers, moderators, administrators and the leads of the institutions that own this item record its progress.".into(),
            ));
        }
        let entry = form.check()?;
        // A lead who is not also an analyst writes for their institution.
        let lead_of = (!may_analyse(&me))
            .then(|| item.owners.iter().find(|o| is_lead_of(&me, o.id)))
            .flatten();
        let audit = audit(&me, "item.progress", item_id, lead_of.map(|o| o.name.clone()), serde_json::json!({
            "status": entry.status.as_str(), "percent": entry.percent, "note": entry.note, "evidence": entry.evidence,
        }));
        let key = &crate::context::server_context()?.secret_key;
        let id = super::store::record(&db, item_id, &entry, lead_of.map(|o| o.id), key, &audit).await?;
        tracing::info!(user_id = me.id, item_id, entry = id, "progress recorded");
        Ok(format!("/items/{item_id}/progress"))
    })
    .await
}

/// Records that an item needs another first: roadmap editors (policy
/// makers and administrators); never a cycle.
#[server(prefix = "/api", endpoint = "add_dependency")]
pub async fn add_dependency(
    item_id: i64,
    #[server(flatten)] form: DependencyInput,
) -> Result<(), AppError> {
    use super::store::{self, Added};
    crate::forms::submit("dependency", &form, async {
        let me = roadmap_editor().await?;
        let db = crate::context::db()?;
        let item = item(&db, item_id).await?;
        let titles = crate::roadmap::store::item_titles(&db).await?;
        let needs = form.check(|id| id != item_id && titles.iter().any(|(t, _)| *t == id))?;
        let needs_title = titles.iter().find(|(t, _)| *t == needs).map(|(_, n)| n.clone()).unwrap_or_default();
        let audit = audit(&me, "item.dependency_add", item_id, None, serde_json::json!({ "needs": needs, "needs_title": needs_title }));
        let key = &crate::context::server_context()?.secret_key;
        match store::add_dependency(&db, item_id, needs, key, &audit).await? {
            Added::Added | Added::AlreadyThere => Ok(format!("/items/{item_id}/progress#dependencies")),
            Added::Cycle => Err(AppError::invalid(
                "needs",
                format!("“{needs_title}” already needs “{}”, directly or through other items: adding this would make a loop.", item.title),
            )),
        }
    })
    .await
}

/// Removes a dependency. Roadmap editors only.
#[server(prefix = "/api", endpoint = "remove_dependency")]
pub async fn remove_dependency(item_id: i64, needs_id: i64) -> Result<(), AppError> {
    crate::forms::submit(&format!("remove-dependency-{needs_id}"), &(), async {
        let me = roadmap_editor().await?;
        let db = crate::context::db()?;
        let audit = audit(
            &me,
            "item.dependency_remove",
            item_id,
            None,
            serde_json::json!({ "needs": needs_id }),
        );
        let key = &crate::context::server_context()?.secret_key;
        if !super::store::remove_dependency(&db, item_id, needs_id, key, &audit).await? {
            return Err(AppError::NotFound("There is no such dependency.".into()));
        }
        Ok(format!("/items/{item_id}/progress#dependencies"))
    })
    .await
}

#[cfg(feature = "ssr")]
async fn roadmap_editor() -> Result<crate::domain::identity::Me, AppError> {
    let me = crate::identity::session::require_user().await?;
    if !me.can_edit_roadmap() {
        return Err(AppError::Forbidden(
            "Only policy makers and administrators change the roadmap's dependencies.".into(),
        ));
    }
    Ok(me)
}

/// The gap register: items past their target date and not done, or at
/// risk or behind, with the evidence written for each. Public.
#[server(prefix = "/api", endpoint = "gaps")]
pub async fn get_gaps() -> Result<Vec<Gap>, AppError> {
    Ok(super::store::gaps(&crate::context::db()?).await?)
}
