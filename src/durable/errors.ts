import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/** Stable codes of {@link DurableError}. */
export type DurableErrorCode =
  /** An `--archive-root` / `--updates-root` value is not a usable http(s) or file URL. */
  | 'ERR_DURABLE_ROOT'
  /** The snapshot's package set could not be read from the compose index. */
  | 'ERR_DURABLE_SNAPSHOT';

const categories: Record<DurableErrorCode, ErrorCategory> = {
  ERR_DURABLE_ROOT: 'usage',
  ERR_DURABLE_SNAPSHOT: 'input',
};

/** Placing a pruned snapshot's builds in durable sources failed. `subject` is the root or compose. */
export class DurableError extends ComposeMatchError {
  override name = 'DurableError' as const;
  declare readonly code: DurableErrorCode;

  constructor(code: DurableErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, categories[code], options);
  }
}
