//! Comparing and merging section texts, word by word.
//!
//! Diffs and three-way merges work on words (and runs of whitespace), with
//! `similar`: two people changing different sentences of one paragraph
//! merge cleanly, and only changes to the same words conflict. Both stop at
//! a deadline, so that no pair of texts can hold the server.

use super::{Change, DiffPart};
use similar::{ChangeTag, TextDiff};
use std::time::{Duration, Instant};

/// The changes from `old` to `new`, word by word: each changed stretch as
/// one removed run followed by one added run. Spaces between two changed
/// words count as changed too, so "quickly" → "within a day" reads as one
/// replacement rather than a patchwork around the shared spaces.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    word_diff_until(old, new, Instant::now() + Duration::from_millis(200))
}

/// As [`word_diff`], giving a coarser diff rather than working past
/// `deadline` (so a pathological pair cannot hold the server).
pub fn word_diff_until(old: &str, new: &str, deadline: Instant) -> Vec<DiffPart> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .deadline(deadline)
        .diff_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    let (mut removed, mut added, mut spaces) = (String::new(), String::new(), String::new());
    let mut in_change = false;
    let flush = |parts: &mut Vec<DiffPart>, removed: &mut String, added: &mut String| {
        for (change, text) in [(Change::Removed, removed), (Change::Added, added)] {
            if !text.is_empty() {
                parts.push(DiffPart {
                    change,
                    text: std::mem::take(text),
                });
            }
        }
    };
    let push_same = |parts: &mut Vec<DiffPart>, text: &str| match parts.last_mut() {
        Some(last) if last.change == Change::Same => last.text.push_str(text),
        _ => parts.push(DiffPart {
            change: Change::Same,
            text: text.to_owned(),
        }),
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal if in_change && value.trim().is_empty() => spaces.push_str(value),
            ChangeTag::Equal => {
                flush(&mut parts, &mut removed, &mut added);
                push_same(&mut parts, &std::mem::take(&mut spaces));
                push_same(&mut parts, value);
                in_change = false;
            }
            tag => {
                if !spaces.is_empty() {
                    removed.push_str(&spaces);
                    added.push_str(&spaces);
                    spaces.clear();
                }
                if tag == ChangeTag::Delete {
                    removed.push_str(value)
                } else {
                    added.push_str(value)
                }
                in_change = true;
            }
        }
    }
    flush(&mut parts, &mut removed, &mut added);
    if !spaces.is_empty() {
        push_same(&mut parts, &spaces);
    }
    parts.retain(|p| !p.text.is_empty());
    parts
}

/// How a three-way merge ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged {
    /// Both changes, in one text.
    Clean(String),
    /// The two change the same words.
    Conflict,
    /// Comparing them took longer than allowed: too different to merge
    /// automatically.
    TooDifferent,
}

