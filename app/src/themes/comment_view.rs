//! Tagging one comment from its own page (`/comments/:id`, `pages::comment`):
//! the themes of its analysis as checkboxes, ticked where it carries them.
//! Shown to analysts only; nothing for anyone else.

use super::api::{get_comment_themes, SetCommentThemes};
use super::CommentThemes;
use crate::forms;
use crate::ui::{form_error, reload_on_success, route_id, use_reload};
use crate::ui::{ErrorMessage, ErrorSummary};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The themes form of the comment of the route's `:id`, for analysts.
#[component]
pub fn CommentThemesSection() -> impl IntoView {
    let id = route_id("id");
    let reload = use_reload();
    let themes = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_comment_themes(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let result = themes.await;
                forms::ready().await;
                match result {
                    Ok(Some(themes)) => {
                        view! { <ThemesForm comment_id=id.get_untracked().unwrap_or_default() themes=themes/> }.into_any()
                    }
                    // Not an analyst, or nothing to tag: the trace says why.
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ThemesForm(comment_id: i64, themes: CommentThemes) -> impl IntoView {
    const FORM: &str = "comment-themes";
    let action = ServerAction::<SetCommentThemes>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let themes_error = Signal::derive(move || error.get().and_then(|e| e.field("themes")));
    let analysis = themes.scope.path();
    let list = format!("{analysis}#comments");
    view! {
        <section aria-labelledby="themes" data-testid="comment-themes">
            <h2 id="themes">"Themes"</h2>
            {if themes.themes.is_empty() {
                view! {
                    <p data-testid="no-themes">
                        "Its analysis has no themes yet. "
                        <a href=list>"Create themes in the analysis"</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <ErrorSummary error=error id_prefix="comment-"/>
                    <ActionForm action=action attr:novalidate=true attr:data-testid="comment-themes-form">
                        <input type="hidden" name="comment_id" value=comment_id/>
                        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || themes_error.get().is_some()>
                            <fieldset class="nhsuk-fieldset" id="comment-themes" aria-describedby="comment-themes-hint">
                                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"The themes this comment belongs to"</legend>
                                <div class="nhsuk-hint" id="comment-themes-hint">"Untick a theme to take it off the comment."</div>
                                <ErrorMessage id="comment-themes".to_owned() message=themes_error/>
                                <div class="nhsuk-checkboxes nhsuk-checkboxes--small rt-columns">
                                    {themes.themes.into_iter().map(|t| {
                                        let id = format!("comment-theme-{}", t.id);
                                        let checked = themes.ticked.contains(&t.id);
                                        view! {
                                            <div class="nhsuk-checkboxes__item">
                                                <input class="nhsuk-checkboxes__input" id=id.clone() name="themes[]" type="checkbox" value=t.id checked=checked/>
                                                <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{t.name}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        </div>
                        <button class="nhsuk-button" type="submit" data-testid="save-comment-themes">"Save the themes"</button>
                    </ActionForm>
                    <p><a href=list>"Back to the analysis"</a></p>
                }.into_any()
            }}
        </section>
    }
}
