import test from 'ava';
import { RpmVersionError, type RpmVersionErrorCode } from '../../src/rpm/errors.js';
import { compareEvr, formatEvr, parseEvr } from '../../src/rpm/evr.js';
import type { Evr } from '../../src/rpm/types.js';
import { EVR_CASES } from './evr-cases.js';

const PARSED: readonly (readonly [string, Evr])[] = [
  ['1.0', { epoch: null, version: '1.0', release: null }],
  ['1.0-1', { epoch: null, version: '1.0', release: '1' }],
  ['2:1.0-3.fc32', { epoch: 2, version: '1.0', release: '3.fc32' }],
  ['0:1', { epoch: 0, version: '1', release: null }],
  ['007:1', { epoch: 7, version: '1', release: null }],
  ['4294967295:1', { epoch: 4294967295, version: '1', release: null }],
  // rpm's split: the release follows the last '-'; a ':' after non-digits is not an epoch.
  ['1.0-1-2', { epoch: null, version: '1.0-1', release: '2' }],
  ['a:1', { epoch: null, version: 'a:1', release: null }],
  ['1:2:3', { epoch: 1, version: '2:3', release: null }],
  ['1.0~rc1^git2-0.1', { epoch: null, version: '1.0~rc1^git2', release: '0.1' }],
];

test('parseEvr splits [E:]V[-R] as rpm does', (t) => {
  for (const [text, evr] of PARSED) t.deepEqual(parseEvr(text), evr, text);
});

test('formatEvr writes what parseEvr reads', (t) => {
  for (const [text, evr] of PARSED) {
    t.deepEqual(parseEvr(formatEvr(evr)), evr, text);
    if (!text.startsWith('007')) t.is(formatEvr(evr), text);
  }
  t.is(formatEvr({ epoch: 0, version: '1', release: '2' }), '0:1-2');
});

const MALFORMED: readonly (readonly [string, RpmVersionErrorCode])[] = [
  ['', 'ERR_EVR_MALFORMED'],
  [':1.0', 'ERR_EVR_MALFORMED'],
  ['1:', 'ERR_EVR_MALFORMED'],
  ['1:-1', 'ERR_EVR_MALFORMED'],
  ['-1', 'ERR_EVR_MALFORMED'],
  ['1.0-', 'ERR_EVR_MALFORMED'],
  [' 1.0', 'ERR_EVR_MALFORMED'],
  ['1.0 ', 'ERR_EVR_MALFORMED'],
  ['foo >= 1.0', 'ERR_EVR_MALFORMED'],
  ['1.0\n', 'ERR_EVR_MALFORMED'],
  ['1.0\u0000', 'ERR_EVR_MALFORMED'],
  ['4294967296:1', 'ERR_EPOCH_INVALID'],
  ['99999999999999999999:1', 'ERR_EPOCH_INVALID'],
];

test('parseEvr throws a typed error naming the malformed string', (t) => {
  for (const [text, code] of MALFORMED) {
    const error = t.throws(() => parseEvr(text), { instanceOf: RpmVersionError }, JSON.stringify(text));
    t.is(error?.code, code, JSON.stringify(text));
    t.is(error?.subject, text);
    t.is(error?.category, 'input');
    t.true(error?.message.includes(`'${text}'`), error?.message);
  }
});

test('compareEvr orders EVR strings as rpm does', (t) => {
  for (const [a, b, expected] of EVR_CASES) {
    t.is(compareEvr(a, b), expected, `compareEvr(${a}, ${b})`);
    t.is<number, number>(compareEvr(b, a), -expected || 0, `compareEvr(${b}, ${a})`);
  }
});

test('compareEvr takes Evr objects and strings alike', (t) => {
  for (const [a, b, expected] of EVR_CASES) {
    t.is(compareEvr(parseEvr(a), b), expected);
    t.is(compareEvr(a, parseEvr(b)), expected);
  }
  t.is(
    compareEvr({ epoch: null, version: '1.0', release: null }, { epoch: 0, version: '1.0', release: '' }),
    -1,
  );
});

test('compareEvr splits untidy strings as rpm does instead of throwing; parseEvr still rejects them', (t) => {
  // rpm.ver: an empty release is present (and sorts above an absent one); an empty epoch is 0.
  t.is(compareEvr('1.0-', '1.0'), 1);
  t.is(compareEvr(':1.0', '0:1.0'), 0);
  t.throws(() => parseEvr('1.0-'), { instanceOf: RpmVersionError, code: 'ERR_EVR_MALFORMED' });
});
