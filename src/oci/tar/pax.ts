/**
 * PAX extended header records (POSIX.1-2001 `pax`): `"<len> <key>=<value>\n"`, `len` counting the
 * whole record. Only `path`, `linkpath` and `size` change how an entry is read; xattrs
 * (`SCHILY.xattr.*`, which ostree-ext writes) are kept but unused.
 */
import { TarError } from './errors.js';

/** Parses one PAX header body into its key/value records. */
export function parsePax(body: Uint8Array, subject: string): Map<string, string> {
  const records = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  let at = 0;
  while (at < body.byteLength) {
    if (body[at] === 0) break; // padding some writers leave
    const space = body.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(decoder.decode(body.subarray(at, space)));
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > body.byteLength) {
      throw new TarError('ERR_TAR_BAD_HEADER', `malformed PAX record at byte ${at}`, { subject });
    }
    const record = decoder.decode(body.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals === -1 || body[at + length - 1] !== 0x0a) {
      throw new TarError('ERR_TAR_BAD_HEADER', `malformed PAX record at byte ${at}`, { subject });
    }
    records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}
