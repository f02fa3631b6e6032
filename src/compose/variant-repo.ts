/**
 * The repo of one variant of a nightly compose (a productmd family such as `compose/iot/`): which
 * variant holds the packages, where its repository is, and its binary packages. Unlike an updates
 * compose, whose one repo is always `compose/Everything/<arch>/os/`, a pungi compose says in
 * composeinfo.json where each variant's repository is (`payload.variants.<uid>.paths.repository.<arch>`,
 * relative to `compose/`), and the repository holds the variant's whole package set.
 */
import { fetchText, type Fetcher } from '../io/fetcher.js';
import { FetchError } from '../io/errors.js';
import type { Nevra } from '../rpm/types.js';
import { parseRepomd } from '../rpmmd/repomd.js';
import { fromManifest, type ComposeHandle } from './compose-handle.js';
import { ComposeError } from './errors.js';
import type { ComposeInfo } from './productmd.js';
import { readRepoPackages } from './repo-packages.js';

/** The variant that holds the bootc and OSTree deliverables of Fedora's IoT compose (pungi-iot). */
export const preferredVariant = 'IoT';

/** A variant's repository for one arch, as composeinfo.json gives it, and what it holds. */
export interface VariantRepo {
  /** The variant's uid (`IoT`). */
  variant: string;
  /** `paths.repository.<arch>`, relative to the compose's `compose/` directory (`IoT/x86_64/os`). */
  path: string;
  /** Absolute URL of the repository, ending in `/`. */
  url: string;
  /** The composeinfo.json read. */
  composeInfoUrl: string;
  /** `rpms.json` when it lists the variant and arch, else `primary.xml`. */
  packagesFrom: 'rpms.json' | 'primary.xml';
  /** Binary packages, sorted, epoch 0 as `null`. */
  packages: Nevra[];
}

/**
 * Chooses the variant whose repository is read for `arch`: `IoT` when it has one, else the only
 * variant that has one. None, or several without `IoT`, is `ERR_COMPOSE_NO_VARIANT` naming the
 * variants and the field.
 */
export function chooseVariant(
  info: ComposeInfo,
  arch: string,
  composeInfoUrl: string,
): { variant: string; path: string } {
  const withRepo = Object.entries(info.payload.variants)
    .flatMap(([uid, v]) => {
      const path = v.paths?.['repository']?.[arch];
      return path === undefined ? [] : [{ variant: uid, path }];
    })
    .sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0));
  const preferred = withRepo.find((v) => v.variant === preferredVariant);
  const chosen = preferred ?? (withRepo.length === 1 ? withRepo[0] : undefined);
  if (chosen === undefined) {
    const names = Object.keys(info.payload.variants).sort();
    throw new ComposeError(
      'ERR_COMPOSE_NO_VARIANT',
      withRepo.length === 0
        ? `${composeInfoUrl}: no variant has payload.variants.<uid>.paths.repository.${arch} (variants: ${names.join(', ') || 'none'})`
        : `${composeInfoUrl}: several variants have a repository for ${arch} (${withRepo.map((v) => v.variant).join(', ')}) and none is ${preferredVariant}`,
      { subject: composeInfoUrl },
    );
  }
  // A path is relative to compose/; one that climbs out of it, or is a URL, is not productmd's.
  if (chosen.path.startsWith('/') || chosen.path.split('/').includes('..') || /^[a-z]+:/i.test(chosen.path))
    throw new ComposeError(
      'ERR_COMPOSE_METADATA',
      `${composeInfoUrl} gives payload.variants.${chosen.variant}.paths.repository.${arch} as '${chosen.path.slice(0, 200)}', not a path inside compose/`,
      { subject: composeInfoUrl },
    );
  return chosen;
}

/** Reads the chosen variant's repository of a nightly compose for `arch`. */
export async function readVariantRepo(
  fetcher: Fetcher,
  handle: ComposeHandle,
  arch: string,
  signal?: AbortSignal,
): Promise<VariantRepo> {
  const composeInfoUrl = `${handle.url}compose/metadata/composeinfo.json`;
  const { variant, path } = chooseVariant(await handle.composeInfo(), arch, composeInfoUrl);
  const url = new URL(`compose/${path.replace(/\/+$/, '')}/`, handle.url).href;
  const manifest = await handle.rpms();
  const byArch = manifest?.payload.rpms[variant]?.[arch];
  if (byArch !== undefined)
    return {
      variant,
      path,
      url,
      composeInfoUrl,
      packagesFrom: 'rpms.json',
      packages: fromManifest(byArch, `${handle.url}compose/metadata/rpms.json`),
    };
  const repomdUrl = `${url}repodata/repomd.xml`;
  let text: string;
  try {
    text = await fetchText(fetcher, repomdUrl, { signal, maxBytes: 16 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND')
      throw new ComposeError(
        'ERR_COMPOSE_NO_REPO',
        `${handle.name}: composeinfo.json gives the ${variant} repository for ${arch} as ${path}, but ${repomdUrl} is missing`,
        { subject: repomdUrl, cause: error },
      );
    throw error;
  }
  const packages = await readRepoPackages(fetcher, url, parseRepomd(text, repomdUrl), signal);
  return { variant, path, url, composeInfoUrl, packagesFrom: 'primary.xml', packages };
}
