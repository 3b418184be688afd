//! Security finding 3: naming an institution as a co-owner invites it. Until
//! a lead of it accepts, it is not an owner: its people cannot change the
//! draft or sign it off, it does not count in the quorum, and it is not
//! named in public. Its people may read what they are asked to own.

use crate::consultations::{date_in, publish};
use crate::drafts::{answer, first_section, institution, save, sign_off};
use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

/// Dana (NHS Wales's lead) starts a draft naming `owners`, of which
/// `quorum` must sign off; returns its id.
async fn name_owners(app: &TestApp, dana: &mut Client, owners: &[&str], quorum: &str) -> i64 {
    let mut ids = Vec::new();
    for slug in owners {
        ids.push(institution(app, slug).await);
    }
    let mut fields = vec![
        ("title", "Shared incident playbook"),
        ("item_id", ""),
        ("quorum", "count"),
        ("quorum_count", quorum),
        ("heading", "Playbook"),
        ("body", "Call the service desk first."),
    ];
    for id in &ids {
        fields.push(("owners[]", id));
    }
    let res = dana.call::<app::drafts::api::CreateDraft>(&fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.scalar("SELECT MAX(id) FROM drafts").await
}

async fn owners(app: &TestApp, draft: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM draft_owners WHERE draft_id = {draft}"
    ))
    .await
}

/// The text of the page's "Owned by" value.
fn owned_by(page: &Response) -> String {
    let at = page
        .body
        .find("data-testid=\"owners\"")
        .expect("owners shown");
    let rest = &page.body[at..];
    let start = rest.find('>').unwrap_or_default() + 1;
    rest[start..]
        .split('<')
        .next()
        .unwrap_or_default()
        .to_owned()
}

