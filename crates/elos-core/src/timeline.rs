//! Timeline layout: a year scale, ticks that adapt to the width, and lanes so that no two
//! items' labels overlap. The component only draws what these functions return.

use crate::date::PartialDate;

/// Maps fractional years to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearScale {
    pub year_from: f64,
    pub year_to: f64,
    pub x_from_px: f64,
    pub x_to_px: f64,
}

impl YearScale {
    /// A scale covering `[first, last]` whole years (padded half a year each side so that a
    /// year-precision point sits inside the axis).
    pub fn new(first_year: i32, last_year: i32, x_from_px: f64, x_to_px: f64) -> Self {
        let (a, b) = if first_year <= last_year {
            (first_year, last_year)
        } else {
            (last_year, first_year)
        };
        Self {
            year_from: f64::from(a),
            year_to: f64::from(b) + 1.0,
            x_from_px,
            x_to_px,
        }
    }

    pub fn x_px(&self, year: f64) -> f64 {
        let span = (self.year_to - self.year_from).max(1e-9);
        self.x_from_px + (year - self.year_from) / span * (self.x_to_px - self.x_from_px)
    }

    pub fn px_per_year(&self) -> f64 {
        (self.x_to_px - self.x_from_px) / (self.year_to - self.year_from).max(1e-9)
    }
}

/// Tick years: the finest of 1, 2, 5, 10, 20, 25, 50, 100… years whose labels are at least
/// `min_spacing_px` apart; ticks fall on multiples of the step.
pub fn ticks(scale: &YearScale, min_spacing_px: f64) -> Vec<i32> {
    const STEPS: [i32; 10] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];
    let ppy = scale.px_per_year();
    let step = STEPS
        .into_iter()
        .find(|s| f64::from(*s) * ppy >= min_spacing_px)
        .unwrap_or(1000);
    let first = (scale.year_from as i32).div_euclid(step) * step;
    let first = if f64::from(first) < scale.year_from {
        first + step
    } else {
        first
    };
    (0..)
        .map(|i| first + i * step)
        .take_while(|y| f64::from(*y) <= scale.year_to)
        .collect()
}

/// What the timeline places: a point (start only), a bar (start and end) or one that runs on
/// to today (ongoing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    /// Known to still be in force: the bar runs to today.
    pub ongoing: bool,
    /// Width of the item's label in pixels, estimated by the caller.
    pub label_width_px: f64,
}

/// A placed item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub x_start_px: f64,
    /// Equal to `x_start_px` for a point.
    pub x_end_px: f64,
    pub lane: usize,
    /// Where the label starts and ends; labels never overlap within a lane.
    pub label_x_px: f64,
    pub label_end_px: f64,
}

/// Places items in lanes, greedily by start, so that no two labels (or bars) of one lane
/// overlap. `today_year` ends ongoing bars. A label that would pass the scale's right end is
/// put on the left of its item instead, so nothing is cut off at the edge.
pub fn layout(
    spans: &[Span],
    scale: &YearScale,
    today_year: f64,
    gap_px: f64,
    marker_px: f64,
) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        spans[a].start.cmp(&spans[b].start).then(a.cmp(&b))
    });
    let mut lanes = Lanes::default();
    let mut out = vec![
        Placed {
            x_start_px: 0.0,
            x_end_px: 0.0,
            lane: 0,
            label_x_px: 0.0,
            label_end_px: 0.0
        };
        spans.len()
    ];
    for i in order {
        let s = &spans[i];
        let x_start = scale.x_px(s.start.as_fractional_year());
        let x_end = match (s.end, s.ongoing) {
            (Some(e), _) => scale.x_px(e.as_fractional_year()).max(x_start),
            (None, true) => scale.x_px(today_year).max(x_start),
            (None, false) => x_start,
        };
        let (left_end, right_end) = (
            scale.x_from_px.min(scale.x_to_px),
            scale.x_to_px.max(scale.x_from_px),
        );
        let room_right = (right_end - x_start - marker_px).max(0.0);
        let room_left = (x_start - marker_px - left_end).max(0.0);
        // Right of the mark if it fits, else left if that fits, else the roomier side with the
        // label shortened to fit (the caller ellipsises it; the full text stays in its title).
        let (label_x, label_end) = if s.label_width_px <= room_right || room_right >= room_left {
            let w = s.label_width_px.min(room_right);
            (x_start + marker_px, x_start + marker_px + w)
        } else {
            let w = s.label_width_px.min(room_left);
            (x_start - marker_px - w, x_start - marker_px)
        };
        let occupied_from = label_x.min(x_start - marker_px);
        let occupied_to = label_end.max(x_end).max(x_start + marker_px);
        let lane = match lanes.first_free(occupied_from, gap_px) {
            Some(l) => {
                lanes.set_end(l, occupied_to);
                l
            }
            None => lanes.push(occupied_to),
        };
        out[i] = Placed {
            x_start_px: x_start,
            x_end_px: x_end,
            lane,
            label_x_px: label_x,
            label_end_px: label_end,
        };
    }
    out
}

