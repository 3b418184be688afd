//! User-written Markdown → HTML that is safe to put in any page.
//!
//! pulldown-cmark renders; ammonia then keeps only an allow-list of tags and
//! attributes, so raw HTML, event handlers, `javascript:` links and the like
//! never reach a browser. Images are dropped too: a comment should not be able
//! to make every reader's browser fetch a third-party URL.

use pulldown_cmark::{html, Options, Parser};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("nofollow noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    builder
});

/// What [`RENDERED`] may hold: the bytes of the Markdown and its HTML,
/// and [`ENTRY_BYTES`] more for each entry.
const RENDERED_BYTES: u64 = 16 * 1024 * 1024;
/// What an entry costs beyond its text (two strings' headers and heap
/// blocks, the cache's own record), so that many short texts cannot hold
/// far more memory than [`RENDERED_BYTES`] says.
const ENTRY_BYTES: u64 = 128;

/// The HTML of texts rendered lately, by their Markdown. Rendering is a
/// pure function of the text, so a kept copy is always right, on every
/// server, and nothing need ever be invalidated; under load it saved the
/// tenth of the server's time that rendering a page's comments again took
/// (perf, scripts/bench).
static RENDERED: LazyLock<quick_cache::sync::Cache<String, String, ByBytes>> =
    LazyLock::new(|| quick_cache::sync::Cache::with_weighter(8192, RENDERED_BYTES, ByBytes));

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, String> for ByBytes {
    fn weight(&self, markdown: &String, html: &String) -> u64 {
        (markdown.len() + html.len()) as u64 + ENTRY_BYTES
    }
}

/// Renders Markdown and sanitises the result.
pub fn render(markdown: &str) -> String {
    if let Some(html) = RENDERED.get(markdown) {
        return html;
    }
    let html = render_uncached(markdown);
    RENDERED.insert(markdown.to_owned(), html.clone());
    html
}

fn render_uncached(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(markdown, options);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    SANITIZER.clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::{render, render_uncached};

    #[test]
    fn a_kept_rendering_is_the_rendering() {
        let text = "A *kept* text <script>alert(1)</script> with [a link](https://example.org).";
        let first = render(text);
        assert_eq!(first, render_uncached(text));
        assert_eq!(render(text), first);
    }

    #[test]
    fn script_tags_are_removed() {
        let html = render("hello <script>alert(1)</script>");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn event_handlers_are_removed() {
        let html = render("<img src=x onerror=alert(1)> <a href=\"#\" onclick=\"alert(1)\">x</a>");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_href() {
        for md in [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](  javascript:alert(1))",
            "<javascript:alert(1)>",
            "[click][ref]\n\n[ref]: javascript:alert(1)",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ] {
            let html = render(md).to_lowercase();
            // The words may stay as text; no link may point at them.
            assert!(!html.contains("href=\"javascript"), "{md} -> {html}");
            assert!(!html.contains("href=\"data:"), "{md} -> {html}");
        }
    }

    #[test]
    fn ordinary_markdown_survives() {
        let html = render("**bold** and [a link](https://example.org)");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("href=\"https://example.org\""));
        assert!(html.contains("rel=\"nofollow noopener noreferrer\""));
    }
}
