/**
 * The main script of a probe executable (built by test/dist/executable.test.ts with the release's
 * build): it reads a primary.xml file on the decode worker, which inside an executable is the
 * bundled asset evaluated as source, and prints what it read. The CLI never decodes off-thread
 * (a library option), so this is how the worker's path through the executable is proved. Not a test file.
 */
import { readFileSync } from 'node:fs';
import { inExecutable } from '../../src/io/runtime-files.js';
import { collectPrimary } from '../../src/rpmmd/read-primary.js';

const file = process.argv[2]!;
void collectPrimary([readFileSync(file)], { filename: file, offThread: true }).then((packages) => {
  process.stdout.write(
    JSON.stringify({
      inExecutable: inExecutable(),
      packages: packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`),
    }),
  );
});
