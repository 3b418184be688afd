//! A new revision of a draft: a change to its sections (edit, add, remove,
//! move, restore) applied all or nothing, merged first when it was made
//! from an older version of its section (`premerge`), with what else it
//! records in the same transaction (an accepted suggestion).

use super::premerge::{premerge, Premerged, SectionMerge};
use super::RevisionKind;
use crate::db::{now_ms, Db};
use crate::with_db;

/// A change to a draft's sections.
pub enum Operation<'a> {
    /// New text for a section, written from version `base`.
    Edit {
        section_id: i64,
        base_version: i64,
        heading: &'a str,
        body: &'a str,
    },
    /// A new section at the end.
    Add {
        heading: &'a str,
        body: &'a str,
    },
    Remove {
        section_id: i64,
    },
    Move {
        section_id: i64,
        up: bool,
    },
    /// The sections of an earlier revision, as a new revision.
    Restore {
        number: i64,
    },
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Saved {
        revision: i64,
        kind: RevisionKind,
    },
    /// Nothing to change (the same text, a move past the end, …).
    Unchanged,
    /// The section changed since `base` in the same words: not saved.
    Conflict {
        current_version: i64,
    },
    /// The section changed since `base`, and the two texts are too
    /// different to merge in the time allowed: not saved.
    TooDifferent {
        current_version: i64,
    },
    /// The section is not in the current revision (removed meanwhile).
    SectionGone,
    /// A draft keeps at least one section.
    LastSection,
    TooManySections,
    NoSuchRevision,
    /// No such draft, or it is published (frozen).
    NotEditable,
    /// The suggestion being accepted was decided or withdrawn meanwhile.
    SuggestionDecided,
}

/// What else a change records, in the same transaction.
pub enum Followup<'a> {
    /// The change applies an open suggestion: it is marked accepted (with
    /// the revision, if the change made one) and the acceptance audited.
    AcceptSuggestion {
        id: i64,
        key: &'a crate::secrets::SecretKey,
        audit: &'a crate::audit::Entry,
    },
}

/// Runs a followup in transaction `$tx`; evaluates to whether it held.
macro_rules! run_followup {
    ($tx:expr, $followup:expr, $revision:expr) => {{
        match $followup {
            Followup::AcceptSuggestion { id, key, audit } => {
                let updated = sqlx::query(
                    "UPDATE suggestions SET status = 'accepted', decided_by = $1, decided_at = $2, applied_revision = $3
                     WHERE id = $4 AND status = 'open'")
                    .bind(audit.actor_id).bind(audit.at).bind($revision).bind(*id)
                    .execute(&mut *$tx).await?.rows_affected();
                if updated == 1 {
                    // The entry names the revision the acceptance made.
                    let mut entry: crate::audit::Entry = (*audit).clone();
                    if let Some(detail) = entry.detail.as_object_mut() {
                        detail.insert("revision".into(), serde_json::json!($revision));
                    }
                    crate::audit_append!($tx, *key, &entry);
                }
                updated == 1
            }
        }
    }};
}

/// Who is making a change.
pub struct Author<'a> {
    pub user_id: i64,
    pub institution_id: i64,
    pub message: Option<&'a str>,
}

/// Applies a change as a new revision, all or nothing. Changes of one draft
/// take turns: the first statement updates the draft's row, which holds
/// other writers back until this one commits, so `current_revision` read
/// next is the latest.
pub async fn apply(
    db: &Db,
    draft_id: i64,
    author: &Author<'_>,
    op: &Operation<'_>,
) -> Result<Outcome, sqlx::Error> {
    apply_with(db, draft_id, author, op, None).await
}

/// As [`apply`], with `followup` recorded in the same transaction; if it
/// does not hold, nothing is saved.
///
/// An edit from an older version of its section is merged before the
/// transaction (`premerge`); if someone saves the section again meanwhile,
/// it is merged again, [`MERGE_ATTEMPTS`] times at most.
pub async fn apply_with(
    db: &Db,
    draft_id: i64,
    author: &Author<'_>,
    op: &Operation<'_>,
    followup: Option<&Followup<'_>>,
) -> Result<Outcome, sqlx::Error> {
    let mut premerged = None;
    for _ in 0..MERGE_ATTEMPTS {
        if let Operation::Edit {
            section_id,
            base_version,
            heading,
            body,
        } = op
        {
            premerged = premerge(db, draft_id, *section_id, *base_version, heading, body).await?;
        }
        if let Some(outcome) =
            apply_once(db, draft_id, author, op, followup, premerged.as_ref()).await?
        {
            if matches!(outcome, Outcome::Saved { .. }) {
                super::live::announce(db, draft_id).await;
            }
            return Ok(outcome);
        }
    }
    // Saved over each time: too busy a section to merge into now.
    Ok(Outcome::Conflict {
        current_version: premerged.map(|p| p.against).unwrap_or_default(),
    })
}

/// How often an edit is merged again when the section keeps changing.
const MERGE_ATTEMPTS: usize = 3;

