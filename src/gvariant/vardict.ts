/**
 * Helpers for `a{sv}` dictionaries ("vardicts"), the shape of OSTree commit metadata.
 */
import { decodeGVariant, type DecodeOptions, type GVariantVariant, type RawVariant } from './decode.js';
import { GVariantError } from './errors.js';

/** A decoded `a{sv}`: key → `{ type, value }`. */
export type Vardict = Map<string, GVariantVariant>;

/**
 * Decodes an `a{sv}` into a {@link Vardict}.
 *
 * @throws {@link GVariantError} on malformed data.
 */
export function decodeVardict(data: Uint8Array, options: DecodeOptions = {}): Vardict {
  return decodeGVariant('a{sv}', data, options) as Vardict;
}

/**
 * The value stored under `key` when it has type `type`; `undefined` when the key is absent.
 *
 * @throws {@link GVariantError} `ERR_GVARIANT_WRONG_TYPE` when the key holds another type.
 */
export function lookupVardict(dict: Vardict, key: string, type: string): unknown {
  return typed(dict, key, type)?.value;
}

/**
 * Decodes one undecoded vardict value with the given byte order, checking its type.
 * `undefined` when the key is absent.
 */
export function decodeRawEntry(
  dict: Map<string, RawVariant>,
  key: string,
  type: string,
  options: DecodeOptions = {},
): unknown {
  const entry = typed(dict, key, type);
  return entry === undefined ? undefined : decodeGVariant(type, entry.data, options);
}

/** The entry under `key` (`undefined` when absent), after checking its type. */
function typed<E extends { type: string }>(dict: Map<string, E>, key: string, type: string): E | undefined {
  const entry = dict.get(key);
  if (entry !== undefined && entry.type !== type) {
    throw new GVariantError(
      'ERR_GVARIANT_WRONG_TYPE',
      `Metadata key '${key}' has type '${entry.type}', expected '${type}'`,
      { subject: key },
    );
  }
  return entry;
}
