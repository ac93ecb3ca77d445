//! The Equal Earth projection, great-circle arcs and their antimeridian splitting.
//!
//! Country shapes are projected once at build time by d3-geo (`scripts/data/world.mjs`); the
//! page projects only markers and arcs, with these functions, which match d3's to 1e-9 (see the
//! tests against `tests/data/d3_reference.json`).

const A1: f64 = 1.340264;
const A2: f64 = -0.081106;
const A3: f64 = 0.000893;
const A4: f64 = 0.003796;

fn m() -> f64 {
    3f64.sqrt() / 2.0
}

/// Equal Earth of a unit sphere (Šavrič, Patterson & Jenny 2018), y pointing north.
pub fn equal_earth_raw(lambda_rad: f64, phi_rad: f64) -> (f64, f64) {
    let l = (m() * phi_rad.sin()).asin();
    let l2 = l * l;
    let l6 = l2 * l2 * l2;
    (
        lambda_rad * l.cos() / (m() * (A1 + 3.0 * A2 * l2 + l6 * (7.0 * A3 + 9.0 * A4 * l2))),
        l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2)),
    )
}

/// A point in the map's pixel space (y pointing down, as in SVG).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointPx {
    pub x_px: f64,
    pub y_px: f64,
}

/// A projection scaled and translated like d3's `geoEqualEarth().scale(k).translate([tx, ty])`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub scale: f64,
    pub translate_x_px: f64,
    pub translate_y_px: f64,
}

impl Projection {
    pub fn project(&self, lon_deg: f64, lat_deg: f64) -> PointPx {
        let (x, y) = equal_earth_raw(lon_deg.to_radians(), lat_deg.to_radians());
        PointPx {
            x_px: self.translate_x_px + self.scale * x,
            y_px: self.translate_y_px - self.scale * y,
        }
    }
}

/// A position on the globe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    pub lon_deg: f64,
    pub lat_deg: f64,
}

/// The great-circle route between two points, like `d3.geoInterpolate`.
#[derive(Debug, Clone, Copy)]
pub struct GreatCircle {
    from: LonLat,
    k: [f64; 6],
    /// Angular distance in radians.
    pub distance_rad: f64,
}

fn haversin(x: f64) -> f64 {
    let s = (x / 2.0).sin();
    s * s
}

impl GreatCircle {
    pub fn new(from: LonLat, to: LonLat) -> Self {
        let (x0, y0) = (from.lon_deg.to_radians(), from.lat_deg.to_radians());
        let (x1, y1) = (to.lon_deg.to_radians(), to.lat_deg.to_radians());
        let (cy0, sy0, cy1, sy1) = (y0.cos(), y0.sin(), y1.cos(), y1.sin());
        let distance_rad = 2.0
            * (haversin(y1 - y0) + cy0 * cy1 * haversin(x1 - x0))
                .sqrt()
                .min(1.0)
                .asin();
        Self {
            from,
            k: [
                cy0 * x0.cos(),
                cy0 * x0.sin(),
                sy0,
                cy1 * x1.cos(),
                cy1 * x1.sin(),
                sy1,
            ],
            distance_rad,
        }
    }

    /// The point a fraction `t` (0…1) of the way along.
    pub fn at(&self, t: f64) -> LonLat {
        let d = self.distance_rad;
        if d == 0.0 {
            return self.from;
        }
        let s = d.sin();
        let t = t * d;
        let b = t.sin() / s;
        let a = (d - t).sin() / s;
        let [kx0, ky0, sy0, kx1, ky1, sy1] = self.k;
        let x = a * kx0 + b * kx1;
        let y = a * ky0 + b * ky1;
        let z = a * sy0 + b * sy1;
        LonLat {
            lon_deg: y.atan2(x).to_degrees(),
            lat_deg: z.atan2((x * x + y * y).sqrt()).to_degrees(),
        }
    }

    /// Points along the route, about every `step_deg` degrees (at least `min_points`).
    pub fn sample(&self, step_deg: f64, min_points: usize) -> Vec<LonLat> {
        let n = ((self.distance_rad.to_degrees() / step_deg).ceil() as usize).max(min_points - 1);
        (0..=n).map(|i| self.at(i as f64 / n as f64)).collect()
    }
}

