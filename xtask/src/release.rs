//! `cargo xtask dist`: the release archive a webmaster who never builds Rust unpacks on the
//! city hall's server — `target/elos-<version>.zip` holding `elos-<version>/` (the built
//! `dist/`) and `elos-<version>/EMBEDDING.txt` (the README's embedding section).
//!
//! The archive is written here with the standard library alone (stored entries, CRC-32): one
//! more dependency for a few hundred bytes of format is not worth it. Entries are sorted and
//! dated 1980-01-01, so the same `dist/` gives the same bytes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{cmd::repo_root, dist, Args, Result};

/// The README's embedding section runs from this heading to the next `## `.
const EMBED_HEADING: &str = "## Embedding";

pub fn run(mut args: Args) -> Result<()> {
    let no_build = args.flag("--no-build");
    args.finish()?;
    let dist = if no_build {
        dist::dist_dir()
    } else {
        dist::build()?
    };
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: run `cargo xtask build` first (or leave out --no-build)",
            dist.display()
        ));
    }
    let version = env!("CARGO_PKG_VERSION");
    let folder = format!("elos-{version}");
    let readme = fs::read_to_string(repo_root().join("README.md"))
        .map_err(|e| format!("cannot read README.md: {e}"))?;
    let embedding = embedding_section(&readme)
        .ok_or_else(|| format!("README.md has no `{EMBED_HEADING}` section"))?;

    let mut entries = Vec::new();
    for path in files_under(&dist)? {
        let relative = path
            .strip_prefix(&dist)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        entries.push((format!("{folder}/{relative}"), bytes));
    }
    entries.push((format!("{folder}/EMBEDDING.txt"), embedding.into_bytes()));
    entries.sort();

    let out = repo_root().join("target").join(format!("{folder}.zip"));
    let archive = zip_stored(&entries);
    fs::write(&out, &archive).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "dist: {} ({} files, {} bytes); unpack it into a folder of the website",
        out.display(),
        entries.len(),
        archive.len()
    );
    Ok(())
}

/// The README's embedding section, as plain text for the archive.
fn embedding_section(readme: &str) -> Option<String> {
    let start = readme.find(EMBED_HEADING)?;
    let rest = &readme[start..];
    let end = rest[EMBED_HEADING.len()..]
        .find("\n## ")
        .map_or(rest.len(), |i| i + EMBED_HEADING.len() + 1);
    Some(
        format!(
            "Elos {} — from README.md\n\n{}",
            env!("CARGO_PKG_VERSION"),
            rest[..end].trim_end()
        ) + "\n",
    )
}

/// Every file under `dir`, depth first, sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut read = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| e.to_string())?;
    read.sort();
    for path in read {
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

/// CRC-32 (IEEE 802.3, as zip uses it).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of `(name, bytes)` entries, stored (not compressed), names in UTF-8.
fn zip_stored(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    const VERSION: u16 = 20;
    const UTF8_NAMES: u16 = 1 << 11;
    const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, bytes) in entries {
        let offset = out.len() as u32;
        let crc = crc32(bytes);
        let size = bytes.len() as u32;
        // Local header.
        u32le(&mut out, 0x0403_4b50);
        for x in [VERSION, UTF8_NAMES, 0, 0, DOS_DATE_1980_01_01] {
            u16le(&mut out, x);
        }
        for x in [crc, size, size] {
            u32le(&mut out, x);
        }
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(bytes);
        // Its central directory record (made by Unix: mode 0644 in the high external bits).
        u32le(&mut central, 0x0201_4b50);
        for x in [
            (3 << 8) | VERSION,
            VERSION,
            UTF8_NAMES,
            0,
            0,
            DOS_DATE_1980_01_01,
        ] {
            u16le(&mut central, x);
        }
        for x in [crc, size, size] {
            u32le(&mut central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, x);
        }
        u32le(&mut central, 0o100_644 << 16);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        u16le(&mut out, x);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_known_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"hello"), 0x3610_A686);
    }

    #[test]
    fn the_archive_is_one_unzip_reads() {
        let entries = vec![
            (
                "elos-0.1.0/index.html".to_owned(),
                b"<!doctype html>".to_vec(),
            ),
            ("elos-0.1.0/data/ação.json".to_owned(), b"{}".to_vec()),
        ];
        let zip = zip_stored(&entries);
        // The end record: two entries, the central directory right after the data.
        let end = &zip[zip.len() - 22..];
        assert_eq!(&end[..4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let central_offset = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(
            &zip[central_offset..central_offset + 4],
            &0x0201_4b50u32.to_le_bytes()
        );
        // And `unzip` (when installed) agrees, CRCs included.
        let path = std::env::temp_dir().join(format!("elos-xtask-{}.zip", std::process::id()));
        fs::write(&path, &zip).unwrap();
        if let Ok(out) = std::process::Command::new("unzip")
            .arg("-t")
            .arg(&path)
            .output()
        {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{text}");
            assert!(text.contains("No errors detected"), "{text}");
        }
        let _ = fs::remove_file(&path);
    }

    #[test]
    fn the_embedding_section_is_cut_at_the_next_heading() {
        let readme =
            "# Elos\n\n## Embedding\n\nPaste this.\n\n### Snippets\n\nx\n\n## Presenting\n\nno";
        let text = embedding_section(readme).unwrap();
        assert!(text.contains("## Embedding\n\nPaste this."));
        assert!(text.contains("### Snippets"));
        assert!(!text.contains("Presenting"));
        assert!(embedding_section("# nothing").is_none());
    }
}
