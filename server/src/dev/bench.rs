//! Benchmarks, measured in process (no network) through the real router,
//! as median and 99th percentile of server time:
//! - the item page with 1,000 comments on one roadmap item ([`run`]);
//! - a shared draft of 50 sections and 500 revisions, and the comparison of
//!   two 20,000-word revisions of a section ([`run_drafts`]).

use crate::config::Config;
use app::db::Db;
use app::with_db;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct Report {
    pub backend: &'static str,
    pub requests: usize,
    pub median: Duration,
    pub p99: Duration,
    pub bytes: usize,
}

/// Runs the benchmark against an empty database at `database_url`.
pub async fn run(database_url: &str, comments: usize, requests: usize) -> anyhow::Result<Report> {
    let mut config = Config::for_database(database_url);
    config.demo_data = true;
    let server = crate::build(&config).await?;
    let item_id = first_item(&server.db).await?;
    let thread = app::discussion::store::general_thread_id(&server.db, item_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("item {item_id} has no general thread"))?;
    let authors = super::seed::users(&server.db, 200).await?;
    super::seed::comments(&server.db, thread, &authors, comments).await?;

    let (median, p99, bytes) =
        measure(&server.router, &format!("/items/{item_id}"), None, requests).await?;
    let report = Report {
        backend: server.db.backend(),
        requests,
        median,
        p99,
        bytes,
    };
    server.db.close().await;
    Ok(report)
}

async fn first_item(db: &Db) -> anyhow::Result<i64> {
    Ok(
        with_db!(db, pool => sqlx::query_scalar("SELECT MIN(id) FROM roadmap_items").fetch_one(pool).await)?,
    )
}

