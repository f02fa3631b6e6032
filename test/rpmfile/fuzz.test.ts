import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RpmHeaderError } from '../../src/rpmfile/errors.js';
import { headerNevra, headerSourceRpm } from '../../src/rpmfile/header-nevra.js';
import {
  headerBytes,
  headerInt32Array,
  headerString,
  headerStringArray,
} from '../../src/rpmfile/header-values.js';
import { parseHeader, type RpmHeader } from '../../src/rpmfile/header.js';
import { prng } from '../helpers/prng.js';
import { worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';

const test = testWithTools({ command: 'rpm' });
const CASES = 10_000;
const SEED = 1044;
const LIMIT_MS = 100;

/** Real header blobs as rpmdb stores them (no magic): the main headers of the world RPMs. */
function seeds(): Uint8Array[] {
  return worldRpms().map((path) => {
    const file = readFileSync(path);
    const signature = parseHeader(file, { magic: true, offset: 96 });
    const start = 96 + Math.ceil(signature.byteLength / 8) * 8 + 8;
    const header = parseHeader(file, { offset: start });
    return Uint8Array.from(file.subarray(start, start + header.byteLength));
  });
}

/** Bit flips, byte overwrites, truncation and boundary values written over index fields. */
function mutate(data: Uint8Array, rand: () => number): Uint8Array {
  const out = Uint8Array.from(data);
  const view = new DataView(out.buffer);
  const il = view.getUint32(0);
  const rounds = 1 + Math.floor(rand() * 4);
  const edge = [0, 1, 7, 8, 9, 0xffff, 0x10000, 0x0fffffff, 0x7fffffff, 0xffffffff];
  let length = out.length;
  for (let r = 0; r < rounds; r++) {
    const kind = rand();
    if (kind < 0.35) {
      const at = Math.floor(rand() * length);
      out[at] = out[at]! ^ (1 << Math.floor(rand() * 8));
    } else if (kind < 0.7 && il > 0) {
      // An index field (or the intro's il/dl) gets a boundary or random value.
      const entry = Math.floor(rand() * Math.min(il, 0xffff));
      const at = rand() < 0.1 ? Math.floor(rand() * 2) * 4 : 8 + entry * 16 + Math.floor(rand() * 4) * 4;
      if (at + 4 <= length) {
        const value = rand() < 0.5 ? edge[Math.floor(rand() * edge.length)]! : Math.floor(rand() * 2 ** 32);
        view.setUint32(at, value);
      }
    } else if (kind < 0.85) {
      length = Math.floor(rand() * length);
    } else {
      out.fill(Math.floor(rand() * 256), Math.floor(rand() * length), Math.floor(rand() * length));
    }
  }
  return out.subarray(0, length);
}

/** Everything a reader does with a header: every accessor on every tag. */
function use(header: RpmHeader): void {
  headerNevra(header);
  headerSourceRpm(header);
  for (const tag of header.entries.keys()) {
    for (const read of [headerString, headerStringArray, headerInt32Array, headerBytes]) {
      try {
        read(header, tag);
      } catch (error) {
        if (!(error instanceof RpmHeaderError) || error.code !== 'ERR_RPM_HEADER_TAG_TYPE') throw error;
      }
    }
  }
}

/** Parses and uses `data`; the error thrown, or null. */
function attempt(data: Uint8Array): unknown {
  try {
    use(parseHeader(data));
    return null;
  } catch (error) {
    return error;
  }
}

test(`${CASES} mutated real header blobs: only RpmHeaderError, each under ${LIMIT_MS} ms`, (t) => {
  const base = seeds();
  t.true(base.length >= 20);
  for (const seed of base) use(parseHeader(seed));
  const rand = prng(SEED);
  let failures = 0;
  let slowest = 0;
  for (let i = 0; i < CASES; i++) {
    const data = mutate(base[i % base.length]!, rand);
    let outcome: unknown;
    // The best of up to three runs: on shared cores a GC pause or a busy neighbour can stretch
    // one run, while a truly slow input is slow every time.
    let best = Infinity;
    for (let run = 0; run < 3 && best >= LIMIT_MS; run++) {
      const start = performance.now();
      outcome = attempt(data);
      best = Math.min(best, performance.now() - start);
    }
    if (outcome !== null) {
      if (!(outcome instanceof RpmHeaderError)) {
        t.fail(`case ${i}: ${String(outcome)}`);
        return;
      }
      t.true(
        typeof outcome.offset === 'number' || outcome.code === 'ERR_RPM_HEADER_MISSING_TAG',
        outcome.message,
      );
      failures++;
    }
    slowest = Math.max(slowest, best);
  }
  t.true(slowest < LIMIT_MS, `slowest case took ${slowest.toFixed(1)} ms`);
  t.true(failures > CASES / 4, `${failures} of ${CASES} mutations were rejected`);
  t.log(`${failures} of ${CASES} rejected; slowest ${slowest.toFixed(2)} ms`);
});
