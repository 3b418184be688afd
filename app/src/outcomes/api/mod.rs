//! Server functions of outcomes: decisions and quotes on a theme (this
//! file), the outcome page and its publishing (`outcome.rs`), and a
//! comment's trace (`trace.rs`). Each asks who is asking first.

mod outcome;
mod trace;

pub use outcome::*;
pub use trace::*;

use super::forms::{DecisionInput, QuotesInput, StatusInput};
use super::ThemeDecisions;
use crate::error::AppError;
use leptos::prelude::*;

/// A theme's decisions, the items a decision may change, and the comments
/// to quote from. Analysts only.
#[server(prefix = "/api", endpoint = "theme_decisions")]
pub async fn get_theme_decisions(theme_id: i64) -> Result<ThemeDecisions, AppError> {
    use super::store;
    let _me = crate::themes::scope::analyst().await?;
    let db = crate::context::db()?;
    let theme = crate::themes::scope::theme(&db, theme_id).await?;
    Ok(ThemeDecisions {
        theme_id,
        decisions: store::decisions_on(&db, &[theme_id]).await?,
        items: crate::roadmap::store::item_links(&db).await?,
        quotes: store::quote_choices(&db, theme_id).await?,
        outcome_path: theme.scope().outcome_path(),
    })
}

/// Records a decision on a theme.
#[server(prefix = "/api", endpoint = "record_decision")]
pub async fn record_decision(
    theme_id: i64,
    #[server(flatten)] form: DecisionInput,
) -> Result<(), AppError> {
    use super::store;
    use crate::themes::scope;
    crate::forms::submit("decision", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let theme = crate::themes::scope::theme(&db, theme_id).await?;
        let items = crate::roadmap::store::item_links(&db).await?;
        let d = form.check(|id| items.iter().any(|i| i.id == id))?;
        let audit = scope::audit(&me, "decision.record", String::new(), serde_json::json!({
            "theme": theme_id, "theme_name": theme.name, "decision": d.decision, "reason": d.reason,
            "action_owner": d.action_owner, "due_on": d.due_on, "status": d.status.as_str(), "items": d.items,
        }));
        let key = &crate::context::server_context()?.secret_key;
        let id = store::record(&db, theme_id, &d, key, &audit).await?;
        tracing::info!(user_id = me.id, theme_id, decision = id, "decision recorded");
        Ok(format!("/themes/{theme_id}#decision-{id}"))
    })
    .await
}

/// Moves a decision's action to another status.
#[server(prefix = "/api", endpoint = "decision_status")]
pub async fn set_decision_status(
    decision_id: i64,
    #[server(flatten)] form: StatusInput,
) -> Result<(), AppError> {
    use super::store;
    use crate::themes::scope;
    crate::forms::submit(&format!("status-{decision_id}"), &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let theme_id = store::theme_of_decision(&db, decision_id)
            .await?
            .ok_or_else(|| AppError::NotFound("There is no such decision.".into()))?;
        let status = form.check()?;
        let audit = scope::audit(
            &me,
            "decision.status",
            format!("decision:{decision_id}"),
            serde_json::json!({ "status": status.as_str() }),
        );
        let key = &crate::context::server_context()?.secret_key;
        store::set_status(&db, decision_id, status, key, &audit).await?;
        Ok(format!("/themes/{theme_id}#decision-{decision_id}"))
    })
    .await
}

/// Chooses the comments quoted under a theme on its outcome page: public
/// comments of the theme only.
#[server(prefix = "/api", endpoint = "theme_quotes")]
pub async fn set_quotes(
    theme_id: i64,
    #[server(flatten)] form: QuotesInput,
) -> Result<(), AppError> {
    use super::store;
    use crate::themes::scope;
    crate::forms::submit("quotes", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        crate::themes::scope::theme(&db, theme_id).await?;
        let choices = store::quote_choices(&db, theme_id).await?;
        let ids = form.check(|id| choices.iter().any(|c| c.comment_id == id))?;
        let audit = scope::audit(
            &me,
            "theme.quotes",
            format!("theme:{theme_id}"),
            serde_json::json!({ "comments": ids }),
        );
        let key = &crate::context::server_context()?.secret_key;
        store::set_quotes(&db, theme_id, &ids, key, &audit).await?;
        Ok(format!("/themes/{theme_id}#quotes"))
    })
    .await
}
