//! The frame around every page (skip link, header, footer) and the NHS.UK
//! form building blocks every form uses: fields with their error messages and
//! the error summary.

mod fields;
pub use fields::*;

use crate::auth::api::{get_me, SignOut};
use crate::auth::Me;
use crate::error::AppError;
use crate::forms::{take_flash, PageFlash};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Who is looking, for every component that cares. `refresh` is bumped after
/// signing in or out so the header follows without a full page load.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub refresh: RwSignal<u32>,
}

impl Viewer {
    pub fn bump(&self) {
        self.refresh.update(|n| *n += 1);
    }
}

pub fn provide_viewer() {
    let refresh = RwSignal::new(0u32);
    let me = Resource::new(move || refresh.get(), |_| get_me());
    provide_context(Viewer { me, refresh });
    let flash = Resource::new(|| (), |_| async { take_flash().await.ok().flatten() });
    provide_context(PageFlash(flash));
}

pub fn viewer() -> Viewer {
    expect_context::<Viewer>()
}

/// A numeric parameter of the current route (`/items/:id` → `id`).
pub fn route_id(name: &'static str) -> Memo<Option<i64>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get(name).and_then(|v| v.parse().ok()))
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
                                        {me.can_see_partner_content().then(|| view! {
                                            <li class="nhsuk-header__account-item">
                                                <a class="nhsuk-header__account-link rt-account__link" href="/drafts">"Drafts"</a>
                                            </li>
                                        })}
                                        {me.has_role(crate::auth::GlobalRole::Administrator).then(|| view! {
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

/// A page-level failure to load something: not found, not allowed, or broken.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
    }
    let title = match &error {
        AppError::NotFound(_) => "Page not found",
        AppError::NotSignedIn => "Sign in to see this page",
        AppError::Forbidden(_) => "You cannot see this page",
        _ => "Sorry, there is a problem",
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <p>{error.to_string()}</p>
        {matches!(error, AppError::NotSignedIn).then(|| view! { <p><a href="/sign-in">"Sign in"</a></p> })}
        <p><a href="/">"Go to the roadmap"</a></p>
    }
}
