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

/// The byte just after the tag (or comment) that starts at `start`
/// (quoted attribute values may hold `>`).
fn tag_end(html: &str, start: usize) -> usize {
    if html[start..].starts_with("<!--") {
        return html[start + 4..]
            .find("-->")
            .map(|j| start + 4 + j + 3)
            .unwrap_or(html.len());
    }
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
/// markup stays well formed; text that is only white space between tags
/// (between list items, table rows, …) is never wrapped. Where ranges
/// overlap, the one starting first wins. Only the first piece of a passage
/// carries its `id`. One pass over the HTML, however many ranges.
pub fn highlight(html: &str, parsed: &HtmlText, ranges: &[(usize, usize, i64)]) -> String {
    if ranges.is_empty() {
        return html.to_owned();
    }
    let n = parsed.spans.len();
    // Paint each character with the range covering it that starts first.
    let mut paint: Vec<Option<i64>> = vec![None; n];
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.0);
    let mut painted_until = 0;
    for (start, end, id) in sorted {
        let end = end.min(n);
        for slot in paint.iter_mut().take(end).skip(start.max(painted_until)) {
            *slot = Some(id);
        }
        painted_until = painted_until.max(end);
    }
    // Runs of contiguous text (between tags) that are only white space.
    let chars: Vec<char> = parsed.text.chars().collect();
    let mut run_start = 0;
    for k in 1..=n {
        let run_ends = k == n || parsed.spans[k].0 != parsed.spans[k - 1].1;
        if run_ends {
            if chars[run_start..k].iter().all(|c| c.is_whitespace()) {
                paint[run_start..k].iter_mut().for_each(|p| *p = None);
            }
            run_start = k;
        }
    }

    let mut out = String::with_capacity(html.len() + ranges.len() * 64);
    let (mut last, mut open): (usize, Option<i64>) = (0, None);
    let mut named = std::collections::HashSet::new();
    for (k, (from, to)) in parsed.spans.iter().copied().enumerate() {
        let want = paint[k];
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
                if named.insert(id) {
                    out.push_str(&format!(
                        "<mark class=\"rt-passage\" data-passage=\"{id}\" id=\"passage-{id}\">"
                    ));
                } else {
                    out.push_str(&format!(
                        "<mark class=\"rt-passage\" data-passage=\"{id}\">"
                    ));
                }
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
        Searched::new(text).anchor(start, end)
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

/// How the characters of one text moved in another: the edits between
/// them, worked out once and used for every passage quoted from the first.
pub struct Mapping {
    ops: Vec<DiffOp>,
}

impl Mapping {
    /// The edits from `old` to `new`, found within `deadline` (after it, a
    /// coarser answer).
    pub fn between(old: &str, new: &str, deadline: Instant) -> Mapping {
        if old == new {
            return Mapping { ops: Vec::new() };
        }
        let diff = TextDiff::configure()
            .deadline(deadline.min(Instant::now() + Duration::from_millis(100)))
            .diff_chars(old, new);
        Mapping {
            ops: diff.ops().to_vec(),
        }
    }

    /// Where old character index `p` is now. A start inside replaced text
    /// moves to where the replacement starts, an end to where it ends.
    fn map(&self, p: usize, is_end: bool) -> usize {
        if self.ops.is_empty() {
            return p;
        }
        for op in &self.ops {
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
                _ if is_end => new.end,
                _ => new.start,
            };
        }
        // Past the end (or an empty old text): the end of the new text.
        self.ops.last().map(|op| op.new_range().end).unwrap_or(p)
    }
}

/// A text passages are looked for in, with its characters at hand.
pub struct Searched<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// The byte offset of each character.
    bytes: Vec<usize>,
}

impl<'a> Searched<'a> {
    pub fn new(text: &'a str) -> Self {
        let (bytes, chars) = text.char_indices().unzip();
        Searched { text, chars, bytes }
    }

