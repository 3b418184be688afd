//! Server functions of passage threads: readable by whoever may read the
//! draft's history; started and answered by them while the draft is not
//! published; resolved and reopened by the thread's starter or the draft's
//! owners.

use super::{PassageForm, PassageThread, StartThreadInput};
use crate::drafts::forms::NoteInput;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::place::{self, Texts};
    pub use super::super::store::{self, NewThread};
    pub use super::super::*;
    pub use crate::context::db;
    pub use crate::domain::anchor::{find_loosely, paragraphs, Anchor, HtmlText};
    pub use crate::domain::drafts::Visibility;
    pub use crate::domain::identity::Me;
    pub use crate::drafts::access::{history_readable, speaking_for};
    pub use crate::drafts::forms::note_field;
    pub use crate::drafts::store::Header;
    pub use crate::error::{AppError, Validation};
    pub use crate::forms;
    pub use crate::identity::session::{current_user, require_user};

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such comment thread, or you cannot see it.".into())
    }

    pub fn published() -> AppError {
        AppError::Forbidden("This draft is published: its partners' comments are closed.".into())
    }

    /// The draft, if `me` may start or answer threads on it.
    pub async fn open_for_comments(
        db: &crate::db::Db,
        me: &Me,
        draft_id: i64,
    ) -> Result<Header, AppError> {
        let header = history_readable(db, Some(me), draft_id).await?;
        if header.visibility == Visibility::Published {
            return Err(published());
        }
        Ok(header)
    }

    pub fn slice(chars: &[char], (s, e): (usize, usize)) -> String {
        chars[s..e].iter().collect()
    }

    /// Threads one person may have open on one draft.
    pub const MAX_THREADS_PER_PERSON: i64 = 100;
}

/// A section's paragraphs, to pick a passage from. `quote`, if given (a
/// reader's selection), picks the paragraph that holds it.
#[server(prefix = "/api", endpoint = "passage_form")]
pub async fn get_passage_form(
    draft_id: i64,
    section_id: i64,
    quote: Option<String>,
) -> Result<PassageForm, AppError> {
    use ssr::*;
    let me = require_user().await?;
    let db = db()?;
    let header = open_for_comments(&db, &me, draft_id).await?;
    let section = crate::drafts::store::sections_at(&db, draft_id, header.current_revision)
        .await?
        .into_iter()
        .find(|s| s.section_id == section_id)
        .ok_or_else(|| AppError::NotFound("This section is not in the draft any more.".into()))?;
    let chars: Vec<char> = HtmlText::new(&crate::markdown::render(&section.body))
        .text
        .chars()
        .collect();
    let ranges = paragraphs(&chars);
    // The paragraph the quote is in, if it is all inside one.
    let quote = quote
        .unwrap_or_default()
        .chars()
        .take(MAX_QUOTE)
        .collect::<String>();
    let chosen = find_loosely(&chars, 0, chars.len(), &quote)
        .and_then(|(start, end)| ranges.iter().position(|&(s, e)| s <= start && end <= e));
    Ok(PassageForm {
        draft_id,
        draft_title: header.title,
        section_id,
        heading: section.heading,
        version_id: section.version_id,
        paragraphs: ranges.iter().map(|&r| slice(&chars, r)).collect(),
        chosen,
        quote: if chosen.is_some() {
            quote
        } else {
            String::new()
        },
    })
}

/// Starts a thread on a passage: paragraph `paragraph` of version
/// `version_id` of the section, or the words `quote` within it.
#[server(prefix = "/api", endpoint = "start_passage_thread")]
pub async fn start_passage_thread(
    draft_id: i64,
    section_id: i64,
    version_id: i64,
    #[server(flatten)] form: StartThreadInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("passage-{section_id}"), &form, async {
        let me = require_user().await?;
        let db = db()?;
        let header = open_for_comments(&db, &me, draft_id).await?;
        let version =
            crate::drafts::change::version_of_section(&db, draft_id, section_id, version_id)
                .await?;
        // Passages are quoted from the text as it reads now.
        let current = crate::drafts::store::sections_at(&db, draft_id, header.current_revision)
            .await?
            .into_iter()
            .find(|s| s.section_id == section_id)
            .map(|s| s.version_id);
        if current != Some(version_id) {
            return Err(AppError::Refused(
                "This section changed while you were choosing the passage. Your comment is kept below: choose the paragraph again and post it."
                    .into(),
            ));
        }
        if store::open_threads_by(&db, draft_id, me.id).await? >= MAX_THREADS_PER_PERSON {
            return Err(AppError::Refused(
                "You have 100 open comment threads on this draft. Resolve some before starting more."
                    .into(),
            ));
        }
        let text = HtmlText::new(&crate::markdown::render(&version.body)).text;
        let chars: Vec<char> = text.chars().collect();
        let ranges = paragraphs(&chars);
        let mut v = Validation::new();
        let chosen = form
            .paragraph
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|p| ranges.get(p).copied());
        v.check(
            chosen.is_some(),
            "paragraph",
            "Choose the paragraph your comment is about.",
        );
        let quote = form.quote.trim();
        v.check(
            quote.chars().count() <= MAX_QUOTE,
            "quote",
            "The quote must be 1,000 characters or fewer.",
        );
        let range = match (chosen, quote.is_empty()) {
            (Some(range), true) => Some(range),
            (Some((s, e)), false) => {
                let found = find_loosely(&chars, s, e, quote);
                v.check(
                    found.is_some(),
                    "quote",
                    "That quote is not in the paragraph you chose. Copy the words exactly, or leave it empty to comment on the whole paragraph.",
                );
                found
            }
            (None, _) => None,
        };
        let body = note_field(&mut v, &form.body);
        v.finish()?;
        let (start, end) = range.unwrap_or_default();
        let anchor = Anchor::of(&text, start, end);
        let id = store::start(
            &db,
            &NewThread {
                draft_id,
                section_id,
                version_id,
                anchor: &anchor,
                author_id: me.id,
                institution_id: speaking_for(&me, &header),
                body: &body,
            },
        )
        .await?;
        tracing::info!(user_id = me.id, draft_id, thread_id = id, "passage thread started");
        Ok(format!("/drafts/{draft_id}/passages/{id}"))
    })
    .await
}

