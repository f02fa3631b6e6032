/**
 * {@link spliceSignature} over a stream: Koji's unsigned copy with its signature header replaced by a
 * sigcache `.sig`, without holding the payload in memory (kernel-devel is tens of MB, firmware
 * hundreds). Only the lead and the unsigned signature header are buffered; the rest passes through.
 */
import { parseHeader } from '../rpmfile/header.js';
import { RpmFetchError } from './errors.js';
import { HEADER_INTRO, RPM_LEAD_SIZE, checkLead, headerSize, padded } from './rpm-lengths.js';

/**
 * The signed file's bytes: lead of `unsigned`, `sig` padded to 8 bytes, then `unsigned` from the end
 * of its own signature header on.
 *
 * @throws {@link RpmFetchError} `ERR_FETCH_BAD_RPM` when `sig` is not one header or `unsigned` is not
 * an RPM, `ERR_FETCH_TRUNCATED` when `unsigned` ends inside its signature header.
 */
export async function* spliceStream(
  unsigned: AsyncIterable<Uint8Array>,
  sig: Uint8Array,
  options: { subject: string; signatureSubject: string; maxHeaderBytes: number },
): AsyncIterable<Uint8Array> {
  let sigLength: number;
  try {
    sigLength = parseHeader(sig, { magic: true, maxBytes: options.maxHeaderBytes }).byteLength;
  } catch (cause) {
    throw new RpmFetchError(
      'ERR_FETCH_BAD_RPM',
      `${options.signatureSubject} is not an RPM signature header (${(cause as Error).message})`,
      { subject: options.signatureSubject, cause },
    );
  }
  const signature = new Uint8Array(padded(sigLength));
  signature.set(sig.subarray(0, Math.min(sig.length, signature.length)));

  let head: Buffer = Buffer.alloc(0);
  let sigEnd = -1;
  let done = false;
  for await (const chunk of unsigned) {
    if (done) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? Buffer.from(chunk) : Buffer.concat([head, chunk]);
    if (sigEnd === -1) {
      if (head.length < RPM_LEAD_SIZE + HEADER_INTRO) continue;
      checkLead(head, options.subject);
      const size = headerSize(
        head,
        RPM_LEAD_SIZE,
        options.maxHeaderBytes,
        'signature header',
        options.subject,
      );
      sigEnd = RPM_LEAD_SIZE + padded(size);
    }
    if (head.length < sigEnd) continue;
    yield head.subarray(0, RPM_LEAD_SIZE);
    yield signature;
    if (head.length > sigEnd) yield head.subarray(sigEnd);
    head = Buffer.alloc(0);
    done = true;
  }
  if (!done) {
    throw new RpmFetchError(
      'ERR_FETCH_TRUNCATED',
      `${options.subject} ends after ${head.length} bytes, inside its lead or signature header`,
      { subject: options.subject },
    );
  }
}
