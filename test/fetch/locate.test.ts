/**
 * locateInChain over the sources in their order: the first that holds the build wins, every source
 * asked is reported, and a source that cannot answer (a pruned compose, the archive's 403 from a real
 * Apache) is recorded without changing the result. Over HTTP the whole path runs as it would against
 * Fedora: Apache index pages for Koji, the project's HTTP fetcher, and rpm -K on what was written.
 */
import { chmodSync, mkdtempSync, readFileSync, readdirSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildSource } from '../../src/fetch/build-source.js';
import { downloadBuild } from '../../src/fetch/download.js';
import { locateInChain } from '../../src/fetch/locate.js';
import { createKojiSource } from '../../src/fetch/sources/koji-source.js';
import { createRepoSource } from '../../src/fetch/sources/repo-source.js';
import type { Fetcher } from '../../src/io/fetcher.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';
import { startApache } from '../helpers/apache.js';
import { checkSignature } from '../helpers/rpm-build.js';
import { testWithTools } from '../helpers/tools.js';
import { nevraOf, sourcesWorld, srpmOf } from './helpers/sources-world.js';

const needs = [
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { command: 'createrepo_c' },
] as const;
const tools = testWithTools(...needs);
const withApache = testWithTools(...needs, { command: 'apache2' }, { command: 'rpm' });

const dirUrl = (dir: string) => `${pathToFileURL(dir).href}/`;

/** The chain a Fedora CoreOS base would use, over `root` (a file:// or http:// URL of the tree). */
function chain(root: string, fetcher: Fetcher): BuildSource[] {
  return [
    createRepoSource({
      ref: { kind: 'compose', name: 'Fedora-41-updates-20261101.0', url: `${root}compose/` },
      fetcher,
    }),
    createRepoSource({ ref: { kind: 'pool', name: 'coreos-pool', url: `${root}pool/` }, fetcher }),
    createRepoSource({ ref: { kind: 'archive', name: 'updates-archive', url: `${root}archive/` }, fetcher }),
    createKojiSource({ root: `${root}koji/packages/`, fetcher }),
  ];
}

tools(
  'the first source holding the build wins; the ones before are reported, the ones after not asked',
  async (t) => {
    const w = sourcesWorld();
    const sources = chain(dirUrl(w.top), createFileFetcher());
    const fromArchive = await locateInChain(nevraOf('archive', 'kernel-devel'), srpmOf('archive'), sources);
    t.is(fromArchive.located!.source.kind, 'archive');
    t.deepEqual(
      fromArchive.answers.map((a) => [a.source.kind, a.status, a.error?.code]),
      [
        ['compose', 'failed', 'ERR_NOT_FOUND'],
        ['pool', 'absent', undefined],
        ['archive', 'found', undefined],
      ],
    );
    const fromKoji = await locateInChain(
      nevraOf('kojiSigned', 'kernel-devel-matched'),
      srpmOf('kojiSigned'),
      sources,
    );
    t.is(fromKoji.located!.source.kind, 'koji');
    t.true(fromKoji.located!.signed);
    t.deepEqual(
      fromKoji.answers.map((a) => a.status),
      ['failed', 'absent', 'absent', 'found'],
    );
    const nowhere = await locateInChain(
      { ...nevraOf('pool', 'kernel-devel'), version: '6.10.0' },
      'kernel-6.10.0-301.fc41.src.rpm',
      sources,
    );
    t.is(nowhere.located, null);
    t.deepEqual(
      nowhere.answers.map((a) => a.status),
      ['failed', 'absent', 'absent', 'absent'],
    );
    // Without a SOURCERPM Koji cannot be asked: recorded as its failure, not thrown.
    const noSrpm = await locateInChain(nevraOf('kojiSigned', 'kernel-devel'), null, sources);
    t.is(noSrpm.located, null);
    t.is(noSrpm.answers[3]!.error!.code, 'ERR_FETCH_NO_SOURCERPM');
  },
);

tools('an error that is not a ComposeMatchError (a bug) is not swallowed as an answer', async (t) => {
  const broken: BuildSource = {
    ref: { kind: 'updates', name: 'updates', url: 'file:///nowhere/' },
    locate: () => Promise.reject(new TypeError('bug')),
    packagesNamed: () => Promise.resolve([]),
  };
  await t.throwsAsync(locateInChain(nevraOf('pool', 'kernel'), null, [broken]), { instanceOf: TypeError });
});

withApache(
  'over HTTP: the archive answering 403 is recorded, the build still comes from the pool or Koji',
  async (t) => {
    const w = sourcesWorld();
    const tree = mkdtempSync(join(tmpdir(), 'cm-fetch-http-'));
    for (const part of ['pool', 'archive', 'koji'])
      cpSync(join(w.top, part), join(tree, part), { recursive: true });
    mkdirSync(join(tree, 'compose'));
    const apache = await startApache({ root: tree });
    // Unreadable for Apache whoever runs it: every request under archive/ is answered 403.
    chmodSync(join(apache.docroot, 'archive'), 0o000);
    const fetcher = createHttpFetcher({ retries: 0 });
    try {
      const sources = chain(apache.url, fetcher);
      const pool = await locateInChain(nevraOf('pool', 'kernel-devel-matched'), srpmOf('pool'), [
        sources[2]!,
        sources[1]!,
      ]);
      t.is(pool.located!.source.kind, 'pool');
      t.deepEqual(
        pool.answers.map((a) => [a.source.kind, a.status, a.error?.code]),
        [
          ['archive', 'failed', 'ERR_HTTP_STATUS'],
          ['pool', 'found', undefined],
        ],
      );
      t.regex(pool.answers[0]!.error!.message, /403/);
      const koji = await locateInChain(
        nevraOf('kojiSigned', 'kernel-devel-matched'),
        srpmOf('kojiSigned'),
        sources,
      );
      t.deepEqual(
        koji.answers.map((a) => [a.source.kind, a.status]),
        [
          ['compose', 'failed'],
          ['pool', 'absent'],
          ['archive', 'failed'],
          ['koji', 'found'],
        ],
      );
      const dir = mkdtempSync(join(tmpdir(), 'cm-fetch-dest-'));
      for (const found of [pool.located!, koji.located!]) {
        const got = await downloadBuild(found, dir, fetcher);
        const rpmK = checkSignature(got.path, w.key);
        t.is(rpmK.status, 0, rpmK.output);
      }
      t.deepEqual(
        readFileSync(join(dir, 'kernel-devel-matched-6.11.2-300.fc41.noarch.rpm')),
        readFileSync(w.signed.kojiSigned['kernel-devel-matched']!),
      );
      t.deepEqual(readdirSync(dir).sort(), [
        'kernel-devel-matched-6.11.2-300.fc41.noarch.rpm',
        'kernel-devel-matched-6.11.4-301.fc41.noarch.rpm',
      ]);
    } finally {
      chmodSync(join(apache.docroot, 'archive'), 0o755);
      await fetcher.close();
      await apache.close();
    }
  },
);
