//! Two-step verification: a time-based one-time code (TOTP, RFC 6238) from
//! an authenticator app, asked for after the password. Policy makers,
//! moderators and administrators who sign in with a password must use it
//! (they set it up at their first sign-in); anyone else with a password may.
//! Recovery codes, shown once, stand in for a lost phone.

pub mod api;
#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use serde::{Deserialize, Serialize};

/// What the set-up page shows: the secret as text and as a QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The secret in base32, in groups of four for typing.
    pub secret: String,
    /// The `otpauth://` URI an authenticator app takes.
    pub uri: String,
    /// The URI as a QR code: an SVG of squares only, made on the server.
    pub qr_svg: String,
    /// Whether this is part of signing in (rather than from the account page).
    pub signing_in: bool,
}

/// The recovery codes, once, and where to go next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
    pub next: String,
}

/// How many recovery codes an account gets.
pub const RECOVERY_CODE_COUNT: usize = 10;

/// A code typed in: from the authenticator app, or a recovery code. Never
/// put back in a form that failed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInput {
    pub code: String,
}

impl crate::forms::Form for CodeInput {
    const SECRET: &'static [&'static str] = &["code"];
}
