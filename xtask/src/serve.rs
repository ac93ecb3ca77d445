//! `cargo xtask serve`: a small std-only static file server for dist/, mountable under a sub-folder like a city hall's site.

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::cmd::repo_root;
use crate::{dist, Args, Result};

pub const DEFAULT_PORT: u16 = 8080;

pub fn run(mut args: Args) -> Result<()> {
    let port = match args.value("--port")? {
        Some(port) => port
            .parse()
            .map_err(|_| format!("--port wants a number from 1 to 65535, not `{port}`"))?,
        None => DEFAULT_PORT,
    };
    let prefix = args.value("--prefix")?.unwrap_or_else(|| "/".into());
    let no_build = args.flag("--no-build");
    args.finish()?;

    let dist = if no_build {
        dist::dist_dir()
    } else {
        dist::build()?
    };
    if !dist.join("index.html").exists() {
        return Err("dist/index.html is missing; run `cargo xtask build` first".into());
    }
    let mounts = vec![
        Mount::new(&prefix, dist),
        Mount::new("/fixtures/", repo_root().join("tests/data")),
        Mount::new(
            crate::test::HOSTS_PREFIX,
            repo_root().join(crate::test::HOSTS_DIR),
        ),
    ];
    let server = Server::bind(port, mounts)?.logging(true);
    println!(
        "serving dist/ at {}",
        server.url(&normalise_prefix(&prefix))
    );
    println!(
        "and tests/data/ at {} (for ?data=…), and the test host pages at {}; Ctrl-C stops",
        server.url("/fixtures/"),
        server
            .url(crate::test::HOSTS_PREFIX)
            .replacen("127.0.0.1", "localhost", 1)
    );
    server.serve_forever();
    Ok(())
}

/// A folder served under a URL prefix such as `/relacoes-internacionais/elos/`.
pub struct Mount {
    prefix: String,
    dir: PathBuf,
}

impl Mount {
    pub fn new(prefix: &str, dir: PathBuf) -> Mount {
        Mount {
            prefix: normalise_prefix(prefix),
            dir,
        }
    }
}

/// `/a/b` and `a/b/` become `/a/b/`; `` becomes `/`.
fn normalise_prefix(prefix: &str) -> String {
    let inner = prefix.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

pub struct Server {
    listener: TcpListener,
    mounts: Arc<Vec<Mount>>,
    logging: bool,
}

impl Server {
    /// Listens on 127.0.0.1; port 0 picks a free port.
    pub fn bind(port: u16, mounts: Vec<Mount>) -> Result<Server> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = TcpListener::bind(address).map_err(|error| match error.kind() {
            ErrorKind::AddrInUse => format!(
                "port {port} is busy: another program (an earlier `cargo xtask serve`?) is listening \
                 on it; stop that or pick another port with `cargo xtask serve --port {}`",
                port.wrapping_add(1)
            ),
            _ => format!("cannot listen on {address}: {error}"),
        })?;
        Ok(Server {
            listener,
            mounts: Arc::new(mounts),
            logging: false,
        })
    }

    /// Prints one line per request.
    pub fn logging(mut self, on: bool) -> Server {
        self.logging = on;
        self
    }

    pub fn url(&self, path: &str) -> String {
        let port = self
            .listener
            .local_addr()
            .map(|address| address.port())
            .unwrap_or(0);
        format!("http://127.0.0.1:{port}{path}")
    }

    /// Serves on a background thread until the process ends.
    pub fn spawn(self) {
        thread::spawn(move || self.serve_forever());
    }

    pub fn serve_forever(self) {
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            let mounts = Arc::clone(&self.mounts);
            let logging = self.logging;
            thread::spawn(move || {
                if let Err(error) = handle(stream, &mounts, logging) {
                    if logging {
                        eprintln!("serve: {error}");
                    }
                }
            });
        }
    }
}

