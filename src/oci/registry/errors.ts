import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../../errors.js';

/**
 * Stable codes of {@link RegistryError}.
 *
 * - `ERR_REGISTRY_BAD_REFERENCE`: a `docker://` reference is not `HOST/NAME[:TAG|@sha256:HEX]` (usage).
 * - `ERR_REGISTRY_UNAUTHORIZED`: the registry refused the request (401/403), with or without credentials.
 * - `ERR_REGISTRY_BAD_CHALLENGE`: a 401 carried no `WWW-Authenticate` challenge this client can answer.
 * - `ERR_REGISTRY_TOKEN`: the token endpoint did not answer with a usable token.
 * - `ERR_REGISTRY_AUTH_FILE`: an auth.json / config.json is not valid JSON or its `auth` is not base64 `user:pass`.
 * - `ERR_REGISTRY_NOT_FOUND`: the registry has no such repository, tag or blob.
 * - `ERR_REGISTRY_MANIFEST`: a manifest response has no usable media type, or its digest differs from the reference.
 * - `ERR_REGISTRY_RANGE`: a ranged blob read got another range than the one asked for, or an empty one.
 */
export type RegistryErrorCode =
  | 'ERR_REGISTRY_BAD_REFERENCE'
  | 'ERR_REGISTRY_UNAUTHORIZED'
  | 'ERR_REGISTRY_BAD_CHALLENGE'
  | 'ERR_REGISTRY_TOKEN'
  | 'ERR_REGISTRY_AUTH_FILE'
  | 'ERR_REGISTRY_NOT_FOUND'
  | 'ERR_REGISTRY_MANIFEST'
  | 'ERR_REGISTRY_RANGE';

/** Talking to an image registry failed. `subject` is the reference or URL (never a credential). */
export class RegistryError extends ComposeMatchError {
  override name = 'RegistryError' as const;
  declare readonly code: RegistryErrorCode;

  constructor(
    code: RegistryErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { category?: ErrorCategory } = {},
  ) {
    super(code, message, options.category ?? 'input', options);
  }
}
