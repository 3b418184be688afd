//! The administration pages of an institution's identity providers: adding
//! one, and reading, checking and changing one.

use super::api::{get_institution, get_provider, SaveProvider};
use super::view::missing;
use super::{ProviderPage, ProviderSettings, SecretSource};
use crate::forms;
use crate::sso::{DiscoveryReport, Finding};
use crate::ui::{form_error, route_id, ErrorMessage, ErrorSummary, LoadError, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewProviderPage() -> impl IntoView {
    let id = route_id("id");
    let institution = Resource::new(
        move || id.get(),
        |id| async move { get_institution(id.ok_or_else(missing)?).await },
    );
    view! {
        <Title text="Add an identity provider"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match institution.await {
                    Ok(i) => {
                        let blank = ProviderSettings {
                            id: 0,
                            institution_id: i.id,
                            institution: i.name.clone(),
                            label: String::new(),
                            issuer: String::new(),
                            client_id: String::new(),
                            secret: SecretSource::Stored,
                            lead_claim: "groups".into(),
                            lead_value: String::new(),
                            enabled: true,
                            internal: false,
                        };
                        view! {
                            <span class="nhsuk-caption-l">{i.name}</span>
                            <h1>"Add an identity provider"</h1>
                            <ProviderForm settings=blank new=true/>
                        }.into_any()
                    }
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ProviderPage() -> impl IntoView {
    let id = route_id("id");
    let query = use_query_map();
    let check = Memo::new(move |_| query.read().get("check").is_some());
    let saved = Memo::new(move |_| query.read().get("saved").is_some());
    let page = Resource::new(
        move || (id.get(), check.get()),
        |(id, check)| async move { get_provider(id.ok_or_else(missing)?, check).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match page.await {
                    Ok(page) => view! { <ProviderEditor page=page saved=saved.get_untracked()/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProviderEditor(page: ProviderPage, saved: bool) -> impl IntoView {
    let ProviderPage {
        settings,
        check,
        redirect_uri,
    } = page;
    let id = settings.id;
    view! {
        <Title text=settings.label.clone()/>
        {saved.then(|| view! {
            <div class="nhsuk-inset-text" role="status" data-testid="provider-saved">
                <p>"Saved. Check the provider below to see that Roundtable can reach it."</p>
            </div>
        })}
        <span class="nhsuk-caption-l">
            <a href=format!("/admin/institutions/{}", settings.institution_id)>{settings.institution.clone()}</a>
        </span>
        <h1>{settings.label.clone()}</h1>
        <p>"Register this address with the provider as the redirect URI: "<code class="rt-break">{redirect_uri}</code></p>
        <h2 id="check">"Check the provider"</h2>
        <p>"Fetches the provider's discovery document and signing keys now, and says what they allow."</p>
        <form method="get" action=format!("/admin/providers/{id}")>
            <input type="hidden" name="check" value="1"/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="check-provider">"Check now"</button>
        </form>
        {check.map(|report| view! { <CheckReport report=report/> })}
        <h2>"Settings"</h2>
        <ProviderForm settings=settings new=false/>
    }
}

#[component]
fn CheckReport(report: DiscoveryReport) -> impl IntoView {
    let usable = report.usable();
    view! {
        <div class="nhsuk-card" data-testid="check-report">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading">
                    {if usable { "Sign-in through this provider can work" } else { "Sign-in through this provider cannot work yet" }}
                </h3>
                <ul class="nhsuk-list rt-findings">
                    {report.findings.into_iter().map(|(finding, text)| {
                        let (class, label) = match finding {
                            Finding::Good => ("nhsuk-tag nhsuk-tag--green", "Good"),
                            Finding::Warning => ("nhsuk-tag nhsuk-tag--yellow", "Note"),
                            Finding::Problem => ("nhsuk-tag nhsuk-tag--red", "Problem"),
                        };
                        view! { <li><strong class=class>{label}</strong>" "{text}</li> }
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// The provider's settings form, for a new provider or an existing one.
#[component]
fn ProviderForm(settings: ProviderSettings, new: bool) -> impl IntoView {
    let form: &'static str = if new { "new-provider" } else { "provider" };
    let action = ServerAction::<SaveProvider>::new();
    let error = form_error(action, form.into());
    let has_flash = forms::has_flash_for(form);
    let kept =
        move |field: &str, current: String| forms::kept_value(form, field).unwrap_or(current);
    let (source, variable, secret_hint) = match &settings.secret {
        SecretSource::Stored if new => (
            "stored",
            String::new(),
            "Stored encrypted; never shown again after saving.",
        ),
        SecretSource::Stored => (
            "stored",
            String::new(),
            "A secret is stored (encrypted). Leave this empty to keep it, or enter a new one.",
        ),
        SecretSource::Environment { variable, .. } => (
            "environment",
            variable.clone(),
            "Stored encrypted; never shown again after saving.",
        ),
    };
    let variable_hint = match &settings.secret {
        SecretSource::Environment {
            problem: Some(problem),
            ..
        } => format!("This server cannot use it ({problem}): sign-in will not work until it can."),
        _ => "The server reads the secret from this variable at each sign-in. The operator who sets it also sets <variable>_ISSUER to the issuer the secret is for; any other issuer gets nothing.".to_owned(),
    };
    let source = kept("secret_source", source.to_owned());
    let enabled = if has_flash {
        forms::kept_value(form, "enabled").is_some_and(|v| !v.is_empty())
    } else {
        settings.enabled
    };
    let internal = if has_flash {
        forms::kept_value(form, "internal").is_some_and(|v| !v.is_empty())
    } else {
        settings.internal
    };
    let source_error = Signal::derive(move || error.get().and_then(|e| e.field("secret_source")));
    view! {
        <ErrorSummary error=error/>
        <ActionForm action=action attr:novalidate=true>
            {(!new).then(|| view! { <input type="hidden" name="id" value=settings.id/> })}
            <input type="hidden" name="institution_id" value=settings.institution_id/>
            <TextInput name="label" label="Name on the sign-in page" hint="Like “NHS Wales staff sign-in”."
                value=kept("label", settings.label.clone()) error=error/>
            <TextInput name="issuer" label="Issuer" hint="The provider's issuer URL, exactly as its discovery document gives it."
                value=kept("issuer", settings.issuer.clone()) error=error/>
            <TextInput name="client_id" label="Client id" value=kept("client_id", settings.client_id.clone()) error=error/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || source_error.get().is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Client secret"</legend>
                    <ErrorMessage id="secret_source".to_owned() message=source_error/>
                    <div class="nhsuk-radios" id="secret_source">
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="secret_source-stored" name="secret_source" type="radio"
                                value="stored" checked=source == "stored"/>
                            <label class="nhsuk-label nhsuk-radios__label" for="secret_source-stored">"Keep it in Roundtable"</label>
                        </div>
                        <div class="rt-conditional">
                            <TextInput name="client_secret" label="Client secret" input_type="password" autocomplete="off"
                                hint=secret_hint value="" error=error/>
                        </div>
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="secret_source-environment" name="secret_source" type="radio"
                                value="environment" checked=source == "environment"/>
                            <label class="nhsuk-label nhsuk-radios__label" for="secret_source-environment">"Read it from an environment variable of the server"</label>
                        </div>
                        <div class="rt-conditional">
                            <TextInput name="secret_variable" label="Variable name" hint=variable_hint
                                value=kept("secret_variable", variable) error=error/>
                        </div>
                    </div>
                </fieldset>
            </div>
            <h3>"Partner leads"</h3>
            <p>"Everyone who signs in here becomes a partner member of the institution. Those whose ID token carries "
               "this value in this claim become partner leads, who sign off drafts for the institution. Roles are "
               "read again at every sign-in."</p>
            <TextInput name="lead_claim" label="Claim" hint="A claim holding a string or a list of strings, like groups or roles."
                value=kept("lead_claim", settings.lead_claim.clone()) error=error/>
            <TextInput name="lead_value" label="Value that makes a partner lead" hint="Leave empty if nobody becomes a lead through this sign-in."
                value=kept("lead_value", settings.lead_value.clone()) error=error/>
            <div class="nhsuk-form-group">
                <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="enabled" name="enabled" type="checkbox" value="on" checked=enabled/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="enabled">"People can sign in with this provider"</label>
                    </div>
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id="internal" name="internal" type="checkbox" value="on" checked=internal aria-describedby="internal-hint"/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for="internal">"This provider is on our own network"</label>
                        <div class="nhsuk-hint nhsuk-checkboxes__hint" id="internal-hint">
                            "Roundtable then reaches it at private addresses too. Otherwise it reaches providers at public internet addresses only, so a provider's documents cannot point it at a service inside the network."
                        </div>
                    </div>
                </div>
            </div>
            <button class="nhsuk-button" type="submit" data-testid="save-provider">
                {if new { "Add identity provider" } else { "Save changes" }}
            </button>
        </ActionForm>
    }
}
