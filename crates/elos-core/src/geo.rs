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

/// The world map's projection: Equal Earth fitted so the whole sphere is 1000 px wide, as
/// `scripts/data/world.mjs` projects the country shapes of `public/world.svg` (a test checks
/// that the two agree, and both against d3-geo's own numbers).
pub const WORLD_PROJECTION: Projection = Projection {
    scale: 184.73156767339816,
    translate_x_px: 500.0,
    translate_y_px: 243.35848769370224,
};
/// The projected sphere's width and height, map pixels.
pub const WORLD_WIDTH_PX: f64 = 1000.0;
pub const WORLD_HEIGHT_PX: f64 = 487.0;
/// Room kept above the north pole line and below the south one: Equal Earth draws the poles as
/// flat lines, and a route over the pole runs along them; at the frame's very edge it would
/// read as cut off.
pub const WORLD_MARGIN_PX: f64 = 18.0;

/// Everything the map can show, in map pixels: the sphere and its margins.
pub fn world_bounds() -> RectPx {
    RectPx {
        x_px: 0.0,
        y_px: -WORLD_MARGIN_PX,
        width_px: WORLD_WIDTH_PX,
        height_px: WORLD_HEIGHT_PX + 2.0 * WORLD_MARGIN_PX,
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

/// A part of the map (`view`, map pixels) drawn in a box of `box_width_px` × `box_height_px`
/// CSS pixels, letterboxed as SVG's `preserveAspectRatio="xMidYMid meet"` does: the one place
/// that turns screen positions into map positions and back, so gestures, labels, hit-testing
/// and the CSS transform of a gesture in progress all agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub view: RectPx,
    pub box_width_px: f64,
    pub box_height_px: f64,
}

impl Viewport {
    /// A box narrower than a pixel (a map laid out while hidden) counts as one pixel, so no
    /// division here ever gives infinity.
    pub fn new(view: RectPx, box_width_px: f64, box_height_px: f64) -> Self {
        Viewport {
            view,
            box_width_px: box_width_px.max(1.0),
            box_height_px: box_height_px.max(1.0),
        }
    }

    /// Map pixels per CSS pixel: the view fits the box in both directions.
    pub fn map_units_per_px(&self) -> f64 {
        (self.view.width_px / self.box_width_px).max(self.view.height_px / self.box_height_px)
    }

    /// Where the view's top-left corner is drawn inside the box (the letterbox margins).
    fn offset_px(&self) -> (f64, f64) {
        let upp = self.map_units_per_px();
        (
            (self.box_width_px - self.view.width_px / upp) / 2.0,
            (self.box_height_px - self.view.height_px / upp) / 2.0,
        )
    }

    /// A map point's position in the box, in CSS pixels from its top-left corner.
    pub fn screen_from_map(&self, p: PointPx) -> (f64, f64) {
        let upp = self.map_units_per_px();
        let (ox, oy) = self.offset_px();
        (
            ox + (p.x_px - self.view.x_px) / upp,
            oy + (p.y_px - self.view.y_px) / upp,
        )
    }

    /// The map point drawn at (`x_px`, `y_px`) CSS pixels from the box's top-left corner.
    pub fn map_from_screen(&self, x_px: f64, y_px: f64) -> PointPx {
        let upp = self.map_units_per_px();
        let (ox, oy) = self.offset_px();
        PointPx {
            x_px: self.view.x_px + (x_px - ox) * upp,
            y_px: self.view.y_px + (y_px - oy) * upp,
        }
    }

    /// A screen point as fractions of the view's width and height (the anchor that
    /// [`RectPx::zoomed`] keeps still); outside 0…1 in the letterbox margins.
    pub fn view_fractions(&self, x_px: f64, y_px: f64) -> (f64, f64) {
        let p = self.map_from_screen(x_px, y_px);
        (
            (p.x_px - self.view.x_px) / self.view.width_px,
            (p.y_px - self.view.y_px) / self.view.height_px,
        )
    }

    /// Everything the box shows, letterbox margins included, in map pixels.
    pub fn visible(&self) -> RectPx {
        let top_left = self.map_from_screen(0.0, 0.0);
        let upp = self.map_units_per_px();
        RectPx {
            x_px: top_left.x_px,
            y_px: top_left.y_px,
            width_px: self.box_width_px * upp,
            height_px: self.box_height_px * upp,
        }
    }

    /// The same box showing `view` instead.
    pub fn with_view(&self, view: RectPx) -> Viewport {
        Viewport { view, ..*self }
    }

    /// The CSS transform (`scale`, `translate_x_px`, `translate_y_px`, applied with
    /// `transform-origin: 0 0` as `translate(tx, ty) scale(k)`) that makes the box, drawn with
    /// this view, look as if it were drawn with `target`. A gesture shows its progress this
    /// way, moving an already painted picture, and sets the view (one repaint) when it ends.
    pub fn css_transform_to(&self, target: &RectPx) -> (f64, f64, f64) {
        let to = self.with_view(*target);
        let k = self.map_units_per_px() / to.map_units_per_px();
        // The map's origin must land where `to` draws it.
        let (sx, sy) = self.screen_from_map(PointPx {
            x_px: 0.0,
            y_px: 0.0,
        });
        let (ex, ey) = to.screen_from_map(PointPx {
            x_px: 0.0,
            y_px: 0.0,
        });
        (k, ex - k * sx, ey - k * sy)
    }
}

/// A pointer must move this far (|dx| + |dy|, CSS pixels) before a press is a drag rather
/// than a click.
pub const DRAG_THRESHOLD_PX: f64 = 4.0;

/// Whether a press that moved from `from` to `to` (CSS pixels) is a drag.
pub fn is_drag(from: (f64, f64), to: (f64, f64)) -> bool {
    (to.0 - from.0).abs() + (to.1 - from.1).abs() >= DRAG_THRESHOLD_PX
}

/// A box's width over its height, or the world's while the box has no size yet (a map laid
/// out while hidden).
pub fn box_aspect(box_width_px: f64, box_height_px: f64) -> f64 {
    if box_width_px > 1.0 && box_height_px > 1.0 {
        box_width_px / box_height_px
    } else {
        let world = world_bounds();
        world.width_px / world.height_px
    }
}

/// Where an element's content box is on screen (client CSS pixels): the one place that turns
/// a pointer's client position into the element's own pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenBox {
    pub left_px: f64,
    pub top_px: f64,
}

