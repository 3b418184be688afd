//! The administration pages of partner institutions and their email
//! domains (their identity providers' pages: `provider_view`).

pub use super::provider_view::{NewProviderPage, ProviderPage};

use super::api::{get_institution, get_institutions, CreateInstitution, UpdateInstitution};
use super::InstitutionSummary;
use crate::error::AppError;
use crate::forms;
use crate::institutions::Kind;
use crate::ui::{form_error, route_id, ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

pub(super) fn missing() -> AppError {
    AppError::NotFound("There is no such institution or identity provider.".into())
}

#[component]
pub fn InstitutionsPage() -> impl IntoView {
    let institutions = Resource::new(|| (), |_| get_institutions());
    view! {
        <Title text="Partner institutions"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match institutions.await {
                    Ok(list) => view! {
                        <span class="nhsuk-caption-l">"Administration"</span>
                        <h1>"Partner institutions"</h1>
                        <p><a href="/admin/audit">"Audit log"</a>" of every privileged action"</p>
                        <p>"People at these institutions sign in with their own institution's account. "
                           "Their work email's domain leads them to its identity provider."</p>
                        <InstitutionTable institutions=list/>
                        <NewInstitutionForm/>
                    }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InstitutionTable(institutions: Vec<InstitutionSummary>) -> impl IntoView {
    view! {
        <table class="nhsuk-table" data-testid="institutions">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Partner institutions"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col">"Institution"</th>
                    <th scope="col">"Email domains"</th>
                    <th scope="col">"Sign-in"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {institutions.into_iter().map(|i| view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">
                            <a href=format!("/admin/institutions/{}", i.id)>{i.name}</a>
                            <br/><span class="rt-meta">{i.kind.label()}</span>
                        </td>
                        <td class="nhsuk-table__cell">{domain_list(&i.domains)}</td>
                        <td class="nhsuk-table__cell">
                            {if i.providers.is_empty() {
                                view! { <span class="rt-meta">"None yet"</span> }.into_any()
                            } else {
                                view! {
                                    <ul class="nhsuk-list">
                                        {i.providers.into_iter().map(|p| view! {
                                            <li>
                                                <a href=format!("/admin/providers/{}", p.id)>{p.label}</a>
                                                {(!p.enabled).then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"Off"</strong> })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn domain_list(domains: &[String]) -> String {
    if domains.is_empty() {
        "None".to_owned()
    } else {
        domains.join(", ")
    }
}

/// The kind of institution, as radios.
#[component]
fn KindChoice(chosen: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let message = Signal::derive(move || error.get().and_then(|e| e.field("kind")));
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || message.get().is_some()>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Kind of institution"</legend>
                <ErrorMessage id="kind".to_owned() message=message/>
                <div class="nhsuk-radios nhsuk-radios--inline" id="kind">
                    {Kind::ALL.into_iter().map(|k| {
                        let id = format!("kind-{}", k.as_str());
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=id.clone() name="kind" type="radio"
                                    value=k.as_str() checked=chosen == k.as_str()/>
                                <label class="nhsuk-label nhsuk-radios__label" for=id>{k.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

const DOMAINS_HINT: &str = "One per line, like wales.nhs.uk. People whose work email ends in one of these are sent to this institution's sign-in.";

#[component]
fn NewInstitutionForm() -> impl IntoView {
    const FORM: &str = "new-institution";
    let action = ServerAction::<CreateInstitution>::new();
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    view! {
        <h2 id="add-institution">"Add an institution"</h2>
        <ErrorSummary error=error/>
        <ActionForm action=action attr:novalidate=true>
            <TextInput name="name" label="Name" value=kept("name") error=error/>
            <KindChoice chosen=kept("kind") error=error/>
            <TextArea name="domains" label="Email domains" rows=3 hint=DOMAINS_HINT value=kept("domains") error=error/>
            <button class="nhsuk-button" type="submit" data-testid="add-institution">"Add institution"</button>
        </ActionForm>
    }
}

#[component]
pub fn InstitutionPage() -> impl IntoView {
    let id = route_id("id");
    let institution = Resource::new(
        move || id.get(),
        |id| async move { get_institution(id.ok_or_else(missing)?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match institution.await {
                    Ok(i) => view! { <InstitutionEditor institution=i/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InstitutionEditor(institution: InstitutionSummary) -> impl IntoView {
    const FORM: &str = "institution";
    let action = ServerAction::<UpdateInstitution>::new();
    let error = form_error(action, FORM.into());
    let kept = |field: &str, current: String| forms::kept_value(FORM, field).unwrap_or(current);
    let id = institution.id;
    view! {
        <Title text=institution.name.clone()/>
        <ErrorSummary error=error/>
        <span class="nhsuk-caption-l">"Partner institution"</span>
        <h1>{institution.name.clone()}</h1>
        <h2>"Identity providers"</h2>
        {if institution.providers.is_empty() {
            view! { <p>"This institution has no sign-in yet: its people cannot sign in as partners."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table" data-testid="providers">
                    <thead class="nhsuk-table__head">
                        <tr><th scope="col">"Sign-in"</th><th scope="col">"Issuer"</th><th scope="col">"Status"</th></tr>
                    </thead>
                    <tbody class="nhsuk-table__body">
                        {institution.providers.iter().map(|p| view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell"><a href=format!("/admin/providers/{}", p.id)>{p.label.clone()}</a></td>
                                <td class="nhsuk-table__cell rt-break">{p.issuer.clone()}</td>
                                <td class="nhsuk-table__cell">{if p.enabled { "On" } else { "Off" }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <p><a class="nhsuk-button nhsuk-button--secondary" href=format!("/admin/institutions/{id}/providers/new")>"Add an identity provider"</a></p>
        <h2>"Details"</h2>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="id" value=id/>
            <TextInput name="name" label="Name" value=kept("name", institution.name.clone()) error=error/>
            <KindChoice chosen=kept("kind", institution.kind.as_str().to_owned()) error=error/>
            <TextArea name="domains" label="Email domains" rows=3 hint=DOMAINS_HINT
                value=kept("domains", institution.domains.join("\n")) error=error/>
            <button class="nhsuk-button" type="submit" data-testid="save-institution">"Save changes"</button>
        </ActionForm>
        <p><a href="/admin/institutions">"All partner institutions"</a></p>
    }
}
