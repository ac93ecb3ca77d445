//! The site configuration a city hall publishes with Elos (`elos-site.json`, embedded in
//! `index.html` by the build) and the rule it sets: which addresses the page may read a
//! dataset from, and how to tell a reader where the data on screen comes from.
//!
//! **Invariant:** by default only the page's own site (its origin) is allowed; another site is
//! allowed only when the configuration lists it, and the Content-Security-Policy's
//! `connect-src` is generated from the same list ([`SiteConfig::connect_src`]).

use crate::address::{AddressError, Origin, Url};
use crate::json::{self, Node, Position, Value};
use crate::problem::{did_you_mean, Code, Level, Problem};

/// The file at the top of the repository that `cargo xtask build` reads.
pub const SITE_CONFIG_FILE: &str = "elos-site.json";
/// The id of the `<script type="application/json">` element of `index.html` that holds the
/// configuration, so the page needs no request to learn it.
pub const SITE_ELEMENT_ID: &str = "elos-site";
/// The dataset shown when the address has no `data=`.
pub const DEFAULT_DATASET: &str = "data/example.json";
pub const SITE_FORMAT: u32 = 1;

const FIELDS: [&str; 3] = ["format", "data_sources", "default_dataset"];

/// What the site allows, checked: every source is an https origin with an optional folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// Sites (and folders on them) besides the page's own site that datasets may come from.
    pub data_sources: Vec<AllowedSource>,
    /// Relative to the page, inside its folder.
    pub default_dataset: String,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            data_sources: Vec::new(),
            default_dataset: DEFAULT_DATASET.to_owned(),
        }
    }
}

/// `https://dados.cidade.gov.br/elos/`: a site and a folder on it (`/` for the whole site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedSource {
    pub origin: Origin,
    /// Starts and ends with `/`.
    pub folder: String,
}

impl AllowedSource {
    /// Parses a source as written in the configuration.
    pub fn parse(text: &str) -> Result<AllowedSource, SourceError> {
        let url = Url::parse(text).map_err(|error| match error {
            AddressError::Credentials => SourceError::Credentials,
            AddressError::Scheme => SourceError::Scheme,
            AddressError::Malformed => SourceError::Malformed,
        })?;
        if url.origin.scheme != "https" {
            return Err(SourceError::Scheme);
        }
        let after_scheme = &text[text.find("//").map_or(0, |i| i + 2)..];
        if url.query.is_some() || text.contains('#') || !url.path.ends_with('/') {
            return Err(SourceError::Folder);
        }
        // What the publisher wrote must be what is compared: no `..` tricks in the list itself,
        // and only characters a CSP source expression can carry unescaped.
        let path_written = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/');
        if path_written != url.path || !url.path.chars().all(plain) {
            return Err(SourceError::Folder);
        }
        Ok(AllowedSource {
            origin: url.origin,
            folder: url.path,
        })
    }

    pub fn allows(&self, url: &Url) -> bool {
        url.origin == self.origin && url.path.starts_with(&self.folder)
    }

    /// The CSP source expression: a path ending in `/` matches everything below it.
    pub fn csp_source(&self) -> String {
        format!("{}{}", self.origin, self.folder)
    }
}

/// Why a listed source is not usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceError {
    Malformed,
    Scheme,
    Credentials,
    /// A query, fragment, `..`, unusual character or a folder not ending in `/`.
    Folder,
}

impl SourceError {
    fn variant(self) -> Option<&'static str> {
        match self {
            SourceError::Malformed => None,
            SourceError::Scheme => Some("scheme"),
            SourceError::Credentials => Some("credentials"),
            SourceError::Folder => Some("folder"),
        }
    }
}

impl SiteConfig {
    /// The configuration as JSON for the `#elos-site` element, in canonical form. Sources and
    /// the dataset path hold only plain characters, so the text cannot close the element.
    pub fn to_json(&self) -> String {
        let sources: Vec<String> = self
            .data_sources
            .iter()
            .map(|source| format!("\"{}\"", source.csp_source()))
            .collect();
        format!(
            "{{\"format\": {SITE_FORMAT}, \"data_sources\": [{}], \"default_dataset\": \"{}\"}}",
            sources.join(", "),
            self.default_dataset
        )
    }

