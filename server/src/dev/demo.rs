//! Demo data: the Blueprint roadmap from the BCS article, its supporting
//! partners, a few accounts for each kind of user, and some discussion.
//! Seeded at start-up into an empty database when `ROUNDTABLE_DEMO=true`
//! (`scripts/run` sets it; the server's default is no demo data).

use app::db::Db;
use app::discussion::{store as discussion, Visibility};
use app::domain::identity::{GlobalRole, PartnerRole};
use app::identity::store as accounts;
use app::institutions::{store as institutions, Kind};
use app::roadmap::{store as roadmap, ItemChange, Responsibility, Stakeholder, Status};
use app::secrets::SecretKey;

pub use crate::demo_accounts::{DemoAccount, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET};

/// The demo's identity providers: the two issuers of the test provider.
pub const DEMO_PROVIDERS: [(&str, &str, &str, &str, &str); 2] = [
    (
        "nhs-wales",
        "NHS Wales staff sign-in",
        "http://127.0.0.1:4011",
        "roundtable-nhs-wales",
        "ROUNDTABLE_SSO_SECRET_NHS_WALES",
    ),
    (
        "bt",
        "BT colleague sign-in",
        "http://127.0.0.1:4012",
        "roundtable-bt",
        "ROUNDTABLE_SSO_SECRET_BT",
    ),
];

struct DemoItem {
    year: i32,
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    status: Status,
    target: &'static str,
    owners: &'static [&'static str],
    responsibilities: &'static [(Stakeholder, &'static str)],
}

const PHASES: [(i32, &str, &str); 4] = [
    (2017, "Defining roles", "Define the role of NHS boards and of IT and cyber security professionals, and what they can expect of each other."),
    (2018, "Registration, advice and evidence", "Register health and care professionals, roll out advice, commission independent studies and build frameworks that ground practice in research and experience."),
    (2019, "Growing and learning", "More professionals qualified and registered; organisations learning from and acting on their first experiences."),
    (2020, "Assurance and transparency", "Assure the public that the NHS is equipped to meet the challenge, and show with full transparency where the gaps are."),
];

const ITEMS: &[DemoItem] = &[
    DemoItem {
        year: 2017,
        title: "Define the role of NHS boards in cyber security",
        summary: "Set out what every NHS organisation's board is accountable for when it comes to cyber security.",
        description: "The WannaCry attack showed that cyber security is a **board-level risk**. This item defines:\n\n- what a board must know about its organisation's cyber risk;\n- who on the board owns it;\n- how the board hears from its IT and cyber security professionals.",
        status: Status::Done,
        target: "2017-12-31",
        owners: &["bcs", "nhs-wales"],
        responsibilities: &[
            (Stakeholder::Boards, "Own cyber risk as a board-level risk and name a board member accountable for it."),
            (Stakeholder::CyberProfessionals, "Report to the board in plain terms: the risks, what is being done, and what it costs."),
        ],
    },
    DemoItem {
        year: 2017,
        title: "What IT and cyber security professionals can expect of their boards",
        summary: "The other half of the bargain: the support, resources and access professionals can count on.",
        description: "Boards and professionals need to know what they can expect of each other. This item sets out what professionals can expect: time on the board agenda, a budget grounded in a costed plan, and backing when they raise risks.",
        status: Status::OnTrack,
        target: "2017-12-31",
        owners: &["bcs", "microsoft"],
        responsibilities: &[
            (Stakeholder::Boards, "Give cyber security a standing place on the agenda and fund a costed plan."),
            (Stakeholder::CyberProfessionals, "Bring clear, costed plans and keep the board informed of incidents."),
        ],
    },
    DemoItem {
        year: 2018,
        title: "Registration of health and care IT professionals",
        summary: "A professional register so that those who keep the NHS safe are recognised, qualified and accountable.",
        description: "Registration gives patients and employers confidence in the people who run health and care systems.",
        status: Status::OnTrack,
        target: "2018-12-31",
        owners: &["bcs", "rcn"],
        responsibilities: &[
            (Stakeholder::HealthProfessionals, "Register and keep their practice up to date."),
            (Stakeholder::Partners, "Recognise registration when recruiting and commissioning."),
        ],
    },
    DemoItem {
        year: 2018,
        title: "Roll out cyber security advice across health and care",
        summary: "Clear, practical advice for every organisation, from large trusts to GP practices and care homes.",
        description: "Advice that is easy to act on, written with the people who will use it.",
        status: Status::AtRisk,
        target: "2018-09-30",
        owners: &["microsoft", "bt"],
        responsibilities: &[(Stakeholder::Partners, "Share what works and offer advice free of charge to smaller organisations.")],
    },
    DemoItem {
        year: 2018,
        title: "Commission independent studies",
        summary: "Independent research into the state of cyber security in health and care.",
        description: "Studies commissioned independently so that their findings can be trusted by all.",
        status: Status::OnTrack,
        target: "2018-12-31",
        owners: &["bcs"],
        responsibilities: &[],
    },
    DemoItem {
        year: 2018,
        title: "Frameworks grounded in research and real-life experience",
        summary: "Frameworks that make sure academic research and real-life experience form the basis of future practice.",
        description: "Practice should rest on evidence: research on security and what organisations have actually lived through.",
        status: Status::Behind,
        target: "2018-12-31",
        owners: &["bcs", "rcn"],
        responsibilities: &[],
    },
    DemoItem {
        year: 2019,
        title: "More professionals qualified and registered",
        summary: "Grow the number of professionals taking qualifications and joining the register.",
        description: "By 2019 the number of professionals undertaking qualifications and registering will have expanded.",
        status: Status::Planned,
        target: "2019-12-31",
        owners: &["bcs"],
        responsibilities: &[],
    },
    DemoItem {
        year: 2019,
        title: "Organisations learn from and implement changes",
        summary: "Organisations learn from their first experiences and put changes into practice.",
        description: "Lessons from incidents and from the first year of the roadmap turned into changes on the ground.",
        status: Status::Planned,
        target: "2019-12-31",
        owners: &["nhs-wales"],
        responsibilities: &[],
    },
    DemoItem {
        year: 2020,
        title: "Assure the public that the NHS is equipped",
        summary: "Assure the public that the NHS is equipped to meet the challenge and that professionals are keeping it safe.",
        description: "Public assurance, backed by evidence rather than promises.",
        status: Status::Planned,
        target: "2020-12-31",
        owners: &["bcs", "nhs-wales"],
        responsibilities: &[(Stakeholder::Public, "Tell us what assurance you need to trust that your data and care are safe.")],
    },
    DemoItem {
        year: 2020,
        title: "Full transparency on where the gaps are",
        summary: "Highlight, with full transparency, where there are still gaps.",
        description: "An honest, public account of what is not yet good enough and what will be done about it.",
        status: Status::Planned,
        target: "2020-12-31",
        owners: &["bcs"],
        responsibilities: &[(Stakeholder::PolicyMakers, "Publish the gaps and the actions that will close them.")],
    },
];

