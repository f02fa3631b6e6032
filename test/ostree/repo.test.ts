import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeGVariant } from '../../src/gvariant/decode.js';
import { GVariantError } from '../../src/gvariant/errors.js';
import { parseGVariantType } from '../../src/gvariant/type.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { OstreeError } from '../../src/ostree/errors.js';
import { openOstreeRepo } from '../../src/ostree/repo.js';
import { canon } from '../helpers/gvariant-canon.js';
import { makeOstreeFixture, type OstreeFixture } from '../helpers/ostree-fixture.js';
import { repoRoot } from '../helpers/repo-root.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const withOstree = testWithTools({ command: 'ostree' }, { python: 'gi' });

let fixture: OstreeFixture | undefined;
function getFixture(): OstreeFixture {
  fixture ??= makeOstreeFixture();
  return fixture;
}

function ostree(args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync('ostree', args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout.trim() };
}

function glibParse(texts: string[]): [string, unknown][] {
  const r = spawnSync(systemPython, [join(repoRoot, 'test/helpers/glib-oracle.py'), '--parse'], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as [string, unknown][];
}

withOstree('commit fields equal what ostree show / ostree log report', async (t) => {
  const f = getFixture();
  const repo = await openOstreeRepo(pathToFileURL(f.path).href, createFileFetcher());
  t.is(repo.mode, 'archive-z2');
  const layered = await repo.readCommit(f.layered.checksum);
  t.is(layered.parent, f.compose.checksum);
  t.is(layered.subject, 'client layer');
  t.is(layered.timestamp, f.layered.timestamp);
  const compose = await repo.readCommit(f.compose.checksum);
  t.is(compose.parent, null);
  t.is(compose.timestamp, f.compose.timestamp);
  // ostree's own view of the root tree: `ostree ls -C -d` prints the dirtree and dirmeta checksums.
  const ls = ostree(['ls', `--repo=${f.path}`, '-C', '-d', f.compose.checksum, '/']);
  t.is(ls.status, 0);
  t.true(ls.stdout.includes(compose.rootTree), ls.stdout);
  t.true(ls.stdout.includes(compose.rootMeta), ls.stdout);
  const show = ostree(['show', `--repo=${f.path}`, f.compose.checksum]);
  t.regex(show.stdout, /Date: {2}2020-08-17 16:00:00 \+0000/);
});

withOstree('metadata reads the same as ostree show --print-metadata-key prints it', async (t) => {
  const f = getFixture();
  const repo = await openOstreeRepo(pathToFileURL(f.path).href, createFileFetcher());
  const texts: string[] = [];
  const ours: unknown[] = [];
  for (const c of [f.compose, f.detached, f.layered]) {
    const commit = await repo.readCommit(c.checksum);
    for (const [key, raw] of commit.metadata) {
      const printed = ostree(['show', `--repo=${f.path}`, `--print-metadata-key=${key}`, c.checksum]);
      t.is(printed.status, 0, key);
      texts.push(printed.stdout);
      // `ostree show` prints metadata as big-endian (ot_dump_variant byteswaps on little-endian hosts).
      ours.push([
        raw.type,
        canon(parseGVariantType(raw.type), decodeGVariant(raw.type, raw.data, { bigEndian: true })),
      ]);
    }
    const detached = await repo.readDetachedMetadata(c.checksum);
    for (const [key, raw] of detached ?? []) {
      const printed = ostree([
        'show',
        `--repo=${f.path}`,
        `--print-detached-metadata-key=${key}`,
        c.checksum,
      ]);
      t.is(printed.status, 0, key);
      texts.push(printed.stdout);
      ours.push([
        raw.type,
        canon(parseGVariantType(raw.type), decodeGVariant(raw.type, raw.data, { bigEndian: true })),
      ]);
    }
  }
  t.true(texts.length >= 14, String(texts.length));
  t.deepEqual(ours, glibParse(texts));
});

withOstree('refs: heads with slashes, remotes, remote:ref, checksums, summary', async (t) => {
  const f = getFixture();
  const repo = await openOstreeRepo(pathToFileURL(f.path).href, createFileFetcher());
  t.deepEqual(await repo.resolveRef(f.compose.ref), {
    checksum: f.compose.checksum,
    via: `refs/heads/${f.compose.ref}`,
  });
  t.is((await repo.resolveRef('myremote:layered/x86_64')).checksum, f.layered.checksum);
  t.is((await repo.resolveRef('myremote/layered/x86_64')).checksum, f.layered.checksum);
  t.is((await repo.resolveRef(f.detached.checksum)).checksum, f.detached.checksum);
  const summary = await repo.readSummary();
  const refs = ostree(['refs', `--repo=${f.path}`])
    .stdout.split('\n')
    .filter((r) => !r.includes(':')) // remote refs are not in the summary
    .sort();
  t.deepEqual(summary?.refs.map((r) => r.name).sort(), refs);
  const entry = summary?.refs.find((r) => r.name === f.compose.ref);
  t.is(entry?.checksum, f.compose.checksum);
  t.is(entry?.timestamp, f.compose.timestamp);
  t.is(entry?.commitSize, readFileSync(objectPath(f.path, f.compose.checksum)).length);
  const missing = await t.throwsAsync(repo.resolveRef('no/such/ref'), { instanceOf: OstreeError });
  t.is(missing?.code, 'ERR_OSTREE_REF_NOT_FOUND');
  const bad = await t.throwsAsync(repo.resolveRef('../../etc/passwd'), { instanceOf: OstreeError });
  t.is(bad?.code, 'ERR_OSTREE_BAD_REF');
});

withOstree('a ref found only in the summary (refs/ not published)', async (t) => {
  const f = getFixture();
  const copy = mkdtempSync(join(tmpdir(), 'cm-norefs-'));
  cpSync(f.path, copy, { recursive: true });
  spawnSync('rm', ['-rf', join(copy, 'refs', 'heads')]);
  const repo = await openOstreeRepo(pathToFileURL(copy).href, createFileFetcher());
  t.deepEqual(await repo.resolveRef(f.compose.ref), { checksum: f.compose.checksum, via: 'summary' });
});

withOstree('bare-user repos use the same commit paths', async (t) => {
  const f = getFixture();
  const repo = await openOstreeRepo(pathToFileURL(f.bare.path).href, createFileFetcher());
  t.is(repo.mode, 'bare-user');
  const commit = await repo.readCommit(f.bare.checksum);
  t.is(commit.timestamp, f.compose.timestamp);
});

withOstree('typed errors: not a repo, missing object, checksum mismatch, bad checksum', async (t) => {
  const f = getFixture();
  const fetcher = createFileFetcher();
  const notRepo = await t.throwsAsync(openOstreeRepo(pathToFileURL(tmpdir()).href, fetcher), {
    instanceOf: OstreeError,
  });
  t.is(notRepo?.code, 'ERR_OSTREE_NOT_A_REPO');
  const repo = await openOstreeRepo(pathToFileURL(f.path).href, fetcher);
  const missing = await t.throwsAsync(repo.readCommit('0'.repeat(64)), { instanceOf: OstreeError });
  t.is(missing?.code, 'ERR_OSTREE_OBJECT_MISSING');
  const badSum = await t.throwsAsync(repo.readCommit('xyz'), { instanceOf: OstreeError });
  t.is(badSum?.code, 'ERR_OSTREE_BAD_CHECKSUM');
  t.is(await repo.readDetachedMetadata(f.compose.checksum), null);
  // Copy the repo and flip one byte of a commit: the name no longer matches.
  const copy = mkdtempSync(join(tmpdir(), 'cm-tamper-'));
  cpSync(f.path, copy, { recursive: true });
  const file = objectPath(copy, f.compose.checksum);
  const bytes = readFileSync(file);
  bytes[bytes.length - 40]! ^= 1;
  writeFileSync(file, bytes);
  const tampered = await openOstreeRepo(pathToFileURL(copy).href, fetcher);
  const mismatch = await t.throwsAsync(tampered.readCommit(f.compose.checksum), { instanceOf: OstreeError });
  t.is(mismatch?.code, 'ERR_OSTREE_CHECKSUM_MISMATCH');
  // Detached metadata is not content-addressed: a malformed one is a GVariantError naming its URL.
  writeFileSync(
    objectPath(copy, f.compose.checksum).replace(/\.commit$/, '.commitmeta'),
    Buffer.from([1, 2, 3]),
  );
  const malformed = await t.throwsAsync(tampered.readDetachedMetadata(f.compose.checksum), {
    instanceOf: GVariantError,
  });
  t.true(malformed?.message.startsWith(`${tampered.url}objects/`));
  t.regex(malformed?.subject ?? '', /\.commitmeta$/);
});

function objectPath(repo: string, checksum: string): string {
  return join(repo, 'objects', checksum.slice(0, 2), `${checksum.slice(2)}.commit`);
}