/// What to send back for one request.
#[derive(Debug, PartialEq)]
enum Reply {
    File(PathBuf),
    Redirect(String),
    Error(u16, &'static str),
}

fn handle(stream: TcpStream, mounts: &[Mount], logging: bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read every header so the client sees an orderly close; only Accept-Encoding is used.
    let mut header = String::new();
    let mut accepts_brotli = false;
    while reader.read_line(&mut header)? > 2 {
        accepts_brotli |= accepts_brotli_in(&header);
        header.clear();
    }

    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let reply = match method {
        "GET" | "HEAD" => resolve(target, mounts),
        _ => Reply::Error(405, "Method Not Allowed"),
    };
    let status = respond(stream, &reply, method == "HEAD", accepts_brotli, target)?;
    if logging {
        println!("{status} {method} {target}");
    }
    Ok(())
}

/// Maps a request target to a file, never outside the mounted folders.
fn resolve(target: &str, mounts: &[Mount]) -> Reply {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let Some(path) = percent_decode(path) else {
        return Reply::Error(400, "Bad Request");
    };
    let with_query = |path: String| match query {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    // The longest prefix wins, so `/fixtures/` beats a mount at `/`.
    let mount = mounts
        .iter()
        .filter(|mount| path.starts_with(&mount.prefix) || format!("{path}/") == mount.prefix)
        .max_by_key(|mount| mount.prefix.len());
    let Some(mount) = mount else {
        return match mounts.first() {
            Some(app) if path == "/" => Reply::Redirect(with_query(app.prefix.clone())),
            _ => Reply::Error(404, "Not Found"),
        };
    };
    if path.len() < mount.prefix.len() {
        // `/sub/folder` → `/sub/folder/`, or relative asset URLs would resolve one level up.
        return Reply::Redirect(with_query(mount.prefix.clone()));
    }
    let relative = Path::new(&path[mount.prefix.len()..]);
    let safe = relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    if !safe || path.contains('\\') || path.contains('\0') {
        return Reply::Error(400, "Bad Request");
    }
    let mut file = mount.dir.join(relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            return Reply::Redirect(with_query(format!("{path}/")));
        }
        file.push("index.html");
    }
    // Symlinks could still lead out of the folder; compare real paths.
    match (file.canonicalize(), mount.dir.canonicalize()) {
        (Ok(real), Ok(root)) if real.starts_with(&root) && real.is_file() => Reply::File(real),
        _ => Reply::Error(404, "Not Found"),
    }
}

/// Whether a request header line is an `Accept-Encoding` that takes brotli (`br`).
fn accepts_brotli_in(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    name.trim().eq_ignore_ascii_case("accept-encoding")
        && value.split(',').any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// The brotli copy beside a file (`app.wasm.br`), as a production web server would send it;
/// only `bench lighthouse` writes such copies (`xtask/scripts/precompress.mjs`), so every other
/// use of this server sends files as they are.
fn brotli_copy(path: &Path) -> Option<PathBuf> {
    let mut name = path.file_name()?.to_os_string();
    name.push(".br");
    let copy = path.with_file_name(name);
    copy.is_file().then_some(copy)
}

fn respond(
    mut stream: TcpStream,
    reply: &Reply,
    head_only: bool,
    accepts_brotli: bool,
    target: &str,
) -> std::io::Result<u16> {
    let brotli = match reply {
        Reply::File(path) if accepts_brotli => brotli_copy(path),
        _ => None,
    };
    // As any web server: the file's date, which the printed brief shows as the data's date.
    let modified = match reply {
        Reply::File(path) => fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(http_date),
        _ => None,
    };
    let (status, reason, content_type, body, location) = match reply {
        Reply::File(path) => match fs::read(brotli.as_deref().unwrap_or(path)) {
            Ok(bytes) => (200, "OK", mime_type(path), bytes, None),
            Err(_) => (
                404,
                "Not Found",
                "text/plain; charset=utf-8",
                b"404 Not Found\n".to_vec(),
                None,
            ),
        },
        Reply::Redirect(location) => {
            let body = format!("moved to {location}\n").into_bytes();
            (
                301,
                "Moved Permanently",
                "text/plain; charset=utf-8",
                body,
                Some(location.as_str()),
            )
        }
        Reply::Error(status, reason) => {
            let body = format!("{status} {reason}: {target}\n").into_bytes();
            (*status, *reason, "text/plain; charset=utf-8", body, None)
        }
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if brotli.is_some() && status == 200 {
        head.push_str("Content-Encoding: br\r\nVary: Accept-Encoding\r\n");
    }
    if let Some(modified) = modified.filter(|_| status == 200) {
        head.push_str(&format!("Last-Modified: {modified}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    Ok(status)
}

/// A time as HTTP writes it (IMF-fixdate): `Tue, 01 Dec 2026 06:31:00 GMT`.
fn http_date(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn mime_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "geojson" => "application/geo+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` escapes; `None` for broken escapes or non-UTF-8 results.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A temporary folder with `app/index.html`, `app/data/a.json` and `fixtures/bad.json`,
    /// one per test since tests run in parallel.
    fn site(test: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("elos-serve-{test}-{}", std::process::id()));
        fs::create_dir_all(root.join("app/data")).unwrap();
        fs::create_dir_all(root.join("fixtures")).unwrap();
        fs::write(root.join("app/index.html"), "<h1>Elos</h1>").unwrap();
        fs::write(root.join("app/data/a.json"), "{}").unwrap();
        fs::write(root.join("fixtures/bad.json"), "{").unwrap();
        fs::write(root.join("secret.txt"), "no").unwrap();
        root
    }

    fn mounts(root: &Path) -> Vec<Mount> {
        vec![
            Mount::new("/relacoes-internacionais/elos", root.join("app")),
            Mount::new("/fixtures/", root.join("fixtures")),
        ]
    }

    #[test]
    fn resolves_inside_mounts_only() {
        let root = site("resolve");
        let mounts = mounts(&root);
        let app = root.join("app").canonicalize().unwrap();
        let resolve = |target| resolve(target, &mounts);

        assert_eq!(
            resolve("/relacoes-internacionais/elos/?data=x"),
            Reply::File(app.join("index.html"))
        );
        assert_eq!(
            resolve("/relacoes-internacionais/elos/data/a%2Ejson"),
            Reply::File(app.join("data/a.json"))
        );
        assert_eq!(
            resolve("/relacoes-internacionais/elos?lang=en"),
            Reply::Redirect("/relacoes-internacionais/elos/?lang=en".into())
        );
        assert_eq!(
            resolve("/relacoes-internacionais/elos/data"),
            Reply::Redirect("/relacoes-internacionais/elos/data/".into())
        );
        assert_eq!(
            resolve("/"),
            Reply::Redirect("/relacoes-internacionais/elos/".into())
        );
        assert!(matches!(resolve("/fixtures/bad.json"), Reply::File(_)));
        assert_eq!(
            resolve("/relacoes-internacionais/elos/missing.js"),
            Reply::Error(404, "Not Found")
        );
        assert_eq!(
            resolve("/elsewhere/index.html"),
            Reply::Error(404, "Not Found")
        );
        for traversal in [
            "/fixtures/../secret.txt",
            "/fixtures/%2e%2e/secret.txt",
            "/fixtures/..%2fsecret.txt",
            "/fixtures/%2e%2e%5csecret.txt",
            "/fixtures//etc/passwd",
            "/fixtures/%zz",
        ] {
            assert!(
                matches!(resolve(traversal), Reply::Error(400 | 404, _)),
                "{traversal}"
            );
        }
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn serves_over_http_with_types_and_no_cache() {
        let root = site("http");
        let server = Server::bind(0, mounts(&root)).unwrap();
        let base = server.url("");
        server.spawn();
        let address = base.trim_start_matches("http://");

        let get = |path: &str| {
            let mut stream = TcpStream::connect(address).unwrap();
            write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            response
        };
        let page = get("/relacoes-internacionais/elos/");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(page.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(page.contains("Cache-Control: no-cache\r\n"));
        assert!(page.ends_with("\r\n\r\n<h1>Elos</h1>"));
        assert!(get("/fixtures/bad.json").contains("Content-Type: application/json\r\n"));
        assert!(get("/fixtures/nothing.json").starts_with("HTTP/1.1 404 Not Found\r\n"));
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_brotli_copy_is_sent_to_a_client_that_takes_it() {
        let root = site("brotli");
        fs::write(root.join("app/app.js"), "plain").unwrap();
        fs::write(root.join("app/app.js.br"), "squeezed").unwrap();
        let server = Server::bind(0, mounts(&root)).unwrap();
        let base = server.url("");
        server.spawn();
        let address = base.trim_start_matches("http://");
        let get = |path: &str, accept: &str| {
            let mut stream = TcpStream::connect(address).unwrap();
            write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{accept}\r\n").unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            response
        };
        let js = "/relacoes-internacionais/elos/app.js";
        let squeezed = get(js, "Accept-Encoding: gzip, deflate, br, zstd\r\n");
        assert!(squeezed.contains("Content-Encoding: br\r\n"), "{squeezed}");
        assert!(
            squeezed.contains("Content-Type: text/javascript"),
            "{squeezed}"
        );
        assert!(squeezed.contains("Content-Length: 8\r\n"));
        assert!(squeezed.ends_with("\r\n\r\nsqueezed"));
        for accept in [
            "",
            "Accept-Encoding: gzip\r\n",
            "accept-encoding: br;q=0\r\n",
        ] {
            let plain = get(js, accept);
            assert!(!plain.contains("Content-Encoding"), "{accept}: {plain}");
            assert!(plain.ends_with("\r\n\r\nplain"), "{accept}: {plain}");
        }
        // A file without a copy is sent as it is.
        let page = get("/relacoes-internacionais/elos/", "Accept-Encoding: br\r\n");
        assert!(!page.contains("Content-Encoding") && page.ends_with("<h1>Elos</h1>"));
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn dates_are_written_as_http_wants_them() {
        let at =
            |secs: u64| http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
        assert_eq!(at(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            at(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "RFC 9110's example"
        );
        assert_eq!(at(1_709_164_800), "Thu, 29 Feb 2024 00:00:00 GMT");
    }

    #[test]
    fn busy_port_says_so() {
        let first = Server::bind(0, Vec::new()).unwrap();
        let port: u16 = first.url("").rsplit(':').next().unwrap().parse().unwrap();
        let error = Server::bind(port, Vec::new()).err().unwrap();
        assert!(error.contains(&format!("port {port} is busy")), "{error}");
    }

    #[test]
    fn types_and_prefixes() {
        assert_eq!(mime_type(Path::new("x_bg.wasm")), "application/wasm");
        assert_eq!(mime_type(Path::new("world.json")), "application/json");
        assert_eq!(mime_type(Path::new("icon.SVG")), "image/svg+xml");
        assert_eq!(normalise_prefix(""), "/");
        assert_eq!(normalise_prefix("a/b"), "/a/b/");
    }
}
