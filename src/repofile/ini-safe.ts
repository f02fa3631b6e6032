/**
 * Keeping network-supplied text from changing the meaning of a `.repo` file. dnf/libdnf read repo
 * files line by line, `[id]` opens a section and the first `=` splits a key from its value, so a
 * line break in anything we write could add a section or an option (`gpgcheck=0`). Section ids are
 * reduced to `[A-Za-z0-9._:-]`, values with control characters are refused, comments have them
 * replaced, and URLs are percent-encoded (including `$`, which dnf would expand as a variable).
 */
import { RepoFileError } from './errors.js';

// Line separators any INI reader might honour, and every other control character.
const unsafe = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u;
const unsafeAll = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/gu;
const idChars = /^[A-Za-z0-9._:-]+$/;

/** True when `id` is a valid section id (`[A-Za-z0-9._:-]+`). */
export function isValidRepoId(id: string): boolean {
  return idChars.test(id);
}

/** Checks a caller-chosen section id; throws `ERR_REPO_ID_INVALID` rather than changing it. */
export function checkRepoId(id: string): string {
  if (!isValidRepoId(id))
    throw new RepoFileError(
      'ERR_REPO_ID_INVALID',
      `Repo id '${commentSafe(id)}' is not valid: use only letters, digits and . _ : -`,
      { subject: 'repo-id' },
    );
  return id;
}

/** A section id made from network text (a compose ID): every other character becomes `-`. */
export function sanitiseRepoId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9._:-]/g, '-');
  return id === '' ? 'compose-snapshot' : id;
}

/** Text safe on one comment line: control characters and line separators become `?`. */
export function commentSafe(text: string): string {
  return text.replace(unsafeAll, '?');
}

/** One `key=value` line; refuses a value that could break out of its line. */
export function option(key: string, value: string): string {
  if (unsafe.test(value))
    throw new RepoFileError(
      'ERR_UNSAFE_VALUE',
      `The value of '${key}' contains a line break or control character.`,
      {
        subject: key,
      },
    );
  return `${key}=${value}`;
}

// Characters kept as they are in a URL; everything else (space, `$`, `"`, `<`, non-ASCII, controls) is encoded.
const urlKeep = /[A-Za-z0-9\-._~:/?#[\]@!&'()*+,;=%]/;

/**
 * Percent-encodes a URL for a `.repo` value, keeping only the `$basearch` variable; only http,
 * https and file URLs are accepted, and the scheme is kept as it is.
 */
export function encodeUrl(url: string): string {
  const out = url.split('$basearch').map(encodeChars).join('$basearch');
  let parsed: URL;
  try {
    parsed = new URL(out);
  } catch (cause) {
    throw new RepoFileError('ERR_UNSAFE_URL', `Not a URL: ${out}`, { subject: out, cause });
  }
  if (!['https:', 'http:', 'file:'].includes(parsed.protocol))
    throw new RepoFileError('ERR_UNSAFE_URL', `Refusing a ${parsed.protocol} URL in a .repo: ${out}`, {
      subject: out,
    });
  return out;
}

function encodeChars(text: string): string {
  let out = '';
  for (const ch of text) {
    // A `%` that already starts an escape stays; a lone one is encoded.
    if (urlKeep.test(ch)) out += ch;
    else
      out += [...new TextEncoder().encode(ch)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return out.replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
}