    /// The `connect-src` directive's sources: the page's own site and each listed source.
    pub fn connect_src(&self) -> String {
        let mut sources = vec!["'self'".to_owned()];
        for source in &self.data_sources {
            let csp = source.csp_source();
            if !sources.contains(&csp) {
                sources.push(csp);
            }
        }
        sources.join(" ")
    }
}

/// The outcome of reading a configuration: a configuration only when there is no error.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedSite {
    pub config: Option<SiteConfig>,
    pub problems: Vec<Problem>,
}

/// Reads `elos-site.json` (or the `#elos-site` element's text), reporting every problem with
/// its line and column, as [`crate::load`] does for a dataset.
pub fn parse_site_config(text: &str) -> ParsedSite {
    let mut problems = Vec::new();
    let config = read_config(text, &mut problems);
    let has_errors = problems.iter().any(|p| p.level() == Level::Error);
    ParsedSite {
        config: if has_errors { None } else { config },
        problems,
    }
}

fn read_config(text: &str, problems: &mut Vec<Problem>) -> Option<SiteConfig> {
    let start = Position { line: 1, column: 1 };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        problems.push(Problem::new(Code::EmptyFile, "", Some(start)));
        return None;
    }
    let doc = match json::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(Problem::from_syntax_error(&e));
            return None;
        }
    };
    let root = doc.root();
    let Value::Object(members) = &root.value else {
        problems.push(wrong_type(root, "", "type.object"));
        return None;
    };
    let members = doc.members(*members);
    let mut config = SiteConfig::default();
    let mut seen: Vec<(&str, Position)> = Vec::new();
    let mut format_seen = false;
    for member in members {
        let key: &str = &member.key;
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            problems.push(
                Problem::new(Code::DuplicateKey, key, Some(member.key_at))
                    .with("field", key)
                    .with("first_line", first.line.to_string()),
            );
            continue;
        }
        seen.push((key, member.key_at));
        let node = &member.value;
        match key {
            "format" => {
                format_seen = true;
                match node.value {
                    Value::Number(n) if n == f64::from(SITE_FORMAT) => {}
                    Value::Number(n) => problems.push(
                        Problem::new(Code::UnsupportedFormat, "format", Some(node.at))
                            .with("found", format_number(n)),
                    ),
                    _ => problems.push(wrong_type(node, "format", "type.integer")),
                }
            }
            "data_sources" => {
                let Value::Array(items) = &node.value else {
                    problems.push(wrong_type(node, "data_sources", "type.array"));
                    continue;
                };
                for (i, item) in doc.items(*items).iter().enumerate() {
                    let path = format!("data_sources[{i}]");
                    let Value::String(text) = &item.value else {
                        problems.push(wrong_type(item, &path, "type.string"));
                        continue;
                    };
                    match AllowedSource::parse(text) {
                        Ok(source) if config.data_sources.contains(&source) => problems.push(
                            Problem::new(Code::InvalidValue, path, Some(item.at))
                                .with("value", text.clone())
                                .variant("repeated"),
                        ),
                        Ok(source) => config.data_sources.push(source),
                        Err(error) => {
                            let mut problem =
                                Problem::new(Code::InvalidSource, path, Some(item.at))
                                    .with("value", text.clone());
                            if let Some(variant) = error.variant() {
                                problem = problem.variant(variant);
                            }
                            problems.push(problem);
                        }
                    }
                }
            }
            "default_dataset" => {
                let Value::String(text) = &node.value else {
                    problems.push(wrong_type(node, "default_dataset", "type.string"));
                    continue;
                };
                if is_file_in_folder(text) {
                    config.default_dataset = text.clone().into_owned();
                } else {
                    problems.push(
                        Problem::new(Code::InvalidSource, "default_dataset", Some(node.at))
                            .with("value", text.clone())
                            .variant("default"),
                    );
                }
            }
            _ => {
                let mut problem =
                    Problem::new(Code::UnknownField, key, Some(member.key_at)).with("field", key);
                if let Some(suggestion) = did_you_mean(key, FIELDS) {
                    problem = problem.with("suggestion", suggestion).variant("suggest");
                }
                problems.push(problem);
            }
        }
    }
    if !format_seen {
        problems.push(
            Problem::new(Code::MissingField, "format", Some(root.at)).with("field", "format"),
        );
    }
    Some(config)
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        (n as i64).to_string()
    } else {
        crate::num::short(n)
    }
}