/// Merges two changes of `base` (`ours` and `theirs`) word by word, giving
/// up at `deadline`. Each side is compared with `base` (`similar`'s Myers
/// diff, which stops refining at the deadline), then the changed stretches
/// of both are laid over `base`: where they touch or overlap they must be
/// the same change, or the merge conflicts.
pub fn merge_until(base: &str, ours: &str, theirs: &str, deadline: Instant) -> Merged {
    if ours == theirs {
        return Merged::Clean(ours.to_owned());
    }
    let (base, ours, theirs) = (tokens(base), tokens(ours), tokens(theirs));
    let ours_hunks = hunks(&base, &ours, deadline);
    let theirs_hunks = hunks(&base, &theirs, deadline);
    if Instant::now() >= deadline {
        return Merged::TooDifferent;
    }
    let (mut a, mut b) = (ours_hunks.iter().peekable(), theirs_hunks.iter().peekable());
    let mut out: Vec<&str> = Vec::with_capacity(base.len());
    let mut pos = 0;
    loop {
        let start = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(h), None) | (None, Some(h)) => h.base.start,
            (Some(x), Some(y)) => x.base.start.min(y.base.start),
        };
        out.extend_from_slice(&base[pos..start]);
        // The cluster of hunks of either side that touch one another.
        let mut end = start;
        let (mut ours_in, mut theirs_in) = (Vec::new(), Vec::new());
        loop {
            if let Some(h) = a.next_if(|h| h.base.start <= end) {
                end = end.max(h.base.end);
                ours_in.push(h);
            } else if let Some(h) = b.next_if(|h| h.base.start <= end) {
                end = end.max(h.base.end);
                theirs_in.push(h);
            } else {
                break;
            }
        }
        let ours_side = side(&ours, &ours_in, start, end);
        let theirs_side = side(&theirs, &theirs_in, start, end);
        match (ours_in.is_empty(), theirs_in.is_empty()) {
            (false, true) => out.extend_from_slice(ours_side),
            (true, false) => out.extend_from_slice(theirs_side),
            _ if ours_side == theirs_side => out.extend_from_slice(ours_side),
            _ => return Merged::Conflict,
        }
        pos = end;
    }
    out.extend_from_slice(&base[pos..]);
    Merged::Clean(out.concat())
}

/// A changed stretch: `base[base]` became `side[side]`.
struct Hunk {
    base: std::ops::Range<usize>,
    side: std::ops::Range<usize>,
}

/// The changed stretches from `base` to `side`, in order.
fn hunks(base: &[&str], side: &[&str], deadline: Instant) -> Vec<Hunk> {
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        base,
        side,
        Some(deadline),
    );
    let mut hunks: Vec<Hunk> = Vec::new();
    for op in ops {
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let (base_range, side_range) = (op.old_range(), op.new_range());
        match hunks.last_mut() {
            Some(last)
                if last.base.end == base_range.start && last.side.end == side_range.start =>
            {
                last.base.end = base_range.end;
                last.side.end = side_range.end;
            }
            _ => hunks.push(Hunk {
                base: base_range,
                side: side_range,
            }),
        }
    }
    hunks
}