/// Requests `uri` (after ten warm-up requests) `requests` times; returns the
/// median and 99th-percentile times and the size of the page.
pub(super) async fn measure(
    router: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
    requests: usize,
) -> anyhow::Result<(Duration, Duration, usize)> {
    let mut times = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..requests + 10 {
        let mut request = Request::get(uri).header("accept", "text/html");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let started = Instant::now();
        let response = router.clone().oneshot(request.body(Body::empty())?).await?;
        anyhow::ensure!(
            response.status() == StatusCode::OK,
            "{uri} answered {}",
            response.status()
        );
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
        let elapsed = started.elapsed();
        if i >= 10 {
            times.push(elapsed);
            bytes = body.len();
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    Ok((at(0.5), at(0.99), bytes))
}

pub struct DraftReport {
    pub backend: &'static str,
    pub page: Report,
    pub compare: Report,
}

/// Words of plain prose, varied enough that diffs are realistic.
fn prose(words: usize, seed: usize) -> String {
    const VOCABULARY: [&str; 16] = [
        "boards",
        "staff",
        "report",
        "incidents",
        "quickly",
        "risk",
        "cyber",
        "security",
        "patients",
        "records",
        "suppliers",
        "training",
        "assurance",
        "every",
        "the",
        "and",
    ];
    (0..words)
        .map(|i| VOCABULARY[(i * 7 + seed * 13 + i / 5) % VOCABULARY.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shared-draft benchmark on an empty database at `database_url`: a
/// draft of `sections` sections reaching `revisions` revisions, then its
/// page (as an owner sees it), and the comparison of two revisions of a
/// section of `words` words differing in one word in twenty.
pub async fn run_drafts(
    database_url: &str,
    sections: usize,
    revisions: usize,
    words: usize,
    requests: usize,
) -> anyhow::Result<DraftReport> {
    use app::drafts::store::{self as drafts, Operation, Outcome};
    let mut config = Config::for_database(database_url);
    config.demo_data = true;
    let server = crate::build(&config).await?;
    let db = &server.db;
    let (id, author) = seed_draft(db, sections, revisions).await?;
    let mut revision = revisions.max(sections) as i64;
    // Two revisions of one long section, one word in twenty changed.
    let long = prose(words, 1);
    let changed: String = long
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 20 == 0 { "changed" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    let mut compared = Vec::new();
    for text in [&long, &changed] {
        let rows = drafts::sections_at(db, id, revision).await?;
        let row = &rows[0];
        let op = Operation::Edit {
            section_id: row.section_id,
            base_version: row.version_id,
            heading: &row.heading,
            body: text,
        };
        if let Outcome::Saved { revision: r, .. } = drafts::apply(db, id, &author, &op).await? {
            revision = r;
            compared.push(r);
        }
    }
    anyhow::ensure!(compared.len() == 2, "the long revisions were not saved");

    // Signed in as Dana, an owner, through the real sign-in endpoint.
    let sign_in = Request::post("/api/sign_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("origin", "http://localhost")
        .header("host", "localhost")
        .body(Body::from(format!(
            "email=dana%40wales.nhs.uk&password={}",
            super::demo::DEMO_PASSWORD.replace(' ', "+")
        )))?;
    let response = server.router.clone().oneshot(sign_in).await?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("sign-in gave no session cookie"))?;

    let (median, p99, bytes) = measure(
        &server.router,
        &format!("/drafts/{id}"),
        Some(&cookie),
        requests,
    )
    .await?;
    let page = Report {
        backend: db.backend(),
        requests,
        median,
        p99,
        bytes,
    };
    let compare_requests = requests.min(50);
    let uri = format!(
        "/drafts/{id}/compare?from={}&to={}",
        compared[0], compared[1]
    );
    let (median, p99, bytes) =
        measure(&server.router, &uri, Some(&cookie), compare_requests).await?;
    let compare = Report {
        backend: db.backend(),
        requests: compare_requests,
        median,
        p99,
        bytes,
    };
    server.db.close().await;
    Ok(DraftReport {
        backend: page.backend,
        page,
        compare,
    })
}

/// A draft owned by NHS Wales, written by Dana, of `sections` sections of
/// 200 words with two passage threads each, edited round the sections until
/// it has `revisions` revisions. Returns its id and Dana as its author.
pub async fn seed_draft(
    db: &Db,
    sections: usize,
    revisions: usize,
) -> anyhow::Result<(i64, app::drafts::store::Author<'static>)> {
    use app::drafts::store::{self as drafts, Author, NewDraft, Operation, Outcome};
    let dana: i64 = with_db!(db, pool => sqlx::query_scalar("SELECT id FROM users WHERE email = 'dana@wales.nhs.uk'").fetch_one(pool).await)?;
    let wales: i64 = with_db!(db, pool => sqlx::query_scalar("SELECT id FROM institutions WHERE slug = 'nhs-wales'").fetch_one(pool).await)?;
    let body = prose(200, 0);
    let id = drafts::create(
        db,
        &NewDraft {
            title: "Benchmark draft",
            item_id: None,
            owners: &[wales],
            invited: &[],
            quorum: None,
            author_id: dana,
            institution_id: wales,
            first_heading: "Section 1",
            first_body: &body,
        },
    )
    .await?;
    let author = Author {
        user_id: dana,
        institution_id: wales,
        message: Some("benchmark"),
    };
    for n in 2..=sections {
        let heading = format!("Section {n}");
        drafts::apply(
            db,
            id,
            &author,
            &Operation::Add {
                heading: &heading,
                body: &prose(200, n),
            },
        )
        .await?;
    }
    // Comments anchored to two passages of each section, quoted from its
    // first version: the page finds them again through every later edit.
    for row in drafts::sections_at(db, id, sections as i64).await? {
        use app::domain::anchor::{Anchor, HtmlText};
        let text = HtmlText::new(&app::markdown::render(&row.body)).text;
        for (from, to) in [(0, 40), (60, 100)] {
            let anchor = Anchor::of(&text, from, to);
            app::passages::store::start(
                db,
                &app::passages::store::NewThread {
                    draft_id: id,
                    section_id: row.section_id,
                    version_id: row.version_id,
                    anchor: &anchor,
                    author_id: dana,
                    institution_id: Some(wales),
                    body: "A benchmark comment on this passage.",
                },
            )
            .await?;
        }
    }
    // Edits round the sections until the draft has `revisions` revisions.
    let mut revision = sections as i64;
    while (revision as usize) < revisions {
        let rows = drafts::sections_at(db, id, revision).await?;
        let row = &rows[revision as usize % rows.len()];
        let edited = format!("{} revised {revision}", row.body);
        let op = Operation::Edit {
            section_id: row.section_id,
            base_version: row.version_id,
            heading: &row.heading,
            body: &edited,
        };
        if let Outcome::Saved { revision: r, .. } = drafts::apply(db, id, &author, &op).await? {
            revision = r;
        }
    }
    Ok((id, author))
}
