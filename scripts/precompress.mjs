// Writes a brotli (.br) and a gzip (.gz) copy beside each script, wasm
// module, stylesheet and manifest in a folder, at their highest settings,
// made once at build time: the server sends whichever the browser accepts
// (tower-http's ServeDir), spending no CPU on it per request. A copy that
// would be no smaller is not written.
//   node scripts/precompress.mjs target/site/pkg
import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/precompress.mjs <folder>');
let raw = 0;
let br = 0;
let gz = 0;
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css|json)$/.test(name)) continue;
  const path = join(dir, name);
  const body = readFileSync(path);
  const copies = [
    ['.br', brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    })],
    ['.gz', gzipSync(body, { level: 9 })],
  ];
  raw += body.length;
  for (const [ext, packed] of copies) {
    rmSync(path + ext, { force: true });
    const kept = packed.length < body.length ? packed : null;
    if (kept) writeFileSync(path + ext, kept);
    const size = (kept ?? body).length;
    if (ext === '.br') br += size; else gz += size;
  }
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`precompressed ${dir}: ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)}`);
