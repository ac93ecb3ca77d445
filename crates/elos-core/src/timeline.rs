//! Timeline layout: a year scale, ticks that adapt to the width, and lanes so that no two
//! items' labels overlap; the chart's geometry ([`Chart`]), rows in scrolled boxes
//! ([`Rows`]), and the time window under it ([`Window`], [`Play`]). The components only draw
//! what these functions return: they do no pixel or year arithmetic of their own.

use crate::date::PartialDate;
use crate::model::Dataset;

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
/// are those sorted by start position, then lane (then index, so the order is total). One
/// pass over the items, no sort: the timeline asks for its tab stop (the first item) whenever
/// it redraws, and 26,000 dated links made that a sort of 26,000 each time.
pub fn step_from(placed: &[Placed], from: usize, step: Step) -> Option<usize> {
    if placed.is_empty() {
        return None;
    }
    let in_time = |a: usize, b: usize| {
        placed[a]
            .x_start_px
            .total_cmp(&placed[b].x_start_px)
            .then(placed[a].lane.cmp(&placed[b].lane))
            .then(a.cmp(&b))
    };
    let all = 0..placed.len();
    match step {
        Step::First => all.min_by(|&a, &b| in_time(a, b)),
        Step::Last => all.max_by(|&a, &b| in_time(a, b)),
        Step::Earlier if from < placed.len() => all
            .filter(|&i| in_time(i, from).is_lt())
            .max_by(|&a, &b| in_time(a, b)),
        Step::Later if from < placed.len() => all
            .filter(|&i| in_time(i, from).is_gt())
            .min_by(|&a, &b| in_time(a, b)),
        Step::Earlier | Step::Later => None,
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

/// A rough label width: about 0.6 em for most letters and digits, more for capitals and
/// the widest letters, less for the narrow ones; a full em for CJK. Wide enough that a name
/// of 10,000 `W`s is still cut short before the edge.
pub fn estimate_label_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            'W' | 'M' | 'm' | 'w' | '@' | '%' => 1.0,
            'i' | 'j' | 'l' | 'I' | 'f' | 't' | 'r' | '.' | ',' | ':' | ';' | '\'' | '|' | '!'
            | ' ' => 0.32,
            'A'..='Z' => 0.72,
            c if c.is_ascii() => 0.6,
            c if c.len_utf8() >= 3 => 1.0,
            _ => 0.62,
        })
        .sum::<f64>()
        * font_px
}

/// Today as a fractional year (`2026.5` in July), from the calendar year and the month
/// counted from 0 as JavaScript's `Date.getMonth` gives it.
pub fn year_fraction(year: i32, month0: u32) -> f64 {
    f64::from(year) + f64::from(month0.min(11)) / 12.0
}

/// Rows of equal height in a scrolled box — the timeline's lanes, the undated list, the
/// table — and what scrolling them means in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rows {
    pub row_px: f64,
}

impl Rows {
    /// The top of row `i`.
    pub fn top_px(self, i: usize) -> f64 {
        i as f64 * self.row_px
    }

    /// The vertical middle of row `i`.
    pub fn middle_px(self, i: usize) -> f64 {
        self.top_px(i) + self.row_px / 2.0
    }

    /// All `count` rows, one below the other.
    pub fn height_px(self, count: usize) -> f64 {
        self.top_px(count)
    }

    /// A box that shows at most `shown` of `count` rows (more scroll).
    pub fn box_px(self, count: usize, shown: usize) -> f64 {
        self.height_px(count.min(shown))
    }

    /// The scroll position that brings row `i` into a box `view_px` tall scrolled to
    /// `scroll_px`: `None` when it is already wholly in view, else the row near the middle.
    pub fn scroll_to_show(self, i: usize, scroll_px: f64, view_px: f64) -> Option<f64> {
        let top = self.top_px(i);
        let in_view = top >= scroll_px && top + self.row_px <= scroll_px + view_px;
        (!in_view).then(|| (top - view_px / 2.0).max(0.0))
    }

    /// The rows (nearly) in view: see [`visible_rows`].
    pub fn visible(
        self,
        scroll_px: f64,
        view_px: f64,
        count: usize,
        overscan: usize,
    ) -> std::ops::Range<usize> {
        visible_rows(scroll_px, view_px, self.row_px, count, overscan)
    }

