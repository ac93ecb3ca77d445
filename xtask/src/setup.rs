//! `cargo xtask setup`: installs the pinned build tools that are missing or at the wrong version, and nothing else.
//!
//! These machines reach only crates.io, npm, PyPI and Debian, so Trunk cannot download
//! `wasm-bindgen` or `wasm-opt` itself: they come from cargo and npm and are found on the PATH
//! that [`crate::cmd::command`] gives every child process. See `shared/TOOLCHAIN.md`.

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use crate::cmd::{self, cargo, command, repo_root, stdout_of, tools_dir};
use crate::Result;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs rustc 1.96; 0.21.14 builds with the 1.95 on these machines.
pub const TRUNK_VERSION: &str = "0.21.14";
/// `wasm-opt` from npm's `binaryen` package; Debian's is from 2022.
/// leptosfmt formats `view!` macros; another version formats them differently, so the check
/// would fail (or pass) for reasons that are not the code's.
pub const LEPTOSFMT_VERSION: &str = "0.1.33";
pub const BINARYEN_VERSION: &str = "132";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Folder of the node browser tests and their `package-lock.json`.
pub const BROWSER_TESTS_DIR: &str = "tests/browser";

/// Checks every tool and installs what is missing; quick when all is in place.
pub fn ensure_tools() -> Result<()> {
    println!("setup: checking build tools");
    check_node()?;
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()?;
    ensure_browser_test_packages()?;
    ensure_leptosfmt()?;
    ensure_cargo_deny()?;
    if !Path::new(CHROMIUM).exists() {
        println!("  note       {CHROMIUM} is missing; the browser tests need it: apt-get install -y chromium");
    }
    Ok(())
}

fn ok(tool: &str, detail: &str) {
    println!("  ok         {tool}: {detail}");
}

fn install(tool: &str, reason: &str, steps: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("  installing {tool} ({reason})");
    let started = Instant::now();
    steps()?;
    println!("  installed  {tool} in {:.0?}", started.elapsed());
    Ok(())
}

/// `node --version` says e.g. `v20.20.2`; Playwright and `node --test <folder>` need 18 or newer.
fn check_node() -> Result<()> {
    let version = stdout_of(command("node").arg("--version")).ok_or(
        "Node.js is missing; it runs wasm-opt and the browser tests: apt-get install -y nodejs npm",
    )?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .ok_or_else(|| {
            format!("cannot read the Node.js version from `node --version`: {version}")
        })?;
    if major < 18 {
        return Err(format!(
            "Node.js {version} is too old; install Node.js 18 or newer"
        ));
    }
    if stdout_of(command("npm").arg("--version")).is_none() {
        return Err("npm is missing: apt-get install -y npm".into());
    }
    ok("node", &version);
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    let Some(installed) = stdout_of(command("rustup").args(["target", "list", "--installed"]))
    else {
        // Without rustup (a distro Rust), the target can only come with the toolchain.
        let sysroot = stdout_of(rustc().args(["--print", "sysroot"])).unwrap_or_default();
        if Path::new(&sysroot)
            .join("lib/rustlib")
            .join(WASM_TARGET)
            .exists()
        {
            ok(WASM_TARGET, "in the toolchain (no rustup)");
            return Ok(());
        }
        return Err(format!(
            "rustup is missing and the toolchain has no {WASM_TARGET} target; install Rust with rustup (https://rustup.rs)"
        ));
    };
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        ok(WASM_TARGET, "installed");
        return Ok(());
    }
    install(WASM_TARGET, "rustup target missing", || {
        cmd::run(command("rustup").args(["target", "add", WASM_TARGET]))
    })
}

fn rustc() -> std::process::Command {
    command(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
}

/// `trunk --version` says `trunk 0.21.14`.
fn ensure_trunk() -> Result<()> {
    let found = version_word(command("trunk").arg("--version"), 1);
    if found.as_deref() == Some(TRUNK_VERSION) {
        ok("trunk", TRUNK_VERSION);
        return Ok(());
    }
    install(
        "trunk",
        &wrong_or_missing(found, TRUNK_VERSION, "~15 min"),
        || {
            let mut install = cargo();
            install.args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]);
            cmd::run(&mut install)
        },
    )?;
    expect_version(command("trunk").arg("--version"), 1, TRUNK_VERSION, "trunk")
}

/// `wasm-bindgen --version` says `wasm-bindgen 0.2.130`; it must equal the crate in Cargo.lock.
fn ensure_wasm_bindgen() -> Result<()> {
    let wanted = wasm_bindgen_version_in(&repo_root().join("Cargo.lock"))?;
    let found = version_word(command("wasm-bindgen").arg("--version"), 1);
    if found.as_deref() == Some(wanted.as_str()) {
        ok("wasm-bindgen", &format!("{wanted} (as in Cargo.lock)"));
        return Ok(());
    }
    install(
        "wasm-bindgen-cli",
        &wrong_or_missing(found, &wanted, "~8 min"),
        || {
            // No --locked: the CLI's own lockfile wants a webpki-roots version crates.io doesn't serve.
            cmd::run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted]))
        },
    )?;
    expect_version(
        command("wasm-bindgen").arg("--version"),
        1,
        &wanted,
        "wasm-bindgen",
    )
}