impl ScreenBox {
    /// The content box of an element whose border box is at (`left_px`, `top_px`), inside
    /// borders `border_left_px` and `border_top_px` wide.
    pub fn content(left_px: f64, top_px: f64, border_left_px: f64, border_top_px: f64) -> Self {
        ScreenBox {
            left_px: left_px + border_left_px,
            top_px: top_px + border_top_px,
        }
    }

    /// A client point in the box's pixels.
    pub fn local(self, client_x_px: f64, client_y_px: f64) -> (f64, f64) {
        (client_x_px - self.left_px, client_y_px - self.top_px)
    }
}

/// Two fingers on the screen (client CSS pixels): their centre and how far apart they are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pinch {
    pub x_px: f64,
    pub y_px: f64,
    pub spread_px: f64,
}

impl Pinch {
    pub fn of(a: (f64, f64), b: (f64, f64)) -> Pinch {
        Pinch {
            x_px: (a.0 + b.0) / 2.0,
            y_px: (a.1 + b.1) / 2.0,
            spread_px: (b.0 - a.0).hypot(b.1 - a.1),
        }
    }
}

/// A tooltip's placement for a point in a box: `fraction_x` of its own width to shift left (the
/// point's share of the box's width, so it never leaves the box sideways), and `below` when
/// the point is too near the top for the tooltip to fit above.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TipPlacement {
    pub fraction_x: f64,
    pub below: bool,
}

/// Room a tooltip needs above its point.
pub const TIP_ROOM_ABOVE_PX: f64 = 110.0;

