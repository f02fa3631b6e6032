/**
 * The durable roots are options of `match --index`: without `--index` they are a usage error
 * (exit 2) rather than silently ignored, and a root that is not a URL or directory is refused.
 */
import test from 'ava';
import { join } from 'node:path';
import { durableSources } from '../../src/durable/source-urls.js';
import { runCli } from '../helpers/run-cli.js';
import { worldRoot } from '../helpers/world.js';

const base = [
  'match',
  '--ostree-repo',
  join(worldRoot, 'ostree', 'repo'),
  '--ref',
  'fedora/x86_64/coreos/stable',
];

test('--archive-root, --updates-root and --pool-root without --index: exit 2, naming the option', async (t) => {
  for (const o of ['--archive-root', '--updates-root', '--pool-root']) {
    const r = await runCli([...base, o, '/tmp', '--no-cache']);
    t.is(r.code, 2, r.stderr);
    t.true(r.stderr.includes(`${o} is for a snapshot known from a compose index`), r.stderr);
  }
});

test('the source layout, and a root that is not http(s) or file refused as usage', (t) => {
  t.deepEqual(
    durableSources('41', 's390x', 'updates-testing').map((s) => `${s.role} ${s.url}`),
    [
      'updates-archive https://fedoraproject-updates-archive.fedoraproject.org/fedora/41/s390x/',
      'updates-testing https://dl.fedoraproject.org/pub/fedora-secondary/updates/testing/41/Everything/s390x/',
      'updates https://dl.fedoraproject.org/pub/fedora-secondary/updates/41/Everything/s390x/',
    ],
  );
  const e = t.throws(() => durableSources('41', 'x86_64', 'updates', { archiveRoot: 'ftp://example.org/' }));
  t.is((e as { code?: string }).code, 'ERR_DURABLE_ROOT');
  t.is((e as { category?: string }).category, 'usage');
});

test('a pool answer reads the FCOS pool dist-repo last, at --pool-root or kojipkgs', (t) => {
  t.deepEqual(
    durableSources('42', 'aarch64', 'updates', {}, true).map((s) => `${s.role} ${s.url}`),
    [
      'updates-archive https://fedoraproject-updates-archive.fedoraproject.org/fedora/42/aarch64/',
      'updates https://dl.fedoraproject.org/pub/fedora/linux/updates/42/Everything/aarch64/',
      'pool https://kojipkgs.fedoraproject.org/repos-dist/coreos-pool/latest/aarch64/',
    ],
  );
  t.is(
    durableSources('42', 'x86_64', 'updates', { poolRoot: 'file:///srv/pool' }, true)[2]!.url,
    'file:///srv/pool/x86_64/',
  );
  t.false(durableSources('42', 'x86_64', 'updates').some((s) => s.role === 'pool'));
  const e = t.throws(() =>
    durableSources('42', 'x86_64', 'updates', { poolRoot: 'rsync://example.org/' }, true),
  );
  t.is((e as { code?: string }).code, 'ERR_DURABLE_ROOT');
  t.true((e as Error).message.includes('--pool-root'));
});
