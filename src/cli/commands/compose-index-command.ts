/**
 * `compose-match index update|backfill|verify|show`: the compose index (src/compose-index/), a static directory that
 * remembers every compose after Bodhi prunes it.
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../../errors.js';
import { toLocationUrl } from '../../io/create-fetcher.js';
import { openIndex, verifyIndex } from '../../compose-index/read-index.js';
import { updateIndex } from '../../compose-index/update.js';
import { backfillIndex } from '../../compose-index/backfill.js';
import { KojiHubClient, defaultKojiHub } from '../../koji/hub-client.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, defaultComposeRoot, timeoutRow } from '../fetch-options.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { commandSpec } from '../options/option-table.js';

/** The option table of `index`. */
export const indexSpec = commandSpec({
  name: 'index',
  usage: 'index update|backfill|verify|show --index DIR [options]',
  description: `Records every published compose in a static index directory, which remembers it after
Bodhi prunes it.`,
  operands: [
    {
      name: 'update',
      literal: true,
      description: 'record each published compose not recorded yet (run it daily)',
    },
    {
      name: 'backfill',
      literal: true,
      description:
        "reconstruct records of the time before the index began from Koji's tag history (one per Bodhi push)",
    },
    { name: 'verify', literal: true, description: 'check every file of the index against its sha256' },
    {
      name: 'show',
      literal: true,
      description: 'what the index holds, per stream: first/last compose, count, bytes',
    },
  ],
  groups: [
    {
      title: 'Options',
      options: [
        {
          name: 'index',
          type: 'string',
          arg: 'DIR',
          description: 'the index directory (verify and show: also a URL)',
        },
        {
          name: 'compose-root',
          type: 'string',
          arg: 'URL|PATH',
          description: `update: where the composes are (default ${defaultComposeRoot})`,
        },
        {
          name: 'release-root',
          type: 'string',
          arg: 'URL|PATH',
          description:
            'update: read GA sets from <root>/<N>/Everything/<arch>/os/ (default: the GA compose beside the compose root, ../<N>/)',
        },
        {
          name: 'release',
          type: 'string',
          multiple: true,
          arg: 'N',
          description: 'update: only this release (repeatable); backfill: the release (one)',
        },
        {
          name: 'arch',
          type: 'string',
          multiple: true,
          arg: 'A',
          description: 'update, backfill: only this arch (repeatable; default all four)',
          complete: ['x86_64', 'aarch64', 'ppc64le', 's390x'],
        },
        {
          name: 'testing',
          type: 'boolean',
          description: 'update, backfill: also record updates-testing',
        },
        {
          name: 'pool',
          type: 'boolean',
          description:
            'backfill: also reconstruct the FCOS pool tag (coreos-pool, every build it held), for pool-built bases',
        },
        {
          name: 'koji-hub',
          type: 'string',
          arg: 'URL',
          description: `backfill: the Koji hub to read the tag history from (default ${defaultKojiHub})`,
        },
        {
          name: 'since',
          type: 'string',
          arg: 'DATE',
          description: 'backfill: reconstruct from this date (YYYY-MM-DD, UTC, or an ISO 8601 time)',
        },
        {
          name: 'until',
          type: 'string',
          arg: 'DATE',
          description:
            'backfill: up to this date (default: when the index began, its first observed compose; else now)',
        },
        {
          name: 'wait',
          type: 'string',
          arg: 'SECONDS',
          description: "update, backfill: wait this long for another run's lock (default 120)",
        },
        { name: 'json', type: 'boolean', description: 'show: one JSON document on stdout' },
        { name: 'no-cache', type: 'boolean', description: 'do not use the on-disk cache' },
        timeoutRow,
      ],
    },
  ],
});

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(indexSpec, args);
  const [action, ...extra] = positionals;
  if (action === undefined || !['update', 'backfill', 'verify', 'show'].includes(action) || extra.length > 0)
    throw new UsageError(
      `Expected 'index update', 'index backfill', 'index verify' or 'index show'. Run 'compose-match index --help'.`,
    );
  if (values.index === undefined) throw new UsageError(`index ${action} needs --index DIR`);
  // verify checks the files themselves, never cached copies of them.
  const fetcher = cliFetcher(values['no-cache'] === true || action === 'verify', io, values.timeout);
  try {
    if (action === 'update' || action === 'backfill') {
      if (/^[a-z]+:/i.test(values.index) && !values.index.startsWith('file:'))
        throw new UsageError(`index ${action} writes a directory; --index ${values.index} is a URL`);
    }
    const wait = values.wait === undefined ? 120 : Number(values.wait);
    if (!Number.isFinite(wait) || wait < 0)
      throw new UsageError(`--wait takes seconds, not '${values.wait}'`);
    const dir = values.index.startsWith('file:')
      ? fileURLToPath(values.index)
      : resolve(io.cwd, values.index);
    if (action === 'backfill') {
      const release = values.release ?? [];
      if (release.length !== 1 || !/^[0-9]+$/.test(release[0]!))
        throw new UsageError('index backfill needs one --release N (a Fedora release number)');
      if (values.since === undefined) throw new UsageError('index backfill needs --since DATE');
      const hubUrl = values['koji-hub'] ?? defaultKojiHub;
      if (!/^https?:\/\//.test(hubUrl))
        throw new UsageError(`--koji-hub takes the hub's http(s) URL, not '${hubUrl}'`);
      const since = parseDate(values.since, '--since');
      const until = values.until === undefined ? undefined : parseDate(values.until, '--until');
      if (until !== undefined && !(since < until)) throw new UsageError('--since must be before --until');
      const result = await backfillIndex({
        dir,
        hub: new KojiHubClient({ hubUrl, fetcher }),
        release: release[0]!,
        testing: values.testing,
        pool: values.pool,
        since,
        until,
        arches: values.arch,
        waitMs: wait * 1000,
        onStep: stepHook(io),
      });
      for (const s of result.streams)
        io.stderr.write(
          `${s.key}: ${s.records} reconstructed records from ${s.pushes} pushes, ${isoDay(s.since)} to ${isoDay(s.until)}${s.observed > 0 ? ` (${s.observed} left to observed composes)` : ''}\n`,
        );
      if (result.streams.length === 0)
        io.stderr.write('nothing to reconstruct: the index began before --since\n');
      if (result.unchanged) io.stderr.write('index unchanged\n');
      return ExitCode.ok;
    }
    if (action === 'update') {
      const result = await updateIndex(fetcher, {
        dir,
        composeRoot: toLocationUrl(values['compose-root'] ?? defaultComposeRoot, io.cwd).replace(/\/?$/, '/'),
        releaseRoot:
          values['release-root'] === undefined
            ? undefined
            : toLocationUrl(values['release-root'], io.cwd).replace(/\/?$/, '/'),
        releases: values.release,
        arches: values.arch,
        testing: values.testing,
        waitMs: wait * 1000,
        onStep: stepHook(io),
      });
      for (const r of result.recorded) io.stderr.write(`recorded ${r}\n`);
      for (const r of result.rejected) io.stderr.write(`not usable ${r}\n`);
      for (const r of result.confirmed) io.stderr.write(`confirmed ${r}\n`);
      for (const r of result.corrected) io.stderr.write(`corrected ${r}\n`);
      if (result.unchanged) io.stderr.write('index unchanged\n');
      return ExitCode.ok;
    }
    const index = await openIndex(fetcher, indexUrl(values.index, io));
    if (action === 'verify') {
      const n = await verifyIndex(index);
      io.stdout.write(`ok: ${n} files verified in ${index.url}\n`);
      return ExitCode.ok;
    }
    const streams = index.manifest.streams.map((s) => {
      const usable = s.composes.filter((c) => c.usable);
      return {
        stream: s.key,
        first: usable[0]?.id ?? null,
        last: usable.at(-1)?.id ?? null,
        count: usable.length,
        unusable: s.composes.length - usable.length,
        unconfirmed: usable.filter((c) => !c.confirmed).length,
        bytes: usable.reduce((n, c) => n + (c.file?.size ?? 0), 0),
      };
    });
    const ga = index.manifest.ga.map((g) => ({
      release: g.release,
      arch: g.arch,
      source: g.source,
      packages: g.packageCount,
      bytes: g.file?.size ?? 0,
    }));
    const reconstructed = (index.manifest.reconstructed ?? []).map((s) => ({
      stream: s.key,
      tag: s.tag,
      hub: s.hub,
      first: s.records[0]?.id ?? null,
      last: s.records.at(-1)?.id ?? null,
      count: s.records.length,
      bytes: s.records.reduce((n, r) => n + r.file.size, 0),
      // Always listed, one window when the runs left no gap: between two windows the tag's states
      // are unknown, and a base there gets no reconstructed answer.
      windows: (s.windows ?? [{ since: s.since, until: s.until, records: s.records.length }]).map((w) => ({
        since: isoDay(w.since),
        until: isoDay(w.until),
        records: w.records,
      })),
    }));
    if (values.json === true) {
      io.stdout.write(
        JSON.stringify(
          {
            index: index.url,
            composeRoot: index.manifest.composeRoot,
            streams,
            ga,
            ...(reconstructed.length === 0 ? {} : { reconstructed }),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      for (const s of streams)
        io.stdout.write(
          `${s.stream}  ${s.count} composes (${s.first ?? '-'} .. ${s.last ?? '-'})  ${s.bytes} bytes${s.unconfirmed > 0 ? `  ${s.unconfirmed} unconfirmed` : ''}\n`,
        );
      for (const r of reconstructed)
        io.stdout.write(
          `${r.stream}  ${r.count} reconstructed records from ${r.tag} (${r.first ?? '-'} .. ${r.last ?? '-'})  ${r.bytes} bytes  ${r.windows.length === 1 ? 'window' : 'windows'} ${r.windows.map((w) => `${w.since} .. ${w.until}`).join(', ')}\n`,
        );
      for (const g of ga)
        io.stdout.write(
          `${g.release}/ga/${g.arch}  ${g.source ?? 'no GA tree found'}  ${g.packages} packages  ${g.bytes} bytes\n`,
        );
    }
    return ExitCode.ok;
  } finally {
    await fetcher.close();
  }
}

/** `YYYY-MM-DD` (UTC midnight) or an ISO 8601 time, as seconds since the epoch. */
function parseDate(text: string, option: string): number {
  const ms = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (!Number.isFinite(ms) || !/^[0-9]{4}-/.test(text))
    throw new UsageError(`${option} takes a date (YYYY-MM-DD) or an ISO 8601 time, not '${text}'`);
  return ms / 1000;
}

function isoDay(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

function indexUrl(location: string, io: CliIo): string {
  if (/^(https?|file):/i.test(location)) return location;
  return pathToFileURL(resolve(io.cwd, location)).href + '/';
}

/**
 * Test hook for the crash-safety test: `COMPOSE_MATCH_INDEX_KILL_AT=N` kills this process with
 * SIGKILL at the Nth write step, so a test can stop a run between any two steps of publishing.
 */
function stepHook(io: CliIo): ((step: string) => void) | undefined {
  const at = Number(io.env['COMPOSE_MATCH_INDEX_KILL_AT'] ?? '');
  const trace = io.env['COMPOSE_MATCH_INDEX_TRACE_STEPS'] === '1';
  if (!(at > 0) && !trace) return undefined;
  let n = 0;
  return (step) => {
    n++;
    if (trace) io.stderr.write(`step ${n}: ${step}\n`);
    if (n === at) process.kill(process.pid, 'SIGKILL');
  };
}

/** The `index` command. */
export const indexCommand: Command = { spec: indexSpec, run };
