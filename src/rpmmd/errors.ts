import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link RepodataError}. */
export type RepodataErrorCode =
  /** repomd.xml is not well-formed or lacks a required element. */
  | 'ERR_REPOMD_INVALID'
  /** primary.xml is not well-formed, is truncated, or a package lacks a required field. */
  | 'ERR_PRIMARY_INVALID'
  /** A DOCTYPE or an entity other than the five XML ones and character references. */
  | 'ERR_XML_ENTITY'
  /** An element or text run larger than the scanner's limit (a hostile or broken document). */
  | 'ERR_XML_TOO_LARGE'
  /** The compressed bytes do not have the `checksum` repomd.xml states. */
  | 'ERR_CHECKSUM_MISMATCH'
  /** The uncompressed bytes do not have the `open-checksum` repomd.xml states. */
  | 'ERR_OPEN_CHECKSUM_MISMATCH'
  /** More uncompressed bytes than `open-size` (or the configured limit): a decompression bomb. */
  | 'ERR_OPEN_SIZE_EXCEEDED'
  /** Fewer uncompressed bytes than `open-size`. */
  | 'ERR_OPEN_SIZE_MISMATCH'
  /** The compressed stream is corrupt or truncated. */
  | 'ERR_DECOMPRESS'
  /** Unknown compression or checksum type. */
  | 'ERR_UNSUPPORTED';

/** Reading repo metadata (repomd.xml, primary.xml) failed. `subject` is the file or URL when known. */
export class RepodataError extends ComposeMatchError {
  override name = 'RepodataError' as const;
  declare readonly code: RepodataErrorCode;

  constructor(code: RepodataErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
