/**
 * Decoding a `<methodResponse>` in one pass over its bytes, straight into values.
 *
 * Why not a general XML parser's tree: a koji listing is tens of MB (`listTaggedRPMS` of
 * `f<N>-updates` is ~100 MB), and fast-xml-parser's tree of it took about 20 times its size
 * (bench/koji `--pool`: 1.1 GB of heap while a 29 MB listing was parsed). XML-RPC is a closed
 * grammar of a dozen elements without attributes, so a recursive descent over the bytes needs no tree
 * at all: each value is made once, its text copied out of the buffer (never a slice of a string that
 * would keep the whole answer alive), and repeated struct keys are interned.
 *
 * Accepted: the XML declaration, comments, processing instructions and whitespace between elements;
 * CDATA sections, the five predefined entities and character references in text; attributes
 * (ignored). Refused, as XML refuses them: a bare `&`, an unknown entity. A DOCTYPE is refused too:
 * an XML-RPC answer has none, and without one no other entity can be defined.
 */
import { isUtf8 } from 'node:buffer';
import { XmlRpcSyntaxError, asFault, type XmlRpcResponse, type XmlRpcValue } from './xmlrpc-types.js';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/**
 * Values nested deeper than this are refused: koji's answers nest a few levels (a list of structs
 * of lists), and each level is a few frames of this recursive descent, so a hostile answer of
 * 100,000 nested arrays would otherwise end in the engine's stack overflow instead of our error.
 */
const MAX_DEPTH = 256;

/** Decodes a `<methodResponse>`; throws {@link XmlRpcSyntaxError} on anything else. */
export function decodeResponse(xml: string | Uint8Array): XmlRpcResponse {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  if (typeof xml !== 'string' && !isUtf8(bytes)) throw new XmlRpcSyntaxError('not UTF-8');
  const reader = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  reader.open('methodResponse');
  let result: XmlRpcResponse;
  const which = reader.nextOpen();
  if (which === 'fault') {
    const value = reader.value();
    result = { ok: false, fault: asFault(value) };
    reader.close('fault');
  } else if (which === 'params') {
    reader.open('param');
    result = { ok: true, value: reader.value() };
    reader.close('param');
    if (reader.peekOpen() === 'param')
      throw new XmlRpcSyntaxError('a response has one <param>, this one more');
    reader.close('params');
  } else {
    throw new XmlRpcSyntaxError(`<${which}> inside <methodResponse>`);
  }
  reader.close('methodResponse');
  reader.end();
  return result;
}

/** A cursor over the document: elements, text between them, and nothing kept behind it. */
class Reader {
  private at = 0;
  private depth = 0;
  /** Struct member names repeat for every struct of a listing: one string each. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly buf: Buffer) {}

  /** The next start tag's name (consumed); `<x/>` counts as `<x>` followed by `</x>`. */
  nextOpen(): string {
    const tag = this.tag();
    if (tag.closing) throw new XmlRpcSyntaxError(`</${tag.name}> where an element was expected`);
    if (tag.empty) this.pendingClose = tag.name;
    return tag.name;
  }

  /** The next start tag's name, not consumed; null when the next tag closes an element. */
  peekOpen(): string | null {
    const saved = this.at;
    const tag = this.tag();
    this.at = saved;
    return tag.closing ? null : tag.name;
  }

  open(name: string): void {
    const got = this.nextOpen();
    if (got !== name) throw new XmlRpcSyntaxError(`expected <${name}>, found <${got}>`);
  }

  close(name: string): void {
    if (this.pendingClose === name) {
      this.pendingClose = null;
      return;
    }
    const tag = this.tag();
    if (!tag.closing || tag.name !== name)
      throw new XmlRpcSyntaxError(`expected </${name}>, found <${tag.closing ? '/' : ''}${tag.name}>`);
  }

  /** Only whitespace, comments and processing instructions may follow the document element. */
  end(): void {
    this.skipMarkup();
    if (this.at < this.buf.length) throw new XmlRpcSyntaxError('content after </methodResponse>');
  }

  /** One `<value>…</value>` (the start tag not yet read). */
  value(): XmlRpcValue {
    if (++this.depth > MAX_DEPTH) throw new XmlRpcSyntaxError(`values nested deeper than ${MAX_DEPTH}`);
    try {
      return this.valueHere();
    } finally {
      this.depth--;
    }
  }

