// Writes crates/elos-core/data/continents.txt: each ISO 3166-1 alpha-2 country code with its
// continent code (AF, AN, AS, EU, NA, OC, SA), one pair per line, sorted by country.
// Source: the `countries-list` npm package (MIT), pinned in package.json.
import { writeFileSync } from 'node:fs';
import { countries } from 'countries-list';

const lines = Object.entries(countries)
  .map(([iso, c]) => `${iso} ${c.continent}`)
  .sort();
const out = new URL('../../crates/elos-core/data/continents.txt', import.meta.url);
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} countries to ${out.pathname}`);
