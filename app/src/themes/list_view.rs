//! The analysis's comments, each with a checkbox, and the bar that tags the
//! ticked ones with a theme (or takes it off) all at once.

use super::api::TagComments;
use super::{AnalysedComment, Filters, Scope, ThemeSummary};
use crate::time_fmt;
use crate::ui::{form_error, reload_on_success, ErrorSummary};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn CommentList(
    scope: Scope,
    comments: Vec<AnalysedComment>,
    older: Option<i64>,
    filters: Filters,
    themes: Vec<ThemeSummary>,
) -> impl IntoView {
    const FORM: &str = "tag";
    let action = ServerAction::<TagComments>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let query = filters.query();
    let older = older.map(|cursor| {
        let sep = if query.is_empty() { "" } else { "&" };
        format!("{}?{query}{sep}before={cursor}#comments", scope.path())
    });
    if comments.is_empty() {
        return view! { <p data-testid="no-comments">"No comments match."</p> }.into_any();
    }
    let can_tag = !themes.is_empty();
    view! {
        <ErrorSummary error=error id_prefix="tag-"/>
        <ActionForm action=action attr:novalidate=true attr:data-testid="tag-form">
            <input type="hidden" name="kind" value=scope.kind()/>
            <input type="hidden" name="id" value=scope.id()/>
            <input type="hidden" name="back" value=query/>
            {can_tag.then(|| view! { <TagBar themes=themes.clone() error=error/> })}
            <ul class="nhsuk-list rt-analysis" id="tag-comments" data-testid="analysis-comments">
                {comments.into_iter().map(|c| view! { <Comment comment=c can_tag=can_tag/> }).collect_view()}
            </ul>
        </ActionForm>
        {older.map(|href| view! { <p><a href=href>"Older comments"</a></p> })}
    }
    .into_any()
}

#[component]
fn TagBar(
    themes: Vec<ThemeSummary>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let theme_error = Signal::derive(move || error.get().and_then(|e| e.field("theme")));
    view! {
        <div class="rt-tag-bar">
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || theme_error.get().is_some()>
                <label class="nhsuk-label" for="tag-theme">"Theme for the ticked comments"</label>
                <crate::ui::ErrorMessage id="tag-theme".to_owned() message=theme_error/>
                <select class="nhsuk-select" id="tag-theme" name="theme">
                    <option value="">"Choose a theme"</option>
                    {themes.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                </select>
            </div>
            <button class="nhsuk-button" type="submit" name="action" value="add" data-testid="tag-add">"Add theme"</button>
            " "
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="action" value="remove" data-testid="tag-remove">"Take theme off"</button>
        </div>
    }
}

#[component]
fn Comment(comment: AnalysedComment, can_tag: bool) -> impl IntoView {
    let checkbox_id = format!("comment-{}", comment.id);
    let link = format!(
        "/items/{}/threads/{}#comment-{}",
        comment.item_id, comment.thread_id, comment.id
    );
    let meta = format!(
        "{} · {} · {}",
        comment.author,
        comment.badge,
        time_fmt::date_time(crate::i18n::Locale::En, comment.created_at)
    );
    view! {
        <li class="rt-analysis__comment" data-comment=comment.id>
            <div class="rt-analysis__head">
                {can_tag.then(|| view! {
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                        <div class="nhsuk-checkboxes__item">
                            <input class="nhsuk-checkboxes__input" id=checkbox_id.clone() name="comments[]" type="checkbox" value=comment.id/>
                            <label class="nhsuk-label nhsuk-checkboxes__label" for=checkbox_id.clone()>
                                <span class="nhsuk-u-visually-hidden">{format!("Comment {} by ", comment.id)}</span>{meta.clone()}
                            </label>
                        </div>
                    </div>
                })}
                {(!can_tag).then(|| view! { <p class="rt-meta">{meta.clone()}</p> })}
            </div>
            <div class="rt-comment__body" inner_html=comment.body_html></div>
            <p class="rt-meta">
                <a href=link>{format!("In “{}”", comment.thread_title)}</a>
                {comment.partner_only.then(|| view! { " · "<strong class="nhsuk-tag nhsuk-tag--purple">"Partners only"</strong> })}
                {(!comment.themes.is_empty()).then_some(" · Themes: ")}
                {comment.themes.into_iter().enumerate().map(|(n, t)| view! {
                    {(n > 0).then_some(", ")}
                    <a href=format!("/themes/{}", t.id) class="rt-theme">{t.name}</a>
                }).collect_view()}
            </p>
        </li>
    }
}
