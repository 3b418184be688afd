//! The analysis pages: every analysis (`/analysis`), and one analysis
//! (`/consultations/:id/analysis`, `/items/:id/analysis`) with its themes,
//! their counts per stakeholder group, and the filtered list of comments.

use super::api::{get_analyses, get_analysis, CreateTheme};
pub use super::comment_view::CommentThemesSection;
use super::list_view::CommentList;
use super::suggest_view::Suggestions;
pub use super::theme_view::ThemeDetails;
use super::{AnalysisPage, AnalysisSummary, Filters, Group, Scope, ThemeSummary};
use crate::forms;
use crate::time_fmt;
use crate::ui::{form_error, provide_reload, reload_on_success, route_id};
use crate::ui::{ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AnalysesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_analyses());
    view! {
        <Title text="Analysis"/>
        <h1>"Analysis"</h1>
        <p class="nhsuk-lede-text">"Group what people said into themes, consultation by consultation and item by item."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <AnalysisTable list=list/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AnalysisTable(list: Vec<AnalysisSummary>) -> impl IntoView {
    let (consultations, items): (Vec<_>, Vec<_>) = list
        .into_iter()
        .partition(|a| matches!(a.scope, Scope::Consultation(_)));
    let rows = move |list: Vec<AnalysisSummary>| {
        list.into_iter()
            .map(|a| {
                let state = a.closes_at.map(|c| {
                    if a.open {
                        format!("Open until the end of {}", time_fmt::last_day_before(crate::i18n::Locale::En, c))
                    } else {
                        format!("Closed at the end of {}", time_fmt::last_day_before(crate::i18n::Locale::En, c))
                    }
                });
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">
                            <a href=a.scope.path()>{a.title.clone()}</a>
                            {state.map(|s| view! { <br/><span class="rt-meta">{s}</span> })}
                        </td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{a.comment_count}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{a.theme_count}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move |caption: &'static str, list: Vec<AnalysisSummary>| {
        view! {
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr>
                        <th scope="col">"Subject"</th>
                        <th scope="col" class="nhsuk-table__header--numeric">"Comments"</th>
                        <th scope="col" class="nhsuk-table__header--numeric">"Themes"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">{rows(list)}</tbody>
            </table>
        }
    };
    view! {
        {if consultations.is_empty() {
            view! { <p>"There are no consultations yet."</p> }.into_any()
        } else {
            table("Consultations", consultations).into_any()
        }}
        {table("Discussion of roadmap items", items)}
    }
}

#[component]
pub fn ConsultationAnalysisPage() -> impl IntoView {
    let id = route_id("id");
    view! { {move || id.get().map(|id| view! { <Analysis scope=Scope::Consultation(id)/> })} }
}

#[component]
pub fn ItemAnalysisPage() -> impl IntoView {
    let id = route_id("id");
    view! { {move || id.get().map(|id| view! { <Analysis scope=Scope::Item(id)/> })} }
}

#[component]
fn Analysis(scope: Scope) -> impl IntoView {
    let reload = provide_reload();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            theme: get("theme"),
            untagged: get("untagged"),
            group: get("group"),
            from: get("from"),
            to: get("to"),
            before: get("before"),
        }
    });
    let asked = Memo::new(move |_| query.read().get("suggest").as_deref() == Some("1"));
    let page = Resource::new(
        move || (filters.get(), reload.get()),
        move |(filters, _)| get_analysis(scope.kind().to_owned(), scope.id(), filters),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let result = page.await;
                forms::ready().await;
                match result {
                    Ok(page) => view! { <AnalysisView page=page filters=filters.get_untracked() asked=asked.get_untracked()/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AnalysisView(page: AnalysisPage, filters: Filters, asked: bool) -> impl IntoView {
    let kind = match page.scope {
        Scope::Consultation(_) => "Consultation",
        Scope::Item(_) => "Roadmap item discussion",
    };
    let heading = format!("Analysis: {}", page.title);
    let context = match page.scope {
        Scope::Consultation(id) => view! {
            <p>
                <a href=format!("/drafts/{id}")>"Read the proposal"</a>" · answers "
                <a href=format!("/items/{}", page.item_id)>{page.item_title.clone()}</a>
                {if page.open { " · still open for comments" } else { " · closed" }}
            </p>
        }
        .into_any(),
        Scope::Item(id) => {
            view! { <p><a href=format!("/items/{id}")>"Read the item and its discussion"</a></p> }
                .into_any()
        }
    };
    let summary = format!(
        "{} comments, {} not yet in a theme.{}",
        page.comment_count,
        page.untagged_count,
        if page.includes_partner_only {
            " Partner-only comments are included."
        } else {
            ""
        }
    );
    let themes = page.themes.clone();
    view! {
        <Title text=heading.clone()/>
        <span class="nhsuk-caption-l">{kind}</span>
        <h1>{heading}</h1>
        {context}
        <p data-testid="analysis-summary">{summary}</p>
        <p><a href=page.scope.outcome_path()>"The outcome page: you said, we did"</a></p>
        <h2>"Themes"</h2>
        <ThemeTable themes=page.themes.clone() scope=page.scope/>
        <NewThemeForm scope=page.scope back=filters.query()/>
        {(page.untagged_count > 0).then(|| view! { <Suggestions scope=page.scope asked=asked/> })}
        <h2 id="comments">"Comments"</h2>
        <FilterForm scope=page.scope filters=filters.clone() themes=themes.clone() errors=page.filter_errors.clone()/>
        <CommentList scope=page.scope comments=page.comments older=page.older filters=filters themes=themes/>
    }
}

#[component]
fn ThemeTable(themes: Vec<ThemeSummary>, scope: Scope) -> impl IntoView {
    if themes.is_empty() {
        return view! { <p>"No themes yet. Add the first below, then tag comments with it."</p> }
            .into_any();
    }
    view! {
        <table class="nhsuk-table" data-testid="themes">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Themes with their comments per stakeholder group"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col">"Theme"</th>
                    {Group::ALL.map(|g| view! { <th scope="col" class="nhsuk-table__header--numeric">{g.label()}</th> })}
                    <th scope="col" class="nhsuk-table__header--numeric">"All"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {themes.into_iter().map(|t| {
                    let comments = format!("{}?theme={}#comments", scope.path(), t.id);
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <a href=format!("/themes/{}", t.id)>{t.name.clone()}</a>
                                {(!t.description.is_empty()).then(|| view! { <br/><span class="rt-meta">{t.description.clone()}</span> })}
                            </td>
                            {Group::ALL.map(|g| view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{t.counts.get(g)}</td> })}
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric"><a href=comments>{t.counts.total()}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewThemeForm(scope: Scope, back: String) -> impl IntoView {
    const FORM: &str = "new-theme";
    let action = ServerAction::<CreateTheme>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    view! {
        <details class="nhsuk-details" open=forms::has_flash_for(FORM)>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Add a theme"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error id_prefix="theme-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="kind" value=scope.kind()/>
                    <input type="hidden" name="id" value=scope.id()/>
                    <input type="hidden" name="back" value=back/>
                    <TextInput name="name" id_prefix="theme-" label="Name" value=kept("name") error=error
                        hint="A few words people would recognise, for example “Registration fees”."/>
                    <TextArea name="description" id_prefix="theme-" label="Description (optional)" value=kept("description") error=error rows=3/>
                    <button class="nhsuk-button" type="submit" data-testid="add-theme">"Add theme"</button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn FilterForm(
    scope: Scope,
    filters: Filters,
    themes: Vec<ThemeSummary>,
    errors: Vec<crate::error::FieldError>,
) -> impl IntoView {
    let message = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let field = move |name: &'static str,
                      label: &'static str,
                      value: String,
                      error: Option<String>| {
        let id = format!("filter-{name}");
        let error_id = format!("{id}-error");
        let has_error = error.is_some();
        view! {
            <div class="nhsuk-form-group rt-filter__field" class:nhsuk-form-group--error=has_error>
                <label class="nhsuk-label" for=id.clone()>{label}</label>
                {error.map(|m| view! {
                    <span class="nhsuk-error-message" id=error_id>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>{m}
                    </span>
                })}
                <input class="nhsuk-input nhsuk-input--width-10" id=id name=name type="date" value=value/>
            </div>
        }
    };
    let theme_error = message("theme");
    let group_error = message("group");
    let (theme_invalid, group_invalid) = (theme_error.is_some(), group_error.is_some());
    view! {
        <form method="get" action=scope.path() class="rt-filter" data-testid="filters">
            <div class="nhsuk-form-group rt-filter__field" class:nhsuk-form-group--error=theme_invalid>
                <label class="nhsuk-label" for="filter-theme">"Theme"</label>
                {theme_error.map(|m| view! { <span class="nhsuk-error-message">{m}</span> })}
                <select class="nhsuk-select" id="filter-theme" name="theme">
                    <option value="" selected=filters.theme.is_empty()>"Any"</option>
                    {themes.into_iter().map(|t| {
                        let value = t.id.to_string();
                        let selected = value == filters.theme;
                        view! { <option value=value selected=selected>{t.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group rt-filter__field" class:nhsuk-form-group--error=group_invalid>
                <label class="nhsuk-label" for="filter-group">"Stakeholder group"</label>
                {group_error.map(|m| view! { <span class="nhsuk-error-message">{m}</span> })}
                <select class="nhsuk-select" id="filter-group" name="group">
                    <option value="" selected=filters.group.is_empty()>"Any"</option>
                    {Group::ALL.map(|g| view! { <option value=g.as_str() selected=filters.group == g.as_str()>{g.label()}</option> })}
                </select>
            </div>
            {field("from", "Written from", filters.from.clone(), message("from"))}
            {field("to", "Written to", filters.to.clone(), message("to"))}
            <div class="nhsuk-checkboxes nhsuk-checkboxes--small rt-filter__field">
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id="filter-untagged" name="untagged" type="checkbox" value="1" checked=filters.untagged == "1"/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for="filter-untagged">"Not yet in a theme"</label>
                </div>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show comments"</button>
        </form>
    }
}
