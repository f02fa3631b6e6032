/**
 * What a second `index update` with nothing new costs, counted in the access log of a real Apache
 * serving the world's kojipkgs: the listing, plus the newest compose's repomd.xml while it is
 * unconfirmed; never the composes before it (a compose with a newer one after it is final).
 */
import { cp, mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';
import { pathToFileURL } from 'node:url';
import { startApache } from '../helpers/apache.js';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const test = testWithTools({ command: 'apache2' });

async function tempDir(t: { teardown(f: () => Promise<void>): void }, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const cases = {
  'the koji-tag symlink at the newest compose': null,
  'the symlink at an older compose': 'Fedora-32-updates-20200807.0',
  'no koji-tag symlink': 'none',
} as const;

for (const [name, target] of Object.entries(cases)) {
  test(`a second and third run with nothing new: ${name}`, async (t) => {
    const world = await tempDir(t, 'cm-second-run-world-');
    await cp(join(worldRoot, 'kojipkgs'), join(world, 'kojipkgs'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const updates = join(world, 'kojipkgs', 'compose', 'updates');
    if (target !== null) await unlink(join(updates, 'f32-updates'));
    if (target !== null && target !== 'none') await symlink(target, join(updates, 'f32-updates'));
    const apache = await startApache({ root: world });
    t.teardown(() => apache.close());
    const composeRoot = `${apache.url}kojipkgs/compose/updates/`;
    const dir = await tempDir(t, 'cm-second-run-index-');
    const run = async () => {
      const fetcher = createHttpFetcher();
      try {
        const before = apache.requests().length;
        const result = await updateIndex(fetcher, { dir, composeRoot, arches: ['x86_64'] });
        return { result, requests: apache.requests().slice(before) };
      } finally {
        await fetcher.close();
      }
    };
    const first = await run();
    t.true(first.result.recorded.length > 3);
    const stream = (await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/')).manifest.streams[0]!;
    const usable = stream.composes.filter((c) => c.usable);
    const newest = usable.at(-1)!;
    const unconfirmed = usable.filter((c) => !c.confirmed).map((c) => c.id);
    t.is(unconfirmed.includes(newest.id), target !== null, unconfirmed.join(' '));

    for (const again of [await run(), await run()]) {
      t.true(again.result.unchanged);
      const expected = [`GET /kojipkgs/compose/updates/ HTTP/1.1`];
      if (target !== null) {
        expected.push(
          `GET /kojipkgs/compose/updates/${newest.id}/compose/Everything/x86_64/os/repodata/repomd.xml HTTP/1.1`,
        );
      }
      t.deepEqual(again.requests, expected);
      t.true(again.requests.length <= 2);
    }
  });
}
