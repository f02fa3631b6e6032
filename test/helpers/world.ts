/**
 * The committed test world (`fixtures/world/`, made by `scripts/world/generate`) and its ground truth.
 * The schema below is the documented shape of `truth.json` (fixtures/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BaseImage } from '../../src/base/base-image.js';
import { defaultWorldRoot } from '../../scripts/world-server.js';

/** `fixtures/world` of this checkout. */
export const worldRoot = defaultWorldRoot();

/** A package of the truth: NEVRA fields, the epoch null when unset (the IoT truth's shape too). */
export const TruthNevraSchema = z.object({
  name: z.string(),
  epoch: z.number().int().nullable(),
  version: z.string(),
  release: z.string(),
  arch: z.string(),
});

const ComposeTruth = z.object({
  id: z.string(),
  path: z.string(),
  status: z.enum(['FINISHED', 'FINISHED_INCOMPLETE', 'DOOMED', 'STARTED', 'TERMINATED']),
  revision: z.number().int().nullable(),
  repoTimestamp: z.number().int().nullable(),
  updateinfoTimestamp: z.number().int().nullable(),
  packages: z.array(TruthNevraSchema),
  series: z.enum(['updates', 'updates-testing']).optional(),
  date: z.string().optional(),
  respin: z.number().int().optional(),
  hasRepodata: z.boolean().optional(),
  pruned: z.boolean().optional(),
  pushed: z.array(TruthNevraSchema).optional(),
  /** Sources untagged from updates before this compose (it no longer carries them). */
  untagged: z.array(z.string()).optional(),
  note: z.string().optional(),
});

const Drift = z.object({ name: z.string(), arch: z.string(), base: z.string(), compose: z.string() });

const BaseTruth = z.object({
  kind: z.literal('ostree'),
  ref: z.string(),
  commit: z.string().regex(/^[0-9a-f]{64}$/),
  parent: z.string().nullable(),
  version: z.string(),
  commitTime: z.number().int(),
  description: z.string(),
  /** `updates` is null for a base composed before any updates compose (Branched, pre-GA). */
  builtFrom: z.object({
    ga: z.string(),
    updates: z.string().nullable(),
    /** The updates-testing compose also enabled when the base was composed (a union base). */
    updatesTesting: z.string().optional(),
  }),
  builtFromPruned: z.boolean(),
  repoMetadata: z.enum(['inline', 'detached', 'disabled']),
  recordedRepos: z.array(
    z.object({
      id: z.string(),
      timestamp: z.number().int(),
      byteOrder: z.enum(['big-endian', 'host']),
      where: z.enum(['inline', 'detached']),
      equalsPublishedRepomd: z.boolean(),
      layering: z.boolean().optional(),
    }),
  ),
  strategy: z.enum(['timestamp', 'version', 'packages', 'nearest']),
  expected: z.object({
    result: z.string(),
    compose: z.string().nullable(),
    /** A union base: the compose of each recorded series, in the order the base recorded them. */
    composes: z.array(z.string()).optional(),
    exit: z.union([z.literal(0), z.literal(1), z.literal(3)]),
  }),
  /**
   * A base built from updates and updates-testing at once, judged by their union with GA
   * (worldgen/truth.py union_compare): the composes (a pruned one replaced by its series' nearest)
   * and the union's drift, each entry naming the compose whose build dnf would take.
   */
  union: z
    .object({
      composes: z.array(z.string()),
      drift: z.array(
        z.object({
          name: z.string(),
          arch: z.string(),
          base: z.string(),
          compose: z.string().nullable(),
          direction: z.enum(['newer', 'older', 'absent']),
          composeId: z.string().nullable(),
        }),
      ),
    })
    .optional(),
  /** What the base's recorded `fedora` timestamp makes of the release tree. */
  gaTree: z.enum(['confirmed', 'unrecorded', 'prega', 'mismatch']),
  poolBuilt: z.boolean(),
  /** Base names no retained compose and no GA knows. */
  unexplained: z.array(z.string()),
  localPackages: z.array(z.string()).optional(),
  agreeingComposes: z.array(z.string()),
  nearest: z
    .object({
      compose: z.string(),
      wouldReplace: z.array(Drift),
      wouldDowngrade: z.array(Drift),
      absent: z.array(
        z.object({
          name: z.string(),
          arch: z.string(),
          base: z.string(),
          compose: z.null(),
          ga: z.string().nullable(),
        }),
      ),
    })
    .optional(),
  packages: z.array(TruthNevraSchema),
  basePackages: z.array(TruthNevraSchema).optional(),
  layeredPackages: z.array(z.string()).optional(),
});

