//! Finding a quoted passage again after its section changed, and marking it
//! in the section's HTML.
//!
//! Passages are quoted from a section's *text*: the text content of its
//! rendered, sanitised HTML (what a reader sees and selects), not its
//! Markdown. An anchor keeps the quote, a little context either side, and
//! where it started in the version it was quoted from. In a later version it
//! is found again by, in order:
//! 1. the exact quote (where it occurs more than once, the occurrence whose
//!    context matches best, then the one nearest where the edits moved it);
//! 2. where the edits between the two versions moved the passage (a
//!    character diff), if what is there now is still close to the quote;
//! 3. otherwise it is orphaned: shown with its original quote only.

use similar::{DiffOp, DiffTag, TextDiff};
use std::time::{Duration, Instant};

/// How much context is kept either side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// How similar what is found by following the edits must be to the quote.
const MIN_SIMILARITY: f32 = 0.5;

/// The text content of sanitised HTML, with where each character is in it.
pub struct HtmlText {
    pub text: String,
    /// For each character of `text`: its byte range in the HTML (an entity
    /// such as `&amp;` is one character).
    spans: Vec<(usize, usize)>,
}

impl HtmlText {
    pub fn new(html: &str) -> HtmlText {
        let bytes = html.as_bytes();
        let (mut text, mut spans) = (String::new(), Vec::new());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => i = tag_end(html, i),
                b'&' => {
                    let end = html[i..]
                        .char_indices()
                        .take(12)
                        .find(|(_, c)| *c == ';')
                        .map(|(j, _)| i + j + 1);
                    match end.and_then(|e| decode_entity(&html[i..e]).map(|c| (e, c))) {
                        Some((e, c)) => {
                            text.push(c);
                            spans.push((i, e));
                            i = e;
                        }
                        None => {
                            text.push('&');
                            spans.push((i, i + 1));
                            i += 1;
                        }
                    }
                }
                _ => {
                    let c = html[i..].chars().next().unwrap_or(' ');
                    text.push(c);
                    spans.push((i, i + c.len_utf8()));
                    i += c.len_utf8();
                }
            }
        }
        HtmlText { text, spans }
    }

    /// The number of characters of text.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// The byte just after the tag that starts at `start` (quoted attribute
/// values may hold `>`).
fn tag_end(html: &str, start: usize) -> usize {
    let mut quote: Option<char> = None;
    for (j, c) in html[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return start + j + 1,
            _ => {}
        }
    }
    html.len()
}

fn decode_entity(entity: &str) -> Option<char> {
    let name = entity.strip_prefix('&')?.strip_suffix(';')?;
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Wraps the characters `start..end` of each range (character indices in
/// the text) in `<mark class="rt-passage" data-passage="id">`. A mark never
/// spans a tag: it is closed before one and opened again after it, so the
/// markup stays well formed. Where ranges overlap, the one starting first wins.
pub fn highlight(html: &str, parsed: &HtmlText, ranges: &[(usize, usize, i64)]) -> String {
    if ranges.is_empty() {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + ranges.len() * 64);
    let (mut last, mut open): (usize, Option<i64>) = (0, None);
    for (k, (from, to)) in parsed.spans.iter().copied().enumerate() {
        let want = ranges
            .iter()
            .filter(|(s, e, _)| *s <= k && k < *e)
            .min_by_key(|(s, _, _)| *s)
            .map(|(_, _, id)| *id);
        if from > last {
            if open.take().is_some() {
                out.push_str("</mark>");
            }
            out.push_str(&html[last..from]);
        }
        if want != open {
            if open.is_some() {
                out.push_str("</mark>");
            }
            if let Some(id) = want {
                out.push_str(&format!(
                    "<mark class=\"rt-passage\" data-passage=\"{id}\" id=\"passage-{id}\">"
                ));
            }
            open = want;
        }
        out.push_str(&html[from..to]);
        last = to;
    }
    if open.is_some() {
        out.push_str("</mark>");
    }
    out.push_str(&html[last..]);
    out
}

/// Where a passage was quoted from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    /// The character index of the quote in the text it was quoted from.
    pub start: usize,
}

impl Anchor {
    /// The anchor of characters `start..end` of `text`.
    pub fn of(text: &str, start: usize, end: usize) -> Anchor {
        let chars: Vec<char> = text.chars().collect();
        let end = end.min(chars.len());
        let start = start.min(end);
        Anchor {
            quote: chars[start..end].iter().collect(),
            prefix: chars[start.saturating_sub(CONTEXT_CHARS)..start]
                .iter()
                .collect(),
            suffix: chars[end..(end + CONTEXT_CHARS).min(chars.len())]
                .iter()
                .collect(),
            start,
        }
    }
}

/// Where a passage is in the current text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Located {
    /// The quote, word for word, at these character indices.
    Exact { start: usize, end: usize },
    /// Changed since it was quoted; what it became is here.
    Changed { start: usize, end: usize },
    /// Gone.
    Orphaned,
}

