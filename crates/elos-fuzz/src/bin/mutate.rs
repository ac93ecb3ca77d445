//! The std-only fuzz run: seeded mutations of the example and the hostile corpus through the
//! loader and the site configuration, checking `elos_fuzz`'s promises on every input, with
//! no panic and no input taking more than [`HANG_SECONDS`]. Same seed, same inputs.
//!
//! `cargo run --profile fuzz -p elos-fuzz --bin mutate -- [--seed N] [--iterations N | --seconds N]`
//! An input that breaks a promise is written to `tests/data/fuzz/found-<hash>.json`, where it
//! becomes a seed (and a regression test) for every later run.

use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use elos_core::i18n::Catalogue;
use elos_fuzz::{check_load, check_site, dataset_seeds, mutate, site_seeds, Rng};

/// An input slower than this is a hang, even if it ends.
const HANG_SECONDS: u64 = 2;

struct Options {
    seed: u64,
    iterations: Option<u64>,
    seconds: Option<u64>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        seed: 1,
        iterations: None,
        seconds: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{arg} needs a whole number"))
        };
        match arg.as_str() {
            "--seed" => options.seed = value()?,
            "--iterations" => options.iterations = Some(value()?),
            "--seconds" => options.seconds = Some(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.iterations.is_none() && options.seconds.is_none() {
        options.iterations = Some(100_000);
    }
    Ok(options)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn main() -> std::process::ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("mutate: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let catalogues = Catalogue::all();
    let datasets = dataset_seeds(&repo());
    let sites = site_seeds(&repo());
    let mut rng = Rng::new(options.seed);
    let started = Instant::now();
    let deadline = options.seconds.map(|s| started + Duration::from_secs(s));
    // Panics are caught and reported with their input; the default hook would print each.
    panic::set_hook(Box::new(|_| {}));

    let (mut count, mut broken, mut slowest) = (0_u64, 0_u64, Duration::ZERO);
    loop {
        if options.iterations.is_some_and(|n| count >= n)
            || deadline.is_some_and(|d| count.is_multiple_of(64) && Instant::now() >= d)
        {
            break;
        }
        // One site configuration for every seven datasets: the loader is the larger surface.
        let is_site = count % 8 == 7;
        let seeds = if is_site { &sites } else { &datasets };
        let (seed, donor) = (rng.below(seeds.len()), rng.below(seeds.len()));
        let input = mutate(&seeds[seed], &seeds[donor], &mut rng);
        let one = Instant::now();
        let outcome = panic::catch_unwind(|| {
            if is_site {
                check_site(&input, &catalogues)
            } else {
                check_load(&input, &catalogues)
            }
        });
        let took = one.elapsed();
        slowest = slowest.max(took);
        count += 1;
        let failure = match outcome {
            Ok(Ok(())) if took.as_secs() < HANG_SECONDS => None,
            Ok(Ok(())) => Some(format!("took {took:.1?}")),
            Ok(Err(promise)) => Some(promise),
            Err(panic) => Some(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("?")
            )),
        };
        if let Some(failure) = failure {
            broken += 1;
            let path = save(&input, is_site);
            eprintln!(
                "BROKEN ({}): {failure}\n  input saved as {}",
                if is_site { "site" } else { "dataset" },
                path.display()
            );
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz (mutate, seed {}): {count} inputs in {seconds:.1}s ({:.0}/s), slowest {slowest:.1?}; {broken} broke a promise",
        options.seed,
        count as f64 / seconds.max(1e-9),
    );
    if broken == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Writes a failing input where the next run (and `cargo test`) picks it up as a seed.
fn save(input: &str, is_site: bool) -> PathBuf {
    let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let kind = if is_site { "site" } else { "found" };
    let path = repo().join(format!("tests/data/fuzz/{kind}-{hash:016x}.json"));
    let _ = std::fs::create_dir_all(repo().join("tests/data/fuzz"));
    let _ = std::fs::write(&path, input);
    path
}
