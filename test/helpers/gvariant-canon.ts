/**
 * The JSON form glib-oracle.py prints for a GLib value, computed from what decodeGVariant returned,
 * so the two can be compared with deepEqual (see glib-oracle.py for the encoding).
 */
import type { GVariantType } from '../../src/gvariant/type.js';
import { parseGVariantType } from '../../src/gvariant/type.js';

export function canon(type: GVariantType, value: unknown): unknown {
  switch (type.kind) {
    case 'basic':
      switch (type.code) {
        case 'b':
          return value;
        case 'd': {
          const view = new DataView(new ArrayBuffer(8));
          view.setFloat64(0, value as number, false);
          return Buffer.from(view.buffer).toString('hex');
        }
        case 's':
        case 'o':
        case 'g':
          return value;
        default:
          return String(value);
      }
    case 'variant': {
      const v = value as { type: string; value: unknown };
      return [v.type, canon(parseGVariantType(v.type), v.value)];
    }
    case 'maybe':
      return value === null ? null : canon(type.element, value);
    case 'array':
      if (type.element.kind === 'basic' && type.element.code === 'y') {
        return Buffer.from(value as Uint8Array).toString('hex');
      }
      if (type.element.kind === 'dict-entry') {
        const entry = type.element;
        return {
          map: [...(value as Map<unknown, unknown>)].map(([k, v]) => [
            canon(entry.key, k),
            canon(entry.value, v),
          ]),
        };
      }
      return (value as unknown[]).map((item) => canon(type.element, item));
    case 'tuple':
      return type.members.map((m, i) => canon(m, (value as unknown[])[i]));
    case 'dict-entry': {
      const [k, v] = value as [unknown, unknown];
      return [canon(type.key, k), canon(type.value, v)];
    }
  }
}
