import test from 'ava';
import { pathToFileURL } from 'node:url';
import { BaseImageError } from '../../src/base/errors.js';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { makeOstreeFixture, type FixtureCommit, type OstreeFixture } from '../helpers/ostree-fixture.js';
import { garbled, statusJson } from '../helpers/status-json.js';
import { testWithTools } from '../helpers/tools.js';

const withOstree = testWithTools({ command: 'ostree' }, { python: 'gi' });
let fixture: OstreeFixture | undefined;
const getFixture = () => (fixture ??= makeOstreeFixture());

function expectedPackages(c: FixtureCommit) {
  return c.packages.map(([name, epoch, version, release, arch]) => ({
    name,
    epoch: epoch === '0' ? null : Number(epoch),
    version,
    release,
    arch,
  }));
}

withOstree('ostree compose commit: big-endian repos repaired, packages, arch, time', async (t) => {
  const f = getFixture();
  const base = await readBaseImage({ kind: 'ostree', repo: f.path, ref: f.compose.ref });
  t.is(base.commit, f.compose.checksum);
  t.is(base.version, f.compose.version);
  t.is(base.arch, 'x86_64');
  t.is(base.commitTime, f.compose.timestamp);
  t.deepEqual(
    base.repos,
    f.compose.repos.map((r) => ({ ...r, swapped: true })),
  );
  t.deepEqual(base.packages, expectedPackages(f.compose));
  t.true(base.notes.some((n) => n.includes('big-endian')));
});

withOstree('repos only in detached metadata; arch from packages; file:// URL and commit', async (t) => {
  const f = getFixture();
  const base = await readBaseImage({
    kind: 'ostree',
    repo: pathToFileURL(f.path).href,
    commit: f.detached.checksum,
  });
  t.deepEqual(
    base.repos,
    f.detached.repos.map((r) => ({ ...r, swapped: true })),
  );
  t.is(base.arch, 'x86_64');
  t.true(base.notes.some((n) => n.includes('detached')));
});

withOstree('a client-layered commit is read through its base commit', async (t) => {
  const f = getFixture();
  const base = await readBaseImage({ kind: 'ostree', repo: f.path, ref: f.layered.ref });
  t.is(base.commit, f.compose.checksum);
  t.deepEqual(base.packages, expectedPackages(f.compose));
  t.true(base.notes.some((n) => n.includes('client layer')));
});

withOstree('bare-user repo (a host /ostree/repo)', async (t) => {
  const f = getFixture();
  const base = await readBaseImage({ kind: 'ostree', repo: f.bare.path, commit: f.bare.checksum });
  t.deepEqual(
    base.repos.map((r) => r.timestamp),
    f.compose.repos.map((r) => r.timestamp),
  );
});

const layeredStatus = statusJson([
  {
    checksum: 'e'.repeat(64),
    baseChecksum: 'b'.repeat(64),
    version: '32.20200803.3.0',
    timestamp: 1597047333,
    baseTimestamp: 1596424797,
    booted: true,
    basearch: 'x86_64',
    origin: 'fedora:fedora/x86_64/coreos/stable',
    baseRepos: [
      { id: 'fedora', timestamp: 1586941951 },
      { id: 'updates', timestamp: 1596419397 },
    ],
    layeredRepos: [
      { id: 'fedora', timestamp: 1586941951 },
      { id: 'updates', timestamp: 1596937995 },
    ],
    packages: ['wget2'],
  },
  {
    checksum: 'a'.repeat(64),
    version: '32.20200730.2.0',
    timestamp: 1596079325,
    booted: false,
    origin: 'fedora:fedora/aarch64/coreos/testing',
    baseRepos: [
      { id: 'fedora', timestamp: 1586941951 },
      { id: 'updates', timestamp: 1596073925 },
    ],
  },
]);

test('status JSON: booted layered deployment gives the base commit and true timestamps', async (t) => {
  t.true(layeredStatus.includes(garbled(1596419397)));
  const base = await readBaseImage({ kind: 'status', text: layeredStatus });
  t.is(base.source.deployment, 0);
  t.is(base.commit, 'b'.repeat(64));
  t.is(base.commitTime, 1596424797);
  t.deepEqual(base.repos, [
    { id: 'fedora', timestamp: 1586941951, swapped: true },
    { id: 'updates', timestamp: 1596419397, swapped: true },
  ]);
  t.true(base.notes.some((n) => n.includes('client-layered (wget2)')));
  t.true(base.notes.some((n) => n.includes('byte-swapped')));
});

test('status JSON: the byte-swap note quotes the digits the file has, not their double', async (t) => {
  const digits = garbled(1596419397);
  // The digits round in a double: quoting the parsed number would print others.
  t.not(String(Number(digits)), digits);
  const base = await readBaseImage({ kind: 'status', text: layeredStatus });
  t.true(
    base.notes.some(
      (n) => n === `repo updates: timestamp ${digits} was byte-swapped; repaired to 1596419397`,
    ),
    base.notes.join('\n'),
  );
});

