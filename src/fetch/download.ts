/**
 * Downloads one located build into a directory: streamed, verified while it streams, and written
 * atomically (a temp file in the same directory, renamed into place only once every check passed;
 * removed on any error), so DIR never holds a partial or unverified RPM. A Koji copy with a sigcache
 * header is spliced back into the signed bytes on the way (FACTS §12).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fetcher } from '../io/fetcher.js';
import type { RpmHeader } from '../rpmfile/header.js';
import { formatNevra } from '../rpm/nevra.js';
import type { Nevra } from '../rpm/types.js';
import type { LocatedBuild } from './build-source.js';
import { RpmFetchError } from './errors.js';
import { rpmFileName } from './koji-paths.js';
import { RpmStreamCheck } from './rpm-check.js';
import { DEFAULT_MAX_HEADER_BYTES } from './rpm-lengths.js';
import { spliceStream } from './splice-stream.js';

/** Options of {@link downloadBuild}. */
export interface DownloadOptions {
  /** Accept a Koji copy without a signature header (`--allow-unsigned`); `gpgcheck` cannot pass for it. */
  allowUnsigned?: boolean | undefined;
  /** Bound on each header of the file (default 32 MiB). */
  maxHeaderBytes?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** What {@link downloadBuild} wrote. */
export interface DownloadedBuild {
  /** The verified file: `destDir/<nvra>.rpm`. */
  path: string;
  /** Its size. */
  bytes: number;
  /** Requests made for it (the file, and the sigcache header for a rebuilt Koji copy). */
  requests: number;
  /** False only for an unsigned Koji copy taken with `allowUnsigned`. */
  signed: boolean;
  /**
   * The file's main header, verified: what the planner reads the exact pins (`REQUIRENAME`,
   * `REQUIREFLAGS`, `REQUIREVERSION`) and SOURCERPM from, without opening the file again.
   */
  header: RpmHeader;
}

/**
 * Downloads, verifies and writes `located` as `destDir/<name>-<version>-<release>.<arch>.rpm`.
 *
 * Checks: the repo's `<checksum>` (repo copies); the header and payload digests (always when
 * recorded, required for Koji copies); the main header's NEVRA equals both the lookup and the file
 * name. Memory holds the headers only.
 *
 * @throws {@link RpmFetchError} `ERR_FETCH_UNSIGNED` (before any request) for an unsigned copy without
 * `allowUnsigned`; `ERR_FETCH_NO_CHECKSUM`, `ERR_FETCH_CHECKSUM_MISMATCH`, `ERR_FETCH_DIGEST_MISMATCH`,
 * `ERR_FETCH_TRUNCATED`, `ERR_FETCH_HEADER_TOO_LARGE`, `ERR_FETCH_BAD_RPM`, `ERR_FETCH_NEVRA_MISMATCH`;
 * a `FetchError` when a request fails. Nothing is left in `destDir` then.
 */
export async function downloadBuild(
  located: LocatedBuild,
  destDir: string,
  fetcher: Fetcher,
  options: DownloadOptions = {},
): Promise<DownloadedBuild> {
  const name = rpmFileName(located.nevra);
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const { signal } = options;
  if (!located.signed && options.allowUnsigned !== true) {
    throw new RpmFetchError(
      'ERR_FETCH_UNSIGNED',
      `${formatNevra(located.nevra)} exists only as Koji's unsigned copy (${located.url}) with no signature header in its sigcache; pass --allow-unsigned to use it anyway (gpgcheck cannot pass for it)`,
      { subject: located.url },
    );
  }
  if (located.source.kind !== 'koji' && located.checksum === null) {
    throw new RpmFetchError(
      'ERR_FETCH_NO_CHECKSUM',
      `${located.source.name} states no <checksum> for ${located.url}, so the download cannot be verified`,
      { subject: located.url },
    );
  }
  let requests = 0;
  let sig: Uint8Array | null = null;
  if (located.signatureUrl !== null) {
    requests++;
    sig = await fetcher.get(located.signatureUrl, { signal, maxBytes: maxHeaderBytes + 8 });
  }
  requests++;
  // Not `immutable`: DIR is where the file is kept, and a disk cache would hold a second copy.
  const stream = await fetcher.open(located.url, { signal });
  const received = { bytes: 0 };
  const raw = counted(stream.body, received);
  const body =
    sig === null
      ? raw
      : spliceStream(raw, sig, {
          subject: located.url,
          signatureSubject: located.signatureUrl!,
          maxHeaderBytes,
        });
  const check = new RpmStreamCheck({
    subject: located.url,
    checksum: located.checksum,
    requireDigests: located.checksum === null,
    maxHeaderBytes,
    // Checked as soon as the header is read: a mislabelled file is not downloaded to its end.
    onHeader: (nevra) => checkIdentity(nevra, located, name),
  });
  const tmp = join(destDir, `.${name}.${randomBytes(6).toString('hex')}.part`);
  const file = await open(tmp, 'wx');
  let closed = false;
  try {
    for await (const chunk of body) {
      check.push(chunk);
      await file.write(chunk);
    }
    if (stream.size !== undefined && received.bytes !== stream.size) {
      throw new RpmFetchError(
        'ERR_FETCH_TRUNCATED',
        `${located.url} ended after ${received.bytes} of the ${stream.size} bytes announced for it`,
        { subject: located.url },
      );
    }
    const checked = check.finish();
    await file.sync();
    await file.close();
    closed = true;
    const path = join(destDir, name);
    await rename(tmp, path);
    return { path, bytes: checked.bytes, requests, signed: located.signed, header: checked.header };
  } catch (error) {
    if (!closed) await file.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
}

/** The header must say what the lookup asked for and what the file is named (epoch 0 = none). */
function checkIdentity(header: Nevra, located: LocatedBuild, name: string): void {
  const fileName = decodeURIComponent(new URL(located.url).pathname.split('/').pop() ?? '');
  const same =
    header.name === located.nevra.name &&
    (header.epoch ?? 0) === (located.nevra.epoch ?? 0) &&
    header.version === located.nevra.version &&
    header.release === located.nevra.release &&
    header.arch === located.nevra.arch;
  if (!same || rpmFileName(header) !== fileName || fileName !== name) {
    throw new RpmFetchError(
      'ERR_FETCH_NEVRA_MISMATCH',
      `${located.url}: its header says ${formatNevra(header)}, but the file is named ${fileName} and ${formatNevra(located.nevra)} was asked for; the source's file is mislabelled`,
      { subject: located.url },
    );
  }
}

async function* counted(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.byteLength;
    yield chunk;
  }
}
