//! `cargo xtask <command>`: Elos' setup, build, serve, test and benchmark (size, load, scale, lighthouse, soak, check, import) entry points.

mod bench;
mod check_speed;
mod cmd;
mod dist;
mod fuzz;
mod import_bench;
mod release;
mod schema;
mod serve;
mod setup;
mod size;
mod supply;
mod sw;
mod test;

use std::process::ExitCode;

/// Errors are messages for the person at the terminal: what failed and what to do about it.
pub type Result<T> = std::result::Result<T, String>;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup                    install the missing build tools (wasm target, trunk, wasm-bindgen,
                           wasm-opt, leptosfmt, cargo-deny, browser-test packages)
  build                    release build into dist/, rewritten for a strict Content-Security-Policy
  dist [--no-build]        build, then write target/elos-<version>.zip: dist/ and the README's
                           embedding section as EMBEDDING.txt, for a web server without Rust
  serve [--port N] [--prefix /path/] [--no-build]
                           build, then serve dist/ at http://127.0.0.1:N/ (default 8080)
  test [--skip-lint] [--skip-browser]
                           everything CI checks: fmt, leptosfmt, clippy, supply chain (cargo
                           deny, npm audit), cargo test, a short fuzz run, build, browser
                           tests, size budget
  supply                   the supply-chain step alone: cargo deny, npm audit
  fuzz [mutate|afl-load|afl-site] [--seconds N] [--seed N]
                           fuzz the loader and the site configuration: the seeded mutation run
                           (default) or AFL++ (needs `cargo install cargo-afl`); inputs that
                           break a promise are saved under tests/data/fuzz/
  bench size [--no-build]  raw, gzip and brotli bytes of every file in dist/
  bench load [--no-build] [--runs N] [--profile]
                           time until the example's map and timeline show, 4× CPU throttle,
                           at 390×844 and 1440×900; --profile says where the time goes
  bench scale [--no-build]
                           the synthetic 5,000- and 26,000-link worlds, 4× CPU throttle: first
                           painted map, elements, JS heap, drag and zoom frame times, hover and
                           interaction latency (slow: minutes)
  bench lighthouse [--no-build]
                           Lighthouse's mobile audit of the example: score, LCP, CLS, TBT
  bench soak [--no-build] [--explore | --kiosk] [--minutes N]
                           the explorer used for 60 minutes (home city, filters, selection,
                           search, languages, table, play) and a looping kiosk (present mode,
                           autoplay, loop) for 30, of the page's own clock at high speed: JS and
                           Rust heaps, wasm memory, elements, DOM nodes and listeners at the
                           start, along the way and at the end; --minutes sets both
  bench check [--runs N]   MB/s of `elos check` (release build) on the synthetic 26,000- and
                           5,000-link datasets, median of N runs (default 7)
  bench import             time `elos import` (`cli` profile) on 26,000 synthetic rows with geocoding
                           benchmarks print figures; they never fail on timing
  schema                   write docs/dataset.schema.json from the core's dataset spec";

fn main() -> ExitCode {
    let mut args = Args::new(std::env::args().skip(1).collect());
    let result = match args.command().as_deref() {
        Some("setup") => args.finish().and_then(|()| setup::ensure_tools()),
        Some("build") => args.finish().and_then(|()| dist::build().map(drop)),
        Some("schema") => schema::run(args),
        Some("dist") => release::run(args),
        Some("serve") => serve::run(args),
        Some("test") => test::run(args),
        Some("fuzz") => fuzz::run(args),
        Some("supply") => args.finish().and_then(|()| {
            supply::deny()?;
            supply::npm_audit()
        }),
        Some("bench") => match args.command().as_deref() {
            Some("size") => size::run(args),
            Some("load") => bench::run(bench::Bench::Load, args),
            // `pan` was the 5,000-link drag benchmark; `scale` measures it and more.
            Some("scale" | "pan") => bench::run(bench::Bench::Scale, args),
            Some("lighthouse") => bench::run(bench::Bench::Lighthouse, args),
            Some("soak") => bench::run(bench::Bench::Soak, args),
            Some("check") => check_speed::run(args),
            Some("import") => import_bench::run(args),
            other => Err(format!(
                "unknown benchmark {other:?}; try `cargo xtask bench size`, `load`, `scale`, `lighthouse`, `soak`, `check` or `import`"
            )),
        },
        None | Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The command line after `cargo xtask`, consumed piece by piece so leftovers can be reported.
pub struct Args {
    rest: Vec<String>,
}

impl Args {
    fn new(rest: Vec<String>) -> Args {
        Args { rest }
    }

    /// Takes the next word if it is a (sub)command rather than a flag.
    fn command(&mut self) -> Option<String> {
        match self.rest.first() {
            Some(word) if !word.starts_with('-') => Some(self.rest.remove(0)),
            _ => None,
        }
    }

    /// Takes `--name` if present.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|arg| arg != name);
        self.rest.len() != before
    }

    /// Takes `--name value` or `--name=value` if present.
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefixed = format!("{name}=");
        if let Some(i) = self.rest.iter().position(|arg| arg.starts_with(&prefixed)) {
            return Ok(Some(self.rest.remove(i)[prefixed.len()..].to_string()));
        }
        let Some(i) = self.rest.iter().position(|arg| arg == name) else {
            return Ok(None);
        };
        if i + 1 >= self.rest.len() {
            return Err(format!("{name} needs a value, e.g. `{name} 8081`"));
        }
        self.rest.remove(i);
        Ok(Some(self.rest.remove(i)))
    }

    /// Fails on anything not taken, so a typo is never silently ignored.
    pub fn finish(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "unexpected argument(s): {}\n\n{USAGE}",
                self.rest.join(" ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Args;

    fn args(words: &[&str]) -> Args {
        Args::new(words.iter().map(|word| word.to_string()).collect())
    }

    #[test]
    fn flags_and_values_are_taken_in_any_order() {
        let mut args = args(&["serve", "--no-build", "--port", "9000"]);
        assert_eq!(args.command().as_deref(), Some("serve"));
        assert_eq!(args.value("--port"), Ok(Some("9000".to_string())));
        assert!(args.flag("--no-build"));
        assert!(!args.flag("--skip-lint"));
        assert_eq!(args.finish(), Ok(()));
    }

    #[test]
    fn equals_form_and_leftovers() {
        let mut args = args(&["--port=81", "--colour"]);
        assert_eq!(args.value("--port"), Ok(Some("81".to_string())));
        assert!(args.finish().unwrap_err().contains("--colour"));
    }

    #[test]
    fn value_missing() {
        assert!(args(&["--port"]).value("--port").is_err());
    }
}