impl TipPlacement {
    pub fn at(x_px: f64, y_px: f64, box_width_px: f64) -> TipPlacement {
        TipPlacement {
            fraction_x: (x_px / box_width_px.max(1.0)).clamp(0.0, 1.0),
            below: y_px < TIP_ROOM_ABOVE_PX,
        }
    }
}

impl RectPx {
    /// Whether this view shows the map closer than `other` (by more than half a map pixel of
    /// width, so that rounding is not a zoom).
    pub fn closer_than(&self, other: &RectPx) -> bool {
        self.width_px < other.width_px - 0.5
    }

    /// Moves by fractions of its own width and height (a key press or a button).
    pub fn panned_by_fraction(&self, fx: f64, fy: f64, bounds: &RectPx) -> RectPx {
        self.panned(fx * self.width_px, fy * self.height_px, bounds)
    }
}

impl Viewport {
    /// The view after the picture was dragged from `from` to `to` (CSS pixels): the map
    /// follows the pointer.
    pub fn dragged(&self, from: (f64, f64), to: (f64, f64), bounds: &RectPx) -> RectPx {
        let upp = self.map_units_per_px();
        self.view
            .panned((from.0 - to.0) * upp, (from.1 - to.1) * upp, bounds)
    }

    /// The view after two fingers moved from `before` to `now` (client pixels; `now_in_box`
    /// is `now`'s centre in the box): the map follows the fingers' centre, then scales about
    /// it by how much they spread.
    pub fn pinched(
        &self,
        before: Pinch,
        now: Pinch,
        now_in_box: (f64, f64),
        min_width_px: f64,
        bounds: &RectPx,
    ) -> RectPx {
        let moved =
            self.with_view(self.dragged((before.x_px, before.y_px), (now.x_px, now.y_px), bounds));
        let (fx, fy) = moved.view_fractions(now_in_box.0, now_in_box.1);
        let factor = if before.spread_px > 1.0 {
            now.spread_px / before.spread_px
        } else {
            1.0
        };
        moved.view.zoomed(factor, fx, fy, min_width_px, bounds)
    }

