//! Placing passage threads in a section's current text.
//!
//! The edits between an old version and the current text are worked out
//! once per old version (however many threads were quoted from it), all of
//! a section's placing runs off the async workers, and a page's placing has
//! a time budget: past it, the edits are worked out more coarsely.

use super::anchor::{self, HtmlText, Located, Mapping, Searched};
use super::store::ThreadRow;
use super::{PassageSummary, Place};
use crate::db::Db;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The time a page may spend working out where its passages are.
const BUDGET: Duration = Duration::from_millis(1_500);

/// The text of section versions, read and rendered once each.
pub struct Texts<'a> {
    db: &'a Db,
    draft_id: i64,
    cache: HashMap<i64, String>,
    deadline: Instant,
}

impl<'a> Texts<'a> {
    pub fn new(db: &'a Db, draft_id: i64) -> Self {
        Texts {
            db,
            draft_id,
            cache: HashMap::new(),
            deadline: Instant::now() + BUDGET,
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

/// Where each thread is in `current` (the text of its section now; `None`
/// when the section is gone): its place, range, and what the passage reads
/// now if it changed. One answer per thread, in order.
pub async fn locate_all(
    texts: &mut Texts<'_>,
    threads: &[&ThreadRow],
    current: Option<&str>,
) -> Result<Vec<(Place, Option<(usize, usize)>, Option<String>)>, sqlx::Error> {
    let Some(current) = current else {
        return Ok(threads
            .iter()
            .map(|_| (Place::Orphaned, None, None))
            .collect());
    };
    // The old texts, read first (the database is async work).
    let mut olds: HashMap<i64, String> = HashMap::new();
    for thread in threads {
        if let std::collections::hash_map::Entry::Vacant(slot) = olds.entry(thread.version_id) {
            slot.insert(texts.of(thread.version_id).await?);
        }
    }
    let anchors: Vec<(i64, anchor::Anchor)> =
        threads.iter().map(|t| (t.version_id, t.anchor())).collect();
    let (current, deadline) = (current.to_owned(), texts.deadline);
    // Diffing is CPU work: off the async workers.
    let placed = tokio::task::spawn_blocking(move || {
        let searched = Searched::new(&current);
        let mappings: HashMap<i64, Mapping> = olds
            .iter()
            .map(|(version, old)| (*version, Mapping::between(old, &current, deadline)))
            .collect();
        anchors
            .iter()
            .map(|(version, anchor)| {
                let located = match mappings.get(version) {
                    Some(mapping) => anchor::locate(anchor, mapping, &searched),
                    None => Located::Orphaned,
                };
                match located {
                    Located::Exact { start, end } => (Place::Exact, Some((start, end)), None),
                    Located::Changed { start, end } => (
                        Place::Changed,
                        Some((start, end)),
                        Some(searched.excerpt((start, end))),
                    ),
                    Located::Orphaned => (Place::Orphaned, None, None),
                }
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_else(|_| {
        threads
            .iter()
            .map(|_| (Place::Orphaned, None, None))
            .collect()
    });
    Ok(placed)
}

/// Marks the open threads of one section in its HTML and lists them all.
pub async fn section(
    texts: &mut Texts<'_>,
    threads: &[&ThreadRow],
    body_html: &str,
) -> Result<(String, Vec<PassageSummary>), sqlx::Error> {
    let parsed = HtmlText::new(body_html);
    let placed = locate_all(texts, threads, Some(&parsed.text)).await?;
    let mut ranges = Vec::new();
    let mut list = Vec::new();
    for (thread, (place, range, now)) in threads.iter().zip(placed) {
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
