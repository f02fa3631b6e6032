import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { parseConfigOf, type CommandSpec, type ParseConfigOf } from './options/option-table.js';

type Parsed<S extends CommandSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: ParseConfigOf<S>; strict: true; allowPositionals: true }>
>;

/**
 * `node:util` parseArgs in strict mode over a command's option table: an unknown or malformed
 * option, or a stray argument when the table declares no operands, becomes a {@link UsageError}
 * (exit 2) that points at the command's `--help`.
 */
export function parseCommandArgs<const S extends CommandSpec>(spec: S, args: readonly string[]): Parsed<S> {
  const command = spec.name;
  const fail = (message: string, cause?: unknown): never => {
    throw new UsageError(`${message}. Run 'compose-match ${command} --help'.`, { cause });
  };
  try {
    const parsed = parseArgs({
      args: [...args],
      options: parseConfigOf(spec),
      strict: true,
      allowPositionals: true,
    });
    if ((spec.operands ?? []).length === 0 && parsed.positionals.length > 0) {
      fail(`Unexpected argument '${parsed.positionals[0]}': ${command} takes only options`);
    }
    return parsed as Parsed<S>;
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    return fail((cause as Error).message, cause);
  }
}
