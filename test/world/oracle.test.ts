/**
 * The problem, shown on the world by dnf acting as rpm-ostree's base lock: the exact-EVR subpackage
 * cannot be layered from the latest compose, but can from the compose the base was built from, and
 * then no base package changes. Repos are reached over file://, the Node world server and real Apache.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer } from '../../scripts/world-server.js';
import { startApache } from '../helpers/apache.js';
import { installBase, worldGpgKey, writeRepoFile, type OracleBase } from '../helpers/dnf-oracle.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, osRepoUrl, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const withDnf = testWithTools({ command: 'dnf' }, { command: 'rpm' });

let oracle: OracleBase | undefined;
let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'world-oracle-'));
});
test.after.always(() => {
  oracle?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function baseOracle(): Promise<OracleBase> {
  oracle ??= await installBase(base.packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
    { id: 'updates', baseurl: osRepoUrl(worldRoot, compose(ownCompose(base))) },
  ]);
  return oracle;
}

function repoFile(name: string, updatesUrl: string, fedoraUrl = osRepoUrl(worldRoot, truth.ga)): string {
  return writeRepoFile(join(dir, `${name}.repo`), [
    { id: 'fedora', baseurl: fedoraUrl },
    { id: 'updates', baseurl: updatesUrl },
  ]);
}

withDnf.serial('the base installs exactly its recorded package set', async (t) => {
  const o = await baseOracle();
  t.deepEqual(
    o.installed,
    base.packages
      .map((p) => `${p.name}-${p.epoch !== null ? `${p.epoch}:` : ''}${p.version}-${p.release}.${p.arch}`)
      .sort(),
  );
});

withDnf.serial('layering the exact-EVR subpackage from the latest compose fails', async (t) => {
  const latest = repoFile('latest', osRepoUrl(worldRoot, compose(scenario.failsWith)));
  const r = await (await baseOracle()).tryInstall([scenario.package], [latest]);
  t.false(r.ok, r.stdout);
  // The newest -devel needs the newest gnutls, which the base lock (excludepkgs) keeps out.
  const newest = compose(scenario.failsWith).packages.find((p) => p.name === 'gnutls')!;
  t.true(r.stderr.includes(`requires gnutls(x86-64) = ${newest.version}-${newest.release}`), r.stderr);
  t.regex(r.stderr, /gnutls-\S+ is filtered out by exclude filtering/);
  t.deepEqual(r.added, []);
  t.deepEqual(r.changedBase, []);
});

withDnf.serial("layering it from the base's own compose succeeds and changes no base package", async (t) => {
  const own = repoFile('own', osRepoUrl(worldRoot, compose(scenario.succeedsWith)));
  const r = await (await baseOracle()).tryInstall([scenario.package], [own]);
  t.true(r.ok, r.stderr);
  const gnutls = base.packages.find((p) => p.name === 'gnutls')!;
  t.deepEqual(r.added, [`${scenario.package}-${gnutls.version}-${gnutls.release}.${gnutls.arch}`]);
  t.deepEqual(r.removed, []);
  t.deepEqual(r.changedBase, []);
});

withDnf.serial('an unversioned dependant layers from the latest compose', async (t) => {
  const latest = repoFile('latest2', osRepoUrl(worldRoot, compose(scenario.failsWith)));
  const r = await (await baseOracle()).tryInstall(['wget2'], [latest]);
  t.true(r.ok, r.stderr);
  t.deepEqual(r.changedBase, []);
});

withDnf.serial(
  'the same holds with repos served by the Node world server (koji-tag symlink too)',
  async (t) => {
    const server = await startWorldServer();
    try {
      const url = (c: { path: string }) => `${server.url}${c.path}compose/Everything/x86_64/os/`;
      const fedora = url(truth.ga);
      const viaTag = repoFile(
        'tag',
        `${server.url}compose/updates/f32-updates/compose/Everything/x86_64/os/`,
        fedora,
      );
      t.false((await (await baseOracle()).tryInstall([scenario.package], [viaTag])).ok);
      const own = repoFile('own-http', url(compose(scenario.succeedsWith)), fedora);
      const r = await (await baseOracle()).tryInstall([scenario.package], [own]);
      t.true(r.ok, r.stderr);
      t.deepEqual(r.changedBase, []);
    } finally {
      await server.close();
    }
  },
);

testWithTools({ command: 'dnf' }, { command: 'apache2' }).serial(
  'and with repos served by a real Apache',
  async (t) => {
    const apache = await startApache({ root: join(worldRoot, 'kojipkgs') });
    try {
      const url = (c: { path: string }) => `${apache.url}${c.path}compose/Everything/x86_64/os/`;
      const own = repoFile('own-apache', url(compose(scenario.succeedsWith)), url(truth.ga));
      const r = await (await baseOracle()).tryInstall([scenario.package], [own]);
      t.true(r.ok, r.stderr);
      const latest = repoFile('latest-apache', url(compose(scenario.failsWith)), url(truth.ga));
      t.false((await (await baseOracle()).tryInstall([scenario.package], [latest])).ok);
    } finally {
      await apache.close();
    }
  },
);

testWithTools({ command: 'dnf' }, { command: 'rpmsign' }, { command: 'createrepo_c' }).serial(
  'gpgcheck is on: the world key verifies the compose, and the same build unsigned is refused',
  async (t) => {
    const ownDir = osRepoUrl(worldRoot, compose(scenario.succeedsWith)).slice('file://'.length);
    const gnutls = base.packages.find((p) => p.name === 'gnutls')!;
    const file = `${scenario.package}-${gnutls.version}-${gnutls.release}.${gnutls.arch}.rpm`;
    const signed = join(ownDir, 'Packages', file[0]!, file);
    const db = mkdtempSync(join(dir, 'rpmdb-'));
    execFileSync('rpm', ['--dbpath', db, '--import', worldGpgKey]);
    t.regex(execFileSync('rpm', ['--dbpath', db, '-K', signed], { encoding: 'utf8' }), /signatures OK/);

    const unsigned = join(dir, 'unsigned-repo');
    mkdirSync(unsigned);
    for (const f of readdirSync(join(ownDir, 'Packages'), { recursive: true, withFileTypes: true })) {
      if (f.isFile()) copyFileSync(join(f.parentPath, f.name), join(unsigned, f.name));
    }
    execFileSync('rpmsign', ['--delsign', join(unsigned, file)], { stdio: 'ignore' });
    execFileSync('createrepo_c', ['--quiet', unsigned]);
    const r = await (
      await baseOracle()
    ).tryInstall([scenario.package], [repoFile('unsigned', `file://${unsigned}/`)]);
    t.false(r.ok, r.stdout);
    t.regex(r.stdout + r.stderr, new RegExp(`Package ${file} is not signed`));
    t.regex(r.stderr, /GPG check FAILED/);
    t.deepEqual(r.added, []);
  },
);
