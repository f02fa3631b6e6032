/**
 * dnf as the oracle for a base built from an IoT nightly compose: the base is installed by dnf from
 * one compose's IoT repository (a real rpm database), read with `--root`, matched against the
 * family, and the emitted `.repo` alone layers libiot-devel (which requires exactly the base's
 * libiot) with every base package locked, adding only that subpackage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installBase, nevraText } from '../helpers/dnf-oracle.js';
import { composePackages, iotComposeRoot, iotGpgKey, loadIotTruth } from '../helpers/iot-family.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';

const truth = loadIotTruth();
const root = iotComposeRoot(truth);
const withDnf = testWithTools({ command: 'dnf' }, { command: 'rpm' }, { command: 'unshare' });

for (const composeId of [truth.composes[0]!.id, truth.composes[1]!.id]) {
  withDnf.serial(
    `a base installed from ${composeId}: the emitted .repo layers libiot-devel at the base's EVR`,
    async (t) => {
      const all = composePackages(truth, composeId);
      const basePackages = all.filter((p) => p.name !== 'libiot-devel');
      const devel = all.find((p) => p.name === 'libiot-devel')!;
      const repo = `${pathToFileURL(join(root, composeId)).href}/compose/IoT/x86_64/os/`;
      const oracle = await installBase(basePackages, [{ id: 'iot-base', baseurl: repo }], iotGpgKey);
      const dir = mkdtempSync(join(tmpdir(), 'nightly-dnf-'));
      try {
        const r = await runCli(['match', '--root', oracle.root, '--compose-root', root, '--no-cache']);
        t.is(r.code, 0, r.stderr);
        t.regex(r.stdout, new RegExp(`^\\[${composeId.replaceAll('.', '\\.')}\\]$`, 'm'));
        const file = join(dir, 'snapshot.repo');
        writeFileSync(file, r.stdout);
        const attempt = await oracle.tryInstall(['libiot-devel'], [file]);
        t.true(attempt.ok, attempt.stderr);
        t.deepEqual(attempt.added, [nevraText(devel)]);
        t.deepEqual(attempt.changedBase, []);
      } finally {
        oracle.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
