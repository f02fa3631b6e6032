/**
 * gzip's two read-aheads (deep for fast consumers, shallow for reads with requires) give the same
 * bytes and the same errors: only how much is inflated ahead differs.
 */
import test from 'ava';
import { gzipSync } from 'node:zlib';
import { decompress, type ReadAhead } from '../../src/rpmmd/decompress.js';
import { RepodataError } from '../../src/rpmmd/errors.js';

async function* chunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function inflate(gz: Uint8Array, readAhead: ReadAhead): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const chunk of decompress(chunks(gz, 16 * 1024), 'gzip', 'test.xml.gz', readAhead))
    out.push(chunk);
  return Buffer.concat(out);
}

// Several MiB inflated from more than one coalesced input, so both read-aheads cut it differently:
// checksums (a fixed pseudo-random sequence) keep it from compressing to almost nothing.
let seed = 42;
const hex = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed.toString(16).padStart(8, '0');
};
const xml = Buffer.from(
  Array.from(
    { length: 40_000 },
    (_, i) => `<checksum type="sha256">${hex()}${hex()}${hex()}${hex()}</checksum>${i}\n`,
  ).join(''),
);
const gz = gzipSync(xml);

test('shallow and deep read-ahead inflate the same bytes', async (t) => {
  t.true(gz.length > 256 * 1024, 'more than one shallow input');
  for (const readAhead of ['deep', 'shallow'] as const)
    t.true((await inflate(gz, readAhead)).equals(xml), readAhead);
});

test('shallow and deep read-ahead refuse truncated data alike', async (t) => {
  const cut = gz.subarray(0, gz.length - 100);
  for (const readAhead of ['deep', 'shallow'] as const) {
    const error = await t.throwsAsync(inflate(cut, readAhead), { instanceOf: RepodataError });
    t.is(error?.code, 'ERR_DECOMPRESS', readAhead);
  }
});
