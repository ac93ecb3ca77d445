//! From cooperations to the links a person sees: one per (home city, partner) pair, with what
//! the map and the timeline need to draw it.

use crate::date::PartialDate;
use crate::geo::{LonLat, PointPx, Projection};
use crate::model::*;

/// One link of a home city to one partner (a city, network or organisation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub cooperation: CooperationIx,
    pub home: CityIx,
    pub partner: Party,
}

/// Which home city is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HomeChoice {
    /// Every home city of the dataset.
    #[default]
    All,
    One(CityIx),
}

/// The links of the chosen home city (or all), in the file's order. A cooperation between two
/// home cities appears once in "all" (under the first of them) and once under each when chosen.
pub fn links(ds: &Dataset, home: HomeChoice) -> Vec<Link> {
    let mut out = Vec::new();
    for (i, coop) in ds.cooperations.iter().enumerate() {
        let homes: Vec<CityIx> = coop
            .parties
            .iter()
            .filter_map(|p| match p {
                Party::City(c) if ds.is_home(*c) => Some(*c),
                _ => None,
            })
            .filter(|c| match home {
                HomeChoice::All => true,
                HomeChoice::One(h) => *c == h,
            })
            .collect();
        for &h in homes.iter().take(if home == HomeChoice::All {
            1
        } else {
            usize::MAX
        }) {
            for &partner in &coop.parties {
                if partner == Party::City(h) {
                    continue;
                }
                if home == HomeChoice::All
                    && matches!(partner, Party::City(c) if homes.contains(&c))
                {
                    // Home-to-home link: the first home city holds it, and the other is its partner.
                    if homes.first() != Some(&h) {
                        continue;
                    }
                }
                out.push(Link {
                    cooperation: CooperationIx(i),
                    home: h,
                    partner,
                });
            }
        }
    }
    out
}

/// Events of the chosen home city (or all).
pub fn events(ds: &Dataset, home: HomeChoice) -> Vec<EventIx> {
    ds.events
        .iter()
        .enumerate()
        .filter(|(_, e)| match home {
            HomeChoice::All => true,
            HomeChoice::One(h) => e.city == h,
        })
        .map(|(i, _)| EventIx(i))
        .collect()
}

/// Whether a link began within `[from_year, to_year]` (whole years): the time window shows
/// how the city's links grew, so a link is in the window of the years it was made. Undated
/// links are never in a window: they are shown in the undated group instead.
pub fn began_in(start: Option<PartialDate>, from_year: i32, to_year: i32) -> bool {
    start.is_some_and(|s| (from_year..=to_year).contains(&s.year))
}

/// Where a party sits on the map: a city at its point; a network or organisation at its
/// headquarters city when known, otherwise nowhere (it is shown in the side list).
pub fn party_location(ds: &Dataset, party: Party) -> Option<LonLat> {
    let city = match party {
        Party::City(c) => Some(c),
        Party::Network(n) => ds.network(n).headquarters,
        Party::Organisation(o) => ds.organisation(o).headquarters,
    }?;
    let c = ds.city(city);
    Some(LonLat {
        lon_deg: c.lon_deg,
        lat_deg: c.lat_deg,
    })
}

/// A city marker on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub city: CityIx,
    pub at: PointPx,
    pub is_home: bool,
    /// How many shown links touch it: markers grow with it.
    pub link_count: usize,
    pub radius_px: f64,
}

/// Markers for the home cities and partner cities of `links`, biggest first so small ones
/// are drawn on top and stay clickable.
pub fn markers(
    ds: &Dataset,
    links: &[Link],
    home: HomeChoice,
    projection: &Projection,
) -> Vec<Marker> {
    let mut counts: Vec<usize> = vec![0; ds.cities.len()];
    let mut shown: Vec<bool> = vec![false; ds.cities.len()];
    for l in links {
        counts[l.home.0] += 1;
        shown[l.home.0] = true;
        if let Party::City(c) = l.partner {
            counts[c.0] += 1;
            shown[c.0] = true;
        }
    }
    for &h in &ds.home_cities {
        if home == HomeChoice::All || home == HomeChoice::One(h) {
            shown[h.0] = true;
        }
    }
    let mut out: Vec<Marker> = shown
        .iter()
        .enumerate()
        .filter(|(_, s)| **s)
        .map(|(i, _)| {
            let c = &ds.cities[i];
            let is_home = ds.is_home(CityIx(i));
            Marker {
                city: CityIx(i),
                at: projection.project(c.lon_deg, c.lat_deg),
                is_home,
                link_count: counts[i],
                radius_px: marker_radius_px(counts[i], is_home),
            }
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| {
        b.radius_px
            .total_cmp(&a.radius_px)
            .then(a.city.cmp(&b.city))
    });
    out
}

/// Area grows with the number of links, within bounds that stay readable and clickable.
pub fn marker_radius_px(link_count: usize, is_home: bool) -> f64 {
    let base = if is_home { 6.0 } else { 3.5 };
    (base + 1.6 * (link_count as f64).sqrt()).min(14.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_hold_the_links_made_in_them() {
        let y = |n| Some(PartialDate::year(n));
        assert!(
            !began_in(y(1978), 2000, 2020),
            "Kitakyushu (1978) is not in 2000–2020"
        );
        assert!(began_in(y(2009), 2000, 2020), "Marlboro (2009) is");
        assert!(
            began_in(y(2000), 2000, 2020) && began_in(y(2020), 2000, 2020),
            "inclusive"
        );
        assert!(!began_in(y(2021), 2000, 2020));
        assert!(
            !began_in(None, 1000, 2999),
            "undated links are never in a window"
        );
    }

    #[test]
    fn marker_radius_grows_and_is_capped() {
        assert!(marker_radius_px(9, false) > marker_radius_px(1, false));
        assert!(marker_radius_px(0, true) > marker_radius_px(0, false));
        assert_eq!(marker_radius_px(10_000, true), 14.0);
    }
}

/// Where a marker's label goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    Right,
    Left,
    Above,
    Below,
}

/// A label to place, in screen pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelBox {
    pub x_px: f64,
    pub y_px: f64,
    pub radius_px: f64,
    pub width_px: f64,
    pub height_px: f64,
}

