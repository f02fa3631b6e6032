/**
 * XML character data decoding without a DTD: the five predefined entities and character references
 * only. Anything else (`&foo;`) would need a DOCTYPE to mean something, and DOCTYPEs are refused, so
 * it is an error rather than something silently kept or expanded.
 */
import { RepodataError } from './errors.js';

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes `&amp;`-style references in `text`; throws `ERR_XML_ENTITY` on any other entity. */
export function decodeXmlText(text: string, subject?: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (whole.endsWith(';')) {
      const direct = named[ref];
      if (direct !== undefined) return direct;
      const code = /^#x([0-9a-fA-F]{1,6})$/.exec(ref)
        ? Number.parseInt(ref.slice(2), 16)
        : /^#([0-9]{1,7})$/.exec(ref)
          ? Number.parseInt(ref.slice(1), 10)
          : -1;
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
        return String.fromCodePoint(code);
      }
    }
    throw new RepodataError(
      'ERR_XML_ENTITY',
      `Unsupported XML entity reference '${whole}'${subject === undefined ? '' : ` in ${subject}`}: only the predefined entities and character references are allowed`,
      { subject },
    );
  });
}

/** Throws `ERR_XML_ENTITY` when the document declares a DOCTYPE (the way in for entity bombs). */
export function rejectDoctype(xml: string, subject?: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new RepodataError(
      'ERR_XML_ENTITY',
      `${subject ?? 'XML document'} declares a DOCTYPE or ENTITY; repo metadata never does, and it is refused`,
      { subject },
    );
  }
}