/// One passage thread: where its passage is now, and its comments.
#[server(prefix = "/api", endpoint = "passage_thread")]
pub async fn get_passage_thread(draft_id: i64, id: i64) -> Result<PassageThread, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let thread = store::thread(&db, draft_id, id)
        .await?
        .ok_or_else(not_found)?;
    let section = crate::drafts::store::sections_at(&db, draft_id, header.current_revision)
        .await?
        .into_iter()
        .find(|s| s.section_id == thread.section_id);
    let mut texts = Texts::new(&db, draft_id);
    let current = match &section {
        Some(s) => Some((s.version_id, texts.of(s.version_id).await?)),
        None => None,
    };
    let placed = place::locate_all(
        &mut texts,
        &[&thread],
        current.as_ref().map(|(v, text)| (*v, text.as_str())),
    )
    .await?
    .pop();
    let (place, now) = placed
        .map(|p| (p.place, p.now))
        .unwrap_or((Place::Orphaned, None));
    let open = header.visibility != Visibility::Published;
    let owner = crate::domain::drafts::access::can_edit(
        me.as_ref(),
        &header.owner_ids(),
        header.visibility,
    );
    Ok(PassageThread {
        id,
        draft_id,
        draft_title: header.title,
        section_id: thread.section_id,
        heading: section.map(|s| s.heading),
        quote: thread.original_quote.clone(),
        place,
        now,
        resolved: thread.resolved_by.clone().zip(thread.resolved_at),
        comments: store::comments(&db, id).await?,
        can_comment: open && me.is_some(),
        can_resolve: open
            && (owner || me.as_ref().is_some_and(|m| Some(m.id) == thread.created_by)),
    })
}

/// Answers a passage thread.
#[server(prefix = "/api", endpoint = "reply_to_passage")]
pub async fn reply_to_passage(
    draft_id: i64,
    thread_id: i64,
    #[server(flatten)] form: NoteInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("passage-reply-{thread_id}"), &form, async {
        let me = require_user().await?;
        let db = db()?;
        let header = open_for_comments(&db, &me, draft_id).await?;
        store::thread(&db, draft_id, thread_id)
            .await?
            .ok_or_else(not_found)?;
        let body = form.check()?;
        if !store::reply(&db, thread_id, me.id, speaking_for(&me, &header), &body).await? {
            return Err(published());
        }
        Ok(format!("/drafts/{draft_id}/passages/{thread_id}"))
    })
    .await
}

/// Resolves (`resolve` = "yes") or reopens a thread. Its starter or the
/// draft's owners.
#[server(prefix = "/api", endpoint = "resolve_passage")]
pub async fn resolve_passage(
    draft_id: i64,
    thread_id: i64,
    resolve: String,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("passage-resolve-{thread_id}"), &(), async {
        let me = require_user().await?;
        let db = db()?;
        let header = open_for_comments(&db, &me, draft_id).await?;
        let thread = store::thread(&db, draft_id, thread_id)
            .await?
            .ok_or_else(not_found)?;
        let owner = crate::domain::drafts::access::can_edit(
            Some(&me),
            &header.owner_ids(),
            header.visibility,
        );
        if !owner && thread.created_by != Some(me.id) {
            return Err(AppError::Forbidden(
                "Only whoever started the thread, or the draft's owners, can resolve or reopen it."
                    .into(),
            ));
        }
        let by = (resolve == "yes").then_some(me.id);
        if !store::set_resolved(&db, thread_id, by).await? {
            return Err(published());
        }
        Ok(format!("/drafts/{draft_id}/passages/{thread_id}"))
    })
    .await
}
