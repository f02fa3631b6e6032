/**
 * A small XML-RPC codec, as koji's hub speaks it (`koji/xmlrpcplus.py`): Python's `xmlrpc.client`
 * marshalling with `allow_none` (`<nil/>`) and the `<i8>` extension for integers past 32 bits, and
 * keyword arguments sent as a last struct carrying `__starstar: true` (`koji.encode_args`).
 *
 * Why our own and not an npm library: the maintained-looking ones (`xmlrpc`, `@foxglove/xmlrpc`)
 * bring their own HTTP client, which would bypass the {@link Fetcher} (its limits, retries, cache,
 * and undici as the one HTTP stack), and `xmlrpc` has not been released since 2016. Encoding is
 * forty lines; decoding is one pass over the bytes (xmlrpc-decode.ts, which says why not a general
 * XML parser's tree). The size bound is the fetcher's `maxBytes`, applied before parsing.
 */

export type { XmlRpcValue, KojiKeywords, XmlRpcFault, XmlRpcResponse } from './xmlrpc-types.js';
export { XmlRpcSyntaxError, asFault } from './xmlrpc-types.js';
export { decodeResponse } from './xmlrpc-decode.js';
import type { KojiKeywords, XmlRpcValue } from './xmlrpc-types.js';

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** The `<methodCall>` document of `method(...params, **keywords)`. */
export function encodeCall(method: string, params: readonly XmlRpcValue[], keywords?: KojiKeywords): string {
  const args = [...params];
  const kw = Object.entries(keywords ?? {}).filter((e): e is [string, XmlRpcValue] => e[1] !== undefined);
  if (kw.length > 0) args.push({ ...Object.fromEntries(kw), __starstar: true });
  const body = args.map((a) => `<param>${encodeValue(a)}</param>`).join('');
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escape(method)}</methodName><params>${body}</params></methodCall>\n`;
}

/** One `<value>` element. */
export function encodeValue(value: XmlRpcValue): string {
  if (value === null) return '<value><nil/></value>';
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'bigint') return `<value><i8>${value}</i8></value>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`XML-RPC cannot carry ${value}`);
    if (!Number.isInteger(value)) return `<value><double>${value}</double></value>`;
    return value >= int32.min && value <= int32.max
      ? `<value><int>${value}</int></value>`
      : `<value><i8>${value}</i8></value>`;
  }
  if (typeof value === 'string') return `<value><string>${escape(value)}</string></value>`;
  if (Array.isArray(value))
    return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(value)
    .map(([k, v]) => `<member><name>${escape(k)}</name>${encodeValue(v)}</member>`)
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
