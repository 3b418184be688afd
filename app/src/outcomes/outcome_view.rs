//! The outcome page of an analysis: "We asked" (the proposal or item, and
//! the policy team's summary), "You said" (themes with counts per
//! stakeholder group, and the comments quoted), "We did" (the decisions).

use super::api::{get_outcome, PublishOutcome};
use super::view::DecisionCard;
use super::{OutcomePage, ThemeOutcome};
use crate::domain::outcomes::Group;
use crate::forms;
use crate::themes::Scope;
use crate::time_fmt;
use crate::ui::{form_error, provide_reload, reload_on_success, route_id};
use crate::ui::{ErrorSummary, LoadError, TextArea};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConsultationOutcomePage() -> impl IntoView {
    let id = route_id("id");
    view! { {move || id.get().map(|id| view! { <Outcome scope=Scope::Consultation(id)/> })} }
}

#[component]
pub fn ItemOutcomePage() -> impl IntoView {
    let id = route_id("id");
    view! { {move || id.get().map(|id| view! { <Outcome scope=Scope::Item(id)/> })} }
}

#[component]
fn Outcome(scope: Scope) -> impl IntoView {
    let reload = provide_reload();
    let page = Resource::new(
        move || reload.get(),
        move |_| get_outcome(scope.kind().to_owned(), scope.id()),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let result = page.await;
                forms::ready().await;
                match result {
                    Ok(page) => view! { <OutcomeView page=page/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OutcomeView(page: OutcomePage) -> impl IntoView {
    let heading = format!("What came of it: {}", page.title);
    let asked = match page.scope {
        Scope::Consultation(id) => {
            let when = page.closes_at.map(|c| format!(" Comments closed at the end of {}.", time_fmt::last_day_before(crate::i18n::Locale::En, c)));
            view! {
                <p>
                    "We asked for comments on the proposal "<a href=format!("/drafts/{id}")>{format!("“{}”", page.title)}</a>
                    ", which answers the roadmap item "<a href=format!("/items/{}", page.item_id)>{page.item_title.clone()}</a>"."
                    {when}
                </p>
            }
            .into_any()
        }
        Scope::Item(id) => view! {
            <p>"We asked for comments on the roadmap item "<a href=format!("/items/{id}")>{page.item_title.clone()}</a>"."</p>
        }
        .into_any(),
    };
    let said = format!(
        "{} public comments: {} from the public, {} from partner institutions, {} from policy makers.",
        page.counts.total(),
        page.counts.public,
        page.counts.partner,
        page.counts.policy_maker
    );
    let status = match page.published_at {
        Some(at) => view! { <p class="rt-meta" data-testid="outcome-published">{format!("Published {}", time_fmt::date_time(crate::i18n::Locale::En, at))}</p> }.into_any(),
        None => view! {
            <div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label">"Not published"</h3>
            <p>"Only policy makers, moderators and administrators can see this page until it is published."</p></div>
        }.into_any(),
    };
    let decisions: Vec<_> = page
        .themes
        .iter()
        .flat_map(|t| t.decisions.clone())
        .collect();
    view! {
        <Title text=heading.clone()/>
        <span class="nhsuk-caption-l">"You said, we did"</span>
        <h1>{heading}</h1>
        {status}
        <h2>"We asked"</h2>
        {asked}
        <div class="rt-description" inner_html=page.summary_html.clone()></div>
        <h2>"You said"</h2>
        <p>{said}</p>
        {if page.themes.is_empty() {
            view! { <p>"No themes yet."</p> }.into_any()
        } else {
            view! { <ThemeCounts themes=page.themes.clone()/> {page.themes.clone().into_iter().map(|t| view! { <ThemeSaid theme=t/> }).collect_view()} }.into_any()
        }}
        <h2>"We did"</h2>
        {if decisions.is_empty() {
            view! { <p>"No decisions recorded yet."</p> }.into_any()
        } else {
            decisions.into_iter().map(|d| view! {
                <p class="rt-meta">{format!("On “{}”", d.theme_name)}</p>
                <DecisionCard decision=d/>
            }).collect_view().into_any()
        }}
        {page.can_publish.then(|| view! { <PublishForm scope=page.scope summary=page.summary.clone() published=page.published_at.is_some()/> })}
        {(!page.closed).then(|| view! { <p class="nhsuk-inset-text">"The consultation is still open: its outcome can be published once it closes."</p> })}
    }
}

/// The themes' counts as a table: the figures themselves, readable by
/// everyone and every screen reader.
#[component]
fn ThemeCounts(themes: Vec<ThemeOutcome>) -> impl IntoView {
    view! {
        <table class="nhsuk-table" data-testid="outcome-themes">
            <caption class="nhsuk-table__caption">"Themes, with the public comments in each per stakeholder group"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col">"Theme"</th>
                    {Group::ALL.map(|g| view! { <th scope="col" class="nhsuk-table__header--numeric">{g.label()}</th> })}
                    <th scope="col" class="nhsuk-table__header--numeric">"All"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {themes.into_iter().map(|t| view! {
                    <tr class="nhsuk-table__row">
                        <th scope="row" class="nhsuk-table__cell"><a href=format!("#theme-{}", t.id)>{t.name.clone()}</a></th>
                        {Group::ALL.map(|g| view! { <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{t.counts.get(g)}</td> })}
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{t.counts.total()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ThemeSaid(theme: ThemeOutcome) -> impl IntoView {
    view! {
        <h3 id=format!("theme-{}", theme.id)>{theme.name.clone()}</h3>
        {(!theme.description.is_empty()).then(|| view! { <p>{theme.description.clone()}</p> })}
        {theme.quotes.into_iter().map(|q| view! {
            <blockquote class="rt-quote" data-testid="quote">
                <div inner_html=q.body_html></div>
                <footer class="rt-meta">
                    {format!("{} · {} · ", q.author, q.badge)}
                    <a href=format!("/comments/{}", q.comment_id)>"Follow this comment"</a>
                </footer>
            </blockquote>
        }).collect_view()}
    }
}

#[component]
fn PublishForm(scope: Scope, summary: String, published: bool) -> impl IntoView {
    const FORM: &str = "outcome";
    let action = ServerAction::<PublishOutcome>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let value = forms::kept_value(FORM, "summary").unwrap_or(summary);
    view! {
        <h2 id="publish">{if published { "Update the summary" } else { "Publish this outcome" }}</h2>
        <p>"Once published, everyone can read this page: the themes with their public counts, the quoted comments, and every decision recorded on these themes, now and later."</p>
        <ErrorSummary error=error id_prefix="outcome-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="kind" value=scope.kind()/>
            <input type="hidden" name="id" value=scope.id()/>
            <TextArea name="summary" id_prefix="outcome-" label="Summary" value=value error=error rows=6
                hint="What you asked, who answered and what you heard, in plain words. Markdown works."/>
            <button class="nhsuk-button" type="submit" data-testid="publish-outcome">
                {if published { "Save the summary" } else { "Publish the outcome" }}
            </button>
        </ActionForm>
    }
}
