import test from 'ava';
import { RpmVersionError, type RpmVersionErrorCode } from '../../src/rpm/errors.js';
import { formatNevra, parseNevra } from '../../src/rpm/nevra.js';
import { NevraSchema } from '../../src/rpm/schema.js';
import type { Nevra } from '../../src/rpm/types.js';

const nevra = (
  name: string,
  epoch: number | null,
  version: string,
  release: string,
  arch: string,
): Nevra => ({
  name,
  epoch,
  version,
  release,
  arch,
});

// [input, parsed, canonical formatNevra output]
const FORMS: readonly (readonly [string, Nevra, string])[] = [
  [
    'bash-5.0.17-1.fc32.x86_64',
    nevra('bash', null, '5.0.17', '1.fc32', 'x86_64'),
    'bash-5.0.17-1.fc32.x86_64',
  ],
  [
    'bash-1:5.0.17-1.fc32.x86_64',
    nevra('bash', 1, '5.0.17', '1.fc32', 'x86_64'),
    'bash-1:5.0.17-1.fc32.x86_64',
  ],
  [
    '1:bash-5.0.17-1.fc32.x86_64',
    nevra('bash', 1, '5.0.17', '1.fc32', 'x86_64'),
    'bash-1:5.0.17-1.fc32.x86_64',
  ],
  [
    'bash-5.0.17-1.fc32.x86_64.rpm',
    nevra('bash', null, '5.0.17', '1.fc32', 'x86_64'),
    'bash-5.0.17-1.fc32.x86_64',
  ],
  [
    '1:bash-5.0.17-1.fc32.x86_64.rpm',
    nevra('bash', 1, '5.0.17', '1.fc32', 'x86_64'),
    'bash-1:5.0.17-1.fc32.x86_64',
  ],
  [
    'bash-0:5.0.17-1.fc32.x86_64',
    nevra('bash', 0, '5.0.17', '1.fc32', 'x86_64'),
    'bash-0:5.0.17-1.fc32.x86_64',
  ],
  ['glibc-2.31-2.fc32.src', nevra('glibc', null, '2.31', '2.fc32', 'src'), 'glibc-2.31-2.fc32.src'],
  [
    'fedora-release-32-1.noarch',
    nevra('fedora-release', null, '32', '1', 'noarch'),
    'fedora-release-32-1.noarch',
  ],
  [
    'python3-3.8.2-1.fc32.x86_64',
    nevra('python3', null, '3.8.2', '1.fc32', 'x86_64'),
    'python3-3.8.2-1.fc32.x86_64',
  ],
  [
    'kernel-core-5.6.6-300.fc32.x86_64',
    nevra('kernel-core', null, '5.6.6', '300.fc32', 'x86_64'),
    'kernel-core-5.6.6-300.fc32.x86_64',
  ],
  [
    'ntfs-3g-2:2017.3.23-13.fc32.x86_64',
    nevra('ntfs-3g', 2, '2017.3.23', '13.fc32', 'x86_64'),
    'ntfs-3g-2:2017.3.23-13.fc32.x86_64',
  ],
  [
    'perl-Net-SSLeay-1.88-3.fc32.i686',
    nevra('perl-Net-SSLeay', null, '1.88', '3.fc32', 'i686'),
    'perl-Net-SSLeay-1.88-3.fc32.i686',
  ],
  [
    'gcc-c++-10.0.1-0.11.fc32.aarch64',
    nevra('gcc-c++', null, '10.0.1', '0.11.fc32', 'aarch64'),
    'gcc-c++-10.0.1-0.11.fc32.aarch64',
  ],
  [
    'NetworkManager-1:1.22.10-1.fc32.x86_64',
    nevra('NetworkManager', 1, '1.22.10', '1.fc32', 'x86_64'),
    'NetworkManager-1:1.22.10-1.fc32.x86_64',
  ],
  [
    'foo-1.0~rc1^git2-1.fc32.noarch',
    nevra('foo', null, '1.0~rc1^git2', '1.fc32', 'noarch'),
    'foo-1.0~rc1^git2-1.fc32.noarch',
  ],
  ['2048-cli-0.9.1-1.x86_64', nevra('2048-cli', null, '0.9.1', '1', 'x86_64'), '2048-cli-0.9.1-1.x86_64'],
  ['foo-1-1.custom_arch9', nevra('foo', null, '1', '1', 'custom_arch9'), 'foo-1-1.custom_arch9'],
];

test('parseNevra reads every form seen in the wild', (t) => {
  for (const [text, parsed] of FORMS) t.deepEqual(parseNevra(text), parsed, text);
});

test('formatNevra writes the canonical name-[E:]V-R.A form, which parses back to the same Nevra', (t) => {
  for (const [text, parsed, canonical] of FORMS) {
    t.is(formatNevra(parsed), canonical, text);
    t.deepEqual(parseNevra(formatNevra(parsed)), parsed, text);
    t.is(formatNevra(parseNevra(canonical)), canonical);
  }
});

test('parsed NEVRAs satisfy NevraSchema', (t) => {
  for (const [text] of FORMS) t.notThrows(() => NevraSchema.parse(parseNevra(text)), text);
});

const MALFORMED: readonly (readonly [string, RpmVersionErrorCode])[] = [
  ['', 'ERR_NEVRA_MALFORMED'],
  ['bash', 'ERR_NEVRA_MALFORMED'],
  ['bash.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1.fc32.', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1.x86-64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1.rpm', 'ERR_NEVRA_MALFORMED'],
  ['-5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash--1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash--5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['1:bash-2:5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-:5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  [':bash-5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1:2.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['1:-5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-1:-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash 5.0-1.x86_64', 'ERR_NEVRA_MALFORMED'],
  ['bash-5.0-1.x86_64\n', 'ERR_NEVRA_MALFORMED'],
  ['Packages/b/bash-5.0-1.x86_64.rpm', 'ERR_NEVRA_MALFORMED'],
  ['bash-4294967296:5.0-1.x86_64', 'ERR_EPOCH_INVALID'],
];

test('parseNevra throws a typed error naming the malformed string', (t) => {
  for (const [text, code] of MALFORMED) {
    const error = t.throws(() => parseNevra(text), { instanceOf: RpmVersionError }, JSON.stringify(text));
    t.is(error?.code, code, JSON.stringify(text));
    t.is(error?.subject, text);
    t.true(error?.message.includes(`'${text}'`), error?.message);
  }
});