/** zod schema of `fixtures/world/truth.json`. */
export const TruthSchema = z.object({
  schemaVersion: z.literal(1),
  release: z.string(),
  arch: z.string(),
  kojipkgs: z.string(),
  composeRoot: z.string(),
  retention: z.object({ composesPerSeries: z.number().int() }),
  ga: ComposeTruth,
  composes: z.array(ComposeTruth),
  kojiTags: z.record(z.string(), z.string()),
  /** Fedora's updates-archive: every build that left stable updates, flat, with its own repodata. */
  updatesArchive: z.object({
    path: z.string(),
    revision: z.number().int(),
    packages: z.array(TruthNevraSchema),
  }),
  ostreeRepo: z.string(),
  gpgKey: z.string(),
  pool: z.unknown(),
  koji: z.unknown(),
  bases: z.record(z.string(), BaseTruth),
  sources: z.object({
    status: z.object({
      file: z.string(),
      bootedDeployment: z.number().int(),
      deployments: z.array(
        z.object({ base: z.string(), layered: z.string().nullable(), booted: z.boolean() }),
      ),
      timestampsGarbled: z.string(),
    }),
    commitmeta: z.object({ file: z.string(), base: z.string() }),
    pkglist: z.object({ file: z.string(), base: z.string() }),
  }),
  scenarios: z.record(z.string(), z.unknown()),
});

/** The parsed ground truth. */
export type Truth = z.infer<typeof TruthSchema>;
/** One compose of the truth. */
export type ComposeTruth = z.infer<typeof ComposeTruth>;
/** One base of the truth. */
export type BaseTruth = z.infer<typeof BaseTruth>;

/** Loads and validates `truth.json` of a world directory. */
export function loadTruth(root = worldRoot): Truth {
  return TruthSchema.parse(JSON.parse(readFileSync(join(root, 'truth.json'), 'utf8')));
}

/** The 64-bit byte swap, on bigint. */
export function bswap64(n: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out = (out << 8n) | ((n >> (8n * i)) & 0xffn);
  return out;
}

/** `file://` URL of a compose's `os/` repo in a world directory. */
export function osRepoUrl(root: string, c: ComposeTruth, arch = 'x86_64'): string {
  return `file://${join(root, 'kojipkgs', c.path)}compose/Everything/${arch}/os/`;
}

/** The exact-EVR subpackage scenario (FACTS.md §1): which base, which package, which composes. */
export interface ExactEvrScenario {
  package: string;
  base: string;
  failsWith: string;
  succeedsWith: string;
}

/** The truth's `exactEvrSubpackage` scenario, with its base and a compose lookup. */
export function exactEvrScenario(truth: Truth) {
  const scenario = truth.scenarios['exactEvrSubpackage'] as ExactEvrScenario;
  return {
    scenario,
    base: truth.bases[scenario.base]!,
    compose: (id: string) => truth.composes.find((c) => c.id === id)!,
  };
}

/** The updates compose a base was built from; a Branched (pre-GA) base has none. */
export function ownCompose(base: BaseTruth): string {
  if (base.builtFrom.updates === null) throw new Error(`${base.ref} was built before any updates compose`);
  return base.builtFrom.updates;
}

/**
 * A truth base as the matcher takes it (what the ostree reader gives for its commit): a client layer
 * is matched by its parent commit's recorded repos and its base packages.
 */
export function truthBaseImage(name: string, b: BaseTruth, truth: Truth): BaseImage {
  const parent = Object.values(truth.bases).find((p) => b.parent !== null && p.commit === b.parent);
  return {
    source: { kind: 'ostree', location: name, ref: b.ref, deployment: null },
    commit: b.commit,
    version: b.version,
    arch: null,
    commitTime: b.commitTime,
    repos: (parent ?? b).recordedRepos.map((r) => ({ id: r.id, timestamp: r.timestamp, swapped: false })),
    packages: (b.basePackages ?? b.packages).map((p) => ({ ...p })),
    notes: [],
  };
}

/**
 * The `compose-match fetch` root options over the committed world: the compose root given (a
 * directory or the world server's URL), the GA tree, the FCOS pool, the updates-archive and Koji's
 * packages/, in container mode. The world has no live `updates` tree, so that source is skipped.
 */
export function worldFetchRoots(composeRoot: string, root = worldRoot): string[] {
  return [
    '--compose-root',
    composeRoot,
    '--release-root',
    join(root, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--pool-root',
    join(root, 'kojipkgs', 'repos-dist', 'coreos-pool', 'latest'),
    '--archive-root',
    join(root, 'updates-archive', 'fedora'),
    '--koji-root',
    join(root, 'kojipkgs', 'packages'),
    '--skip',
    'updates',
    '--container',
    '--no-cache',
  ];
}
