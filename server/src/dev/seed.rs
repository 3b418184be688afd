//! Bulk data for benchmarks and load checks: many accounts and comments, in
//! large transactions. Not for production databases.

use app::db::{now_ms, Db};
use app::with_db;

/// Creates `count` public accounts (`seed-<n>@example.org`), all with the
/// demo password, and returns their ids.
pub async fn users(db: &Db, count: usize) -> anyhow::Result<Vec<i64>> {
    let hash = app::identity::password::hash(super::demo::DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let start: i64 = with_db!(db, pool => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users").fetch_one(pool).await)?;
    let now = now_ms();
    let ids = with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut ids = Vec::with_capacity(count);
        for n in 0..count {
            let k = start + n as i64 + 1;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (display_name, email, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(format!("Participant {k}")).bind(format!("seed-{k}@example.org")).bind(&hash).bind(now)
                .fetch_one(&mut *tx).await?;
            ids.push(id);
        }
        tx.commit().await?;
        ids
    });
    Ok(ids)
}

/// Adds `count` comments to a thread from the given authors: about one in
/// four a reply to an earlier comment. Times step back from now so the
/// newest comment is the last one added.
pub async fn comments(
    db: &Db,
    thread_id: i64,
    authors: &[i64],
    count: usize,
) -> anyhow::Result<()> {
    anyhow::ensure!(!authors.is_empty(), "no authors to write comments");
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // (id, root) of top-level comments written so far.
        let mut roots: Vec<(i64, Option<i64>)> = Vec::new();
        for n in 0..count {
            let author = authors[n % authors.len()];
            let at = now - (count - n) as i64 * 60_000;
            let parent = (n % 4 == 3 && !roots.is_empty()).then(|| roots[(n * 7) % roots.len()]);
            let body = format!(
                "Comment {n}. Boards and cyber security professionals need **clear expectations** of each other; \
                 this is a seeded comment of ordinary length, with a [link](https://example.org/{n})."
            );
            let (parent_id, root_id) = match parent {
                Some((id, root)) => (Some(id), Some(root.unwrap_or(id))),
                None => (None, None),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO comments (thread_id, parent_id, root_id, author_id, badge, body, created_at)
                 VALUES ($1, $2, $3, $4, 'public', $5, $6) RETURNING id")
                .bind(thread_id).bind(parent_id).bind(root_id).bind(author).bind(body).bind(at)
                .fetch_one(&mut *tx).await?;
            if parent.is_none() {
                roots.push((id, None));
            }
        }
        sqlx::query("UPDATE threads SET comment_count = (SELECT COUNT(*) FROM comments WHERE thread_id = $1), last_activity_at = $2 WHERE id = $1")
            .bind(thread_id).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), sqlx::Error>(())
    })?;
    Ok(())
}

/// Spreads `comments` comments over the general threads of every roadmap
/// item, written by `users` new accounts, and groups them into themes
/// ([`themes`]).
pub async fn bulk(db: &Db, user_count: usize, comment_count: usize) -> anyhow::Result<()> {
    let authors = users(db, user_count.max(1)).await?;
    let threads: Vec<i64> = with_db!(db, pool => sqlx::query_scalar("SELECT id FROM threads WHERE is_general ORDER BY id").fetch_all(pool).await)?;
    anyhow::ensure!(
        !threads.is_empty(),
        "no roadmap items to comment on: seed the demo first"
    );
    spread(db, &threads, &authors, comment_count).await?;
    if comment_count > 0 {
        themes(db).await?;
    }
    analyze(db).await
}

/// Shares `count` comments out evenly over `threads`.
pub async fn spread(db: &Db, threads: &[i64], authors: &[i64], count: usize) -> anyhow::Result<()> {
    for (i, thread) in threads.iter().enumerate() {
        let n = count / threads.len() + usize::from(i < count % threads.len());
        comments(db, *thread, authors, n).await?;
    }
    Ok(())
}

/// After a bulk load, as after any: fresh planner statistics (and, on
/// PostgreSQL, the visibility map that lets index-only scans skip rows).
pub async fn analyze(db: &Db) -> anyhow::Result<()> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Postgres(pool) => {
            sqlx::query("VACUUM ANALYZE").execute(pool).await?;
        }
    }
    Ok(())
}

/// Groups the comments of every roadmap item's own discussion into eight
/// themes, as analysts would: seven in ten comments carry a theme, one in
/// twenty a second; and records two decisions per item, one overdue.
pub async fn themes(db: &Db) -> anyhow::Result<()> {
    let now = now_ms();
    let items: Vec<i64> = with_db!(db, pool => sqlx::query_scalar("SELECT id FROM roadmap_items ORDER BY id").fetch_all(pool).await)?;
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        for item in &items {
            let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM analyses WHERE item_id = $1 AND draft_id IS NULL")
                .bind(item).fetch_optional(&mut *tx).await?;
            let analysis: i64 = match existing {
                Some(id) => id,
                None => sqlx::query_scalar("INSERT INTO analyses (item_id, created_at) VALUES ($1, $2) RETURNING id")
                    .bind(item).bind(now).fetch_one(&mut *tx).await?,
            };
            for k in 0..8i64 {
                let name = format!("Seeded theme {k}");
                sqlx::query("INSERT INTO themes (analysis_id, name, description, created_at, updated_at)
                             VALUES ($1, $2, 'Grouped by the load seed.', $3, $3) ON CONFLICT (analysis_id, name) DO NOTHING")
                    .bind(analysis).bind(&name).bind(now).execute(&mut *tx).await?;
                let theme: i64 = sqlx::query_scalar("SELECT id FROM themes WHERE analysis_id = $1 AND name = $2")
                    .bind(analysis).bind(&name).fetch_one(&mut *tx).await?;
                // Themes 0–6 take the comments whose id ends in their digit;
                // theme 7 takes one in twenty as a second theme.
                let (modulus, rest) = if k < 7 { (10, k) } else { (20, 0) };
                sqlx::query(
                    "INSERT INTO comment_themes (theme_id, comment_id, tagged_at, comment_at)
                     SELECT $1, c.id, $2, c.created_at FROM comments c JOIN threads t ON t.id = c.thread_id
                     WHERE t.item_id = $3 AND c.id % $4 = $5
                       AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.thread_id = t.id)
                     ON CONFLICT (theme_id, comment_id) DO NOTHING")
                    .bind(theme).bind(now).bind(item).bind(modulus).bind(rest).execute(&mut *tx).await?;
                if k < 2 {
                    let (due, status) = if k == 0 { ("2021-03-31", "in_progress") } else { ("2030-03-31", "planned") };
                    let decision: i64 = sqlx::query_scalar(
                        "INSERT INTO decisions (theme_id, decision, reason, action_owner, due_on, status, created_at, updated_at)
                         VALUES ($1, 'A seeded decision', 'Seeded for load checks', 'The policy team', $2, $3, $4, $4) RETURNING id")
                        .bind(theme).bind(due).bind(status).bind(now).fetch_one(&mut *tx).await?;
                    sqlx::query("INSERT INTO decision_items (decision_id, item_id) VALUES ($1, $2)")
                        .bind(decision).bind(item).execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
        Ok::<(), sqlx::Error>(())
    })?;
    Ok(())
}
