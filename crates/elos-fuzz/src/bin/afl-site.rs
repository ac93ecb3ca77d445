//! AFL++ target: any bytes as a site configuration, and the address rule on addresses taken
//! from the same bytes (`elos_fuzz::check_site`). Run with `cargo xtask fuzz afl-site`.

fn main() {
    let catalogues = elos_core::i18n::Catalogue::all();
    afl::fuzz!(|bytes: &[u8]| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            if let Err(broken) = elos_fuzz::check_site(text, &catalogues) {
                panic!("{broken}");
            }
        }
    });
}
