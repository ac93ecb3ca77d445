//! What the map draws, as a fixed handful of SVG paths whatever the size of the data.
//!
//! [`Network`] holds the cities and links of the shown links, projected once per change of
//! data, filters or home city. [`Network::draw`] turns it into path strings for one view, in the
//! map box's screen pixels: every arc of one style in one path, every marker of one style and
//! size in one path (zero-length subpaths with round caps draw dots of the stroke's width), so
//! the page's element count never grows with the data. In a network of many equal cities it draws a level of detail:
//! cities closer than [`CLUSTER_PX`] on screen become one cluster, links between two clusters
//! one bundle whose width says how many it holds, and only the [`ARC_BUDGET`] strongest bundles
//! in view, so the zoomed-out world is readable and the zoomed-in view shows every link.
//! The same [`Drawing`] answers what is under the pointer ([`Drawing::hit`]), which marker the
//! keyboard moves to ([`Drawing::step`]) and where labels fit ([`Drawing::place_labels`]).

use rustc_hash::FxHashMap as HashMap;

use crate::geo::{
    short_arc_control, split_at_antimeridian, GreatCircle, LonLat, PointPx, Projection, RectPx,
    Viewport, MIN_BULGE_PX, SHORT_ARC_PX,
};
use crate::links::{city_location, party_city, HomeChoice, Link};
use crate::model::{CityIx, CooperationIx, Dataset, Identification, Item, LinkKind, Party};

/// With more home cities than this, "all" is drawn as a network of equal cities (a twin-city
/// list where every city is a home city) rather than as home cities and their partners.
pub const MAX_HOME_STYLED: usize = 12;
/// A view of clusters and bundles draws at most this many arcs (bundles), the strongest first;
/// fewer on a small screen (see [`arc_budget`]).
pub const ARC_BUDGET: usize = 1500;
/// Up to this many links are drawn one by one; more are drawn as clusters and bundles, whatever
/// the home city: a browser rasterises a few hundred arcs in a frame, not thousands.
pub const INDIVIDUAL_UP_TO: usize = 1000;
/// Dash patterns (one per link kind) are drawn while at most this many arcs are; beyond, kinds
/// are told apart by colour and the legend's toggles (dashing thousands of arcs made Chromium's
/// rasteriser take seconds per view).
pub const DASHED_UP_TO: usize = 400;

/// How many bundles a network view draws in a box of this size: about one per 1,500 px² of
/// screen, so a phone gets a readable few hundred and a wall screen up to [`ARC_BUDGET`].
pub fn arc_budget(viewport: &Viewport) -> usize {
    ((viewport.box_width_px * viewport.box_height_px / 1500.0) as usize).clamp(120, ARC_BUDGET)
}
/// In a network view, cities closer than about this many screen pixels are one cluster.
pub const CLUSTER_PX: f64 = 24.0;
/// Marker radii (screen pixels): markers come in these sizes so each size is one path.
pub const MARKER_RADII_PX: [f64; 5] = [3.5, 4.5, 6.0, 8.0, 10.5];
/// A bundle's weight class by the number of links it holds: 1, 2–3, 4–9, 10 or more.
const WEIGHT_FLOORS: [u32; 4] = [1, 2, 4, 10];
/// Gap between a marker's edge and its label, screen pixels.
pub const LABEL_GAP_PX: f64 = 3.0;
/// How close (screen pixels) the pointer must come to an arc or a marker's edge to point at it.
const HIT_SLOP_PX: f64 = 5.0;
/// Side of the hit-testing grid's cells, screen pixels.
const HIT_CELL_PX: f64 = 32.0;

/// How an arc is drawn: in its link kind's colour and dash, or (bundles of a network view) by
/// how many links it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArcStyle {
    Kind(LinkKind),
    /// Weight class 0 (one link) to 3 (ten or more).
    Weight(u8),
}

impl ArcStyle {
    pub const ALL: [ArcStyle; 10] = [
        ArcStyle::Kind(LinkKind::SisterCity),
        ArcStyle::Kind(LinkKind::BilateralCooperation),
        ArcStyle::Kind(LinkKind::NetworkMembership),
        ArcStyle::Kind(LinkKind::OrganisationPartnership),
        ArcStyle::Kind(LinkKind::Diplomatic),
        ArcStyle::Kind(LinkKind::Other),
        ArcStyle::Weight(0),
        ArcStyle::Weight(1),
        ArcStyle::Weight(2),
        ArcStyle::Weight(3),
    ];

    pub fn index(self) -> usize {
        match self {
            ArcStyle::Kind(k) => LinkKind::ALL.iter().position(|x| *x == k).unwrap_or(0),
            ArcStyle::Weight(w) => LinkKind::ALL.len() + usize::from(w.min(3)),
        }
    }

    /// The CSS class beside `arc`: `kind-sister_city`, `weight-2`…
    pub fn class(self) -> String {
        match self {
            ArcStyle::Kind(k) => format!("kind-{}", k.key()),
            ArcStyle::Weight(w) => format!("weight-{w}"),
        }
    }

    fn of_weight(links: u32) -> ArcStyle {
        let class = WEIGHT_FLOORS.iter().rposition(|f| links >= *f).unwrap_or(0);
        ArcStyle::Weight(class as u8)
    }
}

/// What a marker stands for, which decides its shape and colour (never colour alone: home
/// cities are squares, clusters have a double ring, uncertain places a dashed-looking ring and
/// a "?" in their label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Home,
    City,
    /// The source does not make clear which place this is.
    Uncertain,
    /// Several cities drawn as one at this zoom.
    Cluster,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Home, Role::City, Role::Uncertain, Role::Cluster];

    pub fn key(self) -> &'static str {
        match self {
            Role::Home => "home",
            Role::City => "city",
            Role::Uncertain => "uncertain",
            Role::Cluster => "cluster",
        }
    }
}

/// A marker path's style: its role and size class (an index into [`MARKER_RADII_PX`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MarkerStyle {
    pub role: Role,
    pub size: u8,
}

impl MarkerStyle {
    /// Every marker style, in drawing order (larger first, so small markers stay on top).
    pub fn all() -> Vec<MarkerStyle> {
        let mut out = Vec::new();
        for role in Role::ALL {
            for size in (0..MARKER_RADII_PX.len() as u8).rev() {
                out.push(MarkerStyle { role, size });
            }
        }
        out
    }

    pub fn index(self) -> usize {
        let role = Role::ALL.iter().position(|r| *r == self.role).unwrap_or(0);
        role * MARKER_RADII_PX.len() + usize::from(self.size)
    }

    pub fn radius_px(self) -> f64 {
        MARKER_RADII_PX[usize::from(self.size).min(MARKER_RADII_PX.len() - 1)]
    }
}

/// Number of marker styles (roles × sizes).
pub const MARKER_STYLES: usize = 4 * MARKER_RADII_PX.len();

