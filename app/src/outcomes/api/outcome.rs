//! The outcome page of an analysis, and publishing it.

use crate::error::AppError;
use crate::outcomes::forms::OutcomeInput;
use crate::outcomes::OutcomePage;
use leptos::prelude::*;

/// An outcome page: public once published; analysts see it before, with
/// the form that publishes it. Counts and quotes are of public comments only.
#[server(prefix = "/api", endpoint = "outcome")]
pub async fn get_outcome(kind: String, id: i64) -> Result<OutcomePage, AppError> {
    use crate::domain::outcomes::access::{can_read_outcome, may_analyse};
    use crate::outcomes::{store, ThemeOutcome};
    use crate::themes::{scope, store as themes};
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let scope = scope::parse(&kind, id)?;
    let subject = scope::subject(&db, scope).await?;
    let outcome = match subject.analysis_id {
        Some(analysis) => store::outcome(&db, analysis).await?.unwrap_or_default(),
        None => store::OutcomeRow::default(),
    };
    if !can_read_outcome(me.as_ref(), outcome.published_at.is_some()) {
        return Err(AppError::NotFound(
            "This outcome has not been published yet.".into(),
        ));
    }
    let themes = match subject.analysis_id {
        Some(analysis) => themes::themes(&db, analysis, false).await?,
        None => Vec::new(),
    };
    let ids: Vec<i64> = themes.iter().map(|t| t.id).collect();
    let decisions = store::decisions_on(&db, &ids).await?;
    let quotes = store::quotes(&db, &ids).await?;
    let (counts, _) = themes::comment_counts(&db, &subject, false).await?;
    let closed = subject.closes_at.is_none_or(|c| crate::db::now_ms() >= c);
    Ok(OutcomePage {
        scope,
        title: subject.title,
        item_id: subject.item_id,
        item_title: subject.item_title,
        closes_at: subject.closes_at,
        closed,
        summary_html: crate::markdown::render(&outcome.summary),
        summary: outcome.summary,
        published_at: outcome.published_at,
        counts,
        can_publish: me.as_ref().is_some_and(may_analyse)
            && closed
            && subject.analysis_id.is_some(),
        themes: themes
            .into_iter()
            .map(|t| ThemeOutcome {
                quotes: quotes
                    .iter()
                    .filter(|(th, _)| *th == t.id)
                    .map(|(_, q)| q.clone())
                    .collect(),
                decisions: decisions
                    .iter()
                    .filter(|d| d.theme_id == t.id)
                    .cloned()
                    .collect(),
                id: t.id,
                name: t.name,
                description: t.description,
                counts: t.counts,
            })
            .collect(),
    })
}

/// Publishes an analysis's outcome with the policy team's summary (or
/// rewrites the summary). A consultation's, once it has closed.
#[server(prefix = "/api", endpoint = "publish_outcome")]
pub async fn publish_outcome(
    kind: String,
    id: i64,
    #[server(flatten)] form: OutcomeInput,
) -> Result<(), AppError> {
    use crate::outcomes::store;
    use crate::themes::scope;
    crate::forms::submit("outcome", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let scope = scope::parse(&kind, id)?;
        let subject = scope::subject(&db, scope).await?;
        let summary = form.check()?;
        if subject.closes_at.is_some_and(|c| crate::db::now_ms() < c) {
            return Err(AppError::Refused(
                "The consultation is still open: publish its outcome once it has closed.".into(),
            ));
        }
        let Some(analysis) = subject.analysis_id else {
            return Err(AppError::Refused(
                "There is nothing to publish yet: add themes and tag comments first.".into(),
            ));
        };
        let audit = scope::audit(
            &me,
            "outcome.publish",
            scope.audit_subject(),
            serde_json::json!({ "summary": summary }),
        );
        let key = &crate::context::server_context()?.secret_key;
        store::publish(&db, analysis, &summary, key, &audit).await?;
        tracing::info!(user_id = me.id, analysis, "outcome published");
        Ok(scope.outcome_path())
    })
    .await
}
