/**
 * Loads sql.js (SQLite compiled to WebAssembly) once. The `.wasm` is read from sql.js's own
 * package directory in node_modules and handed over as bytes, so nothing is fetched from a network
 * and no native build is involved.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;

let loading: Promise<SqlJs> | undefined;

/** The sql.js module, initialised on first use. */
export function loadSqlJs(): Promise<SqlJs> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasm = await readFile(require.resolve('sql.js/dist/sql-wasm.wasm'));
    const bytes = new Uint8Array(wasm.buffer, wasm.byteOffset, wasm.byteLength);
    return initSqlJs({
      wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    });
  })();
  // A failed load (a broken install) is not cached: the next call tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
