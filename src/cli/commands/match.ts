/**
 * `compose-match match <base source> [options]`: find the compose a base was built from and emit
 * the `.repo` (or the whole report with `--json`).
 */
import { resolve } from 'node:path';
import type { BaseImage } from '../../base/base-image.js';
import { UsageError } from '../../errors.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { forPackageNames } from '../package-names.js';
import type { MatchProgress } from '../../match/prober.js';
import {
  describeDrift,
  isSnapshotResult,
  sourceFailed,
  type MatchReport,
} from '../../report/match-report.js';
import { checkWritable, writeFileAtomic } from '../../repofile/atomic-write.js';
import { checkRepoId } from '../../repofile/ini-safe.js';
import { baseSourceFromValues, baseSourceOptions, baseSourceTitle } from '../base-source-options.js';
import { commandSpec } from '../options/option-table.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, defaultComposeRoot, timeoutRow } from '../fetch-options.js';
import { coverageIncomplete } from '../../durable/place-pruned-snapshots.js';
import { defaultArchiveRoot, defaultUpdatesRoot } from '../../durable/source-urls.js';
import { largeList } from '../../repofile/render-durable.js';
import {
  checkKojiValues,
  kojiAsked,
  kojiHubFromValues,
  kojiOptions,
  poolRootOption,
} from '../koji-options.js';
import { matchBaseForCli } from '../match-base.js';

/** The option table of `match`: its `--help`, man page section and completion. */
export const matchSpec = commandSpec({
  name: 'match',
  usage: 'match <base source> [options]',
  description: `Finds the Fedora updates compose the base image was built from and prints a .repo for it, so
'rpm-ostree install' resolves against the base's own package versions. Copy the .repo into
/etc/yum.repos.d/ for the install only, and remove it afterwards (its header says why).`,
  groups: [
    { title: baseSourceTitle, options: baseSourceOptions },
    {
      title: 'Options',
      options: [
        {
          name: 'compose-root',
          type: 'string',
          arg: 'URL|PATH',
          description: `where the composes are (default ${defaultComposeRoot})`,
        },
        {
          name: 'release-root',
          type: 'string',
          arg: 'URL|PATH',
          description:
            'GA release trees, <root><N>/Everything/<arch>/os/ (default https://dl.fedoraproject.org/pub/fedora/linux/releases/, for ppc64le and s390x .../pub/fedora-secondary/releases/, then the same paths on https://archives.fedoraproject.org/pub/archive/ for end-of-life releases)',
        },
        {
          name: 'index',
          type: 'string',
          arg: 'DIR|URL',
          description:
            "also match over the composes recorded by 'compose-match index update' (pruned ones too; a compose on both is the retained one)",
        },
        {
          name: 'archive-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `for a pruned snapshot: the updates-archive, <root>fedora/<N>/<arch>/ (default ${defaultArchiveRoot})`,
        },
        {
          name: 'updates-root',
          type: 'string',
          arg: 'URL|DIR',
          description: `for a pruned snapshot: the live updates repos, <root><N>/Everything/<arch>/ and <root>testing/<N>/... (default ${defaultUpdatesRoot}, .../fedora-secondary/updates/ for ppc64le and s390x)`,
        },
        poolRootOption,
        {
          name: 'for',
          type: 'string',
          multiple: true,
          arg: 'NAME[,NAME...]',
          description:
            'for a pruned snapshot: list only what layering NAME needs (its dependency closure within the snapshot and GA, stopping at the locked base), so rpm-ostree stays fast; repeatable',
        },
        ...kojiOptions,
        {
          name: 'arch',
          type: 'string',
          arg: 'A',
          description: "arch to match (default: the base's); for --image also the manifest to pick",
        },
        {
          name: 'release',
          type: 'string',
          arg: 'N',
          description: 'Fedora release (default: from the version or the packages)',
        },
        {
          name: 'testing',
          type: 'boolean',
          description: 'search updates-testing when the base does not say which series',
        },
        {
          name: 'json',
          type: 'boolean',
          description: 'print the whole report as one JSON document (the .repo is a field)',
        },
        {
          name: 'output',
          short: 'o',
          type: 'string',
          arg: 'FILE',
          description: 'write the .repo to FILE atomically (the old file stays on failure)',
        },
        {
          name: 'repo-id',
          type: 'string',
          arg: 'ID',
          description: 'section id for the .repo (letters, digits, . _ : -)',
        },
        {
          name: 'no-cache',
          type: 'boolean',
          description: 'do not use the on-disk cache (default: $XDG_CACHE_HOME/compose-match)',
        },
        timeoutRow,
      ],
    },
  ],
  notes: `A compose matches only when it and the GA tree hold every base package at the base's EVR.

A pruned snapshot (known from --index only, or rebuilt from Koji) gets stanzas for the
updates-archive and the live updates repo restricted to exactly its builds (full NEVRAs in
includepkgs), never one for the gone compose; a pool answer also gets one for the FCOS pool,
for the builds only the pool holds. The whole snapshot (16,000-28,000 builds months after GA) makes libdnf's sack setup
take minutes on every rpm-ostree command; with --for it lists only what layering NAME needs.

Exit codes: 0 a snapshot was found (for a pruned one: every build is in a durable source); 3 every
source answered and no retained snapshot is consistent with the base, or some build of a pruned
snapshot is in no durable source (named in the report and the .repo header); 2 bad usage or input;
1 network or other failure, also when no snapshot was found and a source (the GA tree, the archive)
failed.`,
});

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(matchSpec, args);
  if (values['repo-id'] !== undefined) checkRepoId(values['repo-id']);
  const forNames = forPackageNames(values.for);
  for (const o of [
    'archive-root',
    'updates-root',
    'pool-root',
    ...(forNames.length > 0 ? (['for'] as const) : []),
  ] as const)
    if (values[o] !== undefined && values.index === undefined && !kojiAsked(values))
      throw new UsageError(
        `--${o} is for a snapshot known from a compose index or Koji: give --index or --koji too`,
      );
  checkKojiValues(values);
  if (values.output === '') throw new UsageError('-o needs a file name');
  const source = await baseSourceFromValues(values, io);
  const output = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  if (output !== undefined) await checkWritable(output);
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  const progress = io.stderr.isTTY === true ? progressLine(io) : undefined;
  try {
    const { base, report } = await matchBaseForCli(source, forNames, values, fetcher, io, {
      koji: kojiHubFromValues(values, fetcher),
      onProgress: progress?.update,
    });
    progress?.clear();
    if (output !== undefined) await writeFileAtomic(output, report.repoFile);
    if (values.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (values.output === undefined) io.stdout.write(report.repoFile);
    io.stderr.write(summary(base, report, values.output));
    if (isSnapshotResult(report.result)) {
      if (!coverageIncomplete(report)) return ExitCode.ok;
      // A build missing because a source could not be read is a failure, not an answer.
      return coverageIncomplete(report, true) ? ExitCode.failure : ExitCode.noSnapshot;
    }
    // A verdict weakened by a failed source is not "no snapshot exists": that needs every answer.
    return sourceFailed(report) ? ExitCode.failure : ExitCode.noSnapshot;
  } finally {
    progress?.clear();
    await fetcher.close();
  }
}

