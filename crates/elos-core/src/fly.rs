//! Flying the map from one step's framing to the next: van Wijk & Nuij's "smooth and efficient
//! zooming and panning" (2003), computed as `d3.interpolateZoom` does — out, across, in, along
//! the path that feels shortest — eased like a d3 transition (cubic in-out), never longer than
//! [`MAX_FLIGHT_MS`] and instant when the reader asks for reduced motion.
//!
//! Views are [`RectPx`] in map pixels, the map's `viewBox`; the page sets each frame's view
//! (or moves the painted map with [`RectPx::css_transform_to`]) and draws nothing new.

use std::f64::consts::SQRT_2;

use crate::geo::RectPx;

/// The longest flight: a presenter's next step should not wait on the map.
pub const MAX_FLIGHT_MS: f64 = 1500.0;

/// d3's default curvature, √2 (van Wijk & Nuij's recommended value).
const RHO: f64 = SQRT_2;

/// Below this squared distance (map px²) the centres coincide and only the zoom changes.
const EPSILON2: f64 = 1e-12;

/// The optimal path between two views, over [centre x, centre y, width].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomPath {
    ux0: f64,
    uy0: f64,
    w0: f64,
    dx: f64,
    dy: f64,
    rho: f64,
    /// Path length `S` (d3's, in units where 1 takes a second).
    length: f64,
    /// `Some((d1, r0))` when the centres differ (the general case).
    general: Option<(f64, f64)>,
    /// Height / width at both ends: the same for views of one screen, but a window resized
    /// between steps changes it, so it is interpolated too.
    ratio0: f64,
    ratio1: f64,
}

impl ZoomPath {
    pub fn new(from: RectPx, to: RectPx) -> Self {
        Self::with_rho(
            [centre_x(&from), centre_y(&from), from.width_px],
            [centre_x(&to), centre_y(&to), to.width_px],
            RHO,
        )
        .with_ratios(from.height_px / from.width_px, to.height_px / to.width_px)
    }

    fn with_ratios(self, ratio0: f64, ratio1: f64) -> Self {
        Self {
            ratio0,
            ratio1,
            ..self
        }
    }

    /// d3's `interpolateZoom.rho(rho)(p0, p1)`, with `p = [ux, uy, w]`.
    fn with_rho(p0: [f64; 3], p1: [f64; 3], rho: f64) -> Self {
        let [ux0, uy0, w0] = p0;
        let [ux1, uy1, w1] = p1;
        let (dx, dy) = (ux1 - ux0, uy1 - uy0);
        let d2 = dx * dx + dy * dy;
        let (rho2, rho4) = (rho * rho, rho * rho * rho * rho);
        let (length, general) = if d2 < EPSILON2 {
            ((w1 / w0).ln() / rho, None)
        } else {
            let d1 = d2.sqrt();
            let b0 = (w1 * w1 - w0 * w0 + rho4 * d2) / (2.0 * w0 * rho2 * d1);
            let b1 = (w1 * w1 - w0 * w0 - rho4 * d2) / (2.0 * w1 * rho2 * d1);
            let r0 = ((b0 * b0 + 1.0).sqrt() - b0).ln();
            let r1 = ((b1 * b1 + 1.0).sqrt() - b1).ln();
            ((r1 - r0) / rho, Some((d1, r0)))
        };
        Self {
            ux0,
            uy0,
            w0,
            dx,
            dy,
            rho,
            length,
            general,
            ratio0: 1.0,
            ratio1: 1.0,
        }
    }

    /// [centre x, centre y, width] at `t` (0…1), as d3 returns it.
    fn point(&self, t: f64) -> [f64; 3] {
        let rho = self.rho;
        match self.general {
            None => [
                self.ux0 + t * self.dx,
                self.uy0 + t * self.dy,
                self.w0 * (rho * t * self.length).exp(),
            ],
            Some((d1, r0)) => {
                let s = t * self.length;
                let cosh_r0 = r0.cosh();
                let u = self.w0 / (rho * rho * d1) * (cosh_r0 * (rho * s + r0).tanh() - r0.sinh());
                [
                    self.ux0 + u * self.dx,
                    self.uy0 + u * self.dy,
                    self.w0 * cosh_r0 / (rho * s + r0).cosh(),
                ]
            }
        }
    }

    /// The view at `t` (0…1 along the path, not eased).
    pub fn at(&self, t: f64) -> RectPx {
        let [cx, cy, width_px] = self.point(t);
        let height_px = width_px * (self.ratio0 + t * (self.ratio1 - self.ratio0));
        RectPx {
            x_px: cx - width_px / 2.0,
            y_px: cy - height_px / 2.0,
            width_px,
            height_px,
        }
    }

    /// How long d3 would take, in milliseconds (`S × 1000 × ρ / √2`): proportional to how far
    /// the eye travels, zoom included. (A zoom out has a negative `S` in d3; its length is what
    /// counts.)
    pub fn natural_duration_ms(&self) -> f64 {
        self.length.abs() * 1000.0 * self.rho / SQRT_2
    }
}

