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
pub mod discussion;
pub mod domain;
pub mod drafts;
pub mod error;
pub mod forms;
pub mod identity;
pub mod institutions;
pub mod layout;
pub mod pages;
pub mod passages;
pub mod roadmap;
pub mod sso;
pub mod suggestions;
pub mod time_fmt;
pub mod two_step;
pub mod ui;

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
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
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
    layout::provide_viewer();
    view! {
        <Title formatter=|title: String| {
            if title.is_empty() { "Roundtable".to_owned() } else { format!("{title} – Roundtable") }
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
                        <Route path=path!("/items/:id/edit") view=roadmap::view::EditItemPage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in") view=auth::view::SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-up") view=auth::view::SignUpPage ssr=SsrMode::Async/>
                        <Route path=path!("/partner-sign-in") view=sso::view::PartnerSignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in/code") view=two_step::view::CodePage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in/two-step") view=two_step::view::SetUpPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/account/two-step") view=two_step::view::SetUpPage ssr=SsrMode::Async/>
                        <Route path=path!("/account/recovery-codes") view=two_step::view::RecoveryCodesPage ssr=SsrMode::Async/>
                        <Route path=path!("/consultations") view=consultations::view::ConsultationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts") view=drafts::view::DraftsPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/new") view=drafts::view::NewDraftPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id") view=pages::draft::view::DraftPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/edit") view=drafts::view::EditSectionPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/history") view=drafts::view::HistoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/suggest") view=suggestions::view::SuggestPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/suggestions") view=suggestions::view::SuggestionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/sections/:section/passage") view=passages::view::PassageFormPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/passages/:passage") view=passages::view::PassageThreadPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/suggestions/:suggestion") view=suggestions::view::SuggestionPage ssr=SsrMode::Async/>
                        <Route path=path!("/drafts/:id/compare") view=drafts::view::ComparePage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/audit") view=audit::view::AuditLogPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions") view=admin::view::InstitutionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions/:id") view=admin::view::InstitutionPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/institutions/:id/providers/new") view=admin::view::NewProviderPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/providers/:id") view=admin::view::ProviderPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <layout::Footer/>
        </Router>
    }
}

/// The browser entry point: attaches the app to the server-rendered page,
/// then marks `<body data-hydrated>` so tests (and people) know the page is live.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
