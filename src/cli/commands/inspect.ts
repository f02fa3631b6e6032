/** `compose-match inspect <base source> [--json]`: the normalised BaseImage. */
import type { BaseImage } from '../../base/base-image.js';
import { readBaseImage } from '../../base/read-base-image.js';
import { parseCommandArgs } from '../parse-command-args.js';
import {
  baseSourceFromValues,
  baseSourceOptions,
  baseSourceTitle,
  imageArchOption,
} from '../base-source-options.js';
import { commandSpec } from '../options/option-table.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliFetcher, timeoutRow } from '../fetch-options.js';

/** The option table of `inspect`. */
export const inspectSpec = commandSpec({
  name: 'inspect',
  usage: 'inspect <base source> [--json]',
  description: `Reads a base image and prints what compose-match will match on: commit, version, arch, commit
time, the rpm-md repos recorded at compose time (timestamps repaired for byte order), the
package count, and notes on anything repaired or missing.`,
  groups: [
    { title: baseSourceTitle, options: [...baseSourceOptions, imageArchOption] },
    {
      title: 'Options',
      options: [
        { name: 'json', type: 'boolean', description: 'print the BaseImage as JSON' },
        {
          name: 'no-cache',
          type: 'boolean',
          description:
            'do not use the on-disk cache of OSTree commit objects (default: $XDG_CACHE_HOME/compose-match)',
        },
        timeoutRow,
      ],
    },
  ],
});

/** The `inspect` command. */
export const inspectCommand: Command = {
  spec: inspectSpec,
  async run(args, io) {
    const { values } = parseCommandArgs(inspectSpec, args);
    const source = await baseSourceFromValues(values, io);
    // Commit objects are content-addressed (and verified), so they are safe to cache.
    const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
    let base: BaseImage;
    try {
      // inspect shows what a source knows even when matching would need more (an image status alone).
      base = await readBaseImage(source, { cwd: io.cwd, fetcher, env: io.env, partial: true });
    } finally {
      await fetcher.close();
    }
    io.stdout.write(values.json === true ? `${JSON.stringify(base, null, 2)}\n` : formatBase(base));
    return ExitCode.ok;
  },
};

/** The human summary of a base image. */
export function formatBase(base: BaseImage): string {
  const lines: string[] = [];
  const where = [base.source.location];
  if (base.source.ref !== null) where.push(`ref ${base.source.ref}`);
  if (base.source.deployment !== null) where.push(`deployment ${base.source.deployment}`);
  lines.push(`Base image (${base.source.kind}: ${where.join(', ')})`);
  // A tag moves: the digest is what was read.
  if (base.image !== undefined) lines.push(`  manifest  ${base.image.manifestDigest}`);
  lines.push(`  commit    ${base.commit ?? '-'}`);
  lines.push(`  version   ${base.version ?? '-'}`);
  lines.push(`  arch      ${base.arch ?? '-'}`);
  lines.push(
    `  time      ${base.commitTime === null ? '-' : `${iso(base.commitTime)} (${base.commitTime})`}`,
  );
  if (base.repos.length === 0) lines.push('  repos     -');
  const width = Math.max(0, ...base.repos.map((r) => r.id.length));
  base.repos.forEach((r, i) => {
    const swapped = r.swapped ? '  (stored byte-swapped, repaired)' : '';
    lines.push(
      `  ${i === 0 ? 'repos ' : '      '}    ${r.id.padEnd(width)}  ${r.timestamp}  ${iso(r.timestamp)}${swapped}`,
    );
  });
  lines.push(`  packages  ${base.packages.length}`);
  // Tags move: the digest is what was read (or, on a host, what is deployed).
  if (base.image !== undefined)
    lines.push(`  image     ${base.image.reference}`, `            @ ${base.image.manifestDigest || '-'}`);
  if (base.notes.length > 0) {
    lines.push('Notes:');
    for (const note of base.notes) lines.push(`  - ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
