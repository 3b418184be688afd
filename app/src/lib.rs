//! Roundtable's pages, components and server functions, in layers (see
//! ARCHITECTURE.md at the top of the repository): `domain` (pure types,
//! rules and algorithms), the platform (`error`, `db`, `identity`, `forms`,
//! `ui`, …), one folder per feature (`roadmap`, `discussion`, `drafts`, …),
//! `pages` that compose several features, and this file: the document and
//! the routes. Built with `ssr` for the server and `hydrate` for the browser.

#![recursion_limit = "512"]

pub mod account;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod consultations;
pub mod dashboard;
pub mod discussion;
pub mod domain;
pub mod drafts;
pub mod error;
pub mod flash;
pub mod forms;
pub mod i18n;
pub mod identity;
pub mod institutions;
pub mod layout;
pub mod outcomes;
pub mod pages;
pub mod passages;
pub mod progress;
pub mod roadmap;
pub mod sso;
pub mod suggestions;
pub mod themes;
pub mod time_fmt;
pub mod two_step;
pub mod ui;

mod routes;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod secrets;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// What each request's render or server function gets (the server calls
/// this for every request): the server's context, and a fresh memo of
/// what is worked out once per request.
#[cfg(feature = "ssr")]
pub fn provide_request_context(context: &context::ServerContext) {
    provide_context(context.clone());
    provide_context(identity::session::SignedInMemo::default());
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_content_security_policy();
    let lang = i18n::provide_i18n().locale.code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <link rel="stylesheet" href="/pkg/roundtable.css"/>
                <link rel="icon" href="data:,"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = i18n::provide_i18n();
    layout::provide_viewer();
    view! {
        <Title formatter=move |title: String| {
            if title.is_empty() { t!(i18n, "site-name") } else { t!(i18n, "page-title", title = title) }
        }/>
        <Router>
            <layout::SkipLink/>
            <layout::Header/>
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent" role="main">
                    <Routes fallback=layout::NotFound>
                        <Route path=path!("/") view=roadmap::view::HomePage ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id") view=pages::item::ItemPage ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id/threads/:thread") view=pages::item::ItemPage ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id/edit") view={Lazy::<routes::EditItem>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in") view={Lazy::<routes::SignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sign-up") view={Lazy::<routes::SignUp>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/partner-sign-in") view={Lazy::<routes::PartnerSignIn>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in/code") view={Lazy::<routes::TwoStepCode>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in/two-step") view={Lazy::<routes::TwoStepSetUp>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account") view={Lazy::<routes::Account>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account/two-step") view={Lazy::<routes::TwoStepSetUp>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account/recovery-codes") view={Lazy::<routes::RecoveryCodes>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/consultations") view={Lazy::<routes::Consultations>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts") view={Lazy::<routes::Drafts>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/new") view={Lazy::<routes::NewDraft>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id") view={Lazy::<routes::Draft>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/edit") view={Lazy::<routes::EditSection>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/history") view={Lazy::<routes::History>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/suggest") view={Lazy::<routes::Suggest>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/suggestions") view={Lazy::<routes::Suggestions>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/passage") view={Lazy::<routes::PassageForm>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/passages/:passage") view={Lazy::<routes::PassageThread>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/suggestions/:suggestion") view={Lazy::<routes::Suggestion>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/compare") view={Lazy::<routes::Compare>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/dashboard") view={Lazy::<routes::Dashboard>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/analysis") view={Lazy::<routes::Analyses>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/consultations/:id/analysis") view={Lazy::<routes::ConsultationAnalysis>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id/analysis") view={Lazy::<routes::ItemAnalysis>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/themes/:id") view={Lazy::<routes::Theme>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/consultations/:id/outcome") view={Lazy::<routes::ConsultationOutcome>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id/progress") view={Lazy::<routes::ItemProgress>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/gaps") view={Lazy::<routes::Gaps>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/items/:id/outcome") view={Lazy::<routes::ItemOutcome>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/comments/:id") view={Lazy::<routes::Comment>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/audit") view={Lazy::<routes::AuditLog>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions") view={Lazy::<routes::Institutions>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions/:id") view={Lazy::<routes::Institution>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions/:id/providers/new") view={Lazy::<routes::NewProvider>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/admin/providers/:id") view={Lazy::<routes::Provider>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <layout::Footer/>
        </Router>
    }
}

/// The browser entry point: attaches the app to the server-rendered page
/// (first loading the code of a lazy route the page shows, see `routes`),
/// then marks `<body data-hydrated>` so tests (and people) know the page is live.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = document().body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