fn centre_x(r: &RectPx) -> f64 {
    r.x_px + r.width_px / 2.0
}

fn centre_y(r: &RectPx) -> f64 {
    r.y_px + r.height_px / 2.0
}

/// d3-ease's `easeCubicInOut`, d3-transition's default: starts and lands gently.
pub fn ease_cubic_in_out(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0) * 2.0;
    if t <= 1.0 {
        t * t * t / 2.0
    } else {
        let t = t - 2.0;
        (t * t * t + 2.0) / 2.0
    }
}

/// One flight between two views. The page starts it when the step changes, asks
/// [`at`](Self::at) for the view on each animation frame, and stops when
/// [`is_done`](Self::is_done); a new step mid-flight starts a new flight from the view shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flight {
    path: ZoomPath,
    to: RectPx,
    pub duration_ms: f64,
}

impl Flight {
    /// With `reduced_motion` (`prefers-reduced-motion: reduce`) the flight takes no time: the
    /// first frame is already the destination.
    pub fn new(from: RectPx, to: RectPx, reduced_motion: bool) -> Self {
        let path = ZoomPath::new(from, to);
        let duration_ms = if reduced_motion {
            0.0
        } else {
            path.natural_duration_ms().min(MAX_FLIGHT_MS)
        };
        Self {
            path,
            to,
            duration_ms,
        }
    }

    /// The view `elapsed_ms` after the start; exactly the destination from `duration_ms` on.
    pub fn at(&self, elapsed_ms: f64) -> RectPx {
        if self.is_done(elapsed_ms) {
            return self.to;
        }
        self.path
            .at(ease_cubic_in_out(elapsed_ms.max(0.0) / self.duration_ms))
    }

    pub fn is_done(&self, elapsed_ms: f64) -> bool {
        elapsed_ms >= self.duration_ms
    }

    /// The smallest view holding every view of the flight (sampled finely, then grown by
    /// [`ENVELOPE_MARGIN`]): the page draws the map once for it and moves that picture with a
    /// CSS transform along the flight, which then only ever zooms into what is drawn — a
    /// picture drawn for the start alone would leave empty paper around it as the path zooms
    /// out.
    pub fn envelope(&self) -> RectPx {
        const SAMPLES: u32 = 64;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for i in 0..=SAMPLES {
            let v = self.path.at(f64::from(i) / f64::from(SAMPLES));
            x0 = x0.min(v.x_px);
            y0 = y0.min(v.y_px);
            x1 = x1.max(v.x_px + v.width_px);
            y1 = y1.max(v.y_px + v.height_px);
        }
        let (mx, my) = ((x1 - x0) * ENVELOPE_MARGIN, (y1 - y0) * ENVELOPE_MARGIN);
        RectPx {
            x_px: x0 - mx,
            y_px: y0 - my,
            width_px: x1 - x0 + 2.0 * mx,
            height_px: y1 - y0 + 2.0 * my,
        }
    }
}