/// The size class of a marker touching `link_count` shown links: the area grows with the
/// count, within sizes that stay readable and clickable; home cities start one size up.
pub fn marker_size(link_count: u32, is_home: bool) -> u8 {
    let base = if is_home { 5.0 } else { 3.5 };
    let wanted = (base + 1.1 * f64::from(link_count).sqrt()).min(10.5);
    MARKER_RADII_PX
        .iter()
        .position(|r| *r >= wanted - 0.75)
        .unwrap_or(MARKER_RADII_PX.len() - 1) as u8
}

/// A city on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub city: CityIx,
    pub lon_lat: LonLat,
    pub at: PointPx,
    /// Shown links touching it.
    pub link_count: u32,
    /// Drawn as a home city (false for every city of a network view).
    pub is_home: bool,
    pub uncertain: bool,
}

/// One shown link whose both ends have a place on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Index into the links the network was built from.
    pub link: usize,
    pub cooperation: CooperationIx,
    pub kind: LinkKind,
    pub partner: Party,
    /// The home city's node.
    pub from: u32,
    /// The partner city's node; `None` for a network or organisation drawn at its
    /// headquarters, which has no marker of its own.
    pub to: Option<u32>,
    pub to_lon_lat: LonLat,
    pub to_at: PointPx,
}

/// An arc as polylines in map pixels (more than one where it crosses the antimeridian).
pub type Polyline = Vec<Vec<PointPx>>;

/// Every city of a dataset projected once, by its index: the network is rebuilt on every filter
/// or time-window change, and the projection's `sin`/`asin`/`cos` per city and link were a
/// good part of that over 26,000 links.
#[derive(Debug, Clone, PartialEq)]
pub struct CityPoints {
    /// The projection the points are in, which the network's arcs then use too.
    projection: Projection,
    points: Vec<PointPx>,
}

impl CityPoints {
    pub fn new(ds: &Dataset, projection: &Projection) -> Self {
        CityPoints {
            projection: *projection,
            points: ds
                .cities
                .iter()
                .map(|c| projection.project(c.lon_deg, c.lat_deg))
                .collect(),
        }
    }

    /// The city's point in map pixels.
    pub fn of(&self, city: CityIx) -> PointPx {
        self.points[city.0]
    }
}

/// The cities and links of the shown links, projected: rebuilt when the data, the filters,
/// the time window or the home city change, never on pan or zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Node of each city of the dataset (`u32::MAX`: not on the map).
    node_of_city: Vec<u32>,
    /// Edges touching each node: `edge_list[edge_start[n]..edge_start[n + 1]]`.
    edge_start: Vec<u32>,
    edge_list: Vec<u32>,
    /// Many equal cities: draw clusters and bundles rather than every link.
    pub aggregated: bool,
    /// Each edge's arc, computed once (only when not aggregated: then every arc is drawn).
    arcs: Vec<Polyline>,
    /// Links shown in all, including those with no place on the map (a network without
    /// headquarters), which the side list shows instead.
    pub links_total: usize,
}

const NONE: u32 = u32::MAX;

