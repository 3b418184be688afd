//! The forms of drafts: what a person typed, and its checks. Plain
//! functions, compiled for the browser too, tested without a server.

use super::{
    NewDraftChoices, Owner, MAX_BODY, MAX_HEADING, MAX_MESSAGE, MAX_NOTE, MAX_STATEMENT, MAX_TITLE,
};
use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// A section's text, as typed in the edit form or the add-a-section form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionInput {
    pub heading: String,
    pub body: String,
    /// A note for the history.
    #[serde(default)]
    pub message: String,
}

impl Form for SectionInput {}

/// A section's text, checked: the heading trimmed, the body's line endings
/// made `\n`, an empty note gone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSection {
    pub heading: String,
    pub body: String,
    pub message: Option<String>,
}

impl SectionInput {
    /// Every problem at once, each beside its field.
    pub fn check(&self) -> Result<CheckedSection, AppError> {
        let mut v = Validation::new();
        let (heading, body) = section_fields(&mut v, &self.heading, &self.body);
        let message = message_field(&mut v, &self.message);
        v.finish()?;
        Ok(CheckedSection {
            heading,
            body,
            message,
        })
    }
}

/// The new-draft form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDraftInput {
    pub title: String,
    /// A roadmap item's id, or empty for none.
    pub item_id: String,
    /// The owning institutions' ids (checkboxes `owners[]`).
    #[serde(default)]
    pub owners: Vec<String>,
    /// `all`, or `count` with `quorum_count`.
    pub quorum: String,
    #[serde(default)]
    pub quorum_count: String,
    pub heading: String,
    pub body: String,
}

impl Form for NewDraftInput {
    /// The checked owners come back as one field, `1,3`.
    fn kept(&self) -> Vec<(String, String)> {
        let mut kept = crate::forms::text_fields(self, Self::SECRET);
        kept.push(("owners".into(), self.owners.join(",")));
        kept
    }
}

/// A new draft, checked against what the form offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDraft {
    pub title: String,
    pub item_id: Option<i64>,
    /// Sorted, without repeats.
    pub owners: Vec<i64>,
    /// The author's own institution among the owners.
    pub institution: i64,
    /// `None`: every owner must sign off.
    pub quorum: Option<i64>,
    pub heading: String,
    pub body: String,
}

impl NewDraftInput {
    /// Every problem at once; `choices` is what the form offered this person.
    pub fn check(&self, choices: &NewDraftChoices) -> Result<CheckedDraft, AppError> {
        let mut v = Validation::new();
        let title = self.title.trim();
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
        let item_id = match self.item_id.trim() {
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
        let owners = v.chosen_ids(
            "owners",
            &self.owners,
            |id| choices.institutions.iter().any(|i| i.id == id),
            "Choose owners from the list of partner institutions.",
        );
        let institution = owners.iter().copied().find(|o| choices.mine.contains(o));
        v.check(
            institution.is_some(),
            "owners",
            "Your own institution must be one of the owners.",
        );
        let quorum = match self.quorum.as_str() {
            "all" => None,
            "count" => {
                let n = self
                    .quorum_count
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
        let (heading, body) = section_fields(&mut v, &self.heading, &self.body);
        v.finish()?;
        Ok(CheckedDraft {
            title: title.to_owned(),
            item_id,
            owners,
            institution: institution.unwrap_or_default(),
            quorum,
            heading,
            body,
        })
    }
}

/// The sign-off form: a statement of what the institution signs off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffInput {
    pub statement: String,
}

impl Form for SignOffInput {}

impl SignOffInput {
    /// The statement, trimmed.
    pub fn check(&self) -> Result<String, AppError> {
        let mut v = Validation::new();
        let statement = v.required_text(
            "statement",
            &self.statement,
            MAX_STATEMENT,
            "Enter a short statement of what your institution signs off.",
            "The statement must be 1,000 characters or fewer.",
        );
        v.finish()?;
        Ok(statement)
    }
}

/// The form that invites an institution to co-own a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInput {
    /// An institution's id, from the list the form offered.
    pub institution_id: String,
}

impl Form for InviteInput {}

impl InviteInput {
    /// The institution, if it is one of `offered`.
    pub fn check(&self, offered: &[Owner]) -> Result<i64, AppError> {
        let mut v = Validation::new();
        let id = self
            .institution_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| offered.iter().any(|o| o.id == *id));
        v.check(
            id.is_some(),
            "institution_id",
            "Choose an institution from the list.",
        );
        v.finish()?;
        Ok(id.unwrap_or_default())
    }
}

/// A comment in a suggestion's or a passage thread's short discussion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteInput {
    pub body: String,
}

impl Form for NoteInput {}

impl NoteInput {
    /// The comment, trimmed.
    pub fn check(&self) -> Result<String, AppError> {
        let mut v = Validation::new();
        let body = note_field(&mut v, &self.body);
        v.finish()?;
        Ok(body)
    }
}

/// Checks a comment of a short discussion; returns it trimmed.
pub fn note_field(v: &mut Validation, body: &str) -> String {
    v.required_text(
        "body",
        body,
        MAX_NOTE,
        "Enter your comment.",
        "Your comment must be 5,000 characters or fewer.",
    )
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

#[cfg(test)]
mod tests;
