/**
 * `--status` with the host repo beside it, for a compose (not image) deployment: the base commit is
 * read from the repo, so the base has its package list, which the status lacks and `fetch` needs.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { isComposeMatchError } from '../../src/errors.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const statusFile = join(worldRoot, truth.sources.status.file);
const repo = join(worldRoot, truth.ostreeRepo);

test('each deployment of the world status, read with the host repo, has its base commit packages', async (t) => {
  for (const [i, d] of truth.sources.status.deployments.entries()) {
    const want = truth.bases[d.base]!;
    const base = await readBaseImage({ kind: 'status', file: statusFile, deployment: i, ostreeRepo: repo });
    t.is(base.commit, want.commit, d.base);
    t.deepEqual(
      base.packages.map((p) => `${p.name}-${p.version}-${p.release}`).sort(),
      want.packages.map((p) => `${p.name}-${p.version}-${p.release}`).sort(),
      d.base,
    );
    t.deepEqual(
      base.repos.map((r) => r.timestamp),
      want.recordedRepos.map((r) => r.timestamp),
      'timestamps as stored in the commit, not the garbled status numbers',
    );
    t.like(base.source, { kind: 'status', deployment: i });
    t.true(base.notes.some((n) => n.includes('read from the host repo')));
  }
  const alone = await readBaseImage({ kind: 'status', file: statusFile });
  t.deepEqual(alone.packages, [], 'without the host repo the status has no package list');
});

testWithTools({ command: 'ostree' })(
  "a status read against a repo without its commit is a typed error, not another base's packages",
  async (t) => {
    const empty = mkdtempSync(join(tmpdir(), 'status-host-repo-'));
    t.teardown(() => rmSync(empty, { recursive: true, force: true }));
    execFileSync('ostree', ['init', '--mode=archive', `--repo=${empty}`]);
    const error = await t.throwsAsync(
      readBaseImage({ kind: 'status', file: statusFile, deployment: 0, ostreeRepo: empty }),
    );
    t.true(isComposeMatchError(error), String(error));
    t.regex(String(error), /objects|not found|commit/i);
  },
);
