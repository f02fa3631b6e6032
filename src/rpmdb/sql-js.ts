/**
 * Loads sql.js (SQLite compiled to WebAssembly) once. The `.wasm` is read from sql.js's own
 * package directory in node_modules (or from the single-file executable, which carries it) and
 * handed over as bytes, so nothing is fetched from a network and no native build is involved.
 */
import initSqlJs from 'sql.js';
import { readPackageFile } from '../io/runtime-files.js';

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;

let loading: Promise<SqlJs> | undefined;

/** The sql.js module, initialised on first use. */
export function loadSqlJs(): Promise<SqlJs> {
  loading ??= (async () => {
    const bytes = await readPackageFile('sql.js/dist/sql-wasm.wasm');
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
