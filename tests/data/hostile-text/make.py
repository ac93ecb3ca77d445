#!/usr/bin/env python3
"""Writes the hostile-text fixtures (SYNTHETIC: nothing here is about a real city's links).

- text.json: a dataset that loads, with a payload in every text field the format has —
  names, titles, descriptions, notes, labels, legal instruments, sources, tours — so that the
  browser test (tests/browser/hostile.test.mjs) can check that nothing executes, no element is
  made from data, bidirectional text stays inside its name and nothing widens the page.
- urls.json: the same shape with every URL field holding an address that is not https (a
  `javascript:`, `data:`, `http:`… address): the loader must refuse each one, so none can
  become a link.

Payloads that set `window.__elosPwned` or open a dialog would show that they ran.
Coordinates are round numbers in open country; the cities' names say they are synthetic.
Re-run: python3 make.py (writes beside itself).
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))

# (class, payload): the corpus. Each class is one way text can be turned against a page.
PAYLOADS = [
    ("script-tag", "<script>window.__elosPwned='script';alert('script')</script>Synthetic A"),
    ("img-onerror", "<img src=x onerror=\"window.__elosPwned='img';alert('img')\">Synthetic B"),
    ("svg-onload", "<svg onload=\"window.__elosPwned='svg';alert('svg')\"></svg>Synthetic C"),
    ("javascript-url", "<a href=\"javascript:window.__elosPwned='a';alert('a')\">Synthetic D</a>"),
    ("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+ Synthetic E"),
    ("bidi-override", "Synthetic \u202eevil\u202c F \u202egnp.exe"),
    ("stray-isolates", "Synthetic \u2069G\u2067 unclosed"),
    ("zero-width", "Syn\u200bthe\u200ctic\u200d H\ufeff\u2060"),
    ("ten-thousand", "W" * 10_000),
    ("rtl-arabic", "مدينة اصطناعية"),
    ("rtl-hebrew", "עיר סינתטית"),
    ("emoji", "Synthetic 🏙️ 👩‍👩‍👧‍👦 🇧🇷 I"),
    ("nul", "Synthetic\u0000J"),
    ("formula", "=HYPERLINK(\"https://evil.example\",\"Synthetic K\")"),
    ("entities", "&lt;b&gt;Synthetic L&lt;/b&gt; &amp;amp; &#x3C;script&#x3E;"),
    ("placeholder", "Synthetic M {name} {file} {count} {{x}}"),
    ("style-breakout", "</style><style>*{display:none!important}</style>Synthetic N"),
    ("control-chars", "Synthetic\tO\nline two\r\u0007\u001b[31m"),
    ("long-words", ("Supercalifragilistic" * 60 + " ") * 8),
]

def text(i):
    """The i-th payload, in pt-BR and en (cycling), so both languages carry one."""
    _, p = PAYLOADS[i % len(PAYLOADS)]
    _, q = PAYLOADS[(i + 7) % len(PAYLOADS)]
    return {"pt-BR": p, "en": q}

def raw(i):
    return PAYLOADS[i % len(PAYLOADS)][1]

def dataset(url_for):
    n = len(PAYLOADS)
    home = {"id": "hostile-home", "names": text(0), "country": "BR", "lon_deg": -45.0, "lat_deg": -20.0,
            "place_kind": "metropolitan_area", "location_note": text(1)}
    cities = [home]
    cooperations = []
    for i in range(n):
        cid = f"synthetic-{i:02d}"
        city = {"id": cid, "names": text(i), "country": ["JP", "FR", "AR", "EG", "IL", "US", "ZA", "IN"][i % 8],
                "lon_deg": -170.0 + i * 18.0, "lat_deg": -50.0 + (i * 37) % 100}
        # Uncertain places get "?" after their map label: 5 and 17 carry the bidi override
        # (pt-BR and en), which must not swallow it.
        if i % 4 == 0 or i in (5, 17):
            city["identification"] = "uncertain"
            city["identification_note"] = text(i + 2)
        cities.append(city)
        coop = {
            "id": f"link-{i:02d}",
            "kind": ["sister_city", "bilateral_cooperation", "other", "diplomatic"][i % 4],
            "parties": ["hostile-home", cid],
            "status": ["active", "ended", "planned", "suspended", "unknown"][i % 5],
            "themes": ["culture", "some_theme_key"][: 1 + i % 2],
            "description": text(i + 3),
            "legal_instrument": {"title": text(i + 4), "number": raw(i + 5), "date": "2001-02-03"},
            "sources": [
                {"title": raw(i + 6), "url": url_for(i), "accessed": "2024-05", "note": raw(i + 8)},
                {"title": raw(i + 9)},
            ],
        }
        if i % 4 == 2:
            coop["kind_label"] = text(i + 10)
        if i % 3 != 2:
            coop["start"] = str(1950 + i * 4)
        if i % 5 == 1:
            coop["end"] = str(1950 + i * 4 + 10)
        cooperations.append(coop)
    networks = [{"id": f"network-{i}", "names": text(i + 11), "website": url_for(i + 1),
                 "headquarters_city_id": f"synthetic-{i:02d}"} for i in range(3)]
    organisations = [{"id": f"organisation-{i}", "names": text(i + 12), "website": url_for(i + 2)} for i in range(2)]
    for i, body in enumerate(networks + organisations):
        cooperations.append({
            "id": f"membership-{i}",
            "kind": "network_membership" if body["id"].startswith("network") else "organisation_partnership",
            "parties": ["hostile-home", body["id"], f"synthetic-{(i * 5) % n:02d}"],
            "start": str(1990 + i),
            "sources": [{"title": raw(i + 13), "url": url_for(i + 3)}],
        })
    events = [{"id": f"event-{i}", "city_id": "hostile-home", "date": f"{1960 + i * 7}-0{1 + i % 9}",
               "title": text(i + 14), "description": text(i + 15),
               "legal_instrument": {"title": text(i + 16), "number": raw(i + 17)},
               "sources": [{"title": raw(i + 18), "note": raw(i + 1), "url": url_for(i + 4)}]} for i in range(6)]
    tours = [{"id": "hostile-tour", "title": text(5),
              "steps": [{"caption": text(6), "notes": text(7), "frame": ["link-00", "link-01"],
                         "highlight": ["link-00"], "from_year": 1950, "to_year": 2000, "duration_s": 5},
                        {"caption": text(8), "frame": ["hostile-home"]}]}]
    return {
        "format": 1,
        "title": text(4),
        "languages": ["pt-BR", "en"],
        "home_cities": ["hostile-home"],
        "cities": cities,
        "networks": networks,
        "organisations": organisations,
        "cooperations": cooperations,
        "events": events,
        "tours": tours,
    }

# https addresses that are odd but valid: they may be links, and must not break out of href.
GOOD_URLS = [
    "https://evil.example/\"><script>window.__elosPwned='href';alert('href')</script>",
    "https://evil.example/?q=<img%20src=x%20onerror=alert(1)>",
    "https://xn--80ak6aa92e.example/\u202eexe.txt",
    "https://evil.example/" + "x" * 2000,
]

# Addresses that are not https: none may become a link.
BAD_URLS = [
    "javascript:window.__elosPwned='js';alert('js')",
    "JaVaScRiPt:alert('js')",
    " javascript:alert('js')",
    "data:text/html,<script>alert('data')</script>",
    "http://plain.example/",
    "vbscript:msgbox(1)",
    "//protocol-relative.example/x",
    "https:evil.example",
    "https://user:pass@evil.example/",
    "https://evil.example/a b",
    "file:///etc/passwd",
    "blob:https://evil.example/uuid",
]

def write(name, d):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")

write("text.json", dataset(lambda i: GOOD_URLS[i % len(GOOD_URLS)]))
write("urls.json", dataset(lambda i: BAD_URLS[i % len(BAD_URLS)]))
with open(os.path.join(HERE, "payloads.json"), "w", encoding="utf-8") as f:
    f.write(json.dumps({"payloads": PAYLOADS, "good_urls": GOOD_URLS, "bad_urls": BAD_URLS},
                       ensure_ascii=False, indent=1) + "\n")
