/**
 * Where the parts of an .rpm end, from the first bytes alone: each header's 16-byte intro (magic,
 * index count, data length) gives its size, so a stream can keep just the lead and the headers in
 * memory and pass the payload on. The bound is checked before anything is buffered, so an oversize
 * (or hostile) header costs nothing.
 */
import { RPM_LEAD_SIZE } from '../rpmfile/rpm-file.js';
import { RpmFetchError } from './errors.js';

const LEAD_MAGIC = [0xed, 0xab, 0xee, 0xdb] as const;
const HEADER_MAGIC = [0x8e, 0xad, 0xe8, 0x01] as const;
/** The magic (8 bytes) and the two counts. */
export const HEADER_INTRO = 16;

/** Default bound on each header of a downloaded file (Fedora's largest, kernel-devel's, are ~2 MiB). */
export const DEFAULT_MAX_HEADER_BYTES = 32 * 1024 * 1024;

/** Refuses bytes that do not start like an .rpm (needs {@link RPM_LEAD_SIZE} bytes). */
export function checkLead(bytes: Uint8Array, subject: string): void {
  if (LEAD_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RpmFetchError(
      'ERR_FETCH_BAD_RPM',
      `${subject} is not an RPM file: it does not start with the lead magic ed ab ee db`,
      { subject },
    );
  }
}

/**
 * Size in bytes (magic included, padding excluded) of the header whose intro starts at `offset`;
 * needs {@link HEADER_INTRO} bytes there.
 *
 * @throws {@link RpmFetchError} `ERR_FETCH_BAD_RPM` without the header magic, `ERR_FETCH_HEADER_TOO_LARGE`
 * over `maxBytes`.
 */
export function headerSize(
  bytes: Uint8Array,
  offset: number,
  maxBytes: number,
  what: string,
  subject: string,
): number {
  if (HEADER_MAGIC.some((b, i) => bytes[offset + i] !== b)) {
    throw new RpmFetchError(
      'ERR_FETCH_BAD_RPM',
      `${subject}: no header magic 8e ad e8 01 at byte ${offset}, where its ${what} should start`,
      { subject },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const il = view.getUint32(offset + 8);
  const dl = view.getUint32(offset + 12);
  const size = HEADER_INTRO + 16 * il + dl;
  if (size > maxBytes) {
    throw new RpmFetchError(
      'ERR_FETCH_HEADER_TOO_LARGE',
      `${subject}: its ${what} at byte ${offset} claims ${size} bytes (${il} tags, ${dl} bytes of data), over the ${maxBytes}-byte bound; the file is damaged or not a real package`,
      { subject },
    );
  }
  return size;
}

/** The signature header's end, padded to 8 bytes: where the main header starts. */
export function padded(size: number): number {
  return Math.ceil(size / 8) * 8;
}

export { RPM_LEAD_SIZE };
