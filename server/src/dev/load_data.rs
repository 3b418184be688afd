//! What the load harness (`scripts/bench`) measures, added to a database
//! holding the demo: a roadmap item with a given number of comments more,
//! comments on every other item (the database's bulk), and a shared draft
//! of many sections owned by NHS Wales.

use app::db::Db;
use app::with_db;
use serde::Serialize;

/// What was made, for the harness to find (printed as JSON).
#[derive(Serialize)]
pub struct LoadData {
    /// The measured roadmap item and its general discussion thread.
    pub item_id: i64,
    pub thread_id: i64,
    /// The shared draft, which Dana (dana@wales.nhs.uk) owns.
    pub draft_id: i64,
    /// Comments in the whole database afterwards.
    pub comments: i64,
}

pub struct Sizes {
    pub item_comments: usize,
    pub other_comments: usize,
    pub draft_sections: usize,
}

pub async fn seed(db: &Db, sizes: &Sizes) -> anyhow::Result<LoadData> {
    let threads: Vec<(i64, i64)> = with_db!(db, pool => sqlx::query_as(
        "SELECT item_id, id FROM threads WHERE is_general AND item_id IS NOT NULL ORDER BY item_id, id")
        .fetch_all(pool).await)?;
    let Some(&(item_id, thread_id)) = threads.first() else {
        anyhow::bail!("no roadmap item to comment on: seed the demo first");
    };
    let authors = super::seed::users(db, 200).await?;
    super::seed::comments(db, thread_id, &authors, sizes.item_comments).await?;
    let others: Vec<i64> = threads[1..].iter().map(|&(_, thread)| thread).collect();
    super::seed::spread(db, &others, &authors, sizes.other_comments).await?;
    let (draft_id, _) =
        super::bench::seed_draft(db, sizes.draft_sections, sizes.draft_sections).await?;
    super::seed::analyze(db).await?;
    let comments: i64 = with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM comments").fetch_one(pool).await)?;
    Ok(LoadData {
        item_id,
        thread_id,
        draft_id,
        comments,
    })
}
