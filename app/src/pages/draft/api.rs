//! The draft page's server functions: the draft with everything its page
//! shows, and its consultation's comments. Each checks first that the
//! viewer may read the draft.

use super::Draft;
#[cfg(feature = "ssr")]
use super::Section;
use crate::discussion::ThreadPage;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    crate::context::db,
    crate::db::Db,
    crate::domain::drafts::access::{
        can_edit, can_see_history, is_lead_of, may_answer_invitation, may_publish,
    },
    crate::domain::drafts::Visibility,
    crate::domain::identity::Me,
    crate::drafts::access::readable,
    crate::drafts::store::Header,
    crate::drafts::store::{self, SectionRow},
    crate::drafts::{invitations, sign_offs},
    crate::drafts::{Invitation, Owner},
    crate::identity::session::current_user,
};

/// One draft at its current revision, if the viewer may read it.
#[server(prefix = "/api", endpoint = "draft")]
pub async fn get_draft(id: i64) -> Result<Draft, AppError> {
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
    // Who wrote the latest revision, and their note, are the drafters' own:
    // a published draft shows the public only what was signed off.
    let last_change = if can_see_history {
        store::revision(&db, id, header.current_revision).await?
    } else {
        None
    };
    let mut sign_offs = sign_offs::sign_offs(&db, id).await?;
    if !can_see_history {
        // The public sees the sign-offs of the published revision only.
        sign_offs.retain(|s| s.revision == header.current_revision);
    }
    let signed_now = sign_offs::signed_institutions(&db, id, header.current_revision).await?;
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
        crate::roadmap::store::item_titles(&db).await?
    } else {
        Vec::new()
    };
    let publication = if published {
        crate::consultations::store::publication(&db, id).await?
    } else {
        None
    };
    let can_edit = can_edit(me.as_ref(), &owner_ids, header.visibility);
    let (invitations, invited, invitable) = match me.as_ref().filter(|_| !published) {
        Some(me) => co_ownership(&db, me, &header, can_see_history, can_edit).await?,
        None => Default::default(),
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
        can_edit,
        invitations,
        invited,
        invitable,
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

/// What the draft page shows `me` of co-ownership: the invitations (if `me`
/// may see the history, or is invited), `me`'s own waiting invitation and
/// whether they may answer it, and whom they may invite (editors).
#[cfg(feature = "ssr")]
async fn co_ownership(
    db: &Db,
    me: &Me,
    header: &Header,
    can_see_history: bool,
    can_edit: bool,
) -> Result<(Vec<Invitation>, Option<(Owner, bool)>, Vec<Owner>), AppError> {
    let invitations = invitations::list(db, header.id).await?;
    let invited = invitations
        .iter()
        .filter(|n| n.declined_at.is_none())
        .find(|n| {
            me.memberships
                .iter()
                .any(|m| m.institution_id == n.institution.id)
        })
        .map(|n| {
            let lead = may_answer_invitation(me, n.institution.id, header.visibility);
            (n.institution.clone(), lead)
        });
    let invitable = if can_edit {
        invitations::invitable(db, &header.owners, &invitations).await?
    } else {
        Vec::new()
    };
    let shown = if can_see_history || invited.is_some() {
        invitations
    } else {
        Vec::new()
    };
    Ok((shown, invited, invitable))
}

/// The sections, rendered, with their passage threads placed and marked
/// when the viewer may see them.
#[cfg(feature = "ssr")]
async fn with_passages(
    db: &Db,
    draft_id: i64,
    sections: Vec<SectionRow>,
    show: bool,
) -> Result<Vec<Section>, AppError> {
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
        out.push(Section {
            id: s.section_id,
            version_id: s.version_id,
            heading: s.heading,
            body_html,
            passages,
        });
    }
    Ok(out)
}

/// A page of a published draft's public comments; `None` before it is
/// published. Anyone who may read the draft.
#[server(prefix = "/api", endpoint = "consultation_thread")]
pub async fn get_consultation_thread(
    draft_id: i64,
    before: Option<i64>,
) -> Result<Option<ThreadPage>, AppError> {
    let me = current_user().await?;
    let db = db()?;
    readable(&db, me.as_ref(), draft_id).await?;
    match crate::consultations::store::publication(&db, draft_id).await? {
        Some(publication) => {
            crate::discussion::threads::load_thread_page(publication.thread_id, before)
                .await
                .map(Some)
        }
        None => Ok(None),
    }
}
