//! Dependencies between roadmap items ("registration needs the roles
//! defined first") form a graph that must never have a cycle.

use std::collections::{BTreeMap, BTreeSet};

/// Whether adding "`item` needs `needs`" to `edges` (pairs of (item,
/// needs)) would make a cycle: that is, whether `needs` already depends,
/// directly or not, on `item` (or they are the same item).
pub fn would_cycle(edges: &[(i64, i64)], item: i64, needs: i64) -> bool {
    if item == needs {
        return true;
    }
    let mut graph: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (from, to) in edges {
        graph.entry(*from).or_default().push(*to);
    }
    // Walk from `needs` along what it needs; reaching `item` closes a loop.
    let mut seen = BTreeSet::new();
    let mut stack = vec![needs];
    while let Some(at) = stack.pop() {
        if at == item {
            return true;
        }
        if seen.insert(at) {
            stack.extend(graph.get(&at).into_iter().flatten().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::would_cycle;

    #[test]
    fn cycles_of_any_length_are_found() {
        // 1 needs 2, 2 needs 3.
        let edges = [(1, 2), (2, 3)];
        let table = [
            ((3, 1), true),  // 3 → 1 → 2 → 3
            ((2, 1), true),  // 2 → 1 → 2
            ((3, 2), true),  // 3 → 2 → 3
            ((1, 1), true),  // an item cannot need itself
            ((1, 3), false), // a shortcut is no cycle
            ((4, 1), false),
            ((3, 4), false),
        ];
        for ((item, needs), cycle) in table {
            assert_eq!(
                would_cycle(&edges, item, needs),
                cycle,
                "{item} needs {needs}"
            );
        }
        assert!(!would_cycle(&[], 1, 2));
    }

    #[test]
    fn a_large_graph_with_shared_branches_is_walked_once() {
        // A ladder: every item needs the next two.
        let edges: Vec<(i64, i64)> = (0..5_000).flat_map(|i| [(i, i + 1), (i, i + 2)]).collect();
        assert!(would_cycle(&edges, 5_001, 0));
        assert!(!would_cycle(&edges, 0, 5_001));
    }
}
