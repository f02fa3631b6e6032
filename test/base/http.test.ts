import { BaseImageError } from '../../src/base/errors.js';
import { readBaseImage } from '../../src/base/read-base-image.js';
import { makeOstreeFixture } from '../helpers/ostree-fixture.js';
import { createTestHttpFetcher, serveDirectory } from '../helpers/http-fetcher.js';
import { testWithTools } from '../helpers/tools.js';

testWithTools({ command: 'ostree' }, { python: 'gi' })(
  'an archive repo read over HTTP through a Fetcher',
  async (t) => {
    const f = makeOstreeFixture();
    const server = await serveDirectory(f.path);
    t.teardown(() => server.close());
    const fetcher = createTestHttpFetcher();
    const base = await readBaseImage({ kind: 'ostree', repo: server.url, ref: f.compose.ref }, { fetcher });
    t.is(base.commit, f.compose.checksum);
    t.deepEqual(
      base.repos.map((r) => r.timestamp),
      f.compose.repos.map((r) => r.timestamp),
    );
    // The detached-metadata commit: its .commitmeta is fetched; the compose commit's 404 was expected.
    const detached = await readBaseImage(
      { kind: 'ostree', repo: server.url, ref: f.detached.ref },
      { fetcher },
    );
    t.deepEqual(
      detached.repos.map((r) => r.timestamp),
      f.detached.repos.map((r) => r.timestamp),
    );
    t.true(fetcher.stats().requests >= 6);
    // Without a fetcher, readBaseImage makes (and closes) the project's own HTTP fetcher.
    const own = await readBaseImage({ kind: 'ostree', repo: server.url, ref: f.compose.ref });
    t.is(own.commit, f.compose.checksum);
    const badScheme = await t.throwsAsync(
      readBaseImage({ kind: 'ostree', repo: 'ftp://example.org/repo', ref: f.compose.ref }),
      { instanceOf: BaseImageError },
    );
    t.is(badScheme?.code, 'ERR_BASE_BAD_SOURCE');
  },
);
