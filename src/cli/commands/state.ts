/**
 * `compose-match state <base source> [--for NAME…] [--json]`: a sha256 that changes exactly when
 * the answer for the base changes (see src/state/state-inputs.ts), for pipelines that rebuild a
 * layered image only when it would come out different.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaseImage } from '../../base/base-image.js';
import { UsageError } from '../../errors.js';
import type { BuildSourceKind } from '../../fetch/build-source.js';
import { downloadBuild } from '../../fetch/download.js';
import { locateInChain } from '../../fetch/locate.js';
import { planFetch } from '../../fetch/plan/plan-fetch.js';
import type { FetchPlan } from '../../fetch/plan/types.js';
import { createSourceChain } from '../../fetch/sources/chain.js';
import { kojiBuildIndex, type KojiBuildIndex } from '../../fetch/sources/koji-answer.js';
import { toLocationUrl, type CombinedFetcher } from '../../io/create-fetcher.js';
import { parseBaseVersion, releaseFromPackages } from '../../match/base-hints.js';
import { isSnapshotResult, sourceFailed, type MatchReport } from '../../report/match-report.js';
import { formatNevra } from '../../rpm/nevra.js';
import {
  normalizeInputs,
  sha256Of,
  stateChecksum,
  stateSchemaVersion,
  type StateBase,
  type StateBuild,
  type StateCompose,
  type StateInputs,
} from '../../state/state-inputs.js';
import { baseSourceFromValues, baseSourceOptions, baseSourceTitle } from '../base-source-options.js';
import { commandSpec } from '../options/option-table.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, defaultComposeRoot, timeoutRow } from '../fetch-options.js';
import { matchBaseForCli } from '../match-base.js';
import { optionalLocation } from '../match-catalog.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { forPackageNames } from '../package-names.js';
import {
  checkKojiValues,
  kojiAsked,
  kojiHubFromValues,
  kojiOptions,
  poolRootOption,
} from '../koji-options.js';
import {
  archiveRootOption,
  composeRootOption,
  indexOption,
  releaseRootOption,
  rootOption,
  updatesRootOption,
} from '../root-options.js';

const kinds: readonly BuildSourceKind[] = ['compose', 'updates', 'ga', 'pool', 'archive', 'koji'];

/** The option table of `state`. */
export const stateSpec = commandSpec({
  name: 'state',
  usage: 'state <base source> [--for NAME...] [options]',
  description: `Prints one sha256 that changes exactly when the answer for the base changes: the base's
identity (commit, or image manifest digest), each matched compose with the sha256 of its
repomd.xml (for a pruned snapshot, of its build list), and with --for the exact builds
'fetch' would take, by NEVRA and the sha256 of their bytes. Time, cache state, request order and
which mirror answered do not change it: no URL or host name is hashed. A CI job rebuilds a
layered image (a kmod) only when the state differs from the last build's.`,
  groups: [
    { title: baseSourceTitle, options: baseSourceOptions },
    {
      title: 'Options',
      options: [
        {
          name: 'for',
          type: 'string',
          multiple: true,
          arg: 'NAME[,NAME...]',
          description:
            'also the exact builds fetch takes for NAME (downloaded to hash them, into a temporary directory removed after); repeatable',
        },
        composeRootOption,
        releaseRootOption,
        indexOption,
        archiveRootOption,
        updatesRootOption,
        poolRootOption,
        rootOption('koji-root', 'URL|DIR', 'Koji packages/'),
        ...kojiOptions,
        {
          name: 'skip',
          type: 'string',
          arg: 'LIST',
          description: `leave out fetch sources: ${kinds.join(',')}`,
          complete: kinds,
        },
        { name: 'allow-unsigned', type: 'boolean', description: 'take a Koji copy with no signature header' },
        { name: 'arch', type: 'string', arg: 'A', description: "base arch (default: the base's)" },
        {
          name: 'release',
          type: 'string',
          arg: 'N',
          description: 'Fedora release (default: from the version or the packages)',
        },
        {
          name: 'json',
          type: 'boolean',
          description: 'print the checksum and its inputs (canonical, sorted)',
        },
        { name: 'no-cache', type: 'boolean', description: 'do not use the on-disk cache' },
        timeoutRow,
      ],
    },
  ],
  notes: `Exit codes: 0 the state was computed (a base with no snapshot, or a build in no source, is an
answer too); 1 a source failed, so the answer is not known; 2 bad usage or input.`,
});

type Values = ReturnType<typeof parseCommandArgs<typeof stateSpec>>['values'];

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(stateSpec, args);
  const forNames = forPackageNames(values.for);
  checkKojiValues(values);
  const skip = new Set<BuildSourceKind>();
  for (const w of (values.skip ?? '').split(',').filter((x) => x !== '')) {
    if (!kinds.includes(w as BuildSourceKind))
      throw new UsageError(`--skip takes ${kinds.join(', ')}; not '${w}'`);
    skip.add(w as BuildSourceKind);
  }
  const source = await baseSourceFromValues(values, io);
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  try {
    const { base, report } = await matchBaseForCli(source, forNames, values, fetcher, io, {
      koji: kojiHubFromValues(values, fetcher),
    });
    if (sourceFailed(report)) {
      io.stderr.write('compose-match: a source failed, so the answer (and its state) is not known\n');
      return ExitCode.failure;
    }
    const arch = report.target.arch;
    const release = report.target.release;
    const composes = await composeInputs(report, fetcher);
    let builds: StateBuild[] = [];
    if (forNames.length > 0) {
      const fetched = await fetchedBuilds(base, report, forNames, values, arch, release, skip, fetcher, io);
      if (fetched === null) {
        io.stderr.write(
          'compose-match: a fetch source failed, so the builds (and the state) are not known\n',
        );
        return ExitCode.failure;
      }
      builds = fetched;
    }
    const inputs: StateInputs = normalizeInputs({
      schemaVersion: stateSchemaVersion,
      arch,
      release,
      base: baseIdentity(base),
      composes,
      for: forNames,
      builds,
    });
    const checksum = stateChecksum(inputs);
    if (values.json === true) io.stdout.write(`${JSON.stringify({ checksum, inputs }, null, 2)}\n`);
    else io.stdout.write(`${checksum}\n`);
    return ExitCode.ok;
  } finally {
    await fetcher.close();
  }
}

