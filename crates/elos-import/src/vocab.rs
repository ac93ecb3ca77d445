//! Words for kinds, statuses and themes in Portuguese, Spanish and English. The app's own
//! labels (`kind.*`, `status.*`, `theme.*` in the core's catalogues) are always accepted, so a
//! label the page shows can be typed back; the lists below add what clerks also write.

use std::collections::HashMap;

use elos_core::i18n::Catalogue;
use elos_core::model::{LinkKind, Status};
use elos_core::search::fold;

const KIND_WORDS: &[(&str, LinkKind)] = &[
    ("cidade irma", LinkKind::SisterCity),
    ("cidades irmas", LinkKind::SisterCity),
    ("irmanamento", LinkKind::SisterCity),
    ("geminacao", LinkKind::SisterCity),
    ("sister cities", LinkKind::SisterCity),
    ("twin town", LinkKind::SisterCity),
    ("twin city", LinkKind::SisterCity),
    ("twinning", LinkKind::SisterCity),
    ("ciudades hermanas", LinkKind::SisterCity),
    ("hermanamiento", LinkKind::SisterCity),
    ("cooperacao", LinkKind::BilateralCooperation),
    ("cooperacao tecnica", LinkKind::BilateralCooperation),
    ("acordo de cooperacao", LinkKind::BilateralCooperation),
    ("cooperation", LinkKind::BilateralCooperation),
    ("cooperation agreement", LinkKind::BilateralCooperation),
    ("cooperacion", LinkKind::BilateralCooperation),
    ("acuerdo de cooperacion", LinkKind::BilateralCooperation),
    ("rede", LinkKind::NetworkMembership),
    ("rede internacional", LinkKind::NetworkMembership),
    ("network", LinkKind::NetworkMembership),
    ("city network", LinkKind::NetworkMembership),
    ("network membership", LinkKind::NetworkMembership),
    ("red", LinkKind::NetworkMembership),
    ("red internacional", LinkKind::NetworkMembership),
    ("organismo internacional", LinkKind::OrganisationPartnership),
    ("organizacao", LinkKind::OrganisationPartnership),
    (
        "international organization",
        LinkKind::OrganisationPartnership,
    ),
    (
        "international organisation",
        LinkKind::OrganisationPartnership,
    ),
    (
        "organizacion internacional",
        LinkKind::OrganisationPartnership,
    ),
    ("consulado", LinkKind::Diplomatic),
    ("consulate", LinkKind::Diplomatic),
    ("embaixada", LinkKind::Diplomatic),
    ("embassy", LinkKind::Diplomatic),
    ("embajada", LinkKind::Diplomatic),
    ("diplomatica", LinkKind::Diplomatic),
    ("diplomatic", LinkKind::Diplomatic),
    ("outro", LinkKind::Other),
    ("other", LinkKind::Other),
    ("otro", LinkKind::Other),
];

const STATUS_WORDS: &[(&str, Status)] = &[
    ("ativo", Status::Active),
    ("ativa", Status::Active),
    ("vigente", Status::Active),
    ("active", Status::Active),
    ("in force", Status::Active),
    ("activo", Status::Active),
    ("activa", Status::Active),
    ("encerrada", Status::Ended),
    ("extinto", Status::Ended),
    ("ended", Status::Ended),
    ("expired", Status::Ended),
    ("terminado", Status::Ended),
    ("finalizada", Status::Ended),
    ("suspensa", Status::Suspended),
    ("suspended", Status::Suspended),
    ("suspendida", Status::Suspended),
    ("planejado", Status::Planned),
    ("em negociacao", Status::Planned),
    ("planned", Status::Planned),
    ("planificado", Status::Planned),
    ("en negociacion", Status::Planned),
    ("desconhecido", Status::Unknown),
    ("unknown", Status::Unknown),
    ("desconocido", Status::Unknown),
];

