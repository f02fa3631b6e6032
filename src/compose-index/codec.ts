/**
 * Record bytes: JSON compressed with Node's built-in brotli (`.json.br`; `.json.gz` is read too), named
 * after their sha256 so a name is never reused for other bytes and any cache may keep them forever.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { firstIssueText, type SafeParser } from '../schema-issue.js';
import { IndexError } from './errors.js';

/** Hex sha256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A value as compressed JSON (brotli, best quality: records are written once and read many times). */
export function encodeRecord(value: unknown): Uint8Array {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.byteLength,
    },
  });
}

/** Parses a record file's bytes (by its extension), as JSON. */
export function decodeRecord(bytes: Uint8Array, subject: string, maxBytes = 512 * 1024 * 1024): unknown {
  let json: Buffer;
  try {
    if (subject.endsWith('.br')) json = brotliDecompressSync(bytes, { maxOutputLength: maxBytes });
    else if (subject.endsWith('.gz')) json = gunzipSync(bytes, { maxOutputLength: maxBytes });
    else json = Buffer.from(bytes);
    return JSON.parse(json.toString('utf8'));
  } catch (cause) {
    throw new IndexError('ERR_INDEX_FORMAT', `${subject} is not a compressed JSON record`, {
      subject,
      cause,
    });
  }
}

/** Throws ERR_INDEX_CORRUPT unless `bytes` have the size and sha256 the manifest lists. */
export function checkFile(
  bytes: Uint8Array,
  expected: { sha256: string; size: number },
  subject: string,
): void {
  if (bytes.byteLength !== expected.size) {
    throw new IndexError(
      'ERR_INDEX_CORRUPT',
      `${subject} is ${bytes.byteLength} bytes, the manifest says ${expected.size}: the file was truncated or replaced; run 'compose-match index update' to rewrite it`,
      { subject },
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== expected.sha256) {
    throw new IndexError(
      'ERR_INDEX_CORRUPT',
      `${subject} has sha256 ${actual}, the manifest says ${expected.sha256}: the file is damaged`,
      { subject },
    );
  }
}

/** Zod-style validation with an error that names the file and the field. */
export function validate<T>(schema: SafeParser<T>, value: unknown, subject: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const where = firstIssueText(result.error.issues);
  throw new IndexError('ERR_INDEX_FORMAT', `${subject} is not a compose-match index file${where}`, {
    subject,
  });
}
