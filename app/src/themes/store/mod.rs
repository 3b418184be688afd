//! SQL for analyses, themes and tags.
//!
//! Counts come from grouped queries over the tags and comments of one
//! analysis, never from loading its comments; the list pages with a cursor
//! over `comments (thread_id, id)`.

use super::forms::CheckedFilters;
use super::{AnalysedComment, AnalysisSummary, Group, GroupCounts, Scope, ThemeSummary, ThemeTag};
use crate::db::{placeholders, Db};
use crate::with_db;

/// What an analysis is of, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Subject {
    pub title: String,
    pub item_id: i64,
    pub item_title: String,
    /// A consultation's thread; `None` for an item's own discussion.
    pub thread_id: Option<i64>,
    pub closes_at: Option<i64>,
    pub analysis_id: Option<i64>,
}

/// A consultation (by its draft's id) as the subject of an analysis.
pub async fn consultation(db: &Db, draft_id: i64) -> Result<Option<Subject>, sqlx::Error> {
    let sql = "SELECT d.title, r.id AS item_id, r.title AS item_title, p.thread_id, p.closes_at,
                      a.id AS analysis_id
               FROM proposals p
               JOIN drafts d ON d.id = p.draft_id
               JOIN threads t ON t.id = p.thread_id
               JOIN roadmap_items r ON r.id = t.item_id
               LEFT JOIN analyses a ON a.draft_id = p.draft_id
               WHERE p.draft_id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).fetch_optional(pool).await)
}

/// A roadmap item's own discussion as the subject of an analysis.
pub async fn item(db: &Db, item_id: i64) -> Result<Option<Subject>, sqlx::Error> {
    let sql = "SELECT r.title, r.id AS item_id, r.title AS item_title,
                      CAST(NULL AS BIGINT) AS thread_id, CAST(NULL AS BIGINT) AS closes_at,
                      a.id AS analysis_id
               FROM roadmap_items r
               LEFT JOIN analyses a ON a.item_id = r.id AND a.draft_id IS NULL
               WHERE r.id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(item_id).fetch_optional(pool).await)
}

/// What the analysis of comment `comment_id` is of, if the comment is
/// there, not deleted, and visible to the viewer (partner-only when
/// `partner`): a consultation's, or else its item's own discussion.
pub async fn scope_of_comment(
    db: &Db,
    comment_id: i64,
    partner: bool,
) -> Result<Option<Scope>, sqlx::Error> {
    let sql = "SELECT t.item_id, p.draft_id
               FROM comments c
               JOIN threads t ON t.id = c.thread_id
               LEFT JOIN proposals p ON p.thread_id = t.id
               WHERE c.id = $1 AND c.deleted_at IS NULL AND (t.visibility = 'public' OR $2)";
    let row: Option<(i64, Option<i64>)> = with_db!(db, pool => sqlx::query_as(sql)
        .bind(comment_id).bind(partner).fetch_optional(pool).await)?;
    Ok(row.map(|(item, draft)| Scope::of(item, draft)))
}

/// The themes of analysis `analysis_id` that comment `comment_id` carries.
pub async fn themes_of_comment(
    db: &Db,
    analysis_id: i64,
    comment_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT ct.theme_id FROM comment_themes ct JOIN themes th ON th.id = ct.theme_id
               WHERE th.analysis_id = $1 AND ct.comment_id = $2 ORDER BY ct.theme_id";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(analysis_id).bind(comment_id).fetch_all(pool).await)
}

/// Which comments an analysis covers, as a condition on `c` (comments) and
/// `t` (their threads), with the subject bound as `$1`.
fn covers(subject: &Subject) -> &'static str {
    match subject.thread_id {
        Some(_) => "c.thread_id = $1",
        None => {
            "t.item_id = $1 AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.thread_id = t.id)"
        }
    }
}

fn subject_key(subject: &Subject) -> i64 {
    subject.thread_id.unwrap_or(subject.item_id)
}

/// The comments of the analysis the viewer may see, per stakeholder group,
/// and how many of them carry no theme yet.
pub async fn comment_counts(
    db: &Db,
    subject: &Subject,
    partner: bool,
) -> Result<(GroupCounts, i64), sqlx::Error> {
    let sql = format!(
        "SELECT c.badge, COUNT(*),
                SUM(CASE WHEN EXISTS (SELECT 1 FROM comment_themes ct JOIN themes th ON th.id = ct.theme_id
                                      WHERE ct.comment_id = c.id AND th.analysis_id = $3) THEN 0 ELSE 1 END)
         FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE {} AND c.deleted_at IS NULL AND (t.visibility = 'public' OR $2)
         GROUP BY c.badge",
        covers(subject)
    );
    let rows: Vec<(String, i64, Option<i64>)> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(subject_key(subject)).bind(partner).bind(subject.analysis_id.unwrap_or(0))
        .fetch_all(pool).await)?;
    let mut counts = GroupCounts::default();
    let mut untagged = 0;
    for (badge, n, without) in rows {
        if let Some(group) = Group::parse(&badge) {
            counts.add(group, n);
        }
        untagged += without.unwrap_or(0);
    }
    Ok((counts, untagged))
}