const INSTITUTIONS: [(&str, &str, Kind, &[&str]); 5] = [
    (
        "bcs",
        "BCS, The Chartered Institute for IT",
        Kind::ProfessionalBody,
        &["bcs.org"],
    ),
    ("bt", "BT", Kind::Industry, &["bt.com"]),
    ("microsoft", "Microsoft", Kind::Industry, &["microsoft.com"]),
    ("nhs-wales", "NHS Wales", Kind::NhsBody, &["wales.nhs.uk"]),
    (
        "rcn",
        "Royal College of Nursing",
        Kind::ProfessionalBody,
        &["rcn.org.uk"],
    ),
];

/// Seeds the demo when the database has no roadmap yet. Returns whether it did.
pub async fn seed_if_empty(db: &Db, key: &SecretKey) -> anyhow::Result<bool> {
    if roadmap::count_phases(db).await? > 0 {
        return Ok(false);
    }
    seed(db, key).await?;
    Ok(true)
}

pub async fn seed(db: &Db, key: &SecretKey) -> anyhow::Result<()> {
    for (slug, name, kind, domains) in INSTITUTIONS {
        institutions::create(db, slug, name, kind, domains).await?;
    }
    let mut phase_ids = Vec::new();
    for (year, title, summary) in PHASES {
        phase_ids.push((year, roadmap::create_phase(db, year, title, summary).await?));
    }
    let all = institutions::list(db).await?;
    let mut item_ids = Vec::new();
    for item in ITEMS {
        let phase_id = phase_ids
            .iter()
            .find(|(y, _)| *y == item.year)
            .map(|(_, id)| *id)
            .unwrap_or_default();
        let change = ItemChange {
            phase_id,
            title: item.title.into(),
            summary: item.summary.into(),
            description: item.description.into(),
            status: item.status,
            target_date: Some(item.target.into()),
            owners: all
                .iter()
                .filter(|i| item.owners.contains(&i.slug.as_str()))
                .map(|i| i.id)
                .collect(),
            responsibilities: item
                .responsibilities
                .iter()
                .map(|(stakeholder, text)| Responsibility {
                    stakeholder: *stakeholder,
                    text: (*text).into(),
                })
                .collect(),
        };
        item_ids.push(roadmap::create_item(db, &change).await?);
    }

    let hash = app::identity::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut users = Vec::new();
    for account in &DEMO_ACCOUNTS {
        users.push(accounts::create_user(db, account.name, account.email, &hash).await?);
    }
    let institution = |slug: &str| {
        all.iter()
            .find(|i| i.slug == slug)
            .map(|i| i.id)
            .unwrap_or_default()
    };
    accounts::grant_role(db, users[0], GlobalRole::Administrator).await?;
    accounts::grant_role(db, users[1], GlobalRole::PolicyMaker).await?;
    for privileged in [users[0], users[1]] {
        app::two_step::store::enrol(db, key, privileged, DEMO_TOTP_SECRET, 0, &[]).await?;
    }
    accounts::set_membership(db, users[2], institution("nhs-wales"), PartnerRole::Lead).await?;
    accounts::set_membership(db, users[3], institution("bt"), PartnerRole::Member).await?;

    // Single sign-on for two institutions, through the test identity
    // provider (`node tests/oidc/provider.mjs`; see the README).
    for (slug, label, issuer, client_id, secret_env) in DEMO_PROVIDERS {
        let provider = app::sso::store::ProviderChange {
            label,
            issuer,
            client_id,
            secret: app::sso::store::SecretChange::Environment(secret_env),
            lead_claim: "groups",
            lead_value: Some("roundtable-leads"),
            enabled: true,
            // The test provider runs on this machine.
            internal: true,
        };
        app::sso::store::create(db, key, institution(slug), &provider, None).await?;
    }

    // Some discussion on the first item, as each kind of user.
    let item = item_ids[0];
    let general = discussion::general_thread_id(db, item)
        .await?
        .unwrap_or_default();
    let (pat, pat_badge) = speaker(db, users[4]).await?;
    let (dana, dana_badge) = speaker(db, users[2]).await?;
    let (priya, priya_badge) = speaker(db, users[1]).await?;
    let (sam, sam_badge) = speaker(db, users[3]).await?;
    if let discussion::PostOutcome::Posted(first) = discussion::insert_comment(
        db, general, None, pat, &pat_badge,
        "As a patient, I'd like to know who on my hospital's board is responsible for keeping my records safe. Will that be published?",
    ).await? {
        discussion::insert_comment(db, general, Some(first), dana, &dana_badge,
            "In NHS Wales each health board names an executive lead for cyber security. We are looking at publishing those names in annual reports.").await?;
        discussion::insert_comment(db, general, Some(first), priya, &priya_badge,
            "Thank you: this is exactly the kind of transparency the 2020 items are about. We'll record it as an input.").await?;
    }
    discussion::insert_comment(db, general, None, sam, &sam_badge,
        "Boards also need a simple way to compare their position with peers. A short, common set of measures would help.").await?;
    discussion::create_thread(db, item, "Partner working notes", Visibility::Partners, dana, &dana_badge,
        "Draft wording for the board accountability statement is in progress. Comments from partners welcome before it goes public.").await?;

    seed_draft(
        db,
        item,
        [users[2], users[3]],
        [institution("nhs-wales"), institution("bt")],
    )
    .await?;
    seed_consultation(
        db,
        key,
        item_ids[1],
        [users[2], users[4]],
        institution("nhs-wales"),
    )
    .await?;
    super::demo_outcomes::seed(
        db,
        key,
        &item_ids,
        users[2],
        users[1],
        institution("nhs-wales"),
    )
    .await?;
    Ok(())
}

