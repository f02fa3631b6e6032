/**
 * `compose-match match --index … --json` of a world base over a {@link DurableWorld}, in-process:
 * the report parsed with the exported schema and the `.repo` written to a file for dnf and libdnf.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MatchReportSchema, type MatchReport } from '../../src/report/match-report.js';
import type { DurableWorld } from './durable-world.js';
import { runCli } from './run-cli.js';
import { worldRoot } from './world.js';

/** The CLI's answer for `ref` (an OSTree ref of the world). */
export interface DurableMatch {
  code: number;
  stderr: string;
  report: MatchReport;
  /** The `.repo`, written to `<world dir>/<name>.repo`. */
  repoFile: string;
}

export async function durableMatch(
  w: DurableWorld,
  ref: string,
  name: string,
  extra: readonly string[] = [],
): Promise<DurableMatch> {
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--ref',
    ref,
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
    '--json',
    '--no-cache',
    ...extra,
  ]);
  if (r.stdout === '') throw new Error(`match printed no report (exit ${r.code}):\n${r.stderr}`);
  const report = MatchReportSchema.parse(JSON.parse(r.stdout));
  const repoFile = join(w.dir, `${name}.repo`);
  writeFileSync(repoFile, report.repoFile);
  return { code: r.code, stderr: r.stderr, report, repoFile };
}
