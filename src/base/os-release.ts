/**
 * `os-release(5)`: `KEY=value` lines, values optionally in single or double quotes with shell-style
 * backslash escapes. Only what a version needs is read.
 */

/** The variables of an os-release file. Lines that are not assignments are ignored, as systemd does. */
export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match === null) continue;
    out.set(match[1]!, unquote(match[2]!));
  }
  return out;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    return quote === "'" ? inner : inner.replace(/\\([\\"$`])/g, '$1');
  }
  return value;
}
