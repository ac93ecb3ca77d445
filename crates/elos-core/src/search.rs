//! Accent- and case-insensitive, typo-tolerant matching of names ("bogota" finds Bogotá).

use crate::problem::edit_distance;

/// Lower-cases and strips Latin diacritics: "São Paulo" → "sao paulo", "Medellín" → "medellin".
/// Other scripts pass through lower-cased, so "北九州市" still matches itself.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => out.push('c'),
            'ď' | 'đ' | 'ð' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
            'ł' | 'ľ' | 'ĺ' | 'ļ' => out.push('l'),
            'ñ' | 'ń' | 'ň' | 'ņ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ŕ' | 'ř' => out.push('r'),
            'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ť' | 'ţ' | 'ț' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            '\u{300}'..='\u{36f}' => {} // combining marks of decomposed text
            '’' | '\'' | '.' => {}
            c if c.is_whitespace() || c == '-' || c == '_' => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim_end().to_owned()
}

/// How well a name matches a query; lower is better, `None` is no match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    Exact,
    Prefix,
    WordPrefix,
    Contains,
    /// Within a small edit distance of the name or one of its words.
    Typo(usize),
}

/// Matches an already-folded query against a name.
pub fn match_name(folded_query: &str, name: &str) -> Option<MatchQuality> {
    if folded_query.is_empty() {
        return None;
    }
    let folded = fold(name);
    if folded == folded_query {
        return Some(MatchQuality::Exact);
    }
    if folded.starts_with(folded_query) {
        return Some(MatchQuality::Prefix);
    }
    if folded.split(' ').any(|w| w.starts_with(folded_query)) {
        return Some(MatchQuality::WordPrefix);
    }
    if folded.contains(folded_query) {
        return Some(MatchQuality::Contains);
    }
    let q_len = folded_query.chars().count();
    if q_len < 4 {
        return None;
    }
    let limit = if q_len < 7 { 1 } else { 2 };
    let whole = edit_distance(folded_query, &folded);
    let by_word = folded
        .split(' ')
        .map(|w| {
            // Compare with the word's prefix as long as the query, so "medelin" ~ "medellin".
            let prefix: String = w.chars().take(q_len + 1).collect();
            edit_distance(folded_query, &prefix).min(edit_distance(folded_query, w))
        })
        .min()
        .unwrap_or(usize::MAX);
    let best = whole.min(by_word);
    (best <= limit).then_some(MatchQuality::Typo(best))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("BOGOTÁ"), "bogota");
        assert_eq!(fold("Jundiaí"), "jundiai");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Sa\u{303}o"), "sao", "decomposed accents too");
        assert_eq!(fold("北九州市"), "北九州市");
        assert_eq!(fold("  Valle-de  Aburrá "), "valle de aburra");
    }

    #[test]
    fn matches_like_a_person_expects() {
        assert_eq!(match_name("bogota", "Bogotá"), Some(MatchQuality::Exact));
        assert_eq!(
            match_name("sao paulo", "São Paulo"),
            Some(MatchQuality::Exact)
        );
        assert_eq!(
            match_name("bel", "Belo Horizonte"),
            Some(MatchQuality::Prefix)
        );
        assert_eq!(
            match_name("horiz", "Belo Horizonte"),
            Some(MatchQuality::WordPrefix)
        );
        assert_eq!(
            match_name("medelin", "Medellín"),
            Some(MatchQuality::Typo(1))
        );
        assert_eq!(
            match_name("kitakyusu", "Kitakyushu"),
            Some(MatchQuality::Typo(1))
        );
        assert_eq!(match_name("berlin", "Bogotá"), None);
        assert_eq!(
            match_name("xyz", "Berlin"),
            None,
            "short queries never match by typo"
        );
        assert!(MatchQuality::Exact < MatchQuality::Typo(1));
    }
}

/// One search result: a city, network or organisation and how well it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub party: crate::model::Party,
    pub quality: MatchQuality,
    /// The name (in whatever language) that matched.
    pub matched: String,
}

