import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link KojiError}. */
export type KojiErrorCode =
  /** The hub answered with an XML-RPC fault (`koji.GenericError: …`). */
  | 'ERR_KOJI_FAULT'
  /** The answer is not XML-RPC, or not the shape koji's hub returns. */
  | 'ERR_KOJI_RESPONSE'
  /** The hub did not answer in time. */
  | 'ERR_KOJI_TIMEOUT';

/** A Koji hub call failed. `subject` is the hub URL and method. */
export class KojiError extends ComposeMatchError {
  override name = 'KojiError' as const;
  declare readonly code: KojiErrorCode;
  /** The fault's `faultCode`, for `ERR_KOJI_FAULT`. */
  readonly faultCode: number | undefined;
  /** The fault's `faultString`, for `ERR_KOJI_FAULT`. */
  readonly faultString: string | undefined;

  constructor(
    code: KojiErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { faultCode?: number; faultString?: string } = {},
  ) {
    super(code, message, 'network', options);
    this.faultCode = options.faultCode;
    this.faultString = options.faultString;
  }
}
