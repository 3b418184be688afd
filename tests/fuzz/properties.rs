//! What fuzzing checks, shared by the cargo fuzz targets
//! (`tests/fuzz/fuzz_targets`) and by `cargo test`, which replays every
//! input kept in `tests/fuzz/corpus` through them (`tests/fuzz/replay.rs`).
//! Each property takes the fuzzer's bytes and panics when it does not hold.

use app::domain::anchor::{self, HtmlText, Located, Searched};
use app::domain::drafts::text::{merge_until, word_diff_until, Merged};
use app::domain::drafts::{Change, DiffPart};
use std::time::{Duration, Instant};

/// The fuzzer's bytes as `N` texts, split at NUL bytes (missing ones empty).
fn texts<const N: usize>(data: &[u8]) -> [String; N] {
    let mut parts = data.splitn(N, |b| *b == 0);
    std::array::from_fn(|_| String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned())
}

/// User Markdown, rendered and sanitised: no panic, and the HTML holds only
/// the elements and attributes of the allow-list, with links to web and mail
/// addresses only.
pub fn markdown(data: &[u8]) {
    let [markdown] = texts::<1>(data);
    let html = app::markdown::render(&markdown);
    assert_only_allowed(&html);
}

/// A section's passages marked in its HTML, and found again in a later
/// version: no panic; marks never span a tag, and taking them out gives the
/// HTML back; a passage found again lies within the new text.
pub fn passages(data: &[u8]) {
    let [old, new, spec] = texts::<3>(data);
    let html = app::markdown::render(&old);
    let parsed = HtmlText::new(&html);
    let n = parsed.len();
    let ranges: Vec<(usize, usize, i64)> = spec
        .as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            let at = |b: u8| usize::from(b) * (n + 1) / 256;
            let (a, b) = (at(pair[0]), at(*pair.get(1).unwrap_or(&pair[0])));
            (a.min(b), a.max(b), i as i64)
        })
        .collect();
    let marked = anchor::highlight(&html, &parsed, &ranges);
    assert_eq!(
        without_marks(&marked),
        html,
        "marks only add <mark> elements"
    );

    let new_text = HtmlText::new(&app::markdown::render(&new)).text;
    let new_len = new_text.chars().count();
    let old_searched = Searched::new(&parsed.text);
    for &(start, end, _) in &ranges {
        let quoted = old_searched.anchor(start, end);
        match anchor::locate_in(&quoted, &parsed.text, &new_text) {
            Located::Exact { start, end } | Located::Changed { start, end } => {
                assert!(
                    start <= end && end <= new_len,
                    "{start}..{end} outside 0..{new_len}"
                );
            }
            Located::Orphaned => {}
        }
    }
}

/// How long a merge or diff may run past its deadline: generous, since a
/// loaded machine may pause any thread; the point is that it stops.
const DEADLINE_SLACK: Duration = Duration::from_secs(2);

/// Word-level merges and diffs: no panic, they stop near their deadline, a
/// merge with one side unchanged is the other side, and a diff reads back
/// as both texts.
pub fn merge(data: &[u8]) {
    let [base, ours, theirs] = texts::<3>(data);
    let allowed = Duration::from_millis(50);
    let started = Instant::now();
    let merged = merge_until(&base, &ours, &theirs, started + allowed);
    assert!(
        started.elapsed() < allowed + DEADLINE_SLACK,
        "the merge ran past its deadline"
    );
    if let Merged::Clean(text) = &merged {
        if ours == base {
            assert_eq!(text, &theirs, "only theirs changed");
        }
        if theirs == base {
            assert_eq!(text, &ours, "only ours changed");
        }
    }
    if ours == base || theirs == base {
        assert_ne!(
            merged,
            Merged::Conflict,
            "one side unchanged cannot conflict"
        );
    }

    let started = Instant::now();
    let diff = word_diff_until(&base, &ours, started + allowed);
    assert!(
        started.elapsed() < allowed + DEADLINE_SLACK,
        "the diff ran past its deadline"
    );
    let side = |keep: Change| -> String {
        diff.iter()
            .filter(|p: &&DiffPart| p.change == Change::Same || p.change == keep)
            .map(|p| p.text.as_str())
            .collect()
    };
    assert_eq!(side(Change::Removed), base, "the diff's old side");
    assert_eq!(side(Change::Added), ours, "the diff's new side");
}

