/**
 * downloadBuild over trees built by real tools: repo copies are verified against createrepo_c's
 * checksum, Koji copies are spliced with their sigcache header into bytes equal to rpmsign's signed
 * file (rpm -K with the key passes), and every bad input is a typed error with nothing left in DIR.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import type { Fetcher } from '../../src/io/fetcher.js';
import { createKojiSource } from '../../src/fetch/sources/koji-source.js';
import { createRepoSource } from '../../src/fetch/sources/repo-source.js';
import { downloadBuild } from '../../src/fetch/download.js';
import { RpmFetchError, type RpmFetchErrorCode } from '../../src/fetch/errors.js';
import type { LocatedBuild } from '../../src/fetch/build-source.js';
import { checkSignature } from '../helpers/rpm-build.js';
import { headerNevra } from '../../src/rpmfile/header-nevra.js';
import { headerString, headerStringArray } from '../../src/rpmfile/header-values.js';
import { RpmTag } from '../../src/rpmfile/tags.js';
import { testWithTools } from '../helpers/tools.js';
import { nevraOf, signatureHeader, sourcesWorld, srpmOf, type BuildName } from './helpers/sources-world.js';

const tools = testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { command: 'createrepo_c' },
  { command: 'rpm' },
);

const dirUrl = (dir: string) => `${pathToFileURL(dir).href}/`;
const dest = () => mkdtempSync(join(tmpdir(), 'cm-fetch-dest-'));

function pool(dir = sourcesWorld().poolDir, fetcher: Fetcher = createFileFetcher()) {
  return createRepoSource({ ref: { kind: 'pool', name: 'coreos-pool', url: dirUrl(dir) }, fetcher });
}

function koji(root = sourcesWorld().kojiRoot, fetcher: Fetcher = createFileFetcher()) {
  return createKojiSource({ root: dirUrl(root), fetcher });
}

async function kojiLocated(build: BuildName, name: string, root?: string): Promise<LocatedBuild> {
  return (await koji(root).locate(nevraOf(build, name), srpmOf(build)))!;
}

/** A copy of the Koji tree to damage. */
function kojiCopy(): string {
  const top = mkdtempSync(join(tmpdir(), 'cm-koji-copy-'));
  cpSync(sourcesWorld().kojiRoot, top, { recursive: true });
  return top;
}

async function rejects(
  t: ExecutionContext,
  run: Promise<unknown>,
  code: RpmFetchErrorCode,
  dir: string,
): Promise<RpmFetchError> {
  const error = await t.throwsAsync(run, { instanceOf: RpmFetchError });
  t.is(error.code, code);
  t.deepEqual(readdirSync(dir), [], 'nothing left in DIR');
  return error;
}

tools('a repo copy is verified against its checksum and written as is', async (t) => {
  const w = sourcesWorld();
  const fetcher = createFileFetcher();
  const located = (await pool().locate(nevraOf('pool', 'kernel-devel-matched'), null))!;
  const dir = dest();
  const got = await downloadBuild(located, dir, fetcher);
  t.is(got.path, join(dir, 'kernel-devel-matched-6.11.4-301.fc41.noarch.rpm'));
  t.deepEqual(readFileSync(got.path), readFileSync(w.signed.pool['kernel-devel-matched']!));
  t.is(got.bytes, readFileSync(got.path).length);
  t.is(got.requests, 1);
  t.true(got.signed);
  t.deepEqual(readdirSync(dir), [basename(got.path)]);
  const requires = headerStringArray(got.header, RpmTag.REQUIRENAME)!;
  const versions = headerStringArray(got.header, RpmTag.REQUIREVERSION)!;
  t.is(versions[requires.indexOf('kernel-devel')], '6.11.4-301.fc41');
  t.is(versions[requires.indexOf('kernel-core')], '6.11.4-301.fc41');
  const rpmK = checkSignature(got.path, w.key);
  t.is(rpmK.status, 0, rpmK.output);
});

tools('a Koji copy with a sigcache header becomes the signed bytes, and rpm -K accepts them', async (t) => {
  const w = sourcesWorld();
  for (const name of ['kernel-devel', 'kernel-core'] as const) {
    const located = await kojiLocated('kojiSigned', name);
    const dir = dest();
    const fetcher = createFileFetcher();
    const got = await downloadBuild(located, dir, fetcher);
    t.is(got.requests, 2);
    t.is(fetcher.stats().requests, 2);
    t.true(got.signed);
    // Byte for byte what rpmsign made, from the unsigned copy and the cut-out header.
    t.deepEqual(readFileSync(got.path), readFileSync(w.signed.kojiSigned[name]!));
    t.notDeepEqual(readFileSync(got.path), readFileSync(w.unsigned.kojiSigned[name]!));
    const rpmK = checkSignature(got.path, w.key);
    t.is(rpmK.status, 0, rpmK.output);
    // The verified header comes back: the exact pins can be read without opening the file again.
    t.deepEqual(headerNevra(got.header), nevraOf('kojiSigned', name));
    t.is(headerString(got.header, RpmTag.SOURCERPM), srpmOf('kojiSigned'));
    t.regex(rpmK.output, new RegExp(`Header V4 RSA/SHA\\d+ Signature, key ID ${w.keyId}: OK`));
  }
});

