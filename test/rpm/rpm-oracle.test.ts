/**
 * Differential test: our answers against rpm 4.18's own (python3-rpm), on generated inputs and on
 * every table vector, all asked in one python process.
 */
import type { ExecutionContext } from 'ava';
import { compareEvr } from '../../src/rpm/evr.js';
import { rangesOverlap, type DepRange } from '../../src/rpm/range.js';
import { rpmvercmp } from '../../src/rpm/vercmp.js';
import { askRpm, type DsTuple, type OracleResponse } from '../helpers/rpm-oracle.js';
import { testWithTools } from '../helpers/tools.js';
import { generateEvrPairs, generateRangePairs, generateVersionPairs } from '../helpers/version-gen.js';
import { EVR_CASES } from './evr-cases.js';
import { RANGE_CASES } from './range-cases.js';
import { RPM_AT, RULES } from './vercmp-cases.js';

const test = testWithTools({ python: 'rpm' });

const VERSION_PAIRS = generateVersionPairs(20200428, 10_000);
const EVR_PAIRS = generateEvrPairs(32, 2_000);
const RANGE_PAIRS = generateRangePairs(400, 3_000);
const TABLE_VERSIONS = [...RPM_AT, ...RULES];

const SENSE = { EQ: 8, LT: 2, LE: 10, GT: 4, GE: 12, '=': 8, '<': 2, '<=': 10, '>': 4, '>=': 12 } as const;
const dsTuple = (range: DepRange): DsTuple => {
  const evr = range.evr ?? '';
  if (typeof evr !== 'string') throw new Error('range cases are written as strings');
  return [range.flags === null || range.flags === undefined ? 0 : SENSE[range.flags], evr];
};

let answers: OracleResponse | undefined;
/** Asked once, on first use, so a skipped run never starts python. */
function rpmSays(): OracleResponse {
  answers ??= askRpm({
    vercmp: [...VERSION_PAIRS, ...TABLE_VERSIONS.map(([a, b]) => [a, b] as const)],
    ver: [
      ...EVR_PAIRS.map(([a, b]) => [a.text, b.text] as const),
      ...EVR_CASES.map(([a, b]) => [a, b] as const),
    ],
    label: EVR_PAIRS.map(([a, b]) => [
      [a.epoch, a.version, a.release],
      [b.epoch, b.version, b.release],
    ]),
    overlap: [...RANGE_PAIRS, ...RANGE_CASES].map(([p, r]) => [dsTuple(p), dsTuple(r)] as const),
  });
  return answers;
}

/** Asserts zero disagreements, listing the first few, and that the answers are not all alike. */
function agree<T>(
  t: ExecutionContext,
  inputs: readonly unknown[],
  ours: readonly T[],
  theirs: readonly T[],
): void {
  t.is(theirs.length, inputs.length, 'rpm answered every question');
  const disagreements = inputs
    .map((input, i) => ({ input, ours: ours[i], rpm: theirs[i] }))
    .filter((d) => d.ours !== d.rpm);
  t.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} of ${inputs.length} disagree`);
  t.true(new Set(theirs).size > 1, 'the inputs exercise more than one outcome');
  t.log(`${inputs.length} compared, ${disagreements.length} disagreements`);
}

test('rpmvercmp agrees with rpm on 10,000 generated version pairs', (t) => {
  const rpm = rpmSays().vercmp.slice(0, VERSION_PAIRS.length);
  agree(
    t,
    VERSION_PAIRS,
    VERSION_PAIRS.map(([a, b]) => rpmvercmp(a, b)),
    rpm,
  );
  // The generator covers what the rules are about.
  const some = (re: RegExp): number => VERSION_PAIRS.filter(([a, b]) => re.test(a) || re.test(b)).length;
  for (const [what, re] of [
    ['~', /~/],
    ['^', /\^/],
    ['leading zeros', /(^|[^0-9])0[0-9]/],
    ['letters', /[a-z]/],
    ['upper case', /[A-Z]/],
    ['mixed separators', /[._+%{}:-].*[._+%{}:-]/],
    ['non-ASCII', /[^\u0000-\u007f]/u],
    ['numbers beyond 2^53', /[0-9]{17}/],
  ] as const) {
    t.true(some(re) >= 200, `${what}: ${some(re)} pairs`);
  }
  t.true(VERSION_PAIRS.filter(([a, b]) => a === '' || b === '').length > 0, 'empty versions');
});

test("every rpmvercmp table vector (rpm's rpmvercmp.at and the rule cases) is rpm's answer", (t) => {
  const rpm = rpmSays().vercmp.slice(VERSION_PAIRS.length);
  agree(
    t,
    TABLE_VERSIONS,
    TABLE_VERSIONS.map(([, , expected]) => expected),
    rpm,
  );
});

test('compareEvr on 2,000 generated EVR strings agrees with rpm.ver ordering', (t) => {
  const rpm = rpmSays().ver.slice(0, EVR_PAIRS.length);
  agree(
    t,
    EVR_PAIRS.map(([a, b]) => [a.text, b.text]),
    EVR_PAIRS.map(([a, b]) => compareEvr(a.text, b.text)),
    rpm,
  );
  const epochs = EVR_PAIRS.filter(([a, b]) => a.epoch !== null && b.epoch === null).length;
  const noRelease = EVR_PAIRS.filter(([a, b]) => a.release === null || b.release === null).length;
  t.true(
    epochs > 200 && noRelease > 200,
    `${epochs} with one epoch missing, ${noRelease} with a release missing`,
  );
});

test('compareEvr on the same EVRs as objects agrees with rpm.labelCompare', (t) => {
  agree(
    t,
    EVR_PAIRS.map(([a, b]) => [a.text, b.text]),
    EVR_PAIRS.map(([a, b]) => compareEvr(a.evr, b.evr)),
    rpmSays().label,
  );
});

test('every compareEvr table vector is rpm.ver ordering', (t) => {
  agree(
    t,
    EVR_CASES,
    EVR_CASES.map(([, , expected]) => expected),
    rpmSays().ver.slice(EVR_PAIRS.length),
  );
});

test('rangesOverlap on 3,000 generated range pairs agrees with rpmdsCompare (rpm.ds.Compare)', (t) => {
  agree(
    t,
    RANGE_PAIRS,
    RANGE_PAIRS.map(([p, r]) => rangesOverlap(p, r)),
    rpmSays().overlap.slice(0, RANGE_PAIRS.length),
  );
});

test('every rangesOverlap table vector is rpmdsCompare', (t) => {
  agree(
    t,
    RANGE_CASES,
    RANGE_CASES.map(([, , overlap]) => overlap),
    rpmSays().overlap.slice(RANGE_PAIRS.length),
  );
});