/// The analysis's themes with their comments per stakeholder group (only
/// comments the viewer may see are counted), most comments first.
pub async fn themes(
    db: &Db,
    analysis_id: i64,
    partner: bool,
) -> Result<Vec<ThemeSummary>, sqlx::Error> {
    let sql = "SELECT th.id, th.name, th.description, c.badge, COUNT(t.id)
               FROM themes th
               LEFT JOIN comment_themes ct ON ct.theme_id = th.id
               LEFT JOIN comments c ON c.id = ct.comment_id AND c.deleted_at IS NULL
               LEFT JOIN threads t ON t.id = c.thread_id AND (t.visibility = 'public' OR $2)
               WHERE th.analysis_id = $1
               GROUP BY th.id, th.name, th.description, c.badge";
    let rows: Vec<(i64, String, String, Option<String>, i64)> = with_db!(db, pool =>
        sqlx::query_as(sql).bind(analysis_id).bind(partner).fetch_all(pool).await)?;
    let mut themes: Vec<ThemeSummary> = Vec::new();
    for (id, name, description, badge, n) in rows {
        let at = match themes.iter().position(|t| t.id == id) {
            Some(at) => at,
            None => {
                themes.push(ThemeSummary {
                    id,
                    name,
                    description,
                    counts: GroupCounts::default(),
                });
                themes.len() - 1
            }
        };
        if let Some(group) = badge.as_deref().and_then(Group::parse) {
            themes[at].counts.add(group, n);
        }
    }
    themes.sort_by(|a, b| {
        b.counts
            .total()
            .cmp(&a.counts.total())
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(themes)
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    item_id: i64,
    thread_id: i64,
    thread_title: String,
    visibility: String,
    author: String,
    badge: String,
    institution: Option<String>,
    body: String,
    created_at: i64,
}

/// A page of the analysis's comments (replies too), newest first.
pub async fn comments(
    db: &Db,
    subject: &Subject,
    partner: bool,
    filter: &CheckedFilters,
    limit: i64,
) -> Result<Vec<AnalysedComment>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, t.item_id, c.thread_id, t.title AS thread_title, t.visibility,
                u.display_name AS author, c.badge, i.name AS institution, c.body, c.created_at
         FROM comments c
         JOIN threads t ON t.id = c.thread_id
         JOIN users u ON u.id = c.author_id
         LEFT JOIN institutions i ON i.id = c.badge_institution_id
         WHERE {} AND c.deleted_at IS NULL AND (t.visibility = 'public' OR $2)
           AND ($4 = 0 OR EXISTS (SELECT 1 FROM comment_themes ct WHERE ct.comment_id = c.id AND ct.theme_id = $4))
           AND (NOT $5 OR NOT EXISTS (SELECT 1 FROM comment_themes ct JOIN themes th ON th.id = ct.theme_id
                                      WHERE ct.comment_id = c.id AND th.analysis_id = $3))
           AND ($6 = '' OR c.badge = $6)
           AND c.created_at >= $7 AND c.created_at < $8 AND c.id < $9
         ORDER BY c.id DESC LIMIT $10",
        covers(subject)
    );
    let rows: Vec<ListedRow> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(subject_key(subject))
        .bind(partner)
        .bind(subject.analysis_id.unwrap_or(0))
        .bind(filter.theme.unwrap_or(0))
        .bind(filter.untagged)
        .bind(filter.group.map(Group::as_str).unwrap_or(""))
        .bind(filter.from.unwrap_or(i64::MIN))
        .bind(filter.to.unwrap_or(i64::MAX))
        .bind(filter.before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(pool).await)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let tags = tags_of(db, subject.analysis_id.unwrap_or(0), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let group = Group::parse(&r.badge).unwrap_or(Group::Public);
            let badge = match (group, r.institution) {
                (Group::Partner, Some(name)) => name,
                (group, _) => group.label().to_owned(),
            };
            AnalysedComment {
                id: r.id,
                item_id: r.item_id,
                thread_id: r.thread_id,
                thread_title: r.thread_title,
                partner_only: r.visibility != "public",
                author: r.author,
                group,
                badge,
                created_at: r.created_at,
                body_html: crate::markdown::render(&r.body),
                themes: tags
                    .iter()
                    .filter(|(c, _)| *c == r.id)
                    .map(|(_, t)| t.clone())
                    .collect(),
            }
        })
        .collect())
}

