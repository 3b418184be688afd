//! The pages whose code the browser loads only when they are visited: each
//! is a split point of the browser bundle (`#[lazy_route]`; `scripts/build`
//! splits the bundle there). Reading the roadmap and an item needs none of
//! them, so a member of the public downloads none of the drafting, sign-in
//! or administration code to read them.
//!
//! Each route is a type whose `view` renders the page component; the page
//! loads its own data, as when it was not lazy.

use crate::*;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// Declares lazy routes: `Name => path::to::PageComponent`.
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $name:ident => $page:path;)*) => {$(
        $(#[$doc])*
        pub struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                $name
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    SignIn => auth::view::SignInPage;
    SignUp => auth::view::SignUpPage;
    PartnerSignIn => sso::view::PartnerSignInPage;
    TwoStepCode => two_step::view::CodePage;
    TwoStepSetUp => two_step::view::SetUpPage;
    RecoveryCodes => two_step::view::RecoveryCodesPage;
    Account => pages::account::AccountPage;
    EditItem => roadmap::view::EditItemPage;
    Consultations => consultations::view::ConsultationsPage;
    Drafts => drafts::view::DraftsPage;
    NewDraft => drafts::view::NewDraftPage;
    Draft => pages::draft::view::DraftPage;
    EditSection => drafts::view::EditSectionPage;
    History => drafts::view::HistoryPage;
    Compare => drafts::view::ComparePage;
    Suggest => suggestions::view::SuggestPage;
    Suggestions => suggestions::view::SuggestionsPage;
    Suggestion => suggestions::view::SuggestionPage;
    PassageForm => passages::view::PassageFormPage;
    PassageThread => passages::view::PassageThreadPage;
    Dashboard => dashboard::view::DashboardPage;
    Analyses => themes::view::AnalysesPage;
    ConsultationAnalysis => themes::view::ConsultationAnalysisPage;
    ItemAnalysis => themes::view::ItemAnalysisPage;
    Theme => pages::theme::ThemePage;
    ConsultationOutcome => outcomes::view::ConsultationOutcomePage;
    ItemOutcome => outcomes::view::ItemOutcomePage;
    Comment => pages::comment::CommentPage;
    ItemProgress => pages::item_progress::ItemProgressPage;
    Gaps => progress::view::GapRegisterPage;
    AuditLog => audit::view::AuditLogPage;
    Institutions => admin::view::InstitutionsPage;
    Institution => admin::view::InstitutionPage;
    NewProvider => admin::view::NewProviderPage;
    Provider => admin::view::ProviderPage;
}
