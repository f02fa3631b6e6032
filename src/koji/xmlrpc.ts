/**
 * A small XML-RPC codec, as koji's hub speaks it (`koji/xmlrpcplus.py`): Python's `xmlrpc.client`
 * marshalling with `allow_none` (`<nil/>`) and the `<i8>` extension for integers past 32 bits, and
 * keyword arguments sent as a last struct carrying `__starstar: true` (`koji.encode_args`).
 *
 * Why our own and not an npm library: the maintained-looking ones (`xmlrpc`, `@foxglove/xmlrpc`)
 * bring their own HTTP client, which would bypass the {@link Fetcher} (its limits, retries, cache,
 * and undici as the one HTTP stack), and `xmlrpc` has not been released since 2016. Encoding is
 * forty lines; decoding rides on fast-xml-parser, already a dependency, with entity expansion off
 * (only the five predefined entities and character references are decoded, so a DOCTYPE cannot
 * blow up the answer). The size bound is the fetcher's `maxBytes`, applied before parsing.
 */
import { XMLParser } from 'fast-xml-parser';

/** A value XML-RPC carries. Integers beyond 2^53 decode as `bigint`; `dateTime.iso8601` stays a string. */
export type XmlRpcValue =
  null | boolean | number | bigint | string | XmlRpcValue[] | { [key: string]: XmlRpcValue };

/** Keyword arguments of a koji call: sent as koji's `__starstar` struct. */
export type KojiKeywords = Record<string, XmlRpcValue | undefined>;

/** A fault as XML-RPC returns it. */
export interface XmlRpcFault {
  faultCode: number;
  faultString: string;
}

/** A decoded `<methodResponse>`: the one return value, or the fault. */
export type XmlRpcResponse = { ok: true; value: XmlRpcValue } | { ok: false; fault: XmlRpcFault };

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

/** Ordered nodes as fast-xml-parser's `preserveOrder` gives them. */
type OrderedNode = { [tag: string]: OrderedNode[] } & { '#text'?: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
});

/** Decodes a `<methodResponse>`; throws {@link XmlRpcSyntaxError} on anything else. */
export function decodeResponse(xml: string): XmlRpcResponse {
  let doc: OrderedNode[];
  try {
    doc = parser.parse(xml) as OrderedNode[];
  } catch (cause) {
    throw new XmlRpcSyntaxError(`not XML: ${(cause as Error).message}`);
  }
  const response = child(elements(doc), 'methodResponse');
  const inner = elements(response);
  const fault = inner.find((n) => tagOf(n) === 'fault');
  if (fault !== undefined) {
    const value = decodeValue(only(elements(children(fault)), 'value'));
    return { ok: false, fault: asFault(value) };
  }
  const params = elements(child(inner, 'params'));
  const param = params.filter((n) => tagOf(n) === 'param');
  if (param.length !== 1) throw new XmlRpcSyntaxError(`a response has one <param>, this one ${param.length}`);
  return { ok: true, value: decodeValue(only(elements(children(param[0]!)), 'value')) };
}

/** A struct that is a fault (`system.multicall` returns them inline). */
export function asFault(value: XmlRpcValue): XmlRpcFault {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value['faultCode'] === 'number' &&
    typeof value['faultString'] === 'string'
  )
    return { faultCode: value['faultCode'], faultString: value['faultString'] };
  throw new XmlRpcSyntaxError('a fault without an integer faultCode and a string faultString');
}

/** The document is not well-formed XML-RPC. */
export class XmlRpcSyntaxError extends Error {
  override name = 'XmlRpcSyntaxError' as const;
}

function decodeValue(node: OrderedNode): XmlRpcValue {
  const parts = children(node);
  const typed = parts.filter((n) => tagOf(n) !== '#text');
  // `<value>text</value>` without a type element is a string (XML-RPC spec).
  if (typed.length === 0) return text(parts);
  if (typed.length !== 1) throw new XmlRpcSyntaxError('a <value> holds one typed element');
  const el = typed[0]!;
  const tag = tagOf(el);
  const inner = children(el);
  switch (tag) {
    case 'string':
      return text(inner);
    case 'int':
    case 'i4':
    case 'i8':
    case 'biginteger':
      return integer(text(inner).trim());
    case 'boolean': {
      const t = text(inner).trim();
      if (t !== '0' && t !== '1') throw new XmlRpcSyntaxError(`boolean '${t}'`);
      return t === '1';
    }
    case 'double': {
      const t = text(inner).trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) throw new XmlRpcSyntaxError(`double '${t}'`);
      return n;
    }
    case 'nil':
      return null;
    case 'dateTime.iso8601':
      return text(inner).trim();
    case 'base64':
      return Buffer.from(text(inner), 'base64').toString('latin1');
    case 'array': {
      const data = child(elements(inner), 'data');
      return elements(data).map((v) => {
        if (tagOf(v) !== 'value') throw new XmlRpcSyntaxError(`<${tagOf(v)}> inside <data>`);
        return decodeValue(v);
      });
    }
    case 'struct': {
      const out: Record<string, XmlRpcValue> = {};
      for (const member of elements(inner)) {
        if (tagOf(member) !== 'member') throw new XmlRpcSyntaxError(`<${tagOf(member)}> inside <struct>`);
        const m = elements(children(member));
        const name = text(child(m, 'name'));
        // Own keys only: a member named __proto__ must not reach the prototype.
        Object.defineProperty(out, name, {
          value: decodeValue(findNode(m, 'value')),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw new XmlRpcSyntaxError(`unknown value type <${tag}>`);
  }
}

function integer(t: string): number | bigint {
  if (!/^[+-]?[0-9]+$/.test(t)) throw new XmlRpcSyntaxError(`integer '${t}'`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

function tagOf(node: OrderedNode): string {
  for (const key of Object.keys(node)) if (key !== '#text' && key !== ':@') return key;
  return '#text';
}

function children(node: OrderedNode): OrderedNode[] {
  const tag = tagOf(node);
  const value = node[tag];
  return Array.isArray(value) ? value : [];
}

/** Element children, skipping whitespace text (and the XML declaration). */
function elements(nodes: OrderedNode[]): OrderedNode[] {
  return nodes.filter((n) => {
    const tag = tagOf(n);
    if (tag === '#text') {
      if (n['#text'] !== undefined && String(n['#text']).trim() !== '')
        throw new XmlRpcSyntaxError(`stray text '${String(n['#text']).trim().slice(0, 40)}'`);
      return false;
    }
    return !tag.startsWith('?');
  });
}

function findNode(nodes: OrderedNode[], tag: string): OrderedNode {
  const found = nodes.find((n) => tagOf(n) === tag);
  if (found === undefined) throw new XmlRpcSyntaxError(`no <${tag}>`);
  return found;
}

function child(nodes: OrderedNode[], tag: string): OrderedNode[] {
  return children(findNode(nodes, tag));
}

function only(nodes: OrderedNode[], tag: string): OrderedNode {
  if (nodes.length !== 1 || tagOf(nodes[0]!) !== tag) throw new XmlRpcSyntaxError(`expected one <${tag}>`);
  return nodes[0]!;
}

function text(nodes: OrderedNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (tagOf(n) !== '#text') throw new XmlRpcSyntaxError(`<${tagOf(n)}> where text was expected`);
    out += String(n['#text'] ?? '');
  }
  return unescape(out);
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const c = named[ref];
    if (c === undefined) throw new XmlRpcSyntaxError(`entity ${whole}`);
    return c;
  });
}
