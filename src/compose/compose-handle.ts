/**
 * One compose directory: `COMPOSE_ID`, `STATUS`, the productmd metadata, and the
 * `compose/Everything/<arch>/os/` repo. Everything fetched is kept in memory, and files inside a
 * finished compose are fetched as immutable (a caching fetcher may serve them from disk).
 */
import { fetchOptional, fetchText, type Fetcher } from '../io/fetcher.js';
import { FetchError } from '../io/errors.js';
import type { Nevra } from '../rpm/types.js';
import { parseRepomd } from '../rpmmd/repomd.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import { composeStatuses, type ComposeStatus } from './catalog.js';
import { firstIssueText, type SafeParser } from '../schema-issue.js';
import { ComposeError } from './errors.js';
import { parseNevraKey } from './nevra-key.js';
import { compareNevra } from '../rpm/nevra-order.js';
import { readRepoPackages } from './repo-packages.js';
import { ComposeInfoSchema, RpmsManifestSchema, type ComposeInfo, type RpmsManifest } from './productmd.js';

/** Options of {@link openCompose}. */
export interface ComposeHandleOptions {
  /** The variant whose repos are read (default `Everything`). */
  variant?: string | undefined;
  /** Abort every request. */
  signal?: AbortSignal | undefined;
}

/** Read access to one compose; every method caches its result. */
export interface ComposeHandle {
  /** Absolute URL of the compose directory, ending in `/`. */
  readonly url: string;
  /** The directory name. */
  readonly name: string;
  /** `COMPOSE_ID`, checked to equal the directory name (`ERR_COMPOSE_ID_MISMATCH`). */
  composeId(): Promise<string>;
  /** `STATUS`, after the `COMPOSE_ID` check. */
  status(): Promise<ComposeStatus>;
  /** `compose/metadata/composeinfo.json`. */
  composeInfo(): Promise<ComposeInfo>;
  /** `compose/metadata/rpms.json`, or `null` when the compose has none. */
  rpms(): Promise<RpmsManifest | null>;
  /** URL of `compose/<variant>/<arch>/os/`. */
  repoUrl(arch: string): string;
  /** The repo's repomd.xml (never cached on disk: Bodhi rewrites it after pungi). */
  repomd(arch: string): Promise<Repomd>;
  /**
   * Binary packages of the arch's `os/` repo: rpms.json when present, else primary.xml; sorted,
   * epoch 0 given as `null` (rpm compares them equal; base images are normalised the same way).
   */
  packages(arch: string): Promise<Nevra[]>;
}

