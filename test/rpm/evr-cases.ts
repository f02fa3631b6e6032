/**
 * compareEvr vectors from rpm's EVR ordering (rpmverCmp / labelCompare; FACTS §8): epoch first,
 * a missing epoch is 0, a missing release sorts below any release. The differential test checks
 * every one against rpm.ver.
 */
export type EvrCase = readonly [a: string, b: string, expected: -1 | 0 | 1];

export const EVR_CASES: readonly EvrCase[] = [
  ['1.0-1', '1.0-1', 0],
  ['0:1.0-1', '1.0-1', 0],
  ['1.0-1', '0:1.0-1', 0],
  ['1:1.0-1', '1.0-1', 1],
  ['1:1.0-1', '2.0-1', 1],
  ['2.0-1', '1:1.0-1', -1],
  ['10:1', '9:2', 1],
  ['01:1.0', '1:1.0', 0],
  ['1.0', '1.0-0', -1],
  ['1.0-0', '1.0', 1],
  ['1.0', '1.0', 0],
  ['1.0', '0:1.0', 0],
  ['1.0-1', '1.0-2', -1],
  ['1.0-10', '1.0-9', 1],
  ['1.0-1.fc32', '1.0-1.fc31', 1],
  ['1.0-1.fc32', '1.0-1.fc32.1', -1],
  ['1.0-2', '1.1-1', -1],
  ['1.0~rc1-1', '1.0-1', -1],
  ['1.0^git1-1', '1.0-1', 1],
  ['1.0-1~pre', '1.0-1', -1],
  // rpm splits at the last '-': version '1.0-1', release '2' against version '1.0', release '2'.
  ['1.0-1-2', '1.0-2', 1],
  ['1.0-1-2', '1.0.1-2', 0],
  // A ':' not after leading digits is part of the version.
  ['a:1', 'a.1', 0],
];
