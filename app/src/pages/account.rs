//! "Your account": the account (`account`), its two-step verification
//! (`two_step`) and its institutions' sign-ins (`sso`) on one page.

use crate::account::api::get_account;
use crate::account::{AccountOverview, TwoStep};
use crate::forms;
use crate::sso::view::FailureSummary;
use crate::sso::Failure;
use crate::two_step::api::RenewRecoveryCodes;
use crate::ui::{form_error, ErrorSummary, LoadError, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| get_account());
    let query = use_query_map();
    let failure = Memo::new(move |_| query.read().get("link").and_then(|c| Failure::parse(&c)));
    let linked = Memo::new(move |_| query.read().get("linked").is_some());
    view! {
        <Title text="Your account"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <FailureSummary failure=failure name="link"/>
                {move || linked.get().then(|| view! {
                    <div class="nhsuk-inset-text" role="status" data-testid="linked">
                        <p>"Your institution's sign-in is linked. You can now sign in with it as well as with your password."</p>
                    </div>
                })}
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        forms::ready().await;
                        match account.await {
                            Ok(account) => view! { <Overview account=account/> }.into_any(),
                            Err(err) => view! { <LoadError error=err/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn Overview(account: AccountOverview) -> impl IntoView {
    // The link form ends at an identity provider (through /sso/link); links
    // to this page are rel=external, so this policy is the page's own.
    #[cfg(feature = "ssr")]
    {
        let mut origins: Vec<String> = account.linkable.iter().map(|p| p.origin.clone()).collect();
        origins.sort();
        origins.dedup();
        crate::csp::set_content_security_policy_with_form_targets(&origins);
    }
    let AccountOverview {
        display_name,
        email,
        has_password,
        two_step,
        identities,
        linkable,
        roles,
    } = account;
    view! {
        <h1>"Your account"</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Name"</dt>
                <dd class="nhsuk-summary-list__value">{display_name}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Email"</dt>
                <dd class="nhsuk-summary-list__value">{email.unwrap_or_else(|| "None".into())}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Roles"</dt>
                <dd class="nhsuk-summary-list__value">
                    {if roles.is_empty() { "Member of the public".to_owned() } else { roles.join("; ") }}
                </dd>
            </div>
        </dl>
        <TwoStepSection two_step=two_step/>
        <h2>"Institution sign-in"</h2>
        {if identities.is_empty() {
            view! { <p>"No institution sign-in is linked to this account."</p> }.into_any()
        } else {
            view! {
                <ul class="nhsuk-list" data-testid="identities">
                    {identities.into_iter().map(|i| view! {
                        <li>{format!("{} – {}", i.institution, i.label)}<span class="rt-meta">{format!(" (linked {})", crate::time_fmt::date_time(crate::i18n::Locale::En, i.linked_at))}</span></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(has_password && !linkable.is_empty()).then(|| view! { <LinkForm providers=linkable/> })}
    }
}

#[component]
fn TwoStepSection(two_step: TwoStep) -> impl IntoView {
    match two_step {
        TwoStep::NotApplicable => ().into_any(),
        TwoStep::Off { required } => view! {
            <h2>"Two-step verification"</h2>
            <p>"Off. With it on, signing in also takes a code from an app on your phone, so a stolen password is not enough."</p>
            {required.then(|| view! { <p>"Your roles need it: you will be asked to set it up when you next sign in."</p> })}
            <p><a class="nhsuk-button nhsuk-button--secondary" href="/account/two-step">"Set up two-step verification"</a></p>
        }
        .into_any(),
        TwoStep::On { recovery_codes_left } => view! {
            <h2>"Two-step verification"</h2>
            <p data-testid="two-step-on">{format!("On. You have {recovery_codes_left} unused recovery codes.")}</p>
            <RenewCodesForm/>
        }
        .into_any(),
    }
}

#[component]
fn RenewCodesForm() -> impl IntoView {
    let action = ServerAction::<RenewRecoveryCodes>::new();
    let error = form_error(action, "renew-recovery-codes".into());
    view! {
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Make new recovery codes"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error/>
                <p>"Your old codes stop working when the new ones are made."</p>
                <ActionForm action=action attr:novalidate=true>
                    <TextInput name="code" label="Code from your authenticator app" autocomplete="one-time-code"
                        class="nhsuk-input--width-10" value="" error=error/>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Make new codes"</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// Linking an institution's sign-in takes both sign-ins: the account's
/// password here, then the institution's own sign-in.
#[component]
fn LinkForm(providers: Vec<crate::sso::ProviderOption>) -> impl IntoView {
    view! {
        <h3>"Link your institution's sign-in"</h3>
        <p>"Then you can sign in with your institution's account too, and take part as a partner of that institution."</p>
        <form method="post" action="/sso/link" novalidate>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="provider">"Institution"</label>
                <select class="nhsuk-select" id="provider" name="provider">
                    {providers.into_iter().map(|p| view! {
                        <option value=p.id.to_string()>{format!("{} – {}", p.institution, p.label)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="link-password">"Your Roundtable password"</label>
                <input class="nhsuk-input" id="link-password" name="password" type="password" autocomplete="current-password"/>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="link-identity">"Continue to your institution"</button>
        </form>
    }
}
