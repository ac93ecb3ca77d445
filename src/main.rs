//! Elos web app: a city's international links on a world map and a timeline.

mod app;
mod combobox;
mod details;
mod fetch;
mod filters;
mod i18n;
mod map;
mod model;
mod names;
mod problems;
mod resize;
mod search_box;
mod state;
mod stats;
mod table;
mod time_window;
mod timeline;
mod ui;
mod undated;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
