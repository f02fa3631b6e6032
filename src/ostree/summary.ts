/**
 * The repo `summary` file: `(a(s(taya{sv}))a{sv})` — per ref its commit size, checksum and metadata
 * (`ostree.commit.timestamp`, `ostree.commit.version`), then repo-wide metadata.
 */
import { decodeGVariant, type RawVariant } from '../gvariant/decode.js';
import { decodingIn } from '../gvariant/errors.js';
import { decodeRawEntry } from '../gvariant/vardict.js';
import { checksumToHex } from './checksum.js';
import { OstreeError } from './errors.js';

/** GVariant type of the summary file. */
export const SUMMARY_TYPE = '(a(s(taya{sv}))a{sv})';

/** One ref listed in a summary. */
export interface SummaryRef {
  /** The ref name (`fedora/x86_64/coreos/stable`). */
  name: string;
  /** Its commit checksum. */
  checksum: string;
  /** Size of the commit object (OSTree writes it little-endian on every host, a known quirk). */
  commitSize: number;
  /** `ostree.commit.timestamp` (big-endian), when present. */
  timestamp: number | null;
  /** `ostree.commit.version`, when present. */
  version: string | null;
}

/** A parsed summary. */
export interface OstreeSummary {
  /** The refs, in stored (sorted) order. */
  refs: SummaryRef[];
  /** Repo-wide metadata, undecoded. */
  metadata: Map<string, RawVariant>;
}

/**
 * Parses summary bytes.
 *
 * @throws {@link GVariantError} on malformed data; {@link OstreeError} `ERR_OSTREE_BAD_OBJECT` on a
 *   bad checksum length.
 */
export function parseSummary(data: Uint8Array, subject = 'summary'): OstreeSummary {
  const [refs, metadata] = decodingIn(subject, () =>
    decodeGVariant(SUMMARY_TYPE, data, { rawVariants: true }),
  ) as [[string, [bigint, Uint8Array, Map<string, RawVariant>]][], Map<string, RawVariant>];
  return {
    refs: refs.map(([name, [size, csum, meta]]) => {
      if (csum.length !== 32) {
        throw new OstreeError(
          'ERR_OSTREE_BAD_OBJECT',
          `Summary ${subject}: ref '${name}' has a ${csum.length}-byte checksum, expected 32`,
          {
            subject,
          },
        );
      }
      const timestamp = decodingIn(
        `${subject} ref '${name}'`,
        () => decodeRawEntry(meta, 'ostree.commit.timestamp', 't', { bigEndian: true }) as bigint | undefined,
      );
      const version = decodingIn(
        `${subject} ref '${name}'`,
        () => decodeRawEntry(meta, 'ostree.commit.version', 's') as string | undefined,
      );
      return {
        name,
        checksum: checksumToHex(csum),
        commitSize: Number(size),
        timestamp: timestamp === undefined ? null : Number(timestamp),
        version: version ?? null,
      };
    }),
    metadata,
  };
}
