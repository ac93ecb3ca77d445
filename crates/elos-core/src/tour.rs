//! Guided tours: ordered steps that frame the map, set the time window, highlight links and
//! bodies and show a caption. A dataset may bring its own (`tours`, read by the loader); when it
//! has none, [`from_data`] makes one from the home city's links.
//!
//! **Architecture Invariant:** a [`Tour`] always has at least one step, and every item it names
//! exists in its dataset (the loader checks dataset tours; [`from_data`] only names what it
//! found). Presenting code indexes `steps` with a [`crate::present::Deck`] position and never
//! re-checks.

use std::borrow::Borrow;

use crate::date::PartialDate;
use crate::geo::{fit, GreatCircle, LonLat, PointPx, Projection, RectPx};
use crate::i18n::Catalogue;
use crate::lang::{Picked, Text};
use crate::links::{self, party_location, HomeChoice, Link};
use crate::model::*;

/// The id of the tour [`from_data`] makes. Dataset tours never meet it: it exists only when the
/// dataset has no tour of its own.
pub const DATA_TOUR_ID: &str = "from-data";

/// Margin and least width of a step's framing, in map pixels: the same as the map's opening
/// view, so a tour's first step looks like the explorer's.
pub const FRAME_MARGIN_PX: f64 = 40.0;
pub const FRAME_MIN_WIDTH_PX: f64 = 220.0;

/// Above this many networks and organisations, [`from_data`] gives networks and organisations
/// a step each instead of one together: a caption over a dozen highlighted bodies still reads.
const BODIES_PER_STEP: usize = 12;

#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    pub id: String,
    pub title: Text,
    /// Whose links the map shows during the tour (`home_city_id`; all home cities when absent).
    pub home: HomeChoice,
    /// At least one.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What the map frames. Empty: the highlighted items, or the tour's home cities' links when
    /// those have no place either (see [`frame_view`]).
    pub frame: Vec<Item>,
    /// The time window, in whole years, as the explorer's `from` and `to`.
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub highlight: Vec<Item>,
    /// What the audience reads, in the dataset's languages.
    pub caption: Text,
    /// What only the presenter sees.
    pub notes: Option<Text>,
    /// How long the step stays when the tour plays by itself; the `autoplay` value otherwise.
    pub duration_s: Option<f64>,
}

impl Step {
    /// Whether the step narrows the time window at all.
    pub fn has_window(&self) -> bool {
        self.from_year.is_some() || self.to_year.is_some()
    }
}

/// The tours a presenter can choose from: the dataset's own, or else one made from its data
/// for `home`.
pub fn available(
    ds: &Dataset,
    home: HomeChoice,
    catalogues: &[impl Borrow<Catalogue>],
) -> Vec<Tour> {
    if ds.tours.is_empty() {
        vec![from_data(ds, home, catalogues)]
    } else {
        ds.tours.clone()
    }
}

/// Where an item sits on the map, as points along whole routes: a great circle bows towards the
/// pole, so framing only a link's ends could cut its arc off.
pub fn item_places(ds: &Dataset, item: Item) -> Vec<LonLat> {
    match item {
        Item::Party(p) => party_location(ds, p).into_iter().collect(),
        Item::Event(e) => party_location(ds, Party::City(ds.event(e).city))
            .into_iter()
            .collect(),
        Item::Cooperation(c) => {
            let ends: Vec<LonLat> = ds
                .cooperation(c)
                .parties
                .iter()
                .filter_map(|p| party_location(ds, *p))
                .collect();
            let mut out = ends.clone();
            for (i, a) in ends.iter().enumerate() {
                for b in &ends[i + 1..] {
                    out.extend(GreatCircle::new(*a, *b).sample(10.0, 3));
                }
            }
            out
        }
    }
}

