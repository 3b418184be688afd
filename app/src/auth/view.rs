//! The sign-in and create-account pages.

use super::api::{SignIn, SignUp};
use crate::forms;
use crate::ui::{form_error, viewer, ErrorSummary, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The `next` query parameter, carried through the form.
fn next_param() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("next").unwrap_or_default())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let viewer = viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            viewer.bump();
        }
    });
    let error = form_error(action, "sign_in".into());
    let next = next_param();
    view! {
        <Title text="Sign in"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary error=error/>
                <h1>"Sign in"</h1>
                <p>"Members of the public sign in with the email address and password of their Roundtable account."</p>
                <div class="nhsuk-inset-text">
                    <p>"Work for a partner institution? "<a href="/partner-sign-in" rel="external">"Sign in with your institution"</a></p>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        forms::ready().await;
                        view! {
                            <ActionForm action=action attr:novalidate=true>
                                <input type="hidden" name="next" value=next.get_untracked()/>
                                <TextInput name="email" label="Email address" input_type="email" autocomplete="email"
                                    value=forms::kept_value("sign_in", "email").unwrap_or_default() error=error/>
                                <TextInput name="password" label="Password" input_type="password"
                                    autocomplete="current-password" value="" error=error/>
                                <div class="nhsuk-checkboxes__item nhsuk-form-group">
                                    <input class="nhsuk-checkboxes__input" id="remember" name="remember" type="checkbox" value="yes"
                                        checked=forms::kept_value("sign_in", "remember").is_some_and(|v| !v.is_empty())
                                        aria-describedby="remember-hint"/>
                                    <label class="nhsuk-label nhsuk-checkboxes__label" for="remember">"Keep me signed in on this device"</label>
                                    <div class="nhsuk-hint nhsuk-checkboxes__hint" id="remember-hint">
                                        "You stay signed in between visits. Not on a shared computer. Accounts of partners, policy makers, moderators and administrators are always signed out after a while without use."
                                    </div>
                                </div>
                                <button class="nhsuk-button" type="submit" data-testid="sign-in">"Sign in"</button>
                            </ActionForm>
                        }
                    })}
                </Suspense>
                <p>"No account yet? "<a href="/sign-up">"Create an account"</a></p>
            </div>
        </div>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let viewer = viewer();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            viewer.bump();
        }
    });
    let error = form_error(action, "sign_up".into());
    let next = next_param();
    view! {
        <Title text="Create an account"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary error=error/>
                <h1>"Create an account"</h1>
                <p>"With an account you can comment on the roadmap and take part in consultations."</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        forms::ready().await;
                        view! {
                            <ActionForm action=action attr:novalidate=true>
                                <input type="hidden" name="next" value=next.get_untracked()/>
                                <TextInput name="display_name" label="Your name" autocomplete="name"
                                    hint="Shown next to everything you write."
                                    value=forms::kept_value("sign_up", "display_name").unwrap_or_default() error=error/>
                                <TextInput name="email" label="Email address" input_type="email" autocomplete="email"
                                    value=forms::kept_value("sign_up", "email").unwrap_or_default() error=error/>
                                <TextInput name="password" label="Password" input_type="password" autocomplete="new-password"
                                    hint="At least 12 characters. A few unrelated words together make a strong password."
                                    value="" error=error/>
                                <button class="nhsuk-button" type="submit" data-testid="sign-up">"Create account"</button>
                            </ActionForm>
                        }
                    })}
                </Suspense>
                <p>"Already have an account? "<a href="/sign-in">"Sign in"</a></p>
            </div>
        </div>
    }
}
