/**
 * `WWW-Authenticate` challenges (RFC 7235 auth-params) as registries send them:
 * `Bearer realm="https://auth/token",service="registry",scope="repository:x:pull"` or `Basic realm="…"`.
 */

/** One parsed challenge. */
export interface Challenge {
  /** Lower-cased scheme (`bearer`, `basic`). */
  scheme: string;
  /** Lower-cased parameter names. */
  params: Record<string, string>;
}

const param = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;

/** Parses the challenges of one header value; unknown syntax ends the parse (what came before is kept). */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  while (i < header.length) {
    const scheme = /\s*,?\s*([A-Za-z0-9_-]+)\s*/y;
    scheme.lastIndex = i;
    const s = scheme.exec(header);
    if (s === null) break;
    i = scheme.lastIndex;
    const challenge: Challenge = { scheme: s[1]!.toLowerCase(), params: {} };
    for (;;) {
      param.lastIndex = i;
      const p = param.exec(header);
      if (p === null) break;
      challenge.params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
      i = param.lastIndex;
    }
    out.push(challenge);
  }
  return out;
}
