/**
 * One 512-byte tar header block (POSIX ustar, with the GNU variant ostree-ext writes).
 *
 * Field offsets are POSIX.1-1988 ustar's. GNU headers carry magic `ustar  \0` and use the ustar
 * `prefix` area for other fields, so the prefix is joined only under the POSIX magic `ustar\0`.
 */
import { TarError } from './errors.js';

/** A header block as stored, before GNU/PAX extensions are applied. */
export interface RawHeader {
  name: string;
  size: number;
  typeflag: string;
  linkname: string;
}

const decoder = new TextDecoder('utf-8');

function text(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

/** Octal, or GNU base-256 (high bit of the first byte set) for sizes of 8 GiB and over. */
function number(block: Uint8Array, offset: number, length: number, field: string, subject: string): number {
  const bytes = block.subarray(offset, offset + length);
  if ((bytes[0]! & 0x80) !== 0) {
    let value = bytes[0]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + bytes[i]!;
    if (!Number.isSafeInteger(value)) {
      throw new TarError('ERR_TAR_BAD_HEADER', `tar header field ${field} is too large`, { subject });
    }
    return value;
  }
  const digits = text(block, offset, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) {
    throw new TarError(
      'ERR_TAR_BAD_HEADER',
      `tar header field ${field} is not octal: ${JSON.stringify(digits)}`,
      {
        subject,
      },
    );
  }
  return parseInt(digits, 8);
}

/** True for an all-zero block (the end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Parses and checksums a header block; `subject` names the layer for errors. */
export function parseHeader(block: Uint8Array, subject: string): RawHeader {
  // The checksum is the byte sum with its own field read as spaces.
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  const stored = number(block, 148, 8, 'chksum', subject);
  if (stored !== sum) {
    throw new TarError(
      'ERR_TAR_BAD_HEADER',
      `tar header checksum ${stored} does not match ${sum}: not a tar stream, or corrupt`,
      {
        subject,
      },
    );
  }
  let name = text(block, 0, 100);
  const magic = text(block, 257, 6);
  const version = text(block, 263, 2);
  if (magic === 'ustar' && version === '00') {
    const prefix = text(block, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    name,
    size: number(block, 124, 12, 'size', subject),
    typeflag: String.fromCharCode(block[156]!),
    linkname: text(block, 157, 100),
  };
}
