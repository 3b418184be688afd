//! The language of the request being answered (server side).

use super::negotiate::{from_accept_language, from_cookie_header};
use super::Locale;
use axum::http::{header, request::Parts};
use leptos::prelude::use_context;

/// The reader's remembered choice, else the first of their browser's
/// languages the interface speaks, else English.
pub fn request_locale() -> Locale {
    use_context::<Parts>()
        .map(|parts| locale_of(&parts.headers))
        .unwrap_or_default()
}

pub fn locale_of(headers: &axum::http::HeaderMap) -> Locale {
    let header_text = |name| headers.get_all(name).iter().filter_map(|v| v.to_str().ok());
    header_text(header::COOKIE)
        .find_map(from_cookie_header)
        .or_else(|| header_text(header::ACCEPT_LANGUAGE).find_map(from_accept_language))
        .unwrap_or_default()
}
