#!/usr/bin/env python3
"""Writes the hostile-dataset corpus: each NAME.json beside NAME.expect, the exact problems the
loader must report, one per line: `level code path line:column` (`-` where none applies).

The expected positions are found here by searching the text for the offending token,
independently of the Rust loader, so the test compares two separate computations.
Coordinates are copied from public/data/example.json (GeoNames). Re-run: python3 make.py
"""
import json, os, re

BASE = {
    "format": 1,
    "title": {"pt-BR": "Teste sintético", "en": "Synthetic test"},
    "languages": ["pt-BR", "en"],
    "home_cities": ["ipatinga"],
    "cities": [
        {"id": "ipatinga", "names": {"pt-BR": "Ipatinga"}, "country": "BR", "lon_deg": -42.5367, "lat_deg": -19.4683},
        {"id": "kitakyushu", "names": {"en": "Kitakyushu", "ja": "北九州市"}, "country": "JP", "lon_deg": 130.8333, "lat_deg": 33.85},
    ],
    "cooperations": [
        {"id": "ipatinga-kitakyushu", "kind": "sister_city", "parties": ["ipatinga", "kitakyushu"],
         "start": "1978", "sources": [{"title": "Prefeitura de Ipatinga — Cidades-irmãs"}]},
    ],
    "events": [
        {"id": "office", "city_id": "ipatinga", "date": "2001", "title": {"en": "Office"}, "sources": [{"title": "Page"}]},
    ],
}

QK = '"kitakyushu'

def q(s):
    return '"' + s + '"'

def idq(v):
    return '"id": "' + v + '"'

def dump(d):
    return json.dumps(d, ensure_ascii=False, indent=2) + "\n"

def pos(text, needle, nth=0, offset=0):
    """1-based line and column (in characters) of the nth occurrence of needle, plus offset."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += offset
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return f"{line}:{col}"

def value_pos(text, key, nth=0):
    """Position of the value of `"key": value`."""
    needle = f'"{key}": '
    return pos(text, needle, nth, len(needle))

def key_pos(text, key, nth=0):
    return pos(text, f'"{key}":', nth)

def item_pos(text, first_key_and_value, nth=0):
    """Position of the '{' opening the object whose first member is given."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(first_key_and_value, i + 1)
    j = text.rindex("{", 0, i)
    return pos(text[: j + 1], "{", text[: j + 1].count("{") - 1)

cases = {}
def case(name, text, *expect):
    cases[name] = (text, expect)

def mutated(f):
    d = json.loads(json.dumps(BASE))
    f(d)
    return dump(d)

base = dump(BASE)
case("valid", base)
case("bom", "\ufeff" + base, "info byte-order-mark - 1:1")
case("empty", "", "error empty-file - 1:1")
case("whitespace", "  \n\t \n", "error empty-file - 1:1")
t = base.replace('"1978",', '"1978",,')
case("not-json-double-comma", t, f"error not-json - {pos(t, ',,', 0, 1)}")
t = base[: base.index('"kitakyushu"')] + '"kitakyushu'
case("not-json-truncated", t, f"error not-json - {pos(t, QK, 0)}")
t = '[1, 2]\n'
case("not-an-object", t, "error wrong-type - 1:1")
t = "[" * 10000
case("deep-nesting", t, "error too-deep - 1:130")
t = mutated(lambda d: d.pop("format"))
case("missing-format", t, "error missing-field format 1:1")
t = mutated(lambda d: d.update(format=2))
case("wrong-format", t, f"error unsupported-format format {value_pos(t, 'format')}")
t = mutated(lambda d: d["cities"][1].pop("country"))
case("missing-field", t, f"error missing-field cities[1].country {item_pos(t, idq('kitakyushu'))}")
def typo(d):
    c = d["cities"][1]
    c["lon_dg"] = c.pop("lon_deg")
t = mutated(typo)
case("unknown-field", t,
     f"warning unknown-field cities[1].lon_dg {key_pos(t, 'lon_dg')}",
     f"error missing-field cities[1].lon_deg {item_pos(t, idq('kitakyushu'))}")
