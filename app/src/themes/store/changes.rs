//! SQL that changes an analysis: themes made, renamed and merged, comments
//! tagged. Each change is one transaction with its audit entry.

use super::{covers, subject_key, Subject};
use crate::audit::Entry;
use crate::db::{placeholders, Db};
use crate::secrets::SecretKey;
use crate::with_db;

/// A theme as stored, with what its analysis is of.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ThemeRow {
    pub id: i64,
    pub analysis_id: i64,
    pub name: String,
    pub description: String,
    pub item_id: i64,
    /// The consultation analysed, if it is one.
    pub draft_id: Option<i64>,
}

impl ThemeRow {
    /// What the theme's analysis is of.
    pub fn scope(&self) -> crate::themes::Scope {
        crate::themes::Scope::of(self.item_id, self.draft_id)
    }
}

pub async fn theme(db: &Db, id: i64) -> Result<Option<ThemeRow>, sqlx::Error> {
    let sql = "SELECT th.id, th.analysis_id, th.name, th.description, a.item_id, a.draft_id
               FROM themes th JOIN analyses a ON a.id = th.analysis_id WHERE th.id = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)
}

/// The ids and names of an analysis's themes, by name.
pub async fn theme_names(db: &Db, analysis_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = "SELECT id, name FROM themes WHERE analysis_id = $1 ORDER BY name";
    with_db!(db, pool => sqlx::query_as(sql).bind(analysis_id).fetch_all(pool).await)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    Saved(i64),
    /// Another theme of the analysis has this name (case aside).
    NameTaken,
    /// Some of the comments are not in the analysis (or not the viewer's to see).
    NotInAnalysis,
}

/// Counts how many of `n` comments (bound from `$3` on) are in the
/// subject's analysis and visible (partner-only ones when `$2`).
fn in_analysis_sql(subject: &Subject, n: usize) -> String {
    format!(
        "SELECT COUNT(*) FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE {} AND c.deleted_at IS NULL AND (t.visibility = 'public' OR $2) AND c.id IN ({})",
        covers(subject),
        placeholders(3, n)
    )
}

/// A new theme: its name and description, and the comments it starts with
/// (a suggestion a person confirmed), which the viewer must be able to see.
pub struct NewTheme<'a> {
    pub draft_id: Option<i64>,
    pub name: &'a str,
    pub description: &'a str,
    pub comments: &'a [i64],
    pub partner: bool,
}

/// Adds a theme to the subject's analysis (starting the analysis if this
/// is its first theme), tagged on `new.comments`: all of it or nothing.
pub async fn create_theme(
    db: &Db,
    subject: &Subject,
    new: &NewTheme<'_>,
    key: &SecretKey,
    audit: &Entry,
) -> Result<Saved, sqlx::Error> {
    let now = audit.at;
    let (draft_id, name, description) = (new.draft_id, new.name, new.description);
    let count_sql = in_analysis_sql(subject, new.comments.len());
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        if !new.comments.is_empty() {
            let mut q = sqlx::query_scalar(&count_sql).bind(subject_key(subject)).bind(new.partner);
            for id in new.comments {
                q = q.bind(*id);
            }
            let found: i64 = q.fetch_one(&mut *tx).await?;
            if found != new.comments.len() as i64 {
                return Ok(Saved::NotInAnalysis);
            }
        }
        let existing: Option<i64> = match draft_id {
            Some(draft) => sqlx::query_scalar("SELECT id FROM analyses WHERE draft_id = $1")
                .bind(draft).fetch_optional(&mut *tx).await?,
            None => sqlx::query_scalar("SELECT id FROM analyses WHERE item_id = $1 AND draft_id IS NULL")
                .bind(subject.item_id).fetch_optional(&mut *tx).await?,
        };
        let analysis_id: i64 = match existing {
            Some(id) => id,
            None => sqlx::query_scalar(
                "INSERT INTO analyses (item_id, draft_id, created_at) VALUES ($1, $2, $3) RETURNING id")
                .bind(subject.item_id).bind(draft_id).bind(now).fetch_one(&mut *tx).await?,
        };
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM themes WHERE analysis_id = $1 AND LOWER(name) = LOWER($2)")
            .bind(analysis_id).bind(name).fetch_one(&mut *tx).await?;
        if taken > 0 {
            return Ok(Saved::NameTaken);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO themes (analysis_id, name, description, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
            .bind(analysis_id).bind(name).bind(description).bind(audit.actor_id).bind(now)
            .fetch_one(&mut *tx).await?;
        for comment in new.comments {
            sqlx::query("INSERT INTO comment_themes (theme_id, comment_id, tagged_by, tagged_at, comment_at)
                         VALUES ($1, $2, $3, $4, (SELECT created_at FROM comments WHERE id = $2))")
                .bind(id).bind(*comment).bind(audit.actor_id).bind(now).execute(&mut *tx).await?;
        }
        let entry = Entry { subject: format!("theme:{id}"), ..audit.clone() };
        crate::audit_append!(tx, key, &entry);
        tx.commit().await?;
        Ok(Saved::Saved(id))
    })
}

/// Renames a theme and rewrites its description.
pub async fn update_theme(
    db: &Db,
    theme: &ThemeRow,
    name: &str,
    description: &str,
    key: &SecretKey,
    audit: &Entry,
) -> Result<Saved, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM themes WHERE analysis_id = $1 AND LOWER(name) = LOWER($2) AND id <> $3")
            .bind(theme.analysis_id).bind(name).bind(theme.id).fetch_one(&mut *tx).await?;
        if taken > 0 {
            return Ok(Saved::NameTaken);
        }
        sqlx::query("UPDATE themes SET name = $1, description = $2, updated_at = $3 WHERE id = $4")
            .bind(name).bind(description).bind(audit.at).bind(theme.id).execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(Saved::Saved(theme.id))
    })
}

