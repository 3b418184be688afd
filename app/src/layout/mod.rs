//! The frame around every page: the skip link, the header (who is signed
//! in, and signing out), the footer and the page for an address that leads
//! nowhere; and the contexts every page reads (the viewer, the form flash).

use crate::auth::api::{get_me, SignOut};
use crate::forms::{take_flash, PageFlash};
use crate::ui::{viewer, Viewer};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

pub fn provide_viewer() {
    let refresh = RwSignal::new(0u32);
    let me = Resource::new(move || refresh.get(), |_| get_me());
    provide_context(Viewer { me, refresh });
    let flash = Resource::new(|| (), |_| async { take_flash().await.ok().flatten() });
    provide_context(PageFlash(flash));
}

#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a class="nhsuk-skip-link" href="#maincontent">"Skip to main content"</a> }
}

#[component]
pub fn Header() -> impl IntoView {
    let viewer = viewer();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            viewer.bump();
        }
    });
    view! {
        <header class="nhsuk-header rt-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo rt-header__home" href="/" aria-label="Roundtable homepage">
                        <span class="nhsuk-header__service-name rt-header__name">"Roundtable"</span>
                    </a>
                    <span class="rt-header__tagline">"Blueprint for Cyber Security in Health and Care"</span>
                </div>
                <nav class="nhsuk-header__account rt-account" aria-label="Account">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match viewer.me.await {
                                Ok(Some(me)) => view! {
                                    <ul class="nhsuk-header__account-list rt-account__list">
                                        <li class="nhsuk-header__account-item rt-account__user" data-testid="signed-in-as">
                                            {me.display_name.clone()}
                                            {me.badge_label().map(|b| view! { <span class="rt-account__badge">{b}</span> })}
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/consultations">"Consultations"</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/gaps">"Gaps"</a>
                                        </li>
                                        {me.can_see_partner_content().then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/drafts">"Drafts"</a>
                                            </li>
                                        })}
                                        {crate::domain::outcomes::access::may_see_dashboard(&me).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/dashboard">"Dashboard"</a>
                                            </li>
                                        })}
                                        {crate::domain::outcomes::access::may_analyse(&me).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/analysis">"Analysis"</a>
                                            </li>
                                        })}
                                        {me.has_role(crate::domain::identity::GlobalRole::Administrator).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/admin/institutions">"Administration"</a>
                                            </li>
                                        })}
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/account" rel="external">"Your account"</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <ActionForm action=sign_out attr:class="rt-account__form">
                                                <button class="nhsuk-header__account-button rt-account__button" type="submit">"Sign out"</button>
                                            </ActionForm>
                                        </li>
                                    </ul>
                                }.into_any(),
                                _ => view! {
                                    <ul class="nhsuk-header__account-list rt-account__list">
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/consultations">"Consultations"</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/gaps">"Gaps"</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/sign-in">"Sign in"</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/sign-up">"Create an account"</a>
                                        </li>
                                    </ul>
                                }.into_any(),
                            }
                        })}
                    </Transition>
                </nav>
            </div>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <p class="nhsuk-body-s rt-footer">
                    "Roundtable brings NHS bodies, partner institutions, policy makers and the public together on the "
                    "Blueprint for Cyber Security in Health and Care, 2017 to 2020."
                </p>
            </div>
        </footer>
    }
}

/// The page for an address that leads nowhere; answered with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <h1>"Page not found"</h1>
        <p>"If you typed the web address, check it is correct."</p>
        <p>"If you pasted the web address, check you copied the entire address."</p>
        <p><a href="/">"Go to the roadmap"</a></p>
    }
}
