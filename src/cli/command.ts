import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './options/option-table.js';

/**
 * One subcommand of the CLI. Its option table ({@link CommandSpec}) is the only description of what
 * it takes: `--help`, the man page, the bash completion and its parseArgs config are rendered from it.
 */
export interface Command {
  /** The name, usage, text and option table of the command. */
  spec: CommandSpec;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A subcommand as the dispatcher knows it before loading it: loading a command pulls in its whole
 * dependency tree (zod schemas, undici, the XML parser), so `--help`, `--version` and `vercmp`
 * should not pay for `match`.
 */
export interface CommandEntry {
  /** The word after `compose-match`; the same as the loaded command's `spec.name`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  load(): Promise<Command>;
}
