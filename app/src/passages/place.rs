//! Placing passage threads in a section's current text.

use super::anchor::{self, HtmlText, Located};
use super::store::ThreadRow;
use super::{PassageSummary, Place};
use crate::db::Db;
use std::collections::HashMap;

/// The text of section versions, read and rendered once each.
pub struct Texts<'a> {
    db: &'a Db,
    draft_id: i64,
    cache: HashMap<i64, String>,
}

impl<'a> Texts<'a> {
    pub fn new(db: &'a Db, draft_id: i64) -> Self {
        Texts {
            db,
            draft_id,
            cache: HashMap::new(),
        }
    }

    /// The text (as readers see it) of a version of one of the draft's sections.
    pub async fn of(&mut self, version_id: i64) -> Result<String, sqlx::Error> {
        if let Some(text) = self.cache.get(&version_id) {
            return Ok(text.clone());
        }
        let body = crate::drafts::store::version(self.db, self.draft_id, version_id)
            .await?
            .map(|v| v.body)
            .unwrap_or_default();
        let text = HtmlText::new(&crate::markdown::render(&body)).text;
        self.cache.insert(version_id, text.clone());
        Ok(text)
    }
}

/// Where a thread is in `current`, the text of its section now (`None`
/// when the section is gone): its place, character range, and what the
/// passage reads now if it changed.
pub async fn locate(
    texts: &mut Texts<'_>,
    thread: &ThreadRow,
    current: Option<&str>,
) -> Result<(Place, Option<(usize, usize)>, Option<String>), sqlx::Error> {
    let Some(current) = current else {
        return Ok((Place::Orphaned, None, None));
    };
    let old = texts.of(thread.version_id).await?;
    let (current_owned, anchor) = (current.to_owned(), thread.anchor());
    // Diffing is CPU work: off the async workers.
    let located =
        tokio::task::spawn_blocking(move || anchor::locate(&anchor, &old, &current_owned))
            .await
            .unwrap_or(Located::Orphaned);
    let excerpt = |(s, e): (usize, usize)| current.chars().skip(s).take(e - s).collect::<String>();
    Ok(match located {
        Located::Exact { start, end } => (Place::Exact, Some((start, end)), None),
        Located::Changed { start, end } => (
            Place::Changed,
            Some((start, end)),
            Some(excerpt((start, end))),
        ),
        Located::Orphaned => (Place::Orphaned, None, None),
    })
}

/// Marks the open threads of one section in its HTML and lists them all.
pub async fn section(
    texts: &mut Texts<'_>,
    threads: &[&ThreadRow],
    body_html: &str,
) -> Result<(String, Vec<PassageSummary>), sqlx::Error> {
    let parsed = HtmlText::new(body_html);
    let mut ranges = Vec::new();
    let mut list = Vec::new();
    for thread in threads {
        let (place, range, now) = locate(texts, thread, Some(&parsed.text)).await?;
        let resolved = thread.resolved_at.is_some();
        if let (Some((s, e)), false) = (range, resolved) {
            ranges.push((s, e, thread.id));
        }
        list.push(PassageSummary {
            id: thread.id,
            quote: thread.quote.clone(),
            place,
            now,
            comment_count: thread.comment_count,
            resolved,
        });
    }
    Ok((anchor::highlight(body_html, &parsed, &ranges), list))
}
