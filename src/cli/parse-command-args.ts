import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>
>;

/**
 * `node:util` parseArgs in strict mode, for one subcommand: an unknown or malformed option, or a
 * stray argument when the command takes none, becomes a {@link UsageError} (exit 2) that points at
 * the command's `--help`.
 */
export function parseCommandArgs<const T extends OptionsConfig>(
  command: string,
  args: readonly string[],
  options: T,
  { positionals = false }: { positionals?: boolean } = {},
): Parsed<T> {
  const fail = (message: string, cause?: unknown): never => {
    throw new UsageError(`${message}. Run 'compose-match ${command} --help'.`, { cause });
  };
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    if (!positionals && parsed.positionals.length > 0) {
      fail(`Unexpected argument '${parsed.positionals[0]}': ${command} takes only options`);
    }
    return parsed;
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    return fail((cause as Error).message, cause);
  }
}
