//! The suggestions on corpora with planted themes.

use super::*;

const REG: &str = "Registration fees are far too high for small practices.|We object to the \
    new registration fee; it punishes pharmacies.|**Registration fees** should scale with \
    organisation size.|The registration fee will be passed on to patients, see \
    https://example.org/fees|Please cap registration fees for charities.|Annual \
    registration fees duplicate what the CQC charges.|Registration fees must be published \
    before the register opens.|Why do GP surgeries pay registration fees twice?|Dental \
    practices cannot absorb another registration fee.|Registration fees should be waived \
    in year one.|A flat registration fee is unfair to sole traders.|Who sets the \
    registration fees?|Registration fees of £500 are disproportionate.|Tie registration \
    fees to turnover, not headcount.";
const PHISH: &str = "Phishing training should be mandatory, and passwords rotated less \
    often.|Staff click phishing links because password rules confuse.|Run phishing \
    simulations and teach password vaults.|Shared passwords on ward computers make phishing \
    worse.|Phishing emails target passwords; training helps.|Annual phishing drills are \
    not enough; password hygiene matters.|Use a password manager and report phishing \
    quickly.|Phishing exercises should not shame people who reveal passwords.";
const VARIED: &str = "Offline backups saved us during ransomware.|Encrypt laptops before \
    they leave the building.|Suppliers need contractual duties to report breaches.|Legacy \
    Windows XP machines run imaging kit.|Medical devices ought to be certified.|Incident \
    reporting lines are unclear at night.|The board should own cyber risk.|Budgets for \
    tooling keep shrinking.|Cloud hosting contracts lack exit clauses.|Patching takes \
    months because of clinical sign-off.|Multi-factor authentication on remote access is \
    essential.|Audits focus on paperwork.|Data sharing agreements with councils are \
    inconsistent.|Guest Wi-Fi is not separated from clinical networks.|USB sticks are \
    banned yet common.|Recruiting skilled analysts is hard outside London.|Cyber Essentials \
    is a sensible baseline.|Ambulance trusts face telephony risks.|Smaller hospices lack \
    a security lead.|Mergers leave orphaned accounts.";

fn corpus() -> Vec<(i64, &'static str)> {
    let all = REG
        .split('|')
        .chain(PHISH.split('|'))
        .chain(VARIED.split('|'));
    all.enumerate().map(|(i, t)| (i as i64 + 100, t)).collect()
}

/// Runs `suggest` on texts numbered from 0.
fn run<S: AsRef<str>>(texts: &[S], max: usize) -> Vec<Suggestion> {
    let c: Vec<(i64, &str)> = texts
        .iter()
        .zip(0..)
        .map(|(t, i)| (i, t.as_ref()))
        .collect();
    suggest(&c, max)
}

#[test]
fn finds_registration_fees_then_phishing() {
    let s = suggest(&corpus(), 10);
    assert!(s.len() >= 2, "{s:?}");
    let fees = |x: &String| x == "fees" || x == "fee";
    assert!(s[0].terms.contains(&"registration".into()) && s[0].terms.iter().any(fees));
    assert_eq!(s[0].comment_ids, (100..114).collect::<Vec<_>>());
    let phish = |x: &String| x.starts_with("phishing") || x.starts_with("password");
    assert!(s[1].terms.iter().any(phish), "{s:?}");
    assert_eq!(s[1].comment_ids, (114..122).collect::<Vec<_>>());
}

#[test]
fn stop_words_and_urls_never_terms() {
    let url = "See https://example.com/guidance and http://www.example.org/guidance about";
    let mut c: Vec<String> = (0..6).map(|i| format!("{url} the backups {i}")).collect();
    let filler = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    c.extend(filler.map(|w| format!("[{w}](https://x.io) a@b.com")));
    let s = run(&c, 10);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].terms, vec!["backups"]);
    for t in suggest(&corpus(), 50).iter().flat_map(|s| &s.terms) {
        assert!(!STOP_WORDS.split_whitespace().any(|w| w == t) && !t.contains("http"));
    }
    assert_eq!(stem("fee"), stem("fees"));
    assert_eq!(stem("register"), stem("registration"));
    assert_eq!(stem("registered"), stem("registrations"));
    assert_eq!(stem("organization"), stem("organisation"));
}

