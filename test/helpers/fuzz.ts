/**
 * Test-only: the loop every reader's fuzz test shares. Seeded mutations of real inputs; each case
 * must parse or throw one of our typed errors (a ComposeMatchError with an `ERR_` code), and no
 * case may be slow (the best of three runs, so a GC pause on shared cores is not a finding).
 */
import type { ExecutionContext } from 'ava';
import { performance } from 'node:perf_hooks';
import { ComposeMatchError } from '../../src/errors.js';
import { prng } from './prng.js';

/** What {@link fuzz} runs. */
export interface FuzzPlan<T> {
  cases: number;
  seed: number;
  /** Real inputs, made by the real tools. */
  seeds: readonly T[];
  mutate(input: T, rand: () => number): T;
  /** Reads the input as a caller would; throws what the reader throws. */
  attempt(input: T): Promise<void> | void;
  /** The slowest a case may be, ms (loose: a bound on runaway work, not a benchmark). */
  limitMs: number;
}

/** Runs `plan`; fails `t` on the first foreign error. Returns how many cases were refused. */
export async function fuzz<T>(
  t: ExecutionContext,
  plan: FuzzPlan<T>,
): Promise<{ refused: number; slowest: number }> {
  const rand = prng(plan.seed);
  let refused = 0;
  let slowest = 0;
  for (let i = 0; i < plan.cases; i++) {
    const input = plan.mutate(plan.seeds[i % plan.seeds.length]!, rand);
    let outcome: unknown = null;
    let best = Infinity;
    for (let run = 0; run < 3 && best >= plan.limitMs; run++) {
      const start = performance.now();
      try {
        await plan.attempt(input);
        outcome = null;
      } catch (error) {
        outcome = error;
      }
      best = Math.min(best, performance.now() - start);
    }
    slowest = Math.max(slowest, best);
    if (outcome !== null) {
      if (!(outcome instanceof ComposeMatchError) || !/^ERR_[A-Z0-9_]+$/.test(outcome.code)) {
        t.fail(
          `case ${i}: not one of our typed errors: ${outcome instanceof Error ? (outcome.stack ?? outcome.message) : String(outcome)}`,
        );
        return { refused, slowest };
      }
      refused++;
    }
  }
  t.true(slowest < plan.limitMs, `slowest case took ${slowest.toFixed(1)} ms`);
  t.log(`${refused} of ${plan.cases} refused with a typed error; slowest ${slowest.toFixed(1)} ms`);
  return { refused, slowest };
}

/** Edge values worth writing into length and offset fields. */
export const edgeValues = [0, 1, 7, 8, 511, 512, 0xffff, 0x10000, 0x7fffffff, 0xffffffff] as const;

/** Bit flips, byte runs, 32-bit edge values, truncation and duplicated slices over `data`. */
export function mutateBytes(data: Uint8Array, rand: () => number): Uint8Array {
  let out = Uint8Array.from(data);
  const rounds = 1 + Math.floor(rand() * 4);
  for (let r = 0; r < rounds && out.length > 0; r++) {
    const at = Math.floor(rand() * out.length);
    const kind = rand();
    if (kind < 0.35) out[at] = out[at]! ^ (1 << Math.floor(rand() * 8));
    else if (kind < 0.6 && at + 4 <= out.length) {
      const value =
        rand() < 0.6 ? edgeValues[Math.floor(rand() * edgeValues.length)]! : Math.floor(rand() * 2 ** 32);
      new DataView(out.buffer).setUint32(at, value, rand() < 0.5);
    } else if (kind < 0.75) out = out.subarray(0, at);
    else if (kind < 0.9)
      out.fill(Math.floor(rand() * 256), at, Math.min(out.length, at + Math.floor(rand() * 64)));
    else {
      const from = Math.floor(rand() * out.length);
      const slice = out.subarray(from, from + Math.floor(rand() * 1024));
      const grown = new Uint8Array(out.length + slice.length);
      grown.set(out.subarray(0, at));
      grown.set(slice, at);
      grown.set(out.subarray(at), at + slice.length);
      out = grown;
    }
  }
  return out;
}