impl Network {
    /// The countries of the partner cities (ISO codes, sorted, once each), which the map
    /// shades; none while it shows clusters. The map, the poster and the first view use it.
    pub fn partner_countries<'d>(&self, ds: &'d Dataset) -> Vec<&'d str> {
        if self.aggregated {
            return Vec::new();
        }
        let mut isos: Vec<&str> = self
            .nodes
            .iter()
            .filter(|n| !n.is_home)
            .map(|n| ds.city(n.city).country.as_str())
            .collect();
        crate::order::sort_dedup(&mut isos);
        isos
    }

    /// The map's view of `links` (already filtered and windowed) for the chosen home city.
    pub fn build(ds: &Dataset, links: &[Link], home: HomeChoice, projection: &Projection) -> Self {
        Self::build_on(ds, links, home, &CityPoints::new(ds, projection))
    }

    /// [`Network::build`] with the cities already projected (once per dataset), so that a
    /// filter or time-window change does no trigonometry per city or link.
    pub fn build_on(ds: &Dataset, links: &[Link], home: HomeChoice, points: &CityPoints) -> Self {
        let projection = &points.projection;
        let home_styled = match home {
            HomeChoice::One(_) => true,
            HomeChoice::All => ds.home_cities.len() <= MAX_HOME_STYLED,
        };
        let mut node_of_city = vec![NONE; ds.cities.len()];
        // At most every city, and at most two per link besides the home cities.
        let mut nodes: Vec<Node> =
            Vec::with_capacity(ds.cities.len().min(2 * links.len() + ds.home_cities.len()));
        let mut node_for = |city: CityIx, nodes: &mut Vec<Node>| -> u32 {
            let slot = &mut node_of_city[city.0];
            if *slot == NONE {
                *slot = nodes.len() as u32;
                nodes.push(Node {
                    city,
                    lon_lat: city_location(ds, city),
                    at: points.of(city),
                    link_count: 0,
                    is_home: home_styled && ds.is_home(city),
                    uncertain: ds.city(city).identification == Identification::Uncertain,
                });
            }
            *slot
        };
        // Home cities are on the map even without a shown link: the map says where "here" is.
        if home_styled {
            for &h in &ds.home_cities {
                if home == HomeChoice::All || home == HomeChoice::One(h) {
                    node_for(h, &mut nodes);
                }
            }
        }
        let mut edges = Vec::with_capacity(links.len());
        for (i, link) in links.iter().enumerate() {
            let Some(to_city) = party_city(ds, link.partner) else {
                continue;
            };
            let to_lon_lat = city_location(ds, to_city);
            let from = node_for(link.home, &mut nodes);
            nodes[from as usize].link_count += 1;
            let to = match link.partner {
                Party::City(c) => {
                    let n = node_for(c, &mut nodes);
                    nodes[n as usize].link_count += 1;
                    Some(n)
                }
                _ => None,
            };
            let coop = ds.cooperation(link.cooperation);
            edges.push(Edge {
                link: i,
                cooperation: link.cooperation,
                kind: coop.kind,
                partner: link.partner,
                from,
                to,
                to_lon_lat,
                to_at: points.of(to_city),
            });
        }
        // Edges by node, as one flat list (counting sort), for "the links of this city".
        let mut edge_start = vec![0u32; nodes.len() + 1];
        for e in &edges {
            edge_start[e.from as usize + 1] += 1;
            if let Some(t) = e.to.filter(|t| *t != e.from) {
                edge_start[t as usize + 1] += 1;
            }
        }
        for n in 0..nodes.len() {
            edge_start[n + 1] += edge_start[n];
        }
        let mut fill = edge_start.clone();
        let mut edge_list = vec![0u32; edge_start[nodes.len()] as usize];
        for (i, e) in edges.iter().enumerate() {
            for n in [Some(e.from), e.to.filter(|t| *t != e.from)]
                .into_iter()
                .flatten()
            {
                edge_list[fill[n as usize] as usize] = i as u32;
                fill[n as usize] += 1;
            }
        }
        let aggregated = edges.len() > INDIVIDUAL_UP_TO;
        let arcs = if aggregated {
            Vec::new()
        } else {
            edges
                .iter()
                .map(|e| arc_polyline(projection, nodes[e.from as usize].lon_lat, e.to_lon_lat))
                .collect()
        };
        Network {
            nodes,
            edges,
            node_of_city,
            edge_start,
            edge_list,
            aggregated,
            arcs,
            links_total: links.len(),
        }
    }

    /// The node of a city, if it is on the map.
    pub fn node_of(&self, city: CityIx) -> Option<u32> {
        self.node_of_city
            .get(city.0)
            .copied()
            .filter(|n| *n != NONE)
    }

    /// The edges touching a node.
    pub fn edges_of(&self, node: u32) -> &[u32] {
        let (a, b) = (
            self.edge_start[node as usize] as usize,
            self.edge_start[node as usize + 1] as usize,
        );
        &self.edge_list[a..b]
    }

    /// The view that shows these links: home cities and partners with their whole routes (a
    /// great circle bows towards the pole), not the whole ocean; the whole map for a network.
    pub fn fit_view(&self, bounds: RectPx, aspect: f64) -> RectPx {
        if self.aggregated || self.nodes.is_empty() {
            return bounds;
        }
        let mut points: Vec<PointPx> = self.nodes.iter().map(|n| n.at).collect();
        for (e, arc) in self.edges.iter().zip(&self.arcs) {
            points.push(e.to_at);
            points.extend(arc.iter().flatten().step_by(4).copied());
        }
        crate::geo::fit(&points, 40.0, 220.0, aspect, bounds)
    }

    /// Draws the network for one view: path strings, the markers drawn, and what is needed to
    /// find what the pointer is on.
    pub fn draw(&self, projection: &Projection, viewport: &Viewport) -> Drawing {
        let upp = viewport.map_units_per_px();
        let visible = grown(viewport.visible(), 30.0 * upp);
        let mut arcs = vec![PathWriter::new(*viewport); ArcStyle::ALL.len()];
        let mut markers = vec![PathWriter::new(*viewport); MARKER_STYLES];
        let mut marks = Vec::new();
        let mut drawn = Vec::new();
        let mut links_drawn = 0;
        if self.aggregated {
            let cell_px = cell_size_px(upp);
            let clusters = Clusters::of(&self.nodes, cell_px);
            // Bundles: links between the same two clusters.
            // Sized for the worst case (a bundle per edge): 26,000 edges grew them by
            // rehashing on every draw.
            let mut bundle_of: HashMap<(u32, u32), usize> =
                HashMap::with_capacity_and_hasher(self.edges.len(), Default::default());
            let mut bundles: Vec<Bundle> = Vec::with_capacity(self.edges.len());
            let mut extra: HashMap<(i64, i64), u32> = HashMap::default();
            for (i, e) in self.edges.iter().enumerate() {
                let a = clusters.of_node[e.from as usize];
                let b = match e.to {
                    Some(t) => clusters.of_node[t as usize],
                    // A body at its headquarters: its own end, one per cell.
                    None => {
                        let key = cell_key(e.to_at, cell_px);
                        let next = (clusters.list.len() + extra.len()) as u32;
                        *extra.entry(key).or_insert(next)
                    }
                };
                let key = (a.min(b), a.max(b));
                let ix = *bundle_of.entry(key).or_insert_with(|| {
                    bundles.push(Bundle {
                        from: a,
                        to: b,
                        edge: i,
                        links: 0,
                    });
                    bundles.len() - 1
                });
                bundles[ix].links += 1;
            }
            // The strongest bundles in view, up to the budget.
            let bundles = strongest_first(bundles);
            let budget = arc_budget(viewport);
            for b in &bundles {
                if drawn.len() >= budget {
                    break;
                }
                let e = &self.edges[b.edge];
                let (from, to, style) = if b.links == 1 {
                    (
                        self.nodes[e.from as usize].lon_lat,
                        e.to_lon_lat,
                        ArcStyle::Weight(0),
                    )
                } else {
                    let end = |c: u32| match clusters.list.get(c as usize) {
                        Some(cl) => self.nodes[cl.rep as usize].lon_lat,
                        None => e.to_lon_lat,
                    };
                    let (from, to) = if clusters.of_node[e.from as usize] == b.from {
                        (end(b.from), end(b.to))
                    } else {
                        (end(b.to), end(b.from))
                    };
                    (from, to, ArcStyle::of_weight(b.links))
                };
                if !rough_arc_box(projection, from, to).intersects(&visible) {
                    continue;
                }
                let line = arc_polyline(projection, from, to);
                arcs[style.index()].polyline(&line);
                links_drawn += b.links as usize;
                drawn.push(DrawnArc {
                    what: if b.links == 1 {
                        ArcWhat::Edge(b.edge)
                    } else {
                        ArcWhat::Bundle {
                            edge: b.edge,
                            links: b.links,
                        }
                    },
                    line,
                });
            }
            for cl in &clusters.list {
                let rep = &self.nodes[cl.rep as usize];
                if !visible.contains(rep.at) {
                    continue;
                }
                let (role, cities) = if cl.members == 1 {
                    (role_of(rep), 1)
                } else if rep.is_home {
                    // The home city stays a home city, with its nearby partners.
                    (Role::Home, cl.members)
                } else {
                    (Role::Cluster, cl.members)
                };
                let style = MarkerStyle {
                    role,
                    size: marker_size(cl.links, rep.is_home),
                };
                markers[style.index()].dot(rep.at);
                marks.push(Mark {
                    city: rep.city,
                    at: rep.at,
                    style,
                    cities,
                    link_count: cl.links,
                });
            }
        } else {
            for (i, (e, line)) in self.edges.iter().zip(&self.arcs).enumerate() {
                if !polyline_box(line).intersects(&visible) {
                    continue;
                }
                arcs[ArcStyle::Kind(e.kind).index()].polyline(line);
                links_drawn += 1;
                drawn.push(DrawnArc {
                    what: ArcWhat::Edge(i),
                    line: line.clone(),
                });
            }
            for n in &self.nodes {
                if !visible.contains(n.at) {
                    continue;
                }
                let style = MarkerStyle {
                    role: role_of(n),
                    size: marker_size(n.link_count, n.is_home),
                };
                markers[style.index()].dot(n.at);
                marks.push(Mark {
                    city: n.city,
                    at: n.at,
                    style,
                    cities: 1,
                    link_count: n.link_count,
                });
            }
        }
        let hits = HitGrid::new(viewport, &marks, &drawn);
        let arcs_count = drawn.len();
        Drawing {
            arcs: arcs.into_iter().map(PathWriter::finish).collect(),
            markers: markers.into_iter().map(PathWriter::finish).collect(),
            marks,
            arcs_drawn: drawn,
            links_drawn,
            links_total: self.links_total,
            aggregated: self.aggregated,
            dashed: arcs_count <= DASHED_UP_TO,
            viewport: *viewport,
            hits,
        }
    }

    /// The highlight for the hovered or selected item: its links as arcs in their kinds'
    /// styles (whatever the level of detail) and its cities as markers; `dim` when a network
    /// or organisation is chosen, so its members stand out from the rest.
    pub fn lit(&self, ds: &Dataset, item: Item) -> Lit {
        let mut lit = Lit::default();
        let mut cities: Vec<CityIx> = Vec::new();
        match item {
            Item::Party(Party::City(c)) => {
                if let Some(n) = self.node_of(c) {
                    lit.edges
                        .extend(self.edges_of(n).iter().map(|e| *e as usize));
                }
                cities.push(c);
            }
            Item::Party(body) => {
                lit.dim = true;
                lit.edges.extend(
                    self.edges
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.partner == body)
                        .map(|(i, _)| i),
                );
                cities.extend(ds.member_cities(body));
            }
            Item::Cooperation(co) => {
                lit.edges.extend(
                    self.edges
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.cooperation == co)
                        .map(|(i, _)| i),
                );
                cities.extend(ds.cooperation(co).parties.iter().filter_map(|p| match p {
                    Party::City(c) => Some(*c),
                    _ => None,
                }));
            }
            Item::Event(ev) => cities.push(ds.event(ev).city),
        }
        crate::order::sort_dedup(&mut cities);
        lit.nodes = cities.into_iter().filter_map(|c| self.node_of(c)).collect();
        lit
    }

    /// Path strings for a highlight, in the screen pixels of `drawing`: arcs by kind (an index into
    /// [`ArcStyle::ALL`]), markers by size.
    pub fn draw_lit(&self, projection: &Projection, drawing: &Drawing, lit: &Lit) -> LitDrawing {
        let vp = drawing.viewport;
        let mut arcs = vec![PathWriter::new(vp); ArcStyle::ALL.len()];
        let mut markers = vec![PathWriter::new(vp); MARKER_RADII_PX.len()];
        // A hub's links all lit at once would be thousands of arcs: the first ones are enough
        // to show where they go.
        for &i in lit.edges.iter().take(INDIVIDUAL_UP_TO) {
            let Some(e) = self.edges.get(i) else { continue };
            let line = match self.arcs.get(i) {
                Some(line) => line.clone(),
                None => arc_polyline(
                    projection,
                    self.nodes[e.from as usize].lon_lat,
                    e.to_lon_lat,
                ),
            };
            arcs[ArcStyle::Kind(e.kind).index()].polyline(&line);
        }
        for &n in &lit.nodes {
            let Some(node) = self.nodes.get(n as usize) else {
                continue;
            };
            let size = marker_size(node.link_count, node.is_home);
            markers[usize::from(size)].dot(node.at);
        }
        LitDrawing {
            arcs: arcs.into_iter().map(PathWriter::finish).collect(),
            markers: markers.into_iter().map(PathWriter::finish).collect(),
        }
    }
}

