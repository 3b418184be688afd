//! Merging an edit made from an older version of a section, before the
//! edit's transaction: the texts are read, merged off the async workers
//! within [`MERGE_TIME`], and only then does the transaction begin (which
//! checks that the section is still at the version merged against). A pair
//! of texts that takes long to merge so never holds a write lock.

use crate::db::Db;
use crate::domain::drafts::text::{self, Merged};
use crate::with_db;
use std::time::{Duration, Instant};

/// The longest a merge may take before the texts count as too different.
pub const MERGE_TIME: Duration = Duration::from_millis(500);

/// A merge done ahead of the transaction, against version `against` of the
/// section (its latest when it was read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Premerged {
    pub against: i64,
    pub result: SectionMerge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionMerge {
    Clean { heading: String, body: String },
    Conflict,
    TooDifferent,
}

/// Merges `heading` and `body`, written from `base_version`, with the
/// section's latest version; `None` when there is nothing to merge (the
/// edit is from the latest version, or the section is gone, which the
/// transaction reports).
pub async fn premerge(
    db: &Db,
    draft_id: i64,
    section_id: i64,
    base_version: i64,
    heading: &str,
    body: &str,
) -> Result<Option<Premerged>, sqlx::Error> {
    let latest_sql = "SELECT v.id, v.heading, v.body
        FROM drafts d
        JOIN revision_sections rs ON rs.draft_id = d.id AND rs.number = d.current_revision
        JOIN section_versions v ON v.id = rs.version_id
        WHERE d.id = $1 AND rs.section_id = $2";
    let latest: Option<(i64, String, String)> = with_db!(db, pool => sqlx::query_as(latest_sql)
        .bind(draft_id).bind(section_id).fetch_optional(pool).await)?;
    let Some((against, theirs_heading, theirs_body)) = latest else {
        return Ok(None);
    };
    if against == base_version {
        return Ok(None);
    }
    let base_sql = "SELECT heading, body FROM section_versions WHERE id = $1 AND section_id = $2";
    let base: Option<(String, String)> = with_db!(db, pool => sqlx::query_as(base_sql)
        .bind(base_version).bind(section_id).fetch_optional(pool).await)?;
    let Some((base_heading, base_body)) = base else {
        // Not a version of this section: nothing to merge from.
        return Ok(Some(Premerged {
            against,
            result: SectionMerge::Conflict,
        }));
    };
    let (heading, body) = (heading.to_owned(), body.to_owned());
    let merging = tokio::task::spawn_blocking(move || {
        let deadline = Instant::now() + MERGE_TIME;
        let heading = text::merge_until(&base_heading, &heading, &theirs_heading, deadline);
        let body = text::merge_until(&base_body, &body, &theirs_body, deadline);
        match (heading, body) {
            (Merged::Clean(heading), Merged::Clean(body)) => SectionMerge::Clean { heading, body },
            (Merged::TooDifferent, _) | (_, Merged::TooDifferent) => SectionMerge::TooDifferent,
            _ => SectionMerge::Conflict,
        }
    });
    let result = merging.await.unwrap_or_else(|err| {
        tracing::error!(%err, draft_id, section_id, "merging failed");
        SectionMerge::TooDifferent
    });
    Ok(Some(Premerged { against, result }))
}
