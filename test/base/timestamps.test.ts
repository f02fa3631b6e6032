import test from 'ava';
import { bswap64, repairJsonTimestamp, repairTimestamp } from '../../src/base/timestamps.js';

test('the garbled value of rpm-ostree status --json repairs to the real timestamp (FACTS.md §2)', (t) => {
  // Pair from rpm-ostree's own workstation-status.json fixture: base repo 'fedora' vs the layered value.
  t.deepEqual(repairJsonTimestamp(-2945197617627267072), { timestamp: 1603150039, swapped: true });
  t.deepEqual(repairJsonTimestamp(1603150039), { timestamp: 1603150039, swapped: false });
});

test('implausible in both orders is refused, not guessed', (t) => {
  t.is(repairTimestamp(12345n), null);
  t.is(repairJsonTimestamp(1.5), null);
  t.is(repairJsonTimestamp('1603150039'), null);
  t.is(bswap64(0x0102030405060708n), 0x0807060504030201n);
  t.is(bswap64(-1n), 0xffffffffffffffffn);
});