  private valueHere(): XmlRpcValue {
    this.open('value');
    if (this.pendingClose === 'value') {
      this.pendingClose = null;
      return '';
    }
    // `<value>text</value>` without a type element is a string (XML-RPC spec).
    const leading = this.text();
    if (this.peekOpen() === null) {
      this.close('value');
      return leading;
    }
    if (leading.trim() !== '') throw new XmlRpcSyntaxError('a <value> holds one typed element');
    const type = this.nextOpen();
    const value = this.typed(type);
    if (this.text().trim() !== '' || this.peekOpen() !== null)
      throw new XmlRpcSyntaxError('a <value> holds one typed element');
    this.close('value');
    return value;
  }

  private typed(type: string): XmlRpcValue {
    switch (type) {
      case 'string':
        return this.leaf(type);
      case 'int':
      case 'i4':
      case 'i8':
      case 'biginteger':
        return integer(this.leaf(type).trim());
      case 'boolean': {
        const t = this.leaf(type).trim();
        if (t !== '0' && t !== '1') throw new XmlRpcSyntaxError(`boolean '${t}'`);
        return t === '1';
      }
      case 'double': {
        const t = this.leaf(type).trim();
        const n = Number(t);
        if (t === '' || !Number.isFinite(n)) throw new XmlRpcSyntaxError(`double '${t}'`);
        return n;
      }
      case 'nil':
        this.leaf(type);
        return null;
      case 'dateTime.iso8601':
        return this.leaf(type).trim();
      case 'base64':
        return Buffer.from(this.leaf(type), 'base64').toString('latin1');
      case 'array':
        return this.array();
      case 'struct':
        return this.struct();
      default:
        throw new XmlRpcSyntaxError(`unknown value type <${type}>`);
    }
  }

  /** The text of an element holding only text, up to its end tag. */
  private leaf(name: string): string {
    if (this.pendingClose === name) {
      this.pendingClose = null;
      return '';
    }
    const t = this.text();
    const tag = this.tag();
    if (!tag.closing) throw new XmlRpcSyntaxError(`<${tag.name}> where text was expected`);
    if (tag.name !== name) throw new XmlRpcSyntaxError(`expected </${name}>, found </${tag.name}>`);
    return t;
  }

  private array(): XmlRpcValue[] {
    const out: XmlRpcValue[] = [];
    if (this.pendingClose === 'array') throw new XmlRpcSyntaxError('no <data>');
    this.blank();
    this.open('data');
    if (this.pendingClose === 'data') this.pendingClose = null;
    else {
      for (;;) {
        this.blank();
        const next = this.peekOpen();
        if (next === null) break;
        if (next !== 'value') throw new XmlRpcSyntaxError(`<${next}> inside <data>`);
        out.push(this.value());
      }
      this.close('data');
    }
    this.blank();
    this.close('array');
    return out;
  }

  private struct(): Record<string, XmlRpcValue> {
    const out: Record<string, XmlRpcValue> = {};
    if (this.pendingClose === 'struct') {
      this.pendingClose = null;
      return out;
    }
    for (;;) {
      this.blank();
      const next = this.peekOpen();
      if (next === null) break;
      if (next !== 'member') throw new XmlRpcSyntaxError(`<${next}> inside <struct>`);
      this.open('member');
      let name: string | undefined;
      let value: XmlRpcValue | undefined;
      let seenValue = false;
      for (;;) {
        this.blank();
        const part = this.peekOpen();
        if (part === null) break;
        if (part === 'name' && name === undefined) {
          this.open('name');
          name = this.key(this.leaf('name'));
        } else if (part === 'value' && !seenValue) {
          value = this.value();
          seenValue = true;
        } else throw new XmlRpcSyntaxError(`<${part}> inside <member>`);
      }
      this.close('member');
      if (name === undefined) throw new XmlRpcSyntaxError('no <name>');
      if (!seenValue) throw new XmlRpcSyntaxError('no <value>');
      // Own keys only: a member named __proto__ must not reach the prototype.
      if (name === '__proto__')
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else out[name] = value!;
    }
    this.close('struct');
    return out;
  }

  private key(name: string): string {
    const known = this.keys.get(name);
    if (known !== undefined) return known;
    if (this.keys.size < 4096) this.keys.set(name, name);
    return name;
  }

  /** Set when the last start tag was `<x/>`: its end is then already read. */
  private pendingClose: string | null = null;

  /** Whitespace only, up to the next tag. */
  private blank(): void {
    if (this.text().trim() !== '') throw new XmlRpcSyntaxError('stray text');
  }

