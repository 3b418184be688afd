//! The word diff's and the three-way merge's tests.
use super::*;

#[test]
fn edits_out_of_order_are_caught_and_the_merge_stays_within_the_texts() {
    // What similar 2.7.0's Myers diff answered for the input fuzzing found.
    let bogus = [
        similar::DiffOp::Delete {
            old_index: 0,
            old_len: 5,
            new_index: 2,
        },
        similar::DiffOp::Equal {
            old_index: 5,
            new_index: 0,
            len: 1,
        },
        similar::DiffOp::Insert {
            old_index: 1,
            new_index: 1,
            new_len: 10,
        },
    ];
    assert!(!in_order(&bogus, 6, 11));
    let fine = [
        similar::DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: 2,
        },
        similar::DiffOp::Replace {
            old_index: 2,
            old_len: 1,
            new_index: 2,
            new_len: 3,
        },
    ];
    assert!(in_order(&fine, 3, 5));

    let found = include_bytes!("../../../../../tests/fuzz/corpus/merge/word-merge-past-the-end");
    let mut parts = found.splitn(3, |b| *b == 0).map(String::from_utf8_lossy);
    let (base, ours, theirs) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let later = Instant::now() + Duration::from_secs(5);
    assert_eq!(merge_until(&base, &ours, &theirs, later), Merged::Conflict);
    assert_eq!(
        merge_until(&base, &ours, &base, later),
        Merged::Clean(ours.clone().into_owned())
    );
}

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
    let ours =
        "Boards own and review cyber risk. Staff report incidents quickly.\n\nSecond paragraph.";
    let theirs = "Boards own cyber risk. Staff report incidents within a day.\n\nSecond paragraph.";
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