fn role_of(n: &Node) -> Role {
    if n.is_home {
        Role::Home
    } else if n.uncertain {
        Role::Uncertain
    } else {
        Role::City
    }
}

/// What lights up for a hovered or selected item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lit {
    /// Indices into [`Network::edges`].
    pub edges: Vec<usize>,
    /// Indices into [`Network::nodes`].
    pub nodes: Vec<u32>,
    pub dim: bool,
}

/// A highlight's path strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LitDrawing {
    /// By [`ArcStyle::index`] (kinds only).
    pub arcs: Vec<String>,
    /// By size class.
    pub markers: Vec<String>,
}

/// A marker as drawn: a city, or a cluster of cities (then `city` is its city with the most
/// links, where its marker sits).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub city: CityIx,
    pub at: PointPx,
    pub style: MarkerStyle,
    /// 1 for a city; more for a cluster.
    pub cities: u32,
    pub link_count: u32,
}

impl Mark {
    /// The map label for a mark of the city named `name`: `Marlboro?` for an uncertain
    /// identification, `Tokyo +12` for a cluster of 13 cities.
    pub fn label(&self, name: &str) -> String {
        match self.style.role {
            Role::Uncertain => format!("{name}?"),
            Role::Cluster => format!("{name} +{}", self.cities.saturating_sub(1)),
            _ => name.to_owned(),
        }
    }
}

/// What a drawn arc stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArcWhat {
    /// One link (an index into [`Network::edges`]).
    Edge(usize),
    /// Several links between two clusters; `edge` is one of them.
    Bundle { edge: usize, links: u32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArc {
    pub what: ArcWhat,
    pub line: Polyline,
}

/// The network drawn for one view.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// By [`ArcStyle::index`].
    pub arcs: Vec<String>,
    /// By [`MarkerStyle::index`].
    pub markers: Vec<String>,
    pub marks: Vec<Mark>,
    pub arcs_drawn: Vec<DrawnArc>,
    /// Links the drawn arcs stand for, and all shown links: "showing 1,500 of 26,000".
    pub links_drawn: usize,
    pub links_total: usize,
    pub aggregated: bool,
    /// Few enough arcs that link kinds are also told apart by dash patterns.
    pub dashed: bool,
    pub viewport: Viewport,
    hits: HitGrid,
}

/// What the pointer is on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hit {
    /// An index into [`Drawing::marks`].
    Mark(usize),
    /// An index into [`Drawing::arcs_drawn`].
    Arc(usize),
}

/// Which way an arrow key moves the keyboard's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

/// Where a label goes around its marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    Right,
    Left,
    Above,
    Below,
    AboveRight,
    BelowRight,
    AboveLeft,
    BelowLeft,
}

impl LabelSide {
    /// In order of preference: beside, then above or below, then diagonally.
    pub const ALL: [LabelSide; 8] = [
        LabelSide::Right,
        LabelSide::Left,
        LabelSide::Above,
        LabelSide::Below,
        LabelSide::AboveRight,
        LabelSide::BelowRight,
        LabelSide::AboveLeft,
        LabelSide::BelowLeft,
    ];

    /// The label's box `(x, y, w, h)` for a marker at (`x`, `y`) of radius `r`.
    pub fn rect(self, x: f64, y: f64, r: f64, w: f64, h: f64) -> (f64, f64, f64, f64) {
        let gap = r + LABEL_GAP_PX;
        // Diagonal labels start where the marker's edge meets the diagonal.
        let d = r * std::f64::consts::FRAC_1_SQRT_2 + LABEL_GAP_PX / 2.0;
        match self {
            LabelSide::Right => (x + gap, y - h / 2.0, w, h),
            LabelSide::Left => (x - gap - w, y - h / 2.0, w, h),
            LabelSide::Above => (x - w / 2.0, y - gap - h, w, h),
            LabelSide::Below => (x - w / 2.0, y + gap, w, h),
            LabelSide::AboveRight => (x + d, y - d - h, w, h),
            LabelSide::BelowRight => (x + d, y + d, w, h),
            LabelSide::AboveLeft => (x - d - w, y - d - h, w, h),
            LabelSide::BelowLeft => (x - d - w, y + d, w, h),
        }
    }

    /// How the text is anchored: `start`, `end` or `middle`.
    pub fn anchor(self) -> &'static str {
        match self {
            LabelSide::Right | LabelSide::AboveRight | LabelSide::BelowRight => "start",
            LabelSide::Left | LabelSide::AboveLeft | LabelSide::BelowLeft => "end",
            LabelSide::Above | LabelSide::Below => "middle",
        }
    }
}