on_both_backends! {
    async fn an_institution_owns_a_draft_only_once_its_lead_accepts(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = name_owners(&app, &mut dana, &["nhs-wales", "bt", "rcn"], "1").await;
        let d = draft.to_string();
        let (bt, rcn) = (institution(&app, "bt").await, institution(&app, "rcn").await);

        // Only the author's institution owns it; the others are invited.
        assert_eq!(owners(&app, draft).await, 1);
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert_eq!(owned_by(&page), "NHS Wales");
        assert!(page.body.contains("Invited to co-own"), "{}", page.body);
        assert!(page.body.contains("waiting for an answer"));

        // BT's people read what they are asked to own, and see the
        // invitation; a member may not answer it, nor change the draft.
        let mut sam = app.demo_user("sam@bt.com").await;
        let page = sam.get(&format!("/drafts/{draft}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("BT is invited to co-own this draft"));
        assert!(page.body.contains("A lead of BT can accept or decline."));
        assert!(!page.body.contains("accept-invitation"));
        assert_eq!(answer(&mut sam, draft, &bt, "accept").await.status, StatusCode::FORBIDDEN);
        let (section, version) = first_section(&app, draft).await;
        assert_eq!(save(&mut sam, draft, &section, &version, "Taken over").await.status, StatusCode::FORBIDDEN);
        assert!(sam.get("/drafts").await.body.contains("Your institution is invited to co-own it"));

        // BT's lead cannot sign off for BT before accepting.
        let mut bea = app.partner("Bea Lead", "bt", "lead").await;
        let res = sign_off(&mut bea, draft, "1", "BT agrees.").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
        assert!(bea.get(&format!("/drafts/{draft}")).await.body.contains("Accept for BT"));

        // Nobody answers for an institution they do not lead, nor for one
        // that is not invited.
        let mut ria = app.partner("Ria Lead", "rcn", "lead").await;
        assert_eq!(answer(&mut ria, draft, &bt, "accept").await.status, StatusCode::FORBIDDEN);
        let mut nora = app.partner("Nora Lead", "bcs", "lead").await;
        let bcs = institution(&app, "bcs").await;
        assert_eq!(answer(&mut nora, draft, &bcs, "accept").await.status, StatusCode::NOT_FOUND);
        assert_eq!(answer(&mut bea, draft, &bt, "maybe").await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(owners(&app, draft).await, 1, "nothing changed");

        // BT's lead accepts: BT owns it, edits it and signs it off.
        let res = answer(&mut bea, draft, &bt, "accept").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/drafts/{draft}")));
        assert_eq!(owned_by(&dana.get(&format!("/drafts/{draft}")).await), "BT, NHS Wales");
        let res = save(&mut sam, draft, &section, &version, "Call the service desk at once.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let again = answer(&mut bea, draft, &bt, "accept").await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "answered once");
        assert!(again.body.contains("BT has no invitation waiting"), "{}", again.body);

        // RCN's lead declines: RCN is not an owner and no longer reads it;
        // the owners see the answer.
        let res = answer(&mut ria, draft, &rcn, "decline").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.location().as_deref(), Some("/drafts"));
        assert_eq!(ria.get(&format!("/drafts/{draft}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(owners(&app, draft).await, 2);
        assert!(dana.get(&format!("/drafts/{draft}")).await.body.contains("declined on"));

        // Invited again, and withdrawn: only the owners do either.
        let res = dana.call::<app::drafts::api::InviteCoOwner>(&[("draft_id", &d), ("institution_id", &rcn)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = dana.call::<app::drafts::api::InviteCoOwner>(&[("draft_id", &d), ("institution_id", &rcn)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not offered twice: {}", res.body);
        assert!(res.body.contains("Choose an institution from the list."), "{}", res.body);
        assert_eq!(ria.call::<app::drafts::api::WithdrawInvitation>(&[("draft_id", &d), ("institution_id", &rcn)]).await.status, StatusCode::FORBIDDEN);
        let res = dana.call::<app::drafts::api::WithdrawInvitation>(&[("draft_id", &d), ("institution_id", &rcn)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(answer(&mut ria, draft, &rcn, "accept").await.status, StatusCode::NOT_FOUND, "withdrawn");

        // Every answer is in the audit chain.
        for action in ["draft.invitation_accept", "draft.invitation_decline", "draft.invite", "draft.invitation_withdraw"] {
            assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND subject = 'draft:{draft}'")).await, 1, "{action}");
        }
    }

    async fn an_institution_that_never_accepted_is_not_counted_nor_named_in_public(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = name_owners(&app, &mut dana, &["nhs-wales", "bt", "microsoft"], "2").await;
        let (bt, microsoft) = (institution(&app, "bt").await, institution(&app, "microsoft").await);
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await.to_string();
        let closes_on = date_in(30);

        // A quorum of 2 counts accepted owners: NHS Wales alone is not enough.
        assert_eq!(sign_off(&mut dana, draft, "1", "NHS Wales agrees.").await.status, StatusCode::OK);
        let res = publish(&mut dana, draft, "1", &closes_on, &item).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

        // Microsoft accepts and signs off; BT never answers.
        let mut mia = app.partner("Mia Lead", "microsoft", "lead").await;
        assert_eq!(answer(&mut mia, draft, &microsoft, "accept").await.status, StatusCode::OK);
        assert_eq!(sign_off(&mut mia, draft, "1", "Microsoft agrees.").await.status, StatusCode::OK);
        let res = publish(&mut dana, draft, "1", &closes_on, &item).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        // The public reads the proposal with its owners: not BT.
        let page = app.client().get(&format!("/drafts/{draft}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(owned_by(&page), "Microsoft, NHS Wales");
        assert!(!page.body.contains("BT"), "BT never agreed, so it is not named");
        let list = app.client().call::<app::consultations::api::GetConsultations>(&[]).await;
        assert!(!list.body.contains("BT"), "{}", list.body);

        // Once published, the owners are settled: BT's lead cannot join.
        let mut bea = app.partner("Bea Lead", "bt", "lead").await;
        assert_ne!(answer(&mut bea, draft, &bt, "accept").await.status, StatusCode::OK);
        assert_eq!(owners(&app, draft).await, 2);
    }
}
