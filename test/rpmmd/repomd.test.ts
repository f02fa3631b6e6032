import test from 'ava';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseRepomd } from '../../src/rpmmd/repomd.js';
import { collectPrimary, expectedFromRecord } from '../../src/rpmmd/read-primary.js';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadTruth, osRepoUrl, worldRoot } from '../helpers/world.js';
import { RepodataError } from '../../src/rpmmd/errors.js';

// Every retained, usable compose of the world: repodata written by createrepo_c, updateinfo added later.
const usable = loadTruth().composes.filter((c) => c.repoTimestamp !== null && !c.pruned && c.hasRepodata);

test('repomd.xml of every world compose: largest timestamp is the updateinfo one, not <revision>', (t) => {
  t.true(usable.length >= 5);
  for (const compose of usable) {
    const repo = fileURLToPath(osRepoUrl(worldRoot, compose));
    const repomd = parseRepomd(readFileSync(join(repo, 'repodata/repomd.xml'), 'utf8'));
    t.is(repomd.largestTimestamp, compose.repoTimestamp ?? -1, compose.id);
    t.is(repomd.revision, String(compose.revision), compose.id);
    t.true(repomd.largestTimestamp > Number(repomd.revision), compose.id);
  }
});

test('primary.xml of a world compose matches its repomd checksums and the truth', async (t) => {
  const compose = usable[usable.length - 1]!;
  const repo = fileURLToPath(osRepoUrl(worldRoot, compose));
  const repomd = parseRepomd(readFileSync(join(repo, 'repodata/repomd.xml'), 'utf8'));
  const primary = repomd.records.find((r) => r.type === 'primary')!;
  const gz = readFileSync(join(repo, primary.location));
  t.is(createHash(primary.checksum.type).update(gz).digest('hex'), primary.checksum.value);
  const packages = await collectPrimary([gz], { expected: expectedFromRecord(primary), compression: 'gzip' });
  const nevra = (p: { name: string; version: string; release: string; arch: string }) =>
    `${p.name}-${p.version}-${p.release}.${p.arch}`;
  t.deepEqual(packages.map(nevra).sort(), compose.packages.map(nevra).sort());
});

const doc = (records: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1.10</revision>${records}</repomd>`;
const record = (type: string, ts: string) =>
  `<data type="${type}"><checksum type="sha256">AB</checksum><location href="repodata/${type}.xml.gz"/><timestamp>${ts}</timestamp><size>10</size><open-size>20</open-size></data>`;

test('values stay strings; the largest timestamp is the updateinfo one', (t) => {
  const repomd = parseRepomd(doc(record('primary', '1596240000') + record('updateinfo', '1596250000')));
  t.is(repomd.revision, '1.10');
  t.is(repomd.largestTimestamp, 1596250000);
  t.is(repomd.records[0]!.checksum.value, 'ab');
  t.is(repomd.records[0]!.openChecksum, null);
});

test('broken repomd.xml: typed errors', (t) => {
  const code = (xml: string) => (t.throws(() => parseRepomd(xml)) as RepodataError).code;
  t.is(code('<repomd><data type="primary">'), 'ERR_REPOMD_INVALID');
  t.is(code(doc(record('primary', 'soon'))), 'ERR_REPOMD_INVALID');
  t.is(code(doc('<data type="primary"><timestamp>1</timestamp></data>')), 'ERR_REPOMD_INVALID');
  t.is(code('<!DOCTYPE repomd [<!ENTITY a "b">]>' + doc(record('primary', '1'))), 'ERR_XML_ENTITY');
  t.is(code('<html/>'), 'ERR_REPOMD_INVALID');
});
