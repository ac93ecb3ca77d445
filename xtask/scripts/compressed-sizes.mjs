//! Prints `path<TAB>raw<TAB>gzip<TAB>brotli` bytes for every file under a folder (gzip -9, brotli -q 11).
// Node's zlib does both, so xtask needs no compression crates. Usage: node compressed-sizes.mjs dist

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = process.argv[2];
if (!root) {
  console.error('usage: node compressed-sizes.mjs <folder>');
  process.exit(2);
}

for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const path = join(entry.parentPath ?? entry.path, entry.name);
  // Hidden entries (Trunk's `.stage/` while a build runs) are never served to visitors.
  if (relative(root, path).split(sep).some((part) => part.startsWith('.'))) continue;
  const bytes = readFileSync(path);
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
  console.log([relative(root, path), bytes.length, gzip, brotli].join('\t'));
}
