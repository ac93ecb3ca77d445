//! Text in several languages, the fallback chain used to pick one, and how data text is
//! shown among the page's own words ([`isolate`]).

use std::borrow::Cow;

/// Text per BCP 47 language tag, in the file's order. Never empty once loaded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text(pub Vec<(String, String)>);

/// A piece of text together with the language it is actually written in, so the page can
/// mark it with the right `lang` attribute when it is not in the UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    pub lang: &'a str,
    pub text: &'a str,
}

impl Text {
    pub fn new<L: Into<String>, T: Into<String>>(
        entries: impl IntoIterator<Item = (L, T)>,
    ) -> Self {
        Self(
            entries
                .into_iter()
                .map(|(l, t)| (l.into(), t.into()))
                .collect(),
        )
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang))
            .map(|(_, t)| t.as_str())
    }

    /// Picks the text for `ui_lang` following [`fallback_chain`]; `None` only for empty text.
    pub fn pick(&self, ui_lang: &str) -> Option<Picked<'_>> {
        for wanted in fallback_chain(ui_lang) {
            if let Some((l, t)) = self.0.iter().find(|(l, _)| l.eq_ignore_ascii_case(wanted)) {
                return Some(Picked { lang: l, text: t });
            }
            // A bare "pt" also accepts "pt-PT", "pt-BR"…
            if !wanted.contains('-') {
                if let Some((l, t)) = self.0.iter().find(|(l, _)| primary(l) == wanted) {
                    return Some(Picked { lang: l, text: t });
                }
            }
        }
        self.0.first().map(|(l, t)| Picked { lang: l, text: t })
    }

    /// The text in the UI language, ready to show ([`isolate`]d), or an empty string for
    /// (impossible once loaded) empty text.
    pub fn show(&self, ui_lang: &str) -> Cow<'_, str> {
        self.pick(ui_lang).map_or(Cow::Borrowed(""), |p| p.shown())
    }

    /// A name in a script other than Latin (北九州市), shown beside the translated name.
    pub fn native_script(&self) -> Option<Picked<'_>> {
        self.0
            .iter()
            .find(|(_, t)| t.chars().any(|c| c.is_alphabetic() && !is_latin(c)))
            .map(|(l, t)| Picked { lang: l, text: t })
    }

    pub fn iter(&self) -> impl Iterator<Item = Picked<'_>> {
        self.0.iter().map(|(l, t)| Picked { lang: l, text: t })
    }
}

impl<'a> Picked<'a> {
    /// The text ready to show among other words: [`isolate`]d.
    pub fn shown(&self) -> Cow<'a, str> {
        isolate(self.text)
    }

    /// The `lang` attribute the text needs among words in `ui_lang`: its own language when
    /// that is known and not the UI's (so screen readers pronounce it right), else none.
    pub fn lang_mark(&self, ui_lang: &str) -> Option<&'a str> {
        (!self.lang.is_empty() && !self.lang.eq_ignore_ascii_case(ui_lang)).then_some(self.lang)
    }
}

/// Data text as it is shown among the page's own words. Text with right-to-left letters or
/// bidirectional controls is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so it
/// takes its own direction and cannot reorder what is around it (a U+202E RIGHT-TO-LEFT
/// OVERRIDE in a name would otherwise run on to the end of the sentence or label). Isolate
/// controls already in the text are dropped, since a stray POP DIRECTIONAL ISOLATE would end
/// the wrapper early; NUL becomes U+FFFD. Other text is returned as it is, so nearly every name
/// is shown byte for byte. This is the one rule: the core's display strings, SVG labels
/// (where HTML's `<bdi>` does not exist), attributes and sentences alike.
pub fn isolate(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_bidi_control(c) || is_rtl(c) || c == '\0')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 6);
    out.push(FIRST_STRONG_ISOLATE);
    for c in text.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out.push(POP_DIRECTIONAL_ISOLATE);
    Cow::Owned(out)
}

