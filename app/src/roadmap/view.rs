//! The roadmap pages: the roadmap by phase, and the edit form for policy
//! makers and administrators. An item's page, which shows its discussion
//! too, is `pages::item`.

use super::api::{get_edit_choices, get_item, get_roadmap, UpdateItem};
use super::{ItemDetail, PhaseWithItems, Stakeholder, Status};
use crate::error::AppError;
use crate::forms;
use crate::i18n::use_i18n;
use crate::t;
use crate::time_fmt;
use crate::ui::{form_error, route_id, ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StatusTag(status: Status) -> impl IntoView {
    let locale = use_i18n().locale;
    view! { <strong class=status.tag_class() data-status=status.as_str()>{status.name(locale)}</strong> }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let roadmap = Resource::new(|| (), |_| get_roadmap());
    let i18n = use_i18n();
    view! {
        <Title text=t!(i18n, "roadmap-title")/>
        <h1>{t!(i18n, "roadmap-heading")}</h1>
        <p class="nhsuk-lede-text">{t!(i18n, "roadmap-lede")}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, "roadmap-loading")}</p> }>
            {move || Suspend::new(async move {
                match roadmap.await {
                    Ok(phases) => phases.into_iter().map(|p| view! { <PhaseSection phase=p/> }).collect_view().into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PhaseSection(phase: PhaseWithItems) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("phase-{}", phase.phase.year);
    let labelled_by = heading_id.clone();
    view! {
        <section class="rt-phase" aria-labelledby=labelled_by>
            <h2 id=heading_id>{phase.phase.year}": "{phase.phase.title}</h2>
            <p>{phase.phase.summary}</p>
            <ul class="nhsuk-grid-row nhsuk-card-group rt-item-list">
                {phase.items.into_iter().map(|item| view! {
                    <li class="nhsuk-grid-column-one-half nhsuk-card-group__item">
                        <div class="nhsuk-card nhsuk-card--clickable rt-item-card">
                            <div class="nhsuk-card__content">
                                <h3 class="nhsuk-card__heading nhsuk-heading-s">
                                    <a class="nhsuk-card__link" href=format!("/items/{}", item.id)>{item.title}</a>
                                </h3>
                                <p><StatusTag status=item.status/></p>
                                <p class="nhsuk-card__description">{item.summary}</p>
                                {item.target_date.map(|d| view! {
                                    <p class="rt-meta">{t!(i18n, "roadmap-target", date = time_fmt::long_date(i18n.locale, &d))}</p>
                                })}
                                {(!item.owners.is_empty()).then(|| view! {
                                    <p class="rt-meta">{t!(i18n, "roadmap-led-by", owners = item.owners.join(", "))}</p>
                                })}
                            </div>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn EditItemPage() -> impl IntoView {
    let item_id = route_id("id");
    let data = Resource::new(
        move || item_id.get(),
        |id| async move {
            let id =
                id.ok_or_else(|| AppError::NotFound("There is no such roadmap item.".into()))?;
            let choices = get_edit_choices().await?;
            let item = get_item(id).await?;
            Ok::<_, AppError>((item, choices))
        },
    );
    view! {
        <Title text="Edit roadmap item"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match data.await {
                    Ok((item, choices)) => view! { <EditItemForm item=item choices=choices/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditItemForm(item: ItemDetail, choices: super::EditChoices) -> impl IntoView {
    const FORM: &str = "edit-item";
    let action = ServerAction::<UpdateItem>::new();
    let error = form_error(action, FORM.into());
    let kept = |field: &str, current: String| forms::kept_value(FORM, field).unwrap_or(current);
    let (year, month, day) = match item.target_date.as_deref().and_then(time_fmt::parse_date) {
        Some(d) => (
            d.year().to_string(),
            u8::from(d.month()).to_string(),
            d.day().to_string(),
        ),
        None => Default::default(),
    };
    let phase_id = kept("phase_id", item.phase.id.to_string());
    let status = kept("status", item.status.as_str().to_owned());
    let owners: Vec<String> = match forms::kept_value(FORM, "owners") {
        Some(kept) => kept
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => item.owners.iter().map(|o| o.id.to_string()).collect(),
    };
    let responsibilities: Vec<(String, &'static str, String)> = Stakeholder::ALL
        .into_iter()
        .map(|s| {
            let name = format!("resp_{}", s.as_str());
            let current = item
                .responsibilities
                .iter()
                .find(|r| r.stakeholder == s)
                .map(|r| r.text.clone());
            let value = kept(&name, current.unwrap_or_default());
            (name, s.label(), value)
        })
        .collect();
    let date_error = Signal::derive(move || error.get().and_then(|e| e.field("target_date")));
    let owners_error = Signal::derive(move || error.get().and_then(|e| e.field("owners")));
    view! {
        <ErrorSummary error=error/>
        <span class="nhsuk-caption-l">"Edit roadmap item"</span>
        <h1>{item.title.clone()}</h1>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="id" value=item.id/>
            <TextInput name="title" label="Title" value=kept("title", item.title.clone()) error=error/>
            <TextArea name="summary" label="Summary" rows=3 hint="One or two sentences, shown on the roadmap."
                value=kept("summary", item.summary.clone()) error=error/>
            <TextArea name="description" label="Description" rows=10 hint="You can use Markdown: **bold**, lists, links."
                value=kept("description", item.description.clone()) error=error/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().and_then(|e| e.field("phase_id")).is_some()>
                <label class="nhsuk-label" for="phase_id">"Phase"</label>
                <select class="nhsuk-select" id="phase_id" name="phase_id">
                    {choices.phases.iter().map(|p| {
                        let value = p.id.to_string();
                        let selected = value == phase_id;
                        view! { <option value=value selected=selected>{p.year}": "{p.title.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().and_then(|e| e.field("status")).is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Status"</legend>
                    <div class="nhsuk-radios nhsuk-radios--inline" id="status">
                        {Status::ALL.into_iter().map(|s| {
                            let id = format!("status-{}", s.as_str());
                            view! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id=id.clone() name="status" type="radio"
                                        value=s.as_str() checked=status == s.as_str()/>
                                    <label class="nhsuk-label nhsuk-radios__label" for=id>{s.label()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || date_error.get().is_some()>
                <fieldset class="nhsuk-fieldset" role="group" aria-describedby="target_date-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Target date"</legend>
                    <div class="nhsuk-hint" id="target_date-hint">"For example, 31 12 2018. Leave empty if there is none."</div>
                    <ErrorMessage id="target_date".to_owned() message=date_error/>
                    <div class="nhsuk-date-input" id="target_date">
                        <DatePart name="target_day" label="Day" value=kept("target_day", day) width=2/>
                        <DatePart name="target_month" label="Month" value=kept("target_month", month) width=2/>
                        <DatePart name="target_year" label="Year" value=kept("target_year", year) width=4/>
                    </div>
                </fieldset>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || owners_error.get().is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Led by"</legend>
                    <ErrorMessage id="owners".to_owned() message=owners_error/>
                    <div class="nhsuk-checkboxes" id="owners">
                        {choices.institutions.iter().map(|inst| {
                            let id = format!("owner-{}", inst.id);
                            let value = inst.id.to_string();
                            let checked = owners.contains(&value);
                            view! {
                                <div class="nhsuk-checkboxes__item">
                                    <input class="nhsuk-checkboxes__input" id=id.clone() name="owners[]" type="checkbox"
                                        value=value checked=checked/>
                                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{inst.name.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <h2>"Who does what"</h2>
            {responsibilities.into_iter().map(|(name, label, value)| {
                view! { <TextArea name=name label=label rows=3 value=value error=error/> }
            }).collect_view()}
            <button class="nhsuk-button" type="submit" data-testid="save-item">"Save changes"</button>
            <p><a href=format!("/items/{}", item.id)>"Cancel"</a></p>
        </ActionForm>
    }
}

#[component]
fn DatePart(name: &'static str, label: &'static str, value: String, width: u8) -> impl IntoView {
    view! {
        <div class="nhsuk-date-input__item">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-date-input__label" for=name>{label}</label>
                <input class=format!("nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}")
                    id=name name=name type="text" inputmode="numeric" value=value/>
            </div>
        </div>
    }
}
