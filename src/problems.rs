//! The error panel: why a dataset could not be used, each problem with its place in the file,
//! in the UI language. Whatever was shown before stays on screen.

use leptos::prelude::*;

use elos_core::lang::isolate;
use elos_core::problem::Problem;

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
            LoadFailure::Download(failure) => {
                (failure.message(&i18n.cat()).unwrap_or_default(), Vec::new())
            }
            LoadFailure::Problems { file, problems } => (
                i18n.plural(
                    "errors.intro",
                    problems
                        .iter()
                        .filter(|p| p.level() == elos_core::problem::Level::Error)
                        .count(),
                    &[("file", &isolate(&file))],
                ),
                problems,
            ),
        };
        let items = problem_list(i18n, problems);
        Some(view! {
            <section class="problems" role="alert" aria-labelledby="problems-title">
                <h2 id="problems-title">{i18n.t("errors.title")}</h2>
                <p>{intro}</p>
                <ol>{items}</ol>
                {kept.then(|| view! { <p class="kept">{i18n.t("errors.kept")}</p> })}
            </section>
        })
    };
    // The site configuration written into the page: broken only if someone edited the
    // built page by hand; the page then keeps to its defaults and says why.
    let site = move || {
        let (file, problems) = crate::fetch::site_problems();
        (!problems.is_empty()).then(|| {
            view! {
                <section class="problems" role="alert" aria-labelledby="site-problems-title">
                    <h2 id="site-problems-title">{i18n.t("errors.title")}</h2>
                    <p>{i18n.format("errors.site_config", &[("file", file)])}</p>
                    <ol>{problem_list(i18n, problems.to_vec())}</ol>
                </section>
            }
        })
    };
    view! {
        {site}
        {content}
    }
}

/// Each problem with its level, place in the file, JSON path and sentence.
fn problem_list(i18n: I18n, problems: Vec<Problem>) -> impl IntoView {
    let cat = i18n.cat();
    problems
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
            let path = (!p.path.is_empty()).then(|| isolate(&p.path).into_owned());
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
        .collect_view()
}
