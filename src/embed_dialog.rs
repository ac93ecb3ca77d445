//! "Embed this view": a modal `<dialog>` with the snippet for the view on screen (the core's
//! `embed::snippet`), a choice of size and of kind of code, a copy button and a live preview.
//! The browser's modal dialog keeps focus inside and closes on Escape; focus then goes back to
//! the button that opened it.

use elos_core::embed::{snippet, SnippetKind, SnippetTarget, SANDBOX, SIZES};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::embed::folder_url;
use crate::i18n::I18n;
use crate::state::UiState;

#[component]
pub fn EmbedButton() -> impl IntoView {
    let state = expect_context::<UiState>();
    let i18n = expect_context::<I18n>();
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let opener_ref = NodeRef::<leptos::html::Button>::new();
    let open = RwSignal::new(false);
    let size = RwSignal::new(0usize);
    // Indices into `SIZES` and `SnippetKind::ALL`: one signal type, one radio group type.
    let kind_ix = RwSignal::new(0usize);
    let kind = move || SnippetKind::ALL[kind_ix.get()];
    let copied = RwSignal::new(None::<bool>);

    let query = crate::ui::derived(move || state.view_query());
    let target = move || (folder_url(), query.get());
    let code = move || {
        let (folder_url, view_query) = target();
        let to = SnippetTarget {
            folder_url: &folder_url,
            view_query: &view_query,
        };
        snippet(kind(), &to, SIZES[size.get()], &i18n.cat())
    };
    let preview_src = move || {
        let (folder_url, view_query) = target();
        SnippetTarget {
            folder_url: &folder_url,
            view_query: &view_query,
        }
        .embed_url()
    };
    let show = move |_| {
        open.set(true);
        if let Some(dialog) = dialog_ref.get_untracked() {
            let _ = dialog.show_modal();
        }
    };
    let close = move || {
        if let Some(dialog) = dialog_ref.get_untracked() {
            dialog.close();
        }
    };
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&code());
        spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(ok));
        });
    };
    let radios = move |group: &'static str, keys: [&'static str; 3], chosen: RwSignal<usize>| {
        keys.into_iter()
            .enumerate()
            .map(|(i, key)| {
                view! {
                    <label>
                        <input
                            type="radio"
                            name=group
                            prop:checked=move || chosen.get() == i
                            on:change=move |_| chosen.set(i)
                        />
                        {move || i18n.t(key)}
                    </label>
                }
            })
            .collect_view()
    };
    let size_keys = ["embed.size_small", "embed.size_medium", "embed.size_wide"];
    let kind_keys = ["embed.kind_auto", "embed.kind_plain", "embed.kind_poster"];
    let preview_width = move || match SIZES[size.get()].width_px {
        Some(w) => format!("{w}px"),
        None => "100%".to_owned(),
    };
    let preview_height = move || format!("{}px", SIZES[size.get()].height_px);

    view! {
        <button
            type="button"
            class="embed-open"
            node_ref=opener_ref
            aria-haspopup="dialog"
            on:click=show
        >
            {i18n.tr("embed.button")}
        </button>
        <dialog
            class="embed-dialog"
            node_ref=dialog_ref
            aria-labelledby="embed-title"
            on:close=move |_| {
                open.set(false);
                copied.set(None);
                if let Some(b) = opener_ref.get_untracked() {
                    let _ = b.focus();
                }
            }
        >
            <Show when=move || open.get()>
                <div class="embed-head">
                    <h2 id="embed-title">{i18n.tr("embed.dialog_title")}</h2>
                    <button
                        type="button"
                        class="close"
                        aria-label=i18n.tr("embed.close")
                        on:click=move |_| close()
                    >
                        "×"
                    </button>
                </div>
                <p>{i18n.tr("embed.dialog_intro")}</p>
                <div class="embed-options">
                    <fieldset>
                        <legend>{i18n.tr("embed.size")}</legend>
                        {radios("embed-size", size_keys, size)}
                    </fieldset>
                    <fieldset>
                        <legend>{i18n.tr("embed.kind")}</legend>
                        {radios("embed-kind", kind_keys, kind_ix)}
                    </fieldset>
                </div>
                <label for="embed-code">{i18n.tr("embed.code")}</label>
                <textarea id="embed-code" readonly rows="6" prop:value=code></textarea>
                <div class="embed-copy">
                    <button type="button" on:click=copy>
                        {i18n.tr("embed.copy")}
                    </button>
                    <span role="status">
                        {move || match copied.get() {
                            Some(true) => i18n.t("embed.copied"),
                            Some(false) => i18n.t("embed.copy_failed"),
                            None => String::new(),
                        }}
                    </span>
                </div>
                <h3>{i18n.tr("embed.preview")}</h3>
                <div class="embed-preview">
                    {move || {
                        if kind() == SnippetKind::Poster {
                            view! { <img src="poster.svg" alt=i18n.t("embed.poster_alt") /> }
                                .into_any()
                        } else {
                            view! {
                                <iframe
                                    src=preview_src
                                    title=i18n.tr("embed.frame_title")
                                    sandbox=SANDBOX
                                    allow="fullscreen"
                                    style:width=preview_width
                                    style:height=preview_height
                                ></iframe>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
        </dialog>
    }
}
