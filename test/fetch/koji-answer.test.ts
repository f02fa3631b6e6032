/**
 * The Koji source located from a Koji answer (`fetch --koji`): a build the answer names is found
 * with no request (its directory from the answer, its sigcache header from the keys that signed
 * it); an rpm the tag's state did not hold is not in Koji; a build outside the answer, or whose
 * rpms' keys differ, is listed as before. The answer is asked once.
 */
import test from 'ava';
import { kojiBuildIndex } from '../../src/fetch/sources/koji-answer.js';
import { createKojiSource } from '../../src/fetch/sources/koji-source.js';
import type { Fetcher } from '../../src/io/fetcher.js';
import type { KojiAnswer } from '../../src/report/match-report.js';
import type { Nevra } from '../../src/rpm/types.js';

const root = 'https://kojipkgs.example.org/packages/';

function answer(sigkeys: string[] | null): KojiAnswer {
  return {
    source: 'koji-history',
    hub: 'https://koji.example.org/kojihub',
    tag: 'f41-updates',
    event: { id: 7, ts: 1 },
    nextChange: null,
    instant: 2,
    statesCompared: 1,
    packages: [
      'kernel-core-6.11.4-301.fc41.x86_64',
      'kernel-devel-6.11.4-301.fc41.x86_64',
      'nano-1:8.2-1.fc41.x86_64',
    ],
    builds: ['kernel-6.11.4-301.fc41'],
    locations: [
      {
        nvr: 'kernel-6.11.4-301.fc41',
        packageName: 'kernel',
        version: '6.11.4',
        release: '301.fc41',
        sigkeys,
      },
    ],
  };
}

/** A fetcher that counts what is asked of it and holds nothing. */
function emptyFetcher(): Fetcher & { asked: string[] } {
  const asked: string[] = [];
  const refuse = (url: string): never => {
    asked.push(url);
    throw Object.assign(new Error(`not here: ${url}`), { code: 'ERR_TEST' });
  };
  return {
    asked,
    get: (url: string) => Promise.resolve(refuse(url)),
    open: (url: string) => Promise.resolve(refuse(url)),
    list: (url: string) => Promise.resolve(refuse(url)),
    stats: () => ({ requests: asked.length, bytes: 0 }),
  } as unknown as Fetcher & { asked: string[] };
}

const nevra = (name: string, arch = 'x86_64'): Nevra => ({
  name,
  epoch: null,
  version: '6.11.4',
  release: '301.fc41',
  arch,
});
const srpm = 'kernel-6.11.4-301.fc41.src.rpm';

test('a build the answer names is located with no request, signed by its key', async (t) => {
  const fetcher = emptyFetcher();
  let asked = 0;
  const koji = createKojiSource({
    root,
    fetcher,
    answer: () => {
      asked++;
      return Promise.resolve(kojiBuildIndex([answer(['a15b79cc', '448EFBD7'.toLowerCase()])]));
    },
  });
  t.deepEqual(await koji.locate(nevra('kernel-devel'), srpm), {
    nevra: nevra('kernel-devel'),
    sourcerpm: srpm,
    source: { kind: 'koji', name: 'koji', url: root },
    url: `${root}kernel/6.11.4/301.fc41/x86_64/kernel-devel-6.11.4-301.fc41.x86_64.rpm`,
    checksum: null,
    signatureUrl: `${root}kernel/6.11.4/301.fc41/data/sigcache/a15b79cc/x86_64/kernel-devel-6.11.4-301.fc41.x86_64.rpm.sig`,
    signed: true,
  });
  // The state held no noarch kernel-devel: Koji has none either.
  t.is(await koji.locate(nevra('kernel-devel', 'noarch'), srpm), null);
  t.deepEqual(fetcher.asked, []);
  t.is(koji.listings(), 0);
  t.is(koji.fromAnswer(), 2);
  t.is(asked, 1);
});

test('the preferred key is taken when the build has it; none of them: unsigned', async (t) => {
  const index = kojiBuildIndex([answer(['a15b79cc', '448efbd7'])]);
  const preferred = createKojiSource({
    root,
    fetcher: emptyFetcher(),
    keyIds: ['448EFBD7'],
    answer: () => Promise.resolve(index),
  });
  t.regex((await preferred.locate(nevra('kernel-core'), srpm))!.signatureUrl!, /sigcache\/448efbd7\//);
  const other = createKojiSource({
    root,
    fetcher: emptyFetcher(),
    keyIds: ['deadbeef'],
    answer: () => Promise.resolve(index),
  });
  t.false((await other.locate(nevra('kernel-core'), srpm))!.signed);
  const unsigned = createKojiSource({
    root,
    fetcher: emptyFetcher(),
    answer: () => Promise.resolve(kojiBuildIndex([answer([])])),
  });
  t.like(await unsigned.locate(nevra('kernel-core'), srpm), { signatureUrl: null, signed: false });
});

test('a build outside the answer, or whose keys differ per rpm, is listed as before', async (t) => {
  for (const [what, index] of [
    ['another build', kojiBuildIndex([answer(['a15b79cc'])])],
    ['keys differ', kojiBuildIndex([answer(null)])],
    ['no answer', null],
  ] as const) {
    const fetcher = emptyFetcher();
    const koji = createKojiSource({ root, fetcher, answer: () => Promise.resolve(index) });
    const other = what === 'another build' ? 'kernel-6.11.5-300.fc41.src.rpm' : srpm;
    // The listing is asked (and fails here): the source did not answer from the index.
    await t.throwsAsync(koji.locate(nevra('kernel-core'), other), undefined, what);
    t.true(fetcher.asked.length > 0, what);
    t.is(koji.fromAnswer(), 0, what);
  }
});