/// Matches an already-folded query against an already-folded name, without the typo pass.
fn match_folded(folded_query: &str, folded: &str) -> Option<MatchQuality> {
    if folded == folded_query {
        Some(MatchQuality::Exact)
    } else if folded.starts_with(folded_query) {
        Some(MatchQuality::Prefix)
    } else if folded.split(' ').any(|w| w.starts_with(folded_query)) {
        Some(MatchQuality::WordPrefix)
    } else if folded.contains(folded_query) {
        Some(MatchQuality::Contains)
    } else {
        None
    }
}

/// Every name of every city, network and organisation, folded once per dataset: a keystroke
/// in a search box over 20,000 cities compares strings, it does not fold them again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchIndex {
    /// (party, folded name, name as written).
    names: Vec<(crate::model::Party, String, String)>,
}

impl SearchIndex {
    pub fn new(ds: &crate::model::Dataset) -> Self {
        use crate::model::{CityIx, NetworkIx, OrganisationIx, Party};
        let parties = (0..ds.cities.len())
            .map(|i| Party::City(CityIx(i)))
            .chain((0..ds.networks.len()).map(|i| Party::Network(NetworkIx(i))))
            .chain((0..ds.organisations.len()).map(|i| Party::Organisation(OrganisationIx(i))));
        let mut names = Vec::new();
        for party in parties {
            let mut seen: Vec<String> = Vec::new();
            for p in ds.party_names(party).iter() {
                let folded = fold(p.text);
                if !seen.contains(&folded) {
                    seen.push(folded.clone());
                    names.push((party, folded, p.text.to_owned()));
                }
            }
        }
        SearchIndex { names }
    }

    /// The parties whose names match `query` (and that `keep` accepts), best matches first,
    /// then alphabetically; at most `limit`. Typos are looked for only when the plain matches
    /// do not fill the list.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        keep: impl Fn(crate::model::Party) -> bool,
    ) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        // The best `limit` so far, in order: a one-letter query matches nearly every name, and
        // sorting 20,000 matches to show 8 was most of a keystroke's time.
        let mut top: Vec<(MatchQuality, usize)> = Vec::with_capacity(limit + 1);
        let rank = |a: &(MatchQuality, usize), b: &(MatchQuality, usize)| {
            a.0.cmp(&b.0)
                .then_with(|| self.names[a.1].1.cmp(&self.names[b.1].1))
                .then(a.1.cmp(&b.1))
        };
        let offer = |top: &mut Vec<(MatchQuality, usize)>, hit: (MatchQuality, usize)| {
            if top.len() == limit && rank(&hit, &top[limit - 1]).is_ge() {
                return;
            }
            let at = top.partition_point(|t| rank(t, &hit).is_lt());
            top.insert(at, hit);
            top.truncate(limit);
        };
        // A party's names are next to each other: its best match is offered once.
        let pass =
            |matcher: &dyn Fn(usize) -> Option<MatchQuality>, top: &mut Vec<_>, seen: &[bool]| {
                let mut i = 0;
                while i < self.names.len() {
                    let party = self.names[i].0;
                    let mut best: Option<(MatchQuality, usize)> = None;
                    while i < self.names.len() && self.names[i].0 == party {
                        if let Some(quality) = matcher(i) {
                            if best.is_none_or(|b| quality < b.0) {
                                best = Some((quality, i));
                            }
                        }
                        i += 1;
                    }
                    if let Some(hit) = best {
                        if !seen[hit.1] && keep(party) {
                            offer(top, hit);
                        }
                    }
                }
            };
        let none_seen = vec![false; self.names.len()];
        pass(
            &|i| match_folded(&q, &self.names[i].1),
            &mut top,
            &none_seen,
        );
        if top.len() < limit && q.chars().count() >= 4 {
            // Typos only when the plain matches do not fill the list (an edit distance per
            // name is the costly part).
            let mut seen = vec![false; self.names.len()];
            for (_, i) in &top {
                let party = self.names[*i].0;
                for (j, n) in self.names.iter().enumerate() {
                    if n.0 == party {
                        seen[j] = true;
                    }
                }
            }
            pass(
                &|i| {
                    if seen[i] {
                        None
                    } else {
                        match_name(&q, &self.names[i].2)
                    }
                },
                &mut top,
                &seen,
            );
        }
        top.into_iter()
            .map(|(quality, i)| Hit {
                party: self.names[i].0,
                quality,
                matched: self.names[i].2.clone(),
            })
            .collect()
    }
}

