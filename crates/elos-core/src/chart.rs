//! The statistics panel's links-per-decade bar chart, laid out in SVG user units (the chart
//! scales to its box): bars, their counts and the decade labels that fit.

/// One decade's bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub decade: i32,
    pub count: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The bar's middle, where its labels are centred.
    pub centre_x: f64,
    /// The count's baseline, just above the bar, when counts are shown.
    pub count_y: Option<f64>,
    /// Whether this decade's label is drawn (at most [`MAX_LABELS`], evenly spread).
    pub labelled: bool,
}

/// The whole chart.
#[derive(Debug, Clone, PartialEq)]
pub struct DecadeChart {
    pub width: f64,
    pub height: f64,
    /// The baseline's height, where the bars stand.
    pub baseline_y: f64,
    /// The decade labels' baseline.
    pub label_y: f64,
    pub bars: Vec<Bar>,
}

const BAR_STEP: f64 = 40.0;
const BAR_WIDTH: f64 = 28.0;
pub const CHART_HEIGHT: f64 = 120.0;
const LABEL_ROOM: f64 = 18.0;
const COUNT_ROOM: f64 = 14.0;
/// At most this many decade labels, so they never overlap however many decades there are.
pub const MAX_LABELS: usize = 8;

/// Lays out `(decade, links)` pairs as bars scaled to the largest; `None` with no decades.
pub fn decades(per_decade: &[(i32, usize)]) -> Option<DecadeChart> {
    if per_decade.is_empty() {
        return None;
    }
    let n = per_decade.len();
    let max = per_decade.iter().map(|d| d.1).max().unwrap_or(1).max(1);
    let label_every = n.div_ceil(MAX_LABELS);
    let plot = CHART_HEIGHT - LABEL_ROOM - COUNT_ROOM;
    let show_counts = n <= 2 * MAX_LABELS;
    let bars = per_decade
        .iter()
        .enumerate()
        .map(|(i, &(decade, count))| {
            let x = i as f64 * BAR_STEP + (BAR_STEP - BAR_WIDTH) / 2.0;
            let height = plot * count as f64 / max as f64;
            let y = COUNT_ROOM + plot - height;
            Bar {
                decade,
                count,
                x,
                y,
                width: BAR_WIDTH,
                height,
                centre_x: x + BAR_WIDTH / 2.0,
                count_y: (show_counts && count > 0).then_some(y - 3.0),
                labelled: i % label_every == 0,
            }
        })
        .collect();
    Some(DecadeChart {
        width: BAR_STEP * n as f64,
        height: CHART_HEIGHT,
        baseline_y: CHART_HEIGHT - LABEL_ROOM,
        label_y: CHART_HEIGHT - 4.0,
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stand_on_the_baseline_scaled_to_the_largest() {
        let chart = decades(&[(1970, 1), (1980, 0), (2000, 4)]).unwrap();
        assert_eq!(chart.width, 120.0);
        let [a, b, c] = chart.bars[..] else { panic!() };
        for bar in [a, b, c] {
            assert!(
                (bar.y + bar.height - chart.baseline_y).abs() < 1e-9,
                "{bar:?}"
            );
            assert!(bar.x >= 0.0 && bar.x + bar.width <= chart.width);
        }
        assert_eq!(c.height, 4.0 * a.height);
        assert_eq!(
            c.y, 14.0,
            "the largest fills the plot under the count's room"
        );
        assert_eq!(b.count_y, None, "no count over an empty bar");
        assert_eq!(a.count_y, Some(a.y - 3.0));
        assert!(chart.bars.iter().all(|b| b.labelled));
        assert_eq!(decades(&[]), None);
    }

    #[test]
    fn many_decades_keep_labels_apart_and_drop_counts() {
        let many: Vec<(i32, usize)> = (0..40).map(|i| (1600 + 10 * i, 1)).collect();
        let chart = decades(&many).unwrap();
        let labelled = chart.bars.iter().filter(|b| b.labelled).count();
        assert!(labelled <= MAX_LABELS, "{labelled}");
        assert!(chart.bars.iter().all(|b| b.count_y.is_none()));
    }
}
