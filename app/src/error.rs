//! The one error type every server function returns.
//!
//! It travels from server to browser (so a page can say "you are not allowed
//! to edit this item" instead of a bare 500), which is why it is serialisable
//! and carries messages meant for users. Database and internal failures are
//! logged on the server and reach the client only as `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One message attached to one form field (by the field's `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("You need to sign in to do that.")]
    NotSignedIn,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// Bad input: one message per field, shown beside the field and in the
    /// error summary at the top of the form.
    #[error("There is a problem with what you entered.")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Refused(String),
    #[error("Too many attempts. Wait a few minutes and try again.")]
    RateLimited,
    /// Too many wrong passwords for one account lately: the next try must
    /// wait this long (a minute at most; single sign-on is not held up).
    #[error("{}", wait_message(*.seconds))]
    TryAgainIn { seconds: i64 },
    /// Someone else changed the same words meanwhile: nothing was saved, and
    /// the form shows their version (`current_version`) beside the user's.
    #[error("{message}")]
    Conflict {
        message: String,
        current_version: i64,
    },
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The database cannot be reached at the moment (restarting, or every
    /// connection busy for too long): nothing was done, and trying again in
    /// a few seconds will likely work. Answered with 503 and `Retry-After`.
    #[error("Roundtable cannot reach its database at the moment. Nothing was changed: please try again in a few seconds.")]
    Unavailable,
    #[error("The request could not be completed: {0}")]
    Transport(ServerFnErrorErr),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The errors that belong to fields (empty for other kinds of error).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(fields) => fields,
            _ => &[],
        }
    }

    /// The message for one field, if there is one.
    pub fn field(&self, name: &str) -> Option<String> {
        self.field_errors()
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message.clone())
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) | AppError::Refused(_) => 422,
            AppError::RateLimited | AppError::TryAgainIn { .. } => 429,
            AppError::Conflict { .. } => 409,
            AppError::Internal => 500,
            AppError::Unavailable => 503,
            AppError::Transport(_) => 400,
        }
    }
}

fn wait_message(seconds: i64) -> String {
    let wait = match seconds {
        1 => "1 second".to_owned(),
        n => format!("{n} seconds"),
    };
    format!(
        "Too many wrong attempts for this account. Wait {wait} and try again, \
         or sign in through your institution if it has single sign-on."
    )
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value)
    }
}

/// Collects field errors while a form is validated, so the user sees all of
/// them at once rather than one per submission.
#[derive(Default, Debug)]
pub struct Validation(Vec<FieldError>);

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }

    /// A text field that must be filled in and at most `max_chars` long,
    /// trimmed; each problem's message on the field.
    pub fn required_text(
        &mut self,
        field: &str,
        value: &str,
        max_chars: usize,
        if_empty: &str,
        if_too_long: &str,
    ) -> String {
        let value = value.trim();
        self.check(!value.is_empty(), field, if_empty);
        self.check(value.chars().count() <= max_chars, field, if_too_long);
        value.to_owned()
    }

    /// An optional date field (YYYY-MM-DD): `None` when empty, and a message
    /// on the field when it is not a date.
    pub fn optional_date(&mut self, field: &str, value: &str) -> Option<time::Date> {
        match value.trim() {
            "" => None,
            text => {
                let date = crate::time_fmt::parse_date(text);
                self.check(date.is_some(), field, "Enter a date like 2027-01-31.");
                date
            }
        }
    }

    /// The ids chosen with a form's checkboxes (`name[]`), sorted and without
    /// repeats, when every one is a number `offered` accepts; otherwise none,
    /// and `message` on the field.
    pub fn chosen_ids(
        &mut self,
        field: &str,
        values: &[String],
        offered: impl Fn(i64) -> bool,
        message: &str,
    ) -> Vec<i64> {
        let chosen: Option<Vec<i64>> = values
            .iter()
            .map(|v| v.trim().parse::<i64>().ok().filter(|id| offered(*id)))
            .collect();
        match chosen {
            Some(mut ids) => {
                ids.sort_unstable();
                ids.dedup();
                ids
            }
            None => {
                self.add(field, message);
                Vec::new()
            }
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// A database failure, logged once here with its cause and the place it
/// happened (the `?` that converted it: `#[track_caller]` makes the caller's
/// location available), then shown to the user as "something went wrong",
/// or, when the database could not be reached, as [`AppError::Unavailable`].
#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(err: sqlx::Error) -> Self {
        let at = std::panic::Location::caller();
        let source = std::error::Error::source(&err).map(ToString::to_string);
        if crate::db::outage::is_unreachable(&err) {
            crate::db::outage::noticed();
            tracing::warn!(
                error = %err,
                at = %format_args!("{}:{}", at.file(), at.line()),
                "database unreachable"
            );
            return AppError::Unavailable;
        }
        tracing::error!(
            error = %err,
            source = source.as_deref().unwrap_or("none"),
            at = %format_args!("{}:{}", at.file(), at.line()),
            "database error"
        );
        AppError::Internal
    }
}
