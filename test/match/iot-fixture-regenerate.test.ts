/**
 * The committed IoT family (fixtures/iot) is exactly what scripts/iot/generate makes: regenerate it
 * with the real tools into a temp directory and compare every file byte for byte, and every symlink.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { iotRoot } from '../helpers/iot-family.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

function inventory(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = relative(root, path);
      if (e.isSymbolicLink()) out.set(rel, `symlink -> ${readlinkSync(path)}`);
      else if (e.isDirectory()) walk(path);
      else out.set(rel, 'file');
    }
  };
  walk(root);
  return out;
}

testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { command: 'gpgconf' },
  { command: 'createrepo_c' },
)('scripts/iot/generate reproduces fixtures/iot byte for byte', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'iot-regen-'));
  try {
    const fresh = join(out, 'iot');
    const r = spawnSync(systemPython, [join(iotRoot, '../../scripts/iot/generate'), fresh], {
      encoding: 'utf8',
    });
    t.is(r.status, 0, r.stderr);
    const want = inventory(iotRoot);
    const got = inventory(fresh);
    t.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'same files');
    const differing = [...want.entries()]
      .filter(([rel, kind]) =>
        kind === 'file'
          ? lstatSync(join(fresh, rel), { throwIfNoEntry: false }) === undefined ||
            !readFileSync(join(iotRoot, rel)).equals(readFileSync(join(fresh, rel)))
          : got.get(rel) !== kind,
      )
      .map(([rel]) => rel);
    t.deepEqual(differing, []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
