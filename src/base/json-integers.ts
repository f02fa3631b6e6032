/**
 * JSON parsing that keeps the source digits of integers a double cannot hold. rpm-ostree prints
 * the garbled (byte-swapped) repo timestamps of `base-commit-meta` as 64-bit integers such as
 * `1053029086517002240`; `JSON.parse` rounds them to the nearest double, which prints as
 * `1053029086517002200`, so a note quoting the value would quote digits the file does not have, and
 * a repair from the double could accept a value the file never held. Node 20 has no reviver `source`
 * (V8's JSON.parse source text access came later), so one linear pass finds the unsafe integer
 * literals outside strings, replaces each with a marker string, and the reviver turns the markers
 * back into numbers while recording the digits per holder object and key.
 */

const digitsOf = new WeakMap<object, Map<string, string>>();
// Invalid raw in JSON text, so only our markers can hold it: a document whose strings spell it with
// an escape (`\u0000`) is parsed plainly instead.
const MARK = '\u0000int:';
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** `JSON.parse(text)`, recording the source digits of every unsafe integer (see {@link jsonIntegerDigits}). */
export function parseJsonKeepingIntegers(text: string): unknown {
  const sources: string[] = [];
  let out = '';
  let last = 0;
  let plain = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c ? 2 : 1;
      i++;
      if (text.slice(start, i).includes('\\u0000')) plain = true;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m === null) return JSON.parse(text); // let JSON.parse say what is wrong
      const token = m[0];
      if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(Number(token))) {
        out += text.slice(last, i) + JSON.stringify(MARK + sources.length);
        sources.push(token);
        last = i + token.length;
      }
      i += token.length;
    } else {
      i++;
    }
  }
  if (plain || sources.length === 0) return JSON.parse(text);
  out += text.slice(last);
  return JSON.parse(out, function (this: unknown, key: string, value: unknown) {
    if (typeof value !== 'string' || !value.startsWith(MARK)) return value;
    const digits = sources[Number(value.slice(MARK.length))]!;
    const holder = this as object;
    let map = digitsOf.get(holder);
    if (map === undefined) digitsOf.set(holder, (map = new Map()));
    map.set(key, digits);
    return Number(digits);
  });
}

/**
 * The source digits of `holder[key]` when {@link parseJsonKeepingIntegers} parsed it from an integer
 * literal beyond 2^53; otherwise undefined (the number prints as it was written).
 */
export function jsonIntegerDigits(holder: object, key: string): string | undefined {
  return digitsOf.get(holder)?.get(key);
}
