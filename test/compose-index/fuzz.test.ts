/**
 * The compose index reader against seeded damage to an index `index update` wrote over the world:
 * the manifest's bytes, and values inside the manifest and the records (re-encoded, with the
 * manifest's sha256 and size resealed so the damage reaches the reader behind the digest check).
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeRecord, encodeRecord, sha256Hex } from '../../src/compose-index/codec.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { edgeValues, fuzz, mutateBytes } from '../helpers/fuzz.js';
import { worldRoot } from '../helpers/world.js';

const CASES = 400;
const SEED = 2000;

type Files = Map<string, Uint8Array>;

function readTree(dir: string, root = dir, out: Files = new Map()): Files {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readTree(path, root, out);
    else out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

const oddValues: unknown[] = [
  ...edgeValues,
  -1,
  1.5,
  2 ** 53,
  '',
  'x',
  '../../etc/passwd',
  null,
  [],
  {},
  true,
];

/** Sets one value somewhere inside `value` (an object or array) to an odd one, or deletes it. */
function damage(value: unknown, rand: () => number): void {
  let node = value as Record<string, unknown>;
  for (let depth = 0; depth < 8; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[Math.floor(rand() * keys.length)]!;
    const child = node[key];
    if (child !== null && typeof child === 'object' && rand() < 0.75) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (rand() < 0.15 && !Array.isArray(node)) delete node[key];
    else node[key] = oddValues[Math.floor(rand() * oddValues.length)];
    return;
  }
}

/** Every `{ path, sha256, size }` in the manifest naming `path`. */
function reseal(manifest: unknown, path: string, bytes: Uint8Array): void {
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const file = node as { path?: unknown; sha256?: unknown; size?: unknown };
    if (file.path === path && typeof file.sha256 === 'string') {
      file.sha256 = sha256Hex(bytes);
      file.size = bytes.byteLength;
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(manifest);
}

function mutate(files: Files, rand: () => number): Files {
  const out = new Map(files);
  const kind = rand();
  if (kind < 0.3) {
    out.set('index.json', mutateBytes(files.get('index.json')!, rand));
    return out;
  }
  const manifest = JSON.parse(Buffer.from(files.get('index.json')!).toString('utf8')) as unknown;
  if (kind < 0.55) damage(manifest, rand);
  else {
    const records = [...files.keys()].filter((k) => k.endsWith('.json.br')).sort();
    const name = records[Math.floor(rand() * records.length)]!;
    const record = decodeRecord(files.get(name)!, name);
    damage(record, rand);
    const bytes = encodeRecord(record);
    out.set(name, bytes);
    reseal(manifest, name, bytes);
  }
  out.set('index.json', Buffer.from(JSON.stringify(manifest)));
  return out;
}

let counter = 0;

test(`${CASES} damaged real compose indexes: each reads or is a typed error`, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'cm-index-fuzz-'));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const composeRoot = pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/';
  await updateIndex(createFileFetcher(), { dir: join(work, 'seed'), composeRoot, arches: ['x86_64'] });
  const seed = readTree(join(work, 'seed'));
  t.true([...seed.keys()].filter((k) => k.endsWith('.json.br')).length >= 5);

  const { refused } = await fuzz(t, {
    cases: CASES,
    seed: SEED,
    seeds: [seed],
    limitMs: 5000,
    mutate,
    attempt: async (files) => {
      const dir = join(work, `case-${counter++}`);
      for (const [name, bytes] of files) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      try {
        const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
        await verifyIndex(index);
        for (const stream of index.manifest.streams) {
          for (const compose of stream.composes) {
            if (compose.file !== null) await index.packageSet(stream.key, compose.id);
          }
          await index.ga(stream.release, stream.arch);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  });
  t.true(refused > CASES / 4, `${refused} refused`);
});
