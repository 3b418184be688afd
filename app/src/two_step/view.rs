//! The two-step verification pages: the code after the password, setting
//! up an authenticator app, and the recovery codes shown once.

use super::api::{get_enrolment, take_recovery_codes, ConfirmEnrolment, VerifyCode};
use super::{Enrolment, RecoveryCodes, RECOVERY_CODE_COUNT};
use crate::error::AppError;
use crate::ui::{form_error, viewer, ErrorSummary, LoadError, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Signs the header in once a form of this page succeeds.
fn refresh_viewer_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    let viewer = viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            viewer.bump();
        }
    });
}

/// After the password: the code from the authenticator app.
#[component]
pub fn CodePage() -> impl IntoView {
    let action = ServerAction::<VerifyCode>::new();
    refresh_viewer_on_success(action);
    let error = form_error(action, "two-step-code".into());
    let timed_out = move || matches!(error.get(), Some(AppError::Refused(_)));
    view! {
        <Title text="Enter your security code"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary error=error/>
                <h1>"Enter your security code"</h1>
                <p>"Open the authenticator app on your phone and enter the 6-digit code it shows for Roundtable."</p>
                {move || timed_out().then(|| view! { <p><a href="/sign-in">"Sign in again"</a></p> })}
                <ActionForm action=action attr:novalidate=true>
                    <TextInput name="code" label="Security code" autocomplete="one-time-code" class="nhsuk-input--width-10"
                        hint="Lost your phone? Enter one of your recovery codes instead." value="" error=error/>
                    <button class="nhsuk-button" type="submit" data-testid="verify-code">"Continue"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// Setting up an authenticator app: at a privileged account's first sign-in,
/// or from the account page.
#[component]
pub fn SetUpPage() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| get_enrolment());
    view! {
        <Title text="Set up two-step verification"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match enrolment.await {
                            Ok(e) => view! { <SetUpForm enrolment=e/> }.into_any(),
                            Err(err) => view! {
                                <LoadError error=err/>
                                <p><a href="/sign-in">"Sign in"</a></p>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn SetUpForm(enrolment: Enrolment) -> impl IntoView {
    let action = ServerAction::<ConfirmEnrolment>::new();
    refresh_viewer_on_success(action);
    let error = form_error(action, "two-step-enrol".into());
    view! {
        <ErrorSummary error=error/>
        <h1>"Set up two-step verification"</h1>
        {enrolment.signing_in.then(|| view! {
            <div class="nhsuk-inset-text">
                <p>"Your account can change what others see, so it needs a second step at sign-in: a code from an app on your phone."</p>
            </div>
        })}
        <ol class="nhsuk-list nhsuk-list--number">
            <li>"Install an authenticator app on your phone, if you have none (for example Microsoft Authenticator or Google Authenticator)."</li>
            <li>"In the app, add an account by scanning this QR code."</li>
        </ol>
        // The SVG is made on the server from our own URI: squares only, no user text.
        <div class="rt-qr" role="img" aria-label="QR code for your authenticator app" inner_html=enrolment.qr_svg></div>
        <p>"Cannot scan it? Enter this key in the app instead:"</p>
        <p><code class="rt-secret" data-testid="totp-secret">{enrolment.secret}</code></p>
        <ol class="nhsuk-list nhsuk-list--number" start="3">
            <li>"Enter the 6-digit code the app now shows for Roundtable."</li>
        </ol>
        <ActionForm action=action attr:novalidate=true>
            <TextInput name="code" label="Security code" autocomplete="one-time-code" class="nhsuk-input--width-10"
                value="" error=error/>
            <button class="nhsuk-button" type="submit" data-testid="confirm-two-step">"Turn on two-step verification"</button>
        </ActionForm>
    }
}

/// The recovery codes, shown once.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = Resource::new(|| (), |_| take_recovery_codes());
    view! {
        <Title text="Your recovery codes"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match codes.await {
                            Ok(Some(codes)) => view! { <CodeList codes=codes/> }.into_any(),
                            Ok(None) => view! {
                                <h1>"Your recovery codes"</h1>
                                <p>"Recovery codes are shown only once, just after they are made. "
                                   "If you did not keep them, make new ones from your account page."</p>
                                <p><a href="/account">"Go to your account"</a></p>
                            }.into_any(),
                            Err(err) => view! { <LoadError error=err/> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

#[component]
fn CodeList(codes: RecoveryCodes) -> impl IntoView {
    view! {
        <div class="nhsuk-panel" role="status">
            <h1>"Two-step verification is on"</h1>
        </div>
        <h2>"Keep these recovery codes safe"</h2>
        <p>{format!("If you lose your phone, each of these {RECOVERY_CODE_COUNT} codes lets you sign in once instead of a code from the app. ")}
           "Print them or keep them in a password manager. They will not be shown again."</p>
        <ul class="nhsuk-list rt-recovery-codes" data-testid="recovery-codes">
            {codes.codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <p><a class="nhsuk-button" href=codes.next>"I have kept my codes – continue"</a></p>
    }
}
