//! Server functions of drafts. Each checks first who is asking: reading
//! follows the draft's visibility (an unreadable draft is "not found", so
//! its existence is not given away); changing is for the people of its
//! owning institutions, until it is published.

// Forms post one argument per field (see roadmap/api.rs).
#![allow(clippy::too_many_arguments)]

use super::{Comparison, Draft, DraftSummary, History, NewDraftChoices, SectionText};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    pub use super::super::store::{self, Author, Header, Operation, Outcome};
    pub use super::super::*;
    pub use crate::auth::session::{current_user, require_user};
    pub use crate::auth::Me;
    pub use crate::context::db;
    pub use crate::error::{AppError, Validation};
    pub use crate::forms;

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such draft, or you cannot see it.".into())
    }

    /// The draft, if `me` may read it.
    pub async fn readable(
        db: &crate::db::Db,
        me: Option<&Me>,
        id: i64,
    ) -> Result<Header, AppError> {
        let header = store::header(db, id).await?.ok_or_else(not_found)?;
        if can_read(me, &header.owner_ids(), header.visibility) {
            Ok(header)
        } else {
            Err(not_found())
        }
    }

    /// The draft, if `me` may read its history: for a published draft, not
    /// the public, who see only the frozen revision.
    pub async fn history_readable(
        db: &crate::db::Db,
        me: Option<&Me>,
        id: i64,
    ) -> Result<Header, AppError> {
        let header = readable(db, me, id).await?;
        if can_see_history(
            me,
            &header.owner_ids(),
            header.visibility,
            header.published_from,
        ) {
            Ok(header)
        } else {
            Err(AppError::NotFound(
                "The history of a published proposal is for partners and policy makers.".into(),
            ))
        }
    }

    /// The institution `me` speaks for on this draft (in suggestions and
    /// passage threads): an owner of theirs, else their first institution
    /// (none for a policy maker).
    pub fn speaking_for(me: &Me, header: &Header) -> Option<i64> {
        owner_institution(me, &header.owner_ids())
            .or_else(|| me.memberships.first().map(|m| m.institution_id))
    }

    /// The draft and the owning institution `me` writes for, if `me` may edit it.
    pub async fn editable(db: &crate::db::Db, me: &Me, id: i64) -> Result<(Header, i64), AppError> {
        let header = readable(db, Some(me), id).await?;
        if header.visibility == Visibility::Published {
            return Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            ));
        }
        let institution = owner_institution(me, &header.owner_ids()).ok_or_else(|| {
            AppError::Forbidden(
                "Only the people of the institutions that own this draft can change it.".into(),
            )
        })?;
        Ok((header, institution))
    }

    /// A section of the draft's current revision, with the revision that wrote it.
    pub async fn current_section_text(
        db: &crate::db::Db,
        header: Header,
        section_id: i64,
    ) -> Result<SectionText, AppError> {
        let draft_id = header.id;
        let section = store::sections_at(db, draft_id, header.current_revision)
            .await?
            .into_iter()
            .find(|s| s.section_id == section_id)
            .ok_or_else(|| {
                AppError::NotFound("This section is not in the draft any more.".into())
            })?;
        Ok(SectionText {
            draft_id,
            draft_title: header.title,
            section_id,
            version_id: section.version_id,
            written_by: store::revision_of_version(db, draft_id, section.version_id).await?,
            heading: section.heading,
            body: section.body,
        })
    }

    /// Checks a section's heading and body; returns them trimmed.
    pub fn section_fields(v: &mut Validation, heading: &str, body: &str) -> (String, String) {
        let heading = heading.trim().to_owned();
        v.check(
            !heading.is_empty(),
            "heading",
            "Enter a heading for the section.",
        );
        v.check(
            heading.chars().count() <= MAX_HEADING,
            "heading",
            "The heading must be 200 characters or fewer.",
        );
        v.check(
            !heading.chars().any(char::is_control),
            "heading",
            "The heading must be one line, without control characters.",
        );
        let body = body.trim_end().replace("\r\n", "\n");
        v.check(
            body.chars().count() <= MAX_BODY,
            "body",
            "A section must be 50,000 characters or fewer. Split it into several sections.",
        );
        (heading, body)
    }

    pub fn message_field(v: &mut Validation, message: &str) -> Option<String> {
        let message = message.trim();
        v.check(
            message.chars().count() <= MAX_MESSAGE,
            "message",
            "The note must be 300 characters or fewer.",
        );
        (!message.is_empty()).then(|| message.to_owned())
    }

    /// The checked parts of a change to a section's text, and who makes it.
    pub struct SectionChange {
        pub me: Me,
        pub db: crate::db::Db,
        pub institution: i64,
        pub heading: String,
        pub body: String,
        pub message: Option<String>,
    }

    impl SectionChange {
        /// Checks the editor (first) and then the heading, body and note.
        pub async fn check(
            draft_id: i64,
            heading: &str,
            body: &str,
            message: &str,
        ) -> Result<Self, AppError> {
            let me = require_user().await?;
            let db = db()?;
            let (_, institution) = editable(&db, &me, draft_id).await?;
            let mut v = Validation::new();
            let (heading, body) = section_fields(&mut v, heading, body);
            let message = message_field(&mut v, message);
            v.finish()?;
            Ok(SectionChange {
                me,
                db,
                institution,
                heading,
                body,
                message,
            })
        }

        pub fn author(&self) -> Author<'_> {
            Author {
                user_id: self.me.id,
                institution_id: self.institution,
                message: self.message.as_deref(),
            }
        }
    }

    /// What an outcome means to the person who made the change.
    pub fn outcome_result(outcome: Outcome) -> Result<(), AppError> {
        match outcome {
            Outcome::Saved { .. } | Outcome::Unchanged => Ok(()),
            Outcome::Conflict { current_version } => Err(AppError::Conflict {
                message: "Someone changed the same words of this section while you were editing. \
                          Nothing was saved: compare their version with yours below, then save again."
                    .into(),
                current_version,
            }),
            Outcome::SectionGone => Err(AppError::Refused(
                "This section was removed from the draft meanwhile. Your text is still in the form: copy it into a new section if it is needed."
                    .into(),
            )),
            Outcome::LastSection => Err(AppError::Refused(
                "A draft needs at least one section.".into(),
            )),
            Outcome::TooManySections => Err(AppError::Refused(
                "A draft can have at most 200 sections.".into(),
            )),
            Outcome::NoSuchRevision => Err(AppError::NotFound("There is no such revision.".into())),
            Outcome::NotEditable => Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            )),
            Outcome::SuggestionDecided => Err(AppError::Refused(
                "This suggestion was accepted, rejected or withdrawn meanwhile.".into(),
            )),
        }
    }
}