#[test]
fn deterministic_and_order_independent() {
    let c = corpus();
    let a = suggest(&c, 10);
    assert_eq!(a, suggest(&c, 10));
    let mut r = c.clone();
    r.reverse();
    r.rotate_left(7);
    assert_eq!(a, suggest(&r, 10));
}

#[test]
fn odd_inputs_do_not_panic() {
    assert!(suggest(&[], 5).is_empty());
    assert!(run(&["the and of it is"; 10], 5).is_empty());
    assert!(run(&["!!! ... ### ** --- `` [](...) 12345", "", "   "], 5).is_empty());
    let mut welsh = vec!["Mae'r dŵr yn oer 🥶 ŵ"; 4];
    welsh.extend(["😀😀", "gwasanaeth iechyd", "ysbyty", "meddyg"]);
    let s = run(&welsh, 5);
    assert!(s.iter().any(|s| s.terms[0] == "dŵr"), "{s:?}");
    let huge = format!("{}{} fees", "fees🙂 ".repeat(2000), "ŵ".repeat(10_000));
    assert!(run(&[huge.as_str(), "x", "İstanbul ǅ ﬃ"], 5).is_empty());
}

#[test]
fn max_is_respected() {
    assert_eq!(suggest(&corpus(), 1).len(), 1);
    assert!(suggest(&corpus(), 0).is_empty());
}

#[test]
fn covered_comments_are_not_resuggested() {
    let text = "Offline backups need encryption and restore testing, site";
    let mut c: Vec<String> = (0..10).map(|i| format!("{text} {i}.")).collect();
    c.extend(
        "apple berry cherry damson elder figs grape hazel kiwi lime"
            .split(' ')
            .map(String::from),
    );
    let s = run(&c, 10);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].terms.len(), 3);
    assert_eq!(s[0].comment_ids, (0..10).collect::<Vec<_>>());
    let all = suggest(&corpus(), 50);
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            let shared = b.comment_ids.iter().filter(|d| a.comment_ids.contains(d));
            let larger = a.comment_ids.len().max(b.comment_ids.len());
            assert!(shared.count() * 2 <= larger, "{all:?}");
        }
    }
}

#[test]
#[ignore]
fn performance_10k() {
    let mut state: u64 = 42;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        (state >> 33) as usize
    };
    let syll: Vec<&str> = "ka lo mi ne ru sa ti vo ze pa gu de".split(' ').collect();
    let made = (0..300).map(|i| format!("{}{}{}", syll[i % 12], syll[i / 12 % 12], syll[i / 144]));
    let stop = STOP_WORDS.split_whitespace().take(60).map(String::from);
    let vocab: Vec<String> = stop.chain(made).collect();
    // Planted themes: one comment in six each for registration fees, phishing, board.
    let themes = ["registration fees", "phishing passwords", "board"];
    let texts: Vec<String> = (0..10_000)
        .map(|d| {
            let len = 40 + next() % 41;
            let ws: Vec<&str> = (0..len)
                .map(|_| vocab[next() % 360 * (next() % 360) / 360].as_str())
                .collect();
            let theme = themes.get(d % 6).unwrap_or(&"");
            format!(
                "{} {theme}. See https://example.org/x, **nhs** 2024!",
                ws.join(" ")
            )
        })
        .collect();
    let start = std::time::Instant::now();
    let s = run(&texts, 20);
    let elapsed = start.elapsed();
    let found: Vec<_> = s
        .iter()
        .map(|s| (s.terms.join("+"), s.comment_ids.len()))
        .collect();
    println!("10,000 comments: {elapsed:?}, suggestions: {found:?}");
    assert!(
        found.contains(&("fees+registration".into(), 1667)),
        "{found:?}"
    );
    assert!(elapsed.as_secs_f64() < 2.0);
}
