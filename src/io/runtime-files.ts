/**
 * The two things the code needs besides its modules: the sql.js WebAssembly and the decode worker's
 * script. Installed from npm (or run as `node dist/src/cli/bin.js`) they are files beside the
 * modules; in the single-file executable (`npm run dist`, a Node single-executable application)
 * there are no files, and the build stored them as assets of the executable. This module is the one
 * place that knows which, so the readers stay the same for both.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import sea from 'node:sea';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** True inside the single-file executable. */
export function inExecutable(): boolean {
  return sea.isSea();
}

/**
 * The bytes of a file of an installed package, by its module specifier
 * (`sql.js/dist/sql-wasm.wasm`); in the executable, the asset stored under that specifier.
 */
export async function readPackageFile(specifier: string): Promise<Uint8Array> {
  if (inExecutable()) return new Uint8Array(sea.getAsset(specifier));
  const file = await readFile(createRequire(import.meta.url).resolve(specifier));
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}

/**
 * A worker running `script` (a module beside the caller's); in the executable, the bundled script
 * stored as the asset named like the file (`decode-worker.js`), evaluated as source.
 */
export function startWorker(script: URL, options: WorkerOptions): Worker {
  if (!inExecutable()) return new Worker(script, options);
  return new Worker(sea.getAsset(basename(script.pathname), 'utf8'), { ...options, eval: true });
}
