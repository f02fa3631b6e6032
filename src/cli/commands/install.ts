/**
 * `compose-match install NAME… [options]`: on an rpm-ostree host, decide which repo layering NAME
 * needs (a snapshot `.repo`, the durable stanzas of a pruned snapshot, or `fetch --host`), write
 * it, run `rpm-ostree install NAME…`, and leave the repo directory as it was on any failure.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import type { BaseImage } from '../../base/base-image.js';
import type { BaseSource } from '../../base/source.js';
import { UsageError } from '../../errors.js';
import { hostRepoFileName } from '../../fetch/host/prune-host-repos.js';
import { decideInstall, snapshotRepoFileName, type InstallDecision } from '../../install/decide.js';
import { dnfRepoArgs } from '../../install/dnf-repo-args.js';
import { InstallError } from '../../install/errors.js';
import { findTool, runTool } from '../../install/run-tool.js';
import { InstallTransaction } from '../../install/transaction.js';
import type { MatchReport } from '../../report/match-report.js';
import { writeFileAtomic } from '../../repofile/atomic-write.js';
import { fedoraGpgKey } from '../../repofile/render-repo-file.js';
import { baseSourceFromValues, baseSourceOptions } from '../base-source-options.js';
import { commandSpec } from '../options/option-table.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, timeoutRow } from '../fetch-options.js';
import { matchBaseForCli } from '../match-base.js';
import { optionalLocation } from '../match-catalog.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { checkPackageNames } from '../package-names.js';
import { checkKojiValues, kojiHubFromValues, kojiOptions, poolRootOption } from '../koji-options.js';
import {
  archiveRootOption,
  composeRootOption,
  indexOption,
  releaseRootOption,
  rootOption,
  updatesRootOption,
} from '../root-options.js';
import { fetchCommand } from './fetch.js';

/** The option table of `install`. */
export const installSpec = commandSpec({
  name: 'install',
  usage: 'install NAME... [options]',
  description: `On an rpm-ostree host: finds what the base was built from and gives rpm-ostree exactly the repo
that layering NAME needs, then runs 'rpm-ostree install NAME...':
  - the base's compose is retained: a snapshot .repo, removed again after the install;
  - it is pruned and known from --index, or rebuilt from Koji's tag history (--koji), with
    every build in a durable source: the durable stanzas (only what layering NAME needs),
    removed again after the install;
  - otherwise (pruned, pool-built, an image base, builds only Koji keeps): 'fetch --host' of the
    NAMEs, whose repo stays (rpm-ostree needs it at every upgrade; 'fetch-prune' removes it).
On any failure (match, fetch, rpm-ostree's exit code, SIGINT/SIGTERM) the repo directory is left
exactly as it was; a run killed outright leaves a journal the next run or 'fetch-prune' cleans.

The base is the running system ('rpm-ostree status --json' and the host repo /ostree/repo, or
--ostree-repo DIR), unless a base source is given.`,
  operands: [{ name: 'NAME...', description: 'the packages to layer (kernel-devel-matched)' }],
  groups: [
    { title: 'Base source (default: the running system)', options: baseSourceOptions },
    {
      title: 'Options',
      options: [
        rootOption('repo-dir', 'DIR', 'where .repo files go (default /etc/yum.repos.d)'),
        rootOption(
          'dest',
          'DIR',
          'fetch: where the host repo goes (default /var/lib/compose-match/<commit>/)',
        ),
        indexOption,
        composeRootOption,
        releaseRootOption,
        archiveRootOption,
        updatesRootOption,
        poolRootOption,
        rootOption('koji-root', 'URL|DIR', 'fetch: Koji packages/'),
        ...kojiOptions,
        {
          name: 'skip',
          type: 'string',
          arg: 'LIST',
          description: 'fetch: leave out sources (compose,updates,ga,pool,archive,koji)',
        },
        {
          name: 'allow-unsigned',
          type: 'boolean',
          description: 'fetch: use a Koji copy with no signature header',
        },
        { name: 'arch', type: 'string', arg: 'A', description: "base arch (default: the base's)" },
        {
          name: 'release',
          type: 'string',
          arg: 'N',
          description: 'Fedora release (default: from the version or the packages)',
        },
        { name: 'apply-live', type: 'boolean', description: 'passed to rpm-ostree install' },
        { name: 'reboot', type: 'boolean', description: 'passed to rpm-ostree install' },
        { name: 'idempotent', type: 'boolean', description: 'passed to rpm-ostree install' },
        {
          name: 'dry-run',
          type: 'boolean',
          description: 'print the decision, the files and the command; write nothing',
        },
        {
          name: 'yes',
          short: 'y',
          type: 'boolean',
          description: 'do not ask for confirmation (asked only on a terminal)',
        },
        { name: 'no-cache', type: 'boolean', description: 'do not use the on-disk cache' },
        timeoutRow,
      ],
    },
  ],
  notes: `Inside a container build (no /run/ostree-booted and dnf on PATH, or --root /) it runs
'dnf install -y NAME...' instead, with the snapshot or fetched repo given on dnf's command line
(--repofrompath, --setopt) and no file left behind; the base defaults to --root /.

Environment: rpm-ostree and dnf are the ones on PATH; COMPOSE_MATCH_OSTREE_BOOTED names the
file that marks a booted OSTree system (default /run/ostree-booted).

Exit codes: as match and fetch (0 installed; 3 no consistent snapshot and some build is
nowhere; 2 bad usage or input; 1 anything else), and 1 when rpm-ostree fails (its message is
shown) or a signal stopped the install.`,
});