/// The map view a step asks for, in map pixels at the view's `aspect` (width / height) and
/// inside `bounds` (the whole map). Framing falls back from `frame` to `highlight` to the
/// tour's home cities and their links, and to the whole map when nothing has a place.
pub fn frame_view(
    ds: &Dataset,
    tour: &Tour,
    step: &Step,
    projection: &Projection,
    aspect: f64,
    bounds: RectPx,
) -> RectPx {
    let places = |items: &[Item]| -> Vec<LonLat> {
        items
            .iter()
            .flat_map(|item| item_places(ds, *item))
            .collect()
    };
    let mut points = places(&step.frame);
    if points.is_empty() {
        points = places(&step.highlight);
    }
    if points.is_empty() {
        points = places(&overview_items(ds, tour.home));
    }
    let points: Vec<PointPx> = points
        .iter()
        .map(|p| projection.project(p.lon_deg, p.lat_deg))
        .collect();
    fit(&points, FRAME_MARGIN_PX, FRAME_MIN_WIDTH_PX, aspect, bounds)
}

/// The home cities of `home` and every cooperation of theirs: what an overview step frames.
/// Linear in the links (a world-scale dataset has tens of thousands).
fn overview_items(ds: &Dataset, home: HomeChoice) -> Vec<Item> {
    let mut items: Vec<Item> = ds
        .home_cities
        .iter()
        .filter(|h| home == HomeChoice::All || home == HomeChoice::One(**h))
        .map(|h| Item::Party(Party::City(*h)))
        .collect();
    let mut seen = vec![false; ds.cooperations.len()];
    for link in links::links(ds, home) {
        if let Some(seen) = seen.get_mut(link.cooperation.0) {
            if !*seen {
                *seen = true;
                items.push(Item::Cooperation(link.cooperation));
            }
        }
    }
    items
}

