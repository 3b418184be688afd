//! A theme on its page (`/themes/:id`, `pages::theme`): its counts, and the
//! forms that rename it and merge it into another theme.

use super::api::{get_theme, MergeTheme, UpdateTheme};
use super::{Group, ThemePage as Page};
use crate::forms;
use crate::ui::{form_error, reload_on_success, route_id, use_reload};
use crate::ui::{ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The theme of the route's `:id`.
#[component]
pub fn ThemeDetails() -> impl IntoView {
    let id = route_id("id");
    let reload = use_reload();
    let page = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_theme(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let result = page.await;
                forms::ready().await;
                match result {
                    Ok(page) => view! { <ThemeView page=page/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ThemeView(page: Page) -> impl IntoView {
    let theme = page.theme.clone();
    let comments = format!("{}?theme={}#comments", page.scope.path(), theme.id);
    let counts = Group::ALL
        .iter()
        .map(|g| format!("{}: {}", g.label(), theme.counts.get(*g)))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <Title text=format!("Theme: {}", theme.name)/>
        <span class="nhsuk-caption-l"><a href=page.scope.path()>{format!("Analysis: {}", page.title)}</a></span>
        <h1>{theme.name.clone()}</h1>
        {(!theme.description.is_empty()).then(|| view! { <p class="nhsuk-lede-text">{theme.description.clone()}</p> })}
        <p data-testid="theme-counts">
            <a href=comments>{format!("{} comments", theme.counts.total())}</a>" · "{counts}
        </p>
        <EditForm theme_id=theme.id name=theme.name.clone() description=theme.description.clone()/>
        {(!page.others.is_empty()).then(|| view! { <MergeForm theme_id=theme.id others=page.others.clone()/> })}
    }
}

#[component]
fn EditForm(theme_id: i64, name: String, description: String) -> impl IntoView {
    const FORM: &str = "edit-theme";
    let action = ServerAction::<UpdateTheme>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = move |field: &str, current: &str| {
        forms::kept_value(FORM, field).unwrap_or_else(|| current.to_owned())
    };
    view! {
        <h2>"Rename or describe"</h2>
        <ErrorSummary error=error id_prefix="edit-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="theme_id" value=theme_id/>
            <TextInput name="name" id_prefix="edit-" label="Name" value=kept("name", &name) error=error/>
            <TextArea name="description" id_prefix="edit-" label="Description (optional)" value=kept("description", &description) error=error rows=3/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="save-theme">"Save"</button>
        </ActionForm>
    }
}

#[component]
fn MergeForm(theme_id: i64, others: Vec<super::ThemeTag>) -> impl IntoView {
    const FORM: &str = "merge-theme";
    let action = ServerAction::<MergeTheme>::new();
    let error = form_error(action, FORM.into());
    let into_error = Signal::derive(move || error.get().and_then(|e| e.field("into")));
    view! {
        <h2>"Merge into another theme"</h2>
        <p>"Every comment in this theme joins the theme you choose, and this theme goes."</p>
        <ErrorSummary error=error id_prefix="merge-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="theme_id" value=theme_id/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || into_error.get().is_some()>
                <label class="nhsuk-label" for="merge-into">"Merge into"</label>
                <ErrorMessage id="merge-into".to_owned() message=into_error/>
                <select class="nhsuk-select" id="merge-into" name="into">
                    <option value="">"Choose a theme"</option>
                    {others.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--warning" type="submit" data-testid="merge-theme">"Merge"</button>
        </ActionForm>
    }
}
