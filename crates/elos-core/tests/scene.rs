//! The map's drawing (`elos_core::scene`) on the bundled example and on generated networks:
//! element-free path strings, level of detail, hit-testing, keyboard moves and labels.
#![allow(
    clippy::disallowed_methods,
    reason = "tests sort with the standard library as the reference"
)]

use std::fs;
use std::path::{Path, PathBuf};

use elos_core::geo::{PointPx, Projection, RectPx, Viewport};
use elos_core::links::{links, HomeChoice};
use elos_core::model::{Dataset, Item, Party};
use elos_core::scene::{
    ArcStyle, ArcWhat, Direction, Hit, LabelRequest, MarkerStyle, Network, Role, ARC_BUDGET,
};

/// public/world.svg's projection: Equal Earth fitted to 1000 px.
const WORLD: Projection = Projection {
    scale: 184.73156767339816,
    translate_x_px: 500.0,
    translate_y_px: 243.35848769370224,
};

fn whole_map() -> RectPx {
    RectPx {
        x_px: 0.0,
        y_px: 0.0,
        width_px: 1000.0,
        height_px: 487.0,
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> Dataset {
    let text = fs::read_to_string(repo().join("public/data/example.json")).unwrap();
    elos_core::load(&text).dataset.expect("the example loads")
}

/// A synthetic network of `cities` equal cities (all home cities) on a grid of points between
/// 60°S and 70°N, each linked to the next `per_city` ones: shaped like a twin-city list.
fn network_dataset(cities: usize, per_city: usize) -> Dataset {
    let mut json = String::from(
        r#"{"format":1,"title":{"en":"Synthetic network (not real data)"},"languages":["en"],"home_cities":["#,
    );
    json.push_str(
        &(0..cities)
            .map(|i| format!("\"c{i}\""))
            .collect::<Vec<_>>()
            .join(","),
    );
    json.push_str(r#"],"cities":["#);
    let side = (cities as f64).sqrt().ceil() as usize;
    for i in 0..cities {
        let lon = -170.0 + 340.0 * (i % side) as f64 / side as f64;
        let lat = -60.0 + 130.0 * (i / side) as f64 / side as f64;
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            r#"{{"id":"c{i}","names":{{"en":"City {i}"}},"country":"BR","lon_deg":{lon:.4},"lat_deg":{lat:.4}}}"#
        ));
    }
    json.push_str(r#"],"cooperations":["#);
    let mut n = 0;
    for i in 0..cities {
        for k in 1..=per_city {
            let j = (i + k * 7) % cities;
            if j == i {
                continue;
            }
            if n > 0 {
                json.push(',');
            }
            json.push_str(&format!(
                r#"{{"id":"l{n}","kind":"sister_city","parties":["c{i}","c{j}"],"sources":[{{"title":"Synthetic"}}]}}"#
            ));
            n += 1;
        }
    }
    json.push_str("]}");
    let loaded = elos_core::load(&json);
    loaded
        .dataset
        .unwrap_or_else(|| panic!("{:?}", loaded.problems))
}

/// Every number in a path string, and how many subpaths (M or m) it has.
fn path_stats(d: &str) -> (usize, usize) {
    let numbers = d
        .split(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == '-')
        .filter(|n| !n.is_empty())
        .count();
    (numbers, d.matches(['M', 'm']).count())
}

#[test]
fn ipatinga_is_one_home_square_and_its_partners_are_arcs_by_kind() {
    let ds = example();
    let ipatinga = ds.city_by_id("ipatinga").unwrap();
    let home = HomeChoice::One(ipatinga);
    let shown = links(&ds, home);
    let net = Network::build(&ds, &shown, home, &WORLD);
    assert!(
        !net.aggregated,
        "a home city's own links are always drawn one by one"
    );
    let homes: Vec<_> = net.nodes.iter().filter(|n| n.is_home).collect();
    assert_eq!(homes.len(), 1);
    assert_eq!(homes[0].city, ipatinga);
    // Every located link is an edge, and a city's edges are its links.
    let located = shown
        .iter()
        .filter(|l| elos_core::links::party_location(&ds, l.partner).is_some())
        .count();
    assert_eq!(net.edges.len(), located);
    let home_node = net.node_of(ipatinga).unwrap();
    assert_eq!(net.edges_of(home_node).len(), located);

    let vp = Viewport::new(whole_map(), 1000.0, 487.0);
    let drawing = net.draw(&WORLD, &vp);
    assert_eq!(
        drawing.links_drawn, located,
        "the whole map shows every arc"
    );
    let kitakyushu = ds
        .cooperations
        .iter()
        .find(|c| c.id == "ipatinga-kitakyushu")
        .unwrap();
    let style = ArcStyle::Kind(kitakyushu.kind);
    assert!(!drawing.arcs[style.index()].is_empty());
    // One subpath per arc part and one dot per marker, nothing else.
    let arc_subpaths: usize = drawing.arcs.iter().map(|d| path_stats(d).1).sum();
    let arc_parts: usize = drawing.arcs_drawn.iter().map(|a| a.line.len()).sum();
    assert_eq!(arc_subpaths, arc_parts);
    let dots: usize = drawing
        .markers
        .iter()
        .map(|d| d.matches("h0").count())
        .sum();
    assert_eq!(dots, drawing.marks.len());
    assert_eq!(drawing.marks.len(), net.nodes.len());
    let home_mark = drawing
        .marks
        .iter()
        .find(|m| m.city == ipatinga)
        .expect("Ipatinga has a marker");
    assert_eq!(home_mark.style.role, Role::Home);
}

#[test]
fn path_strings_are_relative_screen_pixels_that_rebuild_the_points() {
    let ds = example();
    let home = HomeChoice::One(ds.city_by_id("ipatinga").unwrap());
    let net = Network::build(&ds, &links(&ds, home), home, &WORLD);
    let vp = Viewport::new(whole_map(), 1000.0, 487.0);
    let drawing = net.draw(&WORLD, &vp);
    // Follow the marker paths' commands: the absolute positions must be the marks' on screen,
    // to the half pixel.
    let mut found = Vec::new();
    for (i, d) in drawing.markers.iter().enumerate() {
        if d.is_empty() {
            continue;
        }
        let (mut x, mut y) = (0.0, 0.0);
        for cmd in d.split_inclusive("h0") {
            let body = cmd.trim_end_matches("h0");
            let relative = body.starts_with('m');
            let nums: Vec<f64> = body[1..]
                .replace('-', " -")
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(nums.len(), 2, "{cmd}");
            for n in &nums {
                assert_eq!((n * 2.0).fract(), 0.0, "half pixels: {n}");
            }
            if relative {
                (x, y) = (x + nums[0], y + nums[1]);
            } else {
                (x, y) = (nums[0], nums[1]);
            }
            found.push((i, x, y));
        }
    }
    for m in &drawing.marks {
        let i = m.style.index();
        let (sx, sy) = vp.screen_from_map(m.at);
        assert!(
            found
                .iter()
                .any(|(s, x, y)| *s == i && (x - sx).abs() <= 0.25 && (y - sy).abs() <= 0.25),
            "marker of {:?} at {:?} is in path {i}",
            m.city,
            (sx, sy)
        );
    }
}

#[test]
fn a_big_network_draws_a_bounded_level_of_detail_that_refines_when_zoomed_in() {
    let ds = network_dataset(3000, 3);
    let shown = links(&ds, HomeChoice::All);
    assert!(shown.len() > ARC_BUDGET * 2);
    let net = Network::build(&ds, &shown, HomeChoice::All, &WORLD);
    assert!(net.aggregated, "thousands of equal cities are a network");
    assert!(
        net.nodes.iter().all(|n| !n.is_home),
        "no city is drawn as 'home'"
    );

    let world = Viewport::new(whole_map(), 1000.0, 487.0);
    let far = net.draw(&WORLD, &world);
    assert!(far.arcs_drawn.len() <= ARC_BUDGET);
    assert!(far.links_drawn <= shown.len());
    assert!(
        far.marks.len() < net.nodes.len() / 2,
        "clusters at world zoom: {} marks for {} cities",
        far.marks.len(),
        net.nodes.len()
    );
    let clustered: u32 = far.marks.iter().map(|m| m.cities).sum();
    assert_eq!(
        clustered as usize,
        net.nodes.len(),
        "every city is in one mark"
    );
    assert!(far.marks.iter().any(|m| m.style.role == Role::Cluster));
    assert!(far
        .arcs_drawn
        .iter()
        .any(|a| matches!(a.what, ArcWhat::Bundle { links, .. } if links > 1)));
    // Bundles are drawn by weight, never by kind, at this level.
    for kind in elos_core::model::LinkKind::ALL {
        assert!(far.arcs[ArcStyle::Kind(kind).index()].is_empty());
    }

    // Zoomed in 40×: single cities and single links, each drawn.
    let close = world.with_view(RectPx {
        x_px: 480.0,
        y_px: 230.0,
        width_px: 25.0,
        height_px: 12.2,
    });
    let near = net.draw(&WORLD, &close);
    assert!(!near.marks.is_empty());
    assert!(near.marks.iter().all(|m| m.cities == 1));
    assert!(near
        .arcs_drawn
        .iter()
        .all(|a| matches!(a.what, ArcWhat::Edge(_))));
}

#[test]
fn few_equal_cities_are_drawn_link_by_link() {
    let ds = network_dataset(300, 2);
    let shown = links(&ds, HomeChoice::All);
    assert!(shown.len() <= ARC_BUDGET);
    let net = Network::build(&ds, &shown, HomeChoice::All, &WORLD);
    assert!(!net.aggregated);
    assert!(net.nodes.iter().all(|n| !n.is_home));
    let d = net.draw(&WORLD, &Viewport::new(whole_map(), 1000.0, 487.0));
    assert_eq!(d.links_drawn, shown.len());
}

#[test]
fn the_pointer_finds_markers_and_arcs_and_nothing_elsewhere() {
    let ds = example();
    let ipatinga = ds.city_by_id("ipatinga").unwrap();
    let home = HomeChoice::One(ipatinga);
    let net = Network::build(&ds, &links(&ds, home), home, &WORLD);
    let vp = Viewport::new(whole_map(), 1440.0, 701.0);
    let d = net.draw(&WORLD, &vp);
    let mark = d.marks.iter().position(|m| m.city == ipatinga).unwrap();
    let (x, y) = d.screen_of(mark).unwrap();
    assert_eq!(d.hit(x, y), Some(Hit::Mark(mark)));
    assert_eq!(d.hit(x + 2.0, y - 1.0), Some(Hit::Mark(mark)));
    // The middle of the Kitakyushu arc, far from any marker.
    let coop = ds
        .cooperations
        .iter()
        .position(|c| c.id == "ipatinga-kitakyushu")
        .unwrap();
    let arc = d
        .arcs_drawn
        .iter()
        .position(|a| matches!(a.what, ArcWhat::Edge(e) if net.edges[e].cooperation.0 == coop))
        .unwrap();
    let part = &d.arcs_drawn[arc].line[0];
    let (mx, my) = vp.screen_from_map(part[part.len() / 2]);
    assert_eq!(d.hit(mx, my), Some(Hit::Arc(arc)));
    assert_eq!(d.hit(mx, my + 20.0), None, "20 px off the arc is nothing");
    assert_eq!(d.hit(5.0, 5.0), None);
}

#[test]
fn arrow_keys_move_to_the_nearest_marker_that_way() {
    let ds = network_dataset(100, 1);
    let net = Network::build(&ds, &links(&ds, HomeChoice::All), HomeChoice::All, &WORLD);
    let d = net.draw(&WORLD, &Viewport::new(whole_map(), 1000.0, 487.0));
    let start = d.step(None, Direction::Right).expect("a first marker");
    for dir in [
        Direction::Left,
        Direction::Right,
        Direction::Up,
        Direction::Down,
    ] {
        let Some(next) = d.step(Some(start), dir) else {
            continue;
        };
        let (x0, y0) = d.screen_of(start).unwrap();
        let (x1, y1) = d.screen_of(next).unwrap();
        match dir {
            Direction::Left => assert!(x1 < x0),
            Direction::Right => assert!(x1 > x0),
            Direction::Up => assert!(y1 < y0),
            Direction::Down => assert!(y1 > y0),
        }
    }
    // Walking right from the west-most marker of a row reaches the east-most one.
    let west = (0..d.marks.len())
        .min_by(|a, b| {
            let (pa, pb) = (d.screen_of(*a).unwrap(), d.screen_of(*b).unwrap());
            (pa.1, pa.0).partial_cmp(&(pb.1, pb.0)).unwrap()
        })
        .unwrap();
    let mut at = west;
    let mut steps = 0;
    while let Some(next) = d.step(Some(at), Direction::Right) {
        at = next;
        steps += 1;
        assert!(steps < 1000, "no cycle");
    }
    assert!(steps >= 5, "walked along the row: {steps}");
    assert_eq!(d.step(Some(at), Direction::Right), None);
}

#[test]
fn labels_never_overlap_each_other_or_markers_and_stay_in_the_box() {
    let ds = network_dataset(400, 1);
    let net = Network::build(&ds, &links(&ds, HomeChoice::All), HomeChoice::All, &WORLD);
    let vp = Viewport::new(whole_map(), 800.0, 390.0);
    let d = net.draw(&WORLD, &vp);
    let requests: Vec<LabelRequest> = (0..d.marks.len())
        .map(|mark| LabelRequest {
            mark,
            width_px: 60.0,
            height_px: 14.0,
        })
        .collect();
    let placed = d.place_labels(&requests, 60);
    assert!(!placed.is_empty() && placed.len() <= 60);
    let rect = |p: &elos_core::scene::PlacedLabel| {
        let (x, y) = d.screen_of(requests[p.request].mark).unwrap();
        let r = d.marks[requests[p.request].mark].style.radius_px();
        p.side.rect(x, y, r, 60.0, 14.0)
    };
    let overlap = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    };
    for (i, a) in placed.iter().enumerate() {
        let ra = rect(a);
        assert!(ra.0 >= 0.0 && ra.1 >= 0.0 && ra.0 + ra.2 <= 800.0 && ra.1 + ra.3 <= 390.0);
        for b in &placed[i + 1..] {
            assert!(!overlap(ra, rect(b)), "{a:?} overlaps {b:?}");
        }
        for (m, mark) in d.marks.iter().enumerate() {
            let (x, y) = d.screen_of(m).unwrap();
            let r = mark.style.radius_px();
            assert!(
                !overlap(ra, (x - r, y - r, 2.0 * r, 2.0 * r)),
                "label {a:?} covers marker {m}"
            );
        }
    }
}

#[test]
fn labels_are_sized_from_their_text_and_anchored_where_placed() {
    let ds = network_dataset(400, 1);
    let net = Network::build(&ds, &links(&ds, HomeChoice::All), HomeChoice::All, &WORLD);
    let d = net.draw(&WORLD, &Viewport::new(whole_map(), 800.0, 390.0));
    let short = LabelRequest::for_text(0, "Kitakyushu");
    let long = LabelRequest::for_text(0, &"W".repeat(10_000));
    // Chromium draws "Kitakyushu" in the map's bold 12 px labels 75.8 px wide: room for it, not
    // much more.
    assert!(short.width_px > 75.8 && short.width_px < 90.0, "{short:?}");
    assert_eq!(short.height_px, 14.0);
    assert!(
        d.place_labels(&[long], 10).is_empty(),
        "a label wider than the map is left out, never drawn past the box"
    );
    let placed = d.place_labels(&[short], 10);
    let (x, y) = d.screen_of(0).unwrap();
    assert_eq!(
        d.label_at(&placed[0], 0),
        Some((x + placed[0].dx_px, y + placed[0].dy_px))
    );
    let mut mark = d.marks[0].clone();
    mark.style.role = Role::Cluster;
    mark.cities = 13;
    assert_eq!(mark.label("Tokyo"), "Tokyo +12");
    mark.style.role = Role::Uncertain;
    assert_eq!(mark.label("Marlboro"), "Marlboro?");
    assert_eq!(elos_core::scene::label_budget(800.0, 390.0, false), 34);
    assert_eq!(elos_core::scene::label_budget(800.0, 390.0, true), 15);
    assert_eq!(
        elos_core::scene::label_budget(10.0, 10.0, false),
        6,
        "a few even when small"
    );
    assert_eq!(
        elos_core::scene::label_budget(4000.0, 2000.0, false),
        80,
        "never a wall"
    );
}

#[test]
fn choosing_a_city_or_a_body_lights_its_links_and_members() {
    let ds = example();
    let net = Network::build(&ds, &links(&ds, HomeChoice::All), HomeChoice::All, &WORLD);
    let ipatinga = ds.city_by_id("ipatinga").unwrap();
    let lit = net.lit(&ds, Item::Party(Party::City(ipatinga)));
    assert!(!lit.dim);
    assert!(!lit.edges.is_empty());
    for e in &lit.edges {
        let edge = &net.edges[*e];
        assert!(
            edge.from == net.node_of(ipatinga).unwrap() || edge.to == net.node_of(ipatinga),
            "every lit link touches Ipatinga"
        );
    }
    // A network dims the rest and lights its members.
    if let Some((n, _)) = ds.networks.iter().enumerate().next() {
        let body = Party::Network(elos_core::model::NetworkIx(n));
        let lit = net.lit(&ds, Item::Party(body));
        assert!(lit.dim);
        for node in &lit.nodes {
            let city = net.nodes[*node as usize].city;
            assert!(ds
                .cooperations
                .iter()
                .any(|c| c.parties.contains(&body) && c.parties.contains(&Party::City(city))));
        }
    }
    let d = net.draw(&WORLD, &Viewport::new(whole_map(), 1000.0, 487.0));
    let drawn = net.draw_lit(&WORLD, &d, &lit);
    let dots: usize = drawn.markers.iter().map(|m| m.matches("h0").count()).sum();
    assert_eq!(dots, lit.nodes.len());
}

#[test]
fn marker_styles_have_distinct_indices() {
    let all = MarkerStyle::all();
    let mut seen: Vec<usize> = all.iter().map(|s| s.index()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), all.len());
    assert_eq!(all.len(), elos_core::scene::MARKER_STYLES);
    let mut arcs: Vec<usize> = ArcStyle::ALL.iter().map(|s| s.index()).collect();
    arcs.sort_unstable();
    arcs.dedup();
    assert_eq!(arcs.len(), ArcStyle::ALL.len());
}

