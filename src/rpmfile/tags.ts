/**
 * The header tag numbers and data types this project reads (rpm's `include/rpm/rpmtag.h`). Numbers
 * are part of the on-disk format and never change.
 */

/** Data types of index entries (`rpmTagType`). */
export const RpmTagType = {
  NULL: 0,
  CHAR: 1,
  INT8: 2,
  INT16: 3,
  INT32: 4,
  INT64: 5,
  STRING: 6,
  BIN: 7,
  STRING_ARRAY: 8,
  I18NSTRING: 9,
} as const;

/** One of {@link RpmTagType}'s values. */
export type RpmTagTypeValue = (typeof RpmTagType)[keyof typeof RpmTagType];

/** Tags read by {@link headerNevra} and friends, and the ones a later RPM-file reader needs. */
export const RpmTag = {
  /** Region tag of a signature header. */
  HEADERSIGNATURES: 62,
  /** Region tag of the immutable main header. */
  HEADERIMMUTABLE: 63,
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  ARCH: 1022,
  SOURCERPM: 1044,
  PROVIDENAME: 1047,
  REQUIREFLAGS: 1048,
  REQUIRENAME: 1049,
  REQUIREVERSION: 1050,
  PROVIDEFLAGS: 1112,
  PROVIDEVERSION: 1113,
  /** SHA-1 of the immutable header region (hex, signature header). */
  SHA1HEADER: 269,
  /** SHA-256 of the immutable header region (hex, signature header). */
  SHA256HEADER: 273,
  /** SHA3-256 of the immutable header region (hex, signature header; rpm 6). */
  SHA3_256HEADER: 279,
  /** Digest(s) of the compressed payload (hex strings; rpm 6 calls it PAYLOADSHA256). */
  PAYLOADDIGEST: 5092,
  /** Hash of PAYLOADDIGEST (rpm's PGPHASHALGO, 8 = SHA-256); rpm 6 no longer writes it. */
  PAYLOADDIGESTALGO: 5093,
  /** The rpm package format (6 for rpm 6's format); absent before rpm 6. */
  RPMFORMAT: 5114,
  /** SHA-512 of the compressed payload (hex; rpm 6). */
  PAYLOADSHA512: 5121,
  /** SHA3-256 of the compressed payload (hex; rpm 6). */
  PAYLOADSHA3_256: 5123,
  /** Set (to 1) in source packages. */
  SOURCEPACKAGE: 1106,
} as const;
