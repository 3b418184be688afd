//! A comment's trace: the themes it was tagged with, the decisions on them
//! and the roadmap items they changed.

use crate::error::AppError;
use crate::outcomes::{CommentTrace, ItemTrace};
use leptos::prelude::*;

/// Anyone who may read the comment; themes and decisions only where the
/// reader may see them (published, or the reader analyses).
#[server(prefix = "/api", endpoint = "comment_trace")]
pub async fn get_comment_trace(comment_id: i64) -> Result<CommentTrace, AppError> {
    use crate::domain::outcomes::access::{can_read_outcome, sees_partner_comments};
    use crate::outcomes::{store, TracedTheme};
    use crate::themes::Scope;
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let comment = store::traced_comment(&db, comment_id)
        .await?
        .filter(|c| c.visibility == "public" || sees_partner_comments(me.as_ref()))
        .ok_or_else(|| AppError::NotFound("There is no such comment.".into()))?;
    let themes: Vec<_> = store::themes_of_comment(&db, comment_id)
        .await?
        .into_iter()
        .filter(|(_, _, _, _, published)| can_read_outcome(me.as_ref(), *published))
        .collect();
    let ids: Vec<i64> = themes.iter().map(|t| t.0).collect();
    let decisions = store::decisions_on(&db, &ids).await?;
    let badge = match (comment.badge.as_str(), &comment.institution) {
        ("partner", Some(name)) => name.clone(),
        ("policy_maker", _) => "Policy maker".to_owned(),
        _ => "Public".to_owned(),
    };
    Ok(CommentTrace {
        comment_id,
        item_id: comment.item_id,
        item_title: comment.item_title,
        thread_id: comment.thread_id,
        thread_title: comment.thread_title,
        author: comment.author,
        badge,
        created_at: comment.created_at,
        body_html: if comment.deleted {
            String::new()
        } else {
            crate::markdown::render(&comment.body)
        },
        themes: themes
            .into_iter()
            .map(|(id, name, item, draft, published)| {
                let scope = Scope::of(item, draft);
                TracedTheme {
                    decisions: decisions
                        .iter()
                        .filter(|d| d.theme_id == id)
                        .cloned()
                        .collect(),
                    id,
                    name,
                    outcome_path: scope.outcome_path(),
                    published,
                }
            })
            .collect(),
    })
}

/// What changed a roadmap item: the decisions on it (those the reader may
/// see), their themes' public comments and quotes, and the proposals
/// published for it. Anyone may read it.
#[server(prefix = "/api", endpoint = "item_trace")]
pub async fn get_item_trace(item_id: i64) -> Result<ItemTrace, AppError> {
    use crate::domain::outcomes::access::can_read_outcome;
    use crate::outcomes::{store, DecisionSource};
    use crate::themes::Scope;
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let themes: Vec<_> = store::themes_changing(&db, item_id)
        .await?
        .into_iter()
        .filter(|(_, _, _, published)| can_read_outcome(me.as_ref(), *published))
        .collect();
    let ids: Vec<i64> = themes.iter().map(|t| t.0).collect();
    let decisions = store::decisions_on(&db, &ids).await?;
    let counts = store::public_counts(&db, &ids).await?;
    let quotes = store::quotes(&db, &ids).await?;
    let decisions = decisions
        .into_iter()
        .filter(|d| d.items.iter().any(|i| i.id == item_id))
        .filter_map(|decision| {
            let (theme, item, draft, published) =
                *themes.iter().find(|t| t.0 == decision.theme_id)?;
            Some(DecisionSource {
                outcome_path: Scope::of(item, draft).outcome_path(),
                published,
                comment_count: counts
                    .iter()
                    .find(|(t, _)| *t == theme)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
                quotes: quotes
                    .iter()
                    .filter(|(t, _)| *t == theme)
                    .map(|(_, q)| q.clone())
                    .collect(),
                decision,
            })
        })
        .collect();
    Ok(ItemTrace {
        decisions,
        drafts: store::published_drafts(&db, item_id).await?,
    })
}