/// What one side made of `base[start..end]`, given its hunks there (none:
/// it left that stretch as it was).
fn side<'a>(side: &'a [&'a str], hunks: &[&Hunk], start: usize, end: usize) -> &'a [&'a str] {
    match (hunks.first(), hunks.last()) {
        (Some(first), Some(last)) => {
            let from = first.side.start - (first.base.start - start);
            let to = last.side.end + (end - last.base.end);
            &side[from..to]
        }
        _ => &[],
    }
}

/// Words and runs of whitespace, in order: together, the text.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[from..i]);
            from = i;
        }
        in_space = Some(space);
    }
    if from < text.len() {
        out.push(&text[from..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(base: &str, ours: &str, theirs: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(5);
        match merge_until(base, ours, theirs, deadline) {
            Merged::Clean(text) => Some(text),
            Merged::Conflict => None,
            Merged::TooDifferent => panic!("five seconds were not enough"),
        }
    }

    #[test]
    fn tokens_are_the_text() {
        for text in [
            "",
            "one",
            "two words",
            " lead\n\nand\ttrail \\n ",
            "a\\\nb",
            "é à\u{1F600} x",
        ] {
            assert_eq!(tokens(text).concat(), text);
        }
        assert_eq!(
            tokens(" Boards  own.\n"),
            [" ", "Boards", "  ", "own.", "\n"]
        );
    }

    #[test]
    fn changes_at_both_ends_and_the_middle_merge() {
        let base = "one two three four five six seven";
        assert_eq!(
            merge(
                base,
                "zero one two three four five six seven",
                "one two three 4 five six seven eight"
            )
            .as_deref(),
            Some("zero one two three 4 five six seven eight")
        );
        // One side removing what the other left alone.
        assert_eq!(
            merge(
                base,
                "one two three four five six seven",
                "one five six seven"
            )
            .as_deref(),
            Some("one five six seven")
        );
        // Both removing the same words, each changing another further off.
        assert_eq!(
            merge(
                base,
                "One two four five six seven",
                "one two four five six Seven"
            )
            .as_deref(),
            Some("One two four five six Seven")
        );
        // Two insertions at the same place conflict unless they are the same.
        assert_eq!(merge("a b", "a x b", "a y b"), None);
        assert_eq!(merge("a b", "a x b", "a x b").as_deref(), Some("a x b"));
    }

    #[test]
    fn a_side_that_changed_nothing_gives_the_others_text() {
        let texts = [
            "",
            "a",
            "a b c",
            "Boards own cyber risk.\n\nStaff report.",
            " x  y ",
            "one two three two one",
        ];
        for base in texts {
            for other in texts {
                assert_eq!(
                    merge(base, base, other).as_deref(),
                    Some(other),
                    "{base:?} {other:?}"
                );
                assert_eq!(
                    merge(base, other, base).as_deref(),
                    Some(other),
                    "{base:?} {other:?}"
                );
            }
        }
    }

    #[test]
    fn texts_too_different_to_compare_in_time_are_not_merged() {
        let base = "c\n".repeat(25_000);
        let ours = "a ".repeat(25_000);
        let theirs = "b\t".repeat(25_000);
        assert_eq!(
            merge_until(&base, &ours, &theirs, Instant::now()),
            Merged::TooDifferent
        );
        // Changes that fit the time still merge.
        let deadline = Instant::now() + Duration::from_secs(5);
        assert_eq!(
            merge_until("a b", "a b c", "z a b", deadline),
            Merged::Clean("z a b c".into())
        );
    }

    #[test]
    fn changes_to_different_sentences_of_a_paragraph_merge() {
        let base = "Boards own cyber risk. Staff report incidents quickly.\n\nSecond paragraph.";
        let ours = "Boards own and review cyber risk. Staff report incidents quickly.\n\nSecond paragraph.";
        let theirs =
            "Boards own cyber risk. Staff report incidents within a day.\n\nSecond paragraph.";
        assert_eq!(
            merge(base, ours, theirs).as_deref(),
            Some("Boards own and review cyber risk. Staff report incidents within a day.\n\nSecond paragraph.")
        );
    }

    #[test]
    fn changes_to_the_same_words_conflict() {
        let base = "Report incidents quickly.";
        assert_eq!(
            merge(
                base,
                "Report incidents at once.",
                "Report incidents within a day."
            ),
            None
        );
        assert_eq!(
            merge(base, "Same change.", "Same change.").as_deref(),
            Some("Same change.")
        );
    }

    #[test]
    fn word_diff_marks_insertions_and_deletions() {
        let parts = word_diff(
            "Staff report incidents quickly.",
            "Staff report all incidents within a day.",
        );
        let rebuilt_new: String = parts
            .iter()
            .filter(|p| p.change != Change::Removed)
            .map(|p| p.text.as_str())
            .collect();
        let rebuilt_old: String = parts
            .iter()
            .filter(|p| p.change != Change::Added)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(rebuilt_new, "Staff report all incidents within a day.");
        assert_eq!(rebuilt_old, "Staff report incidents quickly.");
        assert!(parts
            .iter()
            .any(|p| p.change == Change::Added && p.text.contains("all")));
        assert!(parts
            .iter()
            .any(|p| p.change == Change::Removed && p.text.contains("quickly")));
        let parts = word_diff(
            "report incidents quickly.\n\nA second paragraph.",
            "report incidents within a day.",
        );
        assert_eq!(
            parts,
            vec![
                DiffPart {
                    change: Change::Same,
                    text: "report incidents ".into()
                },
                DiffPart {
                    change: Change::Removed,
                    text: "quickly.\n\nA second paragraph.".into()
                },
                DiffPart {
                    change: Change::Added,
                    text: "within a day.".into()
                },
            ]
        );
    }
}