    /// The rows (nearly) in view when a header `head_px` tall scrolls with them, in a box
    /// `view_px` tall — taken as at least `at_least` rows, since a box not measured yet is 0.
    pub fn visible_below(
        self,
        head_px: f64,
        scroll_px: f64,
        view_px: f64,
        at_least: usize,
        count: usize,
        overscan: usize,
    ) -> std::ops::Range<usize> {
        let view_px = view_px.max(self.height_px(at_least));
        self.visible(scroll_px - head_px, view_px, count, overscan)
    }

    /// The height of the rows left out above and below `drawn` (of `count`), which spacers
    /// stand for so that the scroll bar is the whole list's.
    pub fn spacers_px(self, drawn: &std::ops::Range<usize>, count: usize) -> (f64, f64) {
        (
            self.height_px(drawn.start),
            self.height_px(count.saturating_sub(drawn.end)),
        )
    }
}

/// The timeline's measures, in CSS pixels.
pub mod size {
    /// One lane.
    pub const LANE_PX: f64 = 24.0;
    /// The year axis under the lanes.
    pub const AXIS_PX: f64 = 30.0;
    pub const FONT_PX: f64 = 12.0;
    /// A mark's half width: labels start this far from it.
    pub const MARKER_PX: f64 = 7.0;
    /// Room left and right of the axis.
    pub const SIDE_PX: f64 = 14.0;
    /// Room between two items of one lane.
    pub const GAP_PX: f64 = 8.0;
    /// Tick labels at least this far apart.
    pub const TICK_SPACING_PX: f64 = 52.0;
    /// The box shows at most this many lanes; more scroll.
    pub const LANES_SHOWN: usize = 8;
    /// Room above the first lane and below the last.
    pub const PAD_PX: f64 = 4.0;
    /// Text baselines sit this far below their lane's middle.
    pub const BASELINE_PX: f64 = 4.0;
}

impl Span {
    /// A span whose label's width is estimated from its text in the timeline's font.
    pub fn labelled(
        start: PartialDate,
        end: Option<PartialDate>,
        ongoing: bool,
        label: &str,
    ) -> Span {
        Span {
            start,
            end,
            ongoing,
            label_width_px: estimate_label_width_px(label, size::FONT_PX),
        }
    }
}

/// The timeline laid out for a width: the scale, every item's place and the ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub scale: YearScale,
    pub placed: Vec<Placed>,
    pub lanes: usize,
    pub ticks: Vec<i32>,
    pub first_year: i32,
    pub last_year: i32,
    pub width_px: f64,
}

/// Where one item is drawn, in the lanes' pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemBox {
    /// The lane's middle: the mark and the bar.
    pub y_px: f64,
    /// The label's baseline.
    pub text_y_px: f64,
    /// What a click or hover finds: the mark, the bar and the label.
    pub hit_x_px: f64,
    pub hit_y_px: f64,
    pub hit_width_px: f64,
    pub hit_height_px: f64,
    /// The bar, when the item lasts (visibly) longer than a point.
    pub bar: Option<(f64, f64)>,
    /// The room the label has (its text is [`ellipsize`]d to it).
    pub label_width_px: f64,
}

impl Chart {
    /// Lays out `spans` across `width_px`, the axis covering their years and today
    /// ([`year_span`]); `None` with no spans or no width.
    pub fn new(spans: &[Span], width_px: f64, today: f64) -> Option<Chart> {
        if spans.is_empty() || width_px <= 0.0 {
            return None;
        }
        let (first_year, last_year) = year_span(
            spans
                .iter()
                .flat_map(|s| [s.start.year, s.end.unwrap_or(s.start).year]),
            today.floor() as i32,
        )?;
        let scale = YearScale::new(
            first_year,
            last_year,
            size::SIDE_PX,
            width_px - size::SIDE_PX,
        );
        let placed = layout(spans, &scale, today, size::GAP_PX, size::MARKER_PX);
        let lanes = placed.iter().map(|p| p.lane + 1).max().unwrap_or(1);
        Some(Chart {
            ticks: ticks(&scale, size::TICK_SPACING_PX),
            scale,
            placed,
            lanes,
            first_year,
            last_year,
            width_px,
        })
    }

    pub fn rows(&self) -> Rows {
        Rows {
            row_px: size::LANE_PX,
        }
    }

    /// All lanes.
    pub fn height_px(&self) -> f64 {
        self.rows().height_px(self.lanes) + size::PAD_PX
    }

