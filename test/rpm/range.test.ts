import test from 'ava';
import { RpmVersionError } from '../../src/rpm/errors.js';
import { rangesOverlap, satisfies, type DepFlag } from '../../src/rpm/range.js';
import { RANGE_CASES } from './range-cases.js';

test('rangesOverlap follows rpmdsCompare', (t) => {
  for (const [provide, require, overlap] of RANGE_CASES) {
    const label = `${JSON.stringify(provide)} vs ${JSON.stringify(require)}`;
    t.is(rangesOverlap(provide, require), overlap, label);
    // Overlap is symmetric.
    t.is(rangesOverlap(require, provide), overlap, `swapped: ${label}`);
  }
});

test('satisfies needs the same name and an overlapping range', (t) => {
  const provide = { name: 'foo', flags: 'EQ', evr: '1.0-2' } as const;
  t.true(satisfies(provide, { name: 'foo', flags: 'GE', evr: '1.0' }));
  t.false(satisfies(provide, { name: 'bar', flags: 'GE', evr: '1.0' }));
  t.false(satisfies(provide, { name: 'foo', flags: 'GT', evr: '1.0' }));
  t.true(satisfies(provide, { name: 'foo' }));
  t.true(satisfies({ name: 'foo', flags: 'EQ', evr: { epoch: 0, version: '1.0', release: null } }, provide));
});

test('rangesOverlap rejects unknown flags and malformed EVRs', (t) => {
  t.throws(() => rangesOverlap({ flags: 'ge' as DepFlag, evr: '1' }, { flags: 'EQ', evr: '1' }), {
    instanceOf: RpmVersionError,
    code: 'ERR_DEP_FLAGS_INVALID',
  });
  t.throws(() => rangesOverlap({ flags: 'EQ', evr: '1.0-' }, { flags: 'EQ', evr: '1' }), {
    instanceOf: RpmVersionError,
    code: 'ERR_EVR_MALFORMED',
  });
});
