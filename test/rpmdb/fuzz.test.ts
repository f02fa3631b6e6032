/**
 * The rpm database reader against seeded mutations of a real rpmdb.sqlite (rpm wrote it) and its
 * -wal (SQLite wrote it): the main file's header and pages, and the log's frame headers with their
 * checksums resealed half the time, so the mutation reaches the code behind the checksum check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRpmdb } from '../../src/rpmdb/read-rpmdb.js';
import { edgeValues, fuzz, mutateBytes } from '../helpers/fuzz.js';
import { makeRpmdb, makeWalCopy, worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';
import { resealWal } from '../helpers/wal.js';

const CASES = 300;
const SEED = 3003;

interface Files {
  db: Uint8Array;
  wal: Uint8Array | null;
}

/** A frame-header field (page number or database size) of a random frame set to an edge value. */
function mutateFrame(wal: Uint8Array, rand: () => number): Uint8Array {
  const out = Uint8Array.from(wal);
  const view = new DataView(out.buffer);
  const pageSize = view.getUint32(8);
  const frames = Math.floor((out.length - 32) / (24 + pageSize));
  if (frames === 0) return out;
  const at = 32 + Math.floor(rand() * frames) * (24 + pageSize) + (rand() < 0.5 ? 0 : 4);
  const value =
    rand() < 0.7 ? edgeValues[Math.floor(rand() * edgeValues.length)]! : Math.floor(rand() * 5000);
  view.setUint32(at, value);
  return out;
}

function mutate(input: Files, rand: () => number): Files {
  const kind = rand();
  if (kind < 0.3)
    return { db: withHead(input.db, mutateBytes(input.db.subarray(0, 4096), rand)), wal: input.wal };
  if (kind < 0.45) return { db: mutateBytes(input.db, rand), wal: input.wal };
  const wal = kind < 0.75 ? mutateFrame(input.wal!, rand) : mutateBytes(input.wal!, rand);
  return { db: input.db, wal: rand() < 0.5 ? resealWal(wal) : wal };
}

/** `db` with its first bytes replaced by `head` (the SQLite header and the first page). */
function withHead(db: Uint8Array, head: Uint8Array): Uint8Array {
  const out = Uint8Array.from(db);
  out.set(head.subarray(0, Math.min(head.length, out.length)));
  return out;
}

testWithTools({ command: 'rpm' }, { python: 'sqlite3' })(
  `${CASES} mutated real rpm databases and WALs: each reads or is a typed error`,
  async (t) => {
    const tmp = mkdtempSync(join(tmpdir(), 'cm-rpmdb-fuzz-'));
    t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
    const rpms = worldRpms();
    const base = makeRpmdb(join(tmp, 'base'), rpms.slice(0, 4));
    const extra = makeRpmdb(join(tmp, 'extra'), rpms.slice(4, 6));
    makeWalCopy(base, extra, join(tmp, 'wal'), 1);
    const seed: Files = {
      db: readFileSync(join(tmp, 'wal', 'rpmdb.sqlite')),
      wal: readFileSync(join(tmp, 'wal', 'rpmdb.sqlite-wal')),
    };
    t.is((await readRpmdb(seed)).length, 4 - 1 + 2);
    const { refused } = await fuzz(t, {
      cases: CASES,
      seed: SEED,
      seeds: [seed],
      limitMs: 3000,
      mutate,
      attempt: async (files) => {
        await readRpmdb(files, { subject: 'rpmdb.sqlite' });
      },
    });
    t.true(refused > 0);
  },
);