  /**
   * Character data up to the next tag (not consumed), CDATA sections and entities decoded; comments
   * and processing instructions in between are skipped.
   */
  private text(): string {
    const buf = this.buf;
    let out = '';
    for (;;) {
      const lt = buf.indexOf(LT, this.at);
      const stop = lt === -1 ? buf.length : lt;
      if (stop > this.at) out += unescape(buf.toString('utf8', this.at, stop));
      this.at = stop;
      if (lt === -1) return out;
      const next = buf[lt + 1];
      if (next === BANG && this.startsWith('<![CDATA[', lt)) {
        const end = buf.indexOf(']]>', lt + 9, 'latin1');
        if (end === -1) throw new XmlRpcSyntaxError('an unclosed CDATA section');
        out += buf.toString('utf8', lt + 9, end);
        this.at = end + 3;
      } else if (next === BANG || next === QUESTION) {
        this.skipOne();
      } else {
        return out;
      }
    }
  }

  /** Skips whitespace, comments and processing instructions. */
  private skipMarkup(): void {
    const buf = this.buf;
    for (;;) {
      while (this.at < buf.length && isSpace(buf[this.at]!)) this.at++;
      if (this.at >= buf.length || buf[this.at] !== LT) return;
      const next = buf[this.at + 1];
      if (next === BANG && this.startsWith('<![CDATA[', this.at)) return;
      if (next !== BANG && next !== QUESTION) return;
      this.skipOne();
    }
  }

  /** One comment or processing instruction at `at` (a DOCTYPE is refused). */
  private skipOne(): void {
    const buf = this.buf;
    if (this.startsWith('<!--', this.at)) {
      const end = buf.indexOf('-->', this.at + 4, 'latin1');
      if (end === -1) throw new XmlRpcSyntaxError('an unclosed comment');
      this.at = end + 3;
    } else if (buf[this.at + 1] === QUESTION) {
      const end = buf.indexOf('?>', this.at + 2, 'latin1');
      if (end === -1) throw new XmlRpcSyntaxError('an unclosed processing instruction');
      this.at = end + 2;
    } else {
      throw new XmlRpcSyntaxError(
        this.startsWith('<!DOCTYPE', this.at) ? 'a DOCTYPE (an XML-RPC answer has none)' : 'not XML: <!',
      );
    }
  }

  /** The next tag, skipping text that is whitespace (anything else is stray text). */
  private tag(): { name: string; closing: boolean; empty: boolean } {
    if (this.pendingClose !== null)
      throw new XmlRpcSyntaxError(`<${this.pendingClose}/> where content was expected`);
    const before = this.text();
    if (before.trim() !== '') throw new XmlRpcSyntaxError(`stray text '${before.trim().slice(0, 40)}'`);
    const buf = this.buf;
    if (this.at >= buf.length) throw new XmlRpcSyntaxError('not XML: the document ends inside an element');
    let i = this.at + 1;
    const closing = buf[i] === SLASH;
    if (closing) i++;
    const nameStart = i;
    while (i < buf.length && !isSpace(buf[i]!) && buf[i] !== GT && buf[i] !== SLASH) i++;
    const name = buf.toString('latin1', nameStart, i);
    if (name === '') throw new XmlRpcSyntaxError('not XML: a tag without a name');
    // Attributes are skipped (XML-RPC has none), quoted values may hold '>'.
    let quote = 0;
    for (; i < buf.length; i++) {
      const c = buf[i]!;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === GT) break;
    }
    if (i >= buf.length) throw new XmlRpcSyntaxError(`not XML: <${name} is not closed`);
    const empty = !closing && buf[i - 1] === SLASH;
    this.at = i + 1;
    return { name, closing, empty };
  }

  private startsWith(s: string, at: number): boolean {
    for (let k = 0; k < s.length; k++) if (this.buf[at + k] !== s.charCodeAt(k)) return false;
    return true;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function integer(t: string): number | bigint {
  if (!/^[+-]?[0-9]+$/.test(t)) throw new XmlRpcSyntaxError(`integer '${t}'`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new XmlRpcSyntaxError(`a bare '&'`);
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x')
        ? Number.parseInt(ref.slice(2), 16)
        : Number.parseInt(ref.slice(1), 10);
      if (!(code <= 0x10ffff)) throw new XmlRpcSyntaxError(`character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const c = named[ref];
    if (c === undefined) throw new XmlRpcSyntaxError(`entity ${whole}`);
    return c;
  });
}
