//! Writes links-5000.json: a SYNTHETIC, seeded dataset (1 home city, 5,000 partner cities, 5,000 links) for `cargo xtask bench pan`; `node tests/data/synthetic/make.mjs`.
//
// Nothing in it is real: names are "Synthetic city 0001"…, points are uniform random, sources
// are placeholders. The same seed always gives the same bytes, so the file never churns.
// Check it with `cargo run -q -p elos-cli -- check tests/data/synthetic/links-5000.json`.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PARTNERS = 5000;
const SEED = 20250101;

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
const random = rng(SEED);
const between = (lo, hi) => lo + random() * (hi - lo);
const int = (lo, hi) => Math.floor(between(lo, hi + 1)); // inclusive
const pick = (list) => list[Math.floor(random() * list.length)];
const round4 = (x) => Math.round(x * 1e4) / 1e4;

// Real ISO 3166-1 codes (the loader wants two upper-case letters), so country names resolve.
const COUNTRIES = ['AR', 'BR', 'CA', 'CL', 'CN', 'DE', 'ES', 'FR', 'GB', 'IN', 'IT', 'JP', 'KR', 'MX', 'MZ', 'NG', 'PT', 'US', 'UY', 'ZA'];
const KINDS = ['sister_city', 'bilateral_cooperation', 'network_membership', 'organisation_partnership', 'diplomatic', 'other'];
const THEMES = ['culture', 'economy', 'education', 'public_services', 'social_policy', 'environment', 'climate', 'food', 'innovation', 'urban_planning'];
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
  link.start = random() < 0.25 ? `${startYear}-${String(int(1, 12)).padStart(2, '0')}` : String(startYear);
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

const out = join(dirname(fileURLToPath(import.meta.url)), 'links-5000.json');
writeFileSync(out, JSON.stringify(dataset, null, 1) + '\n');
console.log(`wrote ${out} (${cities.length} cities, ${cooperations.length} cooperations)`);
