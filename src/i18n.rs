//! The UI's access to the message catalogues: every visible string goes through here.

use std::sync::Arc;

use elos_core::date::PartialDate;
use elos_core::i18n::Catalogue;
use elos_core::lang::Text;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n {
    /// The catalogues at hand: the built-in one and those fetched so far.
    catalogues: RwSignal<Vec<Arc<Catalogue>>>,
    pub lang: RwSignal<String>,
}

impl I18n {
    pub fn new(catalogues: Vec<Catalogue>, lang: RwSignal<String>) -> Self {
        Self {
            catalogues: RwSignal::new(catalogues.into_iter().map(Arc::new).collect()),
            lang,
        }
    }

    /// Fetches a language's catalogue when it is chosen and not yet at hand; until it
    /// arrives the page stays in the language it was in.
    pub fn follow_language(self) {
        crate::ui::effect(move || self.ensure(self.lang.get()));
    }

    /// Fetches `lang`'s catalogue unless it is at hand or not one of the interface's (a tour
    /// made from the data has captions in every catalogue at hand, so the visitors' language
    /// is fetched too).
    pub fn ensure(self, lang: String) {
        let known = Catalogue::languages().iter().any(|(tag, _)| *tag == lang);
        if !known
            || self
                .catalogues
                .with_untracked(|all| all.iter().any(|c| c.lang == lang))
        {
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::fetch::catalogue(&lang).await {
                Ok(c) => self.catalogues.update(|all| {
                    if !all.iter().any(|have| have.lang == c.lang) {
                        all.push(Arc::new(c));
                    }
                }),
                Err(e) => leptos::logging::warn!("{e}"),
            }
        });
    }

    /// Every catalogue at hand (tracked).
    pub fn catalogues(&self) -> Vec<Arc<Catalogue>> {
        self.catalogues.get()
    }

    /// The catalogue of the current language, or the built-in one while it is being fetched
    /// (tracks the language and the catalogues).
    pub fn cat(&self) -> Arc<Catalogue> {
        let lang = self.lang.get();
        self.catalogues.with(|all| {
            all.iter()
                .find(|c| c.lang == lang)
                .or_else(|| all.first())
                .cloned()
                .expect("at least one catalogue is built in")
        })
    }

    /// Every language of the interface: (tag, its own name).
    pub fn languages(&self) -> Vec<(String, String)> {
        Catalogue::languages()
            .iter()
            .map(|(tag, name)| ((*tag).to_owned(), (*name).to_owned()))
            .collect()
    }

    pub fn t(&self, key: &str) -> String {
        self.cat().t(key)
    }

    /// A message that follows the language, for views. Every call site gets the same closure
    /// type, so the view code for it is compiled once rather than once per message (each
    /// `move || i18n.t("…")` is its own type, and its own copy of Leptos' rendering code).
    pub fn tr(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.cat().format(key, args)
    }

    pub fn plural(&self, key: &str, count: usize, args: &[(&str, &str)]) -> String {
        self.cat().plural(key, count as u64, args)
    }

    pub fn date(&self, date: &PartialDate) -> String {
        self.cat().date(date)
    }

    /// Data text in the UI language, with the language it is really in.
    pub fn pick(&self, text: &Text) -> (String, String) {
        let lang = self.lang.get();
        match text.pick(&lang) {
            Some(picked) => (picked.lang.to_owned(), picked.shown().into_owned()),
            None => (String::new(), String::new()),
        }
    }

    pub fn show(&self, text: &Text) -> String {
        self.pick(text).1
    }
}

/// Data text with a `lang` attribute when it is not in the UI language, so screen readers
/// pronounce it right.
#[component]
pub fn DataText(text: Text) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        let ui = i18n.lang.get();
        let (lang_attr, shown) = text
            .pick(&ui)
            .map(|p| (p.lang_mark(&ui).map(str::to_owned), p.shown().into_owned()))
            .unwrap_or_default();
        view! { <span lang=lang_attr>{shown}</span> }
    }
}
