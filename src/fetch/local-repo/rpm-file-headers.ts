/**
 * The lead and both headers of an .rpm file on disk, read without the payload: a kernel-devel is
 * tens of MB, its headers a few hundred kB, and the planner and the local-repo writer need only the
 * headers. Reads in three steps (lead + signature intro, main intro, the rest of both headers).
 */
import { open } from 'node:fs/promises';
import { RpmFileError, RpmHeaderError } from '../../rpmfile/errors.js';
import { readRpmFile, RPM_LEAD_SIZE, type RpmFileLayout } from '../../rpmfile/rpm-file.js';

/** Magic (8) + il (4) + dl (4) in front of every header in an .rpm file. */
const INTRO = 16;
/** Default bound on the two headers together (the largest Fedora headers are a few MB). */
const DEFAULT_MAX_HEADER_BYTES = 32 * 1024 * 1024;

/** The parsed headers of an .rpm file and the size of the whole file. */
export interface RpmFileHeaders {
  /** Layout over the header bytes only; `size` is the whole file's. */
  layout: RpmFileLayout;
  /** The bytes read: lead, signature header with padding, main header. */
  prefix: Uint8Array;
}

/** Options of {@link readRpmFileHeaders}. */
export interface ReadRpmFileHeadersOptions {
  /** Refuse when the two headers take more than this many bytes. Default 32 MiB. */
  maxHeaderBytes?: number | undefined;
}

/**
 * Reads the headers of the .rpm file at `path`.
 *
 * @throws {@link RpmHeaderError} `ERR_RPM_HEADER_TRUNCATED` when the file ends inside a header,
 * `ERR_RPM_HEADER_TOO_LARGE` over `maxHeaderBytes`; the errors of `readRpmFile` otherwise, all
 * with the file as `subject`.
 */
export async function readRpmFileHeaders(
  path: string,
  options: ReadRpmFileHeadersOptions = {},
): Promise<RpmFileHeaders> {
  const max = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const read = async (length: number): Promise<Uint8Array> => {
      if (length > max + RPM_LEAD_SIZE) {
        throw new RpmHeaderError(
          'ERR_RPM_HEADER_TOO_LARGE',
          `The headers of ${path} take ${length} bytes, over the ${max}-byte bound`,
          { subject: path, offset: RPM_LEAD_SIZE },
        );
      }
      const bytes = new Uint8Array(Math.min(length, size));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
      return bytes.subarray(0, bytesRead);
    };
    // Lengths come from the intros; readRpmFile validates everything else once the bytes are there.
    let prefix = await read(RPM_LEAD_SIZE + INTRO);
    const sigEnd = RPM_LEAD_SIZE + pad8(headerLength(prefix, RPM_LEAD_SIZE, path));
    prefix = await read(sigEnd + INTRO);
    const end = sigEnd + headerLength(prefix, sigEnd, path);
    prefix = await read(end);
    const layout = withSubject(path, () => readRpmFile(prefix, { maxHeaderBytes: max }));
    return { layout: { ...layout, size }, prefix };
  } finally {
    await handle.close();
  }
}

/** Bytes of the header whose intro starts at `offset` (intro included), from its il and dl. */
function headerLength(bytes: Uint8Array, offset: number, path: string): number {
  if (bytes.length < offset + INTRO) {
    // Let readRpmFile name what is missing (lead or header) with its own offsets.
    withSubject(path, () => readRpmFile(bytes));
    throw new RpmHeaderError('ERR_RPM_HEADER_TRUNCATED', `${path} ends inside a header intro`, {
      subject: path,
      offset,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 8, 8);
  return INTRO + view.getUint32(0) * 16 + view.getUint32(4);
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Runs `f`, re-raising a typed error with the file as subject (the parsers know only offsets). */
function withSubject<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof RpmHeaderError) {
      throw new RpmHeaderError(error.code, `${path}: ${error.message}`, {
        subject: path,
        offset: error.offset,
        cause: error,
      });
    }
    if (error instanceof RpmFileError && error.subject === undefined) {
      throw new RpmFileError(error.code, `${path}: ${error.message}`, { subject: path, cause: error });
    }
    throw error;
  }
}