/// `wasm-opt --version` says `wasm-opt version 132 (version_132)`.
fn ensure_wasm_opt() -> Result<()> {
    let wasm_opt = tools_dir().join("node_modules/.bin/wasm-opt");
    let found = version_word(command(&wasm_opt).arg("--version"), 2);
    if found.as_deref() == Some(BINARYEN_VERSION) {
        ok("wasm-opt", &format!("{BINARYEN_VERSION} in .tools/"));
        return Ok(());
    }
    let reason = wrong_or_missing(found, BINARYEN_VERSION, "seconds");
    install("wasm-opt (npm binaryen)", &reason, || {
        fs::create_dir_all(tools_dir()).map_err(|e| format!("cannot create .tools/: {e}"))?;
        let package = format!("binaryen@{BINARYEN_VERSION}");
        cmd::run(
            command("npm")
                .args(["install", "--prefix"])
                .arg(tools_dir())
                .args(["--no-audit", "--no-fund", "--save-exact", &package]),
        )
    })?;
    expect_version(
        command(&wasm_opt).arg("--version"),
        2,
        BINARYEN_VERSION,
        "wasm-opt",
    )
}

/// `npm ci` when `node_modules` is missing or older than `package-lock.json`.
fn ensure_browser_test_packages() -> Result<()> {
    let dir = repo_root().join(BROWSER_TESTS_DIR);
    let lock = dir.join("package-lock.json");
    if !lock.exists() {
        return Err(format!(
            "{} is missing; run `npm install` in {BROWSER_TESTS_DIR} and commit the lockfile",
            lock.display()
        ));
    }
    // npm writes this hidden lockfile last when it installs.
    let installed = dir.join("node_modules/.package-lock.json");
    let stale = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed < lock,
        _ => true,
    };
    if !stale {
        ok("browser test packages", "installed");
        return Ok(());
    }
    install("browser test packages", "npm ci", || {
        cmd::run(
            command("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir),
        )
    })
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// `leptosfmt --version` says `leptosfmt 0.1.33`.
fn ensure_leptosfmt() -> Result<()> {
    let found = version_word(command("leptosfmt").arg("--version"), 1);
    if found.as_deref() == Some(LEPTOSFMT_VERSION) {
        ok("leptosfmt", LEPTOSFMT_VERSION);
        return Ok(());
    }
    install(
        "leptosfmt",
        &wrong_or_missing(found, LEPTOSFMT_VERSION, "~3 min"),
        || {
            let mut install = cargo();
            install.args([
                "install",
                "leptosfmt",
                "--version",
                LEPTOSFMT_VERSION,
                "--locked",
            ]);
            cmd::run(&mut install)
        },
    )?;
    expect_version(
        command("leptosfmt").arg("--version"),
        1,
        LEPTOSFMT_VERSION,
        "leptosfmt",
    )
}

/// `cargo deny --version` says `cargo-deny 0.20.2`. Any version reads deny.toml's keys; a
/// fresh install compiles for ~8 minutes (measured on these 2-core machines).
fn ensure_cargo_deny() -> Result<()> {
    if let Some(version) = stdout_of(cargo().args(["deny", "--version"])) {
        ok("cargo-deny", &version);
        return Ok(());
    }
    install("cargo-deny", "missing; takes ~8 min", || {
        cmd::run(cargo().args(["install", "cargo-deny", "--locked"]))
    })
}

/// The `index`th word of a tool's version line, e.g. `0.21.14` of `trunk 0.21.14`.
fn version_word(command: &mut std::process::Command, index: usize) -> Option<String> {
    let line = stdout_of(command)?;
    line.split_whitespace().nth(index).map(str::to_string)
}

fn expect_version(
    command: &mut std::process::Command,
    index: usize,
    wanted: &str,
    tool: &str,
) -> Result<()> {
    match version_word(command, index) {
        Some(found) if found == wanted => {
            ok(tool, wanted);
            Ok(())
        }
        found => Err(format!(
            "{tool} {wanted} was installed but `{}` reports {}; is another {tool} earlier on PATH?",
            cmd::show(command),
            found.unwrap_or_else(|| "nothing".into())
        )),
    }
}

/// `found 0.21.13, want 0.21.14; takes ~15 min`
fn wrong_or_missing(found: Option<String>, wanted: &str, takes: &str) -> String {
    let found = found.map_or("missing".to_string(), |found| format!("found {found}"));
    format!("{found}, want {wanted}; takes {takes}")
}

/// The version of the `wasm-bindgen` crate that Cargo.lock resolved.
fn wasm_bindgen_version_in(lock_path: &Path) -> Result<String> {
    let lock = fs::read_to_string(lock_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run `cargo generate-lockfile` first",
            lock_path.display()
        )
    })?;
    wasm_bindgen_version(&lock).ok_or_else(|| {
        format!(
            "{} has no `wasm-bindgen` package; the app should depend on `wasm-bindgen = \"=X\"`",
            lock_path.display()
        )
    })
}

fn wasm_bindgen_version(lock: &str) -> Option<String> {
    lock.split("[[package]]").find_map(|package| {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_string())
            })
        };
        (field("name")? == "wasm-bindgen").then(|| field("version"))?
    })
}

#[cfg(test)]
mod tests {
    use super::wasm_bindgen_version;

    #[test]
    fn reads_wasm_bindgen_from_cargo_lock() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.100"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(wasm_bindgen_version(lock).as_deref(), Some("0.2.130"));
        assert_eq!(wasm_bindgen_version("version = 4\n"), None);
    }
}
