/**
 * What a command may touch of the process. `bin.ts` builds it from `process`; tests build it from
 * strings, so every command is testable in-process.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  /** Standard input, for `--status -` and `--pkglist -`. */
  stdin: AsyncIterable<Uint8Array | string>;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Reads all of standard input as UTF-8. */
export async function readStdin(io: CliIo): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of io.stdin)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}
