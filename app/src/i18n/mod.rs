//! The interface's words in the reader's language, English or Welsh.
//!
//! Every string a page, form or message shows comes from `app/locales/`
//! (`en.ftl`, `cy.ftl`: Project Fluent's format, with Welsh's six plural
//! forms) through [`t!`](crate::t): `t!(i18n, "nav-sign-in")`, or with
//! variables `t!(i18n, "page-title", title = name)`. What people write stays
//! in the language they wrote it in.
//!
//! The language is chosen once per request on the server (the reader's
//! cookie, else their browser's `Accept-Language`, else English: see
//! [`choice`]) and written into `<html lang>`; the browser reads it back
//! from there before hydrating, so both sides render the same words.
//! Switching language is a link (`/language/cy?back=…`) that sets the
//! cookie and returns to the same page: URLs stay the same in both.

mod bundles;
#[cfg(feature = "ssr")]
pub mod choice;
pub mod negotiate;
mod switch;
#[cfg(test)]
mod tests;

pub use bundles::Args;
pub use switch::LanguageSwitch;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Cy,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Cy];

    /// The BCP 47 code, as in `<html lang>` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Cy => "cy",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The message `id` in this language, with `args` put in.
    pub fn text(self, id: &str, args: Option<&Args>) -> String {
        bundles::format(self, id, args)
    }
}

/// The reader's language, for every component (`use_i18n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    pub fn text(self, id: &str, args: Option<&Args>) -> String {
        self.locale.text(id, args)
    }
}

/// Works out the reader's language (from the request on the server, from
/// `<html lang>` in the browser) and gives it to every component. The
/// document (`shell`) works it out on the server and `App` inside it finds
/// it there; in the browser `App` is the first to ask.
pub fn provide_i18n() -> I18n {
    if let Some(i18n) = use_context::<I18n>() {
        return i18n;
    }
    #[cfg(feature = "ssr")]
    let locale = choice::request_locale();
    #[cfg(not(feature = "ssr"))]
    let locale = document_locale();
    let i18n = I18n { locale };
    provide_context(i18n);
    i18n
}

/// The reader's language; English where none was provided (a component
/// rendered on its own, in a unit test).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n { locale: Locale::En })
}

#[cfg(not(feature = "ssr"))]
fn document_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Locale::from_code(&code))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    Locale::En
}

/// A message in the reader's language: `t!(i18n, "id")`, or with variables
/// `t!(i18n, "id", name = value, count = n)`. The id must be a literal, so
/// the test of the translation files can find every one in use.
#[macro_export]
macro_rules! t {
    ($i18n:expr, $id:literal) => {
        $i18n.text($id, None)
    };
    ($i18n:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $value); )+
        $i18n.text($id, Some(&args))
    }};
}
