/**
 * How ostree-ext names what it imports from a container image (bootc-dev/bootc
 * crates/ostree-ext `refescape.rs`, `container/store.rs`): each layer's commit sits under
 * `ostree/container/blob/<escaped digest>`, so the original commit of an image deployment can be
 * found from `layers[0]` of the `ostree.manifest` its merge commit records.
 */

/** ostree-ext's ref prefix for imported layers (`LAYER_PREFIX` in container/store.rs). */
export const BLOB_REF_PREFIX = 'ostree/container/blob';

/**
 * ostree-ext's ref escaping: ASCII letters and digits pass, `-` passes, `/` passes only between
 * an alphanumeric character and a next one, `_` doubles itself, and everything else becomes
 * `_XX_` with its code point in upper-case hex (`:` → `_3A_`). An empty string has no escape.
 */
export function escapeForRef(text: string): string {
  if (text === '') throw new RangeError('an empty string cannot be escaped into an ostree ref');
  const chars = [...text];
  let out = '';
  let previousAlnum = false;
  chars.forEach((c, i) => {
    const alnum = /^[A-Za-z0-9]$/.test(c);
    if (alnum || c === '-') out += c;
    else if (c === '/' && previousAlnum && i < chars.length - 1) out += c;
    else if (c === '_') out += '__';
    else out += `_${c.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}_`;
    previousAlnum = alnum;
  });
  return out;
}

/** The ref under which ostree-ext keeps the commit imported from the layer `digest`. */
export function blobRef(digest: string): string {
  return `${BLOB_REF_PREFIX}/${escapeForRef(digest)}`;
}
