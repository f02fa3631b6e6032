import type { CliIo } from './cli-io.js';

/** One subcommand of the CLI. */
export interface Command {
  /** The word after `compose-match`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
