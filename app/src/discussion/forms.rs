//! The forms of discussions: a comment (or reply, or edit), and a new
//! thread. Their checks work without a server.

use super::MAX_BODY_CHARS;
use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// The longest thread title.
pub const MAX_TITLE_CHARS: usize = 120;

/// A comment, a reply, or a comment's new text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentInput {
    pub body: String,
}

impl Form for CommentInput {}

impl CommentInput {
    /// The comment, trimmed.
    pub fn check(&self) -> Result<String, AppError> {
        let mut v = Validation::new();
        let body = body_field(&mut v, &self.body);
        v.finish()?;
        Ok(body)
    }
}

/// A new thread on an item: its title, its first comment, and whether it is
/// for partners only (a checkbox: present or absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewThreadInput {
    pub title: String,
    #[serde(default)]
    pub partner_only: Option<String>,
    pub body: String,
}

impl Form for NewThreadInput {
    fn kept(&self) -> Vec<(String, String)> {
        vec![
            ("title".into(), self.title.clone()),
            ("body".into(), self.body.clone()),
            (
                "partner_only".into(),
                self.partner_only.clone().unwrap_or_default(),
            ),
        ]
    }
}

impl NewThreadInput {
    /// The title and the first comment, trimmed; every problem at once.
    pub fn check(&self) -> Result<(String, String), AppError> {
        let mut v = Validation::new();
        let title = self.title.trim();
        v.check(
            !title.is_empty(),
            "title",
            "Enter a title for the discussion.",
        );
        v.check(
            title.chars().count() <= MAX_TITLE_CHARS,
            "title",
            "The title must be 120 characters or fewer.",
        );
        let body = body_field(&mut v, &self.body);
        v.finish()?;
        Ok((title.to_owned(), body))
    }
}

fn body_field(v: &mut Validation, body: &str) -> String {
    v.required_text(
        "body",
        body,
        MAX_BODY_CHARS,
        "Enter your comment.",
        "Your comment must be 10,000 characters or fewer.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_trimmed_and_must_say_something() {
        let form = |b: &str| CommentInput { body: b.into() };
        assert_eq!(form("  Agreed. ").check(), Ok("Agreed.".into()));
        assert!(form(" \n ").check().unwrap_err().field("body").is_some());
        let long = "w".repeat(MAX_BODY_CHARS + 1);
        assert!(form(&long)
            .check()
            .unwrap_err()
            .field("body")
            .unwrap()
            .contains("10,000"));
    }

    #[test]
    fn a_new_thread_reports_title_and_comment_together() {
        let form = NewThreadInput {
            title: "t".repeat(MAX_TITLE_CHARS + 1),
            partner_only: Some("on".into()),
            body: String::new(),
        };
        let err = form.check().unwrap_err();
        assert!(err.field("title").unwrap().contains("120"));
        assert!(err.field("body").is_some());
        assert!(form.kept().contains(&("partner_only".into(), "on".into())));
    }
}