/** Opens the compose at `url` (its directory, with or without the trailing `/`). */
export function openCompose(
  fetcher: Fetcher,
  url: string,
  options: ComposeHandleOptions = {},
): ComposeHandle {
  const base = url.endsWith('/') ? url : `${url}/`;
  const name = decodeURIComponent(new URL(base).pathname.split('/').at(-2) ?? '');
  const variant = options.variant ?? 'Everything';
  const signal = options.signal;
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let promise = memo.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = make();
      // A failure is not remembered: the next call tries again.
      promise.catch(() => memo.delete(key));
      memo.set(key, promise);
    }
    return promise;
  };

  const composeId = () =>
    once('id', async () => {
      const idUrl = `${base}COMPOSE_ID`;
      const text = (await fetchText(fetcher, idUrl, { signal, maxBytes: 4096 })).replace(/\s+$/, '');
      if (text !== name) {
        throw new ComposeError(
          'ERR_COMPOSE_ID_MISMATCH',
          `${idUrl} says '${text.slice(0, 200)}', but the directory is '${name}'`,
          { subject: idUrl },
        );
      }
      return text;
    });

  const status = () =>
    once('status', async () => {
      await composeId();
      const statusUrl = `${base}STATUS`;
      const text = (await fetchText(fetcher, statusUrl, { signal, maxBytes: 4096 })).trim();
      if (!(composeStatuses as readonly string[]).includes(text)) {
        throw new ComposeError(
          'ERR_COMPOSE_STATUS',
          `${statusUrl} says '${text.slice(0, 100)}', expected one of ${composeStatuses.join(', ')}`,
          { subject: statusUrl },
        );
      }
      return text as ComposeStatus;
    });

  /** Files of a finished compose never change. */
  const immutable = async () => {
    const s = await status();
    return s === 'FINISHED' || s === 'FINISHED_INCOMPLETE';
  };

  const metadata = async (file: string, optional: boolean): Promise<unknown> => {
    const fileUrl = `${base}compose/metadata/${file}`;
    const options = { signal, maxBytes: 512 * 1024 * 1024, immutable: await immutable() };
    const bytes = optional
      ? await fetchOptional(fetcher, fileUrl, options)
      : await fetcher.get(fileUrl, options);
    if (bytes === null) return null;
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (cause) {
      throw new ComposeError('ERR_COMPOSE_METADATA', `${fileUrl} is not JSON`, { subject: fileUrl, cause });
    }
  };

  const validated = <T>(schema: SafeParser<T>, value: unknown, file: string): T => {
    const result = schema.safeParse(value);
    if (!result.success) {
      const where = firstIssueText(result.error.issues);
      throw new ComposeError(
        'ERR_COMPOSE_METADATA',
        `${base}compose/metadata/${file} is not productmd${where}`,
        {
          subject: `${base}compose/metadata/${file}`,
        },
      );
    }
    return result.data;
  };

  const composeInfo = () =>
    once('composeinfo', async () =>
      validated(ComposeInfoSchema, await metadata('composeinfo.json', false), 'composeinfo.json'),
    );

  const rpms = () =>
    once('rpms', async () => {
      const value = await metadata('rpms.json', true);
      return value === null ? null : validated(RpmsManifestSchema, value, 'rpms.json');
    });

  const repoUrl = (arch: string) =>
    `${base}compose/${encodeURIComponent(variant)}/${encodeURIComponent(arch)}/os/`;

  const repomd = (arch: string) =>
    once(`repomd:${arch}`, async () => {
      // No STATUS first: the matcher binary-searches repomd.xml timestamps and reads STATUS (and
      // COMPOSE_ID) only for the compose it settles on, which keeps an exact match within
      // 3 + ceil(log2 N) requests. A compose without repodata still says ERR_COMPOSE_NO_REPO.
      const repomdUrl = `${repoUrl(arch)}repodata/repomd.xml`;
      try {
        return parseRepomd(
          await fetchText(fetcher, repomdUrl, { signal, maxBytes: 16 * 1024 * 1024 }),
          repomdUrl,
        );
      } catch (error) {
        if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') {
          throw new ComposeError(
            'ERR_COMPOSE_NO_REPO',
            `${name} has no ${variant} repo for ${arch} (${repomdUrl} is missing)`,
            {
              subject: repomdUrl,
              cause: error,
            },
          );
        }
        throw error;
      }
    });

  const packages = (arch: string) =>
    once(`packages:${arch}`, async () => {
      const manifest = await rpms();
      if (manifest !== null) {
        const byArch = manifest.payload.rpms[variant]?.[arch];
        if (byArch !== undefined) return fromManifest(byArch, `${base}compose/metadata/rpms.json`);
      }
      return fromPrimary(arch);
    });

  const fromPrimary = async (arch: string): Promise<Nevra[]> =>
    readRepoPackages(fetcher, repoUrl(arch), await repomd(arch), signal);

  return { url: base, name, composeId, status, composeInfo, rpms, repoUrl, repomd, packages };
}

/** The binary packages of one variant and arch of rpms.json, sorted, epoch 0 as `null`. */
export function fromManifest(
  byArch: Record<string, Record<string, { category: string }>>,
  subject: string,
): Nevra[] {
  const out: Nevra[] = [];
  for (const rpms of Object.values(byArch)) {
    for (const [key, entry] of Object.entries(rpms)) {
      if (entry.category !== 'binary') continue;
      const nevra = parseNevraKey(key, subject);
      out.push(nevra.epoch === 0 ? { ...nevra, epoch: null } : nevra);
    }
  }
  return out.sort(compareNevra);
}