/// The years an axis or a time window must cover: from the earliest to the latest of
/// `years`, stretched to include `today_year` — ongoing links run to today and planned ones
/// may begin after it. `None` when there are no years. The timeline and the time window both
/// use this one rule.
pub fn year_span(years: impl IntoIterator<Item = i32>, today_year: i32) -> Option<(i32, i32)> {
    let mut span: Option<(i32, i32)> = None;
    for y in years {
        span = Some(span.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
    }
    span.map(|(a, b)| (a.min(today_year), b.max(today_year)))
}

/// Which rows of a list of `count` rows, `row_px` tall, are (nearly) in a scrolled box: the
/// rows from `scroll_px` over `viewport_px`, plus `overscan` rows each side. Only these exist
/// in the page, so a list of 26,000 scrolls like a list of 30.
pub fn visible_rows(
    scroll_px: f64,
    viewport_px: f64,
    row_px: f64,
    count: usize,
    overscan: usize,
) -> std::ops::Range<usize> {
    if count == 0 || row_px <= 0.0 {
        return 0..0;
    }
    let first = (scroll_px.max(0.0) / row_px).floor() as usize;
    let last = ((scroll_px.max(0.0) + viewport_px.max(0.0)) / row_px).ceil() as usize;
    let start = first.saturating_sub(overscan).min(count);
    let end = (last + overscan).min(count).max(start);
    start..end
}

/// Where the keyboard goes from a timeline item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The previous or next item in time.
    Earlier,
    Later,
    /// The nearest item in the lane above or below.
    Up,
    Down,
    First,
    Last,
}

/// The item the keyboard moves to from `from` (an index into `placed`). Items in time order
/// are those sorted by start position, then lane.
pub fn step_from(placed: &[Placed], from: usize, step: Step) -> Option<usize> {
    if placed.is_empty() {
        return None;
    }
    let mut order: Vec<usize> = (0..placed.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        placed[a]
            .x_start_px
            .total_cmp(&placed[b].x_start_px)
            .then(placed[a].lane.cmp(&placed[b].lane))
            .then(a.cmp(&b))
    });
    let at = order.iter().position(|&i| i == from);
    match step {
        Step::First => order.first().copied(),
        Step::Last => order.last().copied(),
        Step::Earlier => at.and_then(|p| p.checked_sub(1)).map(|p| order[p]),
        Step::Later => at.and_then(|p| order.get(p + 1).copied()),
        Step::Up | Step::Down => {
            let here = placed.get(from)?;
            let lane = if step == Step::Up {
                here.lane.checked_sub(1)?
            } else {
                here.lane + 1
            };
            (0..placed.len())
                .filter(|&i| placed[i].lane == lane)
                .min_by(|&a, &b| {
                    (placed[a].x_start_px - here.x_start_px)
                        .abs()
                        .total_cmp(&(placed[b].x_start_px - here.x_start_px).abs())
                })
        }
    }
}

/// Where each lane's last item ends, in a tree of minimums: the first lane with room is found
/// in O(log lanes). A scan of every lane per item was quadratic, since lanes grow with the
/// items (thousands of dated links make thousands of lanes).
#[derive(Default)]
struct Lanes {
    /// Leaves (one per lane, `+∞` where there is no lane yet) from `capacity`; node `i`
    /// holds the minimum of nodes `2i` and `2i + 1`.
    tree: Vec<f64>,
    capacity: usize,
    len: usize,
}

impl Lanes {
    /// The first lane whose end leaves `gap_px` before `from_px`: the same answer, and the
    /// same float comparison, as scanning the lanes in order.
    fn first_free(&self, from_px: f64, gap_px: f64) -> Option<usize> {
        let fits = |end: f64| end + gap_px <= from_px;
        if self.len == 0 || !fits(self.tree[1]) {
            return None;
        }
        // `end + gap` never decreases as `end` grows, so a subtree has a lane that fits exactly
        // when its minimum fits; the left subtree holds the earlier lanes.
        let mut node = 1;
        while node < self.capacity {
            node = if fits(self.tree[2 * node]) {
                2 * node
            } else {
                2 * node + 1
            };
        }
        Some(node - self.capacity)
    }

    fn set_end(&mut self, lane: usize, end_px: f64) {
        let mut node = self.capacity + lane;
        self.tree[node] = end_px;
        while node > 1 {
            node /= 2;
            self.tree[node] = self.tree[2 * node].min(self.tree[2 * node + 1]);
        }
    }

