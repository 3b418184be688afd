//! Server functions of response analysis. Each asks for an analyst first
//! (`scope::analyst`), then loads what it acts on.

use super::forms::{CommentThemesInput, MergeInput, TagInput, ThemeInput};
use super::{AnalysisPage, AnalysisSummary, CommentThemes, Filters, SuggestedTheme, ThemePage};
use crate::error::AppError;
use leptos::prelude::*;

/// Every consultation and roadmap item, with their comments and themes.
#[server(prefix = "/api", endpoint = "analyses")]
pub async fn get_analyses() -> Result<Vec<AnalysisSummary>, AppError> {
    use crate::domain::outcomes::access::sees_partner_comments;
    let me = super::scope::analyst().await?;
    let db = crate::context::db()?;
    Ok(super::store::analyses(&db, sees_partner_comments(Some(&me))).await?)
}

/// An analysis: its themes with counts, and a page of its comments as
/// filtered. A filter that makes no sense is reported, not an error.
#[server(prefix = "/api", endpoint = "analysis")]
pub async fn get_analysis(
    kind: String,
    id: i64,
    #[server(default)] filters: Filters,
) -> Result<AnalysisPage, AppError> {
    use super::store;
    use super::{scope, PAGE_SIZE};
    use crate::domain::outcomes::access::sees_partner_comments;
    let me = scope::analyst().await?;
    let db = crate::context::db()?;
    let scope = scope::parse(&kind, id)?;
    let subject = scope::subject(&db, scope).await?;
    let partner = sees_partner_comments(Some(&me));
    let (counts, untagged_count) = store::comment_counts(&db, &subject, partner).await?;
    let themes = match subject.analysis_id {
        Some(analysis) => store::themes(&db, analysis, partner).await?,
        None => Vec::new(),
    };
    let (comments, older, filter_errors) = match filters.check() {
        Ok(filter) => {
            let mut comments =
                store::comments(&db, &subject, partner, &filter, PAGE_SIZE + 1).await?;
            let older = (comments.len() as i64 > PAGE_SIZE).then(|| {
                comments.truncate(PAGE_SIZE as usize);
                comments.last().map(|c| c.id).unwrap_or_default()
            });
            (comments, older, Vec::new())
        }
        Err(errors) => (Vec::new(), None, errors),
    };
    Ok(AnalysisPage {
        scope,
        title: subject.title,
        item_id: subject.item_id,
        item_title: subject.item_title,
        open: subject.closes_at.is_some_and(|c| crate::db::now_ms() < c),
        comment_count: counts.total(),
        untagged_count,
        counts,
        themes,
        comments,
        older,
        filter_errors,
        includes_partner_only: partner,
    })
}

/// Adds a theme to an analysis; from a suggestion a person confirmed, with
/// the suggestion's comments tagged.
#[server(prefix = "/api", endpoint = "create_theme")]
pub async fn create_theme(
    kind: String,
    id: i64,
    #[server(flatten)] form: ThemeInput,
) -> Result<(), AppError> {
    use super::scope;
    use super::store::{self, Saved};
    use crate::domain::outcomes::access::sees_partner_comments;
    let key = if form.comments.is_empty() {
        "new-theme"
    } else {
        "suggested-theme"
    };
    crate::forms::submit(key, &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let scope = scope::parse(&kind, id)?;
        let subject = scope::subject(&db, scope).await?;
        let (name, description) = form.check()?;
        let comments = form.suggested_comments()?;
        let draft_id = match scope {
            super::Scope::Consultation(draft) => Some(draft),
            super::Scope::Item(_) => None,
        };
        let audit = scope::audit(
            &me,
            "theme.create",
            String::new(),
            serde_json::json!({ "name": name, "of": scope.path(), "comments": comments }),
        );
        let key = &crate::context::server_context()?.secret_key;
        let new = store::NewTheme {
            draft_id,
            name: &name,
            description: &description,
            comments: &comments,
            partner: sees_partner_comments(Some(&me)),
        };
        match store::create_theme(&db, &subject, &new, key, &audit).await? {
            Saved::Saved(theme) => {
                tracing::info!(
                    user_id = me.id,
                    theme,
                    tagged = comments.len(),
                    "theme created"
                );
                Ok(super::forms::back_to(&scope.path(), &form.back))
            }
            Saved::NotInAnalysis => Err(not_in_analysis()),
            Saved::NameTaken => Err(name_taken(&name)),
        }
    })
    .await
}

#[cfg(feature = "ssr")]
fn not_in_analysis() -> AppError {
    AppError::invalid(
        "comments",
        "Some of the comments ticked are not part of this analysis. Reload the list and tick them again.",
    )
}

