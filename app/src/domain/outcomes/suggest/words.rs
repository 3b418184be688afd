//! Cutting a comment into terms: words without Markdown, punctuation,
//! URLs or stop words, lightly stemmed.

/// Words shorter or longer than this (in characters) are ignored.
const WORD_CHARS: std::ops::RangeInclusive<usize> = 3..=30;
const URL_MARKERS: &[&str] = &["http://", "https://", "www.", "ftp://", "mailto:"];
/// Suffixes removed (at most twice) when at least four characters remain.
const SUFFIXES: &[&str] = &[
    "ational", "ation", "ition", "ment", "ing", "ion", "er", "ed",
];
/// English stop words of three letters or more (shorter words are dropped anyway),
/// contraction stubs such as "don" from "don't", and web leftovers.
pub const STOP_WORDS: &str =
    "about above after again against all almost along already also although \
    always among and another any anyone anything are around because been before being below \
    between both but can cannot could did does doing done down during each either else enough \
    etc even ever every for from further get gets getting given goes going got had has have \
    having her here hers herself him himself his how however into its itself just least less \
    let like made make makes many may might more most much must myself need needs neither never \
    nor not now off often once one only other others otherwise our ours ourselves out over own \
    per perhaps please quite rather really same see seem seems she should since some something \
    still such than that the their theirs them themselves then there therefore these they thing \
    things think this those though through thus too under until upon use used using very via \
    was way well were what whatever when where whether which while who whom whose why will with \
    within without would yes yet you your yours yourself yourselves able want know new say said \
    take put believe feel don doesn didn isn aren wasn weren won wouldn shouldn couldn haven \
    hasn hadn mustn needn amp nbsp quot com org net gov html htm www http https";

/// The words of lower-cased text: URLs and e-mail addresses removed, split on anything
/// that is not a letter (punctuation, Markdown, digits, emoji), of 3 to 30 characters.
pub fn words(lower: &str) -> impl Iterator<Item = &str> {
    lower
        .split_whitespace()
        .flat_map(|chunk| {
            let email = chunk.find('@').map(|_| 0);
            let end = URL_MARKERS
                .iter()
                .filter_map(|m| chunk.find(m))
                .chain(email)
                .min();
            chunk[..end.unwrap_or(chunk.len())].split(|c: char| !c.is_alphabetic())
        })
        .filter(|w| WORD_CHARS.contains(&w.chars().count()))
}

/// A light, deterministic stemmer: plural, then up to two suffixes, then tidying.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(root) = w.strip_suffix("ies").filter(|r| r.len() > 1) {
        w = format!("{root}y");
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        w.pop();
    }
    for _ in 0..2 {
        let cut = SUFFIXES
            .iter()
            .find(|s| w.ends_with(*s) && w[..w.len() - s.len()].chars().count() >= 4);
        match cut {
            Some(s) => w.truncate(w.len() - s.len()),
            None => break,
        }
    }
    if w.ends_with('e') && w.chars().count() >= 5 {
        w.pop();
    }
    if let Some(root) = w.strip_suffix("iz") {
        w = format!("{root}is");
    }
    if w.ends_with("istr") {
        w.pop();
    }
    w
}
