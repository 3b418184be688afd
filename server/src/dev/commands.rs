//! The developers' commands of the `roundtable` binary: demo data, load
//! data and benchmarks.

use crate::config::Config;
use crate::database;
use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum DevCommand {
    /// Add many accounts and comments to the database (for load checks).
    Seed {
        #[arg(long, default_value_t = 1000)]
        users: usize,
        #[arg(long, default_value_t = 10_000)]
        comments: usize,
    },
    /// Add what the load harness (scripts/bench) measures to the demo:
    /// comments on the first roadmap item and on the others, and a shared
    /// draft of many sections; prints their ids as JSON.
    SeedLoad {
        #[arg(long, default_value_t = 50)]
        item_comments: usize,
        #[arg(long, default_value_t = 10_000)]
        other_comments: usize,
        #[arg(long, default_value_t = 50)]
        draft_sections: usize,
    },
    /// Measure the server time of an item page holding many comments, on a
    /// fresh database: SQLite in a temporary file, or a scratch database on
    /// the PostgreSQL server given with --postgres.
    Bench {
        #[arg(long, default_value_t = 1000)]
        comments: usize,
        #[arg(long, default_value_t = 300)]
        requests: usize,
        /// A PostgreSQL server URL; a scratch database is created and dropped there.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Measure a shared draft of many sections and revisions: its page's
    /// server time, and comparing two long revisions of a section.
    BenchDrafts {
        #[arg(long, default_value_t = 50)]
        sections: usize,
        #[arg(long, default_value_t = 500)]
        revisions: usize,
        /// Words in the long section whose two revisions are compared.
        #[arg(long, default_value_t = 20_000)]
        words: usize,
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// A PostgreSQL server URL; a scratch database is created and dropped there.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Measure the policy makers' dashboard over load data (accounts,
    /// comments grouped into themes, decisions): server time one request at
    /// a time, and throughput with several in flight.
    BenchDashboard {
        #[arg(long, default_value_t = 10_000)]
        users: usize,
        #[arg(long, default_value_t = 100_000)]
        comments: usize,
        #[arg(long, default_value_t = 100)]
        requests: usize,
        /// Requests in flight at once for the throughput figure.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// A PostgreSQL server URL; a scratch database is created and dropped there.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Print the current two-step verification code of the demo's
    /// administrator and policy maker (demo only: their secret is public).
    DemoCode,
}

pub async fn run(command: DevCommand) -> anyhow::Result<()> {
    match command {
        DevCommand::Seed { users, comments } => {
            let config = Config::from_environment()?;
            let db = database::connect(&config.database_url).await?;
            database::migrate(&db).await?;
            super::demo::seed_if_empty(&db, &config.secret_key).await?;
            super::seed::bulk(&db, users, comments).await?;
            println!("Added {users} accounts and {comments} comments, grouped into themes.");
            Ok(())
        }
        DevCommand::SeedLoad {
            item_comments,
            other_comments,
            draft_sections,
        } => {
            let config = Config::from_environment()?;
            let db = database::connect(&config.database_url).await?;
            database::migrate(&db).await?;
            super::demo::seed_if_empty(&db, &config.secret_key).await?;
            let sizes = super::load_data::Sizes {
                item_comments,
                other_comments,
                draft_sections,
            };
            let made = super::load_data::seed(&db, &sizes).await?;
            println!("{}", serde_json::to_string(&made)?);
            Ok(())
        }
        DevCommand::Bench {
            comments,
            requests,
            postgres,
        } => bench(comments, requests, postgres).await,
        DevCommand::BenchDrafts {
            sections,
            revisions,
            words,
            requests,
            postgres,
        } => bench_drafts(sections, revisions, words, requests, postgres).await,
        DevCommand::BenchDashboard {
            users,
            comments,
            requests,
            concurrency,
            postgres,
        } => {
            let r = on_scratch_database(postgres, |url| async move {
                super::bench_dashboard::run(&url, users, comments, requests, concurrency).await
            })
            .await?;
            println!(
                "dashboard with {users} accounts and {comments} comments in themes on {} (seeded in {:.1} s): \
                 median {:.2} ms, p99 {:.2} ms over {} requests ({} KB); {:.0} requests/s with {} in flight",
                r.page.backend,
                r.seeded_in.as_secs_f64(),
                r.page.median.as_secs_f64() * 1000.0,
                r.page.p99.as_secs_f64() * 1000.0,
                r.page.requests,
                r.page.bytes / 1024,
                r.throughput,
                r.concurrency
            );
            Ok(())
        }
        DevCommand::DemoCode => {
            let now = app::two_step::codes::now_seconds();
            let code = app::two_step::codes::code_at(super::demo::DEMO_TOTP_SECRET, now)
                .context("the demo secret is not base32")?;
            let left = 30 - now % 30;
            println!("{code}  (good for {left} more seconds)");
            Ok(())
        }
    }
}

async fn bench(comments: usize, requests: usize, postgres: Option<String>) -> anyhow::Result<()> {
    let report = on_scratch_database(postgres, |url| async move {
        super::bench::run(&url, comments, requests).await
    })
    .await?;
    println!(
        "item page with {comments} comments on {}: median {:.2} ms, p99 {:.2} ms over {} requests ({} KB of HTML)",
        report.backend,
        report.median.as_secs_f64() * 1000.0,
        report.p99.as_secs_f64() * 1000.0,
        report.requests,
        report.bytes / 1024
    );
    Ok(())
}

async fn bench_drafts(
    sections: usize,
    revisions: usize,
    words: usize,
    requests: usize,
    postgres: Option<String>,
) -> anyhow::Result<()> {
    let report = on_scratch_database(postgres, |url| async move {
        super::bench::run_drafts(&url, sections, revisions, words, requests).await
    })
    .await?;
    for (what, r) in [
        (
            format!(
                "draft page, {sections} sections, {revisions} revisions, {} passage threads",
                sections * 2
            ),
            &report.page,
        ),
        (
            format!("comparing two {words}-word revisions of a section"),
            &report.compare,
        ),
    ] {
        println!(
            "{what} on {}: median {:.2} ms, p99 {:.2} ms over {} requests ({} KB)",
            report.backend,
            r.median.as_secs_f64() * 1000.0,
            r.p99.as_secs_f64() * 1000.0,
            r.requests,
            r.bytes / 1024
        );
    }
    Ok(())
}

/// Runs a benchmark on a fresh database, removed afterwards: a scratch
/// database on the PostgreSQL server given, or a temporary SQLite file.
async fn on_scratch_database<T, F>(
    postgres: Option<String>,
    run: impl FnOnce(String) -> F,
) -> anyhow::Result<T>
where
    F: std::future::Future<Output = anyhow::Result<T>>,
{
    match postgres {
        Some(server_url) => {
            let url = database::create_scratch_postgres(&server_url, "roundtable_bench").await?;
            let report = run(url.clone()).await;
            database::drop_scratch_postgres(&server_url, &url).await?;
            report
        }
        None => {
            let dir = std::env::temp_dir().join(format!("roundtable-bench-{}", std::process::id()));
            let report = run(format!("sqlite://{}/bench.db", dir.display())).await;
            let _ = std::fs::remove_dir_all(&dir);
            report
        }
    }
}
