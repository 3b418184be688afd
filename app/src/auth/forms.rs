//! The sign-up and sign-in forms, and their checks. The password is never
//! put back in a form that failed.

use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// The sign-up form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpInput {
    pub display_name: String,
    pub email: String,
    pub password: String,
}

impl Form for SignUpInput {
    const SECRET: &'static [&'static str] = &["password"];
}

/// A sign-up's name and email, checked (the password's strength is checked
/// on the server, against the name and email: `identity::password`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedSignUp {
    pub display_name: String,
    pub email: String,
}

impl SignUpInput {
    /// The name trimmed and the email normalised, or every problem at once;
    /// `password_problem` is what the password policy said, if anything.
    pub fn check(
        &self,
        password_problem: impl FnOnce(&str, &str) -> Option<String>,
    ) -> Result<CheckedSignUp, AppError> {
        let display_name = self.display_name.trim().to_owned();
        let email = normalise_email(&self.email);
        let mut v = Validation::new();
        v.check(
            !display_name.is_empty(),
            "display_name",
            "Enter your name as others will see it.",
        );
        v.check(
            display_name.chars().count() <= 80,
            "display_name",
            "Your name must be 80 characters or fewer.",
        );
        // Control and direction-override characters could make a name pose
        // as someone else's or garble the page around it.
        v.check(
            !display_name.chars().any(is_forbidden_in_names),
            "display_name",
            "Your name must not contain control characters.",
        );
        v.check(
            looks_like_email(&email),
            "email",
            "Enter an email address in the correct format, like name@example.org.",
        );
        if let Some(problem) = password_problem(&display_name, &email) {
            v.add("password", problem);
        }
        v.finish()?;
        Ok(CheckedSignUp {
            display_name,
            email,
        })
    }
}

/// The sign-in form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
    /// "Keep me signed in on this device" (public accounts only).
    #[serde(default)]
    pub remember: Option<String>,
}

impl Form for SignInInput {
    const SECRET: &'static [&'static str] = &["password"];
}

impl SignInInput {
    /// Whether the box to stay signed in was ticked.
    pub fn remembers(&self) -> bool {
        self.remember.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// The email, normalised, once both fields are filled in.
    pub fn check(&self) -> Result<String, AppError> {
        let email = normalise_email(&self.email);
        let mut v = Validation::new();
        v.check(!email.is_empty(), "email", "Enter your email address.");
        v.check(
            !self.password.is_empty(),
            "password",
            "Enter your password.",
        );
        v.finish()?;
        Ok(email)
    }
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately loose check: one `@`, something either side, a dot in
/// the domain, no spaces. Deliverability is the mail server's business.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

pub fn is_forbidden_in_names(c: char) -> bool {
    c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_kept() {
        let form = SignUpInput {
            display_name: "Pat".into(),
            email: "pat@example.org".into(),
            password: "secret words".into(),
        };
        assert!(form.kept().iter().all(|(name, _)| name != "password"));
        assert!(form
            .kept()
            .contains(&("email".into(), "pat@example.org".into())));
        let form = SignInInput {
            email: "pat@example.org".into(),
            password: "secret words".into(),
            remember: None,
        };
        assert_eq!(
            form.kept(),
            vec![("email".into(), "pat@example.org".into())]
        );
    }

    #[test]
    fn sign_up_names_and_emails_are_checked() {
        let form = |name: &str, email: &str| SignUpInput {
            display_name: name.into(),
            email: email.into(),
            password: String::new(),
        };
        let ok = form(" Pat Lee ", " Pat@Example.ORG")
            .check(|_, _| None)
            .unwrap();
        assert_eq!(
            (ok.display_name.as_str(), ok.email.as_str()),
            ("Pat Lee", "pat@example.org")
        );
        let err = form("Pat\u{202e}", "not-an-email")
            .check(|_, _| Some("Too short.".into()))
            .unwrap_err();
        assert!(err.field("display_name").unwrap().contains("control"));
        assert!(err.field("email").is_some());
        assert_eq!(err.field("password").as_deref(), Some("Too short."));
    }

    #[test]
    fn emails_are_loosely_checked() {
        assert!(looks_like_email("a@b.org"));
        for bad in ["a@b", "@b.org", "a@.org", "a b@c.org", "a@b@c.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