/// The elements sanitised Markdown may hold (ammonia's defaults, without
/// images), and the attributes each may carry.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    const TABLE: &[&str] = &["align", "char", "charoff"];
    matches!(attribute, "lang" | "title")
        || match tag {
            "a" => matches!(attribute, "href" | "hreflang" | "rel"),
            "bdo" => attribute == "dir",
            "blockquote" | "q" => attribute == "cite",
            "del" | "ins" => matches!(attribute, "cite" | "datetime"),
            "col" | "colgroup" => TABLE.contains(&attribute) || attribute == "span",
            "hr" => matches!(attribute, "align" | "size" | "width"),
            "ol" => attribute == "start",
            "table" => TABLE.contains(&attribute) || attribute == "summary",
            "tbody" | "tfoot" | "thead" | "tr" => TABLE.contains(&attribute),
            "td" => {
                TABLE.contains(&attribute) || matches!(attribute, "colspan" | "headers" | "rowspan")
            }
            "th" => {
                TABLE.contains(&attribute)
                    || matches!(attribute, "colspan" | "headers" | "rowspan" | "scope")
            }
            _ => false,
        }
}

/// Checks every tag of serialised HTML (where a `<` in text is always
/// `&lt;` and attribute values are double-quoted) against the allow-list.
pub fn assert_only_allowed(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let closing = rest.starts_with('/');
        let tag_text = rest.trim_start_matches('/');
        let name_len = tag_text
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag_text.len());
        let name = &tag_text[..name_len];
        assert!(ALLOWED_TAGS.contains(&name), "element <{name}> in {html:?}");
        let mut attributes = &tag_text[name_len..];
        loop {
            attributes =
                attributes.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if attributes.starts_with('>') || attributes.is_empty() {
                break;
            }
            assert!(!closing, "a closing tag with attributes in {html:?}");
            let name_len = attributes
                .find(|c: char| c == '=' || c.is_ascii_whitespace() || c == '>')
                .unwrap_or(attributes.len());
            let attribute = &attributes[..name_len];
            assert!(
                attribute_allowed(name, attribute),
                "attribute {attribute} on <{name}> in {html:?}"
            );
            attributes = &attributes[name_len..];
            if let Some(quoted) = attributes.strip_prefix("=\"") {
                let end = quoted.find('"').expect("a closing quote");
                if attribute == "href" {
                    assert_safe_link(&quoted[..end], html);
                }
                attributes = &quoted[end + 1..];
            }
        }
    }
}

/// A link goes to a web or mail address, or to a path on this site. The
/// value is read as a browser reads it (the URL standard): tabs and line
/// breaks anywhere and control characters and spaces at either end are
/// ignored, and only letters, digits, `+`, `-` and `.` after a first letter
/// make a scheme (anything else is a relative path).
fn assert_safe_link(href: &str, html: &str) {
    let decoded = href
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let cleaned: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    if let Some((scheme, _)) = cleaned.split_once(':') {
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            assert!(
                matches!(scheme, "http" | "https" | "mailto"),
                "a {scheme}: link in {html:?}"
            );
        }
    }
}

/// `html` with every `<mark …>` and `</mark>` taken out, checking that each
/// mark closes before any other tag.
fn without_marks(marked: &str) -> String {
    let mut out = String::with_capacity(marked.len());
    let mut rest = marked;
    while let Some(open) = rest.find("<mark class=\"rt-passage\"") {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let start_end = after.find('>').expect("a mark's start tag ends") + 1;
        let inside = &after[start_end..];
        let close = inside.find("</mark>").expect("every mark is closed");
        assert!(
            !inside[..close].contains('<'),
            "a mark spans a tag in {marked:?}"
        );
        out.push_str(&inside[..close]);
        rest = &inside[close + "</mark>".len()..];
    }
    out.push_str(rest);
    out
}
