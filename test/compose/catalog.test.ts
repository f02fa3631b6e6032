import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createComposeCatalog } from '../../src/compose/create-catalog.js';
import { ComposeError } from '../../src/compose/errors.js';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { withDiskCache } from '../../src/io/cache.js';
import { composeNames, makeComposeRoot } from '../helpers/scan-composes.js';
import { startApache } from '../helpers/apache.js';
import { testWithTools, systemPython } from '../helpers/tools.js';

const tools = testWithTools(
  { command: 'rpmbuild' },
  { command: 'createrepo_c' },
  { python: 'createrepo_c' },
  { python: 'rpm' },
);
const withApache = testWithTools(
  { command: 'rpmbuild' },
  { command: 'createrepo_c' },
  { python: 'createrepo_c' },
  { python: 'rpm' },
  { command: 'apache2' },
);

let root: string | undefined;
const composeRoot = () => (root ??= makeComposeRoot());

/** NEVRAs of a repo as createrepo_c reads them (the oracle). */
function oracleNevras(repoDir: string): string[] {
  const script = `
import sys, createrepo_c as cr
md = cr.Repomd(sys.argv[1] + '/repodata/repomd.xml')
p = [r for r in md.records if r.type == 'primary'][0]
out = []
cr.xml_parse_primary(sys.argv[1] + '/' + p.location_href, pkgcb=lambda k: out.append('%s-%s:%s-%s.%s' % (k.name, k.epoch, k.version, k.release, k.arch)), do_files=False)
print('\\n'.join(sorted(out)))`;
  return execFileSync(systemPython, ['-c', script, repoDir], { encoding: 'utf8' }).trim().split('\n');
}

const nevra = (n: { name: string; epoch: number | null; version: string; release: string; arch: string }) =>
  `${n.name}-${n.epoch ?? 0}:${n.version}-${n.release}.${n.arch}`;

async function checkCatalog(t: import('ava').ExecutionContext, rootUrl: string) {
  const fetcher = createFetcher();
  try {
    const catalog = createComposeCatalog(fetcher, rootUrl);
    const entries = await catalog.list();
    t.deepEqual(
      entries.map((e) => e.id.id),
      [composeNames.withRpmsJson, composeNames.primaryOnly, composeNames.mismatched, composeNames.started],
    );
    const by = new Map(entries.map((e) => [e.id.id, e]));
    t.is(await catalog.status(by.get(composeNames.withRpmsJson)!), 'FINISHED');
    t.is(await catalog.status(by.get(composeNames.primaryOnly)!), 'FINISHED_INCOMPLETE');
    t.is(await catalog.status(by.get(composeNames.started)!), 'STARTED');
    const mismatch = await t.throwsAsync(() => catalog.status(by.get(composeNames.mismatched)!));
    t.true(mismatch instanceof ComposeError);
    t.is((mismatch as ComposeError).code, 'ERR_COMPOSE_ID_MISMATCH');
    const repomd = await catalog.repomd(by.get(composeNames.primaryOnly)!, 'x86_64');
    t.is(repomd.largestTimestamp, 1727827200);
    const truth = oracleNevras(join(composeRoot(), composeNames.primaryOnly, 'compose/Everything/x86_64/os'));
    const fromPrimary = (await catalog.packages(by.get(composeNames.primaryOnly)!, 'x86_64'))
      .map(nevra)
      .sort();
    const fromRpmsJson = (await catalog.packages(by.get(composeNames.withRpmsJson)!, 'x86_64'))
      .map(nevra)
      .sort();
    t.deepEqual(fromPrimary, truth);
    t.deepEqual(fromRpmsJson, truth);
    const requests = fetcher.stats().requests;
    await catalog.packages(by.get(composeNames.primaryOnly)!, 'x86_64');
    t.is(fetcher.stats().requests, requests, 'kept in memory');
    const noRepo = await t.throwsAsync(() => catalog.repomd(by.get(composeNames.primaryOnly)!, 's390x'));
    t.is((noRepo as ComposeError).code, 'ERR_COMPOSE_NO_REPO');
  } finally {
    await fetcher.close();
  }
}

tools('the catalog over a local mirror (listing made from the directory)', async (t) => {
  await checkCatalog(t, pathToFileURL(composeRoot()).href + '/');
});

withApache('the catalog over a real Apache (listing parsed from its index page)', async (t) => {
  const apache = await startApache({ root: join(composeRoot(), '..', '..') });
  try {
    await checkCatalog(t, `${apache.url}compose/updates/`);
  } finally {
    await apache.close();
  }
});

tools('immutable files come from the disk cache the second time; a corrupt entry is refetched', async (t) => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scan-cache-'));
  const run = async () => {
    const base = createFetcher();
    const fetcher = withDiskCache(base, cacheDir);
    const catalog = createComposeCatalog(fetcher, pathToFileURL(composeRoot()).href + '/');
    const entry = (await catalog.list()).find((e) => e.id.id === composeNames.primaryOnly)!;
    const packages = await catalog.packages(entry, 'x86_64');
    return { packages, stats: fetcher.cacheStats() };
  };
  const first = await run();
  t.is(first.stats.hits, 0);
  t.true(first.stats.misses > 0);
  const second = await run();
  t.deepEqual(second.packages, first.packages);
  // Only the absent rpms.json is asked again (a 404 is not cached); primary.xml is a hit.
  t.is(second.stats.misses, first.stats.misses - 1);
  t.is(second.stats.hits, 1);
  // Corrupt every cached entry: each is detected, dropped and fetched again.
  const { writeFileSync } = await import('node:fs');
  for (const sub of readdirSync(cacheDir)) {
    for (const file of readdirSync(join(cacheDir, sub))) {
      if (!file.endsWith('.sha256')) writeFileSync(join(cacheDir, sub, file), 'garbage');
    }
  }
  const third = await run();
  t.deepEqual(third.packages, first.packages);
  t.true(third.stats.corrupt > 0);
  t.is(third.stats.hits, 0);
});