/// A proposal NHS Wales signed off and published, open for comments for
/// sixty days from the day the demo was seeded, with a comment from Pat.
async fn seed_consultation(
    db: &Db,
    key: &SecretKey,
    item: i64,
    [dana, pat]: [i64; 2],
    wales: i64,
) -> anyhow::Result<()> {
    use app::consultations::store::{self as consultations, NewProposal};
    use app::drafts::store::{self as drafts, NewDraft};
    let title = "Reporting a cyber incident in NHS Wales";
    let id = drafts::create(db, &NewDraft {
        title,
        item_id: Some(item),
        owners: &[wales],
        invited: &[],
        quorum: None,
        author_id: dana,
        institution_id: wales,
        first_heading: "What to report, and when",
        first_body: "Staff report any suspected cyber incident to their local IT service desk **at once**, even if they are not sure.\n\nThe service desk tells the health board's accountable executive within four hours.",
    })
    .await?;
    let entry = |action: &'static str, detail: serde_json::Value| app::audit::Entry {
        at: app::db::now_ms(),
        actor_id: dana,
        actor_name: "Dana Evans".into(),
        institution: Some("NHS Wales".into()),
        action,
        subject: format!("draft:{id}"),
        detail,
    };
    let statement = "NHS Wales signs off this proposal for public consultation.";
    app::drafts::sign_offs::sign_off(
        db,
        id,
        wales,
        1,
        statement,
        key,
        &entry(
            "draft.sign_off",
            serde_json::json!({ "revision": 1, "statement": statement }),
        ),
    )
    .await?;
    let today = app::time_fmt::uk_date(app::db::now_ms());
    let closes_at = app::time_fmt::end_of_uk_day(today + time::Duration::days(60));
    let proposal = NewProposal {
        draft_id: id,
        revision: 1,
        item_id: None,
        title,
        closes_at,
        publisher_id: dana,
    };
    consultations::publish(
        db,
        &proposal,
        key,
        &entry(
            "draft.publish",
            serde_json::json!({ "revision": 1, "closes_at": closes_at }),
        ),
    )
    .await?;
    if let Some(publication) = consultations::publication(db, id).await? {
        let (pat, badge) = speaker(db, pat).await?;
        discussion::insert_comment(
            db,
            publication.thread_id,
            None,
            pat,
            &badge,
            "Four hours sounds right. Will patients be told if their records were affected?",
        )
        .await?;
    }
    Ok(())
}

