//! Placing passage threads in a section's current text.
//!
//! A thread found in a newer version than the one it is anchored to is
//! carried forward to it (its anchor rewritten to where it was found), so
//! each edit is followed once, by the first page that shows the new text;
//! every later page finds the passage word for word. The edits between an
//! old version and the current text are worked out once per old version,
//! off the async workers, within a time budget per page.

use super::store::{self, ThreadRow};
use super::{PassageSummary, Place};
use crate::db::Db;
use crate::domain::anchor::{self, Anchor, HtmlText, Located, Mapping, Searched};
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

/// Where a thread's passage is now.
pub struct Placed {
    pub place: Place,
    /// Its character range in the current text.
    pub range: Option<(usize, usize)>,
    /// What it reads now, when that is not what was first quoted.
    pub now: Option<String>,
}

/// Where each thread is in `current` (its section's current version and
/// text; `None` when the section is gone), one answer per thread, in
/// order. Threads found in a newer version are carried forward to it.
pub async fn locate_all(
    texts: &mut Texts<'_>,
    threads: &[&ThreadRow],
    current: Option<(i64, &str)>,
) -> Result<Vec<Placed>, sqlx::Error> {
    let orphaned = || Placed {
        place: Place::Orphaned,
        range: None,
        now: None,
    };
    let Some((current_version, current)) = current else {
        return Ok(threads.iter().map(|_| orphaned()).collect());
    };
    texts.cache.insert(current_version, current.to_owned());
    // Threads already looked for in this version and not found stay orphaned.
    let lost = |t: &ThreadRow| t.lost_in_version == Some(current_version);
    // The old texts, read first (the database is async work).
    let mut olds: HashMap<i64, String> = HashMap::new();
    for thread in threads.iter().filter(|t| !lost(t)) {
        if let std::collections::hash_map::Entry::Vacant(slot) = olds.entry(thread.version_id) {
            slot.insert(texts.of(thread.version_id).await?);
        }
    }
    let anchors: Vec<Option<(i64, Anchor, String)>> = threads
        .iter()
        .map(|t| (!lost(t)).then(|| (t.version_id, t.anchor(), t.original_quote.clone())))
        .collect();
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
            .map(|looked_for| {
                let (version, anchor, original) = looked_for.as_ref()?;
                let located = match mappings.get(version) {
                    Some(mapping) => anchor::locate(anchor, mapping, &searched),
                    None => Located::Orphaned,
                };
                let (start, end) = located.range()?;
                let words = searched.excerpt((start, end));
                let moved = (*version != current_version).then(|| searched.anchor(start, end));
                Some(((start, end), words != *original, words, moved))
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_else(|_| threads.iter().map(|_| None).collect());

    let mut out = Vec::with_capacity(threads.len());
    for (thread, found) in threads.iter().zip(placed) {
        let Some((range, changed, words, moved)) = found else {
            if !lost(thread) {
                if let Err(err) = store::mark_lost(texts.db, thread.id, current_version).await {
                    tracing::warn!(%err, thread_id = thread.id, "could not note a lost passage");
                }
            }
            out.push(orphaned());
            continue;
        };
        if let Some(anchor) = moved {
            let carried = store::carry_forward(
                texts.db,
                thread.id,
                thread.version_id,
                current_version,
                &anchor,
            )
            .await;
            if let Err(err) = carried {
                tracing::warn!(%err, thread_id = thread.id, "could not carry a passage anchor forward");
            }
        }
        out.push(Placed {
            place: if changed {
                Place::Changed
            } else {
                Place::Exact
            },
            range: Some(range),
            now: changed.then_some(words),
        });
    }
    Ok(out)
}

/// Marks the open threads of one section (its current version and HTML)
/// and lists them all.
pub async fn section(
    texts: &mut Texts<'_>,
    threads: &[&ThreadRow],
    version_id: i64,
    body_html: &str,
) -> Result<(String, Vec<PassageSummary>), sqlx::Error> {
    let parsed = HtmlText::new(body_html);
    let placed = locate_all(texts, threads, Some((version_id, &parsed.text))).await?;
    let mut ranges = Vec::new();
    let mut list = Vec::new();
    for (thread, placed) in threads.iter().zip(placed) {
        let resolved = thread.resolved_at.is_some();
        if let (Some((s, e)), false) = (placed.range, resolved) {
            ranges.push((s, e, thread.id));
        }
        list.push(PassageSummary {
            id: thread.id,
            quote: thread.original_quote.clone(),
            place: placed.place,
            now: placed.now,
            comment_count: thread.comment_count,
            resolved,
        });
    }
    Ok((anchor::highlight(body_html, &parsed, &ranges), list))
}
