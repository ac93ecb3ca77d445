// Builds public/world.json: the world map's country outlines, already projected.
//
// Input:  world-atlas 2.0.2 countries-110m.json (Natural Earth 1:110m, public domain),
//         lightly simplified with topojson-simplify (see MIN_TRIANGLE_PX2).
// Output: SVG path data in pixel units of a viewBox 1000 px wide, projected with d3-geo's
//         Equal Earth projection fitted so that the whole sphere fills that width.
//         d3 clips at the antimeridian, so Fiji and Chukotka do not streak across the map.
//
// Run:    node world.mjs            (from scripts/data, after `npm ci`)

import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zc } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { geoArea, geoEqualEarth, geoGraticule, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import countries from 'i18n-iso-countries';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const outFile = join(here, '..', '..', 'public', 'world.json');

export const WIDTH_PX = 1000;
const DIGITS = 1;
// Visvalingam simplification: drop a point when the triangle it forms with its neighbours
// covers less than this many square pixels on the map (Equal Earth is equal-area, so a
// spherical area in steradians times scale² is an area in px²). 0.25 px² is invisible at
// 1000 px and brings the file under 35 KB brotli; every country is checked to keep its area.
const MIN_TRIANGLE_PX2 = 0.25;
const MAX_AREA_CHANGE = 0.1;

const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const atlasVersion = JSON.parse(readFileSync(require.resolve('world-atlas/package.json'), 'utf8')).version;

/** The projection the map uses; also imported by reference.mjs. */
export function worldProjection() {
  return geoEqualEarth().fitWidth(WIDTH_PX, { type: 'Sphere' });
}

// Features without a numeric id in world-atlas (N. Cyprus, Somaliland, Kosovo).
const NO_ID_ISO = { Kosovo: 'XK' };

function isoOf(f) {
  if (f.id === undefined || f.id === null || f.id === '') return NO_ID_ISO[f.properties.name] ?? '';
  const a2 = countries.numericToAlpha2(String(f.id));
  if (!a2) throw new Error(`no ISO alpha-2 code for numeric id ${f.id} (${f.properties.name})`);
  return a2;
}

function build() {
  const projection = worldProjection();
  const path = geoPath(projection).digits(DIGITS);

  const sphere = path({ type: 'Sphere' });
  const [[, y0], [, y1]] = path.bounds({ type: 'Sphere' });
  const height = Math.ceil(y1 - Math.min(0, y0));

  const graticule = path(geoGraticule().step([30, 30])());

  const original = feature(topology, topology.objects.countries).features;
  const k = projection.scale();
  const simplified = simplify(presimplify(structuredClone(topology), sphericalTriangleArea), MIN_TRIANGLE_PX2 / (k * k));
  const fc = feature(simplified, simplified.objects.countries);
  const out = [];
  for (const [i, f] of fc.features.entries()) {
    const change = geoArea(f) / geoArea(original[i]) - 1;
    if (!(Math.abs(change) <= MAX_AREA_CHANGE)) {
      throw new Error(`simplification changed ${f.properties.name}'s area by ${(change * 100).toFixed(0)}%`);
    }
    const d = path(f);
    if (!d) {
      console.warn(`warning: ${f.properties.name} has an empty path, left out`);
      continue;
    }
    out.push({ iso: isoOf(f), name: f.properties.name, d });
  }
  // By ISO code, features without one last; stable output for diffs.
  const key = (c) => `${c.iso ? 0 : 1}${c.iso}\u0000${c.name}`;
  out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  return {
    attribution: `Made with Natural Earth (public domain), via world-atlas ${atlasVersion}`,
    projection: 'equal-earth',
    width_px: WIDTH_PX,
    height_px: height,
    scale: projection.scale(),
    translate_px: projection.translate(),
    sphere,
    graticule,
    countries: out,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const world = build();
  const text = JSON.stringify(world);
  writeFileSync(outFile, text);
  const raw = Buffer.byteLength(text);
  const br = brotliCompressSync(Buffer.from(text), {
    params: { [zc.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  console.log(`wrote ${outFile}`);
  console.log(`  ${world.countries.length} countries, ${world.width_px}x${world.height_px} px`);
  console.log(`  scale ${world.scale}, translate [${world.translate_px.join(', ')}]`);
  console.log(`  size ${raw} bytes raw, ${br} bytes brotli (${(br / 1024).toFixed(1)} KiB)`);
  const noIso = world.countries.filter((c) => !c.iso).map((c) => c.name);
  if (noIso.length) console.log(`  without ISO code: ${noIso.join(', ')}`);
}
