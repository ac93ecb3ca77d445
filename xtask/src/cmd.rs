//! Running the tools Elos builds with: one place that finds the repo, sets PATH and turns failures into messages.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

/// Repo-local npm tools (`wasm-opt` from the `binaryen` package); gitignored.
pub fn tools_dir() -> PathBuf {
    repo_root().join(".tools")
}

/// PATH for every child process: repo-local npm tools first, then cargo-installed binaries,
/// then whatever the caller had. Trunk looks `wasm-opt` and `wasm-bindgen` up on this PATH.
fn child_path() -> OsString {
    let mut dirs = vec![
        tools_dir().join("node_modules").join(".bin"),
        cargo_bin_dir(),
    ];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("no PATH entry contains ':'")
}

/// Where `cargo install` puts binaries: `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
fn cargo_bin_dir() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    cargo_home.join("bin")
}

/// A command run from the repo root with the tool PATH and no stdin (CI has none to give).
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .current_dir(repo_root())
        .env("PATH", child_path())
        .stdin(Stdio::null());
    command
}

/// The cargo that runs xtask, so rustup's toolchain choice carries over.
pub fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs to completion with output on the terminal; a non-zero exit becomes an error.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = show(command);
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|error| not_started(&shown, &error))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Stdout of a command that succeeded, or `None` if it is missing or failed.
/// Used to ask tools for their version.
pub fn stdout_of(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `program arg arg…` for messages.
pub fn show(command: &Command) -> String {
    // `$CARGO` is a full path into rustup's toolchain folder; the name reads better.
    let program = Path::new(command.get_program());
    let name = program.file_name().unwrap_or(program.as_os_str());
    let mut words = vec![name.to_string_lossy().into_owned()];
    words.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );
    words.join(" ")
}

fn not_started(shown: &str, error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        format!("cannot run `{shown}`: program not found on PATH; `cargo xtask setup` installs the build tools")
    } else {
        format!("cannot run `{shown}`: {error}")
    }
}