    /// Opens a new lane ending at `end_px` and returns its number.
    fn push(&mut self, end_px: f64) -> usize {
        if self.len == self.capacity {
            let ends: Vec<f64> = self.tree[self.capacity..].to_vec();
            self.capacity = (2 * self.capacity).max(1);
            self.tree = vec![f64::INFINITY; 2 * self.capacity];
            for (lane, end) in ends.into_iter().enumerate() {
                self.tree[self.capacity + lane] = end;
            }
            for node in (1..self.capacity).rev() {
                self.tree[node] = self.tree[2 * node].min(self.tree[2 * node + 1]);
            }
        }
        let lane = self.len;
        self.len += 1;
        self.set_end(lane, end_px);
        lane
    }
}

/// The text shortened with "…" so that its estimated width fits `width_px`.
pub fn ellipsize(text: &str, width_px: f64, font_px: f64) -> String {
    if estimate_label_width_px(text, font_px) <= width_px + 0.5 {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if estimate_label_width_px(&out, font_px) + font_px > width_px {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// A rough label width: the UI font averages about 0.55 em per character.
pub fn estimate_label_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                0.55
            } else if c.len_utf8() >= 3 {
                1.0
            } else {
                0.6
            }
        })
        .sum::<f64>()
        * font_px
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(year: i32, label_width_px: f64) -> Span {
        Span {
            start: PartialDate::year(year),
            end: None,
            ongoing: false,
            label_width_px,
        }
    }

    #[test]
    fn ellipsize_fits_the_width() {
        assert_eq!(ellipsize("Kitakyushu", 200.0, 12.0), "Kitakyushu");
        let short = ellipsize(
            "2001: Criação da Diretoria de Cooperação Internacional",
            120.0,
            12.0,
        );
        assert!(
            short.ends_with('…') && estimate_label_width_px(&short, 12.0) <= 120.0,
            "{short}"
        );
    }

    #[test]
    fn scale_maps_years_to_pixels() {
        let s = YearScale::new(1978, 2026, 0.0, 490.0);
        assert_eq!(s.x_px(1978.0), 0.0);
        assert_eq!(s.x_px(2027.0), 490.0);
        assert!((s.px_per_year() - 10.0).abs() < 1e-9);
    }

    #[test]
    fn ticks_adapt_to_width() {
        let wide = YearScale::new(1978, 2026, 0.0, 1400.0);
        let narrow = YearScale::new(1978, 2026, 0.0, 300.0);
        let phone = YearScale::new(1978, 2026, 0.0, 200.0);
        let w = ticks(&wide, 48.0);
        let n = ticks(&narrow, 48.0);
        assert_eq!(w[..3], [1978, 1980, 1982], "two-year steps at ~29 px/year");
        assert_eq!(
            n,
            vec![1980, 1990, 2000, 2010, 2020],
            "decades at ~6 px/year"
        );
        assert_eq!(
            ticks(&phone, 48.0),
            vec![1980, 2000, 2020],
            "twenty-year steps at ~4 px/year"
        );
        for pair in n.windows(2) {
            assert!(narrow.x_px(f64::from(pair[1])) - narrow.x_px(f64::from(pair[0])) >= 48.0);
        }
        let single = YearScale::new(2017, 2017, 0.0, 300.0);
        assert_eq!(ticks(&single, 48.0), vec![2017, 2018]);
    }

    #[test]
    fn lanes_never_overlap() {
        let scale = YearScale::new(1970, 2030, 0.0, 600.0);
        let spans: Vec<Span> = [1978, 1979, 1980, 2001, 2009, 2017, 2017, 2018]
            .iter()
            .map(|&y| span(y, 80.0))
            .collect();
        let placed = layout(&spans, &scale, 2026.9, 4.0, 6.0);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                if a.lane == b.lane {
                    let (a0, a1) = (
                        a.label_x_px.min(a.x_start_px - 6.0),
                        a.label_end_px.max(a.x_end_px),
                    );
                    let (b0, b1) = (
                        b.label_x_px.min(b.x_start_px - 6.0),
                        b.label_end_px.max(b.x_end_px),
                    );
                    assert!(a1 + 4.0 <= b0 || b1 + 4.0 <= a0, "{a:?} overlaps {b:?}");
                }
            }
        }
        assert_eq!(placed[0].lane, 0);
        assert_eq!(placed[1].lane, 1, "1979 is too close to 1978's label");
        assert_eq!(placed[3].lane, 0, "2001 fits after 1978's label");
    }

    #[test]
    fn lanes_are_the_first_that_fit_as_a_scan_finds_them() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut draw = |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        for (from_year, to_year, width_px) in [(1950, 2026, 1000.0), (1990, 2000, 300.0)] {
            let scale = YearScale::new(from_year, to_year, 0.0, width_px);
            let spans: Vec<Span> = (0..3000)
                .map(|_| {
                    let year = from_year + draw((to_year - from_year + 1) as u64) as i32;
                    let mut s = span(year, 20.0 + draw(150) as f64);
                    s.ongoing = draw(4) == 0;
                    s
                })
                .collect();
            let placed = layout(&spans, &scale, 2026.5, 4.0, 6.0);
            // The reference: for each item in start order, scan the lanes from the first.
            let mut order: Vec<usize> = (0..spans.len()).collect();
            order.sort_by(|&a, &b| spans[a].start.cmp(&spans[b].start).then(a.cmp(&b)));
            let mut lane_ends: Vec<f64> = Vec::new();
            for i in order {
                let p = placed[i];
                let from = p.label_x_px.min(p.x_start_px - 6.0);
                let to = p.label_end_px.max(p.x_end_px).max(p.x_start_px + 6.0);
                let lane = lane_ends
                    .iter()
                    .position(|&end| end + 4.0 <= from)
                    .unwrap_or(lane_ends.len());
                assert_eq!(p.lane, lane, "item {i}");
                if lane == lane_ends.len() {
                    lane_ends.push(to);
                } else {
                    lane_ends[lane] = to;
                }
            }
            assert!(lane_ends.len() > 100, "enough lanes to matter");
        }
    }

    #[test]
    fn labels_near_the_right_end_go_left() {
        let scale = YearScale::new(1970, 2026, 0.0, 570.0);
        let p = layout(&[span(2025, 100.0)], &scale, 2026.5, 4.0, 6.0)[0];
        assert!(
            p.label_end_px <= p.x_start_px && p.label_x_px >= 0.0,
            "{p:?}"
        );
        assert!(p.label_end_px <= 570.0);
    }

    #[test]
    fn labels_too_long_for_either_side_are_shortened_to_fit() {
        let scale = YearScale::new(1978, 2026, 0.0, 356.0);
        let p = layout(&[span(2001, 400.0)], &scale, 2026.5, 4.0, 6.0)[0];
        assert!(p.label_x_px >= 0.0 && p.label_end_px <= 356.0, "{p:?}");
        assert!(p.label_end_px - p.label_x_px < 400.0);
    }

    #[test]
    fn ongoing_bars_run_to_today_and_ended_ones_stop() {
        let scale = YearScale::new(1970, 2026, 0.0, 570.0);
        let mut s = span(1978, 10.0);
        s.ongoing = true;
        let p = layout(&[s], &scale, 2026.5, 4.0, 6.0)[0];
        assert!((p.x_end_px - scale.x_px(2026.5)).abs() < 1e-9);
        s.ongoing = false;
        s.end = Some(PartialDate::year(1990));
        let p = layout(&[s], &scale, 2026.5, 4.0, 6.0)[0];
        assert!((p.x_end_px - scale.x_px(1990.5)).abs() < 1e-9);
    }

    #[test]
    fn the_span_reaches_today_both_ways() {
        assert_eq!(year_span([1978, 2009], 2026), Some((1978, 2026)));
        assert_eq!(year_span([2030], 2026), Some((2026, 2030)), "planned links");
        assert_eq!(year_span([], 2026), None);
    }

    #[test]
    fn only_rows_near_the_scrolled_box_are_visible() {
        assert_eq!(visible_rows(0.0, 100.0, 20.0, 1000, 2), 0..7);
        assert_eq!(visible_rows(1000.0, 100.0, 20.0, 1000, 2), 48..57);
        assert_eq!(visible_rows(1e9, 100.0, 20.0, 30, 2), 30..30);
        assert_eq!(visible_rows(0.0, 100.0, 20.0, 0, 2), 0..0);
        assert_eq!(visible_rows(-50.0, 100.0, 20.0, 3, 0), 0..3);
    }

    #[test]
    fn keys_walk_through_time_and_across_lanes() {
        let p = |x: f64, lane: usize| Placed {
            x_start_px: x,
            x_end_px: x,
            lane,
            label_x_px: x,
            label_end_px: x + 10.0,
        };
        let placed = [p(50.0, 0), p(10.0, 0), p(30.0, 1), p(90.0, 1)];
        assert_eq!(step_from(&placed, 1, Step::Later), Some(2));
        assert_eq!(step_from(&placed, 2, Step::Later), Some(0));
        assert_eq!(step_from(&placed, 3, Step::Later), None);
        assert_eq!(step_from(&placed, 1, Step::Earlier), None);
        assert_eq!(
            step_from(&placed, 0, Step::Down),
            Some(2),
            "nearest in x below"
        );
        assert_eq!(step_from(&placed, 3, Step::Up), Some(0));
        assert_eq!(step_from(&placed, 0, Step::Up), None);
        assert_eq!(step_from(&placed, 2, Step::First), Some(1));
        assert_eq!(step_from(&placed, 2, Step::Last), Some(3));
    }
}
