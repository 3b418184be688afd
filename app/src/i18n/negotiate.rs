//! Which language a reader asked for: their remembered choice, or the
//! languages their browser lists (`Accept-Language`).

use super::Locale;

/// The cookie that remembers a reader's choice (`en` or `cy`).
pub const COOKIE: &str = "rt_lang";

/// The language a `Cookie` header remembers, if any.
pub fn from_cookie_header(header: &str) -> Option<Locale> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Locale::from_code(value.trim()))
}

/// The first of the interface's languages in a browser's
/// `Accept-Language`, by quality (`cy-GB, en;q=0.8` → Welsh). Ties keep
/// the browser's order; a language at quality 0 is refused.
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut best: Option<(Locale, f32)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let Some(locale) = Locale::from_code(&primary) else {
            continue;
        };
        if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
            best = Some((locale, quality));
        }
    }
    best.map(|(locale, _)| locale)
}

/// Where the language switch may send a reader back to: a path on this
/// site (`/items/1?x=y`), never another site (`//evil.example`,
/// `/\evil.example`, `https://…`); the roadmap otherwise.
pub fn safe_return_path(back: Option<&str>) -> &str {
    match back {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_order_and_qualities_decide() {
        assert_eq!(
            from_accept_language("cy-GB,cy;q=0.9,en;q=0.8"),
            Some(Locale::Cy)
        );
        assert_eq!(
            from_accept_language("en-GB,en;q=0.9,cy;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            from_accept_language("fr-FR, cy;q=0.5, en;q=0.7"),
            Some(Locale::En)
        );
        assert_eq!(from_accept_language("en;q=0.5, CY;q=0.6"), Some(Locale::Cy));
        assert_eq!(from_accept_language("cy;q=0, en;q=0.1"), Some(Locale::En));
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("*"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn the_cookie_names_a_language_or_nothing() {
        assert_eq!(from_cookie_header("id=abc; rt_lang=cy"), Some(Locale::Cy));
        assert_eq!(from_cookie_header("rt_lang=en;other=1"), Some(Locale::En));
        assert_eq!(from_cookie_header("rt_lang=fr"), None);
        assert_eq!(from_cookie_header("xrt_lang=cy"), None);
        assert_eq!(from_cookie_header(""), None);
    }

    #[test]
    fn the_switch_returns_only_to_this_site() {
        assert_eq!(
            safe_return_path(Some("/items/1?tab=2#c3")),
            "/items/1?tab=2#c3"
        );
        assert_eq!(safe_return_path(Some("/")), "/");
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example",
            "items/1",
            "/a\r\nSet-Cookie: x=1",
            "",
        ] {
            assert_eq!(safe_return_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_return_path(None), "/");
    }
}
