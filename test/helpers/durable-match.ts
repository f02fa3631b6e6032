/**
 * `compose-match match … --json` of a world base, in-process, the report parsed with the exported
 * schema: {@link worldMatch} with the roots given, {@link durableMatch} over a {@link DurableWorld}
 * and its index, with the `.repo` written to a file for dnf and libdnf.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MatchReportSchema, type MatchReport } from '../../src/report/match-report.js';
import type { DurableWorld } from './durable-world.js';
import { runCli } from './run-cli.js';
import { worldRoot } from './world.js';

/** The CLI's answer for `ref` (an OSTree ref of the world). */
export interface DurableMatch extends WorldMatch {
  /** The `.repo`, written to `<world dir>/<name>.repo`. */
  repoFile: string;
}

/** What `match --json` answered: its exit code, stderr and the parsed report. */
export interface WorldMatch {
  code: number;
  stderr: string;
  report: MatchReport;
}

/**
 * `compose-match match --ref REF --json --no-cache` on the world's OSTree repo with the given root
 * options, in-process; a run that printed no report throws with its stderr.
 */
export async function worldMatch(
  ref: string,
  roots: readonly string[],
  extra: readonly string[] = [],
): Promise<WorldMatch> {
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--ref',
    ref,
    ...roots,
    '--json',
    '--no-cache',
    ...extra,
  ]);
  if (r.stdout === '') throw new Error(`match printed no report (exit ${r.code}):\n${r.stderr}`);
  return { code: r.code, stderr: r.stderr, report: MatchReportSchema.parse(JSON.parse(r.stdout)) };
}

export async function durableMatch(
  w: DurableWorld,
  ref: string,
  name: string,
  extra: readonly string[] = [],
): Promise<DurableMatch> {
  const m = await worldMatch(
    ref,
    [
      '--index',
      w.index,
      '--compose-root',
      w.composeRoot,
      '--release-root',
      join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
      '--archive-root',
      w.archiveRoot,
      '--updates-root',
      w.updatesRoot,
    ],
    extra,
  );
  const repoFile = join(w.dir, `${name}.repo`);
  writeFileSync(repoFile, m.report.repoFile);
  return { ...m, repoFile };
}
