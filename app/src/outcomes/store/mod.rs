//! SQL for decisions, quotes and outcome pages.

use super::{Decision, DecisionStatus, ItemLink, Quote, QuoteChoice};
use crate::db::{placeholders, Db};
use crate::with_db;

mod changes;
pub use changes::*;

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    theme_id: i64,
    theme_name: String,
    decision: String,
    reason: String,
    action_owner: String,
    due_on: Option<String>,
    status: String,
    created_at: i64,
    updated_at: i64,
}

const DECISION_SELECT: &str =
    "SELECT d.id, d.theme_id, th.name AS theme_name, d.decision, d.reason,
        d.action_owner, d.due_on, d.status, d.created_at, d.updated_at
    FROM decisions d JOIN themes th ON th.id = d.theme_id";

/// Decisions with their items, from rows.
async fn with_items(db: &Db, rows: Vec<DecisionRow>) -> Result<Vec<Decision>, sqlx::Error> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let items: Vec<(i64, i64, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            "SELECT di.decision_id, r.id, r.title FROM decision_items di
             JOIN roadmap_items r ON r.id = di.item_id
             WHERE di.decision_id IN ({}) ORDER BY r.title",
            placeholders(1, ids.len())
        );
        with_db!(db, pool => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await?
        })
    };
    let today = crate::time_fmt::uk_date(crate::db::now_ms()).to_string();
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = DecisionStatus::parse(&r.status).unwrap_or(DecisionStatus::Planned);
            Decision {
                overdue: status.is_overdue(r.due_on.as_deref(), &today),
                id: r.id,
                theme_id: r.theme_id,
                theme_name: r.theme_name,
                decision: r.decision,
                reason: r.reason,
                action_owner: r.action_owner,
                due_on: r.due_on,
                status,
                items: items
                    .iter()
                    .filter(|(d, _, _)| *d == r.id)
                    .map(|(_, id, title)| ItemLink {
                        id: *id,
                        title: title.clone(),
                    })
                    .collect(),
                created_at: r.created_at,
                updated_at: r.updated_at,
            }
        })
        .collect())
}

/// The decisions on the given themes, oldest first.
pub async fn decisions_on(db: &Db, theme_ids: &[i64]) -> Result<Vec<Decision>, sqlx::Error> {
    if theme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{DECISION_SELECT} WHERE d.theme_id IN ({}) ORDER BY d.id",
        placeholders(1, theme_ids.len())
    );
    let rows: Vec<DecisionRow> = with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for id in theme_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await?
    });
    with_items(db, rows).await
}

/// A decision's theme, if the decision exists.
pub async fn theme_of_decision(db: &Db, decision_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT theme_id FROM decisions WHERE id = $1";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(decision_id).fetch_optional(pool).await)
}

/// An analysis's outcome as stored: its summary, and when it was published.
#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct OutcomeRow {
    pub summary: String,
    pub published_at: Option<i64>,
}

pub async fn outcome(db: &Db, analysis_id: i64) -> Result<Option<OutcomeRow>, sqlx::Error> {
    let sql = "SELECT summary, published_at FROM analyses WHERE id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(analysis_id).fetch_optional(pool).await)
}

#[derive(sqlx::FromRow)]
struct QuoteRow {
    theme_id: i64,
    comment_id: i64,
    author: String,
    badge: String,
    institution: Option<String>,
    body: String,
    quoted: bool,
}

impl QuoteRow {
    fn badge(&self) -> String {
        match (self.badge.as_str(), &self.institution) {
            ("partner", Some(name)) => name.clone(),
            ("policy_maker", _) => "Policy maker".into(),
            _ => "Public".into(),
        }
    }
}

/// The public comments of the given themes: only the quoted ones, or all
/// (quoted first) up to `limit`.
async fn public_comments_of(
    db: &Db,
    theme_ids: &[i64],
    quoted_only: bool,
    limit: i64,
) -> Result<Vec<QuoteRow>, sqlx::Error> {
    if theme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ct.theme_id, c.id AS comment_id, u.display_name AS author, c.badge, i.name AS institution,
                c.body, ct.quoted
         FROM comment_themes ct
         JOIN comments c ON c.id = ct.comment_id
         JOIN threads t ON t.id = c.thread_id
         JOIN users u ON u.id = c.author_id
         LEFT JOIN institutions i ON i.id = c.badge_institution_id
         WHERE ct.theme_id IN ({}) AND t.visibility = 'public' AND c.deleted_at IS NULL
           AND (ct.quoted OR $1 = 0)
         ORDER BY ct.quoted DESC, c.id LIMIT $2",
        placeholders(3, theme_ids.len())
    );
    with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql).bind(i64::from(quoted_only)).bind(limit);
        for id in theme_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })
}

/// The quoted comments of the given themes, as (theme, quote).
pub async fn quotes(db: &Db, theme_ids: &[i64]) -> Result<Vec<(i64, Quote)>, sqlx::Error> {
    let rows = public_comments_of(db, theme_ids, true, 1000).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let badge = r.badge();
            (
                r.theme_id,
                Quote {
                    comment_id: r.comment_id,
                    author: r.author,
                    badge,
                    body_html: crate::markdown::render(&r.body),
                },
            )
        })
        .collect())
}

