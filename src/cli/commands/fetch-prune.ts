/**
 * `compose-match fetch-prune --status FILE|- [--ostree-repo /ostree/repo]`: removes the persistent
 * repos `fetch --host` made for bases that no deployment is built on any more. Every deployment of
 * the status (and its cached update) is read as `fetch` reads it, so the kept set is exactly the
 * commits `fetch` keys its repos by; if any of them cannot be read, nothing is removed.
 */
import { readBaseImage } from '../../base/read-base-image.js';
import type { BaseSource, StatusDeploymentChoice } from '../../base/source.js';
import { parseJsonObject } from '../../base/json-metadata.js';
import { deploymentsOf } from '../../base/status-deployment.js';
import { UsageError } from '../../errors.js';
import { pruneHostRepos } from '../../fetch/host/prune-host-repos.js';
import { recoverInstallJournal } from '../../install/transaction.js';
import { toLocationUrl } from '../../io/create-fetcher.js';
import { fetchText } from '../../io/fetcher.js';
import { baseSourceFromValues } from '../base-source-options.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, timeoutRow } from '../fetch-options.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { commandSpec } from '../options/option-table.js';
import { resolve } from 'node:path';

/** The option table of `fetch-prune`. */
export const fetchPruneSpec = commandSpec({
  name: 'fetch-prune',
  usage: 'fetch-prune --status FILE|- [options]',
  description: `Removes the repos that 'compose-match fetch --host' keeps in /var/lib/compose-match/<commit>/
(and their /etc/yum.repos.d/compose-match-<commit 12>.repo) for bases that no deployment of
the status is built on: not booted, pending, rollback nor the cached update. Each .repo is removed
before its directory (rpm-ostree fails on an enabled repo whose directory is gone). If any
deployment cannot be read, nothing is removed. It also removes what an 'install' killed
outright left (the files its journal names).`,
  groups: [
    {
      title: 'Options',
      options: [
        { name: 'status', type: 'string', arg: 'FILE|-', description: 'rpm-ostree status --json output' },
        {
          name: 'ostree-repo',
          type: 'string',
          arg: 'DIR',
          description: 'the host repo (/ostree/repo): needed for image deployments',
        },
        {
          name: 'repos-dir',
          type: 'string',
          arg: 'DIR',
          description: 'where the repos are (default /var/lib/compose-match)',
        },
        {
          name: 'repo-files-dir',
          type: 'string',
          arg: 'DIR',
          description: 'where their .repo files are (default /etc/yum.repos.d)',
        },
        { name: 'dry-run', type: 'boolean', description: 'say what would be removed, remove nothing' },
        { name: 'json', type: 'boolean', description: 'print the result as JSON' },
        {
          name: 'arch',
          type: 'string',
          arg: 'A',
          description:
            'the manifest to pick when a deployment is an image from a multi-arch index (default: host)',
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
  notes: 'Exit codes: 0 done; 1 a deployment could not be read (nothing removed); 2 bad usage or input.',
});

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(fetchPruneSpec, args);
  if (values.status === undefined)
    throw new UsageError('fetch-prune needs --status FILE|- (rpm-ostree status --json)');
  // The shared base-source parsing: `-` is standard input, --ostree-repo beside it the host repo.
  const given = await baseSourceFromValues(values, io);
  if (given.kind !== 'status') throw new UsageError('fetch-prune reads deployments from --status only');
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  const keep = new Set<string>();
  try {
    // Read once; every deployment is then read from the same text.
    const location = given.file ?? '<stdin>';
    const text = given.text ?? (await fetchText(fetcher, toLocationUrl(given.file!, io.cwd)));
    const status = parseJsonObject(text, location);
    const choices: StatusDeploymentChoice[] = deploymentsOf(status, location).map((_, i) => i);
    if (status['cached-update'] !== undefined && status['cached-update'] !== null)
      choices.push('cached-update');
    for (const deployment of choices) {
      const source: BaseSource = { ...given, file: undefined, text, deployment };
      const base = await readBaseImage(source, { cwd: io.cwd, fetcher });
      if (base.commit !== null) keep.add(base.commit);
    }
  } finally {
    await fetcher.close();
  }
  const repoFilesDir =
    values['repo-files-dir'] === undefined ? '/etc/yum.repos.d' : resolve(io.cwd, values['repo-files-dir']);
  // What a killed 'install' left (its journal names only files it created).
  const interrupted = values['dry-run'] === true ? [] : await recoverInstallJournal(repoFilesDir);
  for (const p of interrupted)
    io.stderr.write(`compose-match: removed ${p}, left by an interrupted install\n`);
  const result = await pruneHostRepos({
    keep,
    reposDir: values['repos-dir'] === undefined ? undefined : resolve(io.cwd, values['repos-dir']),
    repoFilesDir,
    dryRun: values['dry-run'],
  });
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ dryRun: values['dry-run'] === true, ...result }, null, 2)}\n`);
  } else {
    const verb = values['dry-run'] === true ? 'would remove' : 'removed';
    for (const c of result.removed) io.stdout.write(`${verb} ${c}\n`);
    for (const c of result.kept) io.stdout.write(`kept ${c}\n`);
    if (result.removed.length === 0) io.stdout.write('nothing to remove\n');
  }
  return ExitCode.ok;
}

/** The `fetch-prune` subcommand. */
export const fetchPruneCommand: Command = { spec: fetchPruneSpec, run };
