//! Partner institutions: the NHS bodies, companies, professional bodies and
//! universities taking part. They are data, managed by administrators; partner
//! roles belong to a membership of one of them.

#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    NhsBody,
    Industry,
    ProfessionalBody,
    University,
    Government,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::NhsBody,
        Kind::Industry,
        Kind::ProfessionalBody,
        Kind::University,
        Kind::Government,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NhsBody => "nhs_body",
            Kind::Industry => "industry",
            Kind::ProfessionalBody => "professional_body",
            Kind::University => "university",
            Kind::Government => "government",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::NhsBody => "NHS body",
            Kind::Industry => "Industry",
            Kind::ProfessionalBody => "Professional body",
            Kind::University => "University",
            Kind::Government => "Government",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    pub id: i64,
    pub slug: String,
    pub name: String,
}