type Values = ReturnType<typeof parseCommandArgs<typeof installSpec>>['values'];

const givenSources = ['status', 'commitmeta', 'pkglist', 'root', 'image'] as const;

/** A signal seen while no child ran: checked between steps, so a rollback runs before exiting. */
function watchSignals(): { seen: () => NodeJS.Signals | null; stop: () => void } {
  let seen: NodeJS.Signals | null = null;
  const onInt = (): void => void (seen ??= 'SIGINT');
  const onTerm = (): void => void (seen ??= 'SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    seen: () => seen,
    stop: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals: names } = parseCommandArgs(installSpec, args);
  if (names.length === 0) throw new UsageError('install needs at least one package NAME');
  checkPackageNames(names);
  checkKojiValues(values);
  const repoDir = resolve(io.cwd, values['repo-dir'] ?? '/etc/yum.repos.d');
  const rpmOstree = findTool('rpm-ostree', io.env['PATH']);
  const dnf = findTool('dnf', io.env['PATH']);
  const booted = bootedMarker(io);
  const rootSlash = values.root !== undefined && resolve(io.cwd, values.root) === '/';
  if (rootSlash || (!existsSync(booted) && dnf !== undefined)) return runInContainer(values, names, io, dnf);
  const signals = watchSignals();
  const dryRun = values['dry-run'] === true;
  const started = dryRun ? null : await InstallTransaction.begin(repoDir);
  const tx = started?.tx ?? null;
  for (const p of started?.recovered ?? [])
    io.stderr.write(`compose-match: removed ${p}, left by an interrupted install\n`);
  const interrupted = (): void => {
    const s = signals.seen();
    if (s !== null)
      throw new InstallError(
        'ERR_INSTALL_INTERRUPTED',
        `Stopped by ${s}; every file this run created was removed`,
      );
  };
  try {
    const { source, statusText } = await hostBaseSource(values, io, rpmOstree);
    interrupted();
    const { base, report } = await matchBase(source, names, values, io);
    interrupted();
    const decision = decideInstall(report);
    io.stderr.write(`compose-match: ${decision.why}\n`);
    if (decision.kind === 'fail') {
      await tx?.rollback();
      return ExitCode.failure;
    }
    const plan = planFiles(decision, base, repoDir, values, io);
    const command = ['rpm-ostree', 'install', ...passThrough(values), ...names];
    if (dryRun) {
      for (const f of plan.files) io.stdout.write(`would write ${f}\n`);
      io.stdout.write(`would run ${command.join(' ')}\n`);
      if (plan.keep.length > 0)
        io.stdout.write(`would keep ${plan.keep.join(' ')} (removed by fetch-prune)\n`);
      return ExitCode.ok;
    }
    if (rpmOstree === undefined)
      throw new InstallError(
        'ERR_INSTALL_TOOL',
        'rpm-ostree is not on PATH: install runs on an rpm-ostree host',
        {
          subject: 'rpm-ostree',
        },
      );
    if (io.stderr.isTTY === true && values.yes !== true && !(await confirm(io, command, plan.files)))
      throw new UsageError('Not confirmed: nothing was installed');
    const created: string[] = [];
    for (const f of plan.files) if (await tx!.plan(f)) created.push(f);
    if (decision.kind === 'fetch') {
      const code = await runFetch(values, source, statusText, names, plan, io);
      interrupted();
      if (code !== ExitCode.ok) {
        await tx!.rollback();
        return code;
      }
    } else {
      if (!created.includes(plan.files[0]!))
        throw new InstallError(
          'ERR_INSTALL_COMMAND',
          `${plan.files[0]} already exists: it is not this run's to replace`,
          {
            subject: plan.files[0],
          },
        );
      await writeFileAtomic(plan.files[0]!, decision.repoText);
      interrupted();
    }
    // On a throw the rollback below removes every file this run created, as the stop message says.
    await runInstall(rpmOstree, command, io, '; every file this run created was removed');
    await tx!.commit(plan.keep);
    io.stderr.write(
      `compose-match: installed ${names.join(' ')}${plan.keep.length > 0 ? `; kept ${plan.keep.join(' ')} for upgrades (fetch-prune removes it)` : '; removed the snapshot .repo'}\n`,
    );
    return ExitCode.ok;
  } catch (error) {
    await tx?.rollback();
    throw error;
  } finally {
    signals.stop();
  }
}