/// The drafts the viewer may see. Anyone may call it (the public sees
/// published drafts only).
#[server(prefix = "/api", endpoint = "drafts")]
pub async fn get_drafts() -> Result<Vec<DraftSummary>, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let partner_or_policy = me
        .as_ref()
        .is_some_and(|m| m.is_partner() || m.has_role(crate::auth::GlobalRole::PolicyMaker));
    let institutions: Vec<i64> = me
        .iter()
        .flat_map(|m| m.memberships.iter().map(|x| x.institution_id))
        .collect();
    Ok(store::visible(&db()?, partner_or_policy, &institutions).await?)
}

/// One draft at its current revision, if the viewer may read it.
#[server(prefix = "/api", endpoint = "draft")]
pub async fn get_draft(id: i64) -> Result<Draft, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = readable(&db, me.as_ref(), id).await?;
    let owner_ids = header.owner_ids();
    let published = header.visibility == Visibility::Published;
    let can_see_history = can_see_history(
        me.as_ref(),
        &owner_ids,
        header.visibility,
        header.published_from,
    );
    let sections = store::sections_at(&db, id, header.current_revision).await?;
    let last_change = store::revision(&db, id, header.current_revision).await?;
    let mut sign_offs = store::sign_offs(&db, id).await?;
    if !can_see_history {
        // The public sees the sign-offs of the published revision only.
        sign_offs.retain(|s| s.revision == header.current_revision);
    }
    let signed_now = store::signed_institutions(&db, id, header.current_revision).await?;
    let sign_offs_needed = header.quorum.unwrap_or(header.owners.len() as i64);
    let can_sign_for = me.as_ref().filter(|_| !published).and_then(|me| {
        header
            .owners
            .iter()
            .find(|o| is_lead_of(me, o.id) && !signed_now.contains(&o.id))
            .cloned()
    });
    let can_publish = !published
        && signed_now.len() as i64 >= sign_offs_needed
        && me.as_ref().is_some_and(|m| may_publish(m, &owner_ids));
    let publish_items = if can_publish && header.item.is_none() {
        crate::roadmap::store::roadmap(&db)
            .await?
            .into_iter()
            .flat_map(|p| p.items.into_iter().map(|i| (i.id, i.title)))
            .collect()
    } else {
        Vec::new()
    };
    let publication = if published {
        crate::consultations::store::publication(&db, id).await?
    } else {
        None
    };
    let open_suggestions = if can_see_history {
        crate::suggestions::store::open_count(&db, id).await?
    } else {
        0
    };
    Ok(Draft {
        sign_offs,
        sign_offs_needed,
        can_sign_for,
        can_see_history,
        can_suggest: me.is_some() && !published,
        open_suggestions,
        can_publish,
        publish_items,
        publication,
        can_edit: can_edit(me.as_ref(), &owner_ids, header.visibility),
        id,
        title: header.title,
        item: header.item,
        visibility: header.visibility,
        quorum: header.quorum,
        revision: header.current_revision,
        last_change,
        sections: with_passages(&db, id, sections, can_see_history).await?,
        owners: header.owners,
    })
}