    /// The scrolled box: at most [`size::LANES_SHOWN`] lanes.
    pub fn box_height_px(&self) -> f64 {
        self.rows().box_px(self.lanes, size::LANES_SHOWN) + size::PAD_PX
    }

    /// Item `i`'s geometry.
    pub fn item(&self, i: usize) -> ItemBox {
        let p = self.placed[i];
        let y_px = self.rows().middle_px(p.lane) + size::PAD_PX / 2.0;
        let hit_x_px = p.label_x_px.min(p.x_start_px - size::MARKER_PX);
        let hit_end = p
            .label_end_px
            .max(p.x_end_px)
            .max(p.x_start_px + size::MARKER_PX);
        ItemBox {
            y_px,
            text_y_px: y_px + size::BASELINE_PX,
            hit_x_px,
            hit_y_px: y_px - size::LANE_PX / 2.0,
            hit_width_px: hit_end - hit_x_px,
            hit_height_px: size::LANE_PX,
            bar: (p.x_end_px > p.x_start_px + 0.5).then_some((p.x_start_px, p.x_end_px)),
            label_width_px: p.label_end_px - p.label_x_px,
        }
    }

    /// Where the "today" label ends: just left of today's line.
    pub fn today_label_end_px(&self, today: f64) -> f64 {
        self.x_px(today) - size::BASELINE_PX
    }

    /// Where a (fractional) year is on the axis.
    pub fn x_px(&self, year: f64) -> f64 {
        self.scale.x_px(year)
    }

    /// The axis line's ends.
    pub fn axis_px(&self) -> (f64, f64) {
        (size::SIDE_PX, self.width_px - size::SIDE_PX)
    }

    /// The time window's band on the axis (left edge and width), when a window is set: from
    /// the start of its first year to the end of its last.
    pub fn band_px(&self, from: Option<i32>, to: Option<i32>) -> Option<(f64, f64)> {
        if from.is_none() && to.is_none() {
            return None;
        }
        let x0 = self.x_px(f64::from(from.unwrap_or(self.first_year)));
        let x1 = self
            .x_px(f64::from(to.unwrap_or(self.last_year)) + 1.0)
            .min(self.axis_px().1);
        Some((x0, (x1 - x0).max(1.0)))
    }
}

/// Whether `year` is inside a window whose ends may be open.
pub fn within(year: i32, from: Option<i32>, to: Option<i32>) -> bool {
    from.is_none_or(|f| year >= f) && to.is_none_or(|t| year <= t)
}

/// The years the time window can cover: from the dataset's first dated start (links and
/// milestones) to its last, stretched to include today ([`year_span`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub first: i32,
    pub last: i32,
}

/// A whole play-through of the time window takes about this long, whatever the span.
pub const PLAY_TOTAL_MS: u32 = 8000;
/// With reduced motion, play jumps in at most this many steps.
pub const REDUCED_MOTION_STEPS: i32 = 5;

impl Window {
    /// The span of a dataset's dated starts and events; `None` when nothing is dated.
    pub fn of_dataset(ds: &Dataset, today_year: i32) -> Option<Window> {
        let years = ds
            .cooperations
            .iter()
            .filter_map(|c| c.start.map(|d| d.year))
            .chain(ds.events.iter().map(|e| e.date.year));
        year_span(years, today_year).map(|(first, last)| Window { first, last })
    }

    /// The ends shown for a window whose ends may be open.
    pub fn ends(self, from: Option<i32>, to: Option<i32>) -> (i32, i32) {
        (from.unwrap_or(self.first), to.unwrap_or(self.last))
    }

    /// The window for two chosen ends: in order, inside the span, and no window at all
    /// (`None`, `None`) when it is the whole span.
    pub fn set(self, from: i32, to: i32) -> (Option<i32>, Option<i32>) {
        let (f, t) = (
            from.clamp(self.first, self.last),
            to.clamp(self.first, self.last),
        );
        let (f, t) = if f <= t { (f, t) } else { (t, f) };
        if f == self.first && t == self.last {
            (None, None)
        } else {
            (Some(f), Some(t))
        }
    }

    /// The window after its end moved a year later (or earlier).
    pub fn step_end(
        self,
        from: Option<i32>,
        to: Option<i32>,
        later: bool,
    ) -> (Option<i32>, Option<i32>) {
        let (f, t) = self.ends(from, to);
        self.set(
            f,
            if later {
                t.saturating_add(1)
            } else {
                t.saturating_sub(1)
            },
        )
    }

