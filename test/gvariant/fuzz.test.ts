import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCommitMetadata } from '../../src/base/commit-metadata.js';
import { isComposeMatchError } from '../../src/errors.js';
import { decodeGVariant } from '../../src/gvariant/decode.js';
import { parseCommit, parseDetachedMetadata } from '../../src/ostree/commit.js';
import { parseSummary } from '../../src/ostree/summary.js';
import { makeOstreeFixture } from '../helpers/ostree-fixture.js';
import { prng } from '../helpers/prng.js';
import { repoRoot } from '../helpers/repo-root.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const CASES = 120_000;
const SEED = 4242;
const LIMIT_MS = 100;

interface Seed {
  name: string;
  data: Uint8Array;
  parse: (data: Uint8Array) => unknown;
}

function objectFile(repo: string, checksum: string, suffix: string): Uint8Array {
  return readFileSync(join(repo, 'objects', checksum.slice(0, 2), `${checksum.slice(2)}.${suffix}`));
}

/** Mutates `data`: bit flips, truncation, framing-offset corruption, splices. */
function mutate(data: Uint8Array, rand: () => number): Uint8Array {
  const out = new Uint8Array(data);
  const pick = (n: number) => Math.floor(rand() * n);
  switch (pick(6)) {
    case 0: {
      for (let i = 1 + pick(8); i > 0; i--) out[pick(out.length)]! ^= 1 << pick(8);
      return out;
    }
    case 1:
      return out.slice(0, pick(out.length));
    case 2: {
      // Framing offsets live at the ends of containers: corrupt the tail, and a random inner spot.
      const specials = [0, 0xff, 0xfe, 1, 0x7f, 0x80];
      for (let i = 1 + pick(4); i > 0; i--) {
        const at = rand() < 0.6 ? out.length - 1 - pick(Math.min(8, out.length)) : pick(out.length);
        out[at] = rand() < 0.5 ? specials[pick(specials.length)]! : pick(256);
      }
      return out;
    }
    case 3: {
      const at = pick(out.length);
      const len = 1 + pick(16);
      return new Uint8Array([...out.subarray(0, at), ...out.subarray(Math.min(out.length, at + len))]);
    }
    case 4: {
      const at = pick(out.length + 1);
      const extra = Array.from({ length: 1 + pick(8) }, () => pick(256));
      return new Uint8Array([...out.subarray(0, at), ...extra, ...out.subarray(at)]);
    }
    default: {
      const at = pick(out.length);
      out.fill(rand() < 0.5 ? 0 : 0xff, at, at + 1 + pick(32));
      return out;
    }
  }
}

testWithTools({ command: 'ostree' }, { python: 'gi' })(
  `fuzz: ${CASES} mutated commits and GVariant blobs give only typed errors, each under ${LIMIT_MS} ms`,
  (t) => {
    const f = makeOstreeFixture();
    const commitParse = (data: Uint8Array) => {
      const commit = parseCommit(data);
      return readCommitMetadata(commit.metadata, null, 'fuzz');
    };
    const seeds: Seed[] = [
      ...[f.compose, f.detached, f.layered].map((c) => ({
        name: `commit ${c.ref}`,
        data: objectFile(f.path, c.checksum, 'commit'),
        parse: commitParse,
      })),
      {
        name: 'commitmeta',
        data: objectFile(f.path, f.detached.checksum, 'commitmeta'),
        parse: parseDetachedMetadata,
      },
      { name: 'summary', data: readFileSync(join(f.path, 'summary')), parse: (d) => parseSummary(d) },
    ];
    // GLib-serialised blobs of random types (the differential oracle, another seed).
    const oracle = spawnSync(systemPython, [join(repoRoot, 'test/helpers/glib-oracle.py'), '7', '300'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    t.is(oracle.status, 0, oracle.stderr);
    for (const line of oracle.stdout.trim().split('\n')) {
      const c = JSON.parse(line) as { type: string; le: string; be: string };
      if (c.le.length > 20_000) continue;
      const data = Buffer.from(c.le, 'hex');
      seeds.push({ name: c.type, data, parse: (d) => decodeGVariant(c.type, d, { bigEndian: true }) });
    }
    // Every seed parses unmutated.
    for (const s of seeds) t.notThrows(() => s.parse(s.data), s.name);

    const rand = prng(SEED);
    let maxMs = 0;
    let slowest = '';
    let rejected = 0;
    const foreign: string[] = [];
    for (let i = 0; i < CASES; i++) {
      // Commits, detached metadata and summaries get half the cases.
      const seed =
        i % 2 === 0
          ? seeds[i % 5 === 0 ? 0 : Math.floor(rand() * 5)]!
          : seeds[5 + Math.floor(rand() * (seeds.length - 5))]!;
      const data = mutate(seed.data, rand);
      const outcome = timeParse(seed.parse, data);
      if (outcome.error !== undefined) {
        rejected++;
        const error = outcome.error;
        if (!isComposeMatchError(error) && foreign.length < 5) foreign.push(`${seed.name}: ${String(error)}`);
      }
      // A GC pause or a preempted thread on a loaded 2-core machine is not the decoder's cost:
      // a case over the limit is timed again, and counts as slow only if it is slow every time.
      let ms = outcome.ms;
      for (let retry = 0; retry < 5 && ms >= LIMIT_MS; retry++)
        ms = Math.min(ms, timeParse(seed.parse, data).ms);
      if (ms > maxMs) {
        maxMs = ms;
        slowest = seed.name;
      }
    }
    t.deepEqual(foreign, []);
    t.true(maxMs < LIMIT_MS, `slowest case took ${maxMs.toFixed(2)} ms (${slowest})`);
    t.true(rejected > CASES / 4, `only ${rejected} mutations were rejected`);
    t.log(
      `${CASES} cases, ${rejected} rejected with typed errors, max ${maxMs.toFixed(2)} ms per case (${slowest})`,
    );
  },
);

/** Runs one parse, timing it; returns what it threw, if anything. */
function timeParse(parse: (data: Uint8Array) => unknown, data: Uint8Array): { ms: number; error?: unknown } {
  const start = performance.now();
  try {
    parse(data);
    return { ms: performance.now() - start };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}
