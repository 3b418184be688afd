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
    if !in_order(diff.ops(), diff.old_slices().len(), diff.new_slices().len()) {
        return [(Change::Removed, old), (Change::Added, new)]
            .into_iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|(change, text)| DiffPart {
                change,
                text: text.to_owned(),
            })
            .collect();
    }
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
    let ops = diff_ops(base, side, deadline);
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

/// The edits from `base` to `side`, in order. similar 2.7.0's Myers diff
/// returns edits out of order for some inputs (found by fuzzing:
/// `tests/fuzz/corpus/merge/word-merge-past-the-end`), which would make the
/// merge read past the end of a text; so each answer is checked, Patience
/// is asked when Myers fails, and when both fail the whole text is one edit
/// (a coarser merge, never a wrong one).
fn diff_ops(base: &[&str], side: &[&str], deadline: Instant) -> Vec<similar::DiffOp> {
    for algorithm in [similar::Algorithm::Myers, similar::Algorithm::Patience] {
        let ops = similar::capture_diff_slices_deadline(algorithm, base, side, Some(deadline));
        if in_order(&ops, base.len(), side.len()) {
            return ops;
        }
    }
    vec![similar::DiffOp::Replace {
        old_index: 0,
        old_len: base.len(),
        new_index: 0,
        new_len: side.len(),
    }]
}

/// Whether `ops` take both texts from start to end, each edit beginning
/// where the one before it ended, on both sides.
fn in_order(ops: &[similar::DiffOp], old_len: usize, new_len: usize) -> bool {
    let (mut old, mut new) = (0, 0);
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        if o.start != old || n.start != new {
            return false;
        }
        (old, new) = (o.end, n.end);
    }
    old == old_len && new == new_len
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
mod tests;
