/**
 * After tsc (`npm run build`): renders the man page and the bash completion from the commands'
 * option tables into dist/share/, where package.json's `man` and `files` ship them from.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../src/cli/commands/command-list.js';
import { renderBashCompletion } from '../src/cli/share/render-completion.js';
import { renderManPage } from '../src/cli/share/render-man.js';
import { version } from '../src/version.js';

/** dist/share/, beside dist/scripts/ where this runs from. */
export const shareDir = fileURLToPath(new URL('../share/', import.meta.url));
export const manPagePath = join(shareDir, 'man/man1/compose-match.1');
export const completionPath = join(shareDir, 'bash-completion/completions/compose-match');

const loaded = await Promise.all(commands.map(async (entry) => ({ entry, spec: (await entry.load()).spec })));
for (const { entry, spec } of loaded)
  if (entry.name !== spec.name)
    throw new Error(`commands/command-list.ts lists '${entry.name}' but its table says '${spec.name}'`);

for (const [path, text] of [
  [manPagePath, renderManPage(version, loaded)],
  [completionPath, renderBashCompletion(loaded.map((l) => l.spec))],
] as const) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
