// Builds public/world.json: the world map's country outlines, already projected.
//
// Input:  world-atlas 2.0.2 countries-110m.json (Natural Earth 1:110m, public domain),
//         lightly simplified with topojson-simplify (see MIN_TRIANGLE_PX2).
// Output: the outlines in pixel units of a viewBox 1000 px wide, projected with d3-geo's
//         Equal Earth projection fitted so that the whole sphere fills that width.
//         d3 clips at the antimeridian, so Fiji and Chukotka do not streak across the map.
//         d3 writes SVG paths rounded to 0.1 px; they are stored compactly (see encodePaths
//         and crates/elos-core/src/world.rs): each border two countries share is stored once,
//         as an "arc" of integer steps in tenths of a pixel, and the page rebuilds exactly
//         d3's path text from them (checked below before writing).
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

// --- Compact paths -------------------------------------------------------------------------
//
// A path (d3's "M x,y L x,y … Z", absolute, 0.1 px) is a list of parts, each a list of points
// in tenths of a pixel. Parts are cut into arcs at junctions (points met with different
// neighbours, and every part's first and last point), and an arc met again, either way round,
// is stored once. A part is then a list of arc numbers (~i: arc i reversed, as in TopoJSON);
// consecutive arcs share their end point. Closed parts (those ending in Z) end where they
// began, so their last point is repeated by the arcs and dropped again by the reader.
//
// All arcs go in one string, separated by spaces. An arc is its points as (dx, dy) steps from
// the previous point (for its first point: from the last point of the previous arc, or from
// (0, 0)), each number written as in Google's Encoded Polyline Algorithm (zigzag sign, 5-bit
// groups, least significant first, 0x20 = more groups follow) but with the base64url
// alphabet, so the text needs no JSON escapes.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function encodeInt(v) {
  let z = v < 0 ? -2 * v - 1 : 2 * v;
  let s = '';
  while (z >= 32) {
    s += ALPHABET[32 | (z & 31)];
    z = Math.floor(z / 32);
  }
  return s + ALPHABET[z];
}

/** d3's path text → [{ points: [[x, y] in 0.1 px], closed }]. */
function parseD(d) {
  const parts = [];
  for (const [, cmd, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (cmd === 'Z') {
      parts.at(-1).closed = true;
      continue;
    }
    if (cmd === 'M') parts.push({ points: [], closed: false });
    const xy = args.split(',').map((t) => Math.round(Number(t) * 10));
    if (xy.length !== 2 || !xy.every(Number.isSafeInteger)) throw new Error(`unexpected path text: ${cmd}${args}`);
    parts.at(-1).points.push(xy);
  }
  return parts;
}

/** The inverse of parseD, writing numbers the way d3 does (Math.round(x * 10) / 10). */
function formatD(parts) {
  const n = (v) => String(v / 10);
  return parts
    .map(({ points, closed }) => points.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)},${n(y)}`).join('') + (closed ? 'Z' : ''))
    .join('');
}

/** paths: { name: d } → { arcs: string, refs: { name: [[arc index or ~index]] } }. */
function encodePaths(paths) {
  const parsed = Object.fromEntries(Object.entries(paths).map(([k, d]) => [k, parseD(d)]));
  // The point runs to cut: a closed part returns to its first point.
  const runs = Object.values(parsed).flatMap((parts) =>
    parts.map(({ points, closed }) => (closed ? [...points, points[0]] : points)),
  );
  const neighbours = new Map(); // point → a neighbour pair, or null once it is a junction
  const junction = new Set();
  const key = ([x, y]) => `${x},${y}`;
  for (const run of runs) {
    junction.add(key(run[0]));
    junction.add(key(run.at(-1)));
    for (let i = 1; i + 1 < run.length; i++) {
      const k = key(run[i]);
      const pair = [key(run[i - 1]), key(run[i + 1])].sort().join(' ');
      if (!neighbours.has(k)) neighbours.set(k, pair);
      else if (neighbours.get(k) !== pair) junction.add(k);
    }
  }
  const arcs = [];
  const arcIndex = new Map(); // the arc's points as text → index, or ~index when reversed
  const arcOf = (points) => {
    const text = points.map(key).join(' ');
    if (!arcIndex.has(text)) {
      arcIndex.set(text, arcs.length);
      arcIndex.set([...points].reverse().map(key).join(' '), ~arcs.length);
      arcs.push(points);
    }
    return arcIndex.get(text);
  };
  const refs = {};
  for (const [name, parts] of Object.entries(parsed)) {
    if (parts.some((p) => p.closed !== parts[0].closed)) throw new Error(`${name} mixes closed and open parts`);
    refs[name] = parts.map(({ points, closed }) => {
      const run = closed ? [...points, points[0]] : points;
      const ids = [];
      let start = 0;
      for (let i = 1; i < run.length; i++) {
        if (i === run.length - 1 || junction.has(key(run[i]))) {
          ids.push(arcOf(run.slice(start, i + 1)));
          start = i;
        }
      }
      if (run.length === 1) ids.push(arcOf(run));
      return ids;
    });
  }
  let [px, py] = [0, 0];
  const text = arcs
    .map((points) =>
      points
        .map(([x, y]) => {
          const s = encodeInt(x - px) + encodeInt(y - py);
          [px, py] = [x, y];
          return s;
        })
        .join(''),
    )
    .join(' ');
  // What the page will rebuild must be d3's text, byte for byte.
  const decoded = decodePaths(arcs, refs, (name) => parsed[name][0].closed);
  for (const [name, d] of Object.entries(paths)) {
    if (decoded[name] !== d) throw new Error(`encoding does not round-trip for ${name}`);
  }
  return { arcs: text, refs };
}

/** Rebuilds the path text from arcs (as point lists) the way world.rs does. */
function decodePaths(arcs, refs, isClosed) {
  const out = {};
  for (const [name, parts] of Object.entries(refs)) {
    out[name] = formatD(
      parts.map((ids) => {
        const points = [];
        for (const id of ids) {
          const arc = id < 0 ? [...arcs[~id]].reverse() : arcs[id];
          points.push(...(points.length ? arc.slice(1) : arc));
        }
        const closed = isClosed(name);
        return { points: closed ? points.slice(0, -1) : points, closed };
      }),
    );
  }
  return out;
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

  // The reader knows which paths are closed (all but the graticule's lines); check it here.
  if (!parseD(sphere).every((p) => p.closed) || !out.every((c) => parseD(c.d).every((p) => p.closed))) {
    throw new Error('the sphere and countries must be closed rings');
  }
  if (parseD(graticule).some((p) => p.closed)) throw new Error('graticule lines must be open');
  const paths = { sphere, graticule };
  out.forEach((c, i) => (paths[i] = c.d));
  const { arcs, refs } = encodePaths(paths);

  return {
    attribution: `Made with Natural Earth (public domain), via world-atlas ${atlasVersion}`,
    projection: 'equal-earth',
    width_px: WIDTH_PX,
    height_px: height,
    scale: projection.scale(),
    translate_px: projection.translate(),
    sphere: refs.sphere,
    graticule: refs.graticule,
    countries: out.map((c, i) => ({ iso: c.iso, name: c.name, rings: refs[i] })),
    arcs,
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
