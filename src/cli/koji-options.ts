/**
 * The Koji options `match`, `fetch`, `install` and `state` share: `--koji` / `--koji-hub URL` (match
 * the base from Koji's tag history when no retained compose explains it) and `--pool-root` (where
 * the FCOS pool dist-repo is, for a `pool` answer's stanza and for fetch's pool source). One table
 * row and one check each, so the four commands cannot drift apart in what they accept.
 */
import { UsageError } from '../errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { KojiHubClient, defaultKojiHub } from '../koji/hub-client.js';
import { defaultPoolRoot } from '../koji/pool-repo.js';
import { optionList, type OptionSpec } from './options/option-table.js';

/** `--koji` and `--koji-hub URL` (rows of an option table). */
export const kojiOptions = optionList([
  {
    name: 'koji',
    type: 'boolean',
    description: `when no retained compose explains the base, rebuild its snapshot from Koji's tag history (${defaultKojiHub}; anonymous, read-only)`,
  },
  {
    name: 'koji-hub',
    type: 'string',
    arg: 'URL',
    description: 'the same with another hub',
    complete: 'none',
  },
]);

/** `--pool-root URL|DIR` (a row of an option table). */
export const poolRootOption = {
  name: 'pool-root',
  type: 'string',
  arg: 'URL|DIR',
  description: `the FCOS pool dist-repo, <root><arch>/ (default ${defaultPoolRoot}): the pool stanza of a pool answer (--koji), and fetch's pool source`,
} as const satisfies OptionSpec;

/** The values the Koji options give. */
export interface KojiValues {
  koji?: boolean | undefined;
  'koji-hub'?: string | undefined;
}

/** `--koji` or `--koji-hub URL` was given. */
export function kojiAsked(values: KojiValues): boolean {
  return values.koji === true || values['koji-hub'] !== undefined;
}

/** Refuses a `--koji-hub` that is not an http(s) URL, before anything is read. */
export function checkKojiValues(values: KojiValues): void {
  const hub = values['koji-hub'];
  if (hub !== undefined && !/^https?:\/\//.test(hub))
    throw new UsageError(`--koji-hub takes the hub's http(s) URL, not '${hub}'`);
}

/** The hub client the options ask for (Fedora's hub for `--koji`), or undefined without them. */
export function kojiHubFromValues(values: KojiValues, fetcher: Fetcher): KojiHubClient | undefined {
  return kojiAsked(values)
    ? new KojiHubClient({ hubUrl: values['koji-hub'] ?? defaultKojiHub, fetcher })
    : undefined;
}
