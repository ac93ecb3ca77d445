//! Web addresses as far as Elos needs them: resolving a dataset address against the page, the
//! origin it would be fetched from, and punycode for international host names.
//!
//! Deliberately narrower than the WHATWG URL standard: whatever this module cannot read for
//! sure (spaces, backslashes, `user@host`, `https:host`, odd IPv4 spellings…) is refused rather
//! than guessed, and the page also checks the verdict against the browser's own parse
//! (`src/fetch.rs`), so a difference between the two parsers can only refuse, never allow.

use std::fmt;

/// Why an address cannot be used at all, whatever the site allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    /// Not an address this module can read for sure (spaces, backslashes, a bad port…).
    Malformed,
    /// A scheme other than `https:` or `http:` (`data:`, `blob:`, `javascript:`, `file:`…).
    Scheme,
    /// A user name or password before the host (`https://city.gov.br@evil.example/`), the
    /// classic way of disguising where a link goes.
    Credentials,
}

/// Scheme, host and port: what the browser's same-origin rule compares.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// `https` or `http`, lower case.
    pub scheme: String,
    /// Lower-case ASCII; international names in their punycode (`xn--`) form.
    pub host: String,
    /// `None` for the scheme's default port.
    pub port: Option<u16>,
}

impl Origin {
    /// `dados.cidade.gov.br` or `localhost:8080`: how the page names a site to a reader.
    pub fn host_and_port(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host_and_port())
    }
}

/// An absolute `http(s)` address with its path normalised (no `.` or `..` segments) and its
/// fragment dropped (it is never sent to the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub origin: Origin,
    /// Starts with `/`.
    pub path: String,
    /// Without the `?`.
    pub query: Option<String>,
}

impl Url {
    /// Parses an absolute address (`https://host[:port]/path?query#fragment`).
    pub fn parse(text: &str) -> Result<Url, AddressError> {
        check_characters(text)?;
        let (scheme, rest) = split_scheme(text).ok_or(AddressError::Malformed)?;
        let scheme = web_scheme(scheme)?;
        // `https:host` and `https:/host` mean different things to different parsers.
        let rest = rest.strip_prefix("//").ok_or(AddressError::Malformed)?;
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let origin = parse_authority(&scheme, &rest[..authority_end])?;
        let (path, query) = split_path(&rest[authority_end..]);
        let path = if path.is_empty() { "/" } else { path };
        Ok(Url {
            origin,
            path: normalise_path(path)?,
            query,
        })
    }

    /// Resolves `reference` (absolute, `//host/…`, `/path`, `path`, `../path`, `?query`)
    /// against this address, as a browser resolves a link on the page at `self`.
    pub fn join(&self, reference: &str) -> Result<Url, AddressError> {
        check_characters(reference)?;
        if reference.is_empty() {
            return Err(AddressError::Malformed);
        }
        if split_scheme(reference).is_some() {
            return Url::parse(reference);
        }
        if reference.starts_with("//") {
            return Url::parse(&format!("{}:{reference}", self.origin.scheme));
        }
        let (path, query) = split_path(reference);
        let path = if path.is_empty() {
            // `?x=1` or `#top`: the same document.
            self.path.clone()
        } else if path.starts_with('/') {
            path.to_owned()
        } else {
            let folder_end = self.path.rfind('/').map_or(0, |slash| slash + 1);
            format!("{}{path}", &self.path[..folder_end])
        };
        let query = if reference.starts_with('#') {
            self.query.clone()
        } else {
            query
        };
        Ok(Url {
            origin: self.origin.clone(),
            path: normalise_path(&path)?,
            query,
        })
    }

    /// The folder of this address: its path up to and including the last `/`.
    pub fn folder(&self) -> &str {
        let end = self.path.rfind('/').map_or(0, |slash| slash + 1);
        &self.path[..end]
    }

    /// The address as text, as a browser would write it.
    pub fn href(&self) -> String {
        match &self.query {
            Some(query) => format!("{}{}?{query}", self.origin, self.path),
            None => format!("{}{}", self.origin, self.path),
        }
    }
}

/// Spaces, control characters and backslashes are refused: browsers silently drop or convert
/// them, so the address a reader sees would not be the one fetched.
fn check_characters(text: &str) -> Result<(), AddressError> {
    let bad = |c: char| c.is_whitespace() || c.is_control() || c == '\\' || is_invisible(c);
    if text.chars().any(bad) {
        Err(AddressError::Malformed)
    } else {
        Ok(())
    }
}

/// Zero-width and direction-changing characters, which make an address read differently
/// from what it is.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// `("https", "//host/…")` when `text` starts with a scheme and a colon.
fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let scheme = &text[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_ok && rest_ok).then(|| (scheme, &text[colon + 1..]))
}

fn web_scheme(scheme: &str) -> Result<String, AddressError> {
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "https" || scheme == "http" {
        Ok(scheme)
    } else {
        Err(AddressError::Scheme)
    }
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" {
        443
    } else {
        80
    }
}

