//! A change to a draft's text: its fields checked, who makes it, and what
//! the outcome of applying it means to the person who made it.

use super::access::{editable, history_readable};
use super::forms::{CheckedSection, SectionInput};
use super::store::{self, Author, Header, Outcome};
use super::{not_found, SectionText};
use crate::context::db;
use crate::db::Db;
use crate::domain::identity::Me;
use crate::error::AppError;
use crate::identity::session::require_user;

/// A section of the draft's current revision, with the revision that wrote it.
pub async fn current_section_text(
    db: &Db,
    header: Header,
    section_id: i64,
) -> Result<SectionText, AppError> {
    let draft_id = header.id;
    let section = store::sections_at(db, draft_id, header.current_revision)
        .await?
        .into_iter()
        .find(|s| s.section_id == section_id)
        .ok_or_else(|| AppError::NotFound("This section is not in the draft any more.".into()))?;
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

/// Version `version_id` of section `section_id`, or "not in the draft" (for
/// a form that names the version it was written from).
pub async fn version_of_section(
    db: &Db,
    draft_id: i64,
    section_id: i64,
    version_id: i64,
) -> Result<store::SectionRow, AppError> {
    store::version(db, draft_id, version_id)
        .await?
        .filter(|v| v.section_id == section_id)
        .ok_or_else(|| AppError::NotFound("This section is not in the draft.".into()))
}

/// One version of a section (another writer's, when saving conflicted), if
/// `me` may read the draft's history.
pub async fn section_version(
    db: &Db,
    me: Option<&Me>,
    draft_id: i64,
    version_id: i64,
) -> Result<SectionText, AppError> {
    let header = history_readable(db, me, draft_id).await?;
    let version = store::version(db, draft_id, version_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(SectionText {
        draft_id,
        draft_title: header.title,
        section_id: version.section_id,
        version_id,
        written_by: store::revision_of_version(db, draft_id, version_id).await?,
        heading: version.heading,
        body: version.body,
    })
}

/// The checked parts of a change to a section's text, and who makes it.
pub struct SectionChange {
    pub me: Me,
    pub db: Db,
    pub institution: i64,
    pub heading: String,
    pub body: String,
    pub message: Option<String>,
}

impl SectionChange {
    /// Checks the editor (first) and then the heading, body and note.
    pub async fn check(draft_id: i64, form: &SectionInput) -> Result<Self, AppError> {
        let me = require_user().await?;
        let db = db()?;
        let (_, institution) = editable(&db, &me, draft_id).await?;
        let CheckedSection {
            heading,
            body,
            message,
        } = form.check()?;
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
        Outcome::TooDifferent { current_version } => Err(AppError::Conflict {
            message: "Someone changed this section while you were editing, and the two versions are too different to merge automatically. \
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