    /// The window after its start was moved to `year`; the end is pushed along if passed.
    pub fn with_start(
        self,
        year: i32,
        from: Option<i32>,
        to: Option<i32>,
    ) -> (Option<i32>, Option<i32>) {
        let (_, t) = self.ends(from, to);
        self.set(year, t.max(year))
    }

    /// The window after its end was moved to `year`; the start is pushed along if passed.
    pub fn with_end(
        self,
        year: i32,
        from: Option<i32>,
        to: Option<i32>,
    ) -> (Option<i32>, Option<i32>) {
        let (f, _) = self.ends(from, to);
        self.set(f.min(year), year)
    }

    /// Play from the window's current end (from the first year when it is already at the
    /// last) to the last year: one year per tick spread over [`PLAY_TOTAL_MS`], or with reduced
    /// motion at most [`REDUCED_MOTION_STEPS`] jumps, 1.2 s apart.
    pub fn play(self, to: Option<i32>, reduced_motion: bool) -> Play {
        let years = (self.last - self.first).max(1);
        let (step_years, every_ms) = if reduced_motion {
            (
                (years + REDUCED_MOTION_STEPS - 1) / REDUCED_MOTION_STEPS,
                1200,
            )
        } else {
            let ms = f64::from(PLAY_TOTAL_MS) / f64::from(years);
            (1, ms.clamp(80.0, 700.0) as u32)
        };
        let end = self.ends(None, to).1;
        Play {
            first: self.first,
            last: self.last,
            start_year: if end >= self.last { self.first } else { end },
            step_years: step_years.max(1),
            every_ms,
        }
    }
}

/// A play-through of the time window: `from` stays at the first year and `to` runs from
/// `start_year` to the last, `step_years` every `every_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Play {
    pub first: i32,
    pub last: i32,
    pub start_year: i32,
    pub step_years: i32,
    pub every_ms: u32,
}

impl Play {
    /// The window's end after one more tick from `to`, and whether play has reached the end.
    pub fn next(self, to: i32) -> (i32, bool) {
        let next = to.saturating_add(self.step_years).min(self.last);
        (next, next >= self.last)
    }
}

/// One thing on the timeline: a dated link of the home city or one of its milestones, with its
/// visible label (and the label's estimated width, for the lane layout). The app's timeline and
/// the first view the build draws into the page (`first_view`) are made from these.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The cooperation's or the milestone's id.
    pub id: String,
    /// For a link: its cooperation and partner (what the filters keep or not).
    pub link: Option<(crate::model::CooperationIx, crate::model::Party)>,
    /// The partner's id, for a link (highlighted with it on the map).
    pub partner_id: Option<String>,
    pub label: String,
    pub label_width_px: f64,
    pub is_event: bool,
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    pub ongoing: bool,
}

impl Entry {
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
            ongoing: self.ongoing,
            label_width_px: self.label_width_px,
        }
    }
}

/// The timeline's entries of `home`: its dated `links` (in their order), then its milestones.
pub fn entries(
    cat: &crate::i18n::Catalogue,
    ds: &Dataset,
    links: &[crate::links::Link],
    home: crate::links::HomeChoice,
) -> Vec<Entry> {
    let mut out = Vec::new();
    for l in links {
        let Some(label) = crate::describe::timeline_label(cat, ds, l) else {
            continue;
        };
        let coop = ds.cooperation(l.cooperation);
        out.push(Entry {
            id: coop.id.clone(),
            link: Some((l.cooperation, l.partner)),
            partner_id: Some(ds.party_id(l.partner).to_owned()),
            label_width_px: estimate_label_width_px(&label, size::FONT_PX),
            label,
            is_event: false,
            start: coop.start.unwrap_or(PartialDate::year(0)),
            end: coop.end,
            ongoing: crate::describe::is_ongoing(coop),
        });
    }
    for e in crate::links::events(ds, home) {
        let event = ds.event(e);
        let title = event.title.show(&cat.lang);
        let label = cat.format(
            "timeline.item",
            &[("date", &cat.date(&event.date)), ("name", &title)],
        );
        out.push(Entry {
            id: event.id.clone(),
            link: None,
            partner_id: None,
            label_width_px: estimate_label_width_px(&label, size::FONT_PX),
            label,
            is_event: true,
            start: event.date,
            end: None,
            ongoing: false,
        });
    }
    out
}

