//! Sorting without a copy of the sorting algorithm per call site.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site compiles
//! its own copy of the standard library's stable sort (2–5 KB of wasm each; some 60 KB for the
//! app's sixteen sorts). Here the sort runs once, on indices, through one `dyn` comparison; the
//! generic part left per call site only moves elements into that order. Stable, like
//! `sort_by`.

use std::cmp::Ordering;

/// The stable order of `len` items under `cmp` (compiled once for the whole program).
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    #[allow(
        clippy::disallowed_methods,
        reason = "the one sort every caller shares"
    )]
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Sorts `v` stably by `cmp`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` and removes repeated values.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the standard sort is the reference"
)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut v: Vec<(u8, char)> = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, expected);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, [(2, 'c'), (2, 'a'), (1, 'e'), (1, 'b'), (0, 'd')]);
    }

    #[test]
    fn dedups_and_handles_empty() {
        let mut v = vec!["b", "a", "b", "c", "a"];
        sort_dedup(&mut v);
        assert_eq!(v, ["a", "b", "c"]);
        let mut e: Vec<u8> = Vec::new();
        sort_dedup(&mut e);
        assert!(e.is_empty());
    }
}
