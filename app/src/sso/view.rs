//! The partner sign-in page: a work email picks the institution; a list
//! offers every institution by name. Both lead to plain HTTP endpoints
//! (`/sso/…`), which send the browser to the institution's provider.

use super::api::get_partner_choices;
use super::{Failure, ProviderOption};
use crate::forms;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PartnerSignInPage() -> impl IntoView {
    let query = use_query_map();
    let domain = Memo::new(move |_| query.read().get("domain"));
    let failure = Memo::new(move |_| query.read().get("error").and_then(|c| Failure::parse(&c)));
    let next = Memo::new(move |_| query.read().get("next").unwrap_or_default());
    let choices = Resource::new(move || domain.get(), get_partner_choices);
    view! {
        <Title text="Partner sign-in"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <FailureSummary failure=failure name="partner"/>
                <h1>"Sign in with your institution"</h1>
                <p>"People at partner institutions sign in with their own institution's account: no Roundtable password."</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        forms::ready().await;
                        let email = forms::kept_value("partner", "email").unwrap_or_default();
                        let choices = choices.await.ok();
                        let matching = choices.as_ref().map(|c| c.matching.clone()).unwrap_or_default();
                        let all = choices.map(|c| c.all).unwrap_or_default();
                        // The email form ends at a provider (through /sso/begin). Links
                        // to this page are rel=external, so it is always a full page
                        // load and this policy is the one the browser holds.
                        #[cfg(feature = "ssr")]
                        {
                            let mut origins: Vec<String> = all.iter().map(|p| p.origin.clone()).collect();
                            origins.sort();
                            origins.dedup();
                            crate::csp::set_content_security_policy_with_form_targets(&origins);
                        }
                        let next = next.get_untracked();
                        view! {
                            {(!matching.is_empty()).then(|| view! {
                                <h2>"Choose how to sign in"</h2>
                                <ProviderList providers=matching next=next.clone()/>
                            })}
                            <form method="post" action="/sso/begin" novalidate>
                                <input type="hidden" name="next" value=next.clone()/>
                                <div class="nhsuk-form-group">
                                    <label class="nhsuk-label" for="email">"Work email address"</label>
                                    <div class="nhsuk-hint" id="email-hint">"For example, name@wales.nhs.uk"</div>
                                    <input class="nhsuk-input" id="email" name="email" type="email" autocomplete="email"
                                        aria-describedby="email-hint" value=email/>
                                </div>
                                <button class="nhsuk-button" type="submit" data-testid="partner-continue">"Continue"</button>
                            </form>
                            <h2>"Or choose your institution"</h2>
                            <ProviderList providers=all next=next/>
                        }
                    })}
                </Suspense>
                <p>"Not at a partner institution? "<a href="/sign-in">"Sign in with your Roundtable account"</a></p>
            </div>
        </div>
    }
}

#[component]
fn ProviderList(providers: Vec<ProviderOption>, next: String) -> impl IntoView {
    let query = if next.is_empty() {
        String::new()
    } else {
        format!("?next={next}")
    };
    view! {
        <ul class="nhsuk-list">
            {providers.into_iter().map(|p| {
                // rel=external: a full page load, since the endpoint redirects off-site.
                let href = format!("/sso/start/{}{}", p.id, query);
                view! {
                    <li><a href=href rel="external">{p.institution}" – "{p.label}</a></li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "There is a problem" for a sign-in or linking that failed, from the short
/// failure code in the page's address; `name` tells the pages' summaries apart.
#[component]
pub fn FailureSummary(failure: Memo<Option<Failure>>, name: &'static str) -> impl IntoView {
    move || {
        failure.get().map(|f| {
            view! {
                <div class="nhsuk-error-summary" aria-labelledby=format!("{name}-error-title") role="alert" tabindex="-1">
                    <h2 class="nhsuk-error-summary__title" id=format!("{name}-error-title")>"There is a problem"</h2>
                    <div class="nhsuk-error-summary__body">
                        <p data-testid=format!("{name}-failure")>{f.message()}</p>
                    </div>
                </div>
            }
        })
    }
}
