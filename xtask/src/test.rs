//! `cargo xtask test`: the one command CI runs — lints, unit tests, release build, browser tests, size budget.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::cmd::{self, cargo, command, repo_root, stdout_of};
use crate::serve::{Mount, Server};
use crate::{dist, fuzz, setup, size, supply, Args, Result};

/// The browser tests load the app from a sub-folder, as a city hall's site would host it.
pub const APP_PREFIX: &str = "/relacoes-internacionais/elos/";
/// Where `tests/data/` (hostile datasets) is served, for `?data=` URLs.
pub const FIXTURES_PREFIX: &str = "/fixtures/";
/// Where `tests/browser/hosts/` (the pages that embed the app) is served; the tests open them
/// at `localhost` rather than `127.0.0.1`, another origin than the app's, as a host page is.
pub const HOSTS_PREFIX: &str = "/hosts/";
pub const HOSTS_DIR: &str = "tests/browser/hosts";
/// Screenshots from the browser tests; gitignored, kept by CI.
pub const ARTIFACTS_DIR: &str = "tests/artifacts";

pub fn run(mut args: Args) -> Result<()> {
    let skip_lint = args.flag("--skip-lint");
    let skip_browser = args.flag("--skip-browser");
    args.finish()?;

    let mut steps = Steps::default();
    let outcome = run_steps(&mut steps, skip_lint, skip_browser);
    steps.print_summary();
    match outcome {
        Ok(()) => {
            println!(
                "xtask test: all {} steps passed in {}",
                steps.done.len(),
                human(steps.total())
            );
            Ok(())
        }
        Err(error) => Err(format!("xtask test FAILED at step {error}")),
    }
}