#[test]
fn a_point_outside_every_arc_box_is_not_drawn() {
    // Zoomed on the Pacific far from Brazil and Japan's route: Ipatinga's arcs are culled.
    let ds = example();
    let home = HomeChoice::One(ds.city_by_id("ipatinga").unwrap());
    let net = Network::build(&ds, &links(&ds, home), home, &WORLD);
    let vp = Viewport::new(
        RectPx {
            x_px: 40.0,
            y_px: 380.0,
            width_px: 40.0,
            height_px: 19.5,
        },
        800.0,
        390.0,
    );
    let d = net.draw(&WORLD, &vp);
    assert!(d.marks.is_empty());
    assert!(d.links_drawn < net.edges.len());
    let _ = PointPx {
        x_px: 0.0,
        y_px: 0.0,
    };
}

#[test]
fn a_hub_with_thousands_of_links_is_drawn_in_bundles_around_its_home_marker() {
    let text = fs::read_to_string(repo().join("tests/data/synthetic/links-5000.json")).unwrap();
    let ds = elos_core::load(&text)
        .dataset
        .expect("the synthetic file loads");
    let home = HomeChoice::One(ds.home_cities[0]);
    let shown = links(&ds, home);
    assert!(shown.len() > elos_core::scene::INDIVIDUAL_UP_TO);
    let net = Network::build(&ds, &shown, home, &WORLD);
    assert!(net.aggregated, "5,000 arcs are not drawn one by one");
    let d = net.draw(&WORLD, &Viewport::new(whole_map(), 1440.0, 701.0));
    let homes: Vec<_> = d
        .marks
        .iter()
        .filter(|m| m.style.role == Role::Home)
        .collect();
    assert_eq!(homes.len(), 1, "the home city keeps its own (home) marker");
    assert_eq!(homes[0].city, ds.home_cities[0]);
    assert!(d.arcs_drawn.len() <= ARC_BUDGET);
    assert!(!d.dashed, "no dash patterns on hundreds of bundles");
    // Every link is in a drawn bundle, or the note says how many are left out.
    assert!(d.links_drawn <= shown.len());
    // Its links lit: bounded, whatever the hub.
    let lit = net.lit(&ds, Item::Party(Party::City(ds.home_cities[0])));
    let drawn = net.draw_lit(&WORLD, &d, &lit);
    let subpaths: usize = drawn
        .arcs
        .iter()
        .map(|p| p.matches(['M', 'm']).count())
        .sum();
    // (An arc across the antimeridian is two parts.)
    assert!(
        subpaths <= 2 * elos_core::scene::INDIVIDUAL_UP_TO,
        "{subpaths} lit arc parts"
    );
}

/// The network takes its points from the cities projected once per dataset: every node sits
/// at its own city's projected point and every link ends at its partner's (a body's at its
/// headquarters), as projecting each one on the spot puts them.
#[test]
fn the_network_places_cities_and_link_ends_at_their_own_projected_points() {
    let ds = example();
    let shown = links(&ds, HomeChoice::All);
    let points = elos_core::scene::CityPoints::new(&ds, &WORLD);
    let network = Network::build_on(&ds, &shown, HomeChoice::All, &points);
    assert!(network.nodes.len() > 3 && network.edges.len() > 3);
    let at = |city: elos_core::model::CityIx| {
        let c = ds.city(city);
        WORLD.project(c.lon_deg, c.lat_deg)
    };
    for n in &network.nodes {
        assert_eq!(n.at, at(n.city), "{}", ds.city(n.city).id);
    }
    for e in &network.edges {
        let city = elos_core::links::party_city(&ds, e.partner).expect("drawn, so placed");
        assert_eq!(e.to_at, at(city));
        assert_eq!(network.nodes[e.from as usize].city, shown[e.link].home);
    }
    assert_eq!(
        network,
        Network::build(&ds, &shown, HomeChoice::All, &WORLD)
    );
}