/// A tour made from the data when the dataset has none: a first step framing everything, then
/// the dated links and milestones of `home` in chronological order (the time window growing
/// with them), then the undated links to cities (one step per home city and kind), then the
/// networks and organisations together. Captions come from the message catalogues, in every
/// language given, so a visitor's language can be chosen as for a dataset's own tour.
pub fn from_data(ds: &Dataset, home: HomeChoice, catalogues: &[impl Borrow<Catalogue>]) -> Tour {
    let cats: Vec<&Catalogue> = catalogues.iter().map(Borrow::borrow).collect();
    let in_every_language = |make: &dyn Fn(&Catalogue) -> String| -> Text {
        Text(
            cats.iter()
                .map(|c| (c.lang.clone(), capitalise_first(&make(c))))
                .collect(),
        )
    };
    let name = |c: &Catalogue, party: Party| ds.party_names(party).show(&c.lang).into_owned();
    let all_links = links::links(ds, home);

    let title = match home {
        HomeChoice::One(h) => {
            in_every_language(&|c| c.format("tour.title", &[("city", &name(c, Party::City(h)))]))
        }
        HomeChoice::All => ds.title.clone(),
    };
    let overview_caption = in_every_language(&|c| match home {
        HomeChoice::One(h) if all_links.is_empty() => {
            c.format("tour.overview_none", &[("city", &name(c, Party::City(h)))])
        }
        HomeChoice::One(h) => c.plural(
            "tour.overview",
            all_links.len() as u64,
            &[("city", &name(c, Party::City(h)))],
        ),
        HomeChoice::All => c.plural("tour.overview_all", all_links.len() as u64, &[]),
    });
    let mut steps = vec![Step {
        frame: overview_items(ds, home),
        from_year: None,
        to_year: None,
        highlight: Vec::new(),
        caption: overview_caption,
        notes: None,
        duration_s: None,
    }];

    // Dated links to cities and milestones, oldest first; links before milestones on the same
    // date, each in file order (the sort is stable).
    enum Moment {
        Link(Link),
        Event(EventIx),
    }
    let is_body = |l: &Link| !matches!(l.partner, Party::City(_));
    let mut moments: Vec<(PartialDate, Moment)> = all_links
        .iter()
        .filter(|l| !is_body(l))
        .filter_map(|l| Some((ds.cooperation(l.cooperation).start?, Moment::Link(*l))))
        .collect();
    moments.extend(
        links::events(ds, home)
            .into_iter()
            .map(|e| (ds.event(e).date, Moment::Event(e))),
    );
    crate::order::sort_by(&mut moments, |a, b| a.0.cmp(&b.0));
    let first_year = moments.first().map(|(d, _)| d.year);
    for (date, moment) in &moments {
        let (item, caption, notes) = match moment {
            Moment::Link(l) => {
                let coop = ds.cooperation(l.cooperation);
                // Sister cities and bilateral cooperation read as sentences; rarer kinds
                // name themselves after the pair, so no sentence needs a kind-specific verb.
                let key = match coop.kind {
                    LinkKind::SisterCity => "tour.link.sister_city",
                    LinkKind::BilateralCooperation => "tour.link.bilateral_cooperation",
                    _ => "tour.link.other_kind",
                };
                let caption = in_every_language(&|c| {
                    let kind = coop.kind_label.as_ref().map_or_else(
                        || c.t(&format!("kind.{}", coop.kind.key())),
                        |t| t.show(&c.lang).into_owned(),
                    );
                    c.format(
                        key,
                        &[
                            ("date", &c.date(date)),
                            ("home", &name(c, Party::City(l.home))),
                            ("partner", &name(c, l.partner)),
                            ("kind", &kind),
                        ],
                    )
                });
                (
                    Item::Cooperation(l.cooperation),
                    caption,
                    coop.description.clone(),
                )
            }
            Moment::Event(e) => {
                let event = ds.event(*e);
                let caption = in_every_language(&|c| {
                    c.format(
                        "tour.event",
                        &[
                            ("date", &c.date(date)),
                            ("title", &event.title.show(&c.lang)),
                        ],
                    )
                });
                (Item::Event(*e), caption, event.description.clone())
            }
        };
        steps.push(Step {
            frame: vec![item],
            from_year: first_year,
            to_year: Some(date.year),
            highlight: vec![item],
            caption,
            notes,
            duration_s: None,
        });
    }

    // Undated links to cities: one step per home city and kind, at the end. The links are
    // grouped in one pass (per home city, per kind, in file order): with every city a home
    // city, scanning all links for each home city and kind would be quadratic.
    let homes: Vec<CityIx> = ds
        .home_cities
        .iter()
        .copied()
        .filter(|h| home == HomeChoice::All || home == HomeChoice::One(*h))
        .collect();
    let home_slot: rustc_hash::FxHashMap<CityIx, usize> = homes
        .iter()
        .enumerate()
        .map(|(slot, h)| (*h, slot))
        .collect();
    let kind_slot = |kind: LinkKind| LinkKind::ALL.iter().position(|k| *k == kind);
    let mut undated_by_home: Vec<Vec<Vec<Item>>> = vec![Vec::new(); homes.len()];
    let mut bodies_by_home: Vec<Vec<Link>> = vec![Vec::new(); homes.len()];
    for l in &all_links {
        let Some(&slot) = home_slot.get(&l.home) else {
            continue;
        };
        if is_body(l) {
            bodies_by_home[slot].push(*l);
            continue;
        }
        let coop = ds.cooperation(l.cooperation);
        if coop.start.is_some() {
            continue;
        }
        if let Some(k) = kind_slot(coop.kind) {
            let per_kind = &mut undated_by_home[slot];
            if per_kind.is_empty() {
                per_kind.resize(LinkKind::ALL.len(), Vec::new());
            }
            per_kind[k].push(Item::Cooperation(l.cooperation));
        }
    }
    for (&h, per_kind) in homes.iter().zip(undated_by_home) {
        for (kind, undated) in LinkKind::ALL.iter().copied().zip(per_kind) {
            if undated.is_empty() {
                continue;
            }
            let caption = in_every_language(&|c| {
                c.plural(
                    "tour.undated",
                    undated.len() as u64,
                    &[
                        ("home", &name(c, Party::City(h))),
                        ("kind", &c.t(&format!("kind.{}", kind.key()))),
                    ],
                )
            });
            steps.push(Step {
                frame: with_home(h, &undated),
                from_year: None,
                to_year: None,
                highlight: undated,
                caption,
                notes: None,
                duration_s: None,
            });
        }
    }

    // Networks and organisations together, dated or not: their dates matter less than which
    // they are, and they have no place of their own on the map (at most a headquarters).
    for (&h, home_bodies) in homes.iter().zip(&bodies_by_home) {
        let bodies = |want_network: bool| -> Vec<Item> {
            let mut seen = rustc_hash::FxHashSet::default();
            home_bodies
                .iter()
                .filter(|l| match l.partner {
                    Party::Network(_) => want_network,
                    Party::Organisation(_) => !want_network,
                    Party::City(_) => false,
                })
                .filter(|l| seen.insert(l.partner))
                .map(|l| Item::Party(l.partner))
                .collect()
        };
        let (networks, organisations) = (bodies(true), bodies(false));
        let sentence = |c: &Catalogue, key: &str, count: usize| {
            c.plural(key, count as u64, &[("home", &name(c, Party::City(h)))])
        };
        let mut groups: Vec<(Vec<Item>, Text)> = Vec::new();
        if networks.len() + organisations.len() <= BODIES_PER_STEP {
            if !networks.is_empty() || !organisations.is_empty() {
                let caption = in_every_language(&|c| {
                    let mut parts = Vec::new();
                    if !networks.is_empty() {
                        parts.push(sentence(c, "tour.networks", networks.len()));
                    }
                    if !organisations.is_empty() {
                        parts.push(sentence(c, "tour.organisations", organisations.len()));
                    }
                    parts.join(" ")
                });
                groups.push(([networks, organisations].concat(), caption));
            }
        } else {
            for (items, key) in [
                (networks, "tour.networks"),
                (organisations, "tour.organisations"),
            ] {
                if !items.is_empty() {
                    let caption = in_every_language(&|c| sentence(c, key, items.len()));
                    groups.push((items, caption));
                }
            }
        }
        for (items, caption) in groups {
            steps.push(Step {
                frame: with_home(h, &items),
                from_year: None,
                to_year: None,
                highlight: items,
                caption,
                notes: None,
                duration_s: None,
            });
        }
    }

    Tour {
        id: DATA_TOUR_ID.to_owned(),
        title,
        home,
        steps,
    }
}