    /// The anchor of characters `start..end`.
    pub fn anchor(&self, start: usize, end: usize) -> Anchor {
        let end = end.min(self.chars.len());
        let start = start.min(end);
        let chars = &self.chars;
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

    pub fn excerpt(&self, (start, end): (usize, usize)) -> String {
        self.chars[start.min(end)..end.min(self.chars.len())]
            .iter()
            .collect()
    }
}

/// Finds `anchor` in `new`, given how the text it was quoted from became
/// `new` (`mapping`).
pub fn locate(anchor: &Anchor, mapping: &Mapping, new: &Searched) -> Located {
    let quote_len = anchor.quote.chars().count();
    if quote_len == 0 {
        return Located::Orphaned;
    }
    let mapped_start = mapping.map(anchor.start, false);
    let mapped_end = mapping.map(anchor.start + quote_len, true);

    // 1. The exact quote: the best context, then the nearest; but only one
    //    whose context agrees or that lies where the edits moved the
    //    passage (the same words elsewhere are another passage).
    let available = anchor.prefix.chars().count() + anchor.suffix.chars().count();
    let enough_context = available.min(6);
    let near = quote_len.max(16);
    let best = new
        .text
        .match_indices(anchor.quote.as_str())
        .take(1_000)
        .filter_map(|(byte, _)| new.bytes.binary_search(&byte).ok())
        .map(|start| {
            let context = context_score(&new.chars, start, quote_len, anchor);
            (start, context, start.abs_diff(mapped_start))
        })
        .filter(|&(_, context, distance)| context >= enough_context || distance <= near)
        .max_by_key(|&(_, context, distance)| (context, std::cmp::Reverse(distance)));
    if let Some((start, _, _)) = best {
        return Located::Exact {
            start,
            end: start + quote_len,
        };
    }

    // 2. Where the edits moved it, if it is still like the quote.
    let found = mapped_end.saturating_sub(mapped_start);
    if found > 0 && mapped_end <= new.chars.len() && found <= quote_len * 3 + 16 {
        let now: String = new.chars[mapped_start..mapped_end].iter().collect();
        let similarity = TextDiff::configure()
            .deadline(Instant::now() + Duration::from_millis(50))
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

/// [`locate`] for one passage, working out the edits itself.
pub fn locate_in(anchor: &Anchor, old: &str, new: &str) -> Located {
    let mapping = Mapping::between(old, new, Instant::now() + Duration::from_millis(200));
    locate(anchor, &mapping, &Searched::new(new))
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

/// The paragraphs of a text (its lines that are not blank), as character
/// ranges without their leading and trailing white space.
pub fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for k in 0..=chars.len() {
        if k == chars.len() || chars[k] == '\n' {
            let line = &chars[line_start..k];
            let lead = line.iter().take_while(|c| c.is_whitespace()).count();
            if lead < line.len() {
                let trail = line.iter().rev().take_while(|c| c.is_whitespace()).count();
                out.push((line_start + lead, k - trail));
            }
            line_start = k + 1;
        }
    }
    out
}

/// Finds `quote` in characters `from..to` of `chars`, ignoring differences
/// in white space; returns its character range.
pub fn find_loosely(chars: &[char], from: usize, to: usize, quote: &str) -> Option<(usize, usize)> {
    let needle: Vec<char> = quote
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if needle.is_empty() {
        return None;
    }
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
    if needle.len() > normal.len() {
        return None;
    }
    (0..=normal.len() - needle.len())
        .find(|&i| normal[i] == needle[0] && normal[i..i + needle.len()] == needle[..])
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
        let found = locate_in(&a, OLD, new);
        assert!(matches!(found, Located::Exact { .. }), "{found:?}");
        assert_eq!(text_at(new, found), "Staff report incidents quickly.");
    }

    #[test]
    fn an_edit_inside_the_passage_finds_what_it_became() {
        let a = anchor("Staff report incidents quickly.");
        let new = "Boards own cyber risk. Staff report every incident within a day. Suppliers tell boards about breaches.";
        let found = locate_in(&a, OLD, new);
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
        assert_eq!(locate_in(&a, OLD, new), Located::Orphaned);
        let rewritten = "Boards own cyber risk. Everything else is different now, entirely. Suppliers tell boards about breaches.";
        assert_eq!(locate_in(&a, OLD, rewritten), Located::Orphaned);
    }

    #[test]
    fn a_repeated_quote_is_told_apart_by_its_context() {
        let old = "Boards report risks. Staff report incidents.";
        let a = Anchor::of(old, 27, 33); // the "report" after "Staff "
        assert_eq!(a.quote, "report");
        let new = "Staff report incidents. Boards report risks.";
        assert_eq!(
            locate_in(&a, old, new),
            Located::Exact { start: 6, end: 12 }
        );
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
             <mark class=\"rt-passage\" data-passage=\"5\"> cyber &amp;</mark> risk.</p>\n<p title=\"a>b\">Next</p>"
        );
    }

    #[test]
    fn quotes_are_found_whatever_the_white_space() {
        let chars: Vec<char> = "First line\nsecond   line here".chars().collect();
        assert_eq!(
            find_loosely(&chars, 0, 100, "line  second line"),
            Some((6, 24))
        );
        assert_eq!(find_loosely(&chars, 11, 100, "First"), None);
        assert_eq!(paragraphs(&chars), vec![(0, 10), (11, 29)]);
    }

    #[test]
    fn the_same_words_elsewhere_are_another_passage() {
        // From the security review: "risk" was quoted from the first
        // sentence, which no longer says it; the second sentence's "risk"
        // is not the passage.
        let old = "Boards own cyber risk. Staff manage risk.";
        let a = Anchor::of(old, 17, 21);
        assert_eq!(a.quote, "risk");
        let new = "Boards own cyber threats. Staff manage risk.";
        assert_eq!(locate_in(&a, old, new), Located::Orphaned);
    }

    #[test]
    fn marks_skip_white_space_between_blocks_and_name_a_passage_once() {
        let html = "<ul>\n<li>One</li>\n<li>Two</li>\n</ul>";
        let parsed = HtmlText::new(html);
        assert_eq!(parsed.text, "\nOne\nTwo\n");
        let marked = highlight(html, &parsed, &[(1, 8, 3)]);
        assert_eq!(
            marked,
            "<ul>\n<li><mark class=\"rt-passage\" data-passage=\"3\" id=\"passage-3\">One</mark></li>\n\
             <li><mark class=\"rt-passage\" data-passage=\"3\">Two</mark></li>\n</ul>"
        );
    }
}
