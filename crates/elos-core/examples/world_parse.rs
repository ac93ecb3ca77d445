//! Prints how long `World::parse` takes on the bundled `public/world.json` (or the file given
//! as the first argument): a figure to compare, never a pass/fail test.
//!
//! `cargo run --release -p elos-core --example world_parse [path]`

use std::time::Instant;

use elos_core::world::World;

const RUNS: u32 = 200;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/world.json").to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let world = World::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let started = Instant::now();
    for _ in 0..RUNS {
        std::hint::black_box(World::parse(std::hint::black_box(&text)).unwrap());
    }
    let per_parse = started.elapsed() / RUNS;
    let path_bytes: usize = world.countries.iter().map(|c| c.d.len()).sum::<usize>()
        + world.sphere.len()
        + world.graticule.len();
    println!(
        "{path}: {} bytes, {} countries, {path_bytes} bytes of path text; parse {per_parse:?} (mean of {RUNS})",
        text.len(),
        world.countries.len(),
    );
}
