//! The forms of outcomes and their checks: plain functions, compiled for
//! the browser too, tested without a server.

use super::{DecisionStatus, MAX_OWNER, MAX_QUOTES, MAX_TEXT};
use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// Recording a decision on a theme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInput {
    pub decision: String,
    pub reason: String,
    pub action_owner: String,
    /// YYYY-MM-DD, or empty for none.
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub status: String,
    /// The roadmap items it changes (checkboxes `items[]`).
    #[serde(default)]
    pub items: Vec<String>,
}

impl Form for DecisionInput {
    /// The ticked items come back as one field, `1,3`.
    fn kept(&self) -> Vec<(String, String)> {
        let mut kept = crate::forms::text_fields(self, Self::SECRET);
        kept.push(("items".into(), self.items.join(",")));
        kept
    }
}

/// A decision, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDecision {
    pub decision: String,
    pub reason: String,
    pub action_owner: String,
    pub due_on: Option<String>,
    pub status: DecisionStatus,
    pub items: Vec<i64>,
}

impl DecisionInput {
    /// Every problem at once; `item_offered` says which item ids exist.
    pub fn check(&self, item_offered: impl Fn(i64) -> bool) -> Result<CheckedDecision, AppError> {
        let mut v = Validation::new();
        let too_long = format!("Write at most {MAX_TEXT} characters.");
        let decision = v.required_text(
            "decision",
            &self.decision,
            MAX_TEXT,
            "Enter what was decided.",
            &too_long,
        );
        let reason = v.required_text(
            "reason",
            &self.reason,
            MAX_TEXT,
            "Enter why it was decided.",
            &too_long,
        );
        let action_owner = v.required_text(
            "action_owner",
            &self.action_owner,
            MAX_OWNER,
            "Enter who owns the action, for example a team or an institution.",
            &format!("Write at most {MAX_OWNER} characters."),
        );
        let due_on = match self.due_on.trim() {
            "" => None,
            text => {
                let date = crate::time_fmt::parse_date(text);
                v.check(
                    date.is_some(),
                    "due_on",
                    "Enter the due date as a date like 2027-01-31.",
                );
                date.map(|d| d.to_string())
            }
        };
        let status = match self.status.trim() {
            "" => Some(DecisionStatus::Planned),
            s => DecisionStatus::parse(s),
        };
        v.check(status.is_some(), "status", "Choose a status from the list.");
        let items = v.chosen_ids(
            "items",
            &self.items,
            item_offered,
            "Choose roadmap items from the list.",
        );
        v.finish()?;
        Ok(CheckedDecision {
            decision,
            reason,
            action_owner,
            due_on,
            status: status.unwrap_or(DecisionStatus::Planned),
            items,
        })
    }
}

/// Changing a decision's status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusInput {
    pub status: String,
}

impl Form for StatusInput {}

impl StatusInput {
    pub fn check(&self) -> Result<DecisionStatus, AppError> {
        DecisionStatus::parse(self.status.trim())
            .ok_or_else(|| AppError::invalid("status", "Choose a status from the list."))
    }
}

/// Choosing the comments quoted under a theme (checkboxes `comments[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotesInput {
    #[serde(default)]
    pub comments: Vec<String>,
}

impl Form for QuotesInput {}

impl QuotesInput {
    pub fn check(&self, offered: impl Fn(i64) -> bool) -> Result<Vec<i64>, AppError> {
        let mut v = Validation::new();
        let ids = v.chosen_ids(
            "comments",
            &self.comments,
            offered,
            "Choose comments from the list.",
        );
        v.check(
            ids.len() <= MAX_QUOTES,
            "comments",
            &format!("Quote at most {MAX_QUOTES} comments for a theme."),
        );
        v.finish()?;
        Ok(ids)
    }
}

/// Publishing an outcome: the policy team's summary of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeInput {
    pub summary: String,
}

impl Form for OutcomeInput {}

impl OutcomeInput {
    pub fn check(&self) -> Result<String, AppError> {
        let mut v = Validation::new();
        let summary = v.required_text(
            "summary",
            &self.summary,
            MAX_TEXT,
            "Enter a summary: what you asked, and what you heard.",
            &format!("Write at most {MAX_TEXT} characters."),
        );
        v.finish()?;
        Ok(summary.replace("\r\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision() -> DecisionInput {
        DecisionInput {
            decision: " Publish the names ".into(),
            reason: "Asked for by patients".into(),
            action_owner: "NHS Wales".into(),
            due_on: "2027-03-31".into(),
            status: "in_progress".into(),
            items: vec!["2".into(), "1".into()],
        }
    }

    #[test]
    fn a_decision_says_what_why_who_and_which_items() {
        let ok = decision().check(|id| id <= 2).unwrap();
        assert_eq!(ok.decision, "Publish the names");
        assert_eq!(ok.due_on.as_deref(), Some("2027-03-31"));
        assert_eq!(ok.status, DecisionStatus::InProgress);
        assert_eq!(ok.items, vec![1, 2]);
        let none = DecisionInput {
            due_on: String::new(),
            status: String::new(),
            items: vec![],
            ..decision()
        };
        let ok = none.check(|_| true).unwrap();
        assert_eq!(
            (ok.due_on, ok.status, ok.items),
            (None, DecisionStatus::Planned, vec![])
        );
        let bad = DecisionInput {
            decision: " ".into(),
            reason: String::new(),
            action_owner: "x".repeat(MAX_OWNER + 1),
            due_on: "soon".into(),
            status: "maybe".into(),
            items: vec!["7".into()],
        }
        .check(|id| id <= 2)
        .unwrap_err();
        let fields: Vec<&str> = bad
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "decision",
                "reason",
                "action_owner",
                "due_on",
                "status",
                "items"
            ]
        );
    }

    #[test]
    fn quotes_are_few_and_from_the_list() {
        let input = QuotesInput {
            comments: vec!["1".into(), "2".into()],
        };
        assert_eq!(input.check(|_| true).unwrap(), vec![1, 2]);
        assert!(input.check(|id| id == 1).is_err());
        let many = QuotesInput {
            comments: (1..=4).map(|i| i.to_string()).collect(),
        };
        assert!(many
            .check(|_| true)
            .unwrap_err()
            .field("comments")
            .unwrap()
            .contains("at most 3"));
        assert_eq!(
            QuotesInput::default().check(|_| true).unwrap(),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn an_outcome_needs_a_summary() {
        assert!(OutcomeInput::default().check().is_err());
        assert_eq!(
            OutcomeInput {
                summary: "We heard\r\nyou".into()
            }
            .check()
            .unwrap(),
            "We heard\nyou"
        );
    }
}
