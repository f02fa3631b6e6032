/**
 * The committed IoT family (fixtures/iot) is exactly what scripts/iot/generate makes: regenerate it
 * with the real tools into a temp directory and compare every file byte for byte, and every symlink.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iotRoot } from '../helpers/iot-family.js';
import { inventory } from '../helpers/tree-inventory.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

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