/// Merges `from` into `into` (a theme of the same analysis): `into` gains
/// every comment `from` grouped and its decisions, and `from` is gone. Returns how many
/// comments `into` gained.
pub async fn merge_themes(
    db: &Db,
    from: &ThemeRow,
    into: i64,
    key: &SecretKey,
    audit: &Entry,
) -> Result<u64, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let gained = sqlx::query(
            "INSERT INTO comment_themes (theme_id, comment_id, tagged_by, tagged_at, comment_at)
             SELECT $1, comment_id, tagged_by, tagged_at, comment_at FROM comment_themes WHERE theme_id = $2
             ON CONFLICT (theme_id, comment_id) DO NOTHING")
            .bind(into).bind(from.id).execute(&mut *tx).await?.rows_affected();
        sqlx::query("UPDATE themes SET updated_at = $1 WHERE id = $2")
            .bind(audit.at).bind(into).execute(&mut *tx).await?;
        // Its decisions answer the merged theme now.
        sqlx::query("UPDATE decisions SET theme_id = $1 WHERE theme_id = $2")
            .bind(into).bind(from.id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM themes WHERE id = $1").bind(from.id).execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(gained)
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Tagged {
    /// How many tags were added or taken off.
    Changed(u64),
    /// Some of the comments are not in the analysis (or not the viewer's to see).
    NotInAnalysis,
}

/// Adds `theme` to the comments, or takes it off them: all of them or none.
#[allow(clippy::too_many_arguments)]
pub async fn tag(
    db: &Db,
    subject: &Subject,
    partner: bool,
    theme: i64,
    comments: &[i64],
    add: bool,
    key: &SecretKey,
    audit: &Entry,
) -> Result<Tagged, sqlx::Error> {
    let count_sql = in_analysis_sql(subject, comments.len());
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut q = sqlx::query_scalar(&count_sql).bind(subject_key(subject)).bind(partner);
        for id in comments {
            q = q.bind(*id);
        }
        let found: i64 = q.fetch_one(&mut *tx).await?;
        if found != comments.len() as i64 {
            return Ok(Tagged::NotInAnalysis);
        }
        let mut changed = 0;
        for id in comments {
            let done = if add {
                sqlx::query(
                    "INSERT INTO comment_themes (theme_id, comment_id, tagged_by, tagged_at, comment_at)
                     VALUES ($1, $2, $3, $4, (SELECT created_at FROM comments WHERE id = $2))
                     ON CONFLICT (theme_id, comment_id) DO NOTHING")
                    .bind(theme).bind(*id).bind(audit.actor_id).bind(audit.at).execute(&mut *tx).await?
            } else {
                sqlx::query("DELETE FROM comment_themes WHERE theme_id = $1 AND comment_id = $2")
                    .bind(theme).bind(*id).execute(&mut *tx).await?
            };
            changed += done.rows_affected();
        }
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(Tagged::Changed(changed))
    })
}

/// Sets which of its analysis's themes comment `comment_id` carries:
/// `themes` (a theme merged away meanwhile is skipped), and none of the
/// others. The comment must still be in the analysis and
/// visible; all of it or nothing.
#[allow(clippy::too_many_arguments)]
pub async fn set_comment_themes(
    db: &Db,
    subject: &Subject,
    partner: bool,
    comment_id: i64,
    themes: &[i64],
    key: &SecretKey,
    audit: &Entry,
) -> Result<Tagged, sqlx::Error> {
    let Some(analysis) = subject.analysis_id else {
        return Ok(Tagged::NotInAnalysis);
    };
    let count_sql = in_analysis_sql(subject, 1);
    let keep = if themes.is_empty() {
        String::new()
    } else {
        format!(" AND theme_id NOT IN ({})", placeholders(3, themes.len()))
    };
    let untag_sql = format!(
        "DELETE FROM comment_themes WHERE comment_id = $1
         AND theme_id IN (SELECT id FROM themes WHERE analysis_id = $2){keep}"
    );
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let found: i64 = sqlx::query_scalar(&count_sql)
            .bind(subject_key(subject)).bind(partner).bind(comment_id)
            .fetch_one(&mut *tx).await?;
        if found != 1 {
            return Ok(Tagged::NotInAnalysis);
        }
        let mut q = sqlx::query(&untag_sql).bind(comment_id).bind(analysis);
        for theme in themes {
            q = q.bind(*theme);
        }
        let mut changed = q.execute(&mut *tx).await?.rows_affected();
        for theme in themes {
            changed += sqlx::query(
                "INSERT INTO comment_themes (theme_id, comment_id, tagged_by, tagged_at, comment_at)
                 SELECT $1, $2, $3, $4, (SELECT created_at FROM comments WHERE id = $2)
                 WHERE EXISTS (SELECT 1 FROM themes WHERE id = $1 AND analysis_id = $5)
                 ON CONFLICT (theme_id, comment_id) DO NOTHING")
                .bind(*theme).bind(comment_id).bind(audit.actor_id).bind(audit.at).bind(analysis)
                .execute(&mut *tx).await?.rows_affected();
        }
        if changed > 0 {
            crate::audit_append!(tx, key, audit);
        }
        tx.commit().await?;
        Ok(Tagged::Changed(changed))
    })
}
