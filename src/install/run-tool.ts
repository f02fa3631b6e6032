/**
 * Running rpm-ostree or dnf for `install`: found on the `PATH` the command was given (so tests and
 * other roots can point elsewhere), output passed through, and SIGINT/SIGTERM forwarded to it so
 * the transaction can roll back after it has stopped rather than under its feet.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InstallError } from './errors.js';

/** The absolute path `command` has on `path`, or undefined. */
export function findTool(command: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** How a tool run ended. */
export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The signal this process received while the tool ran (and forwarded to it), if any. */
  interrupted: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Where the tool's output goes as it comes (besides being kept). */
  stdout?: { write(text: string): unknown } | undefined;
  stderr?: { write(text: string): unknown } | undefined;
}

/** Runs `tool args…`; never rejects for a non-zero exit, only when it cannot start. */
export function runTool(tool: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args], {
      env: options.env as NodeJS.ProcessEnv,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let interrupted: NodeJS.Signals | null = null;
    const forward = (signal: NodeJS.Signals): void => {
      interrupted ??= signal;
      child.kill(signal);
    };
    const onInt = (): void => forward('SIGINT');
    const onTerm = (): void => forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      options.stdout?.write(c);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      options.stderr?.write(c);
    });
    const done = (): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.once('error', (cause) => {
      done();
      reject(
        new InstallError('ERR_INSTALL_TOOL', `Cannot run ${tool}: ${cause.message}`, {
          subject: tool,
          cause,
        }),
      );
    });
    child.once('close', (code, signal) => {
      done();
      resolve({ code, signal, interrupted, stdout, stderr });
    });
  });
}