test('status JSON: deployment by index; arch from the origin', async (t) => {
  const base = await readBaseImage({ kind: 'status', text: layeredStatus, deployment: 1 });
  t.is(base.commit, 'a'.repeat(64));
  t.is(base.arch, 'aarch64');
  t.is(base.commitTime, 1596079325);
  t.deepEqual(
    base.repos.map((r) => r.timestamp),
    [1586941951, 1596073925],
  );
  const missing = await t.throwsAsync(readBaseImage({ kind: 'status', text: layeredStatus, deployment: 5 }), {
    instanceOf: BaseImageError,
  });
  t.is(missing?.code, 'ERR_BASE_NO_DEPLOYMENT');
});

test('status JSON: a container-image deployment without the host repo asks for --ostree-repo', async (t) => {
  const text = statusJson([
    {
      checksum: 'c'.repeat(64),
      version: '40.20240517.3.0',
      timestamp: 1715900000,
      booted: true,
      origin: 'ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable',
      baseRepos: [],
      containerImage: 'ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable',
    },
  ]);
  const error = await t.throwsAsync(readBaseImage({ kind: 'status', text }), { instanceOf: BaseImageError });
  t.is(error?.code, 'ERR_BASE_NEEDS_OSTREE_REPO');
  t.regex(error?.message ?? '', /--ostree-repo \/ostree\/repo/);
  const bad = await t.throwsAsync(readBaseImage({ kind: 'status', text: '{"deployments": 3' }), {
    instanceOf: BaseImageError,
  });
  t.is(bad?.code, 'ERR_BASE_BAD_JSON');
});

test('commitmeta.json: garbled and correct timestamps, pkglist rows', async (t) => {
  const text = `{
  "version": "32.20200803.3.0",
  "coreos-assembler.basearch": "x86_64",
  "rpmostree.rpmmd-repos": [
    {"id": "fedora", "timestamp": 1586941951},
    {"id": "updates", "timestamp": ${BigInt.asUintN(64, BigInt(garbled(1596419397)))}}
  ],
  "rpmostree.rpmdb.pkglist": [["bash", "0", "5.0.11", "2.fc32", "x86_64"], ["nano", "1", "4.8", "1.fc32", "x86_64"]]
}`;
  const base = await readBaseImage({ kind: 'commitmeta', text });
  t.deepEqual(base.repos, [
    { id: 'fedora', timestamp: 1586941951, swapped: false },
    { id: 'updates', timestamp: 1596419397, swapped: true },
  ]);
  t.deepEqual(base.packages, [
    { name: 'bash', epoch: null, version: '5.0.11', release: '2.fc32', arch: 'x86_64' },
    { name: 'nano', epoch: 1, version: '4.8', release: '1.fc32', arch: 'x86_64' },
  ]);
  t.is(base.commitTime, null);
});

test('pkglist: rpm -qa lines, epochs, gpg-pubkey skipped, sorted, arch by majority', async (t) => {
  const text = [
    'toolbox-0.0.99^20200801.git3b8e1f2-1.fc32.x86_64',
    'nano-1:4.8-1.fc32.x86_64',
    'gpg-pubkey-12c944d0-5d5156ab',
    '',
    'setup-2.13.6-2.fc32.noarch',
    'bash-5.0.11-2.fc32.x86_64',
    'kernel-5.8.1-200.fc32.x86_64',
    'kernel-5.7.9-200.fc32.x86_64',
  ].join('\n');
  const base = await readBaseImage({ kind: 'pkglist', text });
  t.deepEqual(
    base.packages.map(
      (p) => `${p.name}-${p.epoch === null ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`,
    ),
    [
      'bash-5.0.11-2.fc32.x86_64',
      'kernel-5.7.9-200.fc32.x86_64',
      'kernel-5.8.1-200.fc32.x86_64',
      'nano-1:4.8-1.fc32.x86_64',
      'setup-2.13.6-2.fc32.noarch',
      'toolbox-0.0.99^20200801.git3b8e1f2-1.fc32.x86_64',
    ],
  );
  t.is(base.arch, 'x86_64');
  const bad = await t.throwsAsync(readBaseImage({ kind: 'pkglist', text: 'not a package\n' }), {
    instanceOf: BaseImageError,
  });
  t.is(bad?.code, 'ERR_BASE_BAD_PKGLIST');
});

test('status JSON with no usable repos: the error names the base commit to read instead', async (t) => {
  const checksum = 'd'.repeat(64);
  const text = statusJson([
    {
      checksum,
      version: '32.20200807.3.0',
      timestamp: 1596800000,
      booted: true,
      origin: 'fedora:fedora/x86_64/coreos/stable',
      baseRepos: [],
    },
  ]);
  const error = await t.throwsAsync(readBaseImage({ kind: 'status', text }), { instanceOf: BaseImageError });
  t.is(error?.code, 'ERR_BASE_NO_DATA');
  t.true(error?.message.includes(`--ostree-repo /ostree/repo --commit ${checksum} `), error?.message);
});

test('status JSON, image deployment, partial: the image reference and version without the repo', async (t) => {
  const text = statusJson([
    {
      checksum: 'c'.repeat(64),
      version: '40.20240517.3.0',
      timestamp: 1715900000,
      booted: true,
      origin: 'ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable',
      baseRepos: [],
      containerImage: 'ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable',
    },
  ]);
  const base = await readBaseImage({ kind: 'status', text }, { partial: true });
  t.is(base.version, '40.20240517.3.0');
  t.is(base.image?.reference, 'ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable');
  t.deepEqual([base.commit, base.repos, base.packages], [null, [], []]);
  t.true(base.notes.some((n) => n.includes('--ostree-repo /ostree/repo')));
});
