/**
 * Reads an OSTree repository — archive (`archive-z2`), `bare`, `bare-user`, … — through a
 * {@link Fetcher}: a local directory (`file://`) or a repo served over HTTP(S). Commit and
 * `.commitmeta` objects have the same paths in every mode, and metadata objects are stored
 * uncompressed, so nothing here depends on the mode beyond checking that `config` names one.
 */
import { FetchError } from '../io/errors.js';
import { fetchOptional, fetchText, type Fetcher } from '../io/fetcher.js';
import type { RawVariant } from '../gvariant/decode.js';
import { checkChecksum, isChecksum, verifyObject } from './checksum.js';
import { parseCommit, parseDetachedMetadata, type OstreeCommit } from './commit.js';
import { OstreeError } from './errors.js';
import { parseRefspec } from './refs.js';
import { parseSummary, type OstreeSummary } from './summary.js';

/** Largest commit, `.commitmeta` or summary accepted (a Fedora commit with its package list is ~200 KB). */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** How a ref was resolved. */
export interface ResolvedRef {
  /** The commit checksum. */
  checksum: string;
  /** The file or summary entry that named it (`refs/heads/…`, `refs/remotes/…`, `summary`). */
  via: string;
}

/** An open repository. */
export interface OstreeRepo {
  /** Base URL, ending in `/`. */
  url: string;
  /** `[core] mode` from `config` (`archive-z2`, `bare`, `bare-user`, …). */
  mode: string;
  /** Resolves a ref (`fedora/x86_64/coreos/stable`, `remote:ref`) or passes a checksum through. */
  resolveRef(ref: string): Promise<ResolvedRef>;
  /** Reads and verifies a commit object. */
  readCommit(checksum: string): Promise<OstreeCommit>;
  /** Reads detached metadata; `null` when the commit has none (expected). */
  readDetachedMetadata(checksum: string): Promise<Map<string, RawVariant> | null>;
  /** Reads the summary file; `null` when the repo has none. */
  readSummary(): Promise<OstreeSummary | null>;
}

/**
 * Opens the repository at `url` (a directory URL; a trailing `/` is added) and reads its `config`.
 *
 * @throws {@link OstreeError} `ERR_OSTREE_NOT_A_REPO` when there is no `config` with a mode.
 */
export async function openOstreeRepo(url: string, fetcher: Fetcher): Promise<OstreeRepo> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const configUrl = new URL('config', base).href;
  let config: string;
  try {
    config = await fetchText(fetcher, configUrl, { maxBytes: 1024 * 1024 });
  } catch (cause) {
    if (cause instanceof FetchError && cause.code === 'ERR_NOT_FOUND') {
      throw new OstreeError('ERR_OSTREE_NOT_A_REPO', `Not an OSTree repository (no ${configUrl})`, {
        subject: base,
        cause,
      });
    }
    throw cause;
  }
  const mode = parseConfigMode(config);
  if (mode === null) {
    throw new OstreeError(
      'ERR_OSTREE_NOT_A_REPO',
      `Not an OSTree repository: ${configUrl} has no [core] mode`,
      {
        subject: base,
      },
    );
  }
  return new Repo(base, mode, fetcher);
}

/** `mode` from the `[core]` group of an OSTree keyfile config; `null` when absent. */
export function parseConfigMode(text: string): string | null {
  let group = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      group = header[1]!;
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (group === 'core' && kv !== null && kv[1] === 'mode') return kv[2]!;
  }
  return null;
}

class Repo implements OstreeRepo {
  private summary: Promise<OstreeSummary | null> | undefined;

  constructor(
    readonly url: string,
    readonly mode: string,
    private readonly fetcher: Fetcher,
  ) {}

  async resolveRef(text: string): Promise<ResolvedRef> {
    if (isChecksum(text)) return { checksum: text, via: 'checksum' };
    const { remote, ref } = parseRefspec(text);
    const candidates =
      remote === null ? [`refs/heads/${ref}`, `refs/remotes/${ref}`] : [`refs/remotes/${remote}/${ref}`];
    for (const path of candidates) {
      const url = new URL(path, this.url).href;
      const body = await fetchOptional(this.fetcher, url, { maxBytes: 4096 });
      if (body === null) continue;
      const checksum = Buffer.from(body).toString('latin1').trim();
      if (!isChecksum(checksum)) {
        throw new OstreeError(
          'ERR_OSTREE_BAD_OBJECT',
          `Ref file ${url} holds '${checksum.slice(0, 80)}', expected a commit checksum (64 lowercase hex digits)`,
          {
            subject: url,
          },
        );
      }
      return { checksum, via: path };
    }
    // A repo served over HTTP may publish refs only in its summary.
    const summary = remote === null ? await this.readSummary() : null;
    const entry = summary?.refs.find((r) => r.name === ref);
    if (entry !== undefined) return { checksum: entry.checksum, via: 'summary' };
    throw new OstreeError(
      'ERR_OSTREE_REF_NOT_FOUND',
      `Ref '${text}' not found in ${this.url} (looked in ${candidates.join(', ')}${remote === null ? ' and summary' : ''})`,
      { subject: text },
    );
  }

  async readCommit(checksum: string): Promise<OstreeCommit> {
    checkChecksum(checksum);
    const url = this.objectUrl(checksum, 'commit');
    let data: Uint8Array;
    try {
      // Named by its SHA-256 (verified below), so a caching fetcher may keep a remote one for good;
      // a local repo needs no cache.
      const immutable = !url.startsWith('file:');
      data = await this.fetcher.get(url, { maxBytes: MAX_OBJECT_BYTES, immutable });
    } catch (cause) {
      if (cause instanceof FetchError && cause.code === 'ERR_NOT_FOUND') {
        throw new OstreeError(
          'ERR_OSTREE_OBJECT_MISSING',
          `Commit ${checksum} is not in ${this.url} (${url})`,
          {
            subject: url,
            cause,
          },
        );
      }
      throw cause;
    }
    verifyObject(data, checksum, url);
    return parseCommit(data, url);
  }

  async readDetachedMetadata(checksum: string): Promise<Map<string, RawVariant> | null> {
    checkChecksum(checksum);
    // Detached metadata is named after its commit, not after its own content: nothing to verify.
    const url = this.objectUrl(checksum, 'commitmeta');
    const data = await fetchOptional(this.fetcher, url, { maxBytes: MAX_OBJECT_BYTES });
    return data === null ? null : parseDetachedMetadata(data, url);
  }

  readSummary(): Promise<OstreeSummary | null> {
    this.summary ??= (async () => {
      const url = new URL('summary', this.url).href;
      const data = await fetchOptional(this.fetcher, url, { maxBytes: MAX_OBJECT_BYTES });
      return data === null ? null : parseSummary(data, url);
    })();
    return this.summary;
  }

  private objectUrl(checksum: string, suffix: string): string {
    return new URL(`objects/${checksum.slice(0, 2)}/${checksum.slice(2)}.${suffix}`, this.url).href;
  }
}