pub const FIRST_STRONG_ISOLATE: char = '\u{2068}';
pub const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// Text without the isolates [`isolate`] added (for a download, which is data, not display).
pub fn without_isolates(text: &str) -> Cow<'_, str> {
    if text.contains([FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE]) {
        Cow::Owned(text.replace([FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE], ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// Unicode's explicit directional formatting characters (and the Arabic letter mark).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Letters of the right-to-left scripts' blocks (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their supplements and presentation forms; the historic ones of the SMP).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFE | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn is_latin(c: char) -> bool {
    // Basic Latin, Latin-1, Latin Extended A/B and Additional: enough to tell 北 from é.
    matches!(c as u32, 0..=0x24F | 0x1E00..=0x1EFF)
}

fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The documented fallback chain: the UI language, its primary language, Portuguese
/// (the product's first language), English, then whatever the text has first.
pub fn fallback_chain(ui_lang: &str) -> Vec<&str> {
    let mut chain = vec![ui_lang];
    let p = primary(ui_lang);
    if p != ui_lang {
        chain.push(p);
    }
    for l in ["pt-BR", "pt", "en"] {
        if !chain.iter().any(|c| c.eq_ignore_ascii_case(l)) {
            chain.push(l);
        }
    }
    chain
}

/// Checks the shape of a BCP 47 tag well enough to catch typos (`pt_BR`, `portuguese`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let first_ok = (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_lowercase());
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Text {
        Text::new([
            ("pt-BR", "Quitaquiúxu"),
            ("en", "Kitakyushu"),
            ("ja", "北九州市"),
        ])
    }

    #[test]
    fn data_text_is_marked_with_its_language_only_when_it_is_not_the_ui_s() {
        let t = text();
        assert_eq!(t.pick("pt-BR").unwrap().lang_mark("pt-BR"), None);
        assert_eq!(
            t.pick("pt-BR").unwrap().lang_mark("PT-br"),
            None,
            "case-blind"
        );
        assert_eq!(t.pick("es").unwrap().lang_mark("es"), Some("pt-BR"));
        let unknown = Picked {
            lang: "",
            text: "x",
        };
        assert_eq!(unknown.lang_mark("en"), None);
    }

    #[test]
    fn picks_along_the_fallback_chain() {
        assert_eq!(text().pick("en").unwrap().text, "Kitakyushu");
        assert_eq!(text().pick("pt-BR").unwrap().text, "Quitaquiúxu");
        let t = text();
        let es = t.pick("es").unwrap();
        assert_eq!(
            (es.lang, es.text),
            ("pt-BR", "Quitaquiúxu"),
            "es falls back to pt-BR"
        );
        let only_ja = Text::new([("ja", "北九州市")]);
        assert_eq!(only_ja.pick("en").unwrap().lang, "ja");
        let pt_pt = Text::new([("en", "Lisbon"), ("pt-PT", "Lisboa")]);
        assert_eq!(pt_pt.pick("pt").unwrap().text, "Lisboa");
        assert_eq!(Text::default().pick("en"), None);
    }

    #[test]
    fn finds_native_script() {
        assert_eq!(text().native_script().unwrap().text, "北九州市");
        assert_eq!(Text::new([("pt-BR", "São Paulo")]).native_script(), None);
    }

    #[test]
    fn data_text_is_isolated_only_when_it_could_reorder_its_surroundings() {
        for plain in [
            "Kitakyushu",
            "São Paulo",
            "北九州市",
            "Ciudad 🌆",
            "a\u{200B}b",
            "",
        ] {
            assert!(matches!(isolate(plain), Cow::Borrowed(_)), "{plain:?}");
        }
        assert_eq!(
            isolate("evil\u{202E}txt.exe"),
            "\u{2068}evil\u{202E}txt.exe\u{2069}"
        );
        assert_eq!(isolate("القاهرة"), "\u{2068}القاهرة\u{2069}");
        assert_eq!(isolate("תל אביב"), "\u{2068}תל אביב\u{2069}");
        assert_eq!(
            isolate("x\u{2069}\u{202E}y\u{2067}"),
            "\u{2068}x\u{202E}y\u{2069}",
            "a stray isolate in the data cannot end the wrapper early or leave one open"
        );
        assert_eq!(isolate("a\0b"), "\u{2068}a\u{FFFD}b\u{2069}");
        assert_eq!(without_isolates(&isolate("\u{202E}=1+1")), "\u{202E}=1+1");
        let t = Text::new([("en", "\u{202E}Kita"), ("ar", "كيتاكيوشو")]);
        assert_eq!(t.show("en"), "\u{2068}\u{202E}Kita\u{2069}");
        assert_eq!(
            t.pick("en").unwrap().text,
            "\u{202E}Kita",
            "pick keeps the data as it is"
        );
    }

    #[test]
    fn language_tags() {
        for ok in ["pt-BR", "en", "es", "ja", "zh-Hant", "es-419"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "pt_BR", "Portuguese", "p", "pt-", "EN"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
