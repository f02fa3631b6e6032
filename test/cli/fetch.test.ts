import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSignature } from '../helpers/rpm-build.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { fetchWorld, pkglistBase, rootBase } from './fetch-trees.js';

const test = testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'createrepo_c' },
  { command: 'gpg' },
);

const dest = () => mkdtempSync(join(tmpdir(), 'cm-dest-'));
const rpmsIn = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.rpm'))
    .sort();

async function fetch(base: string[], names: string[], extra: string[] = []) {
  const w = fetchWorld();
  const dir = dest();
  const r = await runCli(['fetch', ...base, ...names, ...w.roots, '--container', '--dest', dir, ...extra]);
  return { ...r, dir };
}

test('pool-only base: the exact kernel-devel-matched and kernel-devel from the pool, signed', async (t) => {
  const w = fetchWorld();
  const r = await fetch(['--pkglist', pkglistBase('pool')], ['kernel-devel-matched']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(rpmsIn(r.dir), [
    'kernel-devel-6.11.4-301.fc41.noarch.rpm',
    'kernel-devel-matched-6.11.4-301.fc41.noarch.rpm',
  ]);
  t.is(r.stdout, `dnf install ${r.dir}/*.rpm\n`);
  t.regex(
    r.stderr,
    /kernel-devel-matched-6\.11\.4-301\.fc41\.noarch for kernel-devel-matched \(base kernel-6\.11\.4-301\.fc41\.noarch\): from coreos-pool/,
  );
  t.regex(
    r.stderr,
    /kernel-devel-6\.11\.4-301\.fc41\.noarch pinned by kernel-devel-matched-6\.11\.4-301\.fc41\.noarch \(kernel-devel = 6\.11\.4-301\.fc41\): from coreos-pool/,
  );
  for (const f of rpmsIn(r.dir)) t.is(checkSignature(join(r.dir, f), w.key).status, 0, f);
  t.true(readdirSync(join(r.dir, 'repodata')).includes('repomd.xml'));
});

test('archive-only base: from the updates-archive, after the pool answered absent', async (t) => {
  const r = await fetch(['--pkglist', pkglistBase('archive'), '--json'], ['kernel-devel-matched']);
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    outcome: string;
    builds: {
      located: { source: { kind: string } };
      answers: { source: { kind: string }; status: string }[];
    }[];
  };
  t.is(out.outcome, 'complete');
  t.deepEqual(
    out.builds.map((b) => b.located.source.kind),
    ['archive', 'archive'],
  );
  t.deepEqual(
    out.builds[0]!.answers.map((a) => `${a.source.kind}:${a.status}`),
    ['updates:absent', 'ga:absent', 'pool:absent', 'archive:found'],
  );
});

test('Koji-only base (rpmdb with SOURCERPM): signed bytes rebuilt from sigcache pass rpm -K', async (t) => {
  const w = fetchWorld();
  const r = await fetch(['--root', rootBase('kojiSigned')], ['kernel-devel-matched']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(rpmsIn(r.dir), [
    'kernel-devel-6.11.2-300.fc41.noarch.rpm',
    'kernel-devel-matched-6.11.2-300.fc41.noarch.rpm',
  ]);
  for (const f of rpmsIn(r.dir)) {
    const check = checkSignature(join(r.dir, f), w.key);
    t.is(check.status, 0, check.output);
    t.regex(check.output, /Header V4 RSA\/SHA\d+ Signature, key ID [0-9a-f]+: OK/);
  }
  t.regex(r.stderr, /from koji\n/);
});

test('a build with no signature header exits 3 naming it and --allow-unsigned; with the flag it is fetched', async (t) => {
  const refused = await fetch(['--root', rootBase('kojiUnsigned')], ['kernel-devel-matched']);
  t.is(refused.code, 3, refused.stderr);
  t.deepEqual(rpmsIn(refused.dir), []);
  t.regex(
    refused.stderr,
    /kernel-devel-matched-6\.11\.1-300\.fc41\.noarch .*only Koji's unsigned copy exists .*pass --allow-unsigned/,
  );
  t.is(refused.stdout, '');
  const allowed = await fetch(
    ['--root', rootBase('kojiUnsigned')],
    ['kernel-devel-matched'],
    ['--allow-unsigned'],
  );
  t.is(allowed.code, 0, allowed.stderr);
  t.is(rpmsIn(allowed.dir).length, 2);
  t.regex(allowed.stderr, /UNSIGNED \(gpgcheck cannot pass\)/);
});

test('a failing source before the holder does not change the result; nowhere plus a failure exits 1', async (t) => {
  const w = fetchWorld();
  // A pool root whose <arch>/ repo does not exist: the pool cannot answer.
  const broken = mkdtempSync(join(tmpdir(), 'cm-broken-'));
  const ok = await fetch(
    ['--pkglist', pkglistBase('archive')],
    ['kernel-devel-matched'],
    ['--pool-root', broken],
  );
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stderr, /source failed: coreos-pool/);
  // The 6.11.1 build is nowhere signed and Koji is left out: missing, and the pool failed.
  const missing = await fetch(
    ['--root', rootBase('kojiUnsigned')],
    ['kernel-devel-matched'],
    ['--pool-root', broken, '--skip', 'compose,koji'],
  );
  t.is(missing.code, 1, missing.stderr);
  t.regex(
    missing.stderr,
    /nowhere\. Tried: updates absent, fedora absent, coreos-pool failed \([A-Z_]+\), updates-archive absent/,
  );
  const answered = await fetch(
    ['--root', rootBase('kojiUnsigned')],
    ['kernel-devel-matched'],
    ['--skip', 'compose,koji'],
  );
  t.is(answered.code, 3, answered.stderr);
  void w;
});

test('host mode: a persistent repo and a .repo for it, installed by name', async (t) => {
  const w = fetchWorld();
  const dir = dest();
  const repoFile = join(dest(), 'compose-match.repo');
  const r = await runCli([
    'fetch',
    '--pkglist',
    pkglistBase('pool'),
    'kernel-devel-matched',
    ...w.roots,
    '--host',
    '--dest',
    dir,
    '--repo-file',
    repoFile,
  ]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'rpm-ostree install kernel-devel-matched\n');
  const text = readFileSync(repoFile, 'utf8');
  t.regex(text, new RegExp(`^baseurl=file://${dir}/$`, 'm'));
  t.regex(text, /^gpgcheck=1$/m);
  t.notRegex(r.stdout, /\.rpm/);
});

test('bad input exits 2: a name no source lists, a family the base lacks, no names', async (t) => {
  const unknown = await fetch(['--pkglist', pkglistBase('pool')], ['nosuch-devel']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /No source lists a package named 'nosuch-devel'.*\[ERR_FETCH_UNKNOWN_PACKAGE\]/);
  const none = await runCli(['fetch', '--pkglist', pkglistBase('pool')]);
  t.is(none.code, 2);
  t.regex(none.stderr, /at least one package NAME/);
  const skip = await fetch(['--pkglist', pkglistBase('pool')], ['kernel-devel'], ['--skip', 'pool,nope']);
  t.is(skip.code, 2);
  t.regex(skip.stderr, /--skip takes/);
});