/// A label placed for a mark, in screen pixels relative to the mark's centre.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Index into the requests given to [`Drawing::place_labels`].
    pub request: usize,
    pub side: LabelSide,
    /// The text's anchor point, relative to the marker's centre.
    pub dx_px: f64,
    pub dy_px: f64,
}

/// A label wanted for a mark, in priority order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelRequest {
    pub mark: usize,
    pub width_px: f64,
    pub height_px: f64,
}

/// Map labels' font size.
pub const LABEL_FONT_PX: f64 = 12.0;

/// Map labels are bold (`.label`: 600, home cities 700), wider than the text estimate, which is
/// for regular text: measured in Chromium with the stylesheet's fonts, the example's labels
/// were 1.10–1.16 times the estimate, and a long name at the frame's edge was cut off.
const BOLD_WIDTH: f64 = 1.16;

impl LabelRequest {
    /// A label of `text` for `mark`, its box estimated from the text with a little room.
    pub fn for_text(mark: usize, text: &str) -> LabelRequest {
        LabelRequest::for_text_at(mark, text, LABEL_FONT_PX)
    }

    /// [`LabelRequest::for_text`] in type of `font_px` (present mode's larger names).
    pub fn for_text_at(mark: usize, text: &str, font_px: f64) -> LabelRequest {
        LabelRequest {
            mark,
            width_px: crate::timeline::estimate_label_width_px(text, font_px) * BOLD_WIDTH
                + font_px / 3.0,
            height_px: font_px + 2.0,
        }
    }
}

/// How many labels a box of this size shows: enough names to orient, not a wall of text —
/// fewer in a network of clusters.
pub fn label_budget(box_width_px: f64, box_height_px: f64, aggregated: bool) -> usize {
    let per_label_px2 = if aggregated { 20000.0 } else { 9000.0 };
    ((box_width_px * box_height_px) / per_label_px2).clamp(6.0, 80.0) as usize
}

/// A label as drawn, in the labels layer's screen pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelView {
    /// The city it names, which a click on it chooses.
    pub city_id: String,
    /// Its marker's centre in the map box (for tests and benchmarks that point at it).
    pub marker_x_px: f64,
    pub marker_y_px: f64,
    pub x_px: f64,
    pub y_px: f64,
    pub anchor: &'static str,
    pub text: String,
    pub class: &'static str,
}

/// The labels of a drawing in `lang`, `wanted` cities (ids) first — what is chosen or
/// focused — then home cities, then the cities (or clusters) with the most links, as many as
/// [`label_budget`] allows where they fit: the map, the printed brief, the poster and the
/// first view all name cities by this rule.
pub fn labels_for(
    d: &Drawing,
    ds: &Dataset,
    lang: &str,
    wanted: &[String],
    font_px: f64,
) -> Vec<LabelView> {
    let mut order: Vec<usize> = (0..d.marks.len()).collect();
    let is_wanted = |m: usize| wanted.iter().any(|w| *w == ds.city(d.marks[m].city).id);
    crate::order::sort_by_key(&mut order, |m| {
        let mark = &d.marks[*m];
        (
            !is_wanted(*m),
            mark.style.role != Role::Home,
            std::cmp::Reverse(mark.link_count),
        )
    });
    let texts: Vec<String> = order
        .iter()
        .map(|m| {
            let mark = &d.marks[*m];
            mark.label(&ds.city(mark.city).names.show(lang))
        })
        .collect();
    let requests: Vec<LabelRequest> = order
        .iter()
        .zip(&texts)
        .map(|(m, text)| LabelRequest::for_text_at(*m, text, font_px))
        .collect();
    let max = label_budget(
        d.viewport.box_width_px,
        d.viewport.box_height_px,
        d.aggregated,
    );
    d.place_labels(&requests, max)
        .into_iter()
        .filter_map(|placed| {
            let req = requests[placed.request];
            let (x, y) = d.screen_of(req.mark)?;
            let (label_x, label_y) = d.label_at(&placed, req.mark)?;
            Some(LabelView {
                city_id: ds.city(d.marks[req.mark].city).id.clone(),
                marker_x_px: x,
                marker_y_px: y,
                x_px: label_x,
                y_px: label_y,
                anchor: placed.side.anchor(),
                text: texts[placed.request].clone(),
                class: if is_wanted(req.mark) {
                    "label wanted"
                } else if d.marks[req.mark].style.role == Role::Home {
                    "label home"
                } else {
                    "label"
                },
            })
        })
        .collect()
}

impl Drawing {
    /// A one-dot path at `at` (the keyboard focus ring), in this drawing's screen pixels.
    pub fn dot_path(&self, at: PointPx) -> String {
        let mut w = PathWriter::new(self.viewport);
        w.dot(at);
        w.finish()
    }

    /// What is at (`x_px`, `y_px`) (CSS pixels from the map box's corner): a marker within its
    /// radius and a little slop (the smallest, drawn on top, wins), else the nearest arc within
    /// the slop.
    pub fn hit(&self, x_px: f64, y_px: f64) -> Option<Hit> {
        self.hits.find(x_px, y_px, &self.marks)
    }

    /// Where a placed label's text is anchored in the box, CSS pixels.
    pub fn label_at(&self, label: &PlacedLabel, mark: usize) -> Option<(f64, f64)> {
        let (x, y) = self.screen_of(mark)?;
        Some((x + label.dx_px, y + label.dy_px))
    }

    /// A mark's position in the box, CSS pixels.
    pub fn screen_of(&self, mark: usize) -> Option<(f64, f64)> {
        self.marks
            .get(mark)
            .map(|m| self.viewport.screen_from_map(m.at))
    }

    /// The mark of a city: the city's own marker, or the cluster holding it.
    pub fn mark_of(&self, network: &Network, city: CityIx) -> Option<usize> {
        if let Some(i) = self.marks.iter().position(|m| m.city == city) {
            return Some(i);
        }
        let node = network.node_of(city)?;
        let at = network.nodes[node as usize].at;
        let cell = cell_size_px(self.viewport.map_units_per_px());
        let key = cell_key(at, cell);
        self.marks
            .iter()
            .position(|m| m.cities > 1 && cell_key(m.at, cell) == key)
    }