    /// The view that brings map point `at` inside the box with `margin_px` to spare (at most a
    /// quarter of the box), moving as little as needed; `None` when it already is.
    pub fn keeping_in_view(&self, at: PointPx, margin_px: f64, bounds: &RectPx) -> Option<RectPx> {
        let (x, y) = self.screen_from_map(at);
        let (w, h) = (self.box_width_px, self.box_height_px);
        let margin = margin_px.min(w / 4.0).min(h / 4.0);
        let push = |v: f64, size: f64| {
            if v < margin {
                v - margin
            } else if v > size - margin {
                v - (size - margin)
            } else {
                0.0
            }
        };
        let (dx, dy) = (push(x, w), push(y, h));
        (dx != 0.0 || dy != 0.0).then(|| self.dragged((x, y), (x - dx, y - dy), bounds))
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
            let (k, tx, ty) = Viewport::new(start, w, h).css_transform_to(&target);
            for (x, y) in [(120.0, 60.0), (450.0, 200.0), (333.0, 111.0)] {
                let (sx, sy) = on_screen(&start, x, y, w, h);
                let (ex, ey) = on_screen(&target, x, y, w, h);
                assert!((k * sx + tx - ex).abs() < 1e-9, "{target:?} x");
                assert!((k * sy + ty - ey).abs() < 1e-9, "{target:?} y");
            }
        }
        assert_eq!(
            Viewport::new(start, w, h).css_transform_to(&start),
            (1.0, 0.0, 0.0)
        );
    }

    /// Asserts a viewport and its inverse together, as d3-geo's tests assert a projection:
    /// `screen_from_map(map) ≈ screen` and `map_from_screen(screen) ≈ map`.
    fn assert_viewport_maps(v: &Viewport, map: (f64, f64), screen: (f64, f64)) {
        let (sx, sy) = v.screen_from_map(PointPx {
            x_px: map.0,
            y_px: map.1,
        });
        assert!(
            (sx - screen.0).abs() < 1e-9 && (sy - screen.1).abs() < 1e-9,
            "{v:?}: map {map:?} → screen ({sx}, {sy}), expected {screen:?}"
        );
        let back = v.map_from_screen(screen.0, screen.1);
        assert!(
            (back.x_px - map.0).abs() < 1e-9 && (back.y_px - map.1).abs() < 1e-9,
            "{v:?}: screen {screen:?} → map {back:?}, expected {map:?}"
        );
    }

    #[test]
    fn viewport_maps_both_ways_with_letterboxing() {
        let world = RectPx {
            x_px: 0.0,
            y_px: 0.0,
            width_px: 1000.0,
            height_px: 500.0,
        };
        // A box of the same aspect: 2 map px per CSS px, no margins.
        let same = Viewport::new(world, 500.0, 250.0);
        assert_eq!(same.map_units_per_px(), 2.0);
        assert_viewport_maps(&same, (0.0, 0.0), (0.0, 0.0));
        assert_viewport_maps(&same, (1000.0, 500.0), (500.0, 250.0));
        // A tall box (a phone held upright): the map is centred with margins above and below.
        let tall = Viewport::new(world, 400.0, 600.0);
        assert_eq!(tall.map_units_per_px(), 2.5);
        assert_viewport_maps(&tall, (0.0, 0.0), (0.0, 200.0));
        assert_viewport_maps(&tall, (500.0, 250.0), (200.0, 300.0));
        assert_viewport_maps(&tall, (0.0, -500.0), (0.0, 0.0));
        // A short, wide box (a laptop's landscape strip): margins left and right; the scale
        // comes from the height, not the width.
        let short = Viewport::new(world, 1600.0, 200.0);
        assert_eq!(short.map_units_per_px(), 2.5);
        assert_viewport_maps(&short, (0.0, 0.0), (600.0, 0.0));
        assert_viewport_maps(&short, (1000.0, 500.0), (1000.0, 200.0));
        // A zoomed view.
        let zoomed = Viewport::new(
            RectPx {
                x_px: 300.0,
                y_px: 100.0,
                width_px: 100.0,
                height_px: 50.0,
            },
            800.0,
            400.0,
        );
        assert_eq!(zoomed.map_units_per_px(), 0.125);
        assert_viewport_maps(&zoomed, (350.0, 125.0), (400.0, 200.0));
        assert_eq!(short.view_fractions(1000.0, 200.0), (1.0, 1.0));
        assert_eq!(short.view_fractions(0.0, 0.0), (-1.5, 0.0));
        let seen = tall.visible();
        assert_eq!(
            (seen.x_px, seen.y_px, seen.width_px, seen.height_px),
            (0.0, -500.0, 1000.0, 1500.0)
        );
    }

    #[test]
    fn a_hidden_box_never_divides_by_zero() {
        let v = Viewport::new(
            RectPx {
                x_px: 0.0,
                y_px: 0.0,
                width_px: 1000.0,
                height_px: 500.0,
            },
            0.0,
            0.0,
        );
        assert!(v.map_units_per_px().is_finite());
        assert!(v.map_from_screen(10.0, 10.0).x_px.is_finite());
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
        let line = crate::scene::arc_polyline(&proj, ll(139.69, 35.69), ll(-118.24, 34.05));
        assert_eq!(line.len(), 2, "two parts, one on each side");
    }

    #[test]
    fn atlantic_route_is_one_part() {
        let route = GreatCircle::new(ll(-42.54, -19.47), ll(-71.55, 42.35)).sample(2.0, 12);
        assert_eq!(split_at_antimeridian(&route).len(), 1);
    }

    const WORLD: Projection = WORLD_PROJECTION;

    fn arc(from: LonLat, to: LonLat) -> Vec<PointPx> {
        let parts = crate::scene::arc_polyline(&WORLD, from, to);
        assert_eq!(parts.len(), 1, "{parts:?}");
        parts.into_iter().next().unwrap()
    }

    #[test]
    fn near_cities_get_a_visible_curve() {
        // Belo Horizonte – Ipatinga: ~200 km, a few map pixels apart.
        let (bh, ipatinga) = (ll(-43.94, -19.92), ll(-42.54, -19.47));
        let line = arc(bh, ipatinga);
        let (p0, p1) = (line[0], line[line.len() - 1]);
        let chord = (p1.x_px - p0.x_px).hypot(p1.y_px - p0.y_px);
        assert!(chord > 1.0 && chord < SHORT_ARC_PX, "chord {chord}");
        // The curve's farthest point from the chord, and on which side.
        let (dx, dy) = ((p1.x_px - p0.x_px) / chord, (p1.y_px - p0.y_px) / chord);
        let off = |p: &PointPx| (p.x_px - p0.x_px) * dy - (p.y_px - p0.y_px) * dx;
        let bulge = line.iter().map(|p| off(p).abs()).fold(0.0, f64::max);
        assert!(bulge >= MIN_BULGE_PX - 0.1, "bulge {bulge}");
        assert!(
            bulge <= chord,
            "gentle, not a loop: bulge {bulge}, chord {chord}"
        );
        let mid_y = (p0.y_px + p1.y_px) / 2.0;
        let top = line.iter().map(|p| p.y_px).fold(f64::MAX, f64::min);
        assert!(top < mid_y - 1.0, "bows north (up)");
        // Either direction bows the same way.
        let back = arc(ipatinga, bh);
        assert!(back.iter().map(|p| p.y_px).fold(f64::MAX, f64::min) < mid_y - 1.0);
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
        let line = arc(ll(-43.94, -19.92), ll(-43.94, -19.92));
        let ys: Vec<f64> = line.iter().map(|p| p.y_px).collect();
        let height = ys.iter().cloned().fold(f64::MIN, f64::max)
            - ys.iter().cloned().fold(f64::MAX, f64::min);
        assert!(height >= MIN_BULGE_PX, "{line:?}");
        assert_eq!(line[0], line[line.len() - 1], "ends where it starts");
    }

    #[test]
    fn far_cities_keep_their_great_circle() {
        let (from, to) = (ll(-42.54, -19.47), ll(130.88, 33.88));
        let line = arc(from, to);
        assert!(line.len() > 12);
        // Its middle point is the great circle's middle, projected.
        let mid = GreatCircle::new(from, to).at(0.5);
        let expected = WORLD.project(mid.lon_deg, mid.lat_deg);
        // Within a pixel of one of the polyline's segments.
        let near = line.windows(2).any(|w| {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (b.x_px - a.x_px, b.y_px - a.y_px);
            let t = (((expected.x_px - a.x_px) * dx + (expected.y_px - a.y_px) * dy)
                / (dx * dx + dy * dy))
                .clamp(0.0, 1.0);
            (a.x_px + t * dx - expected.x_px).hypot(a.y_px + t * dy - expected.y_px) < 1.0
        });
        assert!(near, "{expected:?} is on {line:?}");
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

    fn bounds() -> RectPx {
        RectPx {
            x_px: 0.0,
            y_px: 0.0,
            width_px: 1000.0,
            height_px: 487.0,
        }
    }

    #[test]
    fn a_drag_moves_the_map_with_the_pointer() {
        // A letterboxed box: 800 × 200 showing 400 × 200 map pixels (1 map px per CSS px
        // vertically, 200 px margins left and right).
        let view = RectPx {
            x_px: 300.0,
            y_px: 100.0,
            width_px: 400.0,
            height_px: 200.0,
        };
        let vp = Viewport::new(view, 800.0, 200.0);
        let p = PointPx {
            x_px: 500.0,
            y_px: 200.0,
        };
        let (x, y) = vp.screen_from_map(p);
        let after = vp.with_view(vp.dragged((x, y), (x + 30.0, y - 10.0), &bounds()));
        let (x2, y2) = after.screen_from_map(p);
        assert!((x2 - (x + 30.0)).abs() < 1e-9 && (y2 - (y - 10.0)).abs() < 1e-9);
        assert!(!is_drag((10.0, 10.0), (12.0, 8.5)) && is_drag((10.0, 10.0), (13.0, 11.0)));
        assert_eq!(
            ScreenBox::content(100.0, 50.0, 1.0, 2.0).local(150.0, 60.0),
            (49.0, 8.0)
        );
    }

    #[test]
    fn a_pinch_keeps_the_point_between_the_fingers_under_them() {
        let view = RectPx {
            x_px: 200.0,
            y_px: 100.0,
            width_px: 500.0,
            height_px: 243.5,
        };
        let vp = Viewport::new(view, 700.0, 500.0);
        let frame = ScreenBox {
            left_px: 50.0,
            top_px: 80.0,
        };
        let before = Pinch::of((300.0, 300.0), (400.0, 300.0));
        let now = Pinch::of((280.0, 320.0), (440.0, 320.0));
        assert_eq!((now.x_px, now.y_px, now.spread_px), (360.0, 320.0, 160.0));
        let at_before = vp.map_from_screen(
            frame.local(before.x_px, before.y_px).0,
            frame.local(before.x_px, before.y_px).1,
        );
        let in_box = frame.local(now.x_px, now.y_px);
        let after = vp.with_view(vp.pinched(before, now, in_box, 10.0, &bounds()));
        let (x, y) = after.screen_from_map(at_before);
        assert!(
            (x - in_box.0).abs() < 1e-6 && (y - in_box.1).abs() < 1e-6,
            "({x}, {y}) vs {in_box:?}"
        );
        assert!(
            (vp.map_units_per_px() / after.map_units_per_px() - 1.6).abs() < 1e-9,
            "zoomed by the fingers' spread"
        );
    }

    #[test]
    fn keeping_a_point_in_view_moves_as_little_as_needed() {
        let view = RectPx {
            x_px: 100.0,
            y_px: 100.0,
            width_px: 400.0,
            height_px: 200.0,
        };
        let vp = Viewport::new(view, 400.0, 200.0);
        let inside = PointPx {
            x_px: 300.0,
            y_px: 200.0,
        };
        assert_eq!(vp.keeping_in_view(inside, 24.0, &bounds()), None);
        let right = PointPx {
            x_px: 495.0,
            y_px: 200.0,
        };
        let moved = vp.with_view(vp.keeping_in_view(right, 24.0, &bounds()).unwrap());
        let (x, _) = moved.screen_from_map(right);
        assert!(
            (x - (400.0 - 24.0)).abs() < 1e-9,
            "just inside the margin: {x}"
        );
        let tiny = Viewport::new(view, 40.0, 20.0);
        let (x, y) = tiny
            .with_view(tiny.keeping_in_view(right, 24.0, &bounds()).unwrap())
            .screen_from_map(right);
        // 10 map px per CSS px: the point is at 39.5 px of 40, the margin a quarter of the
        // height (5 px).
        assert!(
            (x - 35.0).abs() < 1e-9 && (y - 10.0).abs() < 1e-9,
            "a small box: ({x}, {y})"
        );
    }

    #[test]
    fn tooltips_stay_on_the_map() {
        assert_eq!(
            TipPlacement::at(0.0, 300.0, 800.0),
            TipPlacement {
                fraction_x: 0.0,
                below: false
            }
        );
        assert_eq!(TipPlacement::at(1000.0, 20.0, 800.0).fraction_x, 1.0);
        assert!(TipPlacement::at(400.0, 20.0, 800.0).below);
        assert_eq!(
            TipPlacement::at(5.0, 200.0, 0.0).fraction_x,
            1.0,
            "no box: no division by 0"
        );
        let world = world_bounds();
        assert_eq!(box_aspect(0.0, 0.0), world.width_px / world.height_px);
        assert_eq!(box_aspect(800.0, 400.0), 2.0);
        let v = bounds().panned_by_fraction(0.0, 0.0, &bounds());
        assert_eq!(v, bounds());
        let closer = bounds().zoomed(1.5, 0.5, 0.5, 10.0, &bounds());
        assert!(closer.closer_than(&bounds()) && !bounds().closer_than(&closer));
        assert!(!bounds().closer_than(&RectPx {
            width_px: 1000.2,
            ..bounds()
        }));
    }
}
