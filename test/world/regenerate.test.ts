/**
 * The committed world is exactly what the generator makes: regenerate it into a temp directory with
 * the real tools and compare every file, byte for byte, and every symlink target.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { systemPython, testWithTools, worldGeneratorRequirements } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

/** Files and symlinks under `root` (directories are implied; git keeps no empty ones). */
function inventory(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = relative(root, path);
      // ostree creates tmp/ (and a .lock) in a repo it opens: runtime state, not content.
      if (rel === 'ostree/repo/tmp' || rel === 'ostree/repo/.lock') continue;
      if (e.isSymbolicLink()) out.set(rel, `symlink -> ${readlinkSync(path)}`);
      else if (e.isDirectory()) walk(path);
      else out.set(rel, 'file');
    }
  };
  walk(root);
  return out;
}

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
      const want = inventory(worldRoot);
      const got = inventory(fresh);
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