/**
 * Inside a container build: `dnf install -y NAME…` with the repo on dnf's command line, so the
 * image gets no `.repo` (and fetched files stay in a temporary directory removed after).
 */
/** The file that marks a booted OSTree system (`COMPOSE_MATCH_OSTREE_BOOTED` for tests). */
function bootedMarker(io: CliIo): string {
  return io.env['COMPOSE_MATCH_OSTREE_BOOTED'] ?? '/run/ostree-booted';
}

async function runInContainer(
  values: Values,
  names: readonly string[],
  io: CliIo,
  dnf: string | undefined,
): Promise<number> {
  const given = givenSources.some((k) => values[k] !== undefined) || values['ostree-repo'] !== undefined;
  const source: BaseSource = given ? await baseSourceFromValues(values, io) : { kind: 'root', dir: '/' };
  // Say why / is the base before reading it: on a machine that is neither a host nor a Fedora
  // build container, the next line is an error about /'s rpm database.
  if (!given && values.root === undefined)
    io.stderr.write(
      `compose-match: no ${bootedMarker(io)} and dnf on PATH: a container build, so the base is the tree at / (give a base source otherwise)\n`,
    );
  const { report } = await matchBase(source, names, values, io);
  const decision = decideInstall(report);
  io.stderr.write(`compose-match: ${decision.why} (container build: dnf, no file left behind)\n`);
  if (decision.kind === 'fail') return ExitCode.failure;
  const dryRun = values['dry-run'] === true;
  let temp: string | null = null;
  try {
    let repoArgs: string[];
    if (decision.kind === 'fetch') {
      temp = dryRun
        ? join(tmpdir(), 'compose-match-install-XXXXXX')
        : await mkdtemp(join(tmpdir(), 'compose-match-install-'));
      const id = 'compose-match-fetched';
      const signed = values['allow-unsigned'] !== true;
      repoArgs = [
        `--repofrompath=${id},${pathToFileURL(temp).href}/`,
        `--setopt=${id}.gpgcheck=${signed ? 1 : 0}`,
        ...(signed ? [`--setopt=${id}.gpgkey=${fedoraGpgKey}`] : []),
      ];
      if (!dryRun) {
        const code = await runFetch(values, source, null, names, { files: [], keep: [], dest: temp }, io);
        if (code !== ExitCode.ok) return code;
      }
    } else repoArgs = dnfRepoArgs(decision.repoText);
    const command = ['dnf', 'install', '-y', ...repoArgs, ...names];
    if (dryRun) {
      io.stdout.write(`would run ${command.join(' ')}\n`);
      return ExitCode.ok;
    }
    if (dnf === undefined)
      throw new InstallError(
        'ERR_INSTALL_TOOL',
        'dnf is not on PATH: a container build needs dnf to install',
        { subject: 'dnf' },
      );
    await runInstall(dnf, command, io);
    io.stderr.write(`compose-match: installed ${names.join(' ')}\n`);
    return ExitCode.ok;
  } finally {
    if (temp !== null && !dryRun) await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Runs `command` (`rpm-ostree install …` or `dnf install …`, its first word the tool's name) with
 * `tool`, its output on the terminal. A stop by SIGINT/SIGTERM is ERR_INSTALL_INTERRUPTED (with
 * `stoppedNote` after the signal), a non-zero exit ERR_INSTALL_COMMAND with its last stderr lines.
 */
async function runInstall(
  tool: string,
  command: readonly string[],
  io: CliIo,
  stoppedNote = '',
): Promise<void> {
  const r = await runTool(tool, command.slice(1), {
    env: io.env,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
  });
  if (r.interrupted !== null)
    throw new InstallError('ERR_INSTALL_INTERRUPTED', `Stopped by ${r.interrupted}${stoppedNote}`);
  if (r.code !== 0) {
    const last = r.stderr.trim().split('\n').slice(-3).join(' / ');
    throw new InstallError(
      'ERR_INSTALL_COMMAND',
      `${command[0]} ${command[1]} failed (${r.code === null ? `killed by ${r.signal}` : `exit ${r.code}`}): ${last}`,
      { subject: command[0] },
    );
  }
}

/** The base source: the options when one is given, else the running system's rpm-ostree status. */
async function hostBaseSource(
  values: Values,
  io: CliIo,
  rpmOstree: string | undefined,
): Promise<{ source: BaseSource; statusText: string | null }> {
  const ostreeAlone =
    values['ostree-repo'] !== undefined && values.ref === undefined && values.commit === undefined;
  if (
    givenSources.some((k) => values[k] !== undefined) ||
    (values['ostree-repo'] !== undefined && !ostreeAlone)
  )
    return { source: await baseSourceFromValues(values, io), statusText: null };
  if (rpmOstree === undefined)
    throw new InstallError(
      'ERR_INSTALL_TOOL',
      'rpm-ostree is not on PATH: give a base source (--status, --ostree-repo … --commit, --root, --image)',
      { subject: 'rpm-ostree' },
    );
  const r = await runTool(rpmOstree, ['status', '--json'], { env: io.env, cwd: io.cwd });
  if (r.code !== 0)
    throw new InstallError(
      'ERR_INSTALL_TOOL',
      `rpm-ostree status --json failed (exit ${r.code}): ${r.stderr.trim()}`,
      {
        subject: 'rpm-ostree status --json',
      },
    );
  const hostRepo = resolve(io.cwd, values['ostree-repo'] ?? '/ostree/repo');
  return {
    source: { kind: 'status', text: r.stdout, ostreeRepo: hostRepo, arch: values.arch },
    statusText: r.stdout,
  };
}

/** What `match` (with `--index` or `--koji`: and `--for NAME…`) answers for the base. */
async function matchBase(
  source: BaseSource,
  names: readonly string[],
  values: Values,
  io: CliIo,
): Promise<{ base: BaseImage; report: MatchReport }> {
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  try {
    return await matchBaseForCli(source, names, values, fetcher, io, {
      koji: kojiHubFromValues(values, fetcher),
    });
  } finally {
    await fetcher.close();
  }
}

/** The files a decision creates (`files`), and those that stay after success (`keep`). */
interface FilePlan {
  files: string[];
  keep: string[];
  /** fetch: the host repo directory and its `.repo`. */
  dest?: string;
  repoFile?: string;
}

function planFiles(
  decision: InstallDecision,
  base: BaseImage,
  repoDir: string,
  values: Values,
  io: CliIo,
): FilePlan {
  if (decision.kind !== 'fetch')
    return { files: [join(repoDir, snapshotRepoFileName(base.commit))], keep: [] };
  if (base.commit === null && values.dest === undefined)
    throw new UsageError('The base names no commit to key the host repo by: give --dest');
  const dest =
    values.dest === undefined ? `/var/lib/compose-match/${base.commit}` : resolve(io.cwd, values.dest);
  const repoFile = join(repoDir, hostRepoFileName(base.commit ?? 'local'));
  return { files: [dest, repoFile], keep: [dest, repoFile], dest, repoFile };
}

/** `fetch --host` for the NAMEs, in-process, with this command's base and roots. */
async function runFetch(
  values: Values,
  source: BaseSource,
  statusText: string | null,
  names: readonly string[],
  plan: FilePlan,
  io: CliIo,
): Promise<number> {
  const args: string[] =
    plan.repoFile === undefined
      ? ['--container', '--dest', plan.dest!]
      : ['--host', '--dest', plan.dest!, '--repo-file', plan.repoFile];
  if (statusText !== null && source.kind === 'status')
    args.push(
      '--status',
      '-',
      ...(source.ostreeRepo === undefined ? [] : ['--ostree-repo', source.ostreeRepo]),
    );
  else
    for (const { name } of baseSourceOptions) {
      const v = (values as Record<string, string | boolean | undefined>)[name];
      if (typeof v === 'string') args.push(`--${name}`, v);
      else if (v === true) args.push(`--${name}`);
    }
  for (const k of [
    'compose-root',
    'release-root',
    'updates-root',
    'pool-root',
    'koji-root',
    'skip',
    'release',
  ] as const)
    if (values[k] !== undefined) args.push(`--${k}`, values[k]);
  if (values['archive-root'] !== undefined)
    // install's --archive-root is match's (<root>fedora/<N>/<arch>/); fetch's is <root><N>/<arch>/.
    args.push('--archive-root', `${optionalLocation(values['archive-root'], io)!}fedora/`);
  if (values['koji-hub'] !== undefined) args.push('--koji-hub', values['koji-hub']);
  else if (values.koji === true) args.push('--koji');
  if (values['allow-unsigned'] === true) args.push('--allow-unsigned');
  if (values['no-cache'] === true) args.push('--no-cache');
  if (values.timeout !== undefined) args.push('--timeout', values.timeout);
  if (statusText === null && values.arch !== undefined && !args.includes('--arch'))
    args.push('--arch', values.arch);
  return fetchCommand.run([...args, ...names], {
    ...io,
    // fetch prints the install command; install runs it instead.
    stdout: { write: () => true },
    stdin: Readable.from(statusText === null ? [] : [Buffer.from(statusText)]),
  });
}

function passThrough(values: Values): string[] {
  return (['apply-live', 'reboot', 'idempotent'] as const)
    .filter((k) => values[k] === true)
    .map((k) => `--${k}`);
}

/** Asks on the terminal; anything but y/yes declines. */
async function confirm(io: CliIo, command: string[], files: string[]): Promise<boolean> {
  io.stderr.write(
    `compose-match: will write ${files.join(', ')} and run ${command.join(' ')}. Proceed? [y/N] `,
  );
  for await (const chunk of io.stdin) {
    const line = (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).split('\n')[0]!;
    return /^\s*y(es)?\s*$/i.test(line);
  }
  return false;
}

/** The `install` command. */
export const installCommand: Command = { spec: installSpec, run };
