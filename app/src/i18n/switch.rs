//! The language switch in the header: a link to the page the reader is on,
//! in the other language, named in that language.

use super::{use_i18n, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || format!("{}{}", location.pathname.get(), location.search.get());
    Locale::ALL
        .into_iter()
        .filter(move |l| *l != i18n.locale)
        .map(move |other| {
            let href = move || format!("/language/{}?back={}", other.code(), query_value(&here()));
            view! {
                <li class="nhsuk-header__account-item rt-language">
                    // External to the router: the server answers it, and
                    // the page comes back whole in the other language.
                    <a class="nhsuk-header__account-link rt-account__link" href=href rel="external"
                        lang=other.code() hreflang=other.code() data-testid="language-switch">
                        {match other {
                            Locale::En => crate::t!(other, "language-en"),
                            Locale::Cy => crate::t!(other, "language-cy"),
                        }}
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// `text` as a URL query value: everything but unreserved characters and
/// `/` percent-encoded.
fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_return_path_survives_the_query() {
        assert_eq!(
            super::query_value("/items/1?tab=a b&x=é"),
            "/items/1%3Ftab%3Da%20b%26x%3D%C3%A9"
        );
    }
}