#[cfg(test)]
#[allow(
    clippy::disallowed_methods,
    reason = "the standard sort is the reference"
)]
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

    #[test]
    fn keys_walk_in_the_order_of_a_sort_by_start_then_lane() {
        // Ties in start and lane, many lanes: the one-pass steps agree with walking a list
        // sorted by (start, lane, index), as the keyboard did before.
        let mut seed = 7u32;
        let mut next = move |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % n
        };
        let placed: Vec<Placed> = (0..60)
            .map(|_| {
                let x = f64::from(next(8)) * 10.0;
                Placed {
                    x_start_px: x,
                    x_end_px: x,
                    lane: next(4) as usize,
                    label_x_px: x,
                    label_end_px: x + 10.0,
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..placed.len()).collect();
        order.sort_by(|&a, &b| {
            placed[a]
                .x_start_px
                .total_cmp(&placed[b].x_start_px)
                .then(placed[a].lane.cmp(&placed[b].lane))
                .then(a.cmp(&b))
        });
        assert_eq!(step_from(&placed, 0, Step::First), Some(order[0]));
        assert_eq!(step_from(&placed, 0, Step::Last), order.last().copied());
        for (at, &i) in order.iter().enumerate() {
            let earlier = at.checked_sub(1).map(|p| order[p]);
            assert_eq!(step_from(&placed, i, Step::Earlier), earlier, "before {i}");
            assert_eq!(
                step_from(&placed, i, Step::Later),
                order.get(at + 1).copied(),
                "after {i}"
            );
        }
        assert_eq!(
            step_from(&placed, placed.len(), Step::Later),
            None,
            "no such item"
        );
        assert_eq!(step_from(&[], 0, Step::First), None);
    }

    #[test]
    fn rows_scroll_to_show_a_row_and_stand_in_for_the_rest() {
        let rows = Rows { row_px: 30.0 };
        assert_eq!(rows.top_px(3), 90.0);
        assert_eq!(rows.middle_px(0), 15.0);
        assert_eq!(rows.box_px(20, 8), 240.0);
        assert_eq!(rows.box_px(2, 8), 60.0);
        assert_eq!(
            rows.scroll_to_show(2, 0.0, 120.0),
            None,
            "rows 0–3 are in view"
        );
        assert_eq!(
            rows.scroll_to_show(4, 0.0, 120.0),
            Some(60.0),
            "row 4 is brought to the middle"
        );
        assert_eq!(
            rows.scroll_to_show(0, 200.0, 120.0),
            Some(0.0),
            "never above the top"
        );
        assert_eq!(rows.spacers_px(&(10..20), 100), (300.0, 2400.0));
        assert_eq!(rows.spacers_px(&(0..5), 5), (0.0, 0.0));
        assert_eq!(rows.visible(300.0, 90.0, 100, 1), 9..14);
        assert_eq!(
            rows.visible_below(60.0, 360.0, 90.0, 2, 100, 1),
            9..14,
            "under a header"
        );
        assert_eq!(
            rows.visible_below(60.0, 360.0, 0.0, 3, 100, 1),
            9..14,
            "not measured yet"
        );
    }

    #[test]
    fn a_chart_places_items_between_its_sides_and_a_long_label_stays_inside() {
        let spans = [
            Span::labelled(PartialDate::year(1978), None, false, "1978: Kitakyushu"),
            Span::labelled(PartialDate::year(2009), None, true, &"x".repeat(10_000)),
        ];
        let chart = Chart::new(&spans, 600.0, 2026.5).unwrap();
        assert_eq!((chart.first_year, chart.last_year), (1978, 2026));
        assert_eq!(chart.axis_px(), (14.0, 586.0));
        for i in 0..spans.len() {
            let item = chart.item(i);
            assert!(
                item.hit_x_px >= 0.0 && item.hit_x_px + item.hit_width_px <= 600.0,
                "{item:?}"
            );
            assert!(item.label_width_px <= 600.0);
            assert_eq!(item.hit_height_px, size::LANE_PX);
            assert_eq!(item.text_y_px - item.y_px, size::BASELINE_PX);
        }
        let long = chart.item(1);
        assert!(long.bar.is_some(), "an ongoing link runs to today");
        assert!(
            ellipsize(&"x".repeat(10_000), long.label_width_px, size::FONT_PX)
                .chars()
                .count()
                < 100,
            "a 10,000-character name is cut to its room"
        );
        assert_eq!(chart.height_px(), chart.lanes as f64 * 24.0 + 4.0);
        assert!(chart.box_height_px() <= 8.0 * 24.0 + 4.0);
        assert_eq!(chart.band_px(None, None), None);
        let (x, w) = chart.band_px(Some(2000), Some(2010)).unwrap();
        assert_eq!(x, chart.x_px(2000.0));
        assert!(
            (x + w - chart.x_px(2011.0)).abs() < 1e-9,
            "to the end of the last year"
        );
        let (_, w) = chart.band_px(Some(2020), None).unwrap();
        assert!(chart.band_px(Some(2020), None).unwrap().0 + w <= 586.0 + 1e-9);
        assert_eq!(Chart::new(&spans, 0.0, 2026.5), None);
        assert_eq!(Chart::new(&[], 600.0, 2026.5), None);
    }

    #[test]
    fn windows_are_ordered_clamped_and_none_when_whole() {
        let w = Window {
            first: 1978,
            last: 2026,
        };
        assert_eq!(w.ends(None, None), (1978, 2026));
        assert_eq!(w.ends(Some(2000), None), (2000, 2026));
        assert_eq!(w.set(2020, 2000), (Some(2000), Some(2020)), "ends in order");
        assert_eq!(
            w.set(1900, 2100),
            (None, None),
            "the whole span is no window"
        );
        assert_eq!(w.set(1900, 2000), (Some(1978), Some(2000)));
        assert_eq!(w.step_end(None, None, false), (Some(1978), Some(2025)));
        assert_eq!(w.step_end(Some(1978), Some(2025), true), (None, None));
        assert_eq!(
            w.step_end(Some(2000), Some(2000), false),
            (Some(1999), Some(2000)),
            "the end cannot pass the start"
        );
        assert_eq!(
            w.with_start(2010, None, Some(2005)),
            (Some(2010), Some(2010))
        );
        assert_eq!(w.with_end(1990, Some(2000), None), (Some(1990), Some(1990)));
        assert!(within(2009, Some(2000), Some(2020)));
        assert!(!within(1978, Some(2000), None));
        assert!(within(1978, None, None));
        assert_eq!(year_fraction(2026, 6), 2026.5);
    }

    #[test]
    fn the_span_of_a_dataset_runs_to_today() {
        let ds = crate::load(include_str!("../../../public/data/example.json"))
            .dataset
            .unwrap();
        let w = Window::of_dataset(&ds, 2026).unwrap();
        assert_eq!(w.first, 1978);
        assert_eq!(w.last, 2026);
        assert_eq!(Window::of_dataset(&ds, 2100).unwrap().last, 2100);
    }

    /// Counts the ticks of a play-through from the first year.
    fn steps(play: Play) -> (usize, Vec<i32>) {
        let (mut to, mut years, mut done) = (play.start_year, vec![play.start_year], false);
        while !done {
            (to, done) = play.next(to);
            years.push(to);
        }
        (years.len() - 1, years)
    }

    #[test]
    fn play_goes_year_by_year_or_in_a_few_jumps_with_reduced_motion() {
        let w = Window {
            first: 1978,
            last: 2026,
        };
        let normal = w.play(None, false);
        assert_eq!(
            normal.start_year, 1978,
            "from the start when the window is at the end"
        );
        let (ticks, years) = steps(normal);
        assert_eq!(ticks, 48, "one year per tick");
        assert_eq!(years.last(), Some(&2026));
        assert_eq!(normal.every_ms, 166, "8 s in all");
        let reduced = w.play(None, true);
        let (ticks, years) = steps(reduced);
        assert!(ticks <= 5, "{years:?}");
        assert_eq!(years, [1978, 1988, 1998, 2008, 2018, 2026]);
        assert_eq!(reduced.every_ms, 1200);
        assert_eq!(
            w.play(Some(2000), false).start_year,
            2000,
            "from where the window ends"
        );
        let short = Window {
            first: 2025,
            last: 2026,
        }
        .play(None, false);
        assert_eq!(short.every_ms, 700, "never slower than 0.7 s a year");
        assert_eq!(
            steps(
                Window {
                    first: 2026,
                    last: 2026
                }
                .play(None, true)
            )
            .0,
            1
        );
    }
}