#[cfg(feature = "ssr")]
fn name_taken(name: &str) -> AppError {
    AppError::invalid(
        "name",
        format!(
            "There is already a theme called “{name}” here. Choose another name, or merge the two."
        ),
    )
}

/// Renames a theme and rewrites its description.
#[server(prefix = "/api", endpoint = "update_theme")]
pub async fn update_theme(
    theme_id: i64,
    #[server(flatten)] form: ThemeInput,
) -> Result<(), AppError> {
    use super::scope;
    use super::store::{self, Saved};
    crate::forms::submit("edit-theme", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let theme = super::scope::theme(&db, theme_id).await?;
        let (name, description) = form.check()?;
        let audit = scope::audit(
            &me,
            "theme.change",
            format!("theme:{theme_id}"),
            serde_json::json!({ "from": theme.name, "name": name, "description": description }),
        );
        let key = &crate::context::server_context()?.secret_key;
        match store::update_theme(&db, &theme, &name, &description, key, &audit).await? {
            Saved::Saved(_) => Ok(format!("/themes/{theme_id}")),
            Saved::NameTaken => Err(name_taken(&name)),
            Saved::NotInAnalysis => Err(not_in_analysis()),
        }
    })
    .await
}

/// Merges a theme into another of the same analysis.
#[server(prefix = "/api", endpoint = "merge_theme")]
pub async fn merge_theme(
    theme_id: i64,
    #[server(flatten)] form: MergeInput,
) -> Result<(), AppError> {
    use super::{scope, store};
    crate::forms::submit("merge-theme", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let theme = super::scope::theme(&db, theme_id).await?;
        let others = store::theme_names(&db, theme.analysis_id).await?;
        let into = form.check(|id| id != theme_id && others.iter().any(|(o, _)| *o == id))?;
        let into_name = others.iter().find(|(o, _)| *o == into).map(|(_, n)| n.clone()).unwrap_or_default();
        let audit = scope::audit(&me, "theme.merge", format!("theme:{into}"),
            serde_json::json!({ "merged": theme_id, "merged_name": theme.name, "into_name": into_name }));
        let key = &crate::context::server_context()?.secret_key;
        let gained = store::merge_themes(&db, &theme, into, key, &audit).await?;
        tracing::info!(user_id = me.id, theme_id, into, gained, "themes merged");
        Ok(format!("/themes/{into}"))
    })
    .await
}

/// Adds a theme to the ticked comments, or takes it off them.
#[server(prefix = "/api", endpoint = "tag_comments")]
pub async fn tag_comments(
    kind: String,
    id: i64,
    #[server(flatten)] form: TagInput,
) -> Result<(), AppError> {
    use super::scope;
    use super::store::{self, Tagged};
    use crate::domain::outcomes::access::sees_partner_comments;
    crate::forms::submit("tag", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let scope = scope::parse(&kind, id)?;
        let subject = scope::subject(&db, scope).await?;
        let themes = match subject.analysis_id {
            Some(analysis) => store::theme_names(&db, analysis).await?,
            None => Vec::new(),
        };
        let tag = form.check(|t| themes.iter().any(|(id, _)| *id == t))?;
        let action = if tag.add { "theme.tag" } else { "theme.untag" };
        let audit = scope::audit(
            &me,
            action,
            format!("theme:{}", tag.theme),
            serde_json::json!({ "comments": tag.comments }),
        );
        let key = &crate::context::server_context()?.secret_key;
        let partner = sees_partner_comments(Some(&me));
        match store::tag(
            &db,
            &subject,
            partner,
            tag.theme,
            &tag.comments,
            tag.add,
            key,
            &audit,
        )
        .await?
        {
            Tagged::Changed(n) => {
                tracing::info!(
                    user_id = me.id,
                    theme = tag.theme,
                    n,
                    action,
                    "comments tagged"
                );
                Ok(form.back_to(&scope.path()))
            }
            Tagged::NotInAnalysis => Err(not_in_analysis()),
        }
    })
    .await
}

/// The themes an analyst may tag comment `comment_id` with, and those it
/// carries; nothing for anyone else, or for a comment that is deleted or
/// not the viewer's to see.
#[server(prefix = "/api", endpoint = "comment_themes")]
pub async fn get_comment_themes(comment_id: i64) -> Result<Option<CommentThemes>, AppError> {
    use super::{scope, store, ThemeTag};
    use crate::domain::outcomes::access::{may_analyse, sees_partner_comments};
    let Some(me) = crate::identity::session::current_user().await? else {
        return Ok(None);
    };
    if !may_analyse(&me) {
        return Ok(None);
    }
    let db = crate::context::db()?;
    let partner = sees_partner_comments(Some(&me));
    let Some(scope) = store::scope_of_comment(&db, comment_id, partner).await? else {
        return Ok(None);
    };
    let subject = scope::subject(&db, scope).await?;
    let Some(analysis) = subject.analysis_id else {
        return Ok(Some(CommentThemes {
            scope,
            themes: Vec::new(),
            ticked: Vec::new(),
        }));
    };
    Ok(Some(CommentThemes {
        scope,
        themes: store::theme_names(&db, analysis)
            .await?
            .into_iter()
            .map(|(id, name)| ThemeTag { id, name })
            .collect(),
        ticked: store::themes_of_comment(&db, analysis, comment_id).await?,
    }))
}

