//! The outcome page of an analysis, and publishing it.

use crate::error::AppError;
use crate::outcomes::forms::OutcomeInput;
use crate::outcomes::OutcomePage;
use leptos::prelude::*;

/// An outcome page: public once published; analysts see it before, with
/// the form that publishes it. Counts and quotes are of public comments only.
#[server(prefix = "/api", endpoint = "outcome")]
pub async fn get_outcome(kind: String, id: i64) -> Result<OutcomePage, AppError> {
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let scope = crate::themes::scope::parse(&kind, id)?;
    crate::outcomes::read::page(&db, me.as_ref(), scope).await
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
