//! `cargo xtask fuzz`: the loader and the site configuration under fuzzing (crates/elos-fuzz,
//! docs/fuzzing.md). `mutate` is std-only and seeded, so CI runs a short slice of it on every
//! test; `afl-load` and `afl-site` are AFL++ targets for long, coverage-guided runs.

use std::fs;

use crate::cmd::{self, cargo, repo_root};
use crate::{Args, Result};

/// The slice `cargo xtask test` runs: the same inputs every time, a few seconds.
const SHORT_SEED: &str = "1";
const SHORT_ITERATIONS: &str = "60000";
/// Where inputs that break a promise are kept, as seeds and regression tests.
const FOUND_DIR: &str = "tests/data/fuzz";

pub fn run(mut args: Args) -> Result<()> {
    let seconds = args.value("--seconds")?.unwrap_or_else(|| "600".into());
    let seed = args.value("--seed")?.unwrap_or_else(|| "1".into());
    let target = args.command().unwrap_or_else(|| "mutate".into());
    args.finish()?;
    match target.as_str() {
        "mutate" => mutate(&["--seed", &seed, "--seconds", &seconds]),
        "afl-load" | "afl-site" => afl(&target, &seconds),
        other => Err(format!(
            "unknown fuzz target {other:?}; try mutate, afl-load or afl-site"
        )),
    }
}

/// The step of `cargo xtask test`.
pub fn short_run() -> Result<()> {
    mutate(&["--seed", SHORT_SEED, "--iterations", SHORT_ITERATIONS])
}

fn mutate(options: &[&str]) -> Result<()> {
    let mut run = cargo();
    run.args([
        "run",
        "--quiet",
        "--profile",
        "fuzz",
        "--package",
        "elos-fuzz",
        "--bin",
        "mutate",
        "--",
    ])
    .args(options);
    cmd::run(&mut run)
}

/// Builds the target with AFL++'s instrumentation and fuzzes it for `seconds`, then copies any
/// crash into tests/data/fuzz/.
fn afl(target: &str, seconds: &str) -> Result<()> {
    let root = repo_root();
    let target_dir = root.join("target/afl");
    let mut build = cargo();
    build
        .args([
            "afl",
            "build",
            "--profile",
            "fuzz",
            "--package",
            "elos-fuzz",
            "--features",
            "afl",
            "--bin",
            target,
            "--target-dir",
        ])
        .arg(&target_dir);
    cmd::run(&mut build).map_err(|e| {
        format!("{e}; AFL++ targets need cargo-afl: `cargo install cargo-afl --locked`")
    })?;

    let seeds = root.join("target/afl-in").join(target);
    fs::create_dir_all(&seeds).map_err(|e| format!("cannot create {}: {e}", seeds.display()))?;
    let corpus: Vec<_> = if target == "afl-load" {
        ["public/data", "tests/data", "tests/data/hostile", FOUND_DIR]
            .iter()
            .flat_map(|dir| fs::read_dir(root.join(dir)).into_iter().flatten().flatten())
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .filter(|path| fs::metadata(path).is_ok_and(|m| m.len() > 0 && m.len() < 100_000))
            .collect()
    } else {
        vec![root.join(crate::dist::SITE_CONFIG)]
    };
    for path in corpus {
        let name = path.file_name().unwrap_or_default();
        fs::copy(&path, seeds.join(name))
            .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
    }
    let out = root.join("target/afl-out").join(target);
    fs::create_dir_all(root.join("target/afl-out")).map_err(|e| e.to_string())?;
    let mut fuzz = cargo();
    fuzz.args(["afl", "fuzz", "-i"])
        .arg(&seeds)
        .arg("-o")
        .arg(&out)
        .args(["-V", seconds, "-t", "2000"])
        .arg(target_dir.join("fuzz").join(target))
        .env("AFL_NO_UI", "1")
        .env("AFL_SKIP_CPUFREQ", "1")
        .env("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1");
    cmd::run(&mut fuzz)?;

    let crashes = out.join("default/crashes");
    let mut kept = 0;
    for entry in fs::read_dir(&crashes).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("id:") {
            let kept_as = root.join(FOUND_DIR).join(format!("{target}-{}.json", kept));
            fs::copy(entry.path(), &kept_as).map_err(|e| e.to_string())?;
            kept += 1;
        }
    }
    let stats = fs::read_to_string(out.join("default/fuzzer_stats")).unwrap_or_default();
    let execs = stats
        .lines()
        .find_map(|line| line.strip_prefix("execs_done"))
        .map(|rest| rest.trim_start_matches([' ', ':']).to_string())
        .unwrap_or_else(|| "?".into());
    println!("fuzz ({target}): {execs} inputs, {kept} crash(es) kept in {FOUND_DIR}/");
    if kept == 0 {
        Ok(())
    } else {
        Err(format!("{kept} crash(es): see {FOUND_DIR}/"))
    }
}
