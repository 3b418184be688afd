//! Comparing and merging section texts, word by word.
//!
//! Diffs use `similar` on words; three-way merges use `diffy`, which merges
//! line by line, so texts are first split into one word (or run of spaces)
//! per line: two people changing different sentences of one paragraph then
//! merge cleanly, and only changes to the same words conflict.

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

/// Splits text into words and runs of whitespace, one per line, escaping
/// newlines and backslashes so each token stays on its line.
fn to_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_space = None;
    for c in text.chars() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push('\n');
        }
        in_space = Some(space);
        match c {
            '\n' => out.push_str("\\n"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    if in_space.is_some() {
        out.push('\n');
    }
    out
}

fn from_lines(lines: &str) -> String {
    let mut out = String::with_capacity(lines.len());
    let mut chars = lines.chars();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {}
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            c => out.push(c),
        }
    }
    out
}

/// Merges two changes of `base` (`ours` and `theirs`): the merged text, or
/// `None` when they change the same words.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if ours == theirs {
        return Some(ours.to_owned());
    }
    diffy::merge(&to_lines(base), &to_lines(ours), &to_lines(theirs))
        .ok()
        .map(|merged| from_lines(&merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for text in ["", "one", "two words", " lead\n\nand\ttrail \\n ", "a\\\nb"] {
            assert_eq!(from_lines(&to_lines(text)), text);
        }
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
