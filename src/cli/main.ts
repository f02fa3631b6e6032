/**
 * The CLI entry point, independent of `process` so tests can run it in-process.
 */
import type { CliIo } from './cli-io.js';
import { commands } from './commands/command-list.js';
import { ExitCode, exitCodeFor, formatError } from './exit-codes.js';
import { renderHelp } from './options/render-help.js';

/** Top-level help. */
export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 0);
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: compose-match <command> [options]

Find the Fedora updates compose an OSTree base image was built from, and emit a .repo
for layering packages without replacing base packages.

Commands:
${list}

Run 'compose-match <command> --help' for a command's options.
Exit codes: 0 found, 3 no retained snapshot matches, 2 bad usage or input, 1 other failure.
`;
}

/** Runs the CLI with `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(mainHelp());
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    const { version } = await import('../version.js');
    io.stdout.write(`compose-match ${version}\n`);
    return ExitCode.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`compose-match: unknown command '${name}'. Run 'compose-match --help' for the list.\n`);
    return ExitCode.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(renderHelp(command.spec));
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr.write(formatError(error));
    return exitCodeFor(error);
  }
}
