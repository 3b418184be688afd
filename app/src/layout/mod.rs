//! The frame around every page: the skip link, the header (who is signed
//! in, and signing out), the footer and the page for an address that leads
//! nowhere; and the contexts every page reads (the viewer, the form flash).

use crate::auth::api::{get_me, SignOut};
use crate::forms::{take_flash, PageFlash};
use crate::i18n::{use_i18n, LanguageSwitch};
use crate::t;
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
    let i18n = use_i18n();
    view! { <a class="nhsuk-skip-link" href="#maincontent">{t!(i18n, "skip-to-content")}</a> }
}

#[component]
pub fn Header() -> impl IntoView {
    let viewer = viewer();
    let i18n = use_i18n();
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
                    <a class="nhsuk-header__service-logo rt-header__home" href="/" aria-label=t!(i18n, "site-home-label")>
                        <span class="nhsuk-header__service-name rt-header__name">{t!(i18n, "site-name")}</span>
                    </a>
                    <span class="rt-header__tagline">{t!(i18n, "site-tagline")}</span>
                </div>
                <nav class="nhsuk-header__account rt-account" aria-label=t!(i18n, "nav-account-label")>
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
                                            <a class="nhsuk-header__account-link rt-account__link" href="/consultations">{t!(i18n, "nav-consultations")}</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/gaps">{t!(i18n, "nav-gaps")}</a>
                                        </li>
                                        {me.can_see_partner_content().then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/drafts">{t!(i18n, "nav-drafts")}</a>
                                            </li>
                                        })}
                                        {crate::domain::outcomes::access::may_see_dashboard(&me).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/dashboard">{t!(i18n, "nav-dashboard")}</a>
                                            </li>
                                        })}
                                        {crate::domain::outcomes::access::may_analyse(&me).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/analysis">{t!(i18n, "nav-analysis")}</a>
                                            </li>
                                        })}
                                        {me.has_role(crate::domain::identity::GlobalRole::Administrator).then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/admin/institutions">{t!(i18n, "nav-administration")}</a>
                                            </li>
                                        })}
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/account" rel="external">{t!(i18n, "nav-your-account")}</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <ActionForm action=sign_out attr:class="rt-account__form">
                                                <button class="nhsuk-header__account-button rt-account__button" type="submit">{t!(i18n, "nav-sign-out")}</button>
                                            </ActionForm>
                                        </li>
                                        <LanguageSwitch/>
                                    </ul>
                                }.into_any(),
                                _ => view! {
                                    <ul class="nhsuk-header__account-list rt-account__list">
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/consultations">{t!(i18n, "nav-consultations")}</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/gaps">{t!(i18n, "nav-gaps")}</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/sign-in">{t!(i18n, "nav-sign-in")}</a>
                                        </li>
                                        <li class="nhsuk-header__account-item">
                                            <a class="nhsuk-header__account-link rt-account__link" href="/sign-up">{t!(i18n, "nav-create-account")}</a>
                                        </li>
                                        <LanguageSwitch/>
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
    let i18n = use_i18n();
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <p class="nhsuk-body-s rt-footer">
                    {t!(i18n, "footer-about")}
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
    let i18n = use_i18n();
    view! {
        <Title text=t!(i18n, "not-found-title")/>
        <h1>{t!(i18n, "not-found-title")}</h1>
        <p>{t!(i18n, "not-found-typed")}</p>
        <p>{t!(i18n, "not-found-pasted")}</p>
        <p><a href="/">{t!(i18n, "not-found-home")}</a></p>
    }
}
