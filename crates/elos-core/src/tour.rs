//! Guided tours: ordered steps that frame the map, set the time window, highlight links and
//! bodies and show a caption. A dataset may bring its own (`tours`, read by the loader).
//!
//! **Architecture Invariant:** a [`Tour`] always has at least one step, and every item it names
//! exists in its dataset (the loader checks dataset tours).

use crate::geo::{fit, GreatCircle, LonLat, PointPx, Projection, RectPx};
use crate::lang::Text;
use crate::links::{self, party_location, HomeChoice};
use crate::model::*;

/// Margin and least width of a step's framing, in map pixels: the same as the map's opening
/// view, so a tour's first step looks like the explorer's.
pub const FRAME_MARGIN_PX: f64 = 40.0;
pub const FRAME_MIN_WIDTH_PX: f64 = 220.0;

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
fn overview_items(ds: &Dataset, home: HomeChoice) -> Vec<Item> {
    let mut items: Vec<Item> = ds
        .home_cities
        .iter()
        .filter(|h| home == HomeChoice::All || home == HomeChoice::One(**h))
        .map(|h| Item::Party(Party::City(*h)))
        .collect();
    for link in links::links(ds, home) {
        let item = Item::Cooperation(link.cooperation);
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items
}
