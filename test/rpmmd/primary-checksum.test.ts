/**
 * `withChecksum`: each package's `<checksum>` as createrepo_c wrote it (its Python binding is the
 * oracle, and sha256sum of the files agrees), the same from the fast path and the strict walk at
 * every chunking, and refused when a download could not be verified against it.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { PrimaryScanner } from '../../src/rpmmd/primary-scanner.js';
import { collectPrimary } from '../../src/rpmmd/read-primary.js';
import { findRecord, parseRepomd } from '../../src/rpmmd/repomd.js';
import { RepodataError } from '../../src/rpmmd/errors.js';
import { repoWith } from '../helpers/scan-repos.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const tools = testWithTools({ command: 'rpmbuild' }, { command: 'createrepo_c' }, { python: 'createrepo_c' });

const oracleScript = `
import sys, json, createrepo_c as cr
md = cr.Repomd(sys.argv[1] + '/repodata/repomd.xml')
primary = [r for r in md.records if r.type == 'primary'][0]
out = {}
def cb(pkg):
    out[pkg.location_href] = [pkg.checksum_type, pkg.pkgId]
cr.xml_parse_primary(sys.argv[1] + '/' + primary.location_href, pkgcb=cb, do_files=False)
print(json.dumps(out))
`;

function primaryXml(dir: string): Buffer {
  const repomd = parseRepomd(readFileSync(join(dir, 'repodata/repomd.xml'), 'utf8'));
  return gunzipSync(readFileSync(join(dir, findRecord(repomd, 'primary')!.location)));
}

function scan(xml: Buffer, strict: boolean, size: number) {
  const scanner = new PrimaryScanner({ strict, withChecksum: true, withDeps: true });
  const out = [];
  for (let i = 0; i < xml.length; i += size) out.push(...scanner.feed(xml.subarray(i, i + size)));
  scanner.finish();
  return out;
}

tools('package checksums equal createrepo_c reading and the files own SHA-256', async (t) => {
  const dir = repoWith('gz');
  const truth = JSON.parse(
    execFileSync(systemPython, ['-c', oracleScript, dir], { encoding: 'utf8' }),
  ) as Record<string, [string, string]>;
  const packages = await collectPrimary([primaryXml(dir)], { withChecksum: true });
  t.true(packages.length >= 4);
  for (const p of packages) {
    t.deepEqual([p.checksum?.type, p.checksum?.value], truth[p.location], p.location);
    const sha = createHash('sha256')
      .update(readFileSync(join(dir, p.location)))
      .digest('hex');
    t.is(p.checksum?.value, sha, p.location);
  }
  // Without the option the field is absent, as before.
  const plain = await collectPrimary([primaryXml(dir)]);
  t.false('checksum' in plain[0]!);
});

tools('fast path and strict walk return the same checksums at every chunking', (t) => {
  const xml = primaryXml(repoWith('gz'));
  const reference = scan(xml, true, xml.length);
  t.true(reference.every((p) => p.checksum !== null && p.checksum !== undefined));
  for (const size of [1, 13, 4096]) {
    t.deepEqual(scan(xml, false, size), reference, `fast, chunks of ${size}`);
    t.deepEqual(scan(xml, true, size), reference, `strict, chunks of ${size}`);
  }
});

const one = (checksum: string) => `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="1">
<package type="rpm">
  <name>a</name>
  <arch>noarch</arch>
  <version epoch="0" ver="1" rel="1"/>
  ${checksum}
  <location href="a-1-1.noarch.rpm"/>
  <format><rpm:sourcerpm>a-1-1.src.rpm</rpm:sourcerpm></format>
</package>
</metadata>
`;

test('a checksum after <location>, upper-case hex, or none: both paths agree', (t) => {
  const cases: [string, { type: string; value: string } | null][] = [
    ['<checksum type="sha256" pkgid="YES">ABCDEF01</checksum>', { type: 'sha256', value: 'abcdef01' }],
    ['', null],
    ['<checksum type="sha256"/>', null],
  ];
  for (const [checksum, expected] of cases) {
    const xml = Buffer.from(one(checksum));
    for (const strict of [true, false]) t.deepEqual(scan(xml, strict, 7)[0]!.checksum, expected, checksum);
  }
  // Moved after <location>: the fast path declines, the walk still finds it.
  const moved = Buffer.from(one('').replace('<format>', '<checksum type="sha512">00ff</checksum><format>'));
  for (const strict of [true, false])
    t.deepEqual(scan(moved, strict, 5)[0]!.checksum, { type: 'sha512', value: '00ff' });
});

test('a checksum without a type or not hex is ERR_PRIMARY_INVALID', (t) => {
  for (const bad of ['<checksum>abcd</checksum>', '<checksum type="sha256">xyz</checksum>']) {
    for (const strict of [true, false]) {
      const error = t.throws(() => scan(Buffer.from(one(bad)), strict, 64), { instanceOf: RepodataError });
      t.is(error.code, 'ERR_PRIMARY_INVALID', bad);
    }
  }
});
