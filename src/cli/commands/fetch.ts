/**
 * `compose-match fetch <base source> NAME… [options]`: the base's exact builds of NAME (and of what
 * they pin with `=`), from the first source that still has them, verified into a directory with a
 * small repo over it; then the command that installs them.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BaseImage } from '../../base/base-image.js';
import { readBaseImage } from '../../base/read-base-image.js';
import { UsageError, isComposeMatchError } from '../../errors.js';
import type { BuildSourceKind } from '../../fetch/build-source.js';
import { downloadBuild } from '../../fetch/download.js';
import { renderLocalRepoFile } from '../../fetch/local-repo/repo-file.js';
import { writeLocalRepo } from '../../fetch/local-repo/write-local-repo.js';
import { locateInChain } from '../../fetch/locate.js';
import { planFetch } from '../../fetch/plan/plan-fetch.js';
import { createSourceChain, defaultFetchRoots } from '../../fetch/sources/chain.js';
import { kojiBuildIndex } from '../../fetch/sources/koji-answer.js';
import { isKojiSource, type KojiSource } from '../../fetch/sources/koji-source.js';
import type { FetchPlan, PlannedBuild } from '../../fetch/plan/types.js';
import { toLocationUrl } from '../../io/create-fetcher.js';
import { parseBaseVersion, releaseFromPackages } from '../../match/base-hints.js';
import { findMatchingCompose } from '../../match/find-matching-compose.js';
import { isSnapshotResult, type KojiAnswer, type MatchReport } from '../../report/match-report.js';
import { writeFileAtomic } from '../../repofile/atomic-write.js';
import { formatNevra } from '../../rpm/nevra.js';
import { baseSourceFromValues, baseSourceOptions, baseSourceTitle } from '../base-source-options.js';
import { commandSpec } from '../options/option-table.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliCatalog, cliFetcher, defaultComposeRoot, timeoutRow } from '../fetch-options.js';
import { defaultFetchMode } from '../fetch-mode.js';
import { checkKojiValues, kojiHubFromValues, kojiOptions, poolRootOption } from '../koji-options.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { checkPackageNames } from '../package-names.js';

const kinds: readonly BuildSourceKind[] = ['compose', 'updates', 'ga', 'pool', 'archive', 'koji'];

/** The option table of `fetch`. */
export const fetchSpec = commandSpec({
  name: 'fetch',
  usage: 'fetch <base source> NAME... [options]',
  description: `Fetches the base's exact build of each NAME: the EVR of the base package built from the same
source package (kernel-devel-matched gets the base kernel-core's), then every build that what
was fetched requires with '=' and the base does not already hold (kernel-devel), until nothing
new is pinned. Each file is downloaded once, verified, and written atomically into DIR, and a
repo (repodata/) is written over DIR.`,
  operands: [{ name: 'NAME...', description: 'the packages to fetch (kernel-devel-matched, kernel-devel)' }],
  groups: [
    { title: baseSourceTitle, options: baseSourceOptions },
    {
      title: 'Where builds are looked for, in this order (each root also takes a directory)',
      options: [
        {
          name: 'compose-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `the base's compose, matched under this root (default ${defaultComposeRoot})`,
        },
        {
          name: 'updates-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `<root><release>/Everything/<arch>/ (default ${defaultFetchRoots.updates})`,
        },
        {
          name: 'release-root',
          type: 'string',
          arg: 'URL|DIR',
          description: "GA tree <root><release>/Everything/<arch>/os/ (default Fedora's)",
        },
        poolRootOption,
        {
          name: 'archive-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `updates-archive <root><release>/<arch>/ (default ${defaultFetchRoots.archive})`,
        },
        {
          name: 'koji-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `Koji packages/ (default ${defaultFetchRoots.koji}); its copies are unsigned, so the signature header Koji keeps (sigcache) is spliced on; with --koji, each build's place in it comes from the Koji answer, not from listing its directories`,
        },
        ...kojiOptions,
        {
          name: 'skip',
          type: 'string',
          arg: 'LIST',
          description: `leave out sources: ${kinds.join(',')}`,
          complete: kinds,
        },
      ],
    },
    {
      title: 'Options',
      options: [
        {
          name: 'host',
          type: 'boolean',
          description:
            'on an rpm-ostree host (default when the base is the running system: --status, or --ostree-repo /ostree/repo): DIR is a persistent repo (default /var/lib/compose-match/<commit>/) with a .repo; install by name with rpm-ostree',
        },
        {
          name: 'container',
          type: 'boolean',
          description:
            "in a container build (default otherwise, e.g. an --ostree-repo URL or a build machine's repo): DIR defaults to ./compose-match-rpms; install the files with dnf",
        },
        { name: 'dest', type: 'string', arg: 'DIR', description: 'where the RPMs and repodata/ go' },
        {
          name: 'repo-file',
          type: 'string',
          arg: 'FILE',
          description: 'host: where the .repo goes (default /etc/yum.repos.d/compose-match-<commit 12>.repo)',
        },
        {
          name: 'allow-unsigned',
          type: 'boolean',
          description: 'use a Koji copy with no signature header (gpgcheck cannot pass)',
        },
        {
          name: 'arch',
          type: 'string',
          arg: 'A',
          description: "base arch (default: the base's); for --image also the manifest to pick",
        },
        {
          name: 'release',
          type: 'string',
          arg: 'N',
          description: 'Fedora release (default: from the version or the packages)',
        },
        { name: 'json', type: 'boolean', description: 'print the whole result as one JSON document' },
        { name: 'no-cache', type: 'boolean', description: 'do not use the on-disk cache' },
        timeoutRow,
      ],
    },
  ],
  notes: `Exit codes: 0 every build fetched; 3 every source answered and some build is nowhere (each is
named, with the sources tried); 1 something is missing and a source failed (it may be there);
2 bad usage or input (a NAME the base has no build to match).`,
});

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: names } = parseCommandArgs(fetchSpec, args);
  if (names.length === 0)
    throw new UsageError('fetch needs at least one package NAME (kernel-devel-matched)');
  checkPackageNames(names);
  if (values.host === true && values.container === true)
    throw new UsageError('Give --host or --container, not both');
  const skip = parseSkip(values.skip);
  checkKojiValues(values);
  const source = await baseSourceFromValues(values, io);
  const host = values.host ?? (values.container !== true && defaultFetchMode(source, io.cwd) === 'host');
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  try {
    const base = await readBaseImage(source, { cwd: io.cwd, fetcher });
    if (base.packages.length === 0) {
      // Every wanted EVR comes from a base package: say where a package list is, not "no family".
      throw new UsageError(
        source.kind === 'status' && source.ostreeRepo === undefined
          ? 'rpm-ostree status --json records no package list: add --ostree-repo /ostree/repo so the base commit is read from the host repo'
          : 'The base lists no packages to take the exact builds from: give a source with a package list (--ostree-repo … --commit, --pkglist, --root)',
      );
    }
    const arch = values.arch ?? base.arch;
    if (arch === null) throw new UsageError('The base does not say its arch: give --arch');
    const release = values.release ?? parseBaseVersion(base.version)?.release ?? releaseFromPackages(base);
    if (release === null) throw new UsageError('The base does not say its Fedora release: give --release');
    const dest = destination(values.dest, host, base, io);
    const root = (v: string | undefined) => (v === undefined ? undefined : toLocationUrl(v, io.cwd));
    const composeRoot = values['compose-root'];
    // One match for both the compose source and the Koji answer, run on the first lookup that needs it.
    let matched: Promise<MatchReport> | undefined;
    const hub = kojiHubFromValues(values, fetcher);
    const match = (): Promise<MatchReport> =>
      (matched ??= findMatchingCompose(base, {
        catalog: cliCatalog(fetcher, composeRoot, io, values['release-root']),
        arch,
        release,
        koji: hub === undefined ? undefined : { hub },
      }));
    const kojiAnswers: KojiAnswer[] = [];
    const sources = createSourceChain({
      fetcher,
      release,
      arch,
      updatesRoot: root(values['updates-root']),
      releaseRoot: root(values['release-root']),
      poolRoot: root(values['pool-root']),
      archiveRoot: root(values['archive-root']),
      kojiRoot: root(values['koji-root']),
      skip,
      compose: {
        ref: {
          kind: 'compose',
          name: 'compose',
          url: toLocationUrl(composeRoot ?? defaultComposeRoot, io.cwd),
        },
        repoUrl: async () => {
          const report = await match();
          const hit = report.matches.find((m) => isSnapshotResult(m.result) && m.compose?.retained === true);
          return hit?.compose?.baseurl?.replaceAll('$basearch', arch) ?? null;
        },
      },
      kojiAnswer:
        hub !== undefined
          ? async () => {
              let report: MatchReport;
              try {
                report = await match();
              } catch (error) {
                // The compose source records the failure; Koji is then listed as without an answer.
                if (isComposeMatchError(error)) return null;
                throw error;
              }
              kojiAnswers.push(...report.matches.flatMap((m) => (m.koji === undefined ? [] : [m.koji])));
              return kojiAnswers.length === 0 ? null : kojiBuildIndex(kojiAnswers);
            }
          : undefined,
    });
    const koji = sources.find(isKojiSource);
    await mkdir(dest, { recursive: true });
    const allowUnsigned = values['allow-unsigned'];
    const plan = await planFetch({
      base: { arch, packages: base.packages },
      names,
      sources,
      locate: locateInChain,
      download: (located) => downloadBuild(located, dest, fetcher, { allowUnsigned }),
      allowUnsigned,
    });
    const fetched = plan.builds.filter((b) => b.status === 'fetched');
    let repoFile: string | null = null;
    if (fetched.length > 0) {
      await writeLocalRepo(dest);
      if (host) repoFile = await writeHostRepoFile(values['repo-file'], dest, base, fetched, io);
    }
    const stats = fetcher.stats();
    const install = installCommand(host, names, dest, plan);
    if (values.json === true) {
      const out = {
        mode: host ? 'host' : 'container',
        dest,
        repoFile,
        install,
        release,
        arch,
        ...plan,
        requests: stats,
        koji: kojiCosts(kojiAnswers, koji),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else if (install !== null) io.stdout.write(`${install}\n`);
    io.stderr.write(summary(plan, dest, repoFile, stats, kojiCosts(kojiAnswers, koji)));
    return plan.outcome === 'complete'
      ? ExitCode.ok
      : plan.outcome === 'missing'
        ? ExitCode.noSnapshot
        : ExitCode.failure;
  } finally {
    await fetcher.close();
  }
}

/** What the Koji source cost, and which Koji answer (if any) it was located from. */
interface KojiCosts {
  answers: { tag: string; event: number; builds: number }[];
  /** Directory listings of packages/ read (each a request). */
  listings: number;
  /** Lookups located from the answer alone. */
  fromAnswer: number;
}

function kojiCosts(answers: readonly KojiAnswer[], koji: KojiSource | undefined): KojiCosts | null {
  if (koji === undefined) return null;
  return {
    answers: answers.map((a) => ({ tag: a.tag, event: a.event.id, builds: a.builds.length })),
    listings: koji.listings(),
    fromAnswer: koji.fromAnswer(),
  };
}

function parseSkip(text: string | undefined): Set<BuildSourceKind> {
  const out = new Set<BuildSourceKind>();
  for (const word of text === undefined ? [] : text.split(',').filter((w) => w !== '')) {
    if (!kinds.includes(word as BuildSourceKind)) {
      throw new UsageError(`--skip takes ${kinds.join(', ')}; not '${word}'`);
    }
    out.add(word as BuildSourceKind);
  }
  return out;
}

function destination(given: string | undefined, host: boolean, base: BaseImage, io: CliIo): string {
  if (given !== undefined) return resolve(io.cwd, given);
  if (!host) return resolve(io.cwd, 'compose-match-rpms');
  if (base.commit === null)
    throw new UsageError('The base names no commit to key the host repo by: give --dest');
  return `/var/lib/compose-match/${base.commit}/`;
}

async function writeHostRepoFile(
  given: string | undefined,
  dest: string,
  base: BaseImage,
  fetched: readonly PlannedBuild[],
  io: CliIo,
): Promise<string> {
  const short = (base.commit ?? 'local').slice(0, 12);
  const path = given === undefined ? `/etc/yum.repos.d/compose-match-${short}.repo` : resolve(io.cwd, given);
  const what = [
    base.commit === null ? null : `commit ${base.commit}`,
    base.version === null ? null : `version ${base.version}`,
  ];
  const text = renderLocalRepoFile({
    id: `compose-match-${short}`,
    dir: dest,
    base: what.filter((w) => w !== null).join(', ') || 'the base',
    gpgcheck: fetched.every((b) => b.located?.signed !== false),
  });
  await writeFileAtomic(path, text);
  return path;
}

/**
 * What to run next. On a host, by name from the persistent repo (never the files: rpm-ostree would
 * carry local RPMs through every upgrade unchanged); in a container, the files themselves.
 */
function installCommand(
  host: boolean,
  names: readonly string[],
  dest: string,
  plan: FetchPlan,
): string | null {
  if (plan.builds.every((b) => b.status !== 'fetched')) return null;
  if (host) return `rpm-ostree install ${names.join(' ')}`;
  return `dnf install ${dest.replace(/\/$/, '')}/*.rpm`;
}

function summary(
  plan: FetchPlan,
  dest: string,
  repoFile: string | null,
  stats: { requests: number; bytes?: number | null },
  koji: KojiCosts | null,
): string {
  const lines: string[] = [];
  for (const a of koji?.answers ?? [])
    lines.push(
      `Koji answer: ${a.tag} at event ${a.event} (${a.builds} builds); Koji packages/ located from it without listing`,
    );
  for (const b of plan.builds) {
    const why =
      b.reason.kind === 'requested'
        ? `for ${b.reason.name} (base ${b.reason.family})`
        : b.reason.kind === 'pinned'
          ? `pinned by ${b.reason.by} (${b.reason.requirement})`
          : `required by ${b.reason.by} (${b.reason.requirement}; the base has its source package)`;
    const tried = b.answers
      .map((a) => `${a.source.name} ${a.status}${a.error === undefined ? '' : ` (${a.error.code})`}`)
      .join(', ');
    if (b.status === 'fetched') {
      const unsigned = b.located?.signed === false ? ' UNSIGNED (gpgcheck cannot pass)' : '';
      lines.push(`${formatNevra(b.nevra)} ${why}: from ${b.located!.source.name}${unsigned}`);
    } else if (b.status === 'unsigned') {
      lines.push(
        `${formatNevra(b.nevra)} ${why}: only Koji's unsigned copy exists (no signature header); pass --allow-unsigned to use it. Tried: ${tried}`,
      );
    } else {
      lines.push(`${formatNevra(b.nevra)} ${why}: nowhere. Tried: ${tried}`);
      lines.push(`what the sources hold of ${b.nevra.name}: ${holdings(b)}`);
    }
  }
  for (const i of plan.inferred)
    lines.push(
      `note: no source lists the base's ${i.package}; its source package is taken as ${i.sourcerpm}, named by ${i.source.name}'s ${i.from} (a binary package keeps its source package between builds of a release)`,
    );
  for (const c of plan.conflicts)
    lines.push(`conflict: ${c.by} requires ${c.requirement}, but ${c.holder} is what the base/plan holds`);
  for (const u of plan.unresolved)
    lines.push(`note: ${u.by} requires ${u.requirement}, which no source names as a package; not fetched`);
  for (const f of plan.failedLookups)
    lines.push(`source failed: ${f.source.name} (${f.source.url}): ${f.error?.message ?? ''}`);
  if (plan.builds.some((b) => b.status === 'fetched'))
    lines.push(`wrote ${dest}${repoFile === null ? '' : ` and ${repoFile}`}`);
  const kb =
    stats.bytes === null || stats.bytes === undefined ? '' : `, ${(stats.bytes / 1024).toFixed(1)} KB`;
  const listed =
    koji === null || koji.listings === 0 ? '' : ` (${koji.listings} of them listings of Koji packages/)`;
  lines.push(`${stats.requests} requests${kb}${listed}`);
  return lines.map((l) => `compose-match: ${l}\n`).join('');
}

/**
 * Each source's answer for a build found nowhere, once per source: the other builds of the name it
 * holds (`fedora holds 1.45.5-3.fc32.x86_64`), `not there`, or how it failed.
 */
function holdings(b: PlannedBuild): string {
  const seen = new Map<string, string>();
  for (const a of b.answers) {
    const said =
      a.status === 'failed'
        ? `${a.source.name}: failed (${a.error?.code ?? 'error'})`
        : a.holds !== undefined && a.holds.length > 0
          ? `${a.source.name} holds ${a.holds.join(', ')}`
          : `${a.source.name}: ${a.detail ?? 'not there'}`;
    // Asked once per candidate arch: the first failure or holding is what that source said.
    if (!seen.has(a.source.name) || said.includes(' holds ')) seen.set(a.source.name, said);
  }
  return [...seen.values()].join('; ');
}

/** The `fetch` command. */
export const fetchCommand: Command = { spec: fetchSpec, run };