fn parse_authority(scheme: &str, authority: &str) -> Result<Origin, AddressError> {
    if authority.contains('@') {
        return Err(AddressError::Credentials);
    }
    // IPv6 literals (`[::1]`) are not needed by any city hall site; refusing them keeps the
    // host rule simple.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(parse_port(port)?)),
        None => (authority, None),
    };
    let port = port.filter(|&port| port != default_port(scheme));
    Ok(Origin {
        scheme: scheme.to_owned(),
        host: ascii_host(host)?,
        port,
    })
}

fn parse_port(text: &str) -> Result<u16, AddressError> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AddressError::Malformed);
    }
    text.parse().map_err(|_| AddressError::Malformed)
}

/// The host in lower-case ASCII, international labels in punycode; refuses what browsers
/// would reinterpret (percent signs, empty labels, IPv4 in hexadecimal or as one number).
pub fn ascii_host(host: &str) -> Result<String, AddressError> {
    if host.is_empty() || host.starts_with('.') || host.contains("..") {
        return Err(AddressError::Malformed);
    }
    let lower = host.to_lowercase();
    let trimmed = lower.strip_suffix('.').unwrap_or(&lower);
    let mut labels = Vec::new();
    for label in trimmed.split('.') {
        let label = if label.is_ascii() {
            label.to_owned()
        } else {
            format!("xn--{}", punycode(label).ok_or(AddressError::Malformed)?)
        };
        let ok = !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err(AddressError::Malformed);
        }
        labels.push(label);
    }
    let last = labels.last().ok_or(AddressError::Malformed)?;
    // Browsers read a host whose last label is a number as an IPv4 address, in decimal,
    // octal or hexadecimal (`2130706433`, `0x7f.1`); only the plain dotted form is accepted.
    if last.bytes().all(|b| b.is_ascii_digit()) || last.starts_with("0x") {
        let plain_ipv4 = labels.len() == 4
            && labels.iter().all(|label| {
                label.len() <= 3
                    && label.bytes().all(|b| b.is_ascii_digit())
                    && (label == "0" || !label.starts_with('0'))
                    && label.parse::<u16>().is_ok_and(|n| n <= 255)
            });
        if !plain_ipv4 {
            return Err(AddressError::Malformed);
        }
    }
    let mut out = labels.join(".");
    if lower.ends_with('.') {
        out.push('.');
    }
    Ok(out)
}

/// `("/a/b", Some("x=1"))` from `/a/b?x=1#top`.
fn split_path(text: &str) -> (&str, Option<String>) {
    let without_fragment = text.split('#').next().unwrap_or("");
    match without_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (without_fragment, None),
    }
}

/// Removes `.` and `..` segments (also spelt `%2e`, which browsers treat as a dot) so that a
/// path can be compared with an allowed folder; refuses encoded slashes, which some servers
/// decode after that comparison.
fn normalise_path(path: &str) -> Result<String, AddressError> {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(AddressError::Malformed);
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            _ => out.push(segment),
        }
    }
    Ok(format!("/{}", out.join("/")))
}

