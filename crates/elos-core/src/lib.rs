//! Elos' pure core: the dataset format and its checks, dates, projection and arcs, timeline
//! layout, filtering and search, and the message catalogues. No DOM, no I/O: the web app and
//! the `elos` CLI both call it, and it is tested natively.

pub mod address;
pub mod brief;
pub mod chart;
pub mod checks;
pub mod date;
pub mod describe;
pub mod download;
pub mod embed;
pub mod fallback;
pub mod filter;
pub mod first_view;
pub mod fly;
pub mod geo;
pub mod i18n;
pub mod import_msg;
pub mod json;
pub mod lang;
pub mod limits;
pub mod links;
pub mod load;
pub mod model;
pub mod num;
pub mod offline;
pub mod order;
pub mod outlines;
pub mod poster;
pub mod present;
pub mod problem;
pub mod query;
pub mod scene;
#[cfg(feature = "schema")]
pub mod schema;
pub mod search;
pub mod site;
pub mod spec;
pub mod table;
pub mod timeline;
pub mod tour;

pub use load::{load, Loaded};
pub use model::Dataset;