/// A theme's public comments to choose quotes from, the quoted ones first.
pub async fn quote_choices(db: &Db, theme_id: i64) -> Result<Vec<QuoteChoice>, sqlx::Error> {
    let rows = public_comments_of(db, &[theme_id], false, 200).await?;
    Ok(rows
        .into_iter()
        .map(|r| QuoteChoice {
            badge: r.badge(),
            comment_id: r.comment_id,
            author: r.author,
            body_html: crate::markdown::render(&r.body),
            quoted: r.quoted,
        })
        .collect())
}

/// A comment as the trace page shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TracedComment {
    pub id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub visibility: String,
    pub item_id: i64,
    pub item_title: String,
    pub author: String,
    pub badge: String,
    pub institution: Option<String>,
    pub body: String,
    pub created_at: i64,
    pub deleted: bool,
}

pub async fn traced_comment(db: &Db, id: i64) -> Result<Option<TracedComment>, sqlx::Error> {
    let sql = "SELECT c.id, c.thread_id, t.title AS thread_title, t.visibility, r.id AS item_id,
                      r.title AS item_title, u.display_name AS author, c.badge, i.name AS institution,
                      c.body, c.created_at, c.deleted_at IS NOT NULL AS deleted
               FROM comments c
               JOIN threads t ON t.id = c.thread_id
               JOIN roadmap_items r ON r.id = t.item_id
               JOIN users u ON u.id = c.author_id
               LEFT JOIN institutions i ON i.id = c.badge_institution_id
               WHERE c.id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
}

/// The themes a comment carries: (theme, name, item, consultation draft,
/// published).
pub async fn themes_of_comment(
    db: &Db,
    comment_id: i64,
) -> Result<Vec<(i64, String, i64, Option<i64>, bool)>, sqlx::Error> {
    let sql = "SELECT th.id, th.name, a.item_id, a.draft_id, a.published_at IS NOT NULL
               FROM comment_themes ct
               JOIN themes th ON th.id = ct.theme_id
               JOIN analyses a ON a.id = th.analysis_id
               WHERE ct.comment_id = $1 ORDER BY th.name";
    with_db!(db, pool => sqlx::query_as(sql).bind(comment_id).fetch_all(pool).await)
}

/// The themes whose decisions change `item_id`: (theme, item of its
/// analysis, consultation draft, published).
pub async fn themes_changing(
    db: &Db,
    item_id: i64,
) -> Result<Vec<(i64, i64, Option<i64>, bool)>, sqlx::Error> {
    let sql = "SELECT DISTINCT th.id, a.item_id, a.draft_id, a.published_at IS NOT NULL
               FROM decision_items di
               JOIN decisions d ON d.id = di.decision_id
               JOIN themes th ON th.id = d.theme_id
               JOIN analyses a ON a.id = th.analysis_id
               WHERE di.item_id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(item_id).fetch_all(pool).await)
}

/// How many public comments each of the given themes groups.
pub async fn public_counts(db: &Db, theme_ids: &[i64]) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    if theme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ct.theme_id, COUNT(*) FROM comment_themes ct
         JOIN comments c ON c.id = ct.comment_id JOIN threads t ON t.id = c.thread_id
         WHERE ct.theme_id IN ({}) AND t.visibility = 'public' AND c.deleted_at IS NULL
         GROUP BY ct.theme_id",
        placeholders(1, theme_ids.len())
    );
    with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for id in theme_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })
}

#[derive(sqlx::FromRow)]
struct PublishedRow {
    draft_id: i64,
    title: String,
    revision: i64,
    published_at: i64,
    outcome_published: bool,
}

/// The proposals published for an item, newest first, with the
/// institutions that signed off each published revision.
pub async fn published_drafts(
    db: &Db,
    item_id: i64,
) -> Result<Vec<super::PublishedDraft>, sqlx::Error> {
    let sql = "SELECT p.draft_id, d.title, p.revision, p.published_at,
                      EXISTS (SELECT 1 FROM analyses a WHERE a.draft_id = p.draft_id AND a.published_at IS NOT NULL)
                          AS outcome_published
               FROM proposals p JOIN drafts d ON d.id = p.draft_id JOIN threads t ON t.id = p.thread_id
               WHERE t.item_id = $1 ORDER BY p.published_at DESC";
    let signed = "SELECT s.draft_id, i.name FROM draft_sign_offs s
                  JOIN proposals p ON p.draft_id = s.draft_id AND p.revision = s.revision
                  JOIN threads t ON t.id = p.thread_id
                  JOIN institutions i ON i.id = s.institution_id
                  WHERE t.item_id = $1 ORDER BY i.name";
    let (rows, signed): (Vec<PublishedRow>, Vec<(i64, String)>) = with_db!(db, pool => (
        sqlx::query_as(sql).bind(item_id).fetch_all(pool).await?,
        sqlx::query_as(signed).bind(item_id).fetch_all(pool).await?,
    ));
    Ok(rows
        .into_iter()
        .map(|r| super::PublishedDraft {
            signed_off_by: signed
                .iter()
                .filter(|(d, _)| *d == r.draft_id)
                .map(|(_, n)| n.clone())
                .collect(),
            draft_id: r.draft_id,
            title: r.title,
            revision: r.revision,
            published_at: r.published_at,
            outcome_published: r.outcome_published,
        })
        .collect())
}
