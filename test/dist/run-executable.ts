/**
 * Runs a release executable as a host without Node would: copied alone into an empty directory,
 * with a PATH that holds only that directory and an environment that names nothing of the build.
 * Not a test file.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliResult } from '../helpers/run-cli.js';

/** Copies `executable` as `compose-match` into a new empty directory; returns its path. */
export function isolate(executable: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cm-exe-'));
  const target = join(dir, 'compose-match');
  copyFileSync(executable, target);
  return target;
}

/** Runs `compose-match` (an {@link isolate}d copy) with `PATH` = its own directory only. */
export function runExecutable(
  executable: string,
  args: readonly string[],
  options: { cwd?: string; prefix?: readonly string[] } = {},
): Promise<CliResult> {
  const dir = join(executable, '..');
  const [command, ...rest] = [...(options.prefix ?? []), executable, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      command!,
      rest,
      {
        cwd: options.cwd ?? dir,
        env: { PATH: dir, HOME: dir, LANG: 'C.UTF-8' },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
        else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}
