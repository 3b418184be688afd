//! Password hashing (argon2id) and the password policy.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::LazyLock;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 256;

/// Why a new password is refused, in words for the person choosing it; `None`
/// when it is acceptable. Length first, then zxcvbn's estimate, which knows the
/// most common passwords, names and keyboard patterns.
pub fn policy_problem(password: &str, user_inputs: &[&str]) -> Option<&'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some("Your password must be at least 12 characters long.");
    }
    if length > MAX_LENGTH {
        return Some("Your password must be 256 characters or fewer.");
    }
    match zxcvbn::zxcvbn(password, user_inputs).score() {
        zxcvbn::Score::Zero | zxcvbn::Score::One | zxcvbn::Score::Two => Some(
            "This password is too common or too easy to guess. Try a few unrelated words together.",
        ),
        _ => None,
    }
}

/// Hashes with argon2id (the crate's default parameters, which follow OWASP's
/// recommendation). CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// A hash of nothing in particular, checked when the email is unknown so that
/// a failed sign-in takes as long whether or not the account exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("no account has this password").unwrap_or_default());

/// Checks a password against a stored hash (or the dummy hash when `stored`
/// is `None`). CPU-heavy: call from a blocking thread.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let stored = stored.unwrap_or(DUMMY_HASH.as_str());
    let ok = PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && !std::ptr::eq(stored, DUMMY_HASH.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert!(policy_problem("short", &[]).is_some());
        assert!(policy_problem("password1234", &[]).is_some());
        assert!(policy_problem("qwertyuiop123", &[]).is_some());
        assert!(policy_problem("aaaaaaaaaaaa", &[]).is_some());
        assert!(policy_problem("lantern orbit meadow 42", &[]).is_none());
    }

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("lantern orbit meadow 42").unwrap();
        let b = hash("lantern orbit meadow 42").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify("lantern orbit meadow 42", Some(&a)));
        assert!(!verify("lantern orbit meadow 43", Some(&a)));
        assert!(!verify("no account has this password", None));
    }
}
