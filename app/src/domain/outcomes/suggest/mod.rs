//! Suggests candidate themes from the words of comments that are not yet tagged.
//!
//! Each comment is cut into words: Markdown, punctuation, URLs, e-mail addresses,
//! numbers and English stop words are dropped, case is folded, and a light suffix
//! stemmer lets "fee"/"fees" or "register"/"registered"/"registration" count as one
//! term (shown in its most frequent spelling). Terms found in fewer than 3 comments
//! (or 0.2% of them) or in more than half of them are ignored. The rest are scored by
//! summed TF-IDF: in each comment, occurrences (capped at 3) times
//! ln(comments / comments with the term). Each term is extended with up to two terms
//! found in most of its comments (and at least twice as often as elsewhere), as long as
//! the group keeps at least 3 comments and 60% of its first size. Groups are then taken
//! best first by the summed TF-IDF of all their terms over their comments, so a group
//! sharing two telling words outranks one common word; a group with more than half of
//! its comments in one earlier suggestion is skipped as a near-duplicate.
//! The module only proposes: a person confirms every suggestion.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use words::{stem, words, STOP_WORDS};

#[cfg(test)]
mod tests;
mod words;

/// A proposed theme: the comments that share one to three terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The one to three terms the comments share, most telling first, lower-case and
    /// spelt as most often written in the comments (e.g. "registration", "fees").
    pub terms: Vec<String>,
    /// The comments that mention all the terms, ascending ids.
    pub comment_ids: Vec<i64>,
}

/// Smallest number of comments worth suggesting as a theme.
const MIN_GROUP: usize = 3;
/// An extended group must keep this share of the single-term group.
const KEEP_FRACTION: f64 = 0.6;
/// Occurrences of a term in one comment counted at most this many times.
const TF_CAP: u32 = 3;
/// Most terms in one suggestion.
const MAX_TERMS: usize = 3;
/// Suggests up to `max` themes among `comments` (id, text), largest first and ties
/// by terms alphabetically. Returns an empty list when nothing is worth suggesting.
pub fn suggest(comments: &[(i64, &str)], max: usize) -> Vec<Suggestion> {
    if comments.is_empty() || max == 0 {
        return Vec::new();
    }
    let c = Corpus::build(comments);
    let n = comments.len();
    let mut candidates: Vec<(f64, usize)> = (0..c.names.len())
        .filter(|&t| c.eligible[t])
        .map(|t| (c.score(&[t], &c.postings[t]), t))
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(c.names[a.1].cmp(&c.names[b.1])));

    // Every candidate term, extended, gives a group scored by the summed TF-IDF of all
    // its terms over its comments; the stable sort keeps term order among equal scores.
    let mut counts = vec![0usize; c.names.len()];
    let mut groups: Vec<(f64, Vec<usize>, Vec<usize>)> = Vec::new();
    for &(_, t) in &candidates {
        let single = &c.postings[t];
        let need = MIN_GROUP.max((single.len() as f64 * KEEP_FRACTION).ceil() as usize);
        let (mut terms, mut group) = (vec![t], single.clone());
        while terms.len() < MAX_TERMS {
            let Some(u) = c.partner(&group, &terms, need, &mut counts) else {
                break;
            };
            group.retain(|d| c.postings[u].binary_search(d).is_ok());
            terms.push(u);
        }
        if group.len() >= MIN_GROUP {
            groups.push((c.score(&terms, &group), terms, group));
        }
    }
    groups.sort_by(|a, b| b.0.total_cmp(&a.0));

    // Per comment: the suggestions (by position in `out`) that contain it.
    let mut member: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut out: Vec<Suggestion> = Vec::new();
    for (_, terms, group) in groups {
        if out.len() >= max {
            break;
        }
        if near_duplicate(&group, &member, out.len()) {
            continue;
        }
        for &d in &group {
            member[d].push(out.len());
        }
        let mut comment_ids: Vec<i64> = group.iter().map(|&d| comments[d].0).collect();
        comment_ids.sort_unstable();
        comment_ids.dedup();
        let terms = terms.iter().map(|&u| c.names[u].clone()).collect();
        out.push(Suggestion { terms, comment_ids });
    }
    out.sort_by_key(|s| (Reverse(s.comment_ids.len()), s.terms.clone()));
    out
}

/// Terms of the comments, indexed by comment position and by term number.
struct Corpus {
    /// Per comment: (term, occurrences), ordered by term.
    docs: Vec<Vec<(usize, u32)>>,
    /// Per term: positions of the comments containing it, ascending.
    postings: Vec<Vec<usize>>,
    /// Per term: its most frequent spelling (ties: alphabetically first).
    names: Vec<String>,
    /// Per term: whether it is in enough comments, but not more than half of them.
    eligible: Vec<bool>,
    /// Per term: ln(comments / comments with the term).
    idf: Vec<f64>,
}