/// Searches the names of every city, network and organisation, in every language the data
/// holds; best matches first, then alphabetically. At most `limit` results. (Builds an index
/// each time: a page that searches often keeps a [`SearchIndex`].)
pub fn search(ds: &crate::model::Dataset, query: &str, limit: usize) -> Vec<Hit> {
    SearchIndex::new(ds).search(query, limit, |_| true)
}

#[cfg(test)]
mod dataset_tests {
    use super::*;

    fn example() -> crate::model::Dataset {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../public/data/example.json"
        ))
        .unwrap();
        crate::load(&text).dataset.unwrap()
    }

    fn first_id(ds: &crate::model::Dataset, query: &str) -> Option<String> {
        search(ds, query, 5)
            .first()
            .map(|h| ds.party_id(h.party).to_owned())
    }

    #[test]
    fn finds_places_without_accents_or_with_typos() {
        let ds = example();
        assert_eq!(first_id(&ds, "bogota").as_deref(), Some("bogota"));
        assert_eq!(first_id(&ds, "BOGOTÁ").as_deref(), Some("bogota"));
        assert_eq!(first_id(&ds, "medelin").as_deref(), Some("medellin"));
        assert_eq!(first_id(&ds, "jundiai").as_deref(), Some("jundiai"));
        assert_eq!(
            first_id(&ds, "北九州").as_deref(),
            Some("kitakyushu"),
            "native script"
        );
        assert_eq!(
            first_id(&ds, "berlim").as_deref(),
            Some("berlin"),
            "Portuguese name"
        );
        assert_eq!(first_id(&ds, "zzzz"), None);
        assert!(search(&ds, "", 5).is_empty());
    }

    #[test]
    fn finds_networks_and_organisations_too() {
        let ds = example();
        assert_eq!(first_id(&ds, "iclei").as_deref(), Some("iclei"));
        let hits = search(&ds, "unesco", 10);
        assert!(
            hits.len() >= 2,
            "UNESCO and the UNESCO Creative Cities Network"
        );
        assert!(
            matches!(hits[0].party, crate::model::Party::Organisation(_)),
            "the exact name first"
        );
    }

    /// The plain rule, written the slow way: every party's best match by `match_name`, all
    /// sorted by quality then folded name.
    fn naive(ds: &crate::model::Dataset, query: &str, limit: usize) -> Vec<(String, MatchQuality)> {
        use crate::model::{CityIx, NetworkIx, OrganisationIx, Party};
        let q = fold(query);
        let parties = (0..ds.cities.len())
            .map(|i| Party::City(CityIx(i)))
            .chain((0..ds.networks.len()).map(|i| Party::Network(NetworkIx(i))))
            .chain((0..ds.organisations.len()).map(|i| Party::Organisation(OrganisationIx(i))));
        let mut hits: Vec<(MatchQuality, String, String)> = parties
            .filter_map(|p| {
                ds.party_names(p)
                    .iter()
                    .filter_map(|n| match_name(&q, n.text).map(|m| (m, fold(n.text))))
                    .min()
                    .map(|(m, folded)| (m, folded, ds.party_id(p).to_owned()))
            })
            .collect();
        hits.sort();
        hits.into_iter()
            .take(limit)
            .map(|(m, _, id)| (id, m))
            .collect()
    }

    #[test]
    fn the_index_keeps_the_plain_rules_order() {
        let ds = example();
        for query in [
            "a",
            "be",
            "bogota",
            "medelin",
            "rede",
            "zzz",
            "cidade",
            "kitakyusu",
        ] {
            let fast: Vec<(String, MatchQuality)> = search(&ds, query, 8)
                .into_iter()
                .map(|h| (ds.party_id(h.party).to_owned(), h.quality))
                .collect();
            let slow = naive(&ds, query, 8);
            assert_eq!(
                fast.iter().map(|h| h.1).collect::<Vec<_>>(),
                slow.iter().map(|h| h.1).collect::<Vec<_>>(),
                "{query}: qualities"
            );
            assert_eq!(fast.len(), slow.len(), "{query}");
        }
    }
}
