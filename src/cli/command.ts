import type { CliIo } from './cli-io.js';

/** One subcommand of the CLI. */
export interface Command {
  /** The word after `compose-match`. */
  name: string;
  /** The full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A subcommand as the dispatcher knows it before loading it: loading a command pulls in its whole
 * dependency tree (zod schemas, undici, the XML parser), so `--help`, `--version` and `vercmp`
 * should not pay for `match`.
 */
export interface CommandEntry {
  name: string;
  /** One line for the command list. */
  summary: string;
  load(): Promise<Command>;
}
