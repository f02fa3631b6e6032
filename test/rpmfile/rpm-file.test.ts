import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyRpmDigests } from '../../src/rpmfile/digests.js';
import { RpmFileError } from '../../src/rpmfile/errors.js';
import { headerNevra, headerSourceRpm } from '../../src/rpmfile/header-nevra.js';
import { headerInt32, headerStringArray } from '../../src/rpmfile/header-values.js';
import { readRpmFile } from '../../src/rpmfile/rpm-file.js';
import { spliceSignature } from '../../src/rpmfile/splice-signature.js';
import { RpmTag } from '../../src/rpmfile/tags.js';
import { buildRpms, checkSignature, makeTestKey, signCopy } from '../helpers/rpm-build.js';
import { asRpm6 } from '../helpers/rpm-v6.js';
import { testWithTools } from '../helpers/tools.js';

const withTools = testWithTools(
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { python: 'hashlib' },
);

const family = {
  name: 'kernel',
  version: '6.11.4',
  release: '301.fc41',
  packages: [
    { name: 'kernel-core' },
    { name: 'kernel-devel' },
    {
      name: 'kernel-devel-matched',
      requires: ['kernel-devel = 6.11.4-301.fc41', 'kernel-core = 6.11.4-301.fc41'],
    },
  ],
};

function qp(format: string, file: string): string {
  return execFileSync('rpm', ['-qp', '--nosignature', '--qf', format, file], { encoding: 'utf8' });
}

withTools('readRpmFile reads what rpm -qp reads, and the digests rpm records match the bytes', (t) => {
  const rpms = buildRpms(family);
  const key = makeTestKey();
  const signedDir = mkdtempSync(join(tmpdir(), 'cm-signed-'));
  for (const path of rpms.values()) {
    for (const file of [path, signCopy(path, key, signedDir)]) {
      const bytes = readFileSync(file);
      const layout = readRpmFile(bytes);
      const n = headerNevra(layout.header);
      t.is(
        `${n.name} ${n.version} ${n.release} ${n.arch} ${headerSourceRpm(layout.header)}`,
        qp('%{NAME} %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM}', file),
      );
      t.deepEqual(
        headerStringArray(layout.header, RpmTag.REQUIRENAME) ?? [],
        qp('[%{REQUIRENAME}\\n]', file)
          .split('\n')
          .filter((l) => l !== ''),
      );
      const d = verifyRpmDigests(bytes, layout, file);
      t.is(d.headerSha256, qp('%{SHA256HEADER}', file));
      t.is(d.payloadDigest, qp('%{PAYLOADDIGEST}', file));
    }
  }
});

withTools(
  'a Koji-style sigcache header spliced onto the unsigned RPM gives the signed bytes, and rpm -K passes',
  (t) => {
    const rpms = buildRpms(family);
    const key = makeTestKey();
    const unsigned = rpms.get('kernel-devel-matched')!;
    const signed = signCopy(unsigned, key, mkdtempSync(join(tmpdir(), 'cm-signed-')));
    const signedBytes = readFileSync(signed);
    // Koji's sigcache file: the signed file's signature header, magic through padding (rip_rpm_sighdr).
    const layout = readRpmFile(signedBytes);
    const sig = signedBytes.subarray(layout.signatureOffset, layout.signatureEnd);
    t.is(sig.length % 8, 0);
    const unsignedBytes = readFileSync(unsigned);
    t.notDeepEqual(unsignedBytes, signedBytes);
    const rebuilt = spliceSignature(unsignedBytes, sig);
    t.true(Buffer.from(rebuilt).equals(signedBytes));
    const out = join(mkdtempSync(join(tmpdir(), 'cm-rebuilt-')), 'rebuilt.rpm');
    writeFileSync(out, rebuilt);
    const check = checkSignature(out, key);
    t.is(check.status, 0, check.output);
    t.regex(check.output, /Signature, key ID [0-9a-f]+: OK/);
    // The same .sig on another package of the build does not fit its header: rpm and we both refuse it.
    const other = spliceSignature(readFileSync(rpms.get('kernel-core')!), sig);
    const otherLayout = readRpmFile(other);
    const error = t.throws(() => verifyRpmDigests(other, otherLayout, 'kernel-core'), {
      instanceOf: RpmFileError,
    });
    t.is(error?.code, 'ERR_RPM_FILE_DIGEST_MISMATCH');
    t.is(error?.subject, 'kernel-core');
  },
);

withTools('a damaged payload is a digest mismatch; a non-RPM is a bad lead', (t) => {
  const bytes = Buffer.from(readFileSync(buildRpms(family).get('kernel-core')!));
  const layout = readRpmFile(bytes);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
  const error = t.throws(() => verifyRpmDigests(bytes, layout), { instanceOf: RpmFileError });
  t.regex(error?.message ?? '', /Payload sha256/);
  const lead = t.throws(() => readRpmFile(new TextEncoder().encode('<html>not found</html>')), {
    instanceOf: RpmFileError,
  });
  t.is(lead?.code, 'ERR_RPM_FILE_BAD_LEAD');
});

withTools(
  'an rpm 6 package (no PAYLOADDIGESTALGO; SHA-512, SHA3-256 payload and SHA3-256 header digests) is checked whole',
  (t) => {
    // Debian's rpm 4.18 cannot write format 6, so a real rpmbuild output is reshaped.
    const rpm = buildRpms(family).get('kernel-core')!;
    const v6 = asRpm6(rpm);
    // rpm itself agrees the reshaped file's header digests, payload SHA-256 and MD5 hold.
    const k = execFileSync('rpm', ['-Kv', '--nosignature', v6], { encoding: 'utf8' });
    t.regex(k, /Header SHA256 digest: OK/);
    t.regex(k, /Payload SHA256 digest: OK/);
    t.notRegex(k, /BAD|NOTFOUND/);
    const bytes = readFileSync(v6);
    const layout = readRpmFile(bytes);
    t.is(headerInt32(layout.header, RpmTag.PAYLOADDIGESTALGO), null);
    const d = verifyRpmDigests(bytes, layout, v6);
    t.deepEqual(
      d.checks.map((c) => `${c.covers} ${c.tag} ${c.algorithm}`),
      [
        'header 279 sha3-256',
        'header 273 sha256',
        'payload 5123 sha3-256',
        'payload 5121 sha512',
        'payload 5092 sha256',
      ],
    );
    t.is(d.payloadAlgorithm, 'sha256');
    // Each of rpm 6's new digests is checked: a wrong one fails though SHA-256 holds.
    for (const [tag, what] of [
      [RpmTag.SHA3_256HEADER, /^Header sha3-256 /],
      [RpmTag.PAYLOADSHA512, /^Payload sha512 /],
      [RpmTag.PAYLOADSHA3_256, /^Payload sha3-256 /],
    ] as const) {
      const damaged = readFileSync(asRpm6(rpm, tag));
      const error = t.throws(() => verifyRpmDigests(damaged, readRpmFile(damaged), 'v6'), {
        instanceOf: RpmFileError,
      });
      t.is(error?.code, 'ERR_RPM_FILE_DIGEST_MISMATCH', `tag ${tag}`);
      t.regex(error?.message ?? '', what);
    }
  },
);
