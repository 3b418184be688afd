//! The translation files checked against each other and against the code:
//! every message in both languages with the same variables, Welsh plurals
//! with all six forms, every id the code asks for present, none unused.

use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LOCALES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
const SOURCES: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../server/src"),
];
const WELSH_PLURALS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Message id → (variables it uses, the plural keys of each of its selects).
type Messages = BTreeMap<String, (BTreeSet<String>, Vec<BTreeSet<String>>)>;

fn messages(file: &str) -> Messages {
    let text =
        std::fs::read_to_string(Path::new(LOCALES).join(file)).expect("the file is readable");
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{file} does not parse: {errors:?}"));
    let mut out = Messages::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let id = message.id.name.to_owned();
            let mut found = (BTreeSet::new(), Vec::new());
            if let Some(pattern) = &message.value {
                walk_pattern(pattern, &mut found);
            }
            assert!(
                !message.attributes.is_empty() || message.value.is_some(),
                "{file}: {id} is empty"
            );
            assert!(
                out.insert(id.clone(), found).is_none(),
                "{file}: {id} twice"
            );
        }
    }
    out
}

fn walk_pattern(
    pattern: &ast::Pattern<&str>,
    found: &mut (BTreeSet<String>, Vec<BTreeSet<String>>),
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, found);
        }
    }
}

fn walk_expression(
    expression: &ast::Expression<&str>,
    found: &mut (BTreeSet<String>, Vec<BTreeSet<String>>),
) {
    match expression {
        ast::Expression::Inline(inline) => walk_inline(inline, found),
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, found);
            let keys = variants
                .iter()
                .filter_map(|v| match &v.key {
                    ast::VariantKey::Identifier { name } => Some((*name).to_owned()),
                    ast::VariantKey::NumberLiteral { .. } => None,
                })
                .collect();
            found.1.push(keys);
            for variant in variants {
                walk_pattern(&variant.value, found);
            }
        }
    }
}

fn walk_inline(
    inline: &ast::InlineExpression<&str>,
    found: &mut (BTreeSet<String>, Vec<BTreeSet<String>>),
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            found.0.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                walk_inline(argument, found);
            }
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, found),
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_variables() {
    let english = messages("en.ftl");
    let welsh = messages("cy.ftl");
    let missing: Vec<_> = english
        .keys()
        .filter(|id| !welsh.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "not in Welsh: {missing:?}");
    let extra: Vec<_> = welsh
        .keys()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(extra.is_empty(), "only in Welsh: {extra:?}");
    for (id, (variables, _)) in &english {
        assert_eq!(
            variables, &welsh[id].0,
            "{id}: the variables differ between en.ftl and cy.ftl"
        );
    }
}

#[test]
fn welsh_plurals_have_all_six_forms() {
    for (id, (_, selects)) in messages("cy.ftl") {
        for keys in selects {
            if keys.iter().any(|k| WELSH_PLURALS.contains(&k.as_str())) {
                let lacking: Vec<_> = WELSH_PLURALS
                    .iter()
                    .filter(|k| !keys.contains(**k))
                    .collect();
                assert!(
                    lacking.is_empty(),
                    "cy.ftl {id}: a plural without {lacking:?}"
                );
            }
        }
    }
}

/// Every `t!(…, "id"…)` in the app and the server.
fn ids_in_use() -> BTreeSet<String> {
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(Path::new(dir), &mut files);
    }
    let mut ids = BTreeSet::new();
    // This file's own strings show the macro; its calls are not uses.
    for file in files.into_iter().filter(|f| !f.ends_with("i18n/tests.rs")) {
        let text = std::fs::read_to_string(&file).expect("source is readable");
        // Comments show examples, not calls.
        let code: String = text
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .flat_map(|line| [line, "\n"])
            .collect();
        for (at, _) in code.match_indices("t!(") {
            // `format!(`, `assert!(`, or the text "t!(" in a string.
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"') {
                continue;
            }
            let call = &code[at + 3..];
            let Some(id) = call
                .split_once(',')
                .map(|(_, rest)| rest.trim_start())
                .and_then(|rest| rest.strip_prefix('"'))
                .and_then(|rest| rest.split_once('"'))
                .map(|(id, _)| id)
            else {
                panic!(
                    "{}: a t! call without a literal id: t!({}",
                    file.display(),
                    &call[..call.len().min(60)]
                );
            };
            ids.insert(id.to_owned());
        }
    }
    ids
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_message_in_use_exists_and_every_message_is_used() {
    let english = messages("en.ftl");
    let used = ids_in_use();
    let unknown: Vec<_> = used
        .iter()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(
        unknown.is_empty(),
        "used but in no translation file: {unknown:?}"
    );
    let unused: Vec<_> = english.keys().filter(|id| !used.contains(*id)).collect();
    assert!(
        unused.is_empty(),
        "in the translation files but used nowhere: {unused:?}"
    );
}

#[test]
fn messages_read_in_each_language() {
    use super::Locale;
    assert_eq!(crate::t!(Locale::Cy, "nav-sign-in"), "Mewngofnodi");
    assert_eq!(crate::t!(Locale::En, "nav-sign-in"), "Sign in");
    assert_eq!(
        crate::t!(Locale::Cy, "page-title", title = "Ymgyngoriadau"),
        "Ymgyngoriadau – Roundtable"
    );
}
