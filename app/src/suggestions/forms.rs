//! The forms of suggestions (suggesting itself uses the drafts' section
//! form): accepting with a combined text, and rejecting with a reason.

use super::MAX_REASON;
use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// Accepting a suggestion: nothing typed, or after a conflict the owner's
/// combined heading and text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptInput {
    #[serde(default)]
    pub heading: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

impl Form for AcceptInput {}

/// Rejecting a suggestion: the reason its author will read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectInput {
    pub reason: String,
}

impl Form for RejectInput {}

impl RejectInput {
    /// The reason, trimmed.
    pub fn check(&self) -> Result<String, AppError> {
        let mut v = Validation::new();
        let reason = v.required_text(
            "reason",
            &self.reason,
            MAX_REASON,
            "Enter why you reject the suggestion. Its author will read it.",
            "The reason must be 1,000 characters or fewer.",
        );
        v.finish()?;
        Ok(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_needs_a_reason_of_reasonable_length() {
        let form = |r: &str| RejectInput { reason: r.into() };
        assert_eq!(form("  Out of scope ").check(), Ok("Out of scope".into()));
        assert!(form("   ").check().unwrap_err().field("reason").is_some());
        let long = "r".repeat(MAX_REASON + 1);
        assert!(form(&long)
            .check()
            .unwrap_err()
            .field("reason")
            .unwrap()
            .contains("1,000"));
        assert_eq!(form("Why").kept(), vec![("reason".into(), "Why".into())]);
    }
}
