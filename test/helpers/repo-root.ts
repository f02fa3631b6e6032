import { fileURLToPath } from 'node:url';

/** The project root (tests run from `dist/test/…`, so go up past `dist/`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