/// Theme keys the page has labels for.
const THEMES: &[&str] = &[
    "culture",
    "economy",
    "public_services",
    "social_policy",
    "education",
    "know_how",
    "business",
    "food",
    "climate",
    "environment",
    "innovation",
    "urban_planning",
];

/// Every word that names a kind, status or theme, folded.
pub struct Vocabulary {
    kinds: HashMap<String, LinkKind>,
    statuses: HashMap<String, Status>,
    themes: HashMap<String, &'static str>,
}

impl Vocabulary {
    pub fn new() -> Self {
        let catalogues = Catalogue::all();
        let mut v = Vocabulary {
            kinds: HashMap::new(),
            statuses: HashMap::new(),
            themes: HashMap::new(),
        };
        for kind in LinkKind::ALL {
            v.kinds.insert(fold(kind.key()), kind);
            for c in &catalogues {
                v.kinds
                    .insert(fold(&c.t(&format!("kind.{}", kind.key()))), kind);
            }
        }
        for (w, k) in KIND_WORDS {
            v.kinds.insert(fold(w), *k);
        }
        for status in Status::ALL {
            v.statuses.insert(fold(status.key()), status);
            for c in &catalogues {
                v.statuses
                    .insert(fold(&c.t(&format!("status.{}", status.key()))), status);
            }
        }
        for (w, s) in STATUS_WORDS {
            v.statuses.insert(fold(w), *s);
        }
        for theme in THEMES {
            v.themes.insert(fold(theme), theme);
            for c in &catalogues {
                v.themes
                    .insert(fold(&c.t(&format!("theme.{theme}"))), theme);
            }
        }
        v
    }

    pub fn kind(&self, written: &str) -> Option<LinkKind> {
        self.kinds.get(&key(written)).copied()
    }

    pub fn status(&self, written: &str) -> Option<Status> {
        self.statuses.get(&key(written)).copied()
    }

    /// A theme key: a known theme, or the written word made into a key (reported by the caller).
    pub fn theme(&self, written: &str) -> Result<&'static str, String> {
        let k = key(written);
        self.themes
            .get(&k)
            .copied()
            .ok_or_else(|| k.replace(' ', "_"))
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self::new()
    }
}

fn key(written: &str) -> String {
    fold(written.trim().trim_end_matches('.'))
}

/// Splits a themes cell: "cultura, educação; meio ambiente".
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([',', ';', '|', '/', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_statuses_and_themes_in_three_languages() {
        let v = Vocabulary::new();
        for (w, k) in [
            ("Cidade-irmã", LinkKind::SisterCity),
            ("cidade irmã", LinkKind::SisterCity),
            ("Sister city", LinkKind::SisterCity),
            ("Ciudad hermana", LinkKind::SisterCity),
            ("sister_city", LinkKind::SisterCity),
            ("Rede de cidades", LinkKind::NetworkMembership),
            ("Red", LinkKind::NetworkMembership),
            (
                "Organización internacional",
                LinkKind::OrganisationPartnership,
            ),
            ("Consulado", LinkKind::Diplomatic),
            ("Cooperação bilateral", LinkKind::BilateralCooperation),
        ] {
            assert_eq!(v.kind(w), Some(k), "{w}");
        }
        assert_eq!(v.kind("amizade"), None);
        for (w, s) in [
            ("Em vigor", Status::Active),
            ("ativo", Status::Active),
            ("Vigente", Status::Active),
            ("In force", Status::Active),
            ("Encerrado", Status::Ended),
            ("Finalizado", Status::Ended),
            ("suspenso", Status::Suspended),
            ("Previsto", Status::Planned),
        ] {
            assert_eq!(v.status(w), Some(s), "{w}");
        }
        assert_eq!(v.theme("Meio ambiente"), Ok("environment"));
        assert_eq!(v.theme("Educación"), Ok("education"));
        assert_eq!(v.theme("Esporte"), Err("esporte".into()));
        let parts: Vec<&str> = split_list("cultura, educação; meio ambiente").collect();
        assert_eq!(parts, ["cultura", "educação", "meio ambiente"]);
    }
}