/// The sections, rendered, with their passage threads placed and marked
/// when the viewer may see them.
#[cfg(feature = "ssr")]
async fn with_passages(
    db: &crate::db::Db,
    draft_id: i64,
    sections: Vec<super::store::SectionRow>,
    show: bool,
) -> Result<Vec<super::Section>, AppError> {
    use crate::passages::place;
    let threads = if show {
        crate::passages::store::threads_of_draft(db, draft_id).await?
    } else {
        Vec::new()
    };
    let mut texts = place::Texts::new(db, draft_id);
    let mut out = Vec::with_capacity(sections.len());
    for s in sections {
        let html = crate::markdown::render(&s.body);
        let mine: Vec<_> = threads
            .iter()
            .filter(|t| t.section_id == s.section_id)
            .collect();
        let (body_html, passages) = if mine.is_empty() {
            (html, Vec::new())
        } else {
            place::section(&mut texts, &mine, s.version_id, &html).await?
        };
        out.push(super::Section {
            id: s.section_id,
            version_id: s.version_id,
            heading: s.heading,
            body_html,
            passages,
        });
    }
    Ok(out)
}

/// What the new-draft form offers. Partners only.
#[server(prefix = "/api", endpoint = "new_draft_choices")]
pub async fn get_new_draft_choices() -> Result<NewDraftChoices, AppError> {
    use ssr::*;
    let me = require_user().await?;
    if !me.is_partner() {
        return Err(AppError::Forbidden(
            "Drafts are written by partner institutions: sign in with your institution to start one.".into(),
        ));
    }
    let db = db()?;
    let items = crate::roadmap::store::roadmap(&db)
        .await?
        .into_iter()
        .flat_map(|p| p.items.into_iter().map(|i| (i.id, i.title)))
        .collect();
    let institutions = crate::institutions::store::list(&db)
        .await?
        .into_iter()
        .map(|i| Owner {
            id: i.id,
            name: i.name,
        })
        .collect();
    Ok(NewDraftChoices {
        items,
        institutions,
        mine: me.memberships.iter().map(|m| m.institution_id).collect(),
    })
}

/// Starts a draft with its first section. Partners only; one of the
/// owners must be the author's own institution.
#[server(prefix = "/api", endpoint = "create_draft")]
pub async fn create_draft(
    title: String,
    item_id: String,
    #[server(default)] owners: Vec<i64>,
    quorum: String,
    #[server(default)] quorum_count: String,
    heading: String,
    body: String,
) -> Result<(), AppError> {
    use ssr::*;
    let owners_text = owners
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let kept = [
        ("title", title.as_str()),
        ("item_id", item_id.as_str()),
        ("owners", owners_text.as_str()),
        ("quorum", quorum.as_str()),
        ("quorum_count", quorum_count.as_str()),
        ("heading", heading.as_str()),
        ("body", body.as_str()),
    ];
    let result = async {
        let me = require_user().await?;
        let choices = get_new_draft_choices().await?;
        let mut v = Validation::new();
        let title = title.trim();
        v.check(!title.is_empty(), "title", "Enter a title for the draft.");
        v.check(
            title.chars().count() <= MAX_TITLE,
            "title",
            "The title must be 200 characters or fewer.",
        );
        v.check(
            !title.chars().any(char::is_control),
            "title",
            "The title must be one line.",
        );
        let item_id = match item_id.trim() {
            "" => None,
            text => {
                let id = text
                    .parse::<i64>()
                    .ok()
                    .filter(|id| choices.items.iter().any(|(i, _)| i == id));
                v.check(
                    id.is_some(),
                    "item_id",
                    "Choose a roadmap item from the list.",
                );
                id
            }
        };
        let mut owners = owners.clone();
        owners.sort_unstable();
        owners.dedup();
        v.check(
            owners
                .iter()
                .all(|o| choices.institutions.iter().any(|i| i.id == *o)),
            "owners",
            "Choose owners from the list of partner institutions.",
        );
        let institution = owners.iter().copied().find(|o| choices.mine.contains(o));
        v.check(
            institution.is_some(),
            "owners",
            "Your own institution must be one of the owners.",
        );
        let quorum = match quorum.as_str() {
            "all" => None,
            "count" => {
                let n = quorum_count
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 1 && *n <= owners.len() as i64);
                v.check(
                    n.is_some(),
                    "quorum_count",
                    "Enter how many owners must sign off: a number from 1 to the number of owners.",
                );
                n
            }
            _ => {
                v.add("quorum", "Choose how many owners must sign off.");
                None
            }
        };
        let (heading, body) = section_fields(&mut v, &heading, &body);
        v.finish()?;
        let id = store::create(
            &db()?,
            &store::NewDraft {
                title,
                item_id,
                owners: &owners,
                quorum,
                author_id: me.id,
                institution_id: institution.unwrap_or_default(),
                first_heading: &heading,
                first_body: &body,
            },
        )
        .await?;
        tracing::info!(user_id = me.id, draft_id = id, "draft started");
        Ok(id)
    }
    .await;
    let id = forms::finish("new-draft", &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{id}"));
    Ok(())
}

