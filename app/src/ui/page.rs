//! What every page uses: who is looking, the route's id, a failure to load,
//! and reloading a page's data after one of its forms succeeds.

use crate::domain::identity::Me;
use crate::error::AppError;
use crate::forms;
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

pub fn viewer() -> Viewer {
    expect_context::<Viewer>()
}

/// A numeric parameter of the current route (`/items/:id` → `id`).
pub fn route_id(name: &'static str) -> Memo<Option<i64>> {
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| params.read().get(name).and_then(|v| v.parse().ok()))
}

/// Bumped when a form on the page succeeds, so the page reloads its data
/// (hydrated, a form's redirect back to the same page does not reload it).
/// A page provides it with [`provide_reload`]; its forms call
/// [`reload_on_success`].
#[derive(Clone, Copy)]
pub struct Reload(pub RwSignal<u32>);

/// Gives the page's forms a counter to bump; returns it for the page's resources.
pub fn provide_reload() -> RwSignal<u32> {
    let reload = RwSignal::new(0u32);
    provide_context(Reload(reload));
    reload
}

/// The page's reload counter: the one the page provided, or a new one
/// provided now (for a part of a page that may also stand alone).
pub fn use_reload() -> RwSignal<u32> {
    match use_context::<Reload>() {
        Some(Reload(reload)) => reload,
        None => provide_reload(),
    }
}

/// Reloads the page's data once `action` succeeds (when the page provides a [`Reload`]).
pub fn reload_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    if let Some(Reload(reload)) = use_context::<Reload>() {
        forms::bump_on_success(action, reload);
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
