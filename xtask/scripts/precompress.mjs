//! Writes a brotli copy (`name.br`, quality 11) beside every file under a folder, as a
//! production web server serves them; xtask's server sends the copy to a browser that accepts
//! brotli. Used by `cargo xtask bench lighthouse`, on its snapshot of dist/ only.
// Usage: node precompress.mjs <folder>

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = process.argv[2];
if (!root) {
  console.error('usage: node precompress.mjs <folder>');
  process.exit(2);
}

let count = 0;
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.br')) continue;
  const path = join(entry.parentPath ?? entry.path, entry.name);
  const bytes = readFileSync(path);
  const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params }));
  count++;
}
console.log(`precompress: brotli copies of ${count} files in ${root}`);
