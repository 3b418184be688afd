//! The dashboard's aggregate SQL. Every query groups and counts in the
//! database, filtered by a date range (epoch ms, end exclusive), an item id
//! (or 0) and a phase year (or 0).

use super::{OverdueAction, PhaseStatuses, ThemeCount, STATUSES};
use crate::db::Db;
use crate::domain::outcomes::{DecisionStatus, Group};
use crate::roadmap::Status;
use crate::with_db;

/// The filters as bound to every query.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub start: i64,
    pub end: i64,
    pub item: i64,
    pub year: i64,
}

/// Only the filtered item and phase (`r`, `ph`), bound at `$at` and `$at+1`.
fn items_at(at: usize) -> String {
    format!(
        "(${at} = 0 OR r.id = ${at}) AND (${n} = 0 OR ph.year = ${n})",
        n = at + 1
    )
}
/// A week's number: weeks start on Monday 00:00 UTC (the epoch was a Thursday).
pub const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;
pub const MONDAY_OFFSET_MS: i64 = 3 * 24 * 3600 * 1000;

/// Comments per (week, stakeholder group) in the range.
pub async fn participation(db: &Db, f: Range) -> Result<Vec<(i64, Group, i64)>, sqlx::Error> {
    // Without an item or phase, the index on (created_at, thread_id, badge)
    // answers alone.
    let sql = if f.item == 0 && f.year == 0 {
        "SELECT (c.created_at + 259200000) / 604800000 AS week, c.badge, COUNT(*)
         FROM comments c
         WHERE c.deleted_at IS NULL AND c.created_at >= $1 AND c.created_at < $2
         GROUP BY week, c.badge"
            .to_owned()
    } else {
        format!(
            "SELECT (c.created_at + 259200000) / 604800000 AS week, c.badge, COUNT(*)
             FROM comments c JOIN threads t ON t.id = c.thread_id
             JOIN roadmap_items r ON r.id = t.item_id JOIN phases ph ON ph.id = r.phase_id
             WHERE c.deleted_at IS NULL AND c.created_at >= $1 AND c.created_at < $2 AND {}
             GROUP BY week, c.badge",
            items_at(3)
        )
    };
    let rows: Vec<(i64, String, i64)> = with_db!(db, pool => {
        let q = sqlx::query_as(&sql).bind(f.start).bind(f.end);
        if f.item == 0 && f.year == 0 { q } else { q.bind(f.item).bind(f.year) }.fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(week, badge, n)| Some((week, Group::parse(&badge)?, n)))
        .collect())
}

/// Consultations open now (published by the range's end), and those that
/// closed within the range.
pub async fn consultations(db: &Db, f: Range, now: i64) -> Result<(i64, i64), sqlx::Error> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN p.closes_at > $5 AND p.published_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN p.closes_at <= $5 AND p.closes_at >= $1 AND p.closes_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM proposals p JOIN threads t ON t.id = p.thread_id
         JOIN roadmap_items r ON r.id = t.item_id JOIN phases ph ON ph.id = r.phase_id
         WHERE {}",
        items_at(3)
    );
    with_db!(db, pool => sqlx::query_as(&sql)
        .bind(f.start).bind(f.end).bind(f.item).bind(f.year).bind(now).fetch_one(pool).await)
}

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: i64,
    name: String,
    subject: String,
    comments: i64,
}

/// The themes grouping most comments written in the range: counted from
/// `comment_themes (comment_at, theme_id)` alone, then named.
pub async fn top_themes(db: &Db, f: Range, limit: i64) -> Result<Vec<ThemeCount>, sqlx::Error> {
    let sql = format!(
        "SELECT th.id, th.name, COALESCE(d.title, r.title) AS subject, x.n AS comments
         FROM (SELECT ct.theme_id, COUNT(*) AS n FROM comment_themes ct
               WHERE ct.comment_at >= $1 AND ct.comment_at < $2 GROUP BY ct.theme_id) x
         JOIN themes th ON th.id = x.theme_id
         JOIN analyses a ON a.id = th.analysis_id
         JOIN roadmap_items r ON r.id = a.item_id JOIN phases ph ON ph.id = r.phase_id
         LEFT JOIN drafts d ON d.id = a.draft_id
         WHERE {}
         ORDER BY comments DESC, th.name LIMIT $5",
        items_at(3)
    );
    let rows: Vec<ThemeRow> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(f.start).bind(f.end).bind(f.item).bind(f.year).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| ThemeCount {
            id: r.id,
            name: r.name,
            subject: r.subject,
            comments: r.comments,
        })
        .collect())
}

const DECISION_JOINS: &str = "FROM decisions d JOIN themes th ON th.id = d.theme_id
    JOIN analyses a ON a.id = th.analysis_id
    JOIN roadmap_items r ON r.id = a.item_id JOIN phases ph ON ph.id = r.phase_id";

/// Decisions per status (of analyses of the filtered items).
pub async fn decisions(db: &Db, f: Range) -> Result<Vec<(DecisionStatus, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT d.status, COUNT(*) {DECISION_JOINS}
         WHERE d.created_at < $1 AND {} GROUP BY d.status",
        items_at(2)
    );
    let rows: Vec<(String, i64)> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(f.end).bind(f.item).bind(f.year).fetch_all(pool).await)?;
    Ok(DecisionStatus::ALL
        .into_iter()
        .map(|s| {
            (
                s,
                rows.iter()
                    .find(|(r, _)| r == s.as_str())
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            )
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct OverdueRow {
    id: i64,
    theme_id: i64,
    decision: String,
    action_owner: String,
    due_on: String,
    status: String,
}

/// Actions due before `today` (YYYY-MM-DD) and not finished, oldest first.
pub async fn overdue(db: &Db, f: Range, today: &str) -> Result<Vec<OverdueAction>, sqlx::Error> {
    let sql = format!(
        "SELECT d.id, d.theme_id, d.decision, d.action_owner, d.due_on, d.status {DECISION_JOINS}
         WHERE d.status IN ('planned', 'in_progress') AND d.due_on < $1 AND {}
         ORDER BY d.due_on, d.id LIMIT 200",
        items_at(2)
    );
    let rows: Vec<OverdueRow> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(today).bind(f.item).bind(f.year).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| OverdueAction {
            decision_id: r.id,
            theme_id: r.theme_id,
            decision: r.decision,
            action_owner: r.action_owner,
            due_on: r.due_on,
            status: DecisionStatus::parse(&r.status).unwrap_or(DecisionStatus::Planned),
        })
        .collect())
}

/// Items per status in each phase (of the filtered items).
pub async fn items_by_status(db: &Db, f: Range) -> Result<Vec<PhaseStatuses>, sqlx::Error> {
    let sql = format!(
        "SELECT ph.year, ph.title, r.status, COUNT(*)
         FROM roadmap_items r JOIN phases ph ON ph.id = r.phase_id
         WHERE {}
         GROUP BY ph.year, ph.title, r.status ORDER BY ph.year",
        items_at(1)
    );
    let rows: Vec<(i32, String, String, i64)> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(f.item).bind(f.year).fetch_all(pool).await)?;
    let mut phases: Vec<PhaseStatuses> = Vec::new();
    for (year, title, status, n) in rows {
        if phases.last().is_none_or(|p| p.year != year) {
            phases.push(PhaseStatuses {
                year,
                title,
                counts: vec![0; STATUSES.len()],
            });
        }
        if let (Some(phase), Some(at)) = (
            phases.last_mut(),
            STATUSES
                .iter()
                .position(|s| Some(*s) == Status::parse(&status)),
        ) {
            phase.counts[at] += n;
        }
    }
    Ok(phases)
}
