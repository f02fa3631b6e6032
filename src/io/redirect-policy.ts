/**
 * Which redirects the HTTP fetcher follows: within the same origin, or the http → https upgrade of
 * the same host. A mirror cannot send a request to another host, and https is never downgraded.
 */

/** Same origin, or the http → https upgrade of the same host (default ports). Never a downgrade. */
export function allowedRedirect(from: URL, to: URL): boolean {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return false;
  if (to.origin === from.origin) return true;
  return (
    from.protocol === 'http:' &&
    to.protocol === 'https:' &&
    from.hostname === to.hostname &&
    from.port === '' &&
    to.port === ''
  );
}