fn run_steps(steps: &mut Steps, skip_lint: bool, skip_browser: bool) -> Result<()> {
    steps.run("setup", setup::ensure_tools)?;
    if skip_lint {
        steps.skip("lints (--skip-lint)");
    } else {
        steps.run("cargo fmt", || {
            cmd::run(cargo().args(["fmt", "--all", "--check"]))
        })?;
        steps.run("leptosfmt", leptosfmt_check)?;
        steps.run("clippy (native)", || {
            cmd::run(cargo().args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        })?;
        steps.run("clippy (wasm32)", || {
            // The importer is built for the page's Web Worker too: it must stay wasm-clean. One
            // run per package, so the app is linted with its own features (the importer turns
            // on every catalogue in the core, which the page leaves out).
            for package in ["elos-app", "elos-import"] {
                let mut clippy = cargo();
                clippy.args(["clippy", "-p", package, "--target", setup::WASM_TARGET]);
                cmd::run(clippy.args(["--", "-D", "warnings"]))?;
            }
            Ok(())
        })?;
    }
    steps.run("supply chain (cargo deny, npm audit)", || {
        supply::deny()?;
        supply::npm_audit()
    })?;
    steps.run("cargo test", || {
        let mut test = cargo();
        test.args(["test", "--workspace", "--features", "elos-core/schema"]);
        for (package, sources) in WASM_ONLY_PACKAGES {
            if !has_native_tests(&repo_root().join(sources))? {
                test.args(["--exclude", package]);
            }
        }
        cmd::run(&mut test)
    })?;
    steps.run("fuzz (short, seeded)", fuzz::short_run)?;
    let dist = steps.run("build", dist::build_with_tools)?;
    if skip_browser {
        steps.skip("browser tests (--skip-browser)");
    } else {
        steps.run("browser tests", || browser_tests(&dist))?;
    }
    // The page weight is a benchmark figure: printed on every run (and by `cargo xtask bench
    // size`), enforced only with ELOS_ENFORCE_SIZE_BUDGET=1 until the app is back under budget
    // (see the note on issue 3).
    steps.run("size budget", || {
        let sizes = size::measure(&dist)?;
        size::print_table(&sizes);
        match size::check_budget(&sizes) {
            Err(over) if std::env::var_os("ELOS_ENFORCE_SIZE_BUDGET").is_none() => {
                println!("WARNING (not enforced): {over}");
                Ok(())
            }
            other => other,
        }
    })
}

/// Packages built for the browser only, with their source folders. Natively they hold no tests
/// (the logic they draw is in elos-core, tested there), yet compiling them for `cargo test`
/// built Leptos, web-sys and wasm-bindgen natively: minutes of a 2-core CI machine for zero
/// tests. They are left out of `cargo test` while their sources have no `#[test]`; clippy
/// still checks them on both targets.
const WASM_ONLY_PACKAGES: [(&str, &str); 2] = [
    ("elos-app", "src"),
    ("elos-import-worker", "crates/elos-import-worker/src"),
];

/// Whether any `.rs` file under `dir` has a `#[test]` (or a `#[cfg(test)]` module).
fn has_native_tests(dir: &Path) -> Result<bool> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            if has_native_tests(&path)? {
                return Ok(true);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if text.contains("#[test]") || text.contains("#[cfg(test)]") {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// `leptosfmt --check src` with the pinned leptosfmt. A leptosfmt that cannot check (another
/// version, no `--check`) fails the step: a check that is skipped passes anything.
fn leptosfmt_check() -> Result<()> {
    let version = stdout_of(command("leptosfmt").arg("--version"));
    pinned_leptosfmt(version.as_deref())?;
    cmd::run(command("leptosfmt").args(["--check", "src"]))
}

/// Whether `leptosfmt --version`'s answer (`None`: it did not run) is the pinned version.
fn pinned_leptosfmt(version: Option<&str>) -> Result<()> {
    let version = version.unwrap_or("").trim();
    if version.split_whitespace().nth(1) == Some(setup::LEPTOSFMT_VERSION) {
        return Ok(());
    }
    Err(format!(
        "leptosfmt {} is needed for the check, found “{version}”; run `cargo xtask setup`",
        setup::LEPTOSFMT_VERSION
    ))
}

/// Serves dist/ under [`APP_PREFIX`] on a free port and runs `node --test tests/browser/`.
fn browser_tests(dist: &Path) -> Result<()> {
    let chromium = std::env::var("ELOS_CHROMIUM").unwrap_or_else(|_| setup::CHROMIUM.into());
    if !Path::new(&chromium).exists() {
        return Err(format!(
            "{chromium} is missing; install it as root with `apt-get install -y chromium chromium-driver` \
             (or point ELOS_CHROMIUM at a Chromium), or pass --skip-browser"
        ));
    }
    let root = repo_root();
    let artifacts = root.join(ARTIFACTS_DIR);
    // Old screenshots would pass for new ones.
    let _ = fs::remove_dir_all(&artifacts);
    fs::create_dir_all(&artifacts)
        .map_err(|e| format!("cannot create {}: {e}", artifacts.display()))?;

    let server = Server::bind(
        0,
        vec![
            Mount::new(APP_PREFIX, dist.to_path_buf()),
            Mount::new(FIXTURES_PREFIX, root.join("tests/data")),
            Mount::new(HOSTS_PREFIX, root.join(HOSTS_DIR)),
        ],
    )?;
    let base_url = server.url(APP_PREFIX);
    let fixtures_url = server.url(FIXTURES_PREFIX);
    let hosts_url = server
        .url(HOSTS_PREFIX)
        .replacen("127.0.0.1", "localhost", 1);
    server.spawn();
    println!("serving dist/ at {base_url} and tests/data/ at {fixtures_url}");

    let mut node = command("node");
    node.args(["--test", setup::BROWSER_TESTS_DIR])
        .env("ELOS_BASE_URL", &base_url)
        .env("ELOS_FIXTURES_URL", &fixtures_url)
        .env("ELOS_HOSTS_URL", &hosts_url)
        .env("ELOS_ARTIFACTS", &artifacts)
        .env("ELOS_CHROMIUM", &chromium);
    cmd::run(&mut node)?;
    println!("screenshots in {ARTIFACTS_DIR}/");
    Ok(())
}

/// Runs named steps in order, timing each, and remembers how far it got.
#[derive(Default)]
struct Steps {
    done: Vec<(String, Duration, &'static str)>,
}

impl Steps {
    fn run<T>(&mut self, name: &str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = step();
        let verdict = if result.is_ok() { "ok" } else { "FAILED" };
        self.done
            .push((name.to_string(), started.elapsed(), verdict));
        result.map_err(|error| format!("'{name}': {error}"))
    }

    fn skip(&mut self, name: &str) {
        println!("\n==> {name}: skipped");
        self.done
            .push((name.to_string(), Duration::ZERO, "skipped"));
    }

    fn total(&self) -> Duration {
        self.done.iter().map(|(_, took, _)| *took).sum()
    }

    fn print_summary(&self) {
        println!("\nsummary:");
        for (name, took, verdict) in &self.done {
            println!("  {verdict:<8} {name:<32} {:>8}", human(*took));
        }
    }
}

/// `4.2s` or `3m07s`.
fn human(took: Duration) -> String {
    let seconds = took.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        format!("{}m{:02}s", took.as_secs() / 60, took.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leptosfmt_step_fails_unless_the_pinned_leptosfmt_runs() {
        let pinned = format!("leptosfmt {}\n", crate::setup::LEPTOSFMT_VERSION);
        assert!(pinned_leptosfmt(Some(&pinned)).is_ok());
        assert!(pinned_leptosfmt(Some("leptosfmt 0.1.17")).is_err());
        assert!(pinned_leptosfmt(Some("")).is_err());
        assert!(
            pinned_leptosfmt(None).is_err(),
            "missing leptosfmt must fail, not skip"
        );
    }

    #[test]
    fn steps_stop_at_the_first_failure_and_name_it() {
        let mut steps = Steps::default();
        let outcome = (|| {
            steps.run("first", || Ok(()))?;
            steps.run("second", || Err::<(), _>("broken".to_string()))?;
            steps.run("third", || Ok(()))
        })();
        assert_eq!(outcome, Err("'second': broken".to_string()));
        let verdicts: Vec<_> = steps
            .done
            .iter()
            .map(|(name, _, verdict)| (name.as_str(), *verdict))
            .collect();
        assert_eq!(verdicts, [("first", "ok"), ("second", "FAILED")]);
    }

    #[test]
    fn a_wasm_only_package_is_tested_natively_once_it_has_a_test() {
        let dir = std::env::temp_dir().join(format!("elos-native-tests-{}", std::process::id()));
        let nested = dir.join("map");
        fs::create_dir_all(&nested).unwrap();
        fs::write(dir.join("main.rs"), "fn main() {}\n").unwrap();
        fs::write(nested.join("layers.rs"), "pub fn draw() {}\n").unwrap();
        assert!(!has_native_tests(&dir).unwrap());
        fs::write(
            nested.join("layers.rs"),
            "#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n",
        )
        .unwrap();
        assert!(has_native_tests(&dir).unwrap());
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            has_native_tests(&dir).is_err(),
            "a missing folder is an error"
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_millis(4_200)), "4.2s");
        assert_eq!(human(Duration::from_secs(187)), "3m07s");
    }
}
