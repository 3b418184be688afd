//! Reading outcomes outside a page: the outcome page's data for a reader
//! (the server function and the open read API share it), and the list of
//! published outcomes.

use super::OutcomePage;
use crate::db::Db;
use crate::domain::identity::Me;
use crate::error::AppError;
use crate::themes::Scope;

/// An outcome page as `me` may read it: public once published; analysts see
/// it before. Counts and quotes are of public comments only.
pub async fn page(db: &Db, me: Option<&Me>, scope: Scope) -> Result<OutcomePage, AppError> {
    use crate::domain::outcomes::access::{can_read_outcome, may_analyse};
    use crate::outcomes::{store, ThemeOutcome};
    use crate::themes::{scope, store as themes};
    let subject = scope::subject(db, scope).await?;
    let outcome = match subject.analysis_id {
        Some(analysis) => store::outcome(db, analysis).await?.unwrap_or_default(),
        None => store::OutcomeRow::default(),
    };
    if !can_read_outcome(me, outcome.published_at.is_some()) {
        return Err(AppError::NotFound(
            "This outcome has not been published yet.".into(),
        ));
    }
    let themes = match subject.analysis_id {
        Some(analysis) => themes::themes(db, analysis, false).await?,
        None => Vec::new(),
    };
    let ids: Vec<i64> = themes.iter().map(|t| t.id).collect();
    let decisions = store::decisions_on(db, &ids).await?;
    let quotes = store::quotes(db, &ids).await?;
    let (counts, _) = themes::comment_counts(db, &subject, false).await?;
    let closed = subject.closes_at.is_none_or(|c| crate::db::now_ms() >= c);
    Ok(OutcomePage {
        scope,
        title: subject.title,
        item_id: subject.item_id,
        item_title: subject.item_title,
        closes_at: subject.closes_at,
        closed,
        summary_html: crate::markdown::render(&outcome.summary),
        summary: outcome.summary,
        published_at: outcome.published_at,
        counts,
        can_publish: me.is_some_and(may_analyse) && closed && subject.analysis_id.is_some(),
        themes: themes
            .into_iter()
            .map(|t| ThemeOutcome {
                quotes: quotes
                    .iter()
                    .filter(|(th, _)| *th == t.id)
                    .map(|(_, q)| q.clone())
                    .collect(),
                decisions: decisions
                    .iter()
                    .filter(|d| d.theme_id == t.id)
                    .cloned()
                    .collect(),
                id: t.id,
                name: t.name,
                description: t.description,
                counts: t.counts,
            })
            .collect(),
    })
}

/// A published outcome, in the list of them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct PublishedOutcome {
    /// `consultation` (by the proposal's draft id) or `item`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    pub item_id: i64,
    pub item_title: String,
    pub published_at: i64,
}

/// Published outcomes, newest first: a page of them, and how many there are.
pub async fn published(
    db: &Db,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PublishedOutcome>, i64), sqlx::Error> {
    let sql = "SELECT CASE WHEN a.draft_id IS NULL THEN 'item' ELSE 'consultation' END AS kind,
                      COALESCE(a.draft_id, a.item_id) AS id, COALESCE(d.title, r.title) AS title,
                      a.item_id, r.title AS item_title, a.published_at
               FROM analyses a
               JOIN roadmap_items r ON r.id = a.item_id
               LEFT JOIN drafts d ON d.id = a.draft_id
               WHERE a.published_at IS NOT NULL
               ORDER BY a.published_at DESC, a.id DESC LIMIT $1 OFFSET $2";
    let count = "SELECT COUNT(*) FROM analyses WHERE published_at IS NOT NULL";
    crate::with_db!(db, pool => Ok((
        sqlx::query_as(sql).bind(limit).bind(offset).fetch_all(pool).await?,
        sqlx::query_scalar(count).fetch_one(pool).await?,
    )))
}
