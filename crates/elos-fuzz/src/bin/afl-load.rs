//! AFL++ target: any bytes as a dataset. A broken promise (`elos_fuzz::check_load`) panics,
//! which AFL++ records as a crash. Run with `cargo xtask fuzz afl-load` (docs/fuzzing.md).

fn main() {
    let catalogues = elos_core::i18n::Catalogue::all();
    afl::fuzz!(|bytes: &[u8]| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if let Err(broken) = elos_fuzz::check_load(text, &catalogues) {
                panic!("{broken}");
            }
        }
    });
}
