/**
 * Choosing the byte order of an OSTree commit's metadata `a{sv}`.
 *
 * GVariant data carries no byte-order mark, and rpm-ostree writes compose commits' metadata
 * big-endian (`rpmostree_composeutil_finalize_metadata` → `rpmostree_variant_native_to_be`) but
 * client-layered commits in host order. The dict's structure (keys, framing offsets, strings,
 * booleans) is the same in both orders, so the commit parser leaves its values undecoded
 * (`rawVariants`) and we decide from evidence, strongest first:
 *
 * 1. The repo timestamps in `rpmostree.rpmmd-repos`: a real timestamp (2000..2100) read in the
 *    wrong order has its low 32 bits zero and lands far outside that range, so when every
 *    timestamp is plausible in exactly one order, that order is right.
 * 2. `rpmostree.clientlayer: true` (a boolean byte, order-free): host order of the machine that
 *    layered, which is big-endian only on s390x (arch from `coreos-assembler.basearch` or the packages).
 * 3. Otherwise rpm-ostree's compose convention, big-endian, when the dict has any `rpmostree.` key,
 *    and little-endian (the `ostree commit` CLI on a common host) when it has none.
 */
import type { RawVariant } from '../gvariant/decode.js';
import { decodeGVariant } from '../gvariant/decode.js';
import { isPlausibleEpoch } from './timestamps.js';

/** The decision and why. */
export interface ByteOrderChoice {
  /** Read the numbers big-endian. */
  bigEndian: boolean;
  /** Human-readable reason, for the notes. */
  reason: string;
  /** True when the dict is a client layer. */
  clientLayer: boolean;
}

/** The metadata key of the repos recorded at compose time. */
export const REPOS_KEY = 'rpmostree.rpmmd-repos';

/** Decides the byte order of `meta` (see the module comment). `arch` helps only for client layers. */
export function chooseByteOrder(meta: Map<string, RawVariant>, arch: string | null): ByteOrderChoice {
  const clientLayer = readClientLayer(meta);
  const fromTimestamps = orderFromTimestamps(meta.get(REPOS_KEY));
  if (fromTimestamps !== null) {
    return {
      bigEndian: fromTimestamps,
      clientLayer,
      reason: `repo timestamps are plausible only as ${fromTimestamps ? 'big' : 'little'}-endian`,
    };
  }
  if (clientLayer) {
    const big = arch === 's390x';
    return {
      bigEndian: big,
      clientLayer,
      reason: `client layer: host order (${big ? 'big' : 'little'}-endian)`,
    };
  }
  const compose = [...meta.keys()].some((k) => k.startsWith('rpmostree.'));
  return compose
    ? { bigEndian: true, clientLayer, reason: 'rpm-ostree compose metadata is big-endian' }
    : { bigEndian: false, clientLayer, reason: 'no rpm-ostree keys: assumed host order (little-endian)' };
}

/** `rpmostree.clientlayer` as a boolean (absent or not `b`: false). */
export function readClientLayer(meta: Map<string, RawVariant>): boolean {
  const raw = meta.get('rpmostree.clientlayer');
  return raw !== undefined && raw.type === 'b' && decodeGVariant('b', raw.data) === true;
}

/** true/false when exactly one byte order makes every repo timestamp plausible; else null. */
function orderFromTimestamps(raw: RawVariant | undefined): boolean | null {
  if (raw === undefined || raw.type !== 'aa{sv}') return null;
  const verdicts = [false, true].map((bigEndian) => {
    const repos = decodeGVariant('aa{sv}', raw.data, { bigEndian }) as Map<
      string,
      { type: string; value: unknown }
    >[];
    const stamps = repos.map((r) => r.get('timestamp')).filter((t) => t?.type === 't');
    return stamps.length > 0 && stamps.every((t) => isPlausibleEpoch(t!.value as bigint));
  });
  if (verdicts[0] === verdicts[1]) return null;
  return verdicts[1]!;
}
