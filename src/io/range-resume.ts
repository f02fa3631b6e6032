/**
 * Resuming a body that broke off mid-way (a dropped connection, a stall) with an HTTP `Range`
 * request (RFC 9110 §14), instead of starting a large blob or primary.xml again or failing.
 *
 * The resumed request carries `If-Range` with the first response's validator (a strong ETag, else
 * its Last-Modified), so a server whose file changed in between answers the whole new file (200)
 * rather than a tail of it; without a validator, `Range` is sent only for a resource the caller
 * marked immutable (content-addressed blobs, repodata named by their digest).
 */

/** What the first response said about resuming it. */
export interface ResumeIdentity {
  /** The `If-Range` value: a strong ETag, else Last-Modified; undefined when there is neither. */
  validator: string | undefined;
  /** Full size of the body, when announced. */
  total: number | undefined;
  /** The server said `Accept-Ranges: none`. */
  refusesRanges: boolean;
}

/** The identity of a first (200) response, from its lower-cased headers. */
export function resumeIdentity(headers: Record<string, string>, total: number | undefined): ResumeIdentity {
  const etag = headers['etag'];
  // A weak ETag may not be used in If-Range (RFC 9110 §13.1.5).
  const strong = etag !== undefined && !etag.startsWith('W/') ? etag : undefined;
  return {
    validator: strong ?? headers['last-modified'],
    total,
    refusesRanges: headers['accept-ranges']?.trim().toLowerCase() === 'none',
  };
}

/** Headers that ask for the bytes from `received` on; null when Range should not be sent. */
export function resumeHeaders(
  identity: ResumeIdentity,
  received: number,
  immutable: boolean,
): Record<string, string> | null {
  if (identity.refusesRanges || received === 0) return null;
  if (identity.validator !== undefined) {
    return { range: `bytes=${received}-`, 'if-range': identity.validator };
  }
  return immutable ? { range: `bytes=${received}-` } : null;
}

/**
 * How a response to the resumed request continues the body: `'tail'` (a 206 whose Content-Range
 * starts at `received` and, when both are known, has the same total), `'same'` (a 200 of the same
 * resource: skip what was already read), or `'changed'` (anything else).
 */
export function resumedAs(
  identity: ResumeIdentity,
  received: number,
  immutable: boolean,
  status: number,
  headers: Record<string, string>,
): 'tail' | 'same' | 'changed' {
  if (status === 206) {
    const range = /^\s*bytes\s+([0-9]+)-([0-9]+)\/([0-9]+|\*)\s*$/i.exec(headers['content-range'] ?? '');
    if (range === null || Number(range[1]) !== received) return 'changed';
    const total = range[3] === '*' ? undefined : Number(range[3]);
    if (identity.total !== undefined && total !== undefined && total !== identity.total) return 'changed';
    return 'tail';
  }
  if (status !== 200) return 'changed';
  const again = resumeIdentity(headers, undefined);
  const sameValidator = identity.validator !== undefined && again.validator === identity.validator;
  const sameSize = identity.total === undefined || headers['content-length'] === String(identity.total);
  return (sameValidator || (identity.validator === undefined && immutable)) && sameSize ? 'same' : 'changed';
}
