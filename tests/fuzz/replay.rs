//! Replays every input kept in `tests/fuzz/corpus/<target>` through that
//! fuzz target's property, so that `cargo test` (and CI, which has neither
//! libFuzzer nor a nightly compiler) keeps what fuzzing found fixed.

#[path = "properties.rs"]
mod properties;

use std::path::Path;

fn replay(target: &str, property: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut replayed = 0;
    for entry in entries {
        let path = entry.expect("a corpus entry").path();
        let data = std::fs::read(&path).expect("a corpus file");
        if std::panic::catch_unwind(|| property(&data)).is_err() {
            panic!(
                "{} fails the {target} property (message above)",
                path.display()
            );
        }
        replayed += 1;
    }
    assert!(replayed > 0, "{} holds no inputs", dir.display());
}

#[test]
fn markdown_corpus() {
    replay("markdown", properties::markdown);
}

#[test]
fn passages_corpus() {
    replay("passages", properties::passages);
}

#[test]
fn merge_corpus() {
    replay("merge", properties::merge);
}

/// The markdown property's check itself: it refuses what the sanitiser
/// must never let through, and accepts what it should keep.
#[test]
fn the_allow_list_check_refuses_scripts_handlers_and_other_links() {
    for html in [
        "<script>alert(1)</script>",
        "<p onclick=\"alert(1)\">x</p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<img src=\"https://example.org/x.png\">",
        "<p style=\"color: red\">x</p>",
        "<svg></svg>",
    ] {
        let refused = std::panic::catch_unwind(|| properties::assert_only_allowed(html)).is_err();
        assert!(refused, "{html} passed the check");
    }
    properties::assert_only_allowed(
        "<p><a href=\"https://example.org/a?b=c&amp;d#e\" rel=\"nofollow noopener noreferrer\">x</a> \
         <a href=\"/items/1\">y</a> <a href=\"mailto:a@example.org\">z</a> \
         <a href=\"ht%ps://example.org\">a relative path</a></p>\
         <table><thead><tr><th>a</th></tr></thead></table><del>d</del><br>",
    );
}
