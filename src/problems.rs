//! The error panel: why a dataset could not be used, each problem with its place in the file,
//! in the UI language. Whatever was shown before stays on screen.

use leptos::prelude::*;

use crate::fetch::LoadFailure;
use crate::i18n::I18n;
use crate::model::Model;

#[component]
pub fn ProblemsPanel() -> impl IntoView {
    let model = expect_context::<Model>();
    let i18n = expect_context::<I18n>();
    let content = move || {
        let failure = model.failure.get()?;
        let kept = model.loaded.with(Option::is_some);
        let (intro, problems) = match failure {
            LoadFailure::RefusedAddress { file } => (
                i18n.format("errors.bad_url", &[("file", &file)]),
                Vec::new(),
            ),
            LoadFailure::Download(failure) => {
                let detail = failure.message(&i18n.cat()).unwrap_or_default();
                (
                    i18n.format(
                        "errors.fetch",
                        &[("file", &failure.file), ("detail", &detail)],
                    ),
                    Vec::new(),
                )
            }
            LoadFailure::Http { file, status } => (
                i18n.format(
                    "errors.http",
                    &[("file", &file), ("status", &status.to_string())],
                ),
                Vec::new(),
            ),
            LoadFailure::Problems { file, problems } => (
                i18n.plural(
                    "errors.intro",
                    problems
                        .iter()
                        .filter(|p| p.level() == elos_core::problem::Level::Error)
                        .count(),
                    &[("file", &file)],
                ),
                problems,
            ),
        };
        let cat = i18n.cat();
        let items = problems
            .into_iter()
            .map(|p| {
                let place = p.at.map(|a| {
                    i18n.format(
                        "errors.where",
                        &[
                            ("line", &a.line.to_string()),
                            ("column", &a.column.to_string()),
                        ],
                    )
                });
                let level = i18n.t(&format!("level.{}", p.level().key()));
                let path = (!p.path.is_empty()).then(|| p.path.clone());
                view! {
                    <li class=format!("problem {}", p.level().key())>
                        <span class="level">{level}</span>
                        " "
                        {place
                            .map(|pl| {
                                view! {
                                    <span class="where">{pl}</span>
                                    " "
                                }
                            })}
                        {path
                            .map(|path| {
                                view! {
                                    <code>{path}</code>
                                    " "
                                }
                            })}
                        <span class="message">{cat.problem(&p)}</span>
                        " "
                        <small class="code">"[" {p.code.key()} "]"</small>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="problems" role="alert" aria-labelledby="problems-title">
                <h2 id="problems-title">{i18n.t("errors.title")}</h2>
                <p>{intro}</p>
                <ol>{items}</ol>
                {kept.then(|| view! { <p class="kept">{i18n.t("errors.kept")}</p> })}
            </section>
        })
    };
    view! { {content} }
}