impl Corpus {
    fn build(comments: &[(i64, &str)]) -> Corpus {
        let stop: HashSet<&str> = STOP_WORDS.split_whitespace().collect();
        // Spelling -> index in `forms`, or None for a stop word.
        let mut spellings: HashMap<String, Option<usize>> = HashMap::new();
        let mut forms: Vec<(String, usize, u64)> = Vec::new(); // spelling, term, occurrences
        let mut stems: HashMap<String, usize> = HashMap::new();
        let mut docs: Vec<Vec<(usize, u32)>> = Vec::with_capacity(comments.len());
        let mut seen: Vec<usize> = Vec::new();
        for (_, text) in comments {
            let lower = text.to_lowercase();
            seen.clear();
            for word in words(&lower) {
                let form = match spellings.get(word) {
                    Some(f) => *f,
                    None => {
                        let f = (!stop.contains(word)).then(|| {
                            let next = stems.len();
                            let term = *stems.entry(stem(word)).or_insert(next);
                            forms.push((word.to_string(), term, 0));
                            forms.len() - 1
                        });
                        spellings.insert(word.to_string(), f);
                        f
                    }
                };
                if let Some(f) = form {
                    forms[f].2 += 1;
                    seen.push(forms[f].1);
                }
            }
            seen.sort_unstable();
            let doc = seen.chunk_by(|a, b| a == b).map(|g| (g[0], g.len() as u32));
            docs.push(doc.collect());
        }
        let mut postings: Vec<Vec<usize>> = vec![Vec::new(); stems.len()];
        for (d, doc) in docs.iter().enumerate() {
            for &(t, _) in doc {
                postings[t].push(d);
            }
        }
        let mut best = vec![(0u64, String::new()); stems.len()];
        for (spelling, t, k) in forms {
            if k > best[t].0 || (k == best[t].0 && spelling < best[t].1) {
                best[t] = (k, spelling);
            }
        }
        let (n, min_df) = (comments.len(), MIN_GROUP.max(comments.len() / 500));
        Corpus {
            eligible: postings
                .iter()
                .map(|p| p.len() >= min_df && p.len() * 2 <= n)
                .collect(),
            idf: postings
                .iter()
                .map(|p| (n as f64 / p.len() as f64).ln())
                .collect(),
            names: best.into_iter().map(|(_, s)| s).collect(),
            docs,
            postings,
        }
    }

    /// Summed TF-IDF of `terms` over the comments of `group`.
    fn score(&self, terms: &[usize], group: &[usize]) -> f64 {
        let tf = |u: usize, d: usize| match self.docs[d].binary_search_by_key(&u, |e| e.0) {
            Ok(i) => u64::from(self.docs[d][i].1.min(TF_CAP)),
            Err(_) => 0,
        };
        let sum = |u: usize| group.iter().map(|&d| tf(u, d)).sum::<u64>() as f64;
        terms.iter().map(|&u| sum(u) * self.idf[u]).sum()
    }

    /// The eligible term, not yet chosen, in at least `need` comments of `group` and at
    /// least twice as common there as overall, with the highest summed IDF in the group.
    fn partner(
        &self,
        group: &[usize],
        chosen: &[usize],
        need: usize,
        counts: &mut [usize],
    ) -> Option<usize> {
        let mut touched = Vec::new();
        for &d in group {
            for &(t, _) in &self.docs[d] {
                if self.eligible[t] && !chosen.contains(&t) {
                    if counts[t] == 0 {
                        touched.push(t);
                    }
                    counts[t] += 1;
                }
            }
        }
        // k / group >= 2 * df / n, in u64 so that it cannot overflow.
        let (n, g) = (self.docs.len() as u64, group.len() as u64);
        let lift = |k: usize, t: usize| k as u64 * n >= 2 * self.postings[t].len() as u64 * g;
        let scored: Vec<(f64, usize)> = touched
            .into_iter()
            .map(|t| (std::mem::take(&mut counts[t]), t))
            .filter(|&(k, t)| k >= need && lift(k, t))
            .map(|(k, t)| (k as f64 * self.idf[t], t))
            .collect();
        let best = scored.into_iter().max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(self.names[b.1].cmp(&self.names[a.1]))
        });
        best.map(|(_, t)| t)
    }
}

/// True when more than half of `group` is in one of the `earlier` suggestions.
fn near_duplicate(group: &[usize], member: &[Vec<usize>], earlier: usize) -> bool {
    let mut hits = vec![0; earlier];
    for &d in group {
        for &s in &member[d] {
            hits[s] += 1;
        }
    }
    hits.iter().any(|&h| h * 2 > group.len())
}
