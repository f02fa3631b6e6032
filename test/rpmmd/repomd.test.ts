import test from 'ava';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseRepomd } from '../../src/rpmmd/repomd.js';
import { collectPrimary } from '../../src/rpmmd/read-primary.js';
import { RepodataError } from '../../src/rpmmd/errors.js';

const reference = new URL('../../../fixtures/scan/reference/', import.meta.url);

test('the createrepo_c reference repomd.xml', (t) => {
  const repomd = parseRepomd(
    readFileSync(new URL('createrepo_c-repo_koji_01-repomd.xml', reference), 'utf8'),
  );
  t.is(repomd.revision, '1552569257');
  const primary = repomd.records.find((r) => r.type === 'primary')!;
  t.is(primary.openChecksum?.value, 'c5153dc63472e2ec2e070c9e1d3f5623fc1f4c3aff2fa58df64b069ddf250ca1');
  t.is(primary.openSize, 3605);
  t.true(primary.location.endsWith('-primary.xml.gz'));
});

test('the reference primary.xml has the open-checksum its repomd states', async (t) => {
  const xml = readFileSync(new URL('createrepo_c-repo_koji_01-primary.xml', reference));
  const repomd = parseRepomd(
    readFileSync(new URL('createrepo_c-repo_koji_01-repomd.xml', reference), 'utf8'),
  );
  const primary = repomd.records.find((r) => r.type === 'primary')!;
  t.is(createHash('sha256').update(xml).digest('hex'), primary.openChecksum!.value);
  const packages = await collectPrimary([xml], {
    expected: { openChecksum: primary.openChecksum, openSize: primary.openSize },
  });
  t.deepEqual(
    packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`),
    ['dwm-6.1-6.fc27.x86_64', 'dwm-6.1-7.fc28.x86_64'],
  );
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