/// A section's current text, for its edit form. The draft's editors only.
#[server(prefix = "/api", endpoint = "draft_section")]
pub async fn get_section(draft_id: i64, section_id: i64) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = require_user().await?;
    let db = db()?;
    let (header, _) = editable(&db, &me, draft_id).await?;
    current_section_text(&db, header, section_id).await
}

/// One version of a section (another writer's, when saving conflicted).
/// Anyone who may read the draft.
#[server(prefix = "/api", endpoint = "draft_section_version")]
pub async fn get_section_version(draft_id: i64, version_id: i64) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let version = store::version(&db, draft_id, version_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(SectionText {
        draft_id,
        draft_title: header.title,
        section_id: version.section_id,
        version_id,
        written_by: store::revision_of_version(&db, draft_id, version_id).await?,
        heading: version.heading,
        body: version.body,
    })
}

/// Saves a section's new text, written from version `base_version`. If the
/// section changed meanwhile, the two changes are merged; when they touch
/// the same words nothing is saved and the error names the other version.
/// The draft's editors only.
#[server(prefix = "/api", endpoint = "save_draft_section")]
pub async fn save_section(
    draft_id: i64,
    section_id: i64,
    base_version: i64,
    heading: String,
    body: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [
        ("heading", heading.as_str()),
        ("body", body.as_str()),
        ("message", message.as_str()),
    ];
    let result = async {
        let change = SectionChange::check(draft_id, &heading, &body, &message).await?;
        let edit = Operation::Edit {
            section_id,
            base_version,
            heading: &change.heading,
            body: &change.body,
        };
        let outcome = store::apply(&change.db, draft_id, &change.author(), &edit).await?;
        if let Outcome::Saved { revision, kind } = &outcome {
            tracing::info!(
                user_id = change.me.id,
                draft_id,
                section_id,
                revision,
                kind = kind.as_str(),
                "draft section saved"
            );
        }
        outcome_result(outcome)
    }
    .await;
    forms::finish(&format!("section-{section_id}"), &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}#section-{section_id}"));
    Ok(())
}

/// Adds a section at the end of the draft. The draft's editors only.
#[server(prefix = "/api", endpoint = "add_draft_section")]
pub async fn add_section(
    draft_id: i64,
    heading: String,
    body: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [
        ("heading", heading.as_str()),
        ("body", body.as_str()),
        ("message", message.as_str()),
    ];
    let result = async {
        let change = SectionChange::check(draft_id, &heading, &body, &message).await?;
        let add = Operation::Add {
            heading: &change.heading,
            body: &change.body,
        };
        outcome_result(store::apply(&change.db, draft_id, &change.author(), &add).await?)
    }
    .await;
    forms::finish("add-section", &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}"));
    Ok(())
}

