//! `cargo xtask bench check [--runs N]`: how fast `elos check` reads the synthetic datasets, in MB/s (the `cli` profile, median of N runs); prints figures, never fails on them.
//
// The CLI is built with `cargo build --profile cli -p elos-cli` (release, tuned for speed) and run on each file once to warm
// the page cache, then N times. MB are 10^6 bytes of file. The wall clock is what a person
// waits; on a busy machine it also counts other processes' turns, so the CPU time the runs
// used (user + system, from /proc on Linux) is printed beside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench::machine_note;
use crate::cmd::{self, cargo, repo_root};
use crate::{Args, Result};

/// The files measured: the world-scale dataset and the 5,000-link one.
const FILES: [&str; 2] = [
    "tests/data/synthetic/world-26k.json",
    "tests/data/synthetic/links-5000.json",
];
const DEFAULT_RUNS: usize = 7;

pub fn run(mut args: Args) -> Result<()> {
    let runs = match args.value("--runs")? {
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("--runs wants a positive number, not `{n}`"))?,
        None => DEFAULT_RUNS,
    };
    args.finish()?;

    cmd::run(cargo().args(["build", "--profile", "cli", "-p", "elos-cli"]))?;
    let elos = target_dir().join("cli").join(exe("elos"));
    let root = repo_root();
    println!("{}", machine_note());
    println!("elos check ({}), median of {runs} runs:", elos.display());
    for file in FILES {
        let path = root.join(file);
        let bytes = fs::metadata(&path)
            .map_err(|e| {
                format!(
                    "cannot read {file}: {e}; write it with `node tests/data/synthetic/make.mjs`"
                )
            })?
            .len();
        let timing = measure(&elos, &path, runs)?;
        println!("  {}", timing.line(file, bytes));
    }
    Ok(())
}

/// Where cargo puts builds: `$CARGO_TARGET_DIR`, by default `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

pub fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

struct Timing {
    wall: Vec<Duration>,
    /// CPU time (user + system) of all runs together, when the platform says.
    cpu_total: Option<Duration>,
}

/// Runs `elos check FILE` once to warm the cache, then `runs` times, timing each.
fn measure(elos: &Path, file: &Path, runs: usize) -> Result<Timing> {
    check_once(elos, file)?;
    let cpu_before = children_cpu_time();
    let mut wall = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        check_once(elos, file)?;
        wall.push(started.elapsed());
    }
    let cpu_total = cpu_before
        .zip(children_cpu_time())
        .map(|(before, after)| after.saturating_sub(before));
    Ok(Timing { wall, cpu_total })
}

fn check_once(elos: &Path, file: &Path) -> Result<()> {
    let status = Command::new(elos)
        .arg("check")
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", elos.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`elos check {}` found errors ({status}); the benchmark needs a clean file",
            file.display()
        ))
    }
}

impl Timing {
    fn line(&self, file: &str, bytes: u64) -> String {
        let mb = bytes as f64 / 1e6;
        let wall = median(&self.wall);
        let rate = |t: Duration| mb / t.as_secs_f64().max(1e-9);
        let mut line = format!(
            "{file:<40} {mb:>6.2} MB  {:>7.1} ms  {:>6.1} MB/s",
            wall.as_secs_f64() * 1e3,
            rate(wall)
        );
        if let Some(cpu) = self.cpu_total {
            let per_run = cpu / self.wall.len() as u32;
            line.push_str(&format!(
                "   (CPU {:.0} ms a run: {:.1} MB/s)",
                per_run.as_secs_f64() * 1e3,
                rate(per_run)
            ));
        }
        line
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// User + system time of this process's finished children, from `/proc/self/stat` (Linux);
/// `None` elsewhere.
fn children_cpu_time() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    Some(Duration::from_secs_f64(
        children_ticks(&stat)? as f64 / CLOCK_TICKS_PER_S,
    ))
}

/// Linux reports times in clock ticks of `sysconf(_SC_CLK_TCK)`, 100 on every platform it
/// runs on today (std cannot ask without libc).
const CLOCK_TICKS_PER_S: f64 = 100.0;

/// `cutime + cstime` from the text of `/proc/<pid>/stat`. The command name (field 2) may hold
/// spaces, so fields are counted after its closing parenthesis.
fn children_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Fields after the name start at field 3 (state); cutime and cstime are fields 16 and 17.
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some(field(16)? + field(17)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_children_times_after_a_name_with_spaces() {
        let stat = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 100 0 0 0 \
                    15 3 27 8 20 0 1 0 12345 1000 200 18446744073709551615";
        assert_eq!(children_ticks(stat), Some(35));
        assert_eq!(children_ticks("garbage"), None);
    }

    #[test]
    fn median_is_the_middle_run() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(9), ms(1), ms(5)]), ms(5));
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn lines_give_megabytes_per_second() {
        let t = Timing {
            wall: vec![Duration::from_millis(100); 3],
            cpu_total: Some(Duration::from_millis(150)),
        };
        let line = t.line("f.json", 10_000_000);
        assert!(line.contains("10.00 MB"), "{line}");
        assert!(line.contains("100.0 MB/s"), "{line}");
        assert!(line.contains("CPU 50 ms a run: 200.0 MB/s"), "{line}");
    }
}
