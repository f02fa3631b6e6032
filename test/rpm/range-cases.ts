/**
 * rangesOverlap vectors from rpm's rpmdsCompare / rpmverOverlap rules (FACTS §8); the differential
 * test checks every one against rpm.ds(...).Compare.
 */
import type { DepRange } from '../../src/rpm/range.js';

export type RangeCase = readonly [provide: DepRange, require: DepRange, overlap: boolean];

export const RANGE_CASES: readonly RangeCase[] = [
  // Provides: foo = 1.0-2 against Requires: foo <op> 1.0 (missing release matches any with EQ).
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'GE', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'EQ', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'LE', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'GT', evr: '1.0' }, false],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'LT', evr: '1.0' }, false],
  // The other way round: the provide has no release.
  [{ flags: 'EQ', evr: '1.0' }, { flags: 'EQ', evr: '1.0-2' }, true],
  [{ flags: 'EQ', evr: '1.0' }, { flags: 'GT', evr: '1.0-2' }, true],
  [{ flags: 'EQ', evr: '1.0' }, { flags: 'LT', evr: '1.0-2' }, true],
  // Full EVRs on both sides.
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'GE', evr: '1.0-2' }, true],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'GE', evr: '1.0-3' }, false],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'LT', evr: '1.0-3' }, true],
  [{ flags: 'EQ', evr: '1.0-2' }, { flags: 'EQ', evr: '1.0-3' }, false],
  [{ flags: 'EQ', evr: '2.0' }, { flags: 'GE', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '0.9' }, { flags: 'GE', evr: '1.0' }, false],
  [{ flags: 'EQ', evr: '1.0~rc1' }, { flags: 'GE', evr: '1.0' }, false],
  [{ flags: 'EQ', evr: '1.0^git1' }, { flags: 'GT', evr: '1.0' }, true],
  // Two open ranges.
  [{ flags: 'LT', evr: '2.0' }, { flags: 'GT', evr: '1.0' }, true],
  [{ flags: 'LT', evr: '1.0' }, { flags: 'GT', evr: '2.0' }, false],
  [{ flags: 'LE', evr: '1.0' }, { flags: 'GE', evr: '1.0' }, true],
  [{ flags: 'LT', evr: '1.0' }, { flags: 'GT', evr: '1.0' }, false],
  [{ flags: 'LT', evr: '1.0' }, { flags: 'LT', evr: '1.0' }, true],
  [{ flags: 'GT', evr: '1.0' }, { flags: 'GT', evr: '1.0' }, true],
  // Epochs: a missing epoch is 0; a lone epoch counts only when above 0.
  [{ flags: 'EQ', evr: '1:0.9' }, { flags: 'GE', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '1:1.0' }, { flags: 'EQ', evr: '1.0' }, false],
  [{ flags: 'EQ', evr: '0:1.0' }, { flags: 'EQ', evr: '1.0' }, true],
  [{ flags: 'EQ', evr: '1.0' }, { flags: 'LT', evr: '1:0.1' }, true],
  [{ flags: 'EQ', evr: '2:1.0' }, { flags: 'GE', evr: '1:2.0' }, true],
  // Operator spelling is the same sense.
  [{ flags: '=', evr: '1.0-2' }, { flags: '>=', evr: '1.0' }, true],
  [{ flags: '=', evr: '1.0-2' }, { flags: '<', evr: '1.0' }, false],
  // Unversioned sides overlap everything.
  [{ flags: null, evr: null }, { flags: 'LT', evr: '0.1' }, true],
  [{ flags: 'EQ', evr: '1.0' }, { flags: null, evr: null }, true],
  [{ flags: 'EQ', evr: '' }, { flags: 'GT', evr: '5' }, true],
  [{}, { flags: 'GT', evr: '5' }, true],
];
