/**
 * An in-memory {@link ComposeCatalog} that counts every call as one request (STATUS as two when
 * asked to, like a catalog that also reads COMPOSE_ID), for matcher tests and the bench.
 */
import type { ComposeCatalog, ComposeEntry, ComposeId, ComposeStatus } from '../../src/compose/catalog.js';
import { FetchError } from '../../src/io/errors.js';
import type { FetchStats } from '../../src/io/fetcher.js';
import type { Nevra } from '../../src/rpm/types.js';
import type { Repomd } from '../../src/rpmmd/repomd-types.js';
import type { ReleaseTree } from '../../src/compose/release-tree.js';
import { matchWorldGa } from './match-world.js';

/** One compose of the fake root. */
export interface FakeCompose {
  id: string;
  status?: ComposeStatus;
  /** Largest repomd timestamp; `null`: no repodata (a DOOMED compose). */
  timestamp: number | null;
  /** NEVRA strings `name-[E:]V-R.arch`. */
  packages?: string[];
  /** Arches with repodata (default x86_64). */
  arches?: string[];
}

/** The fake's GA release tree (one per catalog; its release and arch are whatever is asked). */
export interface FakeGa {
  /** Largest repomd timestamp. */
  timestamp: number;
  /** NEVRA strings `name-[E:]V-R.arch`. */
  packages: string[];
}

/** Bytes the fake pretends each response has (deterministic, of a realistic order). */
export const fakeSizes = { listingPerEntry: 150, compose_id: 30, status: 9, repomd: 4_000, perPackage: 400 };

/** The fake catalog and its counters. */
export interface FakeCatalog extends ComposeCatalog {
  calls: { list: number; status: number; repomd: number; packages: number; releaseTree: number };
  /** Every call, `list` / `status <id>` / `repomd <id> <arch>` / `packages <id> <arch>`. */
  log: string[];
  stats(): FetchStats;
}

/** Parses `name-[E:]V-R.arch`. */
export function nevra(s: string): Nevra {
  const m = /^(.+)-(?:(\d+):)?([^-]+)-([^-]+)\.([^.]+)$/.exec(s);
  if (m === null) throw new Error(`bad NEVRA in test data: ${s}`);
  return {
    name: m[1]!,
    epoch: m[2] === undefined ? null : Number(m[2]),
    version: m[3]!,
    release: m[4]!,
    arch: m[5]!,
  };
}

/** A productmd compose ID parser good enough for test data. */
export function composeId(id: string): ComposeId {
  const m = /^(.+?)-([0-9.]+|Rawhide)-(updates(?:-testing)?)-(\d{8})(?:\.(n|t|ci))?\.(\d+)$/.exec(id);
  if (m === null) throw new Error(`bad compose ID in test data: ${id}`);
  const series = m[3] as 'updates' | 'updates-testing';
  return {
    id,
    short: m[1]!,
    version: m[2]!,
    series,
    date: m[4]!,
    typeSuffix: m[5] ?? null,
    respin: Number(m[6]),
  };
}

/** Builds the fake. `statusRequests`: requests one status() costs (default 2: COMPOSE_ID + STATUS). */
export function fakeCatalog(
  composes: readonly FakeCompose[],
  options: { root?: string; statusRequests?: number; ga?: FakeGa | Error | null } = {},
): FakeCatalog {
  // The release-40 GA of the match-world history unless told otherwise; `null`: a catalog without one.
  const ga = options.ga === undefined ? matchWorldGa : options.ga;
  const rootUrl = options.root ?? 'https://kojipkgs.example/compose/updates/';
  const statusRequests = options.statusRequests ?? 2;
  const byId = new Map(composes.map((c) => [c.id, c]));
  const counters = { requests: 0, bytes: 0 };
  const calls = { list: 0, status: 0, repomd: 0, packages: 0, releaseTree: 0 };
  const log: string[] = [];
  const hit = (n: number, bytes: number): void => {
    counters.requests += n;
    counters.bytes += bytes;
  };
  const find = (entry: ComposeEntry): FakeCompose => {
    const c = byId.get(entry.id.id);
    if (c === undefined) throw new Error(`unknown compose ${entry.id.id}`);
    return c;
  };
  const notFound = (entry: ComposeEntry, path: string): FetchError =>
    new FetchError('ERR_NOT_FOUND', `Not found: ${entry.url}${path}`, {
      subject: `${entry.url}${path}`,
      status: 404,
    });
  const hasRepo = (c: FakeCompose, arch: string): boolean =>
    c.timestamp !== null && (c.arches ?? ['x86_64']).includes(arch);
  const releaseTree = async (release: string, arch: string): Promise<ReleaseTree> => {
    calls.releaseTree++;
    log.push('release-tree');
    const url = `https://dl.example/releases/${release}/Everything/${arch}/os/`;
    if (ga instanceof Error) throw ga;
    const list = ga!.packages.map(nevra).filter((p) => p.arch === arch || p.arch === 'noarch');
    hit(2, fakeSizes.repomd + fakeSizes.perPackage * list.length);
    return { url, repoTimestamp: ga!.timestamp, packages: list };
  };
  return {
    rootUrl,
    calls,
    ...(ga === null ? {} : { releaseTree }),
    log,
    stats: () => ({ ...counters }),
    async list() {
      calls.list++;
      log.push('list');
      hit(1, fakeSizes.listingPerEntry * composes.length);
      return composes.map((c) => ({ id: composeId(c.id), url: `${rootUrl}${c.id}/`, modified: null }));
    },
    async status(entry) {
      calls.status++;
      log.push(`status ${entry.id.id}`);
      hit(statusRequests, fakeSizes.status + (statusRequests > 1 ? fakeSizes.compose_id : 0));
      return find(entry).status ?? 'FINISHED';
    },
    async repomd(entry, arch): Promise<Repomd> {
      calls.repomd++;
      log.push(`repomd ${entry.id.id} ${arch}`);
      const c = find(entry);
      hit(1, hasRepo(c, arch) ? fakeSizes.repomd : 0);
      if (!hasRepo(c, arch)) throw notFound(entry, `compose/Everything/${arch}/os/repodata/repomd.xml`);
      const t = c.timestamp!;
      return {
        revision: String(t - 600),
        records: [
          {
            type: 'primary',
            location: 'repodata/p.xml.gz',
            checksum: { type: 'sha256', value: '0'.repeat(64) },
            openChecksum: null,
            timestamp: t - 600,
            size: null,
            openSize: null,
          },
          {
            type: 'updateinfo',
            location: 'repodata/u.xml.zst',
            checksum: { type: 'sha256', value: '1'.repeat(64) },
            openChecksum: null,
            timestamp: t,
            size: null,
            openSize: null,
          },
        ],
        largestTimestamp: t,
      };
    },
    async packages(entry, arch) {
      calls.packages++;
      log.push(`packages ${entry.id.id} ${arch}`);
      const c = find(entry);
      if (!hasRepo(c, arch)) {
        hit(1, 0);
        throw notFound(entry, `compose/Everything/${arch}/os/repodata/primary.xml.gz`);
      }
      const list = (c.packages ?? []).map(nevra);
      hit(1, fakeSizes.perPackage * list.length);
      return list;
    },
  };
}
