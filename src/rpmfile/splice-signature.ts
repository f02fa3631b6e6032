/**
 * Rebuilds a signed .rpm from Koji's unsigned copy and a sigcache `.sig` file. Koji stores in
 * `data/sigcache/<keyid>/<arch>/<nvra>.rpm.sig` the signature header exactly as it lies in the signed
 * file: from its magic through the zero padding to 8 bytes. Signing changes only that header, so
 * lead + `.sig` + the unsigned file's main header and payload are the signed bytes.
 */
import { parseHeader } from './header.js';
import { readRpmFile, RPM_LEAD_SIZE } from './rpm-file.js';

/**
 * The signed file: `unsigned` with its signature header replaced by `sig`.
 *
 * @throws {@link RpmHeaderError} when `sig` is not one header (with magic), or
 * {@link RpmFileError} / RpmHeaderError when `unsigned` is not an RPM.
 */
export function spliceSignature(unsigned: Uint8Array, sig: Uint8Array): Uint8Array {
  const layout = readRpmFile(unsigned);
  const parsed = parseHeader(sig, { magic: true });
  // Accept a .sig with or without the padding; write it padded, as rpm does.
  const padded = Math.ceil(parsed.byteLength / 8) * 8;
  const out = new Uint8Array(RPM_LEAD_SIZE + padded + (unsigned.length - layout.signatureEnd));
  out.set(unsigned.subarray(0, RPM_LEAD_SIZE), 0);
  out.set(sig.subarray(0, Math.min(sig.length, padded)), RPM_LEAD_SIZE);
  out.set(unsigned.subarray(layout.signatureEnd), RPM_LEAD_SIZE + padded);
  return out;
}
