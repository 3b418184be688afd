//! Suggested themes on the analysis page: asked for with a link (the
//! grouping reads every untagged comment, so it runs only when wanted), each
//! offered with the comments it would group, and made a theme only when a
//! person confirms it.

use super::api::{get_suggestions, CreateTheme};
use super::{Scope, SuggestedTheme};
use crate::forms;
use crate::ui::{form_error, reload_on_success, ErrorSummary, LoadError, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn Suggestions(scope: Scope, asked: bool) -> impl IntoView {
    if !asked {
        let href = format!("{}?suggest=1#suggestions", scope.path());
        return view! {
            <p id="suggestions">
                <a href=href data-testid="suggest">"Suggest themes from the comments not yet in a theme"</a>
            </p>
        }
        .into_any();
    }
    let suggestions = Resource::new(
        || (),
        move |_| get_suggestions(scope.kind().to_owned(), scope.id()),
    );
    view! {
        <h2 id="suggestions">"Suggested themes"</h2>
        <p>"Groups of comments that share words. Nothing is tagged until you create the theme; check the comments first."</p>
        <Suspense fallback=|| view! { <p>"Reading the comments…"</p> }>
            {move || Suspend::new(async move {
                match suggestions.await {
                    Ok(list) if list.is_empty() => view! {
                        <p data-testid="no-suggestions">"No groups stand out among the comments not yet in a theme."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="nhsuk-list" data-testid="suggestions">
                            {list.into_iter().map(|s| view! { <Suggestion scope=scope suggestion=s/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Suggestion(scope: Scope, suggestion: SuggestedTheme) -> impl IntoView {
    const FORM: &str = "suggested-theme";
    let action = ServerAction::<CreateTheme>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let count = suggestion.comment_ids.len();
    let terms = suggestion
        .terms
        .iter()
        .map(|t| format!("“{t}”"))
        .collect::<Vec<_>>()
        .join(" and ");
    let first = suggestion.comment_ids.first().copied().unwrap_or_default();
    let prefix = format!("suggested-{first}-");
    let list = suggestion
        .comment_ids
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="rt-suggestion">
            <h3 class="nhsuk-heading-s">{format!("{count} comments mention {terms}")}</h3>
            <ul class="nhsuk-list nhsuk-list--bullet">
                {suggestion.excerpts.into_iter().map(|e| view! { <li class="rt-meta">{e}</li> }).collect_view()}
            </ul>
            <details class="nhsuk-details">
                <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Which comments"</span></summary>
                <div class="nhsuk-details__text"><p>{list}</p></div>
            </details>
            <ErrorSummary error=error id_prefix=prefix.clone()/>
            <ActionForm action=action attr:novalidate=true>
                <input type="hidden" name="kind" value=scope.kind()/>
                <input type="hidden" name="id" value=scope.id()/>
                {suggestion.comment_ids.iter().map(|id| view! { <input type="hidden" name="comments[]" value=*id/> }).collect_view()}
                <TextInput name="name" id_prefix=prefix label="Theme name"
                    value=forms::kept_value(FORM, "name").unwrap_or(suggestion.name) error=error/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="confirm-suggestion">
                    {format!("Create the theme with these {count} comments")}
                </button>
            </ActionForm>
        </li>
    }
}