tools('an unsigned Koji copy needs allowUnsigned, and is refused before any request', async (t) => {
  const w = sourcesWorld();
  const located = await kojiLocated('kojiUnsigned', 'kernel-devel');
  const dir = dest();
  const fetcher = createFileFetcher();
  const error = await rejects(t, downloadBuild(located, dir, fetcher), 'ERR_FETCH_UNSIGNED', dir);
  t.regex(error.message, /kernel-devel-6\.11\.1-300\.fc41\.noarch/);
  t.regex(error.message, /--allow-unsigned/);
  t.regex(error.message, /gpgcheck cannot pass/);
  t.is(fetcher.stats().requests, 0);
  const got = await downloadBuild(located, dir, fetcher, { allowUnsigned: true });
  t.false(got.signed);
  t.is(got.requests, 1);
  t.deepEqual(readFileSync(got.path), readFileSync(w.unsigned.kojiUnsigned['kernel-devel']!));
});

tools('a file that differs from the repo checksum: ERR_FETCH_CHECKSUM_MISMATCH', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'cm-pool-copy-'));
  cpSync(sourcesWorld().poolDir, copy, { recursive: true });
  const file = join(copy, 'kernel-devel-6.11.4-301.fc41.noarch.rpm');
  const bytes = readFileSync(file);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  writeFileSync(file, bytes);
  const located = (await pool(copy).locate(nevraOf('pool', 'kernel-devel'), null))!;
  const dir = dest();
  const error = await rejects(
    t,
    downloadBuild(located, dir, createFileFetcher()),
    'ERR_FETCH_CHECKSUM_MISMATCH',
    dir,
  );
  t.is(error.subject, located.url);
});

tools(
  'a truncated RPM: inside its headers ERR_FETCH_TRUNCATED, inside its payload ERR_FETCH_DIGEST_MISMATCH',
  async (t) => {
    const root = kojiCopy();
    const located = await kojiLocated('kojiSigned', 'kernel-devel', root);
    const file = new URL(located.url).pathname;
    const full = readFileSync(file).length;
    truncateSync(file, 300);
    const dir = dest();
    await rejects(t, downloadBuild(located, dir, createFileFetcher()), 'ERR_FETCH_TRUNCATED', dir);
    const sigFile = new URL(located.signatureUrl!).pathname;
    cpSync(sourcesWorld().unsigned.kojiSigned['kernel-devel']!, file);
    truncateSync(file, full - 100);
    t.truthy(readFileSync(sigFile).length);
    await rejects(t, downloadBuild(located, dir, createFileFetcher()), 'ERR_FETCH_DIGEST_MISMATCH', dir);
  },
);

tools('a body cut short of its announced size: ERR_FETCH_TRUNCATED', async (t) => {
  const files = createFileFetcher();
  const cutting: Fetcher = {
    get: (url, o) => files.get(url, o),
    stats: () => files.stats(),
    async open(url, o) {
      const s = await files.open(url, o);
      async function* half() {
        let sent = 0;
        for await (const chunk of s.body) {
          const room = Math.floor(s.size! / 2) - sent;
          if (room <= 0) return;
          yield chunk.subarray(0, room);
          sent += Math.min(room, chunk.length);
        }
      }
      return { ...s, body: half() };
    },
  };
  const located = (await pool().locate(nevraOf('pool', 'kernel'), null))!;
  const dir = dest();
  const error = await rejects(t, downloadBuild(located, dir, cutting), 'ERR_FETCH_TRUNCATED', dir);
  t.regex(error.message, /announced/);
});

tools('a sigcache header of another build: ERR_FETCH_DIGEST_MISMATCH', async (t) => {
  const w = sourcesWorld();
  const root = kojiCopy();
  const located = await kojiLocated('kojiSigned', 'kernel-devel', root);
  writeFileSync(
    new URL(located.signatureUrl!).pathname,
    signatureHeader(readFileSync(w.signed.kojiSigned['kernel-core']!)),
  );
  const dir = dest();
  const error = await rejects(
    t,
    downloadBuild(located, dir, createFileFetcher()),
    'ERR_FETCH_DIGEST_MISMATCH',
    dir,
  );
  t.regex(error.message, /signature header of another build/);
});