/// Moves a section up or down, or removes it. The draft's editors only.
#[server(prefix = "/api", endpoint = "arrange_draft_section")]
pub async fn arrange_section(
    draft_id: i64,
    section_id: i64,
    action: String,
) -> Result<(), AppError> {
    use ssr::*;
    let result = async {
        let me = require_user().await?;
        let db = db()?;
        let (_, institution) = editable(&db, &me, draft_id).await?;
        let op = match action.as_str() {
            "up" => Operation::Move {
                section_id,
                up: true,
            },
            "down" => Operation::Move {
                section_id,
                up: false,
            },
            "remove" => Operation::Remove { section_id },
            _ => {
                return Err(AppError::Refused(
                    "Choose to move the section up or down, or to remove it.".into(),
                ))
            }
        };
        let author = Author {
            user_id: me.id,
            institution_id: institution,
            message: None,
        };
        outcome_result(store::apply(&db, draft_id, &author, &op).await?)
    }
    .await;
    forms::finish(&format!("arrange-{section_id}"), &[], result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}"));
    Ok(())
}

/// Opens a draft to all partners (or back to its owners). The draft's
/// editors only; publishing is a separate step.
#[server(prefix = "/api", endpoint = "draft_visibility")]
pub async fn set_visibility(draft_id: i64, visibility: String) -> Result<(), AppError> {
    use ssr::*;
    let result = async {
        let me = require_user().await?;
        let db = db()?;
        editable(&db, &me, draft_id).await?;
        let visibility = Visibility::parse(&visibility)
            .filter(|v| *v != Visibility::Published)
            .ok_or_else(|| AppError::invalid("visibility", "Choose who can read the draft."))?;
        if !store::set_visibility(&db, draft_id, visibility).await? {
            return Err(not_found());
        }
        tracing::info!(
            user_id = me.id,
            draft_id,
            visibility = visibility.as_str(),
            "draft visibility changed"
        );
        Ok(())
    }
    .await;
    forms::finish("visibility", &[], result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}"));
    Ok(())
}

/// Revisions, newest first, of the draft or of one section. Anyone who may
/// read the draft.
#[server(prefix = "/api", endpoint = "draft_history")]
pub async fn get_history(
    draft_id: i64,
    section_id: Option<i64>,
    before: Option<i64>,
) -> Result<History, AppError> {
    use ssr::*;
    const PAGE: i64 = 50;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let before = before.unwrap_or(header.current_revision + 1);
    let mut revisions = store::revisions(&db, draft_id, section_id, before, PAGE + 1).await?;
    let more_before = (revisions.len() as i64 > PAGE).then(|| {
        revisions.truncate(PAGE as usize);
        revisions.last().map(|r| r.number).unwrap_or_default()
    });
    let section = match section_id {
        Some(id) => {
            let current = store::sections_at(&db, draft_id, header.current_revision).await?;
            let heading = current
                .into_iter()
                .find(|s| s.section_id == id)
                .map(|s| s.heading)
                .or_else(|| revisions.iter().find_map(|r| r.section.clone()))
                .ok_or_else(not_found)?;
            Some((id, heading))
        }
        None => None,
    };
    Ok(History {
        can_edit: can_edit(me.as_ref(), &header.owner_ids(), header.visibility),
        draft_id,
        title: header.title,
        current: header.current_revision,
        section,
        revisions,
        more_before,
    })
}

/// Two revisions compared, section by section, word by word. Anyone who may
/// read the draft.
#[server(prefix = "/api", endpoint = "draft_compare")]
pub async fn compare(draft_id: i64, from: i64, to: i64) -> Result<Comparison, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let missing = || AppError::NotFound("There is no such revision.".into());
    let from_info = store::revision(&db, draft_id, from)
        .await?
        .ok_or_else(missing)?;
    let to_info = store::revision(&db, draft_id, to)
        .await?
        .ok_or_else(missing)?;
    let old = store::sections_at(&db, draft_id, from).await?;
    let new = store::sections_at(&db, draft_id, to).await?;
    // Diffing is CPU work: off the async workers, and within one second for
    // the whole comparison, however many sections differ.
    let sections = tokio::task::spawn_blocking(move || compare_sections(&old, &new))
        .await
        .map_err(|err| {
            tracing::error!(%err, "comparison failed");
            AppError::Internal
        })?;
    Ok(Comparison {
        draft_id,
        title: header.title,
        from: from_info,
        to: to_info,
        sections,
    })
}