/// RFC 3492 punycode of one host label (without the `xn--`), or `None` on overflow.
pub fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (128_u32, 0_u32, 72_u32);
    while (handled as usize) < input.len() {
        let next = *input.iter().filter(|&&c| c >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(punycode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(punycode_digit(q));
                bias = punycode_adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

fn punycode_digit(d: u32) -> char {
    let byte = if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    };
    char::from(byte)
}

fn punycode_adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 36 - 1;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://www.city.gov.br/relacoes/elos/index.html?lang=en").unwrap()
    }

    fn join(reference: &str) -> Result<String, AddressError> {
        page().join(reference).map(|url| url.href())
    }

    #[test]
    fn parses_origin_path_and_query() {
        let url = Url::parse("HTTPS://Dados.City.GOV.br:443/a/b.json?v=2#top").unwrap();
        assert_eq!(url.origin.to_string(), "https://dados.city.gov.br");
        assert_eq!(url.path, "/a/b.json");
        assert_eq!(url.query.as_deref(), Some("v=2"));
        let url = Url::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(url.href(), "http://127.0.0.1:8080/");
        assert_eq!(url.origin.host_and_port(), "127.0.0.1:8080");
    }

    #[test]
    fn relative_addresses_resolve_like_a_browser() {
        assert_eq!(
            join("data/x.json").unwrap(),
            "https://www.city.gov.br/relacoes/elos/data/x.json"
        );
        assert_eq!(
            join("./data/../x.json").unwrap(),
            "https://www.city.gov.br/relacoes/elos/x.json"
        );
        assert_eq!(join("/x.json").unwrap(), "https://www.city.gov.br/x.json");
        assert_eq!(
            join("?data=1").unwrap(),
            "https://www.city.gov.br/relacoes/elos/index.html?data=1"
        );
        assert_eq!(
            join("//dados.city.gov.br/x.json").unwrap(),
            "https://dados.city.gov.br/x.json"
        );
    }

    #[test]
    fn climbing_out_of_the_folder_never_leaves_the_site() {
        assert_eq!(
            join("../x.json").unwrap(),
            "https://www.city.gov.br/relacoes/x.json"
        );
        assert_eq!(
            join("../../../../../../x.json").unwrap(),
            "https://www.city.gov.br/x.json"
        );
        // A host name after `..` is only a folder name.
        assert_eq!(
            join("../../..//evil.example/x.json").unwrap(),
            "https://www.city.gov.br//evil.example/x.json"
        );
        // Browsers treat `%2e` as a dot in paths, so must the comparison with a folder.
        assert_eq!(
            join("%2e%2e/%2E./x.json").unwrap(),
            "https://www.city.gov.br/x.json"
        );
        assert_eq!(join("..%2fx.json"), Err(AddressError::Malformed));
        assert_eq!(
            join("data/.."),
            Ok("https://www.city.gov.br/relacoes/elos/".into())
        );
    }

    #[test]
    fn tricks_that_change_the_site_are_refused_or_seen_through() {
        assert_eq!(
            join("https://city.gov.br@evil.example/x.json"),
            Err(AddressError::Credentials)
        );
        assert_eq!(
            join("https://user:pass@www.city.gov.br/x.json"),
            Err(AddressError::Credentials)
        );
        assert_eq!(
            join("//evil.example/x.json").unwrap(),
            "https://evil.example/x.json"
        );
        assert_eq!(join("https:evil.example/x"), Err(AddressError::Malformed));
        assert_eq!(join("https:/evil.example/x"), Err(AddressError::Malformed));
        assert_eq!(join("/\\evil.example/x"), Err(AddressError::Malformed));
        assert_eq!(
            join("https://evil.example\t/x"),
            Err(AddressError::Malformed)
        );
        assert_eq!(join(" https://evil.example/"), Err(AddressError::Malformed));
        assert_eq!(
            join("https://evil\u{202E}elpmaxe/"),
            Err(AddressError::Malformed)
        );
        assert_eq!(
            join("https://city.gov.br%2f@x/"),
            Err(AddressError::Credentials)
        );
        assert_eq!(
            join("https://city.gov.br%2fx/"),
            Err(AddressError::Malformed)
        );
        assert_eq!(join("https://2130706433/x"), Err(AddressError::Malformed));
        assert_eq!(join("https://0x7f.1/x"), Err(AddressError::Malformed));
        assert_eq!(join("https://127.000.0.1/x"), Err(AddressError::Malformed));
        assert_eq!(join("https://[::1]/x"), Err(AddressError::Malformed));
        assert_eq!(
            join("https://city.gov.br:99999/x"),
            Err(AddressError::Malformed)
        );
        assert_eq!(join("https://city.gov.br:/x"), Err(AddressError::Malformed));
        assert_eq!(join("https:///x"), Err(AddressError::Malformed));
        assert_eq!(join(""), Err(AddressError::Malformed));
    }

    #[test]
    fn only_web_schemes() {
        for address in [
            "data:application/json,{}",
            "blob:https://www.city.gov.br/1234",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "ftp://city.gov.br/x.json",
        ] {
            assert_eq!(join(address), Err(AddressError::Scheme), "{address}");
        }
        assert!(join("http://city.gov.br/x.json").is_ok());
    }

    #[test]
    fn ports_compare_by_value() {
        let default = Url::parse("https://city.gov.br:443/").unwrap().origin;
        let plain = Url::parse("https://city.gov.br/").unwrap().origin;
        let other = Url::parse("https://city.gov.br:8443/").unwrap().origin;
        assert_eq!(default, plain);
        assert_ne!(plain, other);
        assert_eq!(
            Url::parse("http://city.gov.br:80/").unwrap().origin.port,
            None
        );
    }

    #[test]
    fn international_names_become_punycode() {
        // RFC 3492's own examples and well-known labels.
        assert_eq!(punycode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(punycode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(
            punycode("他们为什么不说中文").as_deref(),
            Some("ihqwcrb4cv8a8dqg056pqjye")
        );
        assert_eq!(
            punycode("3年B組金八先生").as_deref(),
            Some("3B-ww4c5e180e575a65lsy2b")
        );
        let url = Url::parse("https://MÜNCHEN.de/x").unwrap();
        assert_eq!(url.origin.host, "xn--mnchen-3ya.de");
        // A look-alike letter (Cyrillic і) is another site, not the city's.
        let lookalike = Url::parse("https://cіty.gov.br/").unwrap();
        assert_ne!(lookalike.origin.host, "city.gov.br");
        assert!(lookalike.origin.host.starts_with("xn--"));
    }
}
