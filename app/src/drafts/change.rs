//! A change to a draft's text: its fields checked, who makes it, and what
//! the outcome of applying it means to the person who made it.

use super::access::{editable, history_readable};
use super::store::{self, Author, Header, Outcome};
use super::{not_found, SectionText, MAX_BODY, MAX_HEADING, MAX_MESSAGE};
use crate::context::db;
use crate::db::Db;
use crate::domain::identity::Me;
use crate::error::{AppError, Validation};
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
    pub db: Db,
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