/// A shared draft by NHS Wales (Dana) and BT (Sam), open to all partners;
/// BT owns it as if its lead had accepted Dana's invitation.
async fn seed_draft(
    db: &Db,
    item: i64,
    [dana, sam]: [i64; 2],
    [wales, bt]: [i64; 2],
) -> anyhow::Result<()> {
    use app::drafts::store::{self as drafts, Author, NewDraft, Operation};
    let id = drafts::create(db, &NewDraft {
        title: "Board accountability statement",
        item_id: Some(item),
        owners: &[wales, bt],
        invited: &[],
        quorum: None,
        author_id: dana,
        institution_id: wales,
        first_heading: "Purpose",
        first_body: "Every NHS board names one executive who is **accountable for cyber security**, and says so publicly.",
    })
    .await?;
    let dana = Author {
        user_id: dana,
        institution_id: wales,
        message: None,
    };
    let sam = Author {
        user_id: sam,
        institution_id: bt,
        message: Some("What suppliers need to know"),
    };
    drafts::apply(db, id, &dana, &Operation::Add {
        heading: "What the accountable executive does",
        body: "- Reports cyber risk to the board every quarter.\n- Makes sure staff know how to report an incident.\n- Agrees the response plan with IT and cyber security professionals.",
    })
    .await?;
    drafts::apply(db, id, &sam, &Operation::Add {
        heading: "Working with suppliers",
        body: "Suppliers tell the accountable executive about any incident affecting the organisation within 24 hours.",
    })
    .await?;
    drafts::set_visibility(db, id, app::domain::drafts::Visibility::Partners).await?;

    // Sam suggests a change to the suppliers' section, and asks about a passage.
    let sections = drafts::sections_at(db, id, 3).await?;
    if let (Some(purpose), Some(suppliers)) = (sections.first(), sections.get(2)) {
        app::suggestions::store::insert(db, &app::suggestions::store::NewSuggestion {
            draft_id: id,
            section_id: suppliers.section_id,
            base_version_id: suppliers.version_id,
            heading: &suppliers.heading,
            body: "Suppliers tell the accountable executive about any incident affecting the organisation within 24 hours of finding it, and say what they are doing about it.",
            note: Some("Clearer for suppliers: when the clock starts, and what to include."),
            author_id: sam.user_id,
            institution_id: Some(bt),
        })
        .await?;
        use app::domain::anchor::{Anchor, HtmlText};
        let text = HtmlText::new(&app::markdown::render(&purpose.body)).text;
        let quote = "accountable for cyber security";
        if let Some(at) = text.find(quote) {
            let start = text[..at].chars().count();
            let anchor = Anchor::of(&text, start, start + quote.chars().count());
            app::passages::store::start(db, &app::passages::store::NewThread {
                draft_id: id,
                section_id: purpose.section_id,
                version_id: purpose.version_id,
                anchor: &anchor,
                author_id: sam.user_id,
                institution_id: Some(bt),
                body: "Does “accountable” mean the executive answers to the board, or to the regulator as well?",
            })
            .await?;
        }
    }
    Ok(())
}

/// An account's id and the badge it speaks with.
async fn speaker(db: &Db, user_id: i64) -> anyhow::Result<(i64, app::domain::identity::Badge)> {
    let me = accounts::load_me(db, user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {user_id} vanished"))?;
    Ok((me.id, me.badge()))
}