fn wrong_type(node: &Node, path: &str, expected: &'static str) -> Problem {
    let found = match node.value {
        Value::Null => "type.null",
        Value::Bool(_) => "type.bool",
        Value::Number(_) => "type.number",
        Value::String(_) => "type.string",
        Value::Array(_) => "type.array",
        Value::Object(_) => "type.object",
    };
    Problem::new(Code::WrongType, path, Some(node.at))
        .term("expected", expected)
        .term("found", found)
}

/// A relative path that stays inside the page's folder: `data/x.json`, not `/x`, `../x` or
/// `https://…`, in plain characters (it is written into `index.html`). The build copies this
/// file from `public/`.
pub fn is_file_in_folder(path: &str) -> bool {
    let Ok(base) = Url::parse("https://example.invalid/app/") else {
        return false;
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/');
    !path.starts_with('/')
        && !path.ends_with('/')
        && path.chars().all(plain)
        && base
            .join(path)
            .is_ok_and(|url| url.origin == base.origin && url.path.starts_with("/app/"))
}

/// Where the data on screen comes from, for the page to say so plainly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The page's own site.
    ThisSite { site: String },
    /// Another site that the configuration lists.
    Listed { site: String },
    /// A file the reader opened from their own computer; nothing was published.
    LocalFile,
}

impl DataSource {
    /// The catalogue key of the sentence that names the source (`{site}`, `{file}`).
    pub fn message_key(&self) -> &'static str {
        match self {
            DataSource::ThisSite { .. } => "source.this_site",
            DataSource::Listed { .. } => "source.listed",
            DataSource::LocalFile => "source.local_file",
        }
    }

    pub fn site(&self) -> &str {
        match self {
            DataSource::ThisSite { site } | DataSource::Listed { site } => site,
            DataSource::LocalFile => "",
        }
    }

    /// Whether the page names this source: always, except for the site's own default
    /// dataset, which is the page's ordinary content. A `?data=` address, another listed
    /// site or a local file are all said plainly, so a link cannot pass other data off as
    /// the page's own.
    pub fn worth_naming(&self, file: &str, default_dataset: &str) -> bool {
        !matches!(self, DataSource::ThisSite { .. }) || file != default_dataset
    }

    /// The sentence that names the source of `file`, in the catalogue's language (the
    /// address isolated: it may come from a link).
    pub fn message(&self, catalogue: &crate::i18n::Catalogue, file: &str) -> String {
        catalogue.format(
            self.message_key(),
            &[("site", self.site()), ("file", &crate::lang::isolate(file))],
        )
    }
}

/// An address the page may fetch, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub url: Url,
    pub source: DataSource,
}

/// Why the page will not fetch an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Malformed,
    Scheme,
    Credentials,
    /// A readable address on a site (or outside a folder) that the configuration does not list.
    NotAllowed {
        site: String,
    },
}

impl Refusal {
    /// The catalogue key of the sentence (`{address}`, and `{site}` for `NotAllowed`).
    pub fn message_key(&self) -> &'static str {
        match self {
            Refusal::Malformed => "address.malformed",
            Refusal::Scheme => "address.scheme",
            Refusal::Credentials => "address.credentials",
            Refusal::NotAllowed { .. } => "address.not_allowed",
        }
    }
}

impl From<AddressError> for Refusal {
    fn from(error: AddressError) -> Self {
        match error {
            AddressError::Malformed => Refusal::Malformed,
            AddressError::Scheme => Refusal::Scheme,
            AddressError::Credentials => Refusal::Credentials,
        }
    }
}

