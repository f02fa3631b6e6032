import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLocalRepo } from '../../../src/fetch/local-repo/write-local-repo.js';
import { RpmHeaderError } from '../../../src/rpmfile/errors.js';
import { buildRpms } from '../../helpers/rpm-build.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { systemPython, testWithTools } from '../../helpers/tools.js';
import { buildRichRpm } from './rich-rpm.js';

const crTest = testWithTools(
  { command: 'rpmbuild' },
  { command: 'createrepo_c' },
  { python: 'createrepo_c' },
);

/** What createrepo_c's binding reads from each primary file. */
function crRead(...primaries: string[]): unknown[][] {
  const script = join(repoRoot, 'test/fetch/local-repo/cr-dump.py');
  return JSON.parse(
    execFileSync(systemPython, [script, ...primaries], { encoding: 'utf8', maxBuffer: 1 << 26 }),
  ) as unknown[][];
}

/** Path of the primary createrepo_c (or we) listed in repomd.xml of `dir`. */
function primaryOf(dir: string): string {
  const repomd = readFileSync(join(dir, 'repodata/repomd.xml'), 'utf8');
  const href = /<data type="primary">[\s\S]*?<location href="([^"]+)"/.exec(repomd)?.[1];
  if (href === undefined) throw new Error(`no primary in ${dir}`);
  return join(dir, href);
}

/** Hard-links every file of `from` into a fresh directory (same bytes, same mtime). */
function linkedCopy(from: string): string {
  const to = mkdtempSync(join(tmpdir(), 'cm-cr-'));
  for (const name of readdirSync(from)) if (name.endsWith('.rpm')) linkSync(join(from, name), join(to, name));
  return to;
}

crTest(
  'createrepo_c reads our primary.xml exactly as its own, for a rich RPM and every world RPM',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'cm-local-'));
    copyFileSync(buildRichRpm(), join(dir, 'rich-1.2.3-4.fc41.noarch.rpm'));
    const world = join(repoRoot, 'fixtures/world');
    const rpms = execFileSync('find', [world, '-name', '*.rpm'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '');
    for (const rpm of rpms) copyFileSync(rpm, join(dir, rpm.split('/').pop()!));
    const theirs = linkedCopy(dir);
    const repo = await writeLocalRepo(dir);
    execFileSync('createrepo_c', ['--quiet', '--no-database', '--simple-md-filenames', theirs]);
    const [ours, reference] = crRead(repo.primary, primaryOf(theirs));
    t.is(ours!.length, readdirSync(dir).filter((n) => n.endsWith('.rpm')).length);
    t.true(ours!.length > 30, 'the world and the rich RPM are all listed');
    t.deepEqual(ours, reference);
  },
);

crTest('rewriting replaces the primary, and repomd.xml names only the new one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-local-'));
  const rpms = buildRpms({
    name: 'one',
    version: '1',
    release: '1',
    packages: [{ name: 'one' }, { name: 'two' }],
  });
  copyFileSync(rpms.get('one')!, join(dir, 'one-1-1.noarch.rpm'));
  const first = await writeLocalRepo(dir, { timestamp: 1 });
  copyFileSync(rpms.get('two')!, join(dir, 'two-1-1.noarch.rpm'));
  const second = await writeLocalRepo(dir, { timestamp: 2 });
  t.not(first.primary, second.primary);
  t.deepEqual(
    readdirSync(join(dir, 'repodata')).sort(),
    [second.primary.split('/').pop()!, 'repomd.xml'].sort(),
  );
  const [listed] = crRead(primaryOf(dir)) as { name: string }[][];
  t.deepEqual(
    listed!.map((p) => p.name),
    ['one', 'two'],
  );
});

crTest('an .rpm that is not one is a typed error naming it, and the previous repodata stays', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-local-'));
  const rpms = buildRpms({ name: 'one', version: '1', release: '1', packages: [{ name: 'one' }] });
  copyFileSync(rpms.get('one')!, join(dir, 'one-1-1.noarch.rpm'));
  await writeLocalRepo(dir);
  const before = readdirSync(join(dir, 'repodata')).sort();
  const bytes = readFileSync(rpms.get('one')!);
  writeFileSync(join(dir, 'cut-1-1.noarch.rpm'), bytes.subarray(0, 200));
  const err = await t.throwsAsync(writeLocalRepo(dir), { instanceOf: RpmHeaderError });
  t.is(err.code, 'ERR_RPM_HEADER_TRUNCATED');
  t.is(err.subject, join(dir, 'cut-1-1.noarch.rpm'));
  t.deepEqual(readdirSync(join(dir, 'repodata')).sort(), before);
});
