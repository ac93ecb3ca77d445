//! The details panel of the selected city, network, organisation, link or milestone, with its
//! sources. Every dataset string is inserted as text, never as HTML.

use elos_core::describe;
use elos_core::model::{Dataset, Identification, Item, LegalInstrument, Party, PlaceKind, Source};
use elos_core::num::fixed;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{DataText, I18n};
use crate::model::Model;
use crate::names::country_name;
use crate::state::UiState;

#[component]
pub fn Details() -> impl IntoView {
    let model = expect_context::<Model>();
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let body = move || {
        let item = model.selected.get()?;
        model.with_ds(|ds| match item {
            Item::Cooperation(c) => cooperation(ds, c, i18n, state).into_any(),
            Item::Event(e) => event(ds, e, i18n).into_any(),
            Item::Party(p) => party(ds, p, i18n, state).into_any(),
        })
    };
    let close_ref = NodeRef::<leptos::html::Button>::new();
    // Where focus was when the panel opened, to give it back when the panel closes.
    // (An `Element`, not an `HtmlElement`: it may be the map or a timeline item, which are SVG.)
    let return_to = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |prev: Option<Option<String>>| {
        let now = state.selected_id.get();
        let opened_or_changed = prev.is_some() && now.is_some() && prev.clone().flatten() != now;
        if opened_or_changed {
            if prev.flatten().is_none() {
                return_to.set_value(document().active_element());
            }
            // The panel is drawn after this runs: focus its close button once it is there.
            request_animation_frame(move || {
                if let Some(b) = close_ref.try_get_untracked().flatten() {
                    let _ = b.focus();
                }
            });
        }
        now
    });
    let close = move || {
        state.selected_id.set(None);
        if let Some(el) = return_to.get_value() {
            if el.is_connected() {
                // `focus` is the same method on HTML and SVG elements.
                let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
        return_to.set_value(None);
    };
    // Said by screen readers when the selection changes, wherever it was made (map, timeline,
    // table, search): focus moves to the panel's close button, which does not name the item.
    let announcement = move || {
        let item = model.selected.get()?;
        let name = model.with_ds(|ds| match item {
            Item::Party(p) => i18n.show(ds.party_names(p)),
            Item::Cooperation(c) => ds
                .cooperation(c)
                .parties
                .iter()
                .map(|p| i18n.show(ds.party_names(*p)))
                .collect::<Vec<_>>()
                .join(" – "),
            Item::Event(e) => i18n.show(&ds.event(e).title),
        })?;
        Some(i18n.format("announce.selected", &[("name", &name)]))
    };
    view! {
        <p class="visually-hidden" role="status">
            {announcement}
        </p>
        <Show when=move || model.selected.get().is_some()>
            <aside
                class="details"
                aria-labelledby="details-title"
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <div class="details-head">
                    <p class="eyebrow" id="details-title">
                        {i18n.tr("details.title")}
                    </p>
                    <button
                        type="button"
                        class="close"
                        node_ref=close_ref
                        on:click=move |_| close()
                        aria-label=i18n.tr("details.close")
                    >
                        "×"
                    </button>
                </div>
                {body}
            </aside>
        </Show>
    }
}

fn row(label: String, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <dt>{label}</dt>
        <dd>{value}</dd>
    }
}

