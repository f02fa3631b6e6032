/**
 * A streaming tar reader: entries are handed to a visitor one at a time with their body as a stream;
 * a body the visitor does not read is skipped without being buffered, and the visitor can stop the
 * read (ostree-ext puts the commit object in the first few hundred entries of a multi-GiB layer).
 *
 * Handles ustar, GNU `L`/`K` long names and links (`././@LongLink`), PAX `x` and `g` headers
 * (`path`, `linkpath`, `size`), a leading `./`, and OCI whiteouts (`.wh.<name>`, `.wh..wh..opq`).
 */
import { ByteReader } from './byte-reader.js';
import { TarError } from './errors.js';
import { isZeroBlock, parseHeader } from './header.js';
import { parsePax } from './pax.js';

/** What an entry is. GNU sparse files, devices and FIFOs are `other`. */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** A tar entry with GNU and PAX extensions applied. */
export interface TarEntry {
  /** Path without a leading `./` or `/` and without a trailing `/`; the root directory is `''`. */
  path: string;
  type: TarEntryType;
  /** A hardlink's target (normalised like `path`) or a symlink's target (as stored); else null. */
  linkpath: string | null;
  /** Body size in bytes (0 for links and directories). */
  size: number;
  /** For a whiteout: the path it removes, or (opaque) the directory whose lower contents it hides. */
  whiteout: { opaque: boolean; target: string } | null;
}

/** Called for each entry; return `'stop'` to end the read early. The body is valid only until it returns. */
export type TarVisitor = (
  entry: TarEntry,
  body: AsyncIterable<Uint8Array>,
) => Promise<'stop' | void> | 'stop' | void;

/** What a read consumed. */
export interface TarReadResult {
  /** Bytes of the (decompressed) tar stream consumed. */
  bytesConsumed: number;
  entries: number;
  /** True when the visitor stopped the read before the end of the archive. */
  stopped: boolean;
}

/** Options of {@link readTar}. */
export interface TarReadOptions {
  /** The layer digest or file, for errors. */
  subject: string;
  /** Bound for one GNU long name/link or PAX header body (default 1 MiB). */
  maxExtensionBytes?: number;
}

const block = 512;
const padding = (size: number): number => (block - (size % block)) % block;

/** Normalises an entry path; a `..` component is refused (a layer must not write outside its root). */
export function normaliseTarPath(raw: string, subject: string): string {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      throw new TarError('ERR_TAR_BAD_PATH', `tar entry path ${JSON.stringify(raw)} has a '..' component`, {
        subject: `${subject}:${raw}`,
      });
    }
    parts.push(part);
  }
  return parts.join('/');
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

function whiteoutOf(path: string): TarEntry['whiteout'] {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (base === '.wh..wh..opq') return { opaque: true, target: dir };
  if (base.startsWith('.wh.'))
    return { opaque: false, target: (dir === '' ? '' : `${dir}/`) + base.slice(4) };
  return null;
}

/** Reads a tar stream, calling `visit` for each entry, until the end marker, the stream's end, or `'stop'`. */
export async function readTar(
  source: AsyncIterable<Uint8Array>,
  visit: TarVisitor,
  options: TarReadOptions,
): Promise<TarReadResult> {
  const { subject } = options;
  const maxExtension = options.maxExtensionBytes ?? 1024 * 1024;
  const reader = new ByteReader(source);
  const truncated = (what: string): TarError =>
    new TarError('ERR_TAR_TRUNCATED', `the tar stream ended inside ${what} at byte ${reader.consumed}`, {
      subject,
    });
  let entries = 0;
  let global = new Map<string, string>();
  let local = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;

  const extension = async (size: number, kind: string): Promise<Uint8Array> => {
    if (size > maxExtension) {
      throw new TarError(
        'ERR_TAR_HEADER_TOO_LARGE',
        `a tar ${kind} header of ${size} bytes is over the ${maxExtension}-byte bound`,
        {
          subject,
        },
      );
    }
    const body = await reader.exactly(size);
    if (body === null || (body === undefined && size > 0)) throw truncated(`a ${kind} header`);
    if (!(await reader.skip(padding(size)))) throw truncated(`a ${kind} header`);
    return body ?? new Uint8Array(0);
  };
  const cString = (bytes: Uint8Array): string => {
    const end = bytes.indexOf(0);
    return new TextDecoder('utf-8').decode(end === -1 ? bytes : bytes.subarray(0, end));
  };

  try {
    for (;;) {
      const headerBlock = await reader.exactly(block);
      // The end: two zero blocks, one (some writers), or a stream cut at a block boundary.
      if (headerBlock === undefined) break;
      if (headerBlock === null) throw truncated('a header');
      if (isZeroBlock(headerBlock)) break;
      const raw = parseHeader(headerBlock, subject);
      switch (raw.typeflag) {
        case 'L':
          longName = cString(await extension(raw.size, 'GNU long name'));
          continue;
        case 'K':
          longLink = cString(await extension(raw.size, 'GNU long link'));
          continue;
        case 'x':
          local = parsePax(await extension(raw.size, 'PAX'), subject);
          continue;
        case 'g':
          global = new Map([...global, ...parsePax(await extension(raw.size, 'PAX global'), subject)]);
          continue;
      }
      const pax = (key: string): string | undefined => local.get(key) ?? global.get(key);
      const rawPath = pax('path') ?? longName ?? raw.name;
      const rawLink = pax('linkpath') ?? longLink ?? raw.linkname;
      const paxSize = pax('size');
      const size = paxSize === undefined ? raw.size : Number(paxSize);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new TarError('ERR_TAR_BAD_HEADER', `PAX size ${JSON.stringify(paxSize)} is not a byte count`, {
          subject: `${subject}:${rawPath}`,
        });
      }
      local = new Map();
      longName = undefined;
      longLink = undefined;

      const type = entryType(raw.typeflag);
      const path = normaliseTarPath(rawPath, subject);
      const entry: TarEntry = {
        path,
        type,
        linkpath:
          type === 'hardlink' ? normaliseTarPath(rawLink, subject) : type === 'symlink' ? rawLink : null,
        size,
        whiteout: whiteoutOf(path),
      };
      entries++;
      let left = size;
      const body = (async function* () {
        while (left > 0) {
          const part = await reader.take(Math.min(left, 64 * 1024));
          if (part === undefined) throw truncated(`the body of ${path}`);
          left -= part.byteLength;
          yield part;
        }
      })();
      if ((await visit(entry, body)) === 'stop') {
        await reader.close();
        return { bytesConsumed: reader.consumed, entries, stopped: true };
      }
      if (!(await reader.skip(left + padding(size)))) throw truncated(`the body of ${path}`);
    }
  } catch (error) {
    await reader.close();
    throw error;
  }
  await reader.close();
  return { bytesConsumed: reader.consumed, entries, stopped: false };
}
