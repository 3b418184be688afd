//! The demo's dialogue outcomes: a consultation that has closed, its
//! comments grouped into themes, two decisions and a published outcome
//! page; progress timelines on the roadmap items (some of them in the gap
//! register); and a dependency between two items.

use app::audit::Entry;
use app::db::{now_ms, Db};
use app::outcomes::forms::CheckedDecision;
use app::outcomes::DecisionStatus;
use app::progress::forms::CheckedProgress;
use app::roadmap::Status;
use app::secrets::SecretKey;
use app::with_db;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What the public said in the closed consultation: (author's email and
/// name, text, the theme it belongs to; the last is not yet in one).
const RESPONSES: [(&str, &str, &str, Option<usize>); 8] = [
    ("pat@example.org", "Pat Lewis", "A registration fee of £150 a year is a lot for a junior analyst. Will employers pay it?", Some(0)),
    ("morgan.lee@example.org", "Morgan Lee", "Small GP practices share one IT person. If registration costs them, they will not register.", Some(0)),
    ("chris.patel@example.org", "Chris Patel", "Please make the fee proportionate: charities and hospices should not pay the same as a trust.", Some(0)),
    ("jo.evans@example.org", "Jo Evans", "I already hold CISSP and a degree. Registration should recognise them rather than make me sit another exam.", Some(1)),
    ("morgan.lee@example.org", "Morgan Lee", "Accept the certifications people already have (CISM, CISSP, Cyber Essentials assessor) as evidence.", Some(1)),
    ("chris.patel@example.org", "Chris Patel", "Registration is only useful if people keep learning: ask for yearly CPD, as nurses do.", Some(2)),
    ("jo.evans@example.org", "Jo Evans", "Free training for registered staff would make the CPD requirement fair.", Some(2)),
    ("pat@example.org", "Pat Lewis", "Will the register be public, so that patients can check who looks after the systems holding their records?", None),
];

const THEMES: [(&str, &str); 3] = [
    (
        "Registration fees",
        "Worries that the yearly fee puts people and small organisations off.",
    ),
    (
        "Recognising existing qualifications",
        "People want the certifications they hold to count.",
    ),
    (
        "Keeping skills up to date",
        "Continuing professional development, and who pays for it.",
    ),
];

fn entry(actor_id: i64, actor_name: &str, action: &'static str, subject: String, at: i64) -> Entry {
    Entry {
        at,
        actor_id,
        actor_name: actor_name.into(),
        institution: None,
        action,
        subject,
        detail: serde_json::json!({ "demo": true }),
    }
}

/// Seeds all of it. `item_ids` are the roadmap's items in order; `dana` the
/// NHS Wales lead, `priya` the policy maker.
pub async fn seed(
    db: &Db,
    key: &SecretKey,
    item_ids: &[i64],
    dana: i64,
    priya: i64,
    wales: i64,
) -> anyhow::Result<()> {
    let registration = item_ids[2];
    consultation(db, key, registration, item_ids[6], dana, priya, wales).await?;
    progress(db, key, item_ids, priya).await?;
    let roles = item_ids[1];
    app::progress::store::add_dependency(
        db,
        registration,
        roles,
        key,
        &entry(
            priya,
            "Priya Shah",
            "item.dependency_add",
            format!("item:{registration}"),
            now_ms(),
        ),
    )
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn consultation(
    db: &Db,
    key: &SecretKey,
    item: i64,
    later_item: i64,
    dana: i64,
    priya: i64,
    wales: i64,
) -> anyhow::Result<()> {
    use app::consultations::store::{self as consultations, NewProposal};
    use app::drafts::store::{self as drafts, NewDraft};
    let now = now_ms();
    let title = "How registering IT and cyber security professionals will work";
    let id = drafts::create(db, &NewDraft {
        title,
        item_id: Some(item),
        owners: &[wales],
        invited: &[],
        quorum: None,
        author_id: dana,
        institution_id: wales,
        first_heading: "Who registers, and what it costs",
        first_body: "Everyone whose job is to keep health and care systems secure registers with the professional body.\n\nRegistration costs **£150 a year**, and asks for evidence of skills and of learning every year.",
    })
    .await?;
    let mut signed = entry(
        dana,
        "Dana Evans",
        "draft.sign_off",
        format!("draft:{id}"),
        now,
    );
    signed.institution = Some("NHS Wales".into());
    app::drafts::sign_offs::sign_off(
        db,
        id,
        wales,
        1,
        "NHS Wales signs off this proposal.",
        key,
        &signed,
    )
    .await?;
    let proposal = NewProposal {
        draft_id: id,
        revision: 1,
        item_id: None,
        title,
        closes_at: now - 15 * DAY_MS,
        publisher_id: dana,
    };
    consultations::publish(
        db,
        &proposal,
        key,
        &Entry {
            action: "draft.publish",
            ..signed.clone()
        },
    )
    .await?;
    let thread = consultations::publication(db, id)
        .await?
        .map(|p| p.thread_id)
        .unwrap_or_default();
    // It ran for two months and closed a fortnight ago.
    with_db!(db, pool => {
        sqlx::query("UPDATE proposals SET published_at = $1 WHERE draft_id = $2").bind(now - 75 * DAY_MS).bind(id).execute(pool).await?;
        sqlx::query("UPDATE threads SET created_at = $1, closes_at = $2 WHERE id = $3")
            .bind(now - 75 * DAY_MS).bind(now - 15 * DAY_MS).bind(thread).execute(pool).await?;
        Ok::<(), sqlx::Error>(())
    })?;

    // The responses, from members of the public, spread over the weeks it was open.
    let hash = app::identity::password::hash(super::demo::DEMO_PASSWORD)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut by_theme: Vec<Vec<i64>> = vec![Vec::new(); THEMES.len()];
    for (n, (email, name, text, theme)) in RESPONSES.iter().enumerate() {
        let author: Option<i64> = with_db!(db, pool => sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(pool).await)?;
        let author = match author {
            Some(a) => a,
            None => app::identity::store::create_user(db, name, email, &hash).await?,
        };
        if let app::discussion::store::PostOutcome::Posted(comment) =
            app::discussion::store::insert_comment(
                db,
                thread,
                None,
                author,
                &app::domain::identity::Badge::Public,
                text,
            )
            .await?
        {
            let at = now - (70 - 7 * n as i64) * DAY_MS;
            with_db!(db, pool => sqlx::query("UPDATE comments SET created_at = $1 WHERE id = $2").bind(at).bind(comment).execute(pool).await.map(|_| ()))?;
            if let Some(theme) = theme {
                by_theme[*theme].push(comment);
            }
        }
    }

    // Priya groups them, decides, picks a quote per theme and publishes.
    let subject = app::themes::store::consultation(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("consultation {id} vanished"))?;
    let mut themes = Vec::new();
    for ((name, description), comments) in THEMES.iter().zip(&by_theme) {
        let new = app::themes::store::NewTheme {
            draft_id: Some(id),
            name,
            description,
            comments,
            partner: true,
        };
        if let app::themes::store::Saved::Saved(theme) = app::themes::store::create_theme(
            db,
            &subject,
            &new,
            key,
            &entry(priya, "Priya Shah", "theme.create", String::new(), now),
        )
        .await?
        {
            app::outcomes::store::set_quotes(
                db,
                theme,
                &comments[..1],
                key,
                &entry(
                    priya,
                    "Priya Shah",
                    "theme.quotes",
                    format!("theme:{theme}"),
                    now,
                ),
            )
            .await?;
            themes.push(theme);
        }
    }
    let decisions = [
        (0, CheckedDecision {
            decision: "No fee in the first year for staff of NHS bodies, GP practices, hospices and charities; a fee in proportion to the organisation's size after that.".into(),
            reason: "Most responses said a flat fee would stop small organisations registering their people.".into(),
            action_owner: "BCS registration team".into(),
            due_on: Some("2027-03-31".into()),
            status: DecisionStatus::InProgress,
            items: vec![item],
        }),
        (1, CheckedDecision {
            decision: "Accept recognised certifications (CISSP, CISM and others on a published list) as evidence of skills.".into(),
            reason: "People already hold them; asking for a second exam would slow registration down for no gain.".into(),
            action_owner: "BCS and the Royal College of Nursing".into(),
            due_on: Some((app::time_fmt::uk_date(now) - time::Duration::days(10)).to_string()),
            status: DecisionStatus::Planned,
            items: vec![item, later_item],
        }),
    ];
    for (theme, decision) in decisions {
        if let Some(theme) = themes.get(theme) {
            app::outcomes::store::record(
                db,
                *theme,
                &decision,
                key,
                &entry(priya, "Priya Shah", "decision.record", String::new(), now),
            )
            .await?;
        }
    }
    if let Some(analysis) = app::themes::store::consultation(db, id)
        .await?
        .and_then(|s| s.analysis_id)
    {
        let summary = "We asked how registering IT and cyber security professionals should work, and what it should cost.\n\n\
                       Five people answered, eight times. Most were worried about the **fee**; others asked us to recognise the certifications \
                       people already hold, and to support learning after registration.";
        app::outcomes::store::publish(
            db,
            analysis,
            summary,
            key,
            &entry(
                priya,
                "Priya Shah",
                "outcome.publish",
                format!("consultation:{id}"),
                now,
            ),
        )
        .await?;
    }
    Ok(())
}

/// A timeline entry: (the item's place in the roadmap, status, per cent,
/// note, an evidence link or "", how many days ago).
type DemoEntry = (usize, Status, Option<i64>, &'static str, &'static str, i64);

/// A timeline on the roadmap's items: where each one stands, with evidence
/// for those late or at risk (which the gap register then shows).
async fn progress(db: &Db, key: &SecretKey, item_ids: &[i64], priya: i64) -> anyhow::Result<()> {
    let now = now_ms();
    let entries: [DemoEntry; 6] = [
        (0, Status::Done, Some(100), "Every board in England and Wales has named an executive accountable for cyber security.", "https://www.england.nhs.uk/", 400),
        (1, Status::OnTrack, Some(70), "Draft expectations agreed with the professional bodies; consultation with boards next.", "", 120),
        (2, Status::OnTrack, Some(45), "Registration design published for consultation.", "", 90),
        (2, Status::AtRisk, Some(50), "The consultation showed the fee would put small organisations off: the fee model is being redesigned, which delays opening registration.", "https://www.bcs.org/", 10),
        (3, Status::AtRisk, Some(30), "Advice reaches trusts but not yet primary care or social care.", "", 30),
        (5, Status::Behind, Some(20), "The research framework waits for the independent studies, which started late.", "", 20),
    ];
    for (n, status, percent, note, evidence, days_ago) in entries {
        let Some(item) = item_ids.get(n) else {
            continue;
        };
        let progress = CheckedProgress {
            status,
            percent,
            note: note.into(),
            evidence: if evidence.is_empty() {
                vec![]
            } else {
                vec![evidence.into()]
            },
        };
        let at = now - days_ago * DAY_MS;
        let audit = entry(
            priya,
            "Priya Shah",
            "item.progress",
            format!("item:{item}"),
            at,
        );
        app::progress::store::record(db, *item, &progress, None, key, &audit).await?;
    }
    Ok(())
}
