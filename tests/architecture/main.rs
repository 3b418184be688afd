//! The shape of `app/src`, checked: the layers of ARCHITECTURE.md and their
//! one rule (a module uses its own layer or those below it), no feature
//! reaching into another feature's server functions or views, no import
//! cycle between modules, a pure `domain`, and files of a readable size.
//!
//! It reads the source, not the compiled crate: every `crate::<module>`
//! path (and `$crate::`, and the crate's exported macros) is an edge from
//! the module the file belongs to. Comments are skipped; a path in a string
//! would count too, which is the safe side.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use modules of its own layer or of
/// a lower one. Every folder or file directly under `app/src` must be named
/// here (`lib` is `lib.rs`: the router and the document).
const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &["domain"]),
    (
        "platform",
        &[
            "error", "db", "context", "csp", "flash", "forms", "i18n", "markdown", "secrets",
            "time_fmt", "identity", "ui",
        ],
    ),
    (
        "features",
        &[
            "account",
            "admin",
            "audit",
            "auth",
            "consultations",
            "dashboard",
            "discussion",
            "drafts",
            "institutions",
            "outcomes",
            "passages",
            "progress",
            "roadmap",
            "sso",
            "suggestions",
            "themes",
            "two_step",
        ],
    ),
    ("pages", &["pages", "layout"]),
    ("app", &["lib", "routes"]),
];

/// Macros exported at the crate root, and the module that defines each.
const MACROS: &[(&str, &str)] = &[("with_db", "db"), ("audit_append", "audit"), ("t", "i18n")];

/// Crates the pure `domain` layer must not use: it is types, rules and
/// algorithms, testable without a server, a browser or a database.
const NOT_IN_DOMAIN: &[&str] = &[
    "leptos",
    "leptos_router",
    "leptos_axum",
    "sqlx",
    "axum",
    "tokio",
    "tower_sessions",
];

/// Source files may be at most this many lines…
const MAX_LINES: usize = 400;
/// …except these, each capped at its size when this check was written, so
/// they can shrink but never grow. Pure algorithms with their unit tests
/// may stay long; the rest are waiting to be split (see ARCHITECTURE.md).
const LONG_FILES: &[(&str, usize)] = &[("domain/anchor.rs", 560), ("sso/oidc.rs", 452)];

fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("app/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A source file: its path under `app/src`, the top-level module it belongs
/// to, and its text with comments removed.
struct Source {
    relative: String,
    module: String,
    lines: usize,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = app_src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&root)
                .expect("under app/src")
                .to_string_lossy()
                .replace('\\', "/");
            let module = relative
                .split('/')
                .next()
                .expect("a first segment")
                .trim_end_matches(".rs")
                .to_owned();
            let text = fs::read_to_string(&path).expect("source is UTF-8");
            Source {
                lines: text.lines().count(),
                code: strip_comments(&text),
                relative,
                module,
            }
        })
        .collect()
}

/// The text without `//` comments (doc comments included) and `/* */` blocks.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_block {
                match rest.find("*/") {
                    Some(end) => {
                        rest = &rest[end + 2..];
                        in_block = false;
                    }
                    None => break,
                }
            } else {
                let line_comment = rest.find("//");
                let block = rest.find("/*");
                match (line_comment, block) {
                    (Some(l), b) if b.is_none_or(|b| l < b) => {
                        // `//` inside a string ("https://…") is not a comment.
                        if rest[..l].matches('"').count() % 2 == 1 {
                            kept.push_str(&rest[..l + 2]);
                            rest = &rest[l + 2..];
                            continue;
                        }
                        kept.push_str(&rest[..l]);
                        break;
                    }
                    (_, Some(b)) => {
                        kept.push_str(&rest[..b]);
                        rest = &rest[b + 2..];
                        in_block = true;
                    }
                    _ => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// Every `crate::a::b…` path in the code, as its segments.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (start, _) in code.match_indices("crate::") {
        let before = code[..start].chars().next_back();
        // `$crate::` counts; `some_crate::` does not.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[start + "crate::".len()..];
        let mut segments = Vec::new();
        let mut tail = rest;
        loop {
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            if end == 0 {
                break;
            }
            segments.push(tail[..end].to_owned());
            tail = &tail[end..];
            match tail.strip_prefix("::") {
                Some(next) => tail = next,
                None => break,
            }
        }
        if !segments.is_empty() {
            paths.push(segments);
        }
    }
    paths
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// The module a path's first segment names (a macro names its home).
fn target_module(first: &str) -> String {
    MACROS
        .iter()
        .find(|(name, _)| *name == first)
        .map(|(_, home)| (*home).to_owned())
        .unwrap_or_else(|| first.to_owned())
}

/// Whether a path reaches a feature's server functions or components.
fn is_api_or_view(segment: &str) -> bool {
    segment == "api" || segment == "view" || segment.ends_with("_view")
}

/// module → modules it uses, with one example file per edge.
fn edges(sources: &[Source]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for s in sources {
        let entry = graph.entry(s.module.clone()).or_default();
        for path in crate_paths(&s.code) {
            let target = target_module(&path[0]);
            if target != s.module {
                entry.entry(target).or_insert_with(|| s.relative.clone());
            }
        }
    }
    graph
}

#[test]
fn every_module_has_a_layer() {
    let modules: BTreeSet<String> = sources().into_iter().map(|s| s.module).collect();
    let unplaced: Vec<_> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "modules not placed in a layer (add them to LAYERS here and to ARCHITECTURE.md): {unplaced:?}"
    );
}