/// Sets the themes comment `comment_id` carries to those ticked on its page.
#[server(prefix = "/api", endpoint = "set_comment_themes")]
pub async fn set_comment_themes(
    comment_id: i64,
    #[server(flatten)] form: CommentThemesInput,
) -> Result<(), AppError> {
    use super::scope;
    use super::store::{self, Tagged};
    use crate::domain::outcomes::access::sees_partner_comments;
    crate::forms::submit("comment-themes", &form, async {
        let me = scope::analyst().await?;
        let db = crate::context::db()?;
        let partner = sees_partner_comments(Some(&me));
        let scope = store::scope_of_comment(&db, comment_id, partner)
            .await?
            .ok_or_else(|| AppError::NotFound("There is no such comment.".into()))?;
        let subject = scope::subject(&db, scope).await?;
        let offered = match subject.analysis_id {
            Some(analysis) => store::theme_names(&db, analysis).await?,
            None => Vec::new(),
        };
        let themes = form.check(|t| offered.iter().any(|(id, _)| *id == t))?;
        let audit = scope::audit(
            &me,
            "theme.tag_comment",
            format!("comment:{comment_id}"),
            serde_json::json!({ "themes": themes, "of": scope.path() }),
        );
        let key = &crate::context::server_context()?.secret_key;
        match store::set_comment_themes(&db, &subject, partner, comment_id, &themes, key, &audit)
            .await?
        {
            Tagged::Changed(n) => {
                tracing::info!(user_id = me.id, comment_id, n, "comment's themes set");
                Ok(format!("/comments/{comment_id}"))
            }
            Tagged::NotInAnalysis => Err(AppError::NotFound("There is no such comment.".into())),
        }
    })
    .await
}

/// A theme's page: its counts and the other themes it could merge into.
#[server(prefix = "/api", endpoint = "theme")]
pub async fn get_theme(theme_id: i64) -> Result<ThemePage, AppError> {
    use super::{scope, store, ThemeTag};
    use crate::domain::outcomes::access::sees_partner_comments;
    let me = scope::analyst().await?;
    let db = crate::context::db()?;
    let row = super::scope::theme(&db, theme_id).await?;
    let scope = row.scope();
    let subject = scope::subject(&db, scope).await?;
    let themes = store::themes(&db, row.analysis_id, sees_partner_comments(Some(&me))).await?;
    let theme = themes.iter().find(|t| t.id == theme_id).cloned();
    let theme = theme.ok_or_else(|| AppError::NotFound("There is no such theme.".into()))?;
    Ok(ThemePage {
        theme,
        scope,
        title: subject.title,
        others: themes
            .into_iter()
            .filter(|t| t.id != theme_id)
            .map(|t| ThemeTag {
                id: t.id,
                name: t.name,
            })
            .collect(),
    })
}

/// Themes suggested from the words of the comments no theme groups yet:
/// proposals only, each confirmed (or not) by a person. The grouping runs
/// off the async workers.
#[server(prefix = "/api", endpoint = "theme_suggestions")]
pub async fn get_suggestions(kind: String, id: i64) -> Result<Vec<SuggestedTheme>, AppError> {
    use super::{scope, store, MAX_SUGGESTED_FROM, MAX_SUGGESTIONS};
    use crate::domain::outcomes::access::sees_partner_comments;
    use crate::domain::outcomes::suggest::suggest;
    let me = scope::analyst().await?;
    let db = crate::context::db()?;
    let subject = scope::subject(&db, scope::parse(&kind, id)?).await?;
    let partner = sees_partner_comments(Some(&me));
    let texts = store::untagged_texts(&db, &subject, partner, MAX_SUGGESTED_FROM).await?;
    let suggested = tokio::task::spawn_blocking(move || {
        let refs: Vec<(i64, &str)> = texts.iter().map(|(id, t)| (*id, t.as_str())).collect();
        let found = suggest(&refs, MAX_SUGGESTIONS);
        found
            .into_iter()
            .map(|s| SuggestedTheme::new(s.terms, s.comment_ids, &texts))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "theme suggestions failed");
        AppError::Internal
    })?;
    Ok(suggested)
}