/// The themes of this analysis on each of `comment_ids`.
async fn tags_of(
    db: &Db,
    analysis_id: i64,
    comment_ids: &[i64],
) -> Result<Vec<(i64, ThemeTag)>, sqlx::Error> {
    if comment_ids.is_empty() || analysis_id == 0 {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT ct.comment_id, th.id, th.name FROM comment_themes ct JOIN themes th ON th.id = ct.theme_id
         WHERE th.analysis_id = $1 AND ct.comment_id IN ({}) ORDER BY th.name",
        placeholders(2, comment_ids.len())
    );
    let rows: Vec<(i64, i64, String)> = with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql).bind(analysis_id);
        for id in comment_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(c, id, name)| (c, ThemeTag { id, name }))
        .collect())
}

/// The newest `limit` comments of the analysis that no theme groups yet,
/// as written (for suggestions).
pub async fn untagged_texts(
    db: &Db,
    subject: &Subject,
    partner: bool,
    limit: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, c.body FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE {} AND c.deleted_at IS NULL AND (t.visibility = 'public' OR $2)
           AND NOT EXISTS (SELECT 1 FROM comment_themes ct JOIN themes th ON th.id = ct.theme_id
                           WHERE ct.comment_id = c.id AND th.analysis_id = $3)
         ORDER BY c.id DESC LIMIT $4",
        covers(subject)
    );
    with_db!(db, pool => sqlx::query_as(&sql)
        .bind(subject_key(subject)).bind(partner).bind(subject.analysis_id.unwrap_or(0)).bind(limit)
        .fetch_all(pool).await)
}

#[derive(sqlx::FromRow)]
struct AnalysisRow {
    id: i64,
    title: String,
    item_title: String,
    closes_at: Option<i64>,
    comment_count: i64,
    theme_count: i64,
}

/// Every consultation, newest first, then every roadmap item in roadmap
/// order, each with its comments (those the viewer may see) and themes.
pub async fn analyses(db: &Db, partner: bool) -> Result<Vec<AnalysisSummary>, sqlx::Error> {
    let consultations = "SELECT p.draft_id AS id, d.title, r.title AS item_title, p.closes_at,
                t.comment_count,
                (SELECT COUNT(*) FROM themes th JOIN analyses a ON a.id = th.analysis_id
                 WHERE a.draft_id = p.draft_id) AS theme_count
         FROM proposals p
         JOIN drafts d ON d.id = p.draft_id
         JOIN threads t ON t.id = p.thread_id
         JOIN roadmap_items r ON r.id = t.item_id
         ORDER BY p.published_at DESC LIMIT 500";
    let items = "SELECT r.id, r.title, r.title AS item_title, CAST(NULL AS BIGINT) AS closes_at,
                CAST(COALESCE((SELECT SUM(t.comment_count) FROM threads t
                               WHERE t.item_id = r.id AND (t.visibility = 'public' OR $1)
                                 AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.thread_id = t.id)), 0) AS BIGINT)
                    AS comment_count,
                (SELECT COUNT(*) FROM themes th JOIN analyses a ON a.id = th.analysis_id
                 WHERE a.item_id = r.id AND a.draft_id IS NULL) AS theme_count
         FROM roadmap_items r JOIN phases ph ON ph.id = r.phase_id
         ORDER BY ph.year, r.position";
    let (consultations, items): (Vec<AnalysisRow>, Vec<AnalysisRow>) = with_db!(db, pool => (
        sqlx::query_as(consultations).fetch_all(pool).await?,
        sqlx::query_as(items).bind(partner).fetch_all(pool).await?,
    ));
    let now = crate::db::now_ms();
    let summary = |scope: Scope, r: AnalysisRow| AnalysisSummary {
        scope,
        title: r.title,
        item_title: r.item_title,
        closes_at: r.closes_at,
        open: r.closes_at.is_some_and(|c| now < c),
        comment_count: r.comment_count,
        theme_count: r.theme_count,
    };
    Ok(consultations
        .into_iter()
        .map(|r| summary(Scope::Consultation(r.id), r))
        .chain(items.into_iter().map(|r| summary(Scope::Item(r.id), r)))
        .collect())
}

mod changes;
pub use changes::*;