#[test]
fn modules_use_only_their_own_layer_or_lower() {
    let sources = sources();
    let mut wrong = Vec::new();
    for (module, targets) in edges(&sources) {
        let Some(from) = layer_of(&module) else {
            continue;
        };
        for (target, file) in targets {
            // Paths to the crate root's own items (`crate::App`) are the top layer.
            let to = layer_of(&target).unwrap_or(LAYERS.len() - 1);
            if to > from {
                wrong.push(format!(
                    "{module} ({}) uses {target} ({}), in {file}",
                    LAYERS[from].0, LAYERS[to].0
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a layer uses one above it:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn features_never_use_each_others_server_functions_or_views() {
    let features = LAYERS[2].1;
    let mut wrong = Vec::new();
    for s in sources() {
        if !features.contains(&s.module.as_str()) {
            continue;
        }
        for path in crate_paths(&s.code) {
            let target = target_module(&path[0]);
            if target != s.module
                && features.contains(&target.as_str())
                && path.iter().skip(1).any(|seg| is_api_or_view(seg))
            {
                wrong.push(format!("{}: crate::{}", s.relative, path.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a feature reaches into another's server functions or views (move what they share \
         down a layer, or compose them in pages/):\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn no_import_cycle_between_modules() {
    let graph = edges(&sources());
    // Depth-first search; a back edge is a cycle, reported with its path.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            cycles.push(cycle.join(" → "));
            return;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(|t| t.keys()) {
            visit(next, graph, stack, done, cycles);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(
        cycles.is_empty(),
        "modules import each other:\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn domain_is_pure() {
    let mut wrong = Vec::new();
    for s in sources().iter().filter(|s| s.module == "domain") {
        for krate in NOT_IN_DOMAIN {
            let uses = s.code.match_indices(&format!("{krate}::")).any(|(i, _)| {
                !s.code[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if uses {
                wrong.push(format!("{} uses {krate}", s.relative));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the domain layer must stay pure:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn source_files_stay_readable() {
    let mut wrong = Vec::new();
    for s in sources() {
        let cap = LONG_FILES
            .iter()
            .find(|(f, _)| *f == s.relative)
            .map_or(MAX_LINES, |(_, cap)| *cap);
        if s.lines > cap {
            wrong.push(format!("{}: {} lines (at most {cap})", s.relative, s.lines));
        }
    }
    assert!(
        wrong.is_empty(),
        "files too long to read in one go; split them by role:\n  {}",
        wrong.join("\n  ")
    );
}

#[test]
fn the_checker_sees_paths_and_skips_comments() {
    let code = strip_comments(
        "use crate::drafts::api::ssr::readable; // crate::roadmap::view\n\
         let u = \"https://x\"; crate::with_db!(db, pool => 1);\n\
         /* crate::admin::view */ my_crate::x; $crate::db::Db",
    );
    let paths: Vec<String> = crate_paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        ["drafts::api::ssr::readable", "with_db", "db::Db"],
        "{code}"
    );
    assert_eq!(target_module("with_db"), "db");
    assert!(is_api_or_view("edit_view") && is_api_or_view("api") && !is_api_or_view("store"));
}