/** Commit, else image manifest digest, else the package list itself. */
function baseIdentity(base: BaseImage): StateBase {
  if (base.image !== undefined) return { kind: 'manifest', digest: base.image.manifestDigest };
  if (base.commit !== null) return { kind: 'commit', commit: base.commit };
  const list = base.packages.map((p) => formatNevra(p)).sort();
  return { kind: 'packages', sha256: sha256Of(list.join('\n')) };
}

/** Each series' answer, with the content that makes it: repomd.xml bytes, or the build list. */
async function composeInputs(report: MatchReport, fetcher: CombinedFetcher): Promise<StateCompose[]> {
  const out: StateCompose[] = [];
  for (const m of report.matches) {
    const hit = isSnapshotResult(m.result) ? m.compose : null;
    let repomdSha256: string | null = null;
    let buildsSha256: string | null = null;
    if (hit !== null && hit.retained && hit.baseurl !== null) {
      const url = `${hit.baseurl.replaceAll('$basearch', report.target.arch).replace(/\/?$/, '/')}repodata/repomd.xml`;
      repomdSha256 = sha256Of(await fetcher.get(url));
    } else if (hit !== null && m.coverage !== null) {
      buildsSha256 = sha256Of(
        m.coverage.sources
          .flatMap((s) => s.builds)
          .sort()
          .join('\n'),
      );
    }
    out.push({ series: m.series, result: m.result, compose: hit?.id ?? null, repomdSha256, buildsSha256 });
  }
  return out;
}

/** The builds fetch takes for `names`, downloaded into a temporary directory to hash their bytes. */
async function fetchedBuilds(
  base: BaseImage,
  report: MatchReport,
  names: readonly string[],
  values: Values,
  arch: string,
  release: string,
  skip: ReadonlySet<BuildSourceKind>,
  fetcher: CombinedFetcher,
  io: CliIo,
): Promise<StateBuild[] | null> {
  if (base.packages.length === 0)
    throw new UsageError(
      '--for needs a base with a package list (--ostree-repo … --commit, --pkglist, --root)',
    );
  const root = (v: string | undefined): string | undefined =>
    v === undefined ? undefined : toLocationUrl(v, io.cwd);
  const hit = report.matches.find((m) => isSnapshotResult(m.result) && m.compose?.retained === true);
  const archive = optionalLocation(values['archive-root'], io);
  const sources = createSourceChain({
    fetcher,
    release:
      values.release ?? parseBaseVersion(base.version)?.release ?? releaseFromPackages(base) ?? release,
    arch,
    updatesRoot: root(values['updates-root']),
    releaseRoot: root(values['release-root']),
    poolRoot: root(values['pool-root']),
    archiveRoot: archive === undefined ? undefined : `${archive}fedora/`,
    kojiRoot: root(values['koji-root']),
    skip,
    compose: {
      ref: {
        kind: 'compose',
        name: 'compose',
        url: toLocationUrl(values['compose-root'] ?? defaultComposeRoot, io.cwd),
      },
      repoUrl: () => Promise.resolve(hit?.compose?.baseurl?.replaceAll('$basearch', arch) ?? null),
    },
    // As `fetch --koji`: Koji packages/ located from the answer the state covers.
    kojiAnswer: kojiAsked(values) ? () => Promise.resolve(kojiIndexOf(report)) : undefined,
  });
  const dir = await mkdtemp(join(tmpdir(), 'compose-match-state-'));
  const hashes = new Map<object, string>();
  try {
    const plan: FetchPlan = await planFetch({
      base: { arch, packages: base.packages },
      names,
      sources,
      locate: locateInChain,
      download: async (located) => {
        const d = await downloadBuild(located, dir, fetcher, { allowUnsigned: values['allow-unsigned'] });
        hashes.set(located, sha256Of(await readFile(d.path)));
        return d;
      },
      allowUnsigned: values['allow-unsigned'],
    });
    if (plan.outcome === 'incomplete') return null;
    return plan.builds.map((b) => {
      const nevra = formatNevra(b.nevra);
      return { nevra, sha256: b.located === null ? null : (hashes.get(b.located) ?? null) };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The Koji answers of the report, indexed for the Koji source; null when it has none. */
function kojiIndexOf(report: MatchReport): KojiBuildIndex | null {
  const answers = report.matches.flatMap((m) => (m.koji === undefined ? [] : [m.koji]));
  return answers.length === 0 ? null : kojiBuildIndex(answers);
}

/** The `state` command. */
export const stateCommand: Command = { spec: stateSpec, run };