    /// The marker an arrow key moves to from `from` (or, with none, the first to start from:
    /// the biggest on screen): the nearest one in that direction, within 60° of it, favouring
    /// those straight ahead. `None` when there is none that way.
    pub fn step(&self, from: Option<usize>, direction: Direction) -> Option<usize> {
        let on_screen = |i: usize| {
            let (x, y) = self.screen_of(i)?;
            let inside = x >= 0.0
                && y >= 0.0
                && x <= self.viewport.box_width_px
                && y <= self.viewport.box_height_px;
            inside.then_some((x, y))
        };
        let Some(from) = from else {
            return (0..self.marks.len())
                .filter(|i| on_screen(*i).is_some())
                .max_by(|a, b| {
                    let (ma, mb) = (&self.marks[*a], &self.marks[*b]);
                    (ma.style.role == Role::Home, ma.link_count)
                        .cmp(&(mb.style.role == Role::Home, mb.link_count))
                        .then(b.cmp(a))
                });
        };
        let (x0, y0) = self.screen_of(from)?;
        let (ux, uy) = match direction {
            Direction::Left => (-1.0, 0.0),
            Direction::Right => (1.0, 0.0),
            Direction::Up => (0.0, -1.0),
            Direction::Down => (0.0, 1.0),
        };
        let mut best: Option<(f64, usize)> = None;
        for i in 0..self.marks.len() {
            if i == from {
                continue;
            }
            let Some((x, y)) = self.screen_of(i) else {
                continue;
            };
            let (dx, dy) = (x - x0, y - y0);
            let ahead = dx * ux + dy * uy;
            let aside = (dx * uy - dy * ux).abs();
            // Within 60° of the direction: tan(60°) ≈ 1.732.
            if ahead <= 0.5 || aside > ahead * 1.732 {
                continue;
            }
            let score = ahead + 2.0 * aside;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Places labels in priority order on the first side of their marker where they overlap
    /// neither an earlier label nor any marker, and stay inside the box; a label with no free
    /// side is left out rather than drawn over another. At most `max` labels.
    pub fn place_labels(&self, requests: &[LabelRequest], max: usize) -> Vec<PlacedLabel> {
        let (w, h) = (self.viewport.box_width_px, self.viewport.box_height_px);
        let mut taken = RectGrid::new(HIT_CELL_PX * 2.0);
        for m in &self.marks {
            let (x, y) = self.viewport.screen_from_map(m.at);
            let r = m.style.radius_px();
            if x < -r || y < -r || x > w + r || y > h + r {
                continue;
            }
            taken.insert((x - r, y - r, 2.0 * r, 2.0 * r));
        }
        let mut out = Vec::new();
        for (i, req) in requests.iter().enumerate() {
            if out.len() >= max {
                break;
            }
            let Some(m) = self.marks.get(req.mark) else {
                continue;
            };
            let (x, y) = self.viewport.screen_from_map(m.at);
            let r = m.style.radius_px();
            let own = (x - r, y - r, 2.0 * r, 2.0 * r);
            let (lw, lh) = (req.width_px, req.height_px);
            for side in LabelSide::ALL {
                let rect = side.rect(x, y, r, lw, lh);
                let inside =
                    rect.0 >= 0.0 && rect.1 >= 0.0 && rect.0 + rect.2 <= w && rect.1 + rect.3 <= h;
                if !inside || taken.overlaps(rect, Some(own)) {
                    continue;
                }
                taken.insert(rect);
                // The text's anchor (start, end or middle of its baseline), from the box: the
                // baseline sits at about 80% of the box's height.
                let anchor_x = match side.anchor() {
                    "start" => rect.0,
                    "end" => rect.0 + rect.2,
                    _ => rect.0 + rect.2 / 2.0,
                };
                out.push(PlacedLabel {
                    request: i,
                    side,
                    dx_px: anchor_x - x,
                    dy_px: rect.1 + rect.3 * 0.8 - y,
                });
                break;
            }
        }
        out
    }
}

/// A network's clusters at one cell size.
struct Clusters {
    list: Vec<Cluster>,
    of_node: Vec<u32>,
}

struct Cluster {
    /// The member with the most links, where the cluster is drawn.
    rep: u32,
    members: u32,
    links: u32,
}

impl Clusters {
    fn of(nodes: &[Node], cell_px: f64) -> Clusters {
        let mut by_cell: HashMap<(i64, i64), u32> =
            HashMap::with_capacity_and_hasher(nodes.len(), Default::default());
        let mut list: Vec<Cluster> = Vec::new();
        let mut of_node = Vec::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            let c = *by_cell.entry(cell_key(n.at, cell_px)).or_insert_with(|| {
                list.push(Cluster {
                    rep: i as u32,
                    members: 0,
                    links: 0,
                });
                (list.len() - 1) as u32
            });
            let cl = &mut list[c as usize];
            cl.members += 1;
            cl.links += n.link_count;
            let rep = &nodes[cl.rep as usize];
            if (n.link_count, std::cmp::Reverse(n.city))
                > (rep.link_count, std::cmp::Reverse(rep.city))
            {
                cl.rep = i as u32;
            }
            of_node.push(c);
        }
        Clusters { list, of_node }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Bundle {
    from: u32,
    to: u32,
    /// The first edge in it (the whole link when it holds one).
    edge: usize,
    links: u32,
}

/// Bundles ordered by links, most first, and by first edge among equals: the order of a sort
/// by `(Reverse(links), edge)`, in linear time. Bundles are made in edge order, so a stable
/// counting sort by links keeps equals in edge order (thousands of bundles are drawn anew on
/// every filter change and zoom).
fn strongest_first(bundles: Vec<Bundle>) -> Vec<Bundle> {
    debug_assert!(bundles.windows(2).all(|w| w[0].edge < w[1].edge));
    let most = bundles.iter().map(|b| b.links as usize).max().unwrap_or(0);
    // Slot `most - links`: the strongest first. `start[k]` is where slot k's bundles begin.
    let mut start = vec![0usize; most + 2];
    for b in &bundles {
        start[most - b.links as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut placed = bundles.clone();
    for b in bundles {
        let slot = &mut start[most - b.links as usize];
        placed[*slot] = b;
        *slot += 1;
    }
    placed
}

fn cell_key(p: PointPx, cell_px: f64) -> (i64, i64) {
    (
        (p.x_px / cell_px).floor() as i64,
        (p.y_px / cell_px).floor() as i64,
    )
}

/// The cluster cell (map pixels) for a zoom: about [`CLUSTER_PX`] on screen, rounded down to a
/// power of two so that panning, which keeps the zoom, keeps the clusters.
pub fn cell_size_px(map_units_per_px: f64) -> f64 {
    let wanted = (CLUSTER_PX * map_units_per_px).max(1e-6);
    2f64.powi(wanted.log2().floor() as i32)
}

fn grown(r: RectPx, by_px: f64) -> RectPx {
    RectPx {
        x_px: r.x_px - by_px,
        y_px: r.y_px - by_px,
        width_px: r.width_px + 2.0 * by_px,
        height_px: r.height_px + 2.0 * by_px,
    }
}

impl RectPx {
    pub fn contains(&self, p: PointPx) -> bool {
        p.x_px >= self.x_px
            && p.y_px >= self.y_px
            && p.x_px <= self.x_px + self.width_px
            && p.y_px <= self.y_px + self.height_px
    }

    pub fn intersects(&self, o: &RectPx) -> bool {
        self.x_px <= o.x_px + o.width_px
            && o.x_px <= self.x_px + self.width_px
            && self.y_px <= o.y_px + o.height_px
            && o.y_px <= self.y_px + self.height_px
    }
}

fn polyline_box(line: &Polyline) -> RectPx {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in line.iter().flatten() {
        x0 = x0.min(p.x_px);
        y0 = y0.min(p.y_px);
        x1 = x1.max(p.x_px);
        y1 = y1.max(p.y_px);
    }
    RectPx {
        x_px: x0,
        y_px: y0,
        width_px: (x1 - x0).max(0.0),
        height_px: (y1 - y0).max(0.0),
    }
}

/// A box sure to hold the arc from `from` to `to`, from its ends and middle (a great circle
/// bows smoothly between them), without sampling the whole route; an arc across the
/// antimeridian spans the whole width.
fn rough_arc_box(projection: &Projection, from: LonLat, to: LonLat) -> RectPx {
    let route = GreatCircle::new(from, to);
    let mid = route.at(0.5);
    let pts = [from, mid, to].map(|p| projection.project(p.lon_deg, p.lat_deg));
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &pts {
        x0 = x0.min(p.x_px);
        y0 = y0.min(p.y_px);
        x1 = x1.max(p.x_px);
        y1 = y1.max(p.y_px);
    }
    let crosses =
        (from.lon_deg - mid.lon_deg).abs() > 180.0 || (mid.lon_deg - to.lon_deg).abs() > 180.0;
    if crosses {
        x0 = f64::MIN / 4.0;
        x1 = f64::MAX / 4.0;
    }
    let pad = 0.3 * (x1 - x0).max(y1 - y0).min(1e6) + MIN_BULGE_PX * 4.0;
    RectPx {
        x_px: x0 - pad,
        y_px: y0 - pad,
        width_px: x1 - x0 + 2.0 * pad,
        height_px: y1 - y0 + 2.0 * pad,
    }
}

/// The arc between two places as polylines in map pixels: the great circle (split at the
/// antimeridian) for far places; for near ones, whose great circle would be a stub, a gentle
/// curve bulging by at least [`MIN_BULGE_PX`]; for one place (a body headquartered in the home
/// city), a small loop above it.
pub fn arc_polyline(projection: &Projection, from: LonLat, to: LonLat) -> Polyline {
    let p0 = projection.project(from.lon_deg, from.lat_deg);
    let p1 = projection.project(to.lon_deg, to.lat_deg);
    let chord_px = (p1.x_px - p0.x_px).hypot(p1.y_px - p0.y_px);
    let route = GreatCircle::new(from, to);
    // Far apart on the globe but near on the map happens only across the antimeridian, and
    // then the great circle is right.
    if chord_px < SHORT_ARC_PX && route.distance_rad < 0.5 {
        const STEPS: usize = 10;
        let curve: Vec<PointPx> = match short_arc_control(p0, p1) {
            Some(c) => (0..=STEPS)
                .map(|i| {
                    let t = i as f64 / STEPS as f64;
                    let (a, b, cc) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
                    PointPx {
                        x_px: a * p0.x_px + b * c.x_px + cc * p1.x_px,
                        y_px: a * p0.y_px + b * c.y_px + cc * p1.y_px,
                    }
                })
                .collect(),
            None => {
                // A loop: a cubic from the point back to itself through two controls above it.
                let r = 2.0 * MIN_BULGE_PX;
                let (c1, c2) = ((-r, -2.0 * r), (r, -2.0 * r));
                (0..=STEPS)
                    .map(|i| {
                        let t = i as f64 / STEPS as f64;
                        let (b1, b2) = (3.0 * t * (1.0 - t) * (1.0 - t), 3.0 * t * t * (1.0 - t));
                        PointPx {
                            x_px: p0.x_px + b1 * c1.0 + b2 * c2.0,
                            y_px: p0.y_px + b1 * c1.1 + b2 * c2.1,
                        }
                    })
                    .collect()
            }
        };
        return vec![curve];
    }
    split_at_antimeridian(&route.sample(3.0, 8))
        .into_iter()
        .map(|part| {
            part.into_iter()
                .map(|p| projection.project(p.lon_deg, p.lat_deg))
                .collect()
        })
        .collect()
}

/// Writes SVG path data in the map box's screen pixels, to the half pixel, every point after
/// the first relative to the one before: short strings, quick to write and to parse, and
/// strokes of plain CSS widths (no `vector-effect`, which made Chromium's rasteriser several
/// times slower on thousands of arcs).
#[derive(Debug, Clone)]
struct PathWriter {
    viewport: Viewport,
    d: String,
    /// The current point, in half pixels; `None` before the first command.
    at: Option<(i64, i64)>,
}

impl PathWriter {
    fn new(viewport: Viewport) -> Self {
        PathWriter {
            viewport,
            d: String::new(),
            at: None,
        }
    }

    fn move_to(&mut self, q: (i64, i64)) {
        match self.at {
            None => {
                self.d.push('M');
                push_pair(&mut self.d, q.0, q.1);
            }
            Some((x, y)) => {
                self.d.push('m');
                push_pair(&mut self.d, q.0 - x, q.1 - y);
            }
        }
        self.at = Some(q);
    }

    /// A dot: a zero-length line that round caps draw as a circle of the stroke's width.
    fn dot(&mut self, p: PointPx) {
        let q = half_pixels(&self.viewport, p);
        self.move_to(q);
        self.d.push_str("h0");
    }

    fn polyline(&mut self, line: &Polyline) {
        for part in line {
            let vp = self.viewport;
            let mut points = part.iter().map(|p| half_pixels(&vp, *p));
            let Some(first) = points.next() else { continue };
            self.move_to(first);
            let mut at = first;
            let mut wrote = false;
            for q in points {
                if q == at {
                    continue;
                }
                if !wrote {
                    self.d.push('l');
                    wrote = true;
                } else if q.0 - at.0 >= 0 {
                    self.d.push(' ');
                }
                push_pair(&mut self.d, q.0 - at.0, q.1 - at.1);
                at = q;
            }
            if !wrote {
                // All within half a pixel: still a visible dot rather than nothing.
                self.d.push_str("h0");
            }
            self.at = Some(at);
        }
    }

    fn finish(self) -> String {
        self.d
    }
}

/// A map point's place in the box, in whole half pixels (far-off points clamped, so a path
/// never holds absurd numbers).
fn half_pixels(viewport: &Viewport, p: PointPx) -> (i64, i64) {
    let (x, y) = viewport.screen_from_map(p);
    let limit = 1e7;
    (
        (2.0 * x).round().clamp(-limit, limit) as i64,
        (2.0 * y).round().clamp(-limit, limit) as i64,
    )
}

/// "12 -3", "12.5-3": the minus sign separates numbers on its own.
fn push_pair(d: &mut String, x: i64, y: i64) {
    push_half(d, x);
    if y >= 0 {
        d.push(' ');
    }
    push_half(d, y);
}

/// A number of half pixels as pixels: 25 → "12.5", -4 → "-2".
fn push_half(d: &mut String, halves: i64) {
    if halves < 0 {
        d.push('-');
    }
    let n = halves.unsigned_abs();
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut whole = n / 2;
    loop {
        i -= 1;
        buf[i] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        d.push(char::from(b));
    }
    if n % 2 == 1 {
        d.push_str(".5");
    }
}

/// Screen rectangles `(x, y, w, h)` in a grid, for "does this label overlap anything?".
struct RectGrid {
    cell_px: f64,
    cells: HashMap<(i64, i64), Vec<u32>>,
    rects: Vec<(f64, f64, f64, f64)>,
}

impl RectGrid {
    fn new(cell_px: f64) -> Self {
        RectGrid {
            cell_px,
            cells: HashMap::default(),
            rects: Vec::new(),
        }
    }

    fn span(&self, r: (f64, f64, f64, f64)) -> impl Iterator<Item = (i64, i64)> {
        let c = self.cell_px;
        let (x0, y0) = ((r.0 / c).floor() as i64, (r.1 / c).floor() as i64);
        let (x1, y1) = (
            ((r.0 + r.2) / c).floor() as i64,
            ((r.1 + r.3) / c).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: (f64, f64, f64, f64)) {
        let ix = self.rects.len() as u32;
        self.rects.push(r);
        let keys: Vec<_> = self.span(r).collect();
        for key in keys {
            self.cells.entry(key).or_default().push(ix);
        }
    }

    fn overlaps(&self, r: (f64, f64, f64, f64), except: Option<(f64, f64, f64, f64)>) -> bool {
        self.span(r).any(|key| {
            self.cells.get(&key).is_some_and(|list| {
                list.iter().any(|i| {
                    let t = self.rects[*i as usize];
                    Some(t) != except
                        && r.0 < t.0 + t.2
                        && t.0 < r.0 + r.2
                        && r.1 < t.1 + t.3
                        && t.1 < r.1 + r.3
                })
            })
        })
    }
}

/// A screen cell of [`HIT_CELL_PX`], by column and row.
type Cell = (i64, i64);

/// A piece of an arc on screen: the arc's index and the piece's two ends, screen pixels.
type ScreenSegment = (u32, (f64, f64), (f64, f64));

/// Markers and arc segments by screen cell, for hit-testing without the DOM.
#[derive(Debug, Clone, PartialEq, Default)]
struct HitGrid {
    viewport: Option<Viewport>,
    /// (cell → marks whose disc touches it), (cell → arc segments crossing it).
    marks: HashMap<Cell, Vec<u32>>,
    segments: HashMap<Cell, Vec<ScreenSegment>>,
}

impl HitGrid {
    fn new(viewport: &Viewport, marks: &[Mark], arcs: &[DrawnArc]) -> Self {
        let mut grid = HitGrid {
            viewport: Some(*viewport),
            ..Default::default()
        };
        let (w, h) = (viewport.box_width_px, viewport.box_height_px);
        let cell = |x: f64, y: f64| {
            (
                (x / HIT_CELL_PX).floor() as i64,
                (y / HIT_CELL_PX).floor() as i64,
            )
        };
        for (i, m) in marks.iter().enumerate() {
            let (x, y) = viewport.screen_from_map(m.at);
            let r = m.style.radius_px() + HIT_SLOP_PX;
            if x < -r || y < -r || x > w + r || y > h + r {
                continue;
            }
            let (c0, c1) = (cell(x - r, y - r), cell(x + r, y + r));
            for cx in c0.0..=c1.0 {
                for cy in c0.1..=c1.1 {
                    grid.marks.entry((cx, cy)).or_default().push(i as u32);
                }
            }
        }
        for (i, arc) in arcs.iter().enumerate() {
            for part in &arc.line {
                for pair in part.windows(2) {
                    let a = viewport.screen_from_map(pair[0]);
                    let b = viewport.screen_from_map(pair[1]);
                    let outside = (a.0 < 0.0 && b.0 < 0.0)
                        || (a.1 < 0.0 && b.1 < 0.0)
                        || (a.0 > w && b.0 > w)
                        || (a.1 > h && b.1 > h);
                    if outside {
                        continue;
                    }
                    let s = HIT_SLOP_PX;
                    let (c0, c1) = (
                        cell(a.0.min(b.0) - s, a.1.min(b.1) - s),
                        cell(a.0.max(b.0) + s, a.1.max(b.1) + s),
                    );
                    // A long segment on screen (zoomed in) would touch many cells: fine, there
                    // are few of them then.
                    for cx in c0.0.max(-1)..=c1.0.min((w / HIT_CELL_PX) as i64 + 1) {
                        for cy in c0.1.max(-1)..=c1.1.min((h / HIT_CELL_PX) as i64 + 1) {
                            grid.segments
                                .entry((cx, cy))
                                .or_default()
                                .push((i as u32, a, b));
                        }
                    }
                }
            }
        }
        grid
    }

    fn find(&self, x: f64, y: f64, marks: &[Mark]) -> Option<Hit> {
        let viewport = self.viewport?;
        let key = (
            (x / HIT_CELL_PX).floor() as i64,
            (y / HIT_CELL_PX).floor() as i64,
        );
        let mut best_mark: Option<(f64, usize)> = None;
        for &i in self.marks.get(&key).into_iter().flatten() {
            let m = &marks[i as usize];
            let (mx, my) = viewport.screen_from_map(m.at);
            let r = m.style.radius_px();
            let d = (mx - x).hypot(my - y);
            if d <= r + HIT_SLOP_PX {
                // Small markers are drawn on top of big ones: the smallest under the pointer.
                let rank = r * 100.0 + d;
                if best_mark.is_none_or(|(b, _)| rank < b) {
                    best_mark = Some((rank, i as usize));
                }
            }
        }
        if let Some((_, i)) = best_mark {
            return Some(Hit::Mark(i));
        }
        let mut best_arc: Option<(f64, usize)> = None;
        for &(i, a, b) in self.segments.get(&key).into_iter().flatten() {
            let d = segment_distance((x, y), a, b);
            if d <= HIT_SLOP_PX && best_arc.is_none_or(|(bd, _)| d < bd) {
                best_arc = Some((d, i as usize));
            }
        }
        best_arc.map(|(_, i)| Hit::Arc(i))
    }
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - (a.0 + t * dx)).hypot(p.1 - (a.1 + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_come_strongest_first_and_in_edge_order_among_equals() {
        // Links per bundle from a fixed scramble: many ones, a few strong bundles, repeats.
        let bundles: Vec<Bundle> = (0..500u32)
            .map(|i| Bundle {
                from: i % 7,
                to: i % 11,
                edge: 3 * i as usize,
                links: match i.wrapping_mul(2_654_435_761) >> 27 {
                    n @ 0..=2 => 40 + n,
                    n if n < 20 => 1,
                    n => n - 18,
                },
            })
            .collect();
        let mut expected = bundles.clone();
        crate::order::sort_by(&mut expected, |x, y| {
            y.links.cmp(&x.links).then(x.edge.cmp(&y.edge))
        });
        let got = strongest_first(bundles);
        assert_eq!(got, expected);
        assert!(got[0].links >= 40 && got.last().unwrap().links == 1);
        assert!(strongest_first(Vec::new()).is_empty());
    }
}
