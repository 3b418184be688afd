//! How many SQL statements each main page runs, as Django's
//! `assertNumQueries` counts them: the figure is exact, so a change that
//! adds a statement to a page fails here and says by how much, and it must
//! not grow with the data on the page (no statement per comment or per
//! section). Update a figure only for a statement the page needs.
//!
//! Its own test binary: it counts every statement the process runs (sqlx
//! logs each under the target `sqlx::query`, from whichever thread runs it:
//! SQLite's run on the connection's own thread, outside any request's
//! span), so the tests take turns and nothing else runs meanwhile.

#[path = "../http/support.rs"]
#[allow(dead_code)]
mod support;

use axum::http::StatusCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{Backend, Client, TestApp};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
/// One test at a time: the count is the whole process's.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Counts sqlx's statement events, and nothing else.
struct CountStatements;

impl tracing::Subscriber for CountStatements {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
            if std::env::var_os("ROUNDTABLE_SHOW_STATEMENTS").is_some() {
                event.record(&mut ShowSummary);
            }
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// With `ROUNDTABLE_SHOW_STATEMENTS` set, each statement's start is
/// printed (run with `--nocapture`), to see what a figure is made of.
struct ShowSummary;

impl tracing::field::Visit for ShowSummary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            eprintln!("  {value:?}");
        }
    }
}

fn count_statements() {
    // Every test calls this; the first one installs it.
    let _ = tracing::subscriber::set_global_default(CountStatements);
}

/// The statements one GET of `path` runs: the fewer of two GETs, after one
/// unmeasured GET. A statement the page makes shows in both; what happens
/// once in a while whatever the page (a new pool connection opening, the
/// once-a-minute note of a sign-in's last request) shows in one at most.
async fn statements(client: &mut Client, path: &str) -> usize {
    let warm = client.get(path).await;
    assert_eq!(warm.status, StatusCode::OK, "{path}: {}", warm.body);
    if std::env::var_os("ROUNDTABLE_SHOW_STATEMENTS").is_some() {
        eprintln!("{path}:");
    }
    let mut counts = Vec::new();
    for _ in 0..2 {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let res = client.get(path).await;
        counts.push(STATEMENTS.load(Ordering::SeqCst) - before);
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        // Reading a page changes nothing: no session is written back (it
        // would be a statement, and a cookie).
        assert!(
            res.headers.get(axum::http::header::SET_COOKIE).is_none(),
            "{path} set a cookie: {:?}",
            res.headers.get(axum::http::header::SET_COOKIE)
        );
    }
    counts.into_iter().min().expect("two counts")
}

/// Posts `n` comments to the general discussion of `item`.
async fn comment(app: &TestApp, client: &mut Client, item: i64, n: usize) {
    let thread = app
        .scalar(&format!(
            "SELECT id FROM threads WHERE item_id = {item} AND is_general"
        ))
        .await
        .to_string();
    for k in 0..n {
        let body = format!("Comment {k} on the measured item.");
        let res = client
            .call::<app::discussion::api::PostComment>(&[("thread_id", &thread), ("body", &body)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

/// Adds `n` sections to draft `id`, as its owner.
async fn add_sections(client: &mut Client, id: i64, n: usize) {
    for k in 0..n {
        let heading = format!("Added section {k}");
        let res = client
            .call::<app::drafts::api::AddSection>(&[
                ("draft_id", &id.to_string()),
                ("heading", &heading),
                (
                    "body",
                    "Staff report incidents quickly. Boards own the risk.",
                ),
            ])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

/// The figures, page by page, and that they do not grow with the data.
async fn pages_run_a_fixed_number_of_statements(backend: Backend) {
    let _turn = TURN.lock().await;
    count_statements();
    let Some(app) = TestApp::new(backend).await else {
        eprintln!("ROUNDTABLE_TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
        return;
    };
    let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
    let item_page = format!("/items/{item}");
    let mut public = app.public_user("Pat Public").await;
    let mut partner = app.partner("Dana Lead", "nhs-wales", "lead").await;
    let mut anonymous = app.client();
    let wales = app
        .scalar("SELECT id FROM institutions WHERE slug = 'nhs-wales'")
        .await
        .to_string();
    let res = partner
        .call::<app::drafts::api::CreateDraft>(&[
            ("title", "Measured draft"),
            ("item_id", ""),
            ("quorum", "all"),
            ("heading", "First"),
            ("body", "Boards own cyber risk."),
            ("owners[]", &wales),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let draft = app.scalar("SELECT MAX(id) FROM drafts").await;
    let draft_page = format!("/drafts/{draft}");

    comment(&app, &mut public, item, 2).await;
    add_sections(&mut partner, draft, 1).await;
    let mut counted = vec![
        ("roadmap, anonymous", statements(&mut anonymous, "/").await),
        (
            "item page, anonymous",
            statements(&mut anonymous, &item_page).await,
        ),
        (
            "item page, public account",
            statements(&mut public, &item_page).await,
        ),
        (
            "item page, partner",
            statements(&mut partner, &item_page).await,
        ),
        (
            "draft page, owner",
            statements(&mut partner, &draft_page).await,
        ),
        (
            "consultations, anonymous",
            statements(&mut anonymous, "/consultations").await,
        ),
    ];
    // Ten comments and three sections more change no figure.
    comment(&app, &mut public, item, 10).await;
    add_sections(&mut partner, draft, 3).await;
    let again = [
        (
            "item page, anonymous",
            statements(&mut anonymous, &item_page).await,
        ),
        (
            "item page, partner",
            statements(&mut partner, &item_page).await,
        ),
        (
            "draft page, owner",
            statements(&mut partner, &draft_page).await,
        ),
    ];
    for (what, n) in again {
        let before = counted
            .iter()
            .find(|(w, _)| *w == what)
            .expect("measured")
            .1;
        assert_eq!(
            n, before,
            "{what}: {before} statements with less data, {n} with more"
        );
    }
    counted.sort();
    // A signed-in page starts with two: the session, and the account with
    // its roles and memberships (once per request, however many sections
    // ask).
    let expected = [
        ("consultations, anonymous", 2),
        ("draft page, owner", 15),
        ("item page, anonymous", 10),
        ("item page, partner", 12),
        ("item page, public account", 12),
        ("roadmap, anonymous", 3),
    ];
    assert_eq!(
        counted, expected,
        "statements per page on {backend:?} (left: now, right: expected)"
    );
}

#[tokio::test]
async fn sqlite_pages_run_a_fixed_number_of_statements() {
    pages_run_a_fixed_number_of_statements(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_pages_run_a_fixed_number_of_statements() {
    pages_run_a_fixed_number_of_statements(Backend::Postgres).await;
}