/// `items` framed together with their home city, so bodies without a headquarters still show
/// where they are linked from.
fn with_home(home: CityIx, items: &[Item]) -> Vec<Item> {
    let mut out = vec![Item::Party(Party::City(home))];
    out.extend_from_slice(items);
    out
}

/// What the audience reads under a step: the caption in the presenter's language
/// (`ui_lang`, with the usual fallback), and in the visitors' (`captions=`) too when the
/// caption is written in that language (or a regional form of it) — never a second copy of
/// the first, and never a fallback dressed up as a translation.
pub fn captions<'a>(
    caption: &'a Text,
    ui_lang: &str,
    visitors_lang: Option<&str>,
) -> (Option<Picked<'a>>, Option<Picked<'a>>) {
    let first = caption.pick(ui_lang);
    let second = visitors_lang.and_then(|v| {
        let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let picked = caption.pick(v)?;
        let in_that_language = picked.lang.eq_ignore_ascii_case(v)
            || (!v.contains('-') && primary(picked.lang) == v.to_ascii_lowercase());
        let different = first.is_none_or(|f| f.lang != picked.lang);
        (in_that_language && different).then_some(picked)
    });
    (first, second)
}

/// "março de 2017: …" opens a caption, so it starts with a capital like any sentence.
fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitors_read_their_language_only_when_the_caption_has_it() {
        let caption = Text::new([("pt-BR", "Olá"), ("en", "Hello"), ("es-MX", "Hola")]);
        let texts = |ui: &str, v: Option<&str>| {
            let (a, b) = captions(&caption, ui, v);
            (a.map(|p| p.text), b.map(|p| p.text))
        };
        assert_eq!(texts("pt-BR", Some("en")), (Some("Olá"), Some("Hello")));
        assert_eq!(texts("pt-BR", None), (Some("Olá"), None));
        assert_eq!(
            texts("pt-BR", Some("es")),
            (Some("Olá"), Some("Hola")),
            "es-MX is Spanish"
        );
        assert_eq!(
            texts("en", Some("en")),
            (Some("Hello"), None),
            "no second copy"
        );
        assert_eq!(
            texts("pt-BR", Some("fr")),
            (Some("Olá"), None),
            "no French: no pt-BR fallback shown as if it were"
        );
        assert_eq!(texts("pt-BR", Some("en-GB")), (Some("Olá"), None));
    }

    #[test]
    fn captions_start_with_a_capital() {
        assert_eq!(
            capitalise_first("março de 2017: x"),
            "Março de 2017: x".to_owned()
        );
        assert_eq!(capitalise_first("1978: x"), "1978: x");
        assert_eq!(capitalise_first(""), "");
    }
}
