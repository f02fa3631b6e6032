/**
 * Small NEVRA helpers the planner's steps share: rpm's equality, the arches a build for the base
 * may have, and a NEVRA in the form the report prints (epoch 0 as none).
 */
import { compareNevra } from '../../rpm/nevra-order.js';
import type { Nevra } from '../../rpm/types.js';
import type { PlanBase } from './types.js';

/** Same package, epoch 0 and none being equal (rpm's view). */
export function sameNevra(a: Nevra, b: Nevra): boolean {
  return compareNevra(a, b) === 0;
}

/** The arches a build for this base may have: the member's, the base's, `noarch`, in that order. */
export function candidateArches(base: PlanBase, first: string | null): string[] {
  return [...new Set([first, base.arch, 'noarch'].filter((a): a is string => a !== null))];
}

/** Just the NEVRA of a package record, epoch 0 written as none (how the report and Koji name it). */
export function nevraOf(p: Nevra): Nevra {
  return {
    name: p.name,
    epoch: p.epoch === 0 ? null : p.epoch,
    version: p.version,
    release: p.release,
    arch: p.arch,
  };
}

/** `list` without repeats (rpm's equality and the same arch). */
export function dedupe(list: Nevra[]): Nevra[] {
  return list.filter((n, i) => list.findIndex((m) => sameNevra(m, n) && m.arch === n.arch) === i);
}
