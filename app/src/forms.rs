//! Forms that work the same with JavaScript off and hydrated.
//!
//! Hydrated, an `<ActionForm>` calls its server function with `fetch` and the
//! page shows the result in place; the typed text is still in the inputs.
//!
//! With JavaScript off the browser posts the form, and the server function
//! answers with a redirect: on success to where the function chooses (or back
//! to the page), on failure back to the page with the error encoded in the URL
//! (Leptos's `__err`), which the page's `ServerAction` reads during rendering.
//! Leptos does not carry the submitted text across that redirect, and user
//! text must not travel in URLs (they end up in logs), so [`submit`] keeps it
//! as a one-time *flash* (in the session, or a sealed cookie for a visitor
//! without one: see [`flash`](crate::flash)), which the page takes back with
//! [`take_flash`] to refill the form.

use crate::error::AppError;
use leptos::prelude::*;
use serde::Serialize;

pub use crate::flash::Flash;

/// True when the request is a plain browser form post (JavaScript off) rather
/// than a `fetch` from the hydrated page: browsers send `Accept: text/html`
/// for navigations, and Leptos's client asks for the function's encoding.
#[cfg(feature = "ssr")]
pub async fn is_plain_post() -> bool {
    leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| h.get(axum::http::header::ACCEPT).cloned())
        .and_then(|v| v.to_str().map(|s| s.contains("text/html")).ok())
        .unwrap_or(false)
}

/// A form's fields as the person typed them (a struct named
/// `<Action>Input`, beside the feature's types): text only, posted flat. A
/// server function takes it as one argument, `#[server(flatten)] form: F`
/// (ids of what the form acts on stay arguments of their own; flattened
/// fields, checkbox lists too, are read as text and parsed by `check`), and
/// checks it with the form's own `check`, which works
/// without a server and has its own unit tests. The derived [`Form::kept`]
/// puts the fields back in the form when it fails.
pub trait Form: Serialize {
    /// Fields never put back in the form (passwords, codes).
    const SECRET: &'static [&'static str] = &[];

    /// The fields to refill the form with after a failed plain post.
    fn kept(&self) -> Vec<(String, String)> {
        text_fields(self, Self::SECRET)
    }
}

/// A form's text fields by name, except those in `secret` (a form whose
/// `kept` adds fields of its own starts from these).
pub fn text_fields<F: Serialize + ?Sized>(form: &F, secret: &[&str]) -> Vec<(String, String)> {
    match serde_json::to_value(form) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .filter(|(name, _)| !secret.contains(&name.as_str()))
            .filter_map(|(name, value)| value.as_str().map(|v| (name, v.to_owned())))
            .collect(),
        _ => Vec::new(),
    }
}

/// A form of buttons only: nothing typed, nothing to keep.
impl Form for () {}

/// Ends a form's server function: `work` (which checks who is asking first)
/// says where the browser goes when it succeeds. On failure from a plain
/// form post, the form's fields are kept (see [`Form`]) for the page the
/// browser is sent back to; hydrated, the page shows the error in place.
/// `key` tells the forms of one page apart (`reply-42`).
#[cfg(feature = "ssr")]
pub async fn submit<F: Form>(
    key: &str,
    form: &F,
    work: impl std::future::Future<Output = Result<String, AppError>>,
) -> Result<(), AppError> {
    let to = run(key, form, work).await?;
    leptos_axum::redirect(&to);
    Ok(())
}

/// As [`submit`], for a form whose function answers with a value rather
/// than a place to go (a plain post then returns to the page it came from).
#[cfg(feature = "ssr")]
pub async fn run<F: Form, T>(
    key: &str,
    form: &F,
    work: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = match unstorable(form) {
        Some(refused) => Err(refused),
        None => work.await,
    };
    if result.is_err() {
        keep(key, form.kept()).await;
    }
    result
}

/// A field holding a NUL character, which PostgreSQL cannot store in text
/// (SQLite can): refused on both, for every form, with a message on each
/// such field, before the form's own checks run.
#[cfg(feature = "ssr")]
fn unstorable<F: Form>(form: &F) -> Option<AppError> {
    let fields: Vec<crate::error::FieldError> = text_fields(form, &[])
        .into_iter()
        .filter(|(_, value)| value.contains('\0'))
        .map(|(field, _)| crate::error::FieldError {
            field,
            message:
                "This text holds a null character, which cannot be saved. Remove it and try again."
                    .into(),
        })
        .collect();
    (!fields.is_empty()).then_some(AppError::Invalid(fields))
}

/// Keeps a failed plain post's values for one page load.
#[cfg(feature = "ssr")]
async fn keep(form: &str, values: Vec<(String, String)>) {
    if !is_plain_post().await {
        return;
    }
    let (Ok(session), Ok(context)) = (
        crate::identity::session::session().await,
        crate::context::server_context(),
    ) else {
        return;
    };
    let flash = Flash {
        form: form.to_owned(),
        values,
    };
    if let Some(cookie) =
        crate::flash::keep(&session, flash, &context.secret_key, context.https).await
    {
        if let (Some(response), Ok(cookie)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::HeaderValue::from_str(&cookie),
        ) {
            response.append_header(axum::http::header::SET_COOKIE, cookie);
        }
    }
}

/// Takes (and forgets) what the last failed plain form post left behind.
/// Anyone may call it; it only reads the caller's own session and cookies.
#[server(prefix = "/api", endpoint = "take_flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    let session = crate::identity::session::session().await?;
    let context = crate::context::server_context()?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    let cookies = headers
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok());
    Ok(crate::flash::take(&session, cookies, &context.secret_key).await)
}

/// The flash of the current page load, provided by the layout.
#[derive(Clone, Copy)]
pub struct PageFlash(pub Resource<Option<Flash>>);

/// This page load's flash, once loaded (see [`ready`]).
fn page_flash() -> Option<Flash> {
    use_context::<PageFlash>().and_then(|PageFlash(f)| f.get_untracked().flatten())
}

/// The kept value of `field` if the last plain post of form `form` failed.
pub fn kept_value(form: &str, field: &str) -> Option<String> {
    page_flash()
        .filter(|f| f.form == form)
        .and_then(|f| f.value(field))
}

/// Whether an error from a plain post belongs to this form: a flash for
/// another form on the page means the error in the URL is that form's.
pub fn error_is_for(form: &str) -> bool {
    page_flash().is_none_or(|flash| flash.form == form)
}

/// Waits until the page's flash has loaded, so forms can read kept values.
pub async fn ready() {
    if let Some(PageFlash(flash)) = use_context::<PageFlash>() {
        flash.await;
    }
}

/// Whether the last failed plain post was form `form`.
pub fn has_flash_for(form: &str) -> bool {
    page_flash().is_some_and(|f| f.form == form)
}

/// Bumps `counter` each time `action` succeeds, so a page whose resources
/// read it loads them again (hydrated, a form's redirect back to the same
/// page does not reload it).
pub fn bump_on_success<S>(action: ServerAction<S>, counter: RwSignal<u32>)
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            counter.update(|n| *n += 1);
        }
    });
}