fn label_rect(b: &LabelBox, side: LabelSide) -> Rect {
    let gap = b.radius_px + 3.0;
    let (w, h) = (b.width_px, b.height_px);
    match side {
        LabelSide::Right => (b.x_px + gap, b.y_px - h / 2.0, w, h),
        LabelSide::Left => (b.x_px - gap - w, b.y_px - h / 2.0, w, h),
        LabelSide::Above => (b.x_px - w / 2.0, b.y_px - gap - h, w, h),
        LabelSide::Below => (b.x_px - w / 2.0, b.y_px + gap, w, h),
    }
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Places labels in priority order on the first side where they overlap neither an earlier
/// label nor any marker; a label with no free side is left out (`None`) rather than drawn over
/// another. Screen pixels in, so the result holds at the current zoom.
pub fn place_labels(labels: &[LabelBox], markers: &[(f64, f64, f64)]) -> Vec<Option<LabelSide>> {
    let mut taken = RectGrid::default();
    for &(x, y, r) in markers {
        taken.insert((x - r, y - r, 2.0 * r, 2.0 * r));
    }
    labels
        .iter()
        .map(|b| {
            let own = (
                b.x_px - b.radius_px,
                b.y_px - b.radius_px,
                2.0 * b.radius_px,
                2.0 * b.radius_px,
            );
            let side = [
                LabelSide::Right,
                LabelSide::Left,
                LabelSide::Above,
                LabelSide::Below,
            ]
            .into_iter()
            .find(|&side| !taken.any_overlapping(label_rect(b, side), own))?;
            taken.insert(label_rect(b, side));
            Some(side)
        })
        .collect()
}

/// `(x, y, width, height)` in screen pixels.
type Rect = (f64, f64, f64, f64);

/// Rectangles bucketed in a uniform grid, so "does anything overlap this?" looks at the few
/// rectangles near it, not at every marker and label so far: with every city of a world-scale
/// dataset labelled, the plain scan was quadratic (seconds for 18,000 labels zoomed in).
#[derive(Default)]
struct RectGrid {
    rects: Vec<Rect>,
    cells: std::collections::HashMap<(i32, i32), Vec<usize>>,
    /// Rectangles too big, inverted or not finite for the grid: always checked.
    unbucketed: Vec<usize>,
}

impl RectGrid {
    /// About a label's height: most rectangles then cover a handful of cells.
    const CELL_PX: f64 = 32.0;
    /// A rectangle spanning more cells than this per axis is checked directly instead.
    const MAX_SPAN_CELLS: i64 = 64;

    /// The cells a rectangle's closed extent touches, or `None` if it does not fit the grid.
    /// Two rectangles that overlap share a point, and that point's cell is in both ranges.
    fn cell_range(r: Rect) -> Option<((i32, i32), (i32, i32))> {
        let (x, y, w, h) = r;
        if !(x.is_finite() && y.is_finite() && w.is_finite() && h.is_finite()) || w < 0.0 || h < 0.0
        {
            return None;
        }
        let cell = |v: f64| (v / Self::CELL_PX).floor();
        let (x0, x1, y0, y1) = (cell(x), cell(x + w), cell(y), cell(y + h));
        let limit = f64::from(i32::MAX / 2);
        if [x0, x1, y0, y1].iter().any(|c| c.abs() > limit)
            || (x1 - x0) as i64 > Self::MAX_SPAN_CELLS
            || (y1 - y0) as i64 > Self::MAX_SPAN_CELLS
        {
            return None;
        }
        Some(((x0 as i32, y0 as i32), (x1 as i32, y1 as i32)))
    }

    fn insert(&mut self, r: Rect) {
        let i = self.rects.len();
        self.rects.push(r);
        match Self::cell_range(r) {
            Some(((x0, y0), (x1, y1))) => {
                for cx in x0..=x1 {
                    for cy in y0..=y1 {
                        self.cells.entry((cx, cy)).or_default().push(i);
                    }
                }
            }
            None => self.unbucketed.push(i),
        }
    }

    /// Whether any stored rectangle other than `except` overlaps `r`.
    fn any_overlapping(&self, r: Rect, except: Rect) -> bool {
        let hit = |i: &usize| {
            let t = self.rects[*i];
            t != except && overlaps(r, t)
        };
        if self.unbucketed.iter().any(hit) {
            return true;
        }
        let Some(((x0, y0), (x1, y1))) = Self::cell_range(r) else {
            return self.rects.iter().any(|t| *t != except && overlaps(r, *t));
        };
        (x0..=x1).any(|cx| {
            (y0..=y1).any(|cy| self.cells.get(&(cx, cy)).is_some_and(|c| c.iter().any(hit)))
        })
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    fn b(x_px: f64, y_px: f64) -> LabelBox {
        LabelBox {
            x_px,
            y_px,
            radius_px: 6.0,
            width_px: 80.0,
            height_px: 14.0,
        }
    }

    #[test]
    fn close_labels_take_different_sides_and_never_overlap() {
        // Ipatinga and Belo Horizonte are a few pixels apart at world zoom.
        let labels = [b(300.0, 300.0), b(296.0, 302.0), b(298.0, 310.0)];
        let markers: Vec<(f64, f64, f64)> = labels
            .iter()
            .map(|l| (l.x_px, l.y_px, l.radius_px))
            .collect();
        let sides = place_labels(&labels, &markers);
        let placed: Vec<_> = labels
            .iter()
            .zip(&sides)
            .filter_map(|(l, s)| s.map(|s| label_rect(l, s)))
            .collect();
        assert!(placed.len() >= 2);
        for (i, a) in placed.iter().enumerate() {
            for c in &placed[i + 1..] {
                assert!(!overlaps(*a, *c), "{a:?} overlaps {c:?}");
            }
        }
        assert_eq!(sides[0], Some(LabelSide::Right));
    }

    /// The plain scan `place_labels` replaced: every rectangle against every one taken.
    fn place_labels_by_scanning(
        labels: &[LabelBox],
        markers: &[(f64, f64, f64)],
    ) -> Vec<Option<LabelSide>> {
        let mut taken: Vec<Rect> = markers
            .iter()
            .map(|&(x, y, r)| (x - r, y - r, 2.0 * r, 2.0 * r))
            .collect();
        labels
            .iter()
            .map(|b| {
                let own = (
                    b.x_px - b.radius_px,
                    b.y_px - b.radius_px,
                    2.0 * b.radius_px,
                    2.0 * b.radius_px,
                );
                let side = [
                    LabelSide::Right,
                    LabelSide::Left,
                    LabelSide::Above,
                    LabelSide::Below,
                ]
                .into_iter()
                .find(|&side| {
                    let r = label_rect(b, side);
                    !taken.iter().any(|t| *t != own && overlaps(r, *t))
                })?;
                taken.push(label_rect(b, side));
                Some(side)
            })
            .collect()
    }

    #[test]
    fn the_grid_places_labels_exactly_as_a_full_scan_does() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut draw = |below: f64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_000_000) as f64 / 1e6 * below
        };
        for round in 0..40 {
            // Dense rounds (most labels blocked) and sparse ones (most placed), on and across
            // cell edges, with a few boxes far bigger than a cell.
            let (area_px, count) = if round % 2 == 0 {
                (300.0, 400)
            } else {
                (5000.0, 300)
            };
            let mut labels: Vec<LabelBox> = (0..count)
                .map(|i| LabelBox {
                    x_px: (draw(area_px) / 8.0).round() * 8.0 - area_px / 2.0,
                    y_px: draw(area_px) - area_px / 2.0,
                    radius_px: 3.0 + draw(11.0),
                    width_px: if i % 97 == 0 {
                        4000.0
                    } else {
                        20.0 + draw(120.0)
                    },
                    height_px: 13.0,
                })
                .collect();
            if round == 1 {
                labels[3].x_px = f64::NAN;
                labels[5].width_px = f64::INFINITY;
                labels[7].height_px = -20.0;
            }
            let markers: Vec<(f64, f64, f64)> = labels
                .iter()
                .map(|l| (l.x_px, l.y_px, l.radius_px))
                .chain((0..count).map(|_| (draw(area_px), draw(area_px), 4.0)))
                .collect();
            assert_eq!(
                place_labels(&labels, &markers),
                place_labels_by_scanning(&labels, &markers),
                "round {round}"
            );
        }
    }

    #[test]
    fn far_labels_stay_on_the_right() {
        let labels = [b(100.0, 100.0), b(400.0, 300.0)];
        assert_eq!(
            place_labels(&labels, &[]),
            vec![Some(LabelSide::Right), Some(LabelSide::Right)]
        );
    }
}