/// How much [`Flight::envelope`] grows the sampled views on each side (a share of its size),
/// so the path between two samples stays inside.
pub const ENVELOPE_MARGIN: f64 = 0.02;

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    fn rect(x_px: f64, y_px: f64, width_px: f64, height_px: f64) -> RectPx {
        RectPx {
            x_px,
            y_px,
            width_px,
            height_px,
        }
    }

    /// The expected values are d3-interpolate's own tests (test/zoom-test.js).
    #[test]
    fn matches_d3_interpolate_zoom() {
        let path = |p0: [f64; 3], p1: [f64; 3]| ZoomPath::with_rho(p0, p1, RHO);
        assert!(close(
            path([0.0, 0.0, 1.0], [0.0, 0.0, 1.1]).natural_duration_ms(),
            67.0,
            1.0
        ));
        assert!(close(
            path([0.0, 0.0, 1.0], [0.0, 0.0, 2.0]).natural_duration_ms(),
            490.0,
            1.0
        ));
        assert!(close(
            path([0.0, 0.0, 1.0], [10.0, 0.0, 8.0]).natural_duration_ms(),
            2872.5,
            1.0
        ));
        let near = path(
            [324.68721096803614, 59.43501602433761, 1.8827137399562621],
            [324.6872108946794, 59.43501601062763, 7.399052110984391],
        )
        .point(0.5);
        let expected = [324.68721093135775, 59.43501601748262, 3.7323313186268305];
        for (got, want) in near.iter().zip(expected) {
            assert!(close(*got, want, 1e-12), "{near:?}");
        }
        let curved = ZoomPath::with_rho([0.0, 0.0, 1.0], [10.0, 0.0, 8.0], 2.0);
        let mid = curved.point(0.5);
        assert!(close(mid[0], 1.111, 1e-3) && mid[1] == 0.0 && close(mid[2], 12.885, 1e-3));
        assert_eq!(curved.natural_duration_ms().round(), 3775.0);
    }

    #[test]
    fn starts_and_lands_exactly() {
        let from = rect(100.0, 200.0, 300.0, 168.75);
        let to = rect(700.0, 80.0, 220.0, 123.75);
        let path = ZoomPath::new(from, to);
        for (got, want) in [(path.at(0.0), from), (path.at(1.0), to)] {
            for (g, w) in [
                (got.x_px, want.x_px),
                (got.y_px, want.y_px),
                (got.width_px, want.width_px),
                (got.height_px, want.height_px),
            ] {
                assert!(close(g, w, 1e-9), "{got:?} vs {want:?}");
            }
        }
        let flight = Flight::new(from, to, false);
        assert_eq!(flight.at(flight.duration_ms), to);
        assert_eq!(flight.at(1e9), to);
        let first = flight.at(0.0);
        assert!(close(first.x_px, from.x_px, 1e-9) && close(first.width_px, from.width_px, 1e-9));
    }

    #[test]
    fn a_long_flight_zooms_out_on_the_way_and_takes_at_most_a_second_and_a_half() {
        // Ipatinga's framing to Kitakyushu's, across most of the world map.
        let from = rect(250.0, 280.0, 220.0, 123.75);
        let to = rect(820.0, 120.0, 220.0, 123.75);
        let flight = Flight::new(from, to, false);
        assert!(ZoomPath::new(from, to).natural_duration_ms() > MAX_FLIGHT_MS);
        assert_eq!(flight.duration_ms, MAX_FLIGHT_MS);
        let mid = flight.at(flight.duration_ms / 2.0);
        assert!(mid.width_px > 2.0 * from.width_px, "zoomed out: {mid:?}");
        assert!(close(mid.height_px / mid.width_px, 123.75 / 220.0, 1e-12));
        // The centre only ever moves towards the destination.
        let mut last_x = centre_x(&from);
        for i in 1..=30 {
            let x = centre_x(&flight.at(flight.duration_ms * f64::from(i) / 30.0));
            assert!(x >= last_x - 1e-9, "step {i}: {x} after {last_x}");
            last_x = x;
        }
    }

    #[test]
    fn reduced_motion_lands_at_once_and_a_short_hop_is_short() {
        let from = rect(0.0, 0.0, 1000.0, 562.5);
        let to = rect(300.0, 200.0, 500.0, 281.25);
        let instant = Flight::new(from, to, true);
        assert_eq!(instant.duration_ms, 0.0);
        assert_eq!(instant.at(0.0), to);
        assert!(instant.is_done(0.0));
        let same = Flight::new(to, to, false);
        assert_eq!(
            same.duration_ms, 0.0,
            "no flight to where the map already is"
        );
        let zoom_in = Flight::new(from, rect(250.0, 140.625, 500.0, 281.25), false);
        assert!(
            close(zoom_in.duration_ms, 490.0, 1.0),
            "twice closer, as d3: 490 ms"
        );
    }

    #[test]
    fn a_resized_window_changes_the_shape_smoothly() {
        let from = rect(0.0, 0.0, 400.0, 300.0);
        let to = rect(0.0, 0.0, 400.0, 225.0);
        let mid = ZoomPath::new(from, to).at(0.5);
        assert!(close(
            mid.height_px / mid.width_px,
            (0.75 + 0.5625) / 2.0,
            1e-12
        ));
    }

    #[test]
    fn the_envelope_holds_every_view_of_the_flight() {
        let inside = |outer: RectPx, v: RectPx| {
            v.x_px >= outer.x_px - 1e-9
                && v.y_px >= outer.y_px - 1e-9
                && v.x_px + v.width_px <= outer.x_px + outer.width_px + 1e-9
                && v.y_px + v.height_px <= outer.y_px + outer.height_px + 1e-9
        };
        for (from, to) in [
            (
                rect(250.0, 280.0, 220.0, 123.75),
                rect(820.0, 120.0, 220.0, 123.75),
            ),
            (
                rect(0.0, 0.0, 1000.0, 562.5),
                rect(300.0, 200.0, 500.0, 281.25),
            ),
            (
                rect(300.0, 200.0, 50.0, 28.0),
                rect(300.0, 200.0, 900.0, 506.0),
            ),
        ] {
            let flight = Flight::new(from, to, false);
            let envelope = flight.envelope();
            for i in 0..=1000 {
                let v = flight.at(flight.duration_ms * f64::from(i) / 1000.0);
                assert!(inside(envelope, v), "{v:?} outside {envelope:?}");
            }
            // Not much more than needed: the widest view, grown by the margin.
            let widest = (0..=1000)
                .map(|i| {
                    flight
                        .at(flight.duration_ms * f64::from(i) / 1000.0)
                        .width_px
                })
                .fold(0.0, f64::max);
            assert!(envelope.width_px >= widest);
        }
    }

    #[test]
    fn easing_is_d3s_cubic_in_out() {
        assert_eq!(ease_cubic_in_out(0.0), 0.0);
        assert_eq!(ease_cubic_in_out(0.5), 0.5);
        assert_eq!(ease_cubic_in_out(1.0), 1.0);
        assert!(close(ease_cubic_in_out(0.25), 0.0625, 1e-12));
        assert!(close(ease_cubic_in_out(0.75), 0.9375, 1e-12));
    }
}
