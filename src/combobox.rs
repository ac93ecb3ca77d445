//! An ARIA combobox (a text field with a list of choices that follows what is typed), shared
//! by the search and the city chooser: arrows move through the choices, Enter picks, Escape
//! closes, and the number of choices is announced. Copes with 20,000 cities because the list
//! only ever holds the few best matches.

use leptos::prelude::*;

/// One choice in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What choosing it passes on (an id; "" for "all").
    pub value: String,
    pub label: String,
    /// A second, smaller line: the name that matched in another language, a country…
    pub note: Option<String>,
    /// The label's language when it is not the page's, for screen readers.
    pub lang: Option<String>,
}

#[component]
pub fn Combobox(
    /// The input's id; the list's is `{id}-list`.
    id: &'static str,
    label: Signal<String>,
    placeholder: Signal<String>,
    /// The text in the field.
    text: RwSignal<String>,
    choices: Signal<Vec<Choice>>,
    on_choose: Callback<Choice>,
    /// What to do when the field loses focus without a choice (e.g. put the chosen name back).
    on_leave: Callback<()>,
    /// Said after the list changes ("8 results").
    status: Signal<String>,
    #[prop(optional)] accesskey: Option<&'static str>,
) -> impl IntoView {
    let active = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let list_id = format!("{id}-list");
    let choose = move |index: usize| {
        if let Some(choice) = choices.with_untracked(|c| c.get(index).cloned()) {
            open.set(false);
            on_choose.run(choice);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = choices.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                if open.get_untracked() {
                    active.update(|a| *a = (*a + 1) % n);
                } else {
                    open.set(true);
                }
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" if n > 0 && open.get_untracked() => {
                ev.prevent_default();
                choose(active.get_untracked().min(n - 1));
            }
            "Escape" => {
                if open.get_untracked() {
                    ev.prevent_default();
                    ev.stop_propagation();
                }
                open.set(false);
            }
            _ => {}
        }
    };
    let expanded = move || open.get() && !choices.with(Vec::is_empty);
    let option_id = move |i: usize| format!("{id}-option-{i}");
    view! {
        <div class="combobox">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                accesskey=accesskey
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || expanded().then(|| option_id(active.get()))
                placeholder=placeholder
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:keydown=on_key
                on:blur=move |_| {
                    open.set(false);
                    on_leave.run(());
                }
            />
            <ul
                id=list_id
                role="listbox"
                class="combobox-list"
                hidden=move || !expanded()
                aria-label=label
            >
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <li
                                    id=option_id(i)
                                    role="option"
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        choose(i);
                                    }
                                >
                                    <span lang=c.lang>{c.label}</span>
                                    {c.note.map(|n| view! { <small>{n}</small> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || if open.get() { status.get() } else { String::new() }}
            </p>
        </div>
    }
}
