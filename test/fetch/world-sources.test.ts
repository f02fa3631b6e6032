/**
 * The sources over the committed world (fixtures/world: createrepo_c repos of rpmsign-signed
 * copies, a Koji `packages/` tree with sigcache headers, made by scripts/world): for every kernel
 * base, each build its `fetch` truth names is located in the source the truth says, after the
 * sources before it answered; every download passes `rpm -K` with the world's key, and the build
 * Koji has no signature header for is refused without allowUnsigned. The requests and bytes of
 * each base are logged (figures for the report).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildSource } from '../../src/fetch/build-source.js';
import { downloadBuild } from '../../src/fetch/download.js';
import { RpmFetchError } from '../../src/fetch/errors.js';
import { locateInChain } from '../../src/fetch/locate.js';
import { createKojiSource } from '../../src/fetch/sources/koji-source.js';
import { createRepoSource } from '../../src/fetch/sources/repo-source.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import type { Fetcher } from '../../src/io/fetcher.js';
import type { Nevra } from '../../src/rpm/types.js';
import { checkSignature } from '../helpers/rpm-build.js';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const tools = testWithTools({ command: 'rpm' });

/** The parts of truth.json this test reads (its schema in test/helpers/world.ts leaves `fetch` out). */
interface WorldTruth {
  ga: { path: string };
  pool: { path: string };
  updatesArchive: { path: string };
  koji: { path: string; builds: { sourcerpm: string; packages: Nevra[] }[] };
  gpgKey: string;
  bases: Record<
    string,
    {
      builtFrom?: { updates?: string };
      fetch?: Record<string, { builds: { nevra: Nevra; source: string }[] }>;
    }
  >;
}

const truth = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as WorldTruth;
const url = (...parts: string[]) => `${pathToFileURL(join(worldRoot, ...parts)).href}/`;
const key = { home: '', name: '', publicKey: join(worldRoot, truth.gpgKey) };

function chain(base: string, fetcher: Fetcher): BuildSource[] {
  const compose = truth.bases[base]!.builtFrom!.updates!;
  const repo = (kind: 'compose' | 'ga' | 'pool' | 'archive', name: string, at: string) =>
    createRepoSource({ ref: { kind, name, url: at }, fetcher });
  return [
    repo('compose', compose, url('kojipkgs', 'compose', 'updates', compose, 'compose/Everything/x86_64/os')),
    repo('ga', 'fedora', url('kojipkgs', truth.ga.path, 'compose/Everything/x86_64/os')),
    repo('pool', 'coreos-pool', url('kojipkgs', truth.pool.path)),
    repo('archive', 'updates-archive', url(truth.updatesArchive.path)),
    createKojiSource({ root: url('kojipkgs', truth.koji.path), fetcher }),
  ];
}

/** The SOURCERPM of a build, from the Koji tree's truth (Koji needs it; repos do not). */
function sourcerpmOf(nevra: Nevra): string | null {
  const same = (p: Nevra) =>
    p.name === nevra.name &&
    p.version === nevra.version &&
    p.release === nevra.release &&
    p.arch === nevra.arch;
  return truth.koji.builds.find((b) => b.packages.some(same))?.sourcerpm ?? null;
}

const kernelBases = Object.keys(truth.bases).filter((b) => truth.bases[b]!.fetch !== undefined);

tools('the world has kernel bases with fetch truth', (t) => {
  t.true(kernelBases.length >= 5, kernelBases.join(', '));
});

for (const base of kernelBases) {
  tools(`${base}: each build from the source the truth names, verified, rpm -K OK`, async (t) => {
    const fetcher = createFileFetcher();
    const sources = chain(base, fetcher);
    const dir = mkdtempSync(join(tmpdir(), `cm-world-fetch-${base}-`));
    const summary: string[] = [];
    for (const [name, expected] of Object.entries(truth.bases[base]!.fetch!)) {
      for (const build of expected.builds) {
        const { located, answers } = await locateInChain(build.nevra, sourcerpmOf(build.nevra), sources);
        const kind = build.source === 'koji-unsigned' ? 'koji' : build.source;
        t.is(located?.source.kind as string | undefined, kind, `${name}: ${build.nevra.name}`);
        if (located === null) continue;
        t.deepEqual(
          answers.slice(0, -1).map((a) => a.status === 'found'),
          answers.slice(0, -1).map(() => false),
        );
        summary.push(`${build.nevra.name}: ${answers.map((a) => `${a.source.kind}=${a.status}`).join(' ')}`);
        if (build.source === 'koji-unsigned') {
          t.false(located.signed);
          const refused = await t.throwsAsync(downloadBuild(located, dir, fetcher), {
            instanceOf: RpmFetchError,
          });
          t.is(refused.code, 'ERR_FETCH_UNSIGNED');
          const got = await downloadBuild(located, dir, fetcher, { allowUnsigned: true });
          t.false(got.signed);
          continue;
        }
        t.true(located.signed);
        const got = await downloadBuild(located, dir, fetcher);
        const rpmK = checkSignature(got.path, key);
        t.is(rpmK.status, 0, `${got.path}: ${rpmK.output}`);
        t.regex(rpmK.output, /Signature, key ID [0-9a-f]+: OK/);
      }
    }
    const stats = fetcher.stats();
    t.log(`${base}: ${stats.requests} requests, ${stats.bytes} bytes; ${summary.join('; ')}`);
  });
}
