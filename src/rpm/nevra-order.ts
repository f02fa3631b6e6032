/** How package lists are ordered and normalised everywhere (base images, rpmdb reads). */
import { compareEvr } from './evr.js';
import type { Nevra } from './types.js';

/** Epoch 0 and no epoch compare equal in rpm; both become `null` so every source agrees. */
export function normaliseEpoch(epoch: number | null): number | null {
  return epoch === null || epoch === 0 ? null : epoch;
}

/** Orders packages by name, then EVR (rpm's rules), then arch. */
export function compareNevra(a: Nevra, b: Nevra): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const evr = compareEvr(a, b);
  if (evr !== 0) return evr;
  return a.arch === b.arch ? 0 : a.arch < b.arch ? -1 : 1;
}
