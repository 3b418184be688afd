//! The dashboard page: the filters, then each figure as a chart with its
//! table and its CSV and JSON exports.

use super::api::get_dashboard;
use super::figures::{table, Table};
use super::{Dashboard, DashboardFilters};
use crate::domain::outcomes::Group;
use crate::ui::charts::{Bars, StackedColumns};
use crate::ui::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        DashboardFilters {
            phase: get("phase"),
            item: get("item"),
            from: get("from"),
            to: get("to"),
        }
    });
    let data = Resource::new(move || filters.get(), get_dashboard);
    view! {
        <Title text="Dashboard"/>
        <h1>"Dashboard"</h1>
        <p class="nhsuk-lede-text">"What was said, what was decided and how the roadmap is going."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView d=d filters=filters.get_untracked()/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The query string of the filters, for the export links.
fn query(f: &DashboardFilters) -> String {
    let pairs = [
        ("phase", &f.phase),
        ("item", &f.item),
        ("from", &f.from),
        ("to", &f.to),
    ];
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
fn DashboardView(d: Dashboard, filters: DashboardFilters) -> impl IntoView {
    let q = query(&filters);
    let all = d.clone();
    let figure = move |name: &str| table(&all, name).map(|t| (t, q.clone()));
    let participation = figure("participation");
    let columns: Vec<(String, Vec<i64>)> = d
        .participation
        .iter()
        .map(|w| {
            (
                w.week[5..].to_owned(),
                Group::ALL.iter().map(|g| w.counts.get(*g)).collect(),
            )
        })
        .collect();
    let themes: Vec<(String, i64)> = d
        .themes
        .iter()
        .map(|t| (t.name.clone(), t.comments))
        .collect();
    let decisions: Vec<(String, i64)> = d
        .decisions
        .iter()
        .map(|(s, n)| (s.label().to_owned(), *n))
        .collect();
    let phases: Vec<(String, Vec<i64>)> = d
        .items_by_status
        .iter()
        .map(|p| (p.year.to_string(), p.counts.clone()))
        .collect();
    let errors = d.filter_errors.clone();
    view! {
        <Filters d=d.clone() filters=filters.clone()/>
        {(!errors.is_empty()).then(|| view! {
            <div class="nhsuk-error-summary" role="alert">
                <h2 class="nhsuk-error-summary__title">"There is a problem with the filters"</h2>
                <ul class="nhsuk-list nhsuk-error-summary__list">
                    {errors.into_iter().map(|e| view! { <li><a href=format!("#filter-{}", e.field)>{e.message}</a></li> }).collect_view()}
                </ul>
                <p>"The figures below are for the last 26 weeks, all phases and items."</p>
            </div>
        })}
        <p data-testid="dashboard-range">{format!("From {} to {}.", d.from, d.to)}</p>
        <h2>"Participation"</h2>
        <StackedColumns id="participation" caption="Comments per week, by stakeholder group"
            series=Group::ALL.iter().map(|g| g.label().to_owned()).collect() columns=columns/>
        {participation.map(|(t, q)| view! { <FigureTable table=t query=q/> })}
        <h2>"Consultations"</h2>
        {figure("consultations").map(|(t, q)| view! { <FigureTable table=t query=q/> })}
        <h2>"Themes"</h2>
        <Bars id="themes-chart" caption="Themes by number of comments" bars=themes/>
        {figure("themes").map(|(t, q)| view! { <FigureTable table=t query=q/> })}
        <h2>"Decisions"</h2>
        <Bars id="decisions-chart" caption="Decisions by status" bars=decisions/>
        {figure("decisions").map(|(t, q)| view! { <FigureTable table=t query=q/> })}
        <h2>"Overdue actions"</h2>
        {figure("overdue").map(|(t, q)| view! { <FigureTable table=t query=q/> })}
        <h2>"Roadmap"</h2>
        <StackedColumns id="items-chart" caption="Roadmap items by status, per phase"
            series=super::STATUSES.iter().map(|s| s.label().to_owned()).collect() columns=phases/>
        {figure("items").map(|(t, q)| view! { <FigureTable table=t query=q/> })}
    }
}

#[component]
fn FigureTable(table: Table, query: String) -> impl IntoView {
    let sep = if query.is_empty() { "" } else { "?" };
    let csv = format!("/dashboard/export/{}.csv{sep}{query}", table.name);
    let json = format!("/dashboard/export/{}.json{sep}{query}", table.name);
    let empty = table.rows.is_empty();
    view! {
        <details class="nhsuk-details" open=table.rows.len() <= 12>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{format!("{}: the figures", table.title)}</span></summary>
            <div class="nhsuk-details__text">
                {if empty {
                    view! { <p>"Nothing in this period."</p> }.into_any()
                } else {
                    view! {
                        <table class="nhsuk-table" data-testid=format!("figure-{}", table.name)>
                            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{table.title}</caption>
                            <thead class="nhsuk-table__head"><tr>
                                {table.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                            </tr></thead>
                            <tbody class="nhsuk-table__body">
                                {table.rows.iter().map(|row| view! {
                                    <tr class="nhsuk-table__row">
                                        {row.iter().map(|c| view! { <td class="nhsuk-table__cell">{c.to_string()}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </div>
        </details>
        <p class="rt-meta">"Download: "<a href=csv rel="external" download="">"CSV"</a>" · "<a href=json rel="external">"JSON"</a></p>
    }
}

#[component]
fn Filters(d: Dashboard, filters: DashboardFilters) -> impl IntoView {
    view! {
        <form method="get" action="/dashboard" class="rt-filter" data-testid="dashboard-filters">
            <div class="nhsuk-form-group rt-filter__field">
                <label class="nhsuk-label" for="filter-phase">"Phase"</label>
                <select class="nhsuk-select" id="filter-phase" name="phase">
                    <option value="" selected=filters.phase.is_empty()>"All"</option>
                    {d.phases.into_iter().map(|p| {
                        let value = p.year.to_string();
                        let selected = value == filters.phase;
                        view! { <option value=value selected=selected>{format!("{}: {}", p.year, p.title)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group rt-filter__field">
                <label class="nhsuk-label" for="filter-item">"Roadmap item"</label>
                <select class="nhsuk-select" id="filter-item" name="item">
                    <option value="" selected=filters.item.is_empty()>"All"</option>
                    {d.items.into_iter().map(|i| {
                        let value = i.id.to_string();
                        let selected = value == filters.item;
                        view! { <option value=value selected=selected>{i.title}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group rt-filter__field">
                <label class="nhsuk-label" for="filter-from">"From"</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="filter-from" name="from" type="date" value=filters.from.clone()/>
            </div>
            <div class="nhsuk-form-group rt-filter__field">
                <label class="nhsuk-label" for="filter-to">"To"</label>
                <input class="nhsuk-input nhsuk-input--width-10" id="filter-to" name="to" type="date" value=filters.to.clone()/>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show"</button>
        </form>
    }
}
