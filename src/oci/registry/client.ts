/**
 * The registry HTTP API (distribution-spec) over a {@link Fetcher}: every request carries the
 * current `Authorization`; a 401 is answered once per request by its challenge — Bearer: fetch a
 * token from `realm` with `service` and `scope` (Basic credentials to the token endpoint when known),
 * Basic: send the credentials. Blob requests may be redirected to another host; that hop is
 * followed without `Authorization` (the fetcher's `redirect: 'any-host'`).
 */
import type { FetchedStream, Fetcher } from '../../io/fetcher.js';
import { FetchError } from '../../io/errors.js';
import { parseChallenges } from './challenge.js';
import type { RegistryCredentials } from './credentials.js';
import { RegistryError } from './errors.js';
import type { RegistryReference } from './reference.js';

/** Largest token response read. */
const maxTokenBytes = 1024 * 1024;

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  fetcher: Fetcher;
  credentials: RegistryCredentials | null;
  /** `http:` for a registry without TLS (loopback test registries); default `https:`. */
  protocol?: 'http:' | 'https:' | undefined;
}

/** A client for one repository of one registry. */
export class RegistryClient {
  readonly #fetcher: Fetcher;
  readonly #credentials: RegistryCredentials | null;
  readonly #ref: RegistryReference;
  readonly #base: string;
  #authorization: string | undefined;

  constructor(ref: RegistryReference, options: RegistryClientOptions) {
    this.#ref = ref;
    this.#fetcher = options.fetcher;
    this.#credentials = options.credentials;
    this.#base = `${options.protocol ?? 'https:'}//${ref.apiHost}/v2/${ref.name}/`;
  }

  /** GET `path` (below `/v2/NAME/`), answering one auth challenge; the response is 2xx. */
  async open(
    path: string,
    options: { accept?: string; maxBytes?: number; blob?: boolean; range?: readonly [number, number] } = {},
  ): Promise<FetchedStream> {
    const url = this.#base + path;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {};
      if (options.accept !== undefined) headers['accept'] = options.accept;
      // A byte range of a blob (RFC 9110 §14.2): the answer is 206, or 200 with the whole blob when
      // the server or a CDN in front of it ignores ranges.
      if (options.range !== undefined) headers['range'] = `bytes=${options.range[0]}-${options.range[1]}`;
      if (this.#authorization !== undefined) headers['authorization'] = this.#authorization;
      let response: FetchedStream;
      try {
        response = await this.#fetcher.open(url, {
          headers,
          maxBytes: options.maxBytes,
          passStatuses: [401, 403],
          redirect: options.blob === true ? 'any-host' : 'same-origin',
        });
      } catch (error) {
        if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') {
          throw new RegistryError(
            'ERR_REGISTRY_NOT_FOUND',
            `${this.#ref.reference}: ${path} not found on ${this.#ref.apiHost}`,
            {
              subject: this.#ref.reference,
              cause: error,
            },
          );
        }
        throw error;
      }
      const status = response.status ?? 200;
      if (status !== 401 && status !== 403) return response;
      await drain(response);
      if (status === 403 || attempt > 0) throw this.#refused(status);
      await this.#answer(response.headers?.['www-authenticate']);
    }
  }

  #refused(status: number): RegistryError {
    const how =
      this.#credentials === null
        ? 'anonymously (no credentials in the auth files)'
        : 'with the credentials from the auth file';
    return new RegistryError(
      'ERR_REGISTRY_UNAUTHORIZED',
      `${this.#ref.apiHost} refused ${this.#ref.name} ${how} (HTTP ${status}); log in with skopeo login / podman login, or set REGISTRY_AUTH_FILE`,
      { subject: this.#ref.reference },
    );
  }

  async #answer(header: string | undefined): Promise<void> {
    const challenges = header === undefined ? [] : parseChallenges(header);
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params['realm'] !== undefined);
    if (bearer !== undefined) {
      this.#authorization = `Bearer ${await this.#token(bearer.params)}`;
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (this.#credentials === null) throw this.#refused(401);
      this.#authorization = `Basic ${basic(this.#credentials)}`;
      return;
    }
    throw new RegistryError(
      'ERR_REGISTRY_BAD_CHALLENGE',
      `${this.#ref.apiHost} answered 401 without a Bearer or Basic WWW-Authenticate challenge`,
      { subject: this.#ref.reference },
    );
  }

  async #token(params: Record<string, string>): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(params['realm']!);
    } catch (cause) {
      throw new RegistryError('ERR_REGISTRY_BAD_CHALLENGE', `the Bearer realm is not a URL`, {
        subject: this.#ref.reference,
        cause,
      });
    }
    if (params['service'] !== undefined) realm.searchParams.set('service', params['service']);
    realm.searchParams.set('scope', params['scope'] ?? `repository:${this.#ref.name}:pull`);
    const headers: Record<string, string> = {};
    if (this.#credentials !== null) headers['authorization'] = `Basic ${basic(this.#credentials)}`;
    const response = await this.#fetcher.open(realm.href, {
      headers,
      maxBytes: maxTokenBytes,
      passStatuses: [401, 403],
    });
    const body = await collect(response);
    if (response.status === 401 || response.status === 403) throw this.#refused(response.status);
    let token: unknown;
    try {
      const json = JSON.parse(new TextDecoder().decode(body)) as { token?: unknown; access_token?: unknown };
      token = json.token ?? json.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
      throw new RegistryError(
        'ERR_REGISTRY_TOKEN',
        `the token endpoint ${realm.origin}${realm.pathname} gave no "token" or "access_token"`,
        {
          subject: this.#ref.reference,
        },
      );
    }
    return token;
  }
}

function basic(credentials: RegistryCredentials): string {
  return Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
}

async function drain(response: FetchedStream): Promise<void> {
  for await (const _chunk of response.body) {
    // discard: an error page
  }
}

/** The whole (bounded) body. */
export async function collect(response: FetchedStream): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of response.body) parts.push(chunk);
  return Buffer.concat(parts);
}
