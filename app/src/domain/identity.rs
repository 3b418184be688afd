//! Who someone is to Roundtable: their global roles (policy maker,
//! moderator, administrator), their memberships of partner institutions
//! (member or lead), and the stakeholder group they speak for.
//!
//! Every account is a member of the public; on top of that an account may
//! hold global roles and memberships. These are plain data: the rules of
//! what each may do live beside the aggregate they guard (`domain::drafts::access`)
//! or as methods here when they concern the person alone.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GlobalRole {
    PolicyMaker,
    Moderator,
    Administrator,
}

impl GlobalRole {
    pub const ALL: [GlobalRole; 3] = [
        GlobalRole::PolicyMaker,
        GlobalRole::Moderator,
        GlobalRole::Administrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GlobalRole::PolicyMaker => "policy_maker",
            GlobalRole::Moderator => "moderator",
            GlobalRole::Administrator => "administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            GlobalRole::PolicyMaker => "Policy maker",
            GlobalRole::Moderator => "Moderator",
            GlobalRole::Administrator => "Administrator",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartnerRole {
    Member,
    Lead,
}

impl PartnerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerRole::Member => "member",
            PartnerRole::Lead => "lead",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "member" => Some(PartnerRole::Member),
            "lead" => Some(PartnerRole::Lead),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub institution_id: i64,
    pub institution_name: String,
    pub role: PartnerRole,
}

/// The signed-in user, as the pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    pub roles: Vec<GlobalRole>,
    pub memberships: Vec<Membership>,
}

/// The stakeholder group a comment was written in, shown beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Badge {
    Public,
    Partner {
        institution_id: i64,
        institution: String,
    },
    PolicyMaker,
}

impl Badge {
    pub fn label(&self) -> &str {
        match self {
            Badge::Public => "Public",
            Badge::Partner { institution, .. } => institution,
            Badge::PolicyMaker => "Policy maker",
        }
    }
}

impl Me {
    pub fn has_role(&self, role: GlobalRole) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_partner(&self) -> bool {
        !self.memberships.is_empty()
    }

    /// Partner-only threads are for partner members, policy makers and
    /// administrators.
    pub fn can_see_partner_content(&self) -> bool {
        self.is_partner()
            || self.has_role(GlobalRole::PolicyMaker)
            || self.has_role(GlobalRole::Administrator)
    }

    /// Roadmap items are edited by policy makers and administrators.
    pub fn can_edit_roadmap(&self) -> bool {
        self.has_role(GlobalRole::PolicyMaker) || self.has_role(GlobalRole::Administrator)
    }

    /// The stakeholder label shown next to the name in the header.
    pub fn badge_label(&self) -> Option<String> {
        match self.badge() {
            Badge::Public => None,
            badge => Some(badge.label().to_owned()),
        }
    }

    /// The capacity in which this user speaks: a policy maker speaks as one;
    /// a partner as their (first) institution; everyone else as the public.
    pub fn badge(&self) -> Badge {
        if self.has_role(GlobalRole::PolicyMaker) {
            Badge::PolicyMaker
        } else if let Some(m) = self.memberships.first() {
            Badge::Partner {
                institution_id: m.institution_id,
                institution: m.institution_name.clone(),
            }
        } else {
            Badge::Public
        }
    }
}

/// Where to go after signing in: only a path on this site, never another
/// origin (`//evil.example`, `/\evil.example`), so the sign-in page cannot be
/// turned into an open redirect.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/items/3")), "/items/3");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\nLocation: x")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
