//! Where a failed plain form post's values wait for the next page load
//! (see [`forms`](crate::forms)).
//!
//! A visitor who already has a session keeps them there. A visitor without
//! one (anyone not signed in) gets them back in a short-lived cookie, sealed
//! with the server's key, rather than a new session: failed anonymous posts
//! must not be a way to fill the session table. The cookie is forgotten by
//! the next page load (the server's `forget_flash_cookie` layer).

#[cfg(feature = "ssr")]
use crate::secrets::SecretKey;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use tower_sessions::Session;

/// What a plain form post left behind when it failed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form on the page failed (forms of one kind are told apart by
    /// keys such as `reply-42`).
    pub form: String,
    pub values: Vec<(String, String)>,
}

impl Flash {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// The session key of a kept flash.
#[cfg(feature = "ssr")]
pub const SESSION_KEY: &str = "form_flash";
/// The cookie holding an anonymous visitor's flash.
#[cfg(feature = "ssr")]
pub const COOKIE: &str = "roundtable_flash";
/// What the seal is for, so no other sealed value passes for a flash.
#[cfg(feature = "ssr")]
const PURPOSE: &str = "form flash cookie";
/// Browsers keep cookies of about 4 KB; the sealed text doubles in size.
#[cfg(feature = "ssr")]
const MAX_JSON_BYTES: usize = 1500;

/// Keeps `flash` for the next page load: in the session if there is one
/// stored, else in a sealed cookie, whose `Set-Cookie` value is returned
/// for the caller to send.
#[cfg(feature = "ssr")]
pub async fn keep(
    session: &Session,
    mut flash: Flash,
    key: &SecretKey,
    https: bool,
) -> Option<String> {
    // Loading the record first tells a stored session from a new one (or
    // from a cookie naming a session that is gone).
    let _ = session.get::<serde_json::Value>(SESSION_KEY).await;
    if session.id().is_some() {
        if let Err(err) = session.insert(SESSION_KEY, flash).await {
            tracing::warn!(%err, "could not keep the form's values");
        }
        return None;
    }
    let json = loop {
        let json = serde_json::to_string(&flash).unwrap_or_default();
        if json.len() <= MAX_JSON_BYTES || flash.values.is_empty() {
            break json;
        }
        // Anonymous forms hold short fields only; whatever is too long to
        // carry is left out rather than the whole form.
        let longest = (0..flash.values.len()).max_by_key(|&i| flash.values[i].1.len())?;
        flash.values.remove(longest);
    };
    let secure = if https { "; Secure" } else { "" };
    Some(format!(
        "{COOKIE}={}; Path=/; Max-Age=300; HttpOnly; SameSite=Lax{secure}",
        key.seal(PURPOSE, &json)
    ))
}

/// Takes what the last failed plain post left: from the session (and
/// forgets it there), or from the request's flash cookie.
#[cfg(feature = "ssr")]
pub async fn take(session: &Session, cookies: Option<&str>, key: &SecretKey) -> Option<Flash> {
    // Looked at before it is removed: `remove` marks the session changed
    // even when there is nothing to remove, and a changed session is
    // written back, which made every signed-in page load a write. What is
    // there goes, even if it no longer reads as a flash (an older shape).
    if let Ok(Some(kept)) = session.get::<serde_json::Value>(SESSION_KEY).await {
        let _ = session.remove_value(SESSION_KEY).await;
        if let Ok(flash) = serde_json::from_value::<Flash>(kept) {
            return Some(flash);
        }
    }
    let sealed = cookie_value(cookies?, COOKIE)?;
    serde_json::from_str(&key.open(PURPOSE, sealed)?).ok()
}

/// The `Set-Cookie` value that forgets the flash cookie.
#[cfg(feature = "ssr")]
pub fn forget_cookie(https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
}

/// The value of cookie `name` in a `Cookie` header.
#[cfg(feature = "ssr")]
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others() {
        let header = "a=1; roundtable_flash=v2.abc; roundtable_session=x";
        assert_eq!(cookie_value(header, COOKIE), Some("v2.abc"));
        assert_eq!(cookie_value("roundtable_flashy=1", COOKIE), None);
    }

    #[test]
    fn a_sealed_flash_opens_only_under_its_key_and_purpose() {
        let key = SecretKey::generate();
        let flash = Flash {
            form: "sign_in".into(),
            values: vec![("email".into(), "jo@example.org".into())],
        };
        let sealed = key.seal(PURPOSE, &serde_json::to_string(&flash).unwrap());
        let opened: Flash = serde_json::from_str(&key.open(PURPOSE, &sealed).unwrap()).unwrap();
        assert_eq!(opened, flash);
        assert!(SecretKey::generate().open(PURPOSE, &sealed).is_none());
        assert!(key.open("another purpose", &sealed).is_none());
    }
}
