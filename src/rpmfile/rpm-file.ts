/**
 * The layout of a whole .rpm file, as rpm's `lib/package.c` reads it:
 *
 *   lead       96 bytes, magic `ed ab ee db` (obsolete apart from the magic)
 *   signature  a header with magic, padded with zeros to a multiple of 8 bytes
 *   main       a header with magic; its SHA-256 (magic included) is the signature's SHA256HEADER
 *   payload    the compressed cpio/archive up to the end; its digest is the main header's PAYLOADDIGEST
 *
 * Only the headers are parsed (bounded by `maxHeaderBytes`); the payload is a range, so callers can
 * hash it without copying.
 */
import { RpmFileError } from './errors.js';
import { parseHeader, type RpmHeader } from './header.js';

/** Size of the lead in front of the signature header. */
export const RPM_LEAD_SIZE = 96;
const LEAD_MAGIC = [0xed, 0xab, 0xee, 0xdb] as const;

/** Where each part of an .rpm file lies (byte offsets into the file). */
export interface RpmFileLayout {
  /** The signature header, parsed. */
  signature: RpmHeader;
  /** Start of the signature header (always 96). */
  signatureOffset: number;
  /** End of the signature header including its padding: where the main header starts. */
  signatureEnd: number;
  /** The main header, parsed. */
  header: RpmHeader;
  /** Start of the main header (its magic). */
  headerOffset: number;
  /** End of the main header: where the payload starts. */
  payloadOffset: number;
  /** Length of the whole file. */
  size: number;
}

/** Options of {@link readRpmFile}. */
export interface ReadRpmFileOptions {
  /** Refuse either header when larger than this many bytes. Default 64 MiB (parseHeader's default). */
  maxHeaderBytes?: number | undefined;
}

/**
 * Reads the lead, signature header and main header of an .rpm file.
 *
 * @throws {@link RpmFileError} `ERR_RPM_FILE_BAD_LEAD` when the lead is missing;
 * {@link RpmHeaderError} when either header is malformed or truncated.
 */
export function readRpmFile(bytes: Uint8Array, options: ReadRpmFileOptions = {}): RpmFileLayout {
  if (bytes.length < RPM_LEAD_SIZE || LEAD_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RpmFileError(
      'ERR_RPM_FILE_BAD_LEAD',
      'Not an RPM file: no 96-byte lead starting with ed ab ee db',
    );
  }
  const maxBytes = options.maxHeaderBytes;
  const signature = parseHeader(bytes, { magic: true, offset: RPM_LEAD_SIZE, maxBytes });
  // rpm pads the signature header (only that one) so the main header starts 8-aligned.
  const signatureEnd = RPM_LEAD_SIZE + Math.ceil(signature.byteLength / 8) * 8;
  const header = parseHeader(bytes, { magic: true, offset: signatureEnd, maxBytes });
  return {
    signature,
    signatureOffset: RPM_LEAD_SIZE,
    signatureEnd,
    header,
    headerOffset: signatureEnd,
    payloadOffset: signatureEnd + header.byteLength,
    size: bytes.length,
  };
}