impl Located {
    pub fn range(self) -> Option<(usize, usize)> {
        match self {
            Located::Exact { start, end } | Located::Changed { start, end } => Some((start, end)),
            Located::Orphaned => None,
        }
    }
}

/// Finds `anchor`, quoted from `old`, in `new`.
pub fn locate(anchor: &Anchor, old: &str, new: &str) -> Located {
    let quote_len = anchor.quote.chars().count();
    if quote_len == 0 {
        return Located::Orphaned;
    }
    let new_chars: Vec<char> = new.chars().collect();
    let deadline = Instant::now() + Duration::from_millis(200);
    let diff = (old != new).then(|| {
        TextDiff::configure()
            .deadline(deadline)
            .diff_chars(old, new)
    });
    let ops: &[DiffOp] = diff.as_ref().map(|d| d.ops()).unwrap_or(&[]);
    let mapped_start = map_position(ops, anchor.start, false);
    let mapped_end = map_position(ops, anchor.start + quote_len, true);

    // 1. The exact quote: the best context, then the nearest.
    let occurrences = occurrences(&new_chars, &anchor.quote);
    if let Some(start) = occurrences.into_iter().max_by_key(|&start| {
        let context = context_score(&new_chars, start, quote_len, anchor);
        let distance = start.abs_diff(mapped_start);
        (context, std::cmp::Reverse(distance))
    }) {
        return Located::Exact {
            start,
            end: start + quote_len,
        };
    }

    // 2. Where the edits moved it, if it is still like the quote.
    if mapped_end > mapped_start && mapped_end <= new_chars.len() {
        let now: String = new_chars[mapped_start..mapped_end].iter().collect();
        let similarity = TextDiff::configure()
            .deadline(deadline)
            .diff_chars(anchor.quote.as_str(), now.as_str())
            .ratio();
        if similarity >= MIN_SIMILARITY {
            return Located::Changed {
                start: mapped_start,
                end: mapped_end,
            };
        }
    }
    Located::Orphaned
}

/// Where old character index `p` is after the edits `ops`. A start inside
/// replaced text moves to where the replacement starts, an end to where it ends.
fn map_position(ops: &[DiffOp], p: usize, is_end: bool) -> usize {
    if ops.is_empty() {
        return p;
    }
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        let inside = if is_end {
            old.start < p && p <= old.end
        } else {
            old.start <= p && p < old.end
        };
        if !inside {
            continue;
        }
        return match tag {
            DiffTag::Equal => new.start + (p - old.start),
            DiffTag::Delete | DiffTag::Replace | DiffTag::Insert => {
                if is_end {
                    new.end
                } else {
                    new.start
                }
            }
        };
    }
    // Past the end (or an empty old text): the end of the new text.
    ops.last().map(|op| op.new_range().end).unwrap_or(p)
}

/// Character indices where `quote` starts in `text` (at most 1,000).
fn occurrences(text: &[char], quote: &str) -> Vec<usize> {
    let quote: Vec<char> = quote.chars().collect();
    if quote.is_empty() || quote.len() > text.len() {
        return Vec::new();
    }
    (0..=text.len() - quote.len())
        .filter(|&i| text[i] == quote[0] && text[i..i + quote.len()] == quote[..])
        .take(1_000)
        .collect()
}

/// How many characters of context either side of an occurrence match.
fn context_score(text: &[char], start: usize, len: usize, anchor: &Anchor) -> usize {
    let before = text[..start]
        .iter()
        .rev()
        .zip(anchor.prefix.chars().rev())
        .take_while(|(a, b)| *a == b)
        .count();
    let after = text[start + len..]
        .iter()
        .zip(anchor.suffix.chars())
        .take_while(|(a, b)| *a == b)
        .count();
    before + after
}

