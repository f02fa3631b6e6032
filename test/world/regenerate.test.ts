/**
 * The committed world is exactly what the generator makes: regenerate it into a temp directory with
 * the real tools and compare every file, byte for byte, and every symlink target.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventory } from '../helpers/tree-inventory.js';
import { systemPython, testWithTools, worldGeneratorRequirements } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

// ostree creates tmp/ (and a .lock) in a repo it opens: runtime state, not content.
const runtimeState = ['ostree/repo/tmp', 'ostree/repo/.lock'];

testWithTools(...worldGeneratorRequirements)(
  'scripts/world/generate reproduces fixtures/world byte for byte',
  (t) => {
    const out = mkdtempSync(join(tmpdir(), 'world-regen-'));
    try {
      const started = Date.now();
      const r = spawnSync(
        systemPython,
        [join(worldRoot, '../../scripts/world/generate'), join(out, 'world')],
        {
          encoding: 'utf8',
        },
      );
      t.is(r.status, 0, r.stderr);
      t.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const fresh = join(out, 'world');
      const want = inventory(worldRoot, runtimeState);
      const got = inventory(fresh, runtimeState);
      t.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'same files');
      const differing = [...want.entries()]
        .filter(([rel, kind]) =>
          kind === 'file'
            ? !readFileSync(join(worldRoot, rel)).equals(readFileSync(join(fresh, rel)))
            : got.get(rel) !== kind,
        )
        .map(([rel]) => rel);
      t.deepEqual(differing, [], 'same bytes and symlink targets');
      t.true(lstatSync(join(fresh, 'truth.json')).isFile());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);
