/**
 * The one error hierarchy of compose-match.
 *
 * Every failure the library raises is a {@link ComposeMatchError}: a stable machine `code`
 * (callers and shell wrappers branch on it), a `category` that decides the CLI exit code, and the
 * `subject` involved (a URL, a file, a field) so a message can say what to fix. Each module defines
 * its own subclass next to its code (`src/<module>/errors.ts`); this file holds only the base.
 */

/** What kind of failure it is; the CLI maps it to an exit code (DESIGN.md: 2 bad usage/input, 1 the rest). */
export type ErrorCategory = 'usage' | 'input' | 'network' | 'internal';

/** Options shared by every error constructor. */
export interface ComposeMatchErrorOptions {
  /** The URL, file path or field the error is about. */
  subject?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error compose-match throws. */
export class ComposeMatchError extends Error {
  override name = 'ComposeMatchError';
  /** Stable machine-readable code, e.g. `ERR_NEVRA_MALFORMED`. */
  readonly code: string;
  /** Decides the CLI exit code. */
  readonly category: ErrorCategory;
  /** The URL, file or field involved, when there is one. */
  readonly subject: string | undefined;

  constructor(
    code: string,
    message: string,
    category: ErrorCategory,
    options: ComposeMatchErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.category = category;
    this.subject = options.subject;
  }
}

/** The command line or an API call was used wrongly (missing or conflicting options). */
export class UsageError extends ComposeMatchError {
  override name = 'UsageError' as const;
  constructor(message: string, options: ComposeMatchErrorOptions = {}) {
    super('ERR_USAGE', message, 'usage', options);
  }
}

/** True when `error` is one of ours (also across duplicated module copies, by duck typing). */
export function isComposeMatchError(error: unknown): error is ComposeMatchError {
  return (
    error instanceof ComposeMatchError ||
    (error instanceof Error &&
      typeof (error as Partial<ComposeMatchError>).code === 'string' &&
      typeof (error as Partial<ComposeMatchError>).category === 'string')
  );
}