/// Finds `quote` in `text` from character `from` to `to`, ignoring
/// differences in white space; returns its character range in `text`.
pub fn find_loosely(text: &str, from: usize, to: usize, quote: &str) -> Option<(usize, usize)> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let to = to.min(chars.len());
    // Normalise the searched range: runs of white space become one space,
    // remembering where each normalised character came from.
    let (mut normal, mut origin) = (Vec::new(), Vec::new());
    let mut in_space = false;
    for (i, c) in chars.iter().enumerate().take(to).skip(from) {
        if c.is_whitespace() {
            if !in_space && !normal.is_empty() {
                normal.push(' ');
                origin.push(i);
            }
            in_space = true;
        } else {
            normal.push(*c);
            origin.push(i);
            in_space = false;
        }
    }
    let needle: Vec<char> = words.join(" ").chars().collect();
    if needle.len() > normal.len() {
        return None;
    }
    (0..=normal.len() - needle.len())
        .find(|&i| normal[i..i + needle.len()] == needle[..])
        .map(|i| (origin[i], origin[i + needle.len() - 1] + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "Boards own cyber risk. Staff report incidents quickly. Suppliers tell boards about breaches.";

    fn anchor(quote: &str) -> Anchor {
        let start = OLD.find(quote).unwrap();
        let start = OLD[..start].chars().count();
        Anchor::of(OLD, start, start + quote.chars().count())
    }

    fn text_at(text: &str, located: Located) -> String {
        let (s, e) = located.range().unwrap();
        text.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn edits_before_and_after_the_passage_keep_it_exact() {
        let a = anchor("Staff report incidents quickly.");
        let new = "All boards own and review cyber risk. Staff report incidents quickly. Suppliers tell boards about breaches at once.";
        let found = locate(&a, OLD, new);
        assert!(matches!(found, Located::Exact { .. }), "{found:?}");
        assert_eq!(text_at(new, found), "Staff report incidents quickly.");
    }

    #[test]
    fn an_edit_inside_the_passage_finds_what_it_became() {
        let a = anchor("Staff report incidents quickly.");
        let new = "Boards own cyber risk. Staff report every incident within a day. Suppliers tell boards about breaches.";
        let found = locate(&a, OLD, new);
        assert!(matches!(found, Located::Changed { .. }), "{found:?}");
        assert_eq!(
            text_at(new, found),
            "Staff report every incident within a day."
        );
    }

    #[test]
    fn a_removed_passage_is_orphaned() {
        let a = anchor("Staff report incidents quickly.");
        let new = "Boards own cyber risk. Suppliers tell boards about breaches.";
        assert_eq!(locate(&a, OLD, new), Located::Orphaned);
        let rewritten = "Boards own cyber risk. Everything else is different now, entirely. Suppliers tell boards about breaches.";
        assert_eq!(locate(&a, OLD, rewritten), Located::Orphaned);
    }

    #[test]
    fn a_repeated_quote_is_told_apart_by_its_context() {
        let old = "Boards report risks. Staff report incidents.";
        let a = Anchor::of(old, 27, 33); // the "report" after "Staff "
        assert_eq!(a.quote, "report");
        let new = "Staff report incidents. Boards report risks.";
        assert_eq!(locate(&a, old, new), Located::Exact { start: 6, end: 12 });
    }

    #[test]
    fn html_text_and_marks_stay_well_formed() {
        let html =
            "<p>Boards <strong>own</strong> cyber &amp; risk.</p>\n<p title=\"a>b\">Next</p>";
        let parsed = HtmlText::new(html);
        assert_eq!(parsed.text, "Boards own cyber & risk.\nNext");
        // "own cyber &" crosses the end of <strong>.
        let marked = highlight(html, &parsed, &[(7, 18, 5)]);
        assert_eq!(
            marked,
            "<p>Boards <strong><mark class=\"rt-passage\" data-passage=\"5\" id=\"passage-5\">own</mark></strong>\
             <mark class=\"rt-passage\" data-passage=\"5\" id=\"passage-5\"> cyber &amp;</mark> risk.</p>\n<p title=\"a>b\">Next</p>"
        );
    }

    #[test]
    fn quotes_are_found_whatever_the_white_space() {
        let text = "First line\nsecond   line here";
        assert_eq!(
            find_loosely(text, 0, 100, "line  second line"),
            Some((6, 24))
        );
        assert_eq!(find_loosely(text, 11, 100, "First"), None);
    }
}