t = base.replace('"id": "kitakyushu",', '"id": "kitakyushu",\n      "id": "kitakyushu-2",')
case("duplicate-key", t, f"error duplicate-key cities[1].id {key_pos(t, 'id', 2)}")
t = mutated(lambda d: d["cities"].append(dict(d["cities"][1])))
case("duplicate-id", t, f"error duplicate-id cities[2].id {pos(t, q('kitakyushu'), 1)}")
t = mutated(lambda d: d["cooperations"][0].update(parties=["ipatinga", "kitakyshu"]))
case("unknown-id", t, f"error unknown-id cooperations[0].parties[1] {pos(t, q('kitakyshu'))}")
t = mutated(lambda d: d["events"][0].update(city_id="ipatinga-kitakyushu"))
case("wrong-reference", t, f"error wrong-reference events[0].city_id {value_pos(t, 'city_id')}")
t = mutated(lambda d: d["cities"].append({"id": "Belo Horizonte", "names": {"pt-BR": "Belo Horizonte"}, "country": "BR", "lon_deg": -43.9378, "lat_deg": -19.9208}))
case("invalid-id", t, f"error invalid-id cities[2].id {pos(t, q('Belo Horizonte'))}")
t = mutated(lambda d: d["cities"][1].update(lat_deg=133.85))
case("latitude-out-of-range", t, f"error coordinate-out-of-range cities[1].lat_deg {value_pos(t, 'lat_deg', 1)}")
t = mutated(lambda d: d["cities"][0].update(lon_deg=-192.5))
case("longitude-out-of-range", t, f"error coordinate-out-of-range cities[0].lon_deg {value_pos(t, 'lon_deg')}")
t = mutated(lambda d: d["cooperations"][0].update(start="03/03/2017"))
case("invalid-date", t, f"error invalid-date cooperations[0].start {value_pos(t, 'start')}")
t = mutated(lambda d: d["cooperations"][0].update(start="2023-02-29"))
case("impossible-date", t, f"error invalid-date cooperations[0].start {value_pos(t, 'start')}")
t = mutated(lambda d: d["cooperations"][0].update(start="1978-13"))
case("impossible-month", t, f"error invalid-date cooperations[0].start {value_pos(t, 'start')}")
t = mutated(lambda d: d["cooperations"][0].update(start="2009", end="2001"))
case("end-before-start", t, f"error end-before-start cooperations[0].end {value_pos(t, 'end')}")
t = mutated(lambda d: d["cooperations"][0]["sources"][0].update(url="http://www.ipatinga.mg.gov.br/"))
case("insecure-url", t, f"error insecure-url cooperations[0].sources[0].url {value_pos(t, 'url')}")
t = mutated(lambda d: d["cooperations"][0]["sources"][0].update(url="javascript:alert(1)"))
case("javascript-url", t, f"error insecure-url cooperations[0].sources[0].url {value_pos(t, 'url')}")
t = mutated(lambda d: d["cities"][0].update(names={"pt-BR": " "}))
case("empty-name", t, f"error empty-text cities[0].names.pt-BR {pos(t, q(' '))}")
t = mutated(lambda d: d["cities"][0].update(names={}))
case("empty-names", t, f"error empty-text cities[0].names {value_pos(t, 'names')}")
t = mutated(lambda d: d["cities"][0].update(lon_deg="-42.5367"))
case("wrong-type", t, f"error wrong-type cities[0].lon_deg {value_pos(t, 'lon_deg')}")
t = mutated(lambda d: d["cooperations"][0].update(parties=["ipatinga"]))
case("too-few-parties", t, f"error too-few-parties cooperations[0].parties {value_pos(t, 'parties')}")
t = mutated(lambda d: d["cooperations"][0].update(sources=[]))
case("no-sources", t, f"error no-sources cooperations[0].sources {value_pos(t, 'sources')}")
t = mutated(lambda d: d["cooperations"][0].update(kind="sister-city"))
case("invalid-kind", t, f"error invalid-value cooperations[0].kind {value_pos(t, 'kind')}")
t = mutated(lambda d: d["cities"][0].update(country="Brasil"))
case("invalid-country", t, f"error invalid-value cities[0].country {value_pos(t, 'country')}")
t = mutated(lambda d: d["cities"][0].update(country="ZZ"))
case("unknown-region-country", t, f"error invalid-value cities[0].country {value_pos(t, 'country')}")
def twice(d, parties):
    d["cooperations"].append({"id": "again", "kind": "sister_city", "parties": parties, "sources": [{"title": "x"}]})
t = mutated(lambda d: twice(d, ["ipatinga", "kitakyushu"]))
case("duplicate-link", t, f"warning duplicate-link cooperations[1] {item_pos(t, idq('again'))}")
t = mutated(lambda d: twice(d, ["kitakyushu", "ipatinga"]))
case("duplicate-link-other-side", t, f"warning duplicate-link cooperations[1] {item_pos(t, idq('again'))}")
def shared(d):
    d["sources"] = [{"id": "ipatinga-page", "title": "Prefeitura de Ipatinga — Cidades-irmãs",
                     "archived": "arquivo/ipatinga-cidades-irmas.txt"}]
    d["cooperations"][0]["sources"] = ["ipatinga-page"]
    d["credits"] = {"pt-BR": "Coordenadas: GeoNames (CC BY 4.0)"}
    d["licence"] = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
t = mutated(shared)
case("shared-sources", t)  # sources cited by id, credits, licence, an archived copy: no problem
def unknown_source(d):
    shared(d)
    d["cooperations"][0]["sources"] = ["ipatinga-pag"]