/// Cuts a line of points wherever it crosses the antimeridian, adding the crossing point on
/// both sides, so no segment streaks across the whole map.
pub fn split_at_antimeridian(points: &[LonLat]) -> Vec<Vec<LonLat>> {
    let mut parts: Vec<Vec<LonLat>> = Vec::new();
    let mut current: Vec<LonLat> = Vec::new();
    for &p in points {
        if let Some(&prev) = current.last() {
            let delta = p.lon_deg - prev.lon_deg;
            if delta.abs() > 180.0 {
                // Unwrap p next to prev, find where the segment meets ±180°.
                let edge = if prev.lon_deg > 0.0 { 180.0 } else { -180.0 };
                let unwrapped = p.lon_deg + if delta < 0.0 { 360.0 } else { -360.0 };
                let t = (edge - prev.lon_deg) / (unwrapped - prev.lon_deg);
                let lat = prev.lat_deg + t * (p.lat_deg - prev.lat_deg);
                current.push(LonLat {
                    lon_deg: edge,
                    lat_deg: lat,
                });
                parts.push(std::mem::take(&mut current));
                current.push(LonLat {
                    lon_deg: -edge,
                    lat_deg: lat,
                });
            }
        }
        current.push(p);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// Below this chord length (map pixels) an arc is drawn as a gentle curve instead of its
/// great circle, which between near cities is an almost invisible straight stub.
pub const SHORT_ARC_PX: f64 = 40.0;
/// The least bulge of a short arc (map pixels), so cities a few kilometres apart, or a city and
/// a body headquartered in it, still get a visible curve rather than a zero-length line.
pub const MIN_BULGE_PX: f64 = 2.0;
/// A short arc bulges by this fraction of its chord, or [`MIN_BULGE_PX`] if that is more.
const BULGE_RATIO: f64 = 0.25;

/// The control point of the quadratic curve drawn for a short arc from `p0` to `p1`: on the
/// chord's perpendicular bisector, on the northern side (arcs bow upwards on the map, like the
/// great circles of the northern hemisphere), twice the bulge away, since a quadratic curve
/// reaches half-way to its control point. `None` when the two points coincide.
pub fn short_arc_control(p0: PointPx, p1: PointPx) -> Option<PointPx> {
    let (dx, dy) = (p1.x_px - p0.x_px, p1.y_px - p0.y_px);
    let chord_px = (dx * dx + dy * dy).sqrt();
    if chord_px < 1e-6 {
        return None;
    }
    let bulge_px = (chord_px * BULGE_RATIO).max(MIN_BULGE_PX);
    // A unit normal, turned to point north (negative y in SVG).
    let (mut nx, mut ny) = (-dy / chord_px, dx / chord_px);
    if ny > 0.0 || (ny == 0.0 && nx > 0.0) {
        (nx, ny) = (-nx, -ny);
    }
    Some(PointPx {
        x_px: (p0.x_px + p1.x_px) / 2.0 + 2.0 * bulge_px * nx,
        y_px: (p0.y_px + p1.y_px) / 2.0 + 2.0 * bulge_px * ny,
    })
}

fn push_point(d: &mut String, command: char, p: PointPx) {
    d.push(command);
    d.push_str(&crate::num::fixed(p.x_px, 1));
    d.push(',');
    d.push_str(&crate::num::fixed(p.y_px, 1));
}

/// An SVG path of the arc between two places, coordinates rounded to 0.1 px: the great circle
/// (`M…L…`, split at the antimeridian) for far places; for near ones, whose great circle would
/// be a stub, a quadratic curve (`M…Q…`) bulging by at least [`MIN_BULGE_PX`]; for one place
/// (a body headquartered in the home city), a small loop above it.
pub fn arc_path(projection: &Projection, from: LonLat, to: LonLat) -> String {
    let mut d = String::new();
    let p0 = projection.project(from.lon_deg, from.lat_deg);
    let p1 = projection.project(to.lon_deg, to.lat_deg);
    let chord_px = (p1.x_px - p0.x_px).hypot(p1.y_px - p0.y_px);
    let route = GreatCircle::new(from, to);
    // Far apart on the globe but near on the map cannot happen away from the antimeridian, so a
    // short chord with a long route (across 180°) keeps its great circle.
    if chord_px < SHORT_ARC_PX && route.distance_rad < 0.5 {
        push_point(&mut d, 'M', p0);
        match short_arc_control(p0, p1) {
            Some(c) => {
                push_point(&mut d, 'Q', c);
                d.push(' ');
                d.push_str(&crate::num::fixed(p1.x_px, 1));
                d.push(',');
                d.push_str(&crate::num::fixed(p1.y_px, 1));
            }
            None => {
                let r = 2.0 * MIN_BULGE_PX;
                let at = |dx: f64, dy: f64| PointPx {
                    x_px: p0.x_px + dx,
                    y_px: p0.y_px + dy,
                };
                push_point(&mut d, 'C', at(-r, -2.0 * r));
                for p in [at(r, -2.0 * r), p0] {
                    d.push(' ');
                    d.push_str(&crate::num::fixed(p.x_px, 1));
                    d.push(',');
                    d.push_str(&crate::num::fixed(p.y_px, 1));
                }
            }
        }
        return d;
    }
    let points = route.sample(2.0, 12);
    for part in split_at_antimeridian(&points) {
        for (i, p) in part.iter().enumerate() {
            push_point(
                &mut d,
                if i == 0 { 'M' } else { 'L' },
                projection.project(p.lon_deg, p.lat_deg),
            );
        }
    }
    d
}

/// A rectangle in map pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectPx {
    pub x_px: f64,
    pub y_px: f64,
    pub width_px: f64,
    pub height_px: f64,
}

/// The smallest rectangle holding `points`, grown by `margin_px` and to at least
/// `min_width_px` wide, then widened or heightened to `aspect` (width / height) and kept inside
/// `bounds`. Used to open the map on a city's links instead of the whole ocean.
pub fn fit(
    points: &[PointPx],
    margin_px: f64,
    min_width_px: f64,
    aspect: f64,
    bounds: RectPx,
) -> RectPx {
    if points.is_empty() {
        return bounds;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points {
        x0 = x0.min(p.x_px);
        y0 = y0.min(p.y_px);
        x1 = x1.max(p.x_px);
        y1 = y1.max(p.y_px);
    }
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut w = (x1 - x0 + 2.0 * margin_px).max(min_width_px);
    let mut h = y1 - y0 + 2.0 * margin_px;
    if w / h < aspect {
        w = h * aspect;
    } else {
        h = w / aspect;
    }
    if w > bounds.width_px || h > bounds.height_px {
        let k = (bounds.width_px / w).min(bounds.height_px / h).min(1.0);
        if k < 1.0 {
            // Too big to fit: show as much as the bounds allow at the same aspect.
            w = (w * k).max(bounds.width_px.min(bounds.height_px * aspect));
            h = w / aspect;
        }
    }
    let x = (cx - w / 2.0).clamp(
        bounds.x_px,
        (bounds.x_px + bounds.width_px - w).max(bounds.x_px),
    );
    let y = (cy - h / 2.0).clamp(
        bounds.y_px.min(bounds.y_px + bounds.height_px - h),
        bounds.y_px.max(bounds.y_px + bounds.height_px - h),
    );
    RectPx {
        x_px: x,
        y_px: y,
        width_px: w,
        height_px: h,
    }
}

impl RectPx {
    /// Zooms by `factor` (> 1 zooms in) keeping the point at fractions (`anchor_fx`,
    /// `anchor_fy`) of the view still, within `min_width_px` and the `bounds`' width.
    pub fn zoomed(
        &self,
        factor: f64,
        anchor_fx: f64,
        anchor_fy: f64,
        min_width_px: f64,
        bounds: &RectPx,
    ) -> RectPx {
        let width_px = (self.width_px / factor).clamp(min_width_px, bounds.width_px);
        let height_px = width_px * self.height_px / self.width_px;
        let ax = self.x_px + anchor_fx * self.width_px;
        let ay = self.y_px + anchor_fy * self.height_px;
        RectPx {
            x_px: ax - anchor_fx * width_px,
            y_px: ay - anchor_fy * height_px,
            width_px,
            height_px,
        }
        .clamped(bounds)
    }

    /// The CSS transform that makes an SVG drawn with this `viewBox` look as if it were drawn
    /// with `target`: `(scale, translate_x_px, translate_y_px)`, to apply with
    /// `transform-origin: 0 0` as `translate(tx, ty) scale(k)`, for an SVG box of `box_w_px` ×
    /// `box_h_px` CSS pixels with `preserveAspectRatio="xMidYMid meet"`. A gesture shows its
    /// progress this way, moving an already painted picture, and sets the `viewBox` (one
    /// repaint) when it ends.
    pub fn css_transform_to(
        &self,
        target: &RectPx,
        box_w_px: f64,
        box_h_px: f64,
    ) -> (f64, f64, f64) {
        // Map units per CSS pixel, and where the drawing starts inside the box.
        let fit = |r: &RectPx| {
            let upp = (r.width_px / box_w_px.max(1.0)).max(r.height_px / box_h_px.max(1.0));
            let ox = (box_w_px - r.width_px / upp) / 2.0;
            let oy = (box_h_px - r.height_px / upp) / 2.0;
            (upp, ox, oy)
        };
        let (u_s, ox_s, oy_s) = fit(self);
        let (u_t, ox_t, oy_t) = fit(target);
        let k = u_s / u_t;
        (
            k,
            ox_t + (self.x_px - target.x_px) / u_t - k * ox_s,
            oy_t + (self.y_px - target.y_px) / u_t - k * oy_s,
        )
    }

    /// Moves by (`dx_px`, `dy_px`) map pixels, never further than the view's centre can leave
    /// the bounds.
    pub fn panned(&self, dx_px: f64, dy_px: f64, bounds: &RectPx) -> RectPx {
        RectPx {
            x_px: self.x_px + dx_px,
            y_px: self.y_px + dy_px,
            ..*self
        }
        .clamped(bounds)
    }

    /// Keeps the view's centre inside the bounds, so the map can never be lost off-screen.
    pub fn clamped(&self, bounds: &RectPx) -> RectPx {
        let cx =
            (self.x_px + self.width_px / 2.0).clamp(bounds.x_px, bounds.x_px + bounds.width_px);
        let cy =
            (self.y_px + self.height_px / 2.0).clamp(bounds.y_px, bounds.y_px + bounds.height_px);
        RectPx {
            x_px: cx - self.width_px / 2.0,
            y_px: cy - self.height_px / 2.0,
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    /// Where a map point lands on screen for a viewBox, as the browser draws it.
    fn on_screen(r: &RectPx, x: f64, y: f64, w: f64, h: f64) -> (f64, f64) {
        let upp = (r.width_px / w).max(r.height_px / h);
        let ox = (w - r.width_px / upp) / 2.0;
        let oy = (h - r.height_px / upp) / 2.0;
        ((x - r.x_px) / upp + ox, (y - r.y_px) / upp + oy)
    }

    #[test]
    fn a_css_transform_shows_the_target_view() {
        let (w, h) = (800.0, 390.0);
        let start = RectPx {
            x_px: 100.0,
            y_px: 50.0,
            width_px: 500.0,
            height_px: 243.5,
        };
        let bounds = RectPx {
            x_px: 0.0,
            y_px: 0.0,
            width_px: 1000.0,
            height_px: 487.0,
        };
        for target in [
            start.panned(-40.0, 25.0, &bounds),
            start.zoomed(1.7, 0.3, 0.6, 20.0, &bounds),
            start.zoomed(0.6, 0.8, 0.1, 20.0, &bounds),
            // Another aspect ratio: letterboxed differently.
            RectPx {
                x_px: 300.0,
                y_px: 100.0,
                width_px: 100.0,
                height_px: 200.0,
            },
        ] {
            let (k, tx, ty) = start.css_transform_to(&target, w, h);
            for (x, y) in [(120.0, 60.0), (450.0, 200.0), (333.0, 111.0)] {
                let (sx, sy) = on_screen(&start, x, y, w, h);
                let (ex, ey) = on_screen(&target, x, y, w, h);
                assert!((k * sx + tx - ex).abs() < 1e-9, "{target:?} x");
                assert!((k * sy + ty - ey).abs() < 1e-9, "{target:?} y");
            }
        }
        assert_eq!(start.css_transform_to(&start, w, h), (1.0, 0.0, 0.0));
    }

    use super::*;
    use std::f64::consts::PI;

    fn ll(lon_deg: f64, lat_deg: f64) -> LonLat {
        LonLat { lon_deg, lat_deg }
    }

    #[test]
    fn equal_earth_is_symmetric_and_bounded() {
        let (x, y) = equal_earth_raw(0.0, 0.0);
        assert_eq!((x, y), (0.0, 0.0));
        let (xe, _) = equal_earth_raw(PI, 0.0);
        let (xw, _) = equal_earth_raw(-PI, 0.0);
        assert!((xe + xw).abs() < 1e-12);
        let (_, yn) = equal_earth_raw(0.0, PI / 2.0);
        let (_, ys) = equal_earth_raw(0.0, -PI / 2.0);
        assert!((yn + ys).abs() < 1e-12 && yn > 1.3);
    }

    #[test]
    fn great_circle_endpoints_and_midpoint() {
        let gc = GreatCircle::new(ll(0.0, 0.0), ll(90.0, 0.0));
        let mid = gc.at(0.5);
        assert!((mid.lon_deg - 45.0).abs() < 1e-9 && mid.lat_deg.abs() < 1e-9);
        assert!((gc.distance_rad - PI / 2.0).abs() < 1e-12);
        let same = GreatCircle::new(ll(10.0, 10.0), ll(10.0, 10.0));
        assert_eq!(same.at(0.3), ll(10.0, 10.0));
        // A route along a meridian over the pole goes through the pole.
        let polar = GreatCircle::new(ll(0.0, 80.0), ll(180.0, 80.0)).at(0.5);
        assert!((polar.lat_deg - 90.0).abs() < 1e-6);
    }

    #[test]
    fn pacific_route_splits_cleanly_at_the_antimeridian() {
        // Tokyo → Los Angeles crosses 180°.
        let route = GreatCircle::new(ll(139.69, 35.69), ll(-118.24, 34.05)).sample(2.0, 12);
        let parts = split_at_antimeridian(&route);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap().lon_deg, 180.0);
        assert_eq!(parts[1][0].lon_deg, -180.0);
        assert_eq!(parts[0].last().unwrap().lat_deg, parts[1][0].lat_deg);
        for part in &parts {
            for w in part.windows(2) {
                assert!(
                    (w[1].lon_deg - w[0].lon_deg).abs() < 10.0,
                    "no jump inside a part"
                );
            }
        }
        // The route bows north, as a great circle does.
        assert!(parts[0].last().unwrap().lat_deg > 45.0);
        let proj = Projection {
            scale: 100.0,
            translate_x_px: 500.0,
            translate_y_px: 250.0,
        };
        let d = arc_path(&proj, ll(139.69, 35.69), ll(-118.24, 34.05));
        assert_eq!(d.matches('M').count(), 2);
    }

    #[test]
    fn atlantic_route_is_one_part() {
        let route = GreatCircle::new(ll(-42.54, -19.47), ll(-71.55, 42.35)).sample(2.0, 12);
        assert_eq!(split_at_antimeridian(&route).len(), 1);
    }

    /// The numbers of an SVG path, in order.
    fn path_numbers(d: &str) -> Vec<f64> {
        d.split(|c: char| c.is_ascii_alphabetic() || c == ',' || c == ' ')
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().unwrap())
            .collect()
    }

    const WORLD: Projection = Projection {
        // public/world.json's numbers.
        scale: 184.73,
        translate_x_px: 500.0,
        translate_y_px: 243.36,
    };

    #[test]
    fn near_cities_get_a_visible_curve() {
        // Belo Horizonte – Ipatinga: ~200 km, a few map pixels apart.
        let (bh, ipatinga) = (ll(-43.94, -19.92), ll(-42.54, -19.47));
        let d = arc_path(&WORLD, bh, ipatinga);
        assert!(
            d.contains('Q') && !d.contains('L'),
            "a quadratic curve: {d}"
        );
        let n = path_numbers(&d);
        let (p0, c, p1) = ((n[0], n[1]), (n[2], n[3]), (n[4], n[5]));
        let chord = (p1.0 - p0.0).hypot(p1.1 - p0.1);
        assert!(chord > 1.0 && chord < SHORT_ARC_PX, "chord {chord}");
        // The curve's farthest point from the chord is half-way to the control point.
        let mid = ((p0.0 + p1.0) / 2.0, (p0.1 + p1.1) / 2.0);
        let bulge = (c.0 - mid.0).hypot(c.1 - mid.1) / 2.0;
        assert!(bulge >= MIN_BULGE_PX - 0.1, "bulge {bulge}");
        assert!(
            bulge <= chord,
            "gentle, not a loop: bulge {bulge}, chord {chord}"
        );
        assert!(c.1 < mid.1, "bows north (up)");
        // Either direction bows the same way.
        let back = path_numbers(&arc_path(&WORLD, ipatinga, bh));
        assert!(back[3] < mid.1);
    }

    #[test]
    fn short_arc_bulge_has_a_minimum_and_grows_with_the_chord() {
        let p = |x_px, y_px| PointPx { x_px, y_px };
        let offset = |a: PointPx, b: PointPx| {
            let c = short_arc_control(a, b).unwrap();
            ((c.x_px - (a.x_px + b.x_px) / 2.0).hypot(c.y_px - (a.y_px + b.y_px) / 2.0)) / 2.0
        };
        assert!((offset(p(0.0, 0.0), p(0.5, 0.0)) - MIN_BULGE_PX).abs() < 1e-9);
        assert!((offset(p(0.0, 0.0), p(30.0, 0.0)) - 7.5).abs() < 1e-9);
        // A vertical chord bulges sideways, never into NaN.
        let c = short_arc_control(p(10.0, 0.0), p(10.0, 20.0)).unwrap();
        assert!(c.x_px.is_finite() && (c.x_px - 10.0).abs() > 1.0);
        assert_eq!(short_arc_control(p(1.0, 1.0), p(1.0, 1.0)), None);
    }

    #[test]
    fn the_same_place_twice_is_a_small_loop_not_a_zero_length_line() {
        let d = arc_path(&WORLD, ll(-43.94, -19.92), ll(-43.94, -19.92));
        assert!(d.contains('C'), "{d}");
        let n = path_numbers(&d);
        let ys: Vec<f64> = n.iter().skip(1).step_by(2).copied().collect();
        let height = ys.iter().cloned().fold(f64::MIN, f64::max)
            - ys.iter().cloned().fold(f64::MAX, f64::min);
        assert!(height >= 2.0 * MIN_BULGE_PX, "{d}");
        assert_eq!(
            (n[0], n[1]),
            (n[n.len() - 2], n[n.len() - 1]),
            "ends where it starts"
        );
    }

    #[test]
    fn far_cities_keep_their_great_circle() {
        let d = arc_path(&WORLD, ll(-42.54, -19.47), ll(130.88, 33.88));
        assert!(d.contains('L') && !d.contains('Q'));
    }

    #[test]
    fn zoom_keeps_the_anchor_still_and_pan_stays_in_bounds() {
        let bounds = RectPx {
            x_px: 0.0,
            y_px: 0.0,
            width_px: 1000.0,
            height_px: 500.0,
        };
        let z = bounds.zoomed(2.0, 0.25, 0.5, 20.0, &bounds);
        assert_eq!((z.width_px, z.height_px), (500.0, 250.0));
        assert!(
            (z.x_px + 0.25 * z.width_px - 250.0).abs() < 1e-9,
            "anchor stays at x = 250"
        );
        let out = z.zoomed(0.1, 0.5, 0.5, 20.0, &bounds);
        assert_eq!(out.width_px, 1000.0, "cannot zoom out past the whole map");
        let tiny = z.zoomed(1000.0, 0.5, 0.5, 20.0, &bounds);
        assert_eq!(tiny.width_px, 20.0, "nor in past the minimum");
        let far = z.panned(10_000.0, 0.0, &bounds);
        assert_eq!(
            far.x_px + far.width_px / 2.0,
            1000.0,
            "centre stays on the map"
        );
    }

    #[test]
    fn fit_keeps_aspect_and_bounds() {
        let bounds = RectPx {
            x_px: 0.0,
            y_px: 0.0,
            width_px: 1000.0,
            height_px: 500.0,
        };
        let pts = [
            PointPx {
                x_px: 300.0,
                y_px: 300.0,
            },
            PointPx {
                x_px: 320.0,
                y_px: 310.0,
            },
        ];
        let r = fit(&pts, 10.0, 200.0, 2.0, bounds);
        assert!((r.width_px / r.height_px - 2.0).abs() < 1e-9);
        assert!(r.width_px >= 200.0);
        assert!(r.x_px <= 300.0 && r.x_px + r.width_px >= 320.0);
        let all = fit(
            &[
                PointPx {
                    x_px: 0.0,
                    y_px: 0.0,
                },
                PointPx {
                    x_px: 1000.0,
                    y_px: 500.0,
                },
            ],
            10.0,
            0.0,
            2.0,
            bounds,
        );
        assert!(all.width_px <= 1000.0 + 1e-9);
    }
}