fn cooperation(
    ds: &Dataset,
    ix: elos_core::model::CooperationIx,
    i18n: I18n,
    state: UiState,
) -> impl IntoView {
    let coop = ds.cooperation(ix).clone();
    let parties: Vec<(String, elos_core::lang::Text)> = coop
        .parties
        .iter()
        .map(|p| (ds.party_id(*p).to_owned(), ds.party_names(*p).clone()))
        .collect();
    let title = parties
        .iter()
        .map(|(_, n)| i18n.show(n))
        .collect::<Vec<_>>()
        .join(" — ");
    let period = match (coop.start, coop.end) {
        (Some(s), Some(e)) => i18n.format(
            "timeline.from_to",
            &[("start", &i18n.date(&s)), ("end", &i18n.date(&e))],
        ),
        (Some(s), None) => i18n.format("timeline.since", &[("date", &i18n.date(&s))]),
        (None, Some(e)) => i18n.date(&e),
        (None, None) => i18n.t("details.date_unknown"),
    };
    let cat = i18n.cat();
    let kind = describe::kind_name(&cat, &coop);
    let themes: Vec<String> = coop
        .themes
        .iter()
        .map(|t| describe::theme_name(&cat, t))
        .collect();
    view! {
        <h2>{title}</h2>
        <dl>
            {row(i18n.t("details.kind"), kind)} {row(i18n.t("details.period"), period)}
            {row(i18n.t("details.status"), i18n.t(&format!("status.{}", coop.status.key())))}
            {(!themes.is_empty()).then(|| row(i18n.t("details.themes"), themes.join(", ")))}
            {row(
                i18n.t("details.parties"),
                view! {
                    <ul class="plain">
                        {parties
                            .into_iter()
                            .map(|(id, names)| {
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="link-button"
                                            on:click=move |_| state.selected_id.set(Some(id.clone()))
                                        >
                                            <DataText text=names />
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                },
            )} {coop.legal_instrument.clone().map(|l| row(i18n.t("details.legal"), legal(l, i18n)))}
        </dl>
        {coop
            .description
            .clone()
            .map(|d| {
                view! {
                    <p class="description">
                        <DataText text=d />
                    </p>
                }
            })}
        {sources(coop.sources.clone(), i18n)}
    }
}

fn event(ds: &Dataset, ix: elos_core::model::EventIx, i18n: I18n) -> impl IntoView {
    let e = ds.event(ix).clone();
    let city = ds.city(e.city).names.clone();
    view! {
        <h2>
            <DataText text=e.title.clone() />
        </h2>
        <dl>
            {row(i18n.t("details.kind"), i18n.t("details.event"))}
            {row(i18n.t("details.city"), view! { <DataText text=city /> })}
            {row(i18n.t("details.date"), i18n.date(&e.date))}
            {e.legal_instrument.clone().map(|l| row(i18n.t("details.legal"), legal(l, i18n)))}
        </dl>
        {e
            .description
            .clone()
            .map(|d| {
                view! {
                    <p class="description">
                        <DataText text=d />
                    </p>
                }
            })}
        {sources(e.sources.clone(), i18n)}
    }
}

fn party(ds: &Dataset, party: Party, i18n: I18n, state: UiState) -> impl IntoView {
    let names = ds.party_names(party).clone();
    let native = names
        .native_script()
        .map(|p| (p.lang.to_owned(), p.shown().into_owned()));
    let links: Vec<(String, String, String)> = ds
        .cooperations_of(party)
        .iter()
        .map(|c| {
            let c = ds.cooperation(*c);
            let others: Vec<String> = c
                .parties
                .iter()
                .filter(|p| **p != party)
                .map(|p| i18n.show(ds.party_names(*p)))
                .collect();
            let date = c
                .start
                .map_or_else(|| i18n.t("details.date_unknown"), |s| i18n.date(&s));
            (
                c.id.clone(),
                format!(
                    "{} — {}",
                    others.join(", "),
                    describe::kind_name(&i18n.cat(), c)
                ),
                date,
            )
        })
        .collect();
    let (kind, extra) = match party {
        Party::City(c) => {
            let city = ds.city(c).clone();
            let lang = i18n.lang.get_untracked();
            let country =
                country_name(&lang, &city.country).unwrap_or_else(|| city.country.clone());
            let kind = if ds.is_home(c) {
                i18n.t("details.home")
            } else {
                i18n.t("details.city")
            };
            let extra = view! {
                {row(i18n.t("details.country"), country)}
                {row(
                    i18n.t("details.coordinates"),
                    format!("{}°, {}°", fixed(city.lat_deg, 4), fixed(city.lon_deg, 4)),
                )}
                {(city.place_kind == PlaceKind::MetropolitanArea)
                    .then(|| {
                        view! {
                            <dt>{i18n.t("details.metro")}</dt>
                            <dd>
                                {city.location_note.clone().map(|n| view! { <DataText text=n /> })}
                            </dd>
                        }
                    })}
                {(city.identification == Identification::Uncertain)
                    .then(|| {
                        view! {
                            <dt class="uncertain">{i18n.t("details.uncertain")}</dt>
                            <dd>
                                {city
                                    .identification_note
                                    .clone()
                                    .map(|n| view! { <DataText text=n /> })}
                            </dd>
                        }
                    })}
            }
            .into_any();
            (kind, extra)
        }
        Party::Network(n) => (
            i18n.t("details.network"),
            website(ds.network(n).website.clone(), i18n).into_any(),
        ),
        Party::Organisation(o) => (
            i18n.t("details.organisation"),
            website(ds.organisation(o).website.clone(), i18n).into_any(),
        ),
    };
    let links_label = if matches!(party, Party::City(_)) {
        i18n.t("details.links")
    } else {
        i18n.t("details.members")
    };
    view! {
        <h2>
            <DataText text=names />
        </h2>
        {native
            .map(|(lang, text)| {
                view! {
                    <p class="native" lang=lang>
                        {text}
                    </p>
                }
            })}
        <dl>{row(i18n.t("details.kind"), kind)} {extra}</dl>
        <h3>{links_label}</h3>
        <ul class="plain">
            {links
                .into_iter()
                .map(|(id, label, date)| {
                    view! {
                        <li>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| state.selected_id.set(Some(id.clone()))
                            >
                                {label}
                            </button>
                            " · "
                            {date}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn website(url: Option<String>, i18n: I18n) -> impl IntoView {
    url.map(|u| {
        let href = u.clone();
        row(
            i18n.t("details.website"),
            view! {
                <a href=href rel="noopener noreferrer" target="_blank">
                    {u}
                </a>
            },
        )
    })
}

fn legal(l: LegalInstrument, i18n: I18n) -> impl IntoView {
    let number = l
        .number
        .map(|n| i18n.format("details.legal_number", &[("number", &n)]));
    let date = l.date.map(|d| i18n.date(&d));
    view! {
        <DataText text=l.title />
        {number
            .map(|n| {
                view! {
                    ", "
                    {n}
                }
            })}
        {date
            .map(|d| {
                view! {
                    ", "
                    {d}
                }
            })}
    }
}

fn sources(list: Vec<Source>, i18n: I18n) -> impl IntoView {
    view! {
        <h3>{i18n.t("details.sources")}</h3>
        <ul class="sources">
            {list
                .into_iter()
                .map(|s| {
                    let title = s.title.clone();
                    let head = match s.url.clone() {
                        Some(url) => {
                            // URLs were checked to be https:// when the dataset was loaded.
                            view! {
                                <a href=url rel="noopener noreferrer" target="_blank">
                                    {title}
                                </a>
                            }
                                .into_any()
                        }
                        None => view! { <span>{title}</span> }.into_any(),
                    };
                    let accessed = s
                        .accessed
                        .map(|d| {
                            i18n.format("details.source_accessed", &[("date", &i18n.date(&d))])
                        });
                    view! {
                        <li>
                            {head}
                            {accessed
                                .map(|a| {
                                    view! {
                                        " ("
                                        {a}
                                        ")"
                                    }
                                })}
                            {s
                                .note
                                .clone()
                                .map(|n| {
                                    view! {
                                        <br />
                                        <small>{n}</small>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