t = mutated(unknown_source)
case("unknown-source-id", t, f"error unknown-id cooperations[0].sources[0] {pos(t, q('ipatinga-pag'), 0)}")
t = mutated(lambda d: d["cooperations"][0]["sources"][0].update(archived="../../etc/passwd"))
case("archived-outside", t, f"error invalid-value cooperations[0].sources[0].archived {value_pos(t, 'archived')}")
t = mutated(lambda d: d["cooperations"][0].update(parties=["kitakyushu", "kitakyushu"]))
case("repeated-party", t,
     f"error invalid-value cooperations[0].parties[1] {pos(t, q('kitakyushu'), 2)}")
t = mutated(lambda d: d.update(home_cities=["kitakyushu"]))
case("home-city-not-party", t)  # kitakyushu is a party: no problem expected
def not_party(d):
    d["cities"].append({"id": "marlboro", "names": {"en": "Marlboro"}, "country": "US", "lon_deg": -74.2463, "lat_deg": 40.3154})
    d["cooperations"].append({"id": "other", "kind": "sister_city", "parties": ["kitakyushu", "marlboro"], "sources": [{"title": "x"}]})
t = mutated(not_party)
case("link-without-home-city", t, f"warning home-city-not-party cooperations[1].parties {item_pos(t, idq('other'))}")
# Many problems at once: every one must be reported, not just the first.
def many(d):
    d["cities"][0]["lat_deg"] = -99
    d["cooperations"][0]["parties"] = ["ipatinga", "kitakyshu"]
    d["cooperations"][0]["start"] = "1978-02-30"
    d["events"][0]["sources"][0]["url"] = "ftp://example.org/x"
t = mutated(many)
case("many-problems", t,
     f"error coordinate-out-of-range cities[0].lat_deg {value_pos(t, 'lat_deg')}",
     f"error unknown-id cooperations[0].parties[1] {pos(t, q('kitakyshu'))}",
     f"error invalid-date cooperations[0].start {value_pos(t, 'start')}",
     f"error insecure-url events[0].sources[0].url {value_pos(t, 'url')}")

# Tours: steps name items by id like every other reference.
TOUR = {"id": "tour", "title": {"en": "Tour"}, "home_city_id": "ipatinga", "steps": [
    {"frame": ["ipatinga-kitakyushu"], "from_year": 1978, "to_year": 1978,
     "highlight": ["ipatinga-kitakyushu", "office"], "caption": {"en": "1978"},
     "notes": {"en": "Notes"}, "duration_s": 12},
]}
def with_tour(change=lambda tour: None):
    def f(d):
        tour = json.loads(json.dumps(TOUR))
        change(tour)
        d["tours"] = [tour]
    return f
def step_update(**fields):
    return with_tour(lambda tour: tour["steps"][0].update(fields))
t = mutated(with_tour())
case("tour-valid", t)
t = mutated(step_update(highlight=["ipatinga-kitakyshu"]))
case("tour-unknown-id", t, f"error unknown-id tours[0].steps[0].highlight[0] {pos(t, q('ipatinga-kitakyshu'))}")
t = mutated(with_tour(lambda tour: tour.update(steps=[])))
case("tour-empty-steps", t, f"error missing-field tours[0].steps {value_pos(t, 'steps')}")
t = mutated(step_update(frame=["tour"]))
case("tour-wrong-reference", t, f"error wrong-reference tours[0].steps[0].frame[0] {pos(t, q('tour'), 1)}")
t = mutated(with_tour(lambda tour: tour.update(home_city_id="kitakyushu")))
case("tour-home-not-home", t, f"error wrong-reference tours[0].home_city_id {value_pos(t, 'home_city_id')}")
t = mutated(step_update(from_year=2009, to_year=1978))
case("tour-years-reversed", t, f"error end-before-start tours[0].steps[0].to_year {value_pos(t, 'to_year')}")
t = mutated(step_update(to_year=19780))
case("tour-year-out-of-range", t, f"error invalid-value tours[0].steps[0].to_year {value_pos(t, 'to_year')}")
t = mutated(step_update(duration_s=0))
case("tour-bad-duration", t, f"error invalid-value tours[0].steps[0].duration_s {value_pos(t, 'duration_s')}")
t = mutated(with_tour(lambda tour: tour.update(id="ipatinga")))
case("tour-duplicate-id", t, f"error duplicate-id tours[0].id {pos(t, idq('ipatinga'), 1, len(idq('')) - 2)}")
t = mutated(with_tour(lambda tour: tour["steps"][0].pop("caption")))
case("tour-missing-caption", t, f"error missing-field tours[0].steps[0].caption {item_pos(t, chr(34) + 'frame' + chr(34))}")

here = os.path.dirname(os.path.abspath(__file__))
for name, (text, expect) in cases.items():
    with open(os.path.join(here, name + ".json"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(os.path.join(here, name + ".expect"), "w", encoding="utf-8") as f:
        f.write("".join(e + "\n" for e in expect))
print(f"wrote {len(cases)} cases")
