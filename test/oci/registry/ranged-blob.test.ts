/**
 * Issue 22 part 7: a commit-bearing image's base is read from a registry with about one 64 KiB range
 * of layer 0, not the ~1 MB that one GET transfers before the reader stops (read-ahead); a
 * registry that ignores ranges still works (200, streamed from the offset reached).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ostreeLayer } from '../../helpers/image-layers.js';
import { buildImage } from '../../helpers/oci-image.js';
import { push, startRegistry, type TestRegistry } from '../../helpers/registry.js';
import { runCli } from '../../helpers/run-cli.js';
import { testWithTools } from '../../helpers/tools.js';
import { loadTruth } from '../../helpers/world.js';

const test = testWithTools({ command: 'umoci' }, { command: 'skopeo' }, { command: 'docker-registry' });
const fcos = loadTruth().bases['fcos-stable']!;
const tmp = mkdtempSync(join(tmpdir(), 'cm-ranged-'));
let registry: TestRegistry;
let reference: string;
const PADDING = 4 * 1024 * 1024;

test.before(async () => {
  registry = await startRegistry();
  // Layer 0 as ostree-ext writes it, then 4 MiB of content that does not compress after the commit.
  const padding = join(tmp, 'padding');
  writeFileSync(padding, randomBytes(PADDING));
  const layer = [
    ...ostreeLayer(fcos.commit, null),
    { path: 'usr/share/padding', type: 'file' as const, src: padding },
  ];
  const layout = buildImage(tmp, 't', [layer], { 'ostree.commit': fcos.commit });
  reference = `docker://${registry.host}/fedora/fedora-coreos:ranged`;
  await push(`oci:${layout}:t`, reference);
});
test.after.always(async () => {
  await registry?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function inspect(): Promise<{ commit: string; bytes: number; ranges: string[] }> {
  const before = registry.bytesServed;
  registry.blobRanges.length = 0;
  const r = await runCli(['inspect', '--image', reference, '--json', '--no-cache']);
  if (r.code !== 0) throw new Error(r.stderr);
  return {
    commit: (JSON.parse(r.stdout) as { commit: string }).commit,
    bytes: registry.bytesServed - before,
    ranges: [...registry.blobRanges],
  };
}

test.serial('the commit is read from the first 64 KiB range of a 4 MiB layer 0', async (t) => {
  const r = await inspect();
  t.is(r.commit, fcos.commit);
  t.deepEqual(r.ranges, ['bytes=0-65535']);
  // Manifest and config are a few KB; the layer's part is the one range.
  t.true(r.bytes <= 128 * 1024, `${r.bytes} bytes`);
});

test.serial('a registry that ignores Range: the same commit, from a 200 read that stops early', async (t) => {
  registry.ignoreRange = true;
  try {
    const r = await inspect();
    t.is(r.commit, fcos.commit);
    // One request: the 200 carried the whole blob, streamed from where the read was (no second range).
    t.deepEqual(r.ranges, ['bytes=0-65535']);
  } finally {
    registry.ignoreRange = false;
  }
});
