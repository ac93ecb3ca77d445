// Builds public/world.svg: the world map's country outlines, already projected, as a static
// SVG that `cargo xtask build` puts straight into index.html, so the map is painted with the
// page's first paint, before the WebAssembly has even downloaded.
//
// Input:  world-atlas 2.0.2 countries-110m.json (Natural Earth 1:110m, public domain),
//         lightly simplified with topojson-simplify (see MIN_TRIANGLE_PX2).
// Output: the sphere, a 30° graticule and one path per country (`data-iso`: ISO 3166-1
//         alpha-2, so the page can shade partner countries by class), in the pixel units of
//         a viewBox 1000 px wide, projected with d3-geo's Equal Earth projection fitted so
//         that the whole sphere fills that width. d3 clips at the antimeridian, so Fiji and
//         Chukotka do not streak across the map. Coordinates are whole numbers of quarter
//         pixels, every point after a path's first relative to the one before, in a group
//         scaled by 0.25: about 16 KB brotli, less than the 17.5 KB of the shared-arc JSON it
//         replaces, and no decoder in the wasm.
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
const outFile = join(here, '..', '..', 'public', 'world.svg');

export const WIDTH_PX = 1000;
/// Coordinates are whole numbers of this many pixels.
const QUANTUM_PX = 0.25;
/// Room above the north pole line and below the south one (geo::WORLD_MARGIN_PX in the core):
/// a route over the pole runs along Equal Earth's flat pole line, which must not be the frame.
const MARGIN_PX = 18;
// Visvalingam simplification: drop a point when the triangle it forms with its neighbours
// covers less than this many square pixels on the map (Equal Earth is equal-area, so a
// spherical area in steradians times scale² is an area in px²). 0.25 px² is invisible at
// 1000 px; every country is checked to keep its area.
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

/**
 * A d3-geo path context writing SVG path data in whole quanta, relative after each subpath's
 * first point: `M12 34l3-1 2 0…z`.
 */
function quantisedContext() {
  return {
    d: '',
    x: 0,
    y: 0,
    continued: false,
    moveTo(x, y) {
      const [qx, qy] = [Math.round(x / QUANTUM_PX), Math.round(y / QUANTUM_PX)];
      this.d += this.d ? `m${pair(qx - this.x, qy - this.y)}` : `M${pair(qx, qy)}`;
      [this.x, this.y, this.start] = [qx, qy, [qx, qy]];
      this.continued = false;
    },
    lineTo(x, y) {
      const [qx, qy] = [Math.round(x / QUANTUM_PX), Math.round(y / QUANTUM_PX)];
      const [dx, dy] = [qx - this.x, qy - this.y];
      if (dx === 0 && dy === 0) return;
      this.d += this.continued ? (dx < 0 ? '' : ' ') + pair(dx, dy) : `l${pair(dx, dy)}`;
      [this.x, this.y] = [qx, qy];
      this.continued = true;
    },
    closePath() {
      this.d += 'z';
      // After z the current point is the subpath's start again.
      [this.x, this.y] = this.start;
      this.continued = false;
    },
    arc() {
      throw new Error('no arcs in projected geometry');
    },
  };
}

const pair = (x, y) => `${x}${y < 0 ? '' : ' '}${y}`;

/** A GeoJSON object's path data in quanta. */
function pathData(projection, object) {
  const context = quantisedContext();
  geoPath(projection, context)(object);
  return context.d;
}

/** Absolute points of quantised path data, one list per subpath (for the checks below). */
export function parseQuantised(d) {
  const parts = [];
  let [x, y] = [0, 0];
  let start = [0, 0];
  for (const [, cmd, args] of d.matchAll(/([MmLlZz])([^MmLlZz]*)/g)) {
    const nums = args.match(/-?\d+/g)?.map(Number) ?? [];
    if (cmd === 'z' || cmd === 'Z') {
      [x, y] = start;
      continue;
    }
    for (let i = 0; i < nums.length; i += 2) {
      const rel = cmd === 'm' || cmd === 'l';
      [x, y] = rel ? [x + nums[i], y + nums[i + 1]] : [nums[i], nums[i + 1]];
      if (i === 0 && (cmd === 'M' || cmd === 'm')) {
        parts.push([]);
        start = [x, y];
      }
      parts.at(-1).push([x * QUANTUM_PX, y * QUANTUM_PX]);
    }
  }
  return parts;
}

function build() {
  const projection = worldProjection();
  const path = geoPath(projection);
  const [[, y0], [, y1]] = path.bounds({ type: 'Sphere' });
  const height = Math.ceil(y1 - Math.min(0, y0));

  const sphere = pathData(projection, { type: 'Sphere' });
  const graticule = pathData(projection, geoGraticule().step([30, 30])());

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
    const d = pathData(projection, f);
    if (!d) {
      console.warn(`warning: ${f.properties.name} has an empty path, left out`);
      continue;
    }
    // The quantised path must stay within half a quantum of d3's own points.
    const exact = geoPath(projection).digits(6)(f);
    const exactPoints = [...exact.matchAll(/-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?/g)].map((m) => m[0].split(',').map(Number));
    const ours = parseQuantised(d).flat();
    for (const [x, y] of exactPoints) {
      const near = ours.some(([ox, oy]) => Math.abs(ox - x) <= QUANTUM_PX && Math.abs(oy - y) <= QUANTUM_PX);
      if (!near) throw new Error(`${f.properties.name}: point ${x},${y} lost by quantising`);
    }
    out.push({ iso: isoOf(f), name: f.properties.name, d });
  }
  // By ISO code, features without one last; stable output for diffs.
  const key = (c) => `${c.iso ? 0 : 1}${c.iso}\u0000${c.name}`;
  out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const [tx, ty] = projection.translate();
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="world" class="world" viewBox="0 ${-MARGIN_PX} ${WIDTH_PX} ${height + 2 * MARGIN_PX}" ` +
      `data-scale="${projection.scale()}" data-translate="${tx} ${ty}" aria-hidden="true">`,
    `<!-- Made with Natural Earth (public domain), via world-atlas ${atlasVersion}; scripts/data/world.mjs -->`,
    `<g class="world-shapes" transform="scale(${QUANTUM_PX})">`,
    `<path class="sphere" d="${sphere}"/>`,
    `<path class="graticule" d="${graticule}"/>`,
    ...out.map((c) => `<path class="country" data-iso="${c.iso}" d="${c.d}"/>`),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
  return { svg, countries: out, height, scale: projection.scale(), translate: [tx, ty] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const world = build();
  writeFileSync(outFile, world.svg);
  const raw = Buffer.byteLength(world.svg);
  const br = brotliCompressSync(Buffer.from(world.svg), {
    params: { [zc.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  console.log(`wrote ${outFile}`);
  console.log(`  ${world.countries.length} countries, ${WIDTH_PX}x${world.height} px`);
  console.log(`  scale ${world.scale}, translate [${world.translate.join(', ')}]`);
  console.log(`  size ${raw} bytes raw, ${br} bytes brotli (${(br / 1024).toFixed(1)} KiB)`);
  const noIso = world.countries.filter((c) => !c.iso).map((c) => c.name);
  if (noIso.length) console.log(`  without ISO code: ${noIso.join(', ')}`);
}
