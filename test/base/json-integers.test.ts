import test from 'ava';
import { jsonIntegerDigits, parseJsonKeepingIntegers } from '../../src/base/json-integers.js';
import { repairJsonTimestamp } from '../../src/base/timestamps.js';

test('unsafe integers keep their digits; everything else parses as JSON.parse does', (t) => {
  const text =
    '{"repos":[{"id":"x","timestamp":1053029086517002240},{"timestamp":-2945197617627267072}],' +
    '"s":"a \\"1053029086517002241\\" in a string","f":12345678901234567890.5,"e":1e300,"safe":9007199254740991,' +
    '"10":18446744073709551615}';
  const value = parseJsonKeepingIntegers(text) as {
    repos: { timestamp: number }[];
    s: string;
    f: number;
    safe: number;
    '10': number;
  };
  t.deepEqual(value, JSON.parse(text));
  t.is(jsonIntegerDigits(value.repos[0]!, 'timestamp'), '1053029086517002240');
  t.is(jsonIntegerDigits(value.repos[1]!, 'timestamp'), '-2945197617627267072');
  t.is(jsonIntegerDigits(value, '10'), '18446744073709551615');
  t.is(jsonIntegerDigits(value, 'safe'), undefined);
  t.is(jsonIntegerDigits(value, 'f'), undefined);
  t.is(value.s, 'a "1053029086517002241" in a string');
});

test('a document that spells the marker in a string parses plainly', (t) => {
  const text = '{"a":"\\u0000int:0","b":1053029086517002240}';
  const value = parseJsonKeepingIntegers(text) as Record<string, unknown>;
  t.deepEqual(value, JSON.parse(text));
  t.is(jsonIntegerDigits(value, 'b'), undefined);
});

test('invalid JSON throws as JSON.parse does', (t) => {
  t.throws(() => parseJsonKeepingIntegers('{"a": 1053029086517002240,}'), { instanceOf: SyntaxError });
  t.throws(() => parseJsonKeepingIntegers('{"a": -}'), { instanceOf: SyntaxError });
});

test('the repair uses the written digits: a value that only its double makes plausible is refused', (t) => {
  // 1053029086517002241 is no byte-swapped timestamp (its low bits are not zero), but its double is.
  t.is(repairJsonTimestamp(Number('1053029086517002241'), '1053029086517002241'), null);
  t.deepEqual(repairJsonTimestamp(Number('1053029086517002240'), '1053029086517002240'), {
    timestamp: 1612487950,
    swapped: true,
  });
});
