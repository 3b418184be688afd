//! The translation files, parsed once per process into one Fluent bundle a
//! language.

use super::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use std::sync::LazyLock;

/// Variables for a message (`$name` in the file).
pub type Args = fluent_bundle::FluentArgs<'static>;

const SOURCES: [(Locale, &str); 2] = [
    (Locale::En, include_str!("../../locales/en.ftl")),
    (Locale::Cy, include_str!("../../locales/cy.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<(Locale, Bundle)>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(locale, source)| (*locale, bundle(*locale, source)))
        .collect()
});

/// One language's bundle. The files are the project's own and checked by
/// its tests, so a syntax error keeps what parsed rather than failing.
fn bundle(locale: Locale, source: &str) -> Bundle {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let language = locale.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    // No bidirectional isolation marks around variables: both languages
    // run left to right, and the marks would end up in copied text.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

/// The message `id` in `locale`; its id if there is none (the tests make
/// sure every id in use exists in both files).
pub fn format(locale: Locale, id: &str, args: Option<&Args>) -> String {
    let Some((_, bundle)) = BUNDLES.iter().find(|(l, _)| *l == locale) else {
        return id.to_owned();
    };
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}
