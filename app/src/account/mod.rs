//! "Your account": who you are to Roundtable, how you sign in (password,
//! two-step verification, your institution's sign-in), and linking your
//! institution's sign-in to an account that has a password.

pub mod api;

use crate::sso::ProviderOption;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub display_name: String,
    pub email: Option<String>,
    pub has_password: bool,
    pub two_step: TwoStep,
    pub identities: Vec<LinkedIdentity>,
    /// The institution sign-ins this account could link (none for
    /// privileged accounts, which keep to their password and second factor).
    pub linkable: Vec<ProviderOption>,
    /// What the account may do beyond taking part, in words.
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TwoStep {
    On {
        recovery_codes_left: i64,
    },
    Off {
        required: bool,
    },
    /// Accounts without a password sign in through their institution.
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedIdentity {
    pub institution: String,
    pub label: String,
    pub linked_at: i64,
}
