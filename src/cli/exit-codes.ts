import { isComposeMatchError } from '../errors.js';

/** Exit codes (DESIGN.md): what a shell wrapper branches on. */
export const ExitCode = {
  /** A snapshot was found (or the command did its job). */
  ok: 0,
  /** Network, server or anything unexpected. */
  failure: 1,
  /** Bad usage or bad input. */
  usage: 2,
  /** No retained snapshot is consistent with the base (the report is still printed). */
  noSnapshot: 3,
} as const;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (!isComposeMatchError(error)) return ExitCode.failure;
  return error.category === 'usage' || error.category === 'input' ? ExitCode.usage : ExitCode.failure;
}

/** One line a person can act on: `compose-match: <message> [code]`. */
export function formatError(error: unknown): string {
  if (isComposeMatchError(error)) return `compose-match: ${error.message} [${error.code}]\n`;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `compose-match: internal error: ${text}\n`;
}