tools('an RPM whose header names another NEVRA than its file: ERR_FETCH_NEVRA_MISMATCH', async (t) => {
  const w = sourcesWorld();
  // In a repo: createrepo_c indexes the header's NEVRA at the mislabelled file name.
  const repo = mkdtempSync(join(tmpdir(), 'cm-mislabelled-'));
  cpSync(w.signed.pool['kernel-core']!, join(repo, 'kernel-devel-6.11.4-301.fc41.noarch.rpm'));
  execFileSync('createrepo_c', ['--quiet', '--no-database', repo], { stdio: 'ignore' });
  const located = (await pool(repo).locate(nevraOf('pool', 'kernel-core'), null))!;
  t.regex(located.url, /kernel-devel-6\.11\.4/);
  const dir = dest();
  const error = await rejects(
    t,
    downloadBuild(located, dir, createFileFetcher()),
    'ERR_FETCH_NEVRA_MISMATCH',
    dir,
  );
  t.regex(error.message, /header says kernel-core-6\.11\.4-301\.fc41\.noarch/);
  // On Koji: another subpackage's unsigned copy under this one's name.
  const root = kojiCopy();
  const kojiLoc = await kojiLocated('kojiUnsigned', 'kernel-devel', root);
  cpSync(w.unsigned.kojiUnsigned['kernel-core']!, new URL(kojiLoc.url).pathname);
  await rejects(
    t,
    downloadBuild(kojiLoc, dir, createFileFetcher(), { allowUnsigned: true }),
    'ERR_FETCH_NEVRA_MISMATCH',
    dir,
  );
});

tools('an oversize header is refused from its intro: ERR_FETCH_HEADER_TOO_LARGE', async (t) => {
  const root = kojiCopy();
  const located = await kojiLocated('kojiUnsigned', 'kernel-devel', root);
  const file = new URL(located.url).pathname;
  const bytes = readFileSync(file);
  // The main header's intro claims 200 MB of data (under rpm's own 256 MiB cap).
  const sigEnd = 96 + Math.ceil((16 + 16 * bytes.readUInt32BE(104) + bytes.readUInt32BE(108)) / 8) * 8;
  bytes.writeUInt32BE(200_000_000, sigEnd + 12);
  writeFileSync(file, bytes);
  const dir = dest();
  const error = await rejects(
    t,
    downloadBuild(located, dir, createFileFetcher(), { allowUnsigned: true }),
    'ERR_FETCH_HEADER_TOO_LARGE',
    dir,
  );
  t.regex(error.message, /main header/);
  // A real file under a small bound is refused the same way, at its signature header.
  const small = await rejects(
    t,
    downloadBuild(await kojiLocated('kojiUnsigned', 'kernel-core'), dir, createFileFetcher(), {
      allowUnsigned: true,
      maxHeaderBytes: 64,
    }),
    'ERR_FETCH_HEADER_TOO_LARGE',
    dir,
  );
  t.regex(small.message, /signature header/);
  rmSync(root, { recursive: true, force: true });
});

tools('not an RPM at all: ERR_FETCH_BAD_RPM', async (t) => {
  const root = kojiCopy();
  const located = await kojiLocated('kojiUnsigned', 'kernel', root);
  writeFileSync(new URL(located.url).pathname, Buffer.alloc(4096, 0x41));
  const dir = dest();
  await rejects(
    t,
    downloadBuild(located, dir, createFileFetcher(), { allowUnsigned: true }),
    'ERR_FETCH_BAD_RPM',
    dir,
  );
});

tools('a mislabelled file is refused at its header, before the rest of it is read', async (t) => {
  const w = sourcesWorld();
  const repo = mkdtempSync(join(tmpdir(), 'cm-mislabelled-early-'));
  cpSync(w.signed.pool['kernel-core']!, join(repo, 'kernel-devel-6.11.4-301.fc41.noarch.rpm'));
  execFileSync('createrepo_c', ['--quiet', '--no-database', repo], { stdio: 'ignore' });
  const files = createFileFetcher();
  const pulled = { bytes: 0 };
  // Hands the body on 16 bytes at a time, counting what the download pulled.
  const small: Fetcher = {
    get: (u, o) => files.get(u, o),
    stats: () => files.stats(),
    async open(u, o) {
      const s = await files.open(u, o);
      async function* pieces() {
        for await (const chunk of s.body) {
          for (let i = 0; i < chunk.length; i += 16) {
            const piece = chunk.subarray(i, i + 16);
            pulled.bytes += piece.length;
            yield piece;
          }
        }
      }
      return { ...s, body: pieces() };
    },
  };
  const located = (await pool(repo).locate(nevraOf('pool', 'kernel-core'), null))!;
  const dir = dest();
  await rejects(t, downloadBuild(located, dir, small), 'ERR_FETCH_NEVRA_MISMATCH', dir);
  const size = readFileSync(join(repo, 'kernel-devel-6.11.4-301.fc41.noarch.rpm')).length;
  t.true(pulled.bytes < size, `${pulled.bytes} of ${size} bytes read`);
});