/** One updating stderr line, for terminals only. */
function progressLine(io: CliIo): { update: (p: MatchProgress) => void; clear: () => void } {
  let shown = false;
  return {
    update: (p) => {
      shown = true;
      io.stderr.write(`\r\x1b[Kcompose-match: ${p.step}${p.compose === null ? '' : ` ${p.compose}`}`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** What was read, in one line: which commit or list, and what it recorded. */
function describeBase(base: BaseImage): string {
  const { kind, location, ref, deployment } = base.source;
  const digest = base.image === undefined ? '' : ` (manifest ${base.image.manifestDigest})`;
  const from = `${kind} ${location}${digest}${ref === null ? '' : ` ${ref}`}${deployment === null ? '' : ` deployment ${deployment}`}`;
  const what = [
    base.version === null ? null : `version ${base.version}`,
    base.commit === null ? null : `commit ${base.commit.slice(0, 12)}`,
  ].filter((x) => x !== null);
  const repaired = base.repos.filter((r) => r.swapped).length;
  const repos =
    base.repos.length === 0
      ? 'no recorded repos'
      : `repos ${base.repos.map((r) => r.id).join(', ')}${repaired === 0 ? '' : ` (${repaired} timestamps stored byte-swapped, repaired)`}`;
  return `base: ${what.length === 0 ? '' : `${what.join(', ')}, `}from ${from}; ${repos}; ${base.packages.length === 0 ? 'no package list' : `${base.packages.length} packages`}`;
}

/** What was decided, for people (stderr). */
function summary(base: BaseImage, report: MatchReport, output: string | undefined): string {
  const lines: string[] = [describeBase(base)];
  for (const r of report.repos)
    if (r.role === 'frozen')
      lines.push(`repo '${r.id}': frozen (GA or not an updates compose), nothing to match`);
  // Without recorded repos (a package list) the series is a guess, not one of the base's repos.
  const recorded = new Set(report.repos.map((r) => r.id));
  for (const m of report.matches) {
    const what = recorded.has(m.repoId) ? `${m.series} (repo '${m.repoId}')` : m.series;
    if (isSnapshotResult(m.result)) {
      const pruned = m.compose!.retained
        ? ''
        : m.koji !== undefined
          ? ' (rebuilt from Koji tag history)'
          : ' (pruned: known from the index only)';
      lines.push(`${what}: ${m.compose!.id}${pruned}, by ${m.result}. ${m.evidence.summary}`);
      if (m.koji !== undefined)
        lines.push(
          `  ${m.koji.source === 'index-backfill' ? "Reconstructed by 'index backfill' from Koji" : 'Rebuilt from Koji'} (${m.koji.hub}): ${m.koji.tag} at event ${m.koji.event.id}; no repo of that state exists, so the .repo serves its builds from durable sources. For named packages at the base's exact builds, use 'compose-match fetch NAME --koji-hub ${m.koji.hub}' (Koji packages/ keeps them; fetch takes them from this answer).`,
        );
      if (!m.compose!.retained && m.coverage === null)
        lines.push(
          '  Its compose is gone: the .repo offers Fedora updates-archive as a commented-out fallback.',
        );
      if (m.coverage !== null) {
        const served = m.coverage.sources
          .filter((s) => s.builds.length > 0)
          .map((s) => `${s.builds.length} from ${s.role}`);
        const scope =
          m.coverage.for === null
            ? ''
            : ` (of ${m.coverage.for.snapshotBuilds}, what layering ${m.coverage.for.names.join(', ')} needs)`;
        lines.push(
          `  Its compose is gone: its ${m.coverage.total} builds${scope} are served by ${served.length === 0 ? 'no source' : served.join(', ')}${m.coverage.missing.length === 0 ? '' : `; MISSING from every durable source: ${m.coverage.missing.map((b) => b.nevra).join(', ')}`}.`,
        );
        for (const s of m.coverage.sources)
          if (s.state === 'failed') lines.push(`  ${s.role} could not be read: ${s.detail}`);
        if (m.coverage.for === null && m.coverage.total > largeList)
          lines.push(
            `  The .repo lists all ${m.coverage.total} builds, which slows every rpm-ostree command; --for NAME lists only what layering NAME needs.`,
          );
        if (m.coverage.for !== null) {
          const f = m.coverage.for;
          if (f.inBase.length > 0)
            lines.push(`  Already in the base (nothing to layer): ${f.inBase.join(', ')}`);
          if (f.unknownNames.length > 0)
            lines.push(`  Neither the snapshot nor GA carries: ${f.unknownNames.join(', ')}`);
          for (const u of f.unresolved)
            lines.push(`  No provider seen for ${u} (left to the enabled repos and the base)`);
        }
      }
      continue;
    }
    lines.push(`${what}: no retained snapshot is consistent with the base. ${m.evidence.summary}`);
    for (const d of m.drift) lines.push(`  ${describeDrift(d)}`);
    if (m.result === 'nearest' || m.result === 'none')
      lines.push('  The .repo offers Fedora updates-archive as a commented-out fallback.');
    // rpm-ostree status carries no package list; on the host, the commit itself has one.
    if (m.result === 'none' && base.packages.length === 0 && base.commit !== null)
      lines.push(
        `  To compare package by package, read the commit itself: compose-match match --ostree-repo /ostree/repo --commit ${base.commit}`,
      );
  }
  for (const m of report.matches)
    for (const u of m.unexplained)
      lines.push(
        `unexplained: ${u.name}.${u.arch} ${u.evr} (no Fedora repo of the release knows it: a local RPM or another repo's)`,
      );
  if (report.gaTree !== null) lines.push(`GA tree (${report.gaTree.state}): ${report.gaTree.detail}`);
  for (const s of report.skipped) lines.push(`skipped ${s.id}: ${s.detail}`);
  for (const n of report.notes) lines.push(`note: ${n}`);
  const kb = report.requests.bytes === null ? '' : `, ${(report.requests.bytes / 1024).toFixed(1)} KB`;
  lines.push(`${report.requests.count} requests${kb}${output === undefined ? '' : `; wrote ${output}`}`);
  return lines.map((l) => `compose-match: ${l}\n`).join('');
}

/** The `match` command. */
export const matchCommand: Command = { spec: matchSpec, run };