/// Restores an earlier revision's sections as a new revision (nothing is
/// lost: the revisions between stay in the history). The draft's editors only.
#[server(prefix = "/api", endpoint = "restore_draft_revision")]
pub async fn restore_revision(draft_id: i64, number: i64) -> Result<(), AppError> {
    use ssr::*;
    let result = async {
        let me = require_user().await?;
        let db = db()?;
        let (_, institution) = editable(&db, &me, draft_id).await?;
        let message = format!("Restored revision {number}");
        let author = Author {
            user_id: me.id,
            institution_id: institution,
            message: Some(&message),
        };
        let outcome = store::apply(&db, draft_id, &author, &Operation::Restore { number }).await?;
        tracing::info!(
            user_id = me.id,
            draft_id,
            number,
            ?outcome,
            "draft revision restored"
        );
        outcome_result(outcome)
    }
    .await;
    forms::finish(&format!("restore-{number}"), &[], result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}"));
    Ok(())
}

/// Signs off the current revision for the signer's institution, with a
/// statement. Leads of the draft's owning institutions only; `revision` is
/// the one they read, and it must still be the current one.
#[server(prefix = "/api", endpoint = "sign_off_draft")]
pub async fn sign_off(
    draft_id: i64,
    #[server(default)] institution_id: Option<i64>,
    revision: i64,
    statement: String,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [("statement", statement.as_str())];
    let result = async {
        let me = require_user().await?;
        let db = db()?;
        let header = readable(&db, Some(&me), draft_id).await?;
        // The institution the form names (a lead of two owners chooses);
        // without one, the first owner the signer leads.
        let Some(institution) = header
            .owners
            .iter()
            .find(|o| is_lead_of(&me, o.id) && institution_id.is_none_or(|i| i == o.id))
        else {
            return Err(AppError::Forbidden(
                "Only a lead of an institution that owns this draft can sign it off.".into(),
            ));
        };
        let statement = statement.trim();
        let mut v = Validation::new();
        v.check(!statement.is_empty(), "statement", "Enter a short statement of what your institution signs off.");
        v.check(
            statement.chars().count() <= MAX_STATEMENT,
            "statement",
            "The statement must be 1,000 characters or fewer.",
        );
        v.finish()?;
        let audit = crate::audit::Entry {
            at: crate::db::now_ms(),
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution: Some(institution.name.clone()),
            action: "draft.sign_off",
            subject: format!("draft:{draft_id}"),
            detail: serde_json::json!({ "revision": revision, "statement": statement }),
        };
        match store::sign_off(&db, draft_id, institution.id, revision, statement, &crate::context::server_context()?.secret_key, &audit).await? {
            store::SignOffOutcome::Signed => {
                tracing::info!(user_id = me.id, draft_id, revision, institution = institution.id, "draft signed off");
                Ok(())
            }
            store::SignOffOutcome::NotCurrent => Err(AppError::Refused(
                "The draft changed after you opened it, so your sign-off was not recorded. Read the latest revision, then sign it off."
                    .into(),
            )),
            store::SignOffOutcome::AlreadySigned => Err(AppError::Refused(format!(
                "{} has already signed off this revision.",
                institution.name
            ))),
            store::SignOffOutcome::NotEditable => Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            )),
        }
    }
    .await;
    forms::finish("sign-off", &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}#sign-off"));
    Ok(())
}

/// How each section differs between two revisions, word by word.
#[cfg(feature = "ssr")]
fn compare_sections(
    old: &[super::store::SectionRow],
    new: &[super::store::SectionRow],
) -> Vec<super::SectionComparison> {
    use super::store::SectionRow;
    use super::SectionComparison;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    // The sections in the newer order, then those only the older one had.
    let mut order: Vec<i64> = new.iter().map(|s| s.section_id).collect();
    order.extend(
        old.iter()
            .map(|s| s.section_id)
            .filter(|id| !new.iter().any(|s| s.section_id == *id)),
    );
    order
        .into_iter()
        .map(|id| {
            let o = old.iter().find(|s| s.section_id == id);
            let n = new.iter().find(|s| s.section_id == id);
            let text = |s: Option<&SectionRow>| s.map(|s| s.body.clone()).unwrap_or_default();
            let heading = |s: Option<&SectionRow>| s.map(|s| s.heading.clone());
            let (old_body, new_body) = (text(o), text(n));
            SectionComparison {
                section_id: id,
                heading_diff: super::text::word_diff_until(
                    heading(o).as_deref().unwrap_or_default(),
                    heading(n).as_deref().unwrap_or_default(),
                    deadline,
                ),
                body_diff: if old_body == new_body {
                    Vec::new()
                } else {
                    super::text::word_diff_until(&old_body, &new_body, deadline)
                },
                old_heading: heading(o),
                new_heading: heading(n),
                old_body,
                new_body,
            }
        })
        .collect()
}