/// The rule: an address resolved against the page is fetched only if it is on the page's own
/// site or inside a source the configuration lists.
pub fn check_address(address: &str, page: &Url, config: &SiteConfig) -> Result<Approved, Refusal> {
    let url = page.join(address)?;
    let site = url.origin.host_and_port();
    let source = if url.origin == page.origin {
        DataSource::ThisSite { site }
    } else if config.data_sources.iter().any(|source| source.allows(&url)) {
        DataSource::Listed { site }
    } else {
        return Err(Refusal::NotAllowed { site });
    };
    Ok(Approved { url, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_every_source_but_its_own_default() {
        let this = DataSource::ThisSite {
            site: "www.ipatinga.mg.gov.br".into(),
        };
        assert!(!this.worth_naming(DEFAULT_DATASET, DEFAULT_DATASET));
        assert!(this.worth_naming("fixtures/x.json", DEFAULT_DATASET));
        let listed = DataSource::Listed {
            site: "dados.mg.gov.br".into(),
        };
        assert!(listed.worth_naming(DEFAULT_DATASET, DEFAULT_DATASET));
        assert!(DataSource::LocalFile.worth_naming("x.json", DEFAULT_DATASET));
        let cat = crate::i18n::Catalogue::all()
            .into_iter()
            .find(|c| c.lang == "en")
            .unwrap();
        assert_eq!(
            listed.message(&cat, "https://dados.mg.gov.br/a\u{202E}b.json"),
            "Data from dados.mg.gov.br, a source this site allows: \u{2068}https://dados.mg.gov.br/a\u{202E}b.json\u{2069}"
        );
    }

    fn page() -> Url {
        Url::parse("https://www.city.gov.br/relacoes/elos/?lang=pt-BR").unwrap()
    }

    fn config(sources: &[&str]) -> SiteConfig {
        SiteConfig {
            data_sources: sources
                .iter()
                .map(|s| AllowedSource::parse(s).unwrap())
                .collect(),
            ..SiteConfig::default()
        }
    }

    fn verdict(address: &str, sources: &[&str]) -> Result<DataSource, Refusal> {
        check_address(address, &page(), &config(sources)).map(|a| a.source)
    }

    fn this_site() -> Result<DataSource, Refusal> {
        Ok(DataSource::ThisSite {
            site: "www.city.gov.br".into(),
        })
    }

    fn not_allowed(site: &str) -> Result<DataSource, Refusal> {
        Err(Refusal::NotAllowed { site: site.into() })
    }

    #[test]
    fn by_default_only_the_pages_own_site() {
        assert_eq!(verdict("data/example.json", &[]), this_site());
        assert_eq!(verdict("../../outros/dados.json", &[]), this_site());
        assert_eq!(verdict("https://www.city.gov.br/x.json", &[]), this_site());
        assert_eq!(
            verdict("https://www.city.gov.br:443/x.json", &[]),
            this_site()
        );
        assert_eq!(
            verdict("https://elsewhere.example/fake.json", &[]),
            not_allowed("elsewhere.example")
        );
        assert_eq!(
            verdict("//elsewhere.example/fake.json", &[]),
            not_allowed("elsewhere.example")
        );
        assert_eq!(
            verdict("http://www.city.gov.br/x.json", &[]),
            not_allowed("www.city.gov.br")
        );
        assert_eq!(
            verdict("https://www.city.gov.br:8443/x.json", &[]),
            not_allowed("www.city.gov.br:8443")
        );
        // A sub-domain or a parent domain is another site.
        assert_eq!(
            verdict("https://city.gov.br/x.json", &[]),
            not_allowed("city.gov.br")
        );
        assert_eq!(
            verdict("https://evil.www.city.gov.br/x.json", &[]),
            not_allowed("evil.www.city.gov.br")
        );
    }

    #[test]
    fn listed_sources_by_site_and_folder() {
        let sources = [
            "https://dados.city.gov.br/elos/",
            "https://portal.city.gov.br/",
        ];
        let listed = |site: &str| Ok(DataSource::Listed { site: site.into() });
        assert_eq!(
            verdict("https://dados.city.gov.br/elos/a.json", &sources),
            listed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://dados.city.gov.br/elos/sub/a.json", &sources),
            listed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://portal.city.gov.br/any/a.json", &sources),
            listed("portal.city.gov.br")
        );
        // The folder itself without its trailing slash is not inside it.
        assert_eq!(
            verdict("https://dados.city.gov.br/elos", &sources),
            not_allowed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://portal.city.gov.br", &sources),
            listed("portal.city.gov.br")
        );
        assert_eq!(
            verdict("HTTPS://PORTAL.City.gov.br:443/a.json", &sources),
            listed("portal.city.gov.br")
        );
        // The folder is a prefix of whole segments, and `..` cannot climb out of it.
        assert_eq!(
            verdict("https://dados.city.gov.br/elos-fake/a.json", &sources),
            not_allowed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://dados.city.gov.br/elos/../privado/a.json", &sources),
            not_allowed("dados.city.gov.br")
        );
        assert_eq!(
            verdict(
                "https://dados.city.gov.br/elos/%2e%2e/privado/a.json",
                &sources
            ),
            not_allowed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://dados.city.gov.br/a.json", &sources),
            not_allowed("dados.city.gov.br")
        );
        // Only the listed scheme and port.
        assert_eq!(
            verdict("http://dados.city.gov.br/elos/a.json", &sources),
            not_allowed("dados.city.gov.br")
        );
        assert_eq!(
            verdict("https://dados.city.gov.br:8443/elos/a.json", &sources),
            not_allowed("dados.city.gov.br:8443")
        );
        // The classic disguise: the listed name as a user name.
        assert_eq!(
            verdict(
                "https://dados.city.gov.br@evil.example/elos/a.json",
                &sources
            ),
            Err(Refusal::Credentials)
        );
        assert_eq!(
            verdict(
                "https://dados.city.gov.br.evil.example/elos/a.json",
                &sources
            ),
            not_allowed("dados.city.gov.br.evil.example")
        );
    }

    #[test]
    fn other_schemes_and_unreadable_addresses_are_refused() {
        assert_eq!(
            verdict("data:application/json,{}", &[]),
            Err(Refusal::Scheme)
        );
        assert_eq!(
            verdict("blob:https://www.city.gov.br/5f1e", &[]),
            Err(Refusal::Scheme)
        );
        assert_eq!(verdict("javascript:alert(1)", &[]), Err(Refusal::Scheme));
        assert_eq!(
            verdict("https://www.city.gov.br\\@evil.example/", &[]),
            Err(Refusal::Malformed)
        );
        assert_eq!(
            verdict("https://evil.example\u{200B}/x", &[]),
            Err(Refusal::Malformed)
        );
    }

    #[test]
    fn international_sources_compare_in_punycode() {
        let sources = ["https://prefeitura.são-paulo.example/"];
        let site = "prefeitura.xn--so-paulo-rza.example";
        assert_eq!(config(&sources).data_sources[0].origin.host, site);
        let listed = Ok(DataSource::Listed { site: site.into() });
        assert_eq!(
            verdict(
                "https://prefeitura.xn--so-paulo-rza.example/a.json",
                &sources
            ),
            listed
        );
        assert_eq!(
            verdict("https://prefeitura.SÃO-paulo.example/a.json", &sources),
            listed
        );
        assert!(verdict("https://prefeitura.sao-paulo.example/a.json", &sources).is_err());
    }

    #[test]
    fn sources_must_be_plain_https_folders() {
        let parse = AllowedSource::parse;
        assert_eq!(parse("https://dados.city.gov.br").unwrap().folder, "/");
        assert_eq!(
            parse("https://dados.city.gov.br/elos/").unwrap().folder,
            "/elos/"
        );
        assert_eq!(parse("http://dados.city.gov.br/"), Err(SourceError::Scheme));
        assert_eq!(parse("*.city.gov.br"), Err(SourceError::Malformed));
        assert_eq!(parse("https://*.city.gov.br/"), Err(SourceError::Malformed));
        assert_eq!(
            parse("https://a@dados.city.gov.br/"),
            Err(SourceError::Credentials)
        );
        assert_eq!(
            parse("https://dados.city.gov.br/elos"),
            Err(SourceError::Folder)
        );
        assert_eq!(
            parse("https://dados.city.gov.br/a/../b/"),
            Err(SourceError::Folder)
        );
        assert_eq!(
            parse("https://dados.city.gov.br/a;b/"),
            Err(SourceError::Folder)
        );
        assert_eq!(
            parse("https://dados.city.gov.br/?x"),
            Err(SourceError::Folder)
        );
        assert_eq!(
            parse("https://dados.city.gov.br/ 'unsafe-inline'"),
            Err(SourceError::Malformed)
        );
    }

    #[test]
    fn connect_src_lists_the_same_sources() {
        assert_eq!(SiteConfig::default().connect_src(), "'self'");
        let both = config(&["https://dados.city.gov.br/elos/", "https://b.example:8443"]);
        assert_eq!(
            both.connect_src(),
            "'self' https://dados.city.gov.br/elos/ https://b.example:8443/"
        );
    }

    fn problems(text: &str) -> Vec<String> {
        parse_site_config(text)
            .problems
            .iter()
            .map(|p| {
                let at = p.at.expect("every problem has a position");
                format!("{} {} {}:{}", p.message_key(), p.path, at.line, at.column)
            })
            .collect()
    }

    #[test]
    fn the_embedded_form_reads_back_the_same() {
        let config = config(&["https://dados.city.gov.br/elos/", "https://b.example:8443"]);
        let json = config.to_json();
        assert!(!json.contains('<'));
        assert_eq!(parse_site_config(&json).config, Some(config));
    }

    #[test]
    fn a_good_configuration() {
        let parsed = parse_site_config(
            "{\"format\": 1, \"data_sources\": [\"https://dados.city.gov.br/elos/\"],\n \"default_dataset\": \"dados/cidade.json\"}",
        );
        assert_eq!(parsed.problems, []);
        let config = parsed.config.unwrap();
        assert_eq!(config.default_dataset, "dados/cidade.json");
        assert_eq!(config.data_sources.len(), 1);
        assert_eq!(
            parse_site_config("{\"format\": 1}").config,
            Some(SiteConfig::default())
        );
    }

    #[test]
    fn a_malformed_configuration_gets_positioned_problems() {
        assert_eq!(problems(""), ["problem.empty-file  1:1"]);
        // Syntax errors read as a dataset's do: a sentence per kind.
        assert_eq!(
            problems("{\"format\": 1,}"),
            ["problem.not-json.trailing-comma  1:14"]
        );
        assert_eq!(problems("[]"), ["problem.wrong-type  1:1"]);
        assert_eq!(
            problems("{\n  \"format\": 2,\n  \"data_source\": [],\n  \"data_sources\": [\"http://a.example/\", 3, \"https://a@b.example/\", \"https://c.example/x\", \"https://d.example/\", \"https://d.example\"],\n  \"default_dataset\": \"../x.json\",\n  \"format\": 1\n}"),
            [
                "problem.unsupported-format format 2:13",
                "problem.unknown-field.suggest data_source 3:3",
                "problem.invalid-source.scheme data_sources[0] 4:20",
                "problem.wrong-type data_sources[1] 4:41",
                "problem.invalid-source.credentials data_sources[2] 4:44",
                "problem.invalid-source.folder data_sources[3] 4:68",
                "problem.invalid-value.repeated data_sources[5] 4:113",
                "problem.invalid-source.default default_dataset 5:22",
                "problem.duplicate-key format 6:3",
            ]
        );
        assert_eq!(problems("{}"), ["problem.missing-field format 1:1"]);
        let parsed = parse_site_config("{\"format\": 1, \"default_dataset\": \"/x.json\"}");
        assert_eq!(parsed.config, None);
    }

    #[test]
    fn default_dataset_stays_in_the_folder() {
        assert!(is_file_in_folder("data/example.json"));
        assert!(is_file_in_folder("./x.json"));
        for path in [
            "/x.json",
            "../x.json",
            "data/../../x.json",
            "https://a.example/x.json",
            "//a.example/x.json",
            "data/",
            "x.json?v=1",
            "%2e%2e/x.json",
            "",
        ] {
            assert!(!is_file_in_folder(path), "{path}");
        }
    }
}