/// One attempt of [`apply_with`]: `None` when the section moved on since
/// `premerged` was merged.
async fn apply_once(
    db: &Db,
    draft_id: i64,
    author: &Author<'_>,
    op: &Operation<'_>,
    followup: Option<&Followup<'_>>,
    premerged: Option<&Premerged>,
) -> Result<Option<Outcome>, sqlx::Error> {
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let current: Option<i64> = sqlx::query_scalar(
            "UPDATE drafts SET updated_at = $1 WHERE id = $2 AND visibility <> 'published' RETURNING current_revision")
            .bind(now).bind(draft_id).fetch_optional(&mut *tx).await?;
        let Some(current) = current else {
            return Ok(Some(Outcome::NotEditable));
        };
        let mut rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT section_id, version_id FROM revision_sections WHERE draft_id = $1 AND number = $2 ORDER BY position")
            .bind(draft_id).bind(current).fetch_all(&mut *tx).await?;

        // What the new revision is: its kind, the section it changed, and a
        // new version to write (section, heading, body), if any. A move or
        // removal names the section's version at the time instead.
        let mut concerned_version: Option<i64> = None;
        let (kind, changed_section, new_text): (RevisionKind, Option<i64>, Option<(i64, String, String)>) = match op {
            Operation::Edit { section_id, base_version, heading, body } => {
                let Some(position) = rows.iter().position(|(s, _)| s == section_id) else {
                    return Ok(Some(Outcome::SectionGone));
                };
                let current_version = rows[position].1;
                let (theirs_heading, theirs_body): (String, String) = sqlx::query_as(
                    "SELECT heading, body FROM section_versions WHERE id = $1")
                    .bind(current_version).fetch_one(&mut *tx).await?;
                let (kind, heading, body) = if current_version == *base_version {
                    (RevisionKind::Edited, heading.to_string(), body.to_string())
                } else {
                    match premerged {
                        Some(p) if p.against == current_version => match &p.result {
                            SectionMerge::Clean { heading, body } => (RevisionKind::Merged, heading.clone(), body.clone()),
                            SectionMerge::Conflict => return Ok(Some(Outcome::Conflict { current_version })),
                            SectionMerge::TooDifferent => return Ok(Some(Outcome::TooDifferent { current_version })),
                        },
                        // Saved again since the merge: merge again.
                        _ => return Ok(None),
                    }
                };
                if heading == theirs_heading && body == theirs_body {
                    // Nothing to write; an accepted suggestion is still accepted.
                    if let Some(followup) = followup {
                        if !run_followup!(tx, followup, None::<i64>) {
                            return Ok(Some(Outcome::SuggestionDecided));
                        }
                        tx.commit().await?;
                    }
                    return Ok(Some(Outcome::Unchanged));
                }
                (kind, Some(*section_id), Some((*section_id, heading, body)))
            }
            Operation::Add { heading, body } => {
                if rows.len() >= super::MAX_SECTIONS {
                    return Ok(Some(Outcome::TooManySections));
                }
                let section: i64 = sqlx::query_scalar(
                    "INSERT INTO draft_sections (draft_id, created_at) VALUES ($1, $2) RETURNING id")
                    .bind(draft_id).bind(now).fetch_one(&mut *tx).await?;
                (RevisionKind::Added, Some(section), Some((section, heading.to_string(), body.to_string())))
            }
            Operation::Remove { section_id } => {
                let Some(position) = rows.iter().position(|(s, _)| s == section_id) else {
                    return Ok(Some(Outcome::SectionGone));
                };
                if rows.len() == 1 {
                    return Ok(Some(Outcome::LastSection));
                }
                let (_, version) = rows.remove(position);
                concerned_version = Some(version);
                (RevisionKind::Removed, Some(*section_id), None)
            }
            Operation::Move { section_id, up } => {
                let Some(position) = rows.iter().position(|(s, _)| s == section_id) else {
                    return Ok(Some(Outcome::SectionGone));
                };
                let other = if *up { position.checked_sub(1) } else { Some(position + 1).filter(|p| *p < rows.len()) };
                let Some(other) = other else {
                    return Ok(Some(Outcome::Unchanged));
                };
                concerned_version = Some(rows[position].1);
                rows.swap(position, other);
                (RevisionKind::Moved, Some(*section_id), None)
            }
            Operation::Restore { number } => {
                let old: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT section_id, version_id FROM revision_sections WHERE draft_id = $1 AND number = $2 ORDER BY position")
                    .bind(draft_id).bind(number).fetch_all(&mut *tx).await?;
                if old.is_empty() {
                    return Ok(Some(Outcome::NoSuchRevision));
                }
                if old == rows {
                    return Ok(Some(Outcome::Unchanged));
                }
                rows = old;
                (RevisionKind::Restored, None, None)
            }
        };

        let mut version_id = concerned_version;
        if let Some((section, heading, body)) = new_text {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO section_versions (section_id, heading, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(section).bind(&heading).bind(&body).bind(now).fetch_one(&mut *tx).await?;
            match rows.iter_mut().find(|(s, _)| *s == section) {
                Some(row) => row.1 = id,
                None => rows.push((section, id)),
            }
            version_id = Some(id);
        }
        let number = current + 1;
        sqlx::query(
            "INSERT INTO draft_revisions (draft_id, number, author_id, institution_id, kind, section_id, version_id, message, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(draft_id).bind(number).bind(author.user_id).bind(author.institution_id).bind(kind.as_str())
            .bind(changed_section).bind(version_id).bind(author.message).bind(now)
            .execute(&mut *tx).await?;
        for (position, (section, version)) in rows.iter().enumerate() {
            sqlx::query("INSERT INTO revision_sections (draft_id, number, position, section_id, version_id) VALUES ($1, $2, $3, $4, $5)")
                .bind(draft_id).bind(number).bind(position as i64).bind(section).bind(version)
                .execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE drafts SET current_revision = $1 WHERE id = $2")
            .bind(number).bind(draft_id).execute(&mut *tx).await?;
        if let Some(followup) = followup {
            if !run_followup!(tx, followup, Some(number)) {
                return Ok(Some(Outcome::SuggestionDecided));
            }
        }
        tx.commit().await?;
        Ok(Some(Outcome::Saved { revision: number, kind }))
    })
}
