/**
 * The committed OSTree repo is usable by the real `ostree` CLI straight from a `git clone`: git
 * keeps no empty directories, and ostree cannot list refs without `refs/remotes` and `refs/mirrors`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const withTools = testWithTools({ command: 'ostree' }, { command: 'git' });

withTools('ostree fsck, refs and log pass on fixtures/world/ostree/repo of a fresh git clone', (t) => {
  const project = join(worldRoot, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'cm-clone-'));
  try {
    const clone = join(dir, 'project');
    // What is committed (HEAD), as a user or CI gets it.
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', project, clone], { stdio: 'pipe' });
    const repo = `--repo=${join(clone, 'fixtures', 'world', 'ostree', 'repo')}`;
    const fsck = execFileSync('ostree', ['fsck', repo], { encoding: 'utf8', stdio: 'pipe' });
    t.regex(fsck, /no errors found/);
    const refs = execFileSync('ostree', ['refs', repo], { encoding: 'utf8' }).split('\n').filter(Boolean);
    t.true(refs.includes('fedora/x86_64/coreos/stable'), refs.join(', '));
    const log = execFileSync('ostree', ['log', repo, 'fedora/x86_64/coreos/stable'], { encoding: 'utf8' });
    t.regex(log, /^commit [0-9a-f]{64}/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
