import { parseArgs } from 'node:util';
import { UsageError } from '../../errors.js';
import { isKnownArch } from '../../rpm/arches.js';
import { compareEvr, parseEvr } from '../../rpm/evr.js';
import { parseNevra } from '../../rpm/nevra.js';
import type { Evr, Nevra } from '../../rpm/types.js';
import type { Command } from '../command.js';
import { commandSpec, parseConfigOf } from '../options/option-table.js';

/** rpmdev-vercmp's exit codes: 0 equal, 11 the first is newer, 12 the second is newer. */
export const VercmpExit = { equal: 0, firstNewer: 11, secondNewer: 12 } as const;

/**
 * An argument is a NEVRA when it parses as one and its arch is one rpm knows (`bash-5.0-1.fc32.x86_64`);
 * anything else is an EVR (`1.0-1.fc32`, whose `.fc32` is not an arch).
 */
function readVersion(text: string): { evr: Evr; nevra: Nevra | null } {
  try {
    const nevra = parseNevra(text);
    if (isKnownArch(nevra.arch)) return { evr: nevra, nevra };
  } catch {
    // Not a NEVRA: read it as an EVR below, whose error is the one to report.
  }
  return { evr: parseEvr(text), nevra: null };
}

/** The option table of `vercmp`: no options, two operands. */
export const vercmpSpec = commandSpec({
  name: 'vercmp',
  usage: 'vercmp A B',
  description: `Compare two RPM versions with rpm's rules and print 'A < B', 'A == B' or 'A > B'.

Each of A and B is an EVR, [epoch:]version[-release] (1.0~rc1, 2:1.0-3.fc32), or a
NEVRA, name-[epoch:]version-release.arch (bash-5.0.17-1.fc32.x86_64, optionally with
.rpm or an epoch before the name). An argument is read as a NEVRA only when it parses
as one and its arch is one rpm knows (x86_64, noarch, src, aarch64, ...); otherwise it
is an EVR, so 1.0-1.fc32 is version 1.0, release 1.fc32. Of NEVRAs only the EVR is
compared. A missing epoch is 0; a missing release sorts below any release.`,
  operands: [
    { name: 'A', description: 'the first version, an EVR or a NEVRA' },
    { name: 'B', description: 'the second version, an EVR or a NEVRA' },
  ],
  groups: [],
  notes: 'Exit codes: 0 A == B, 11 A is newer, 12 B is newer, 2 bad usage or a malformed version.',
});

export const vercmp: Command = {
  spec: vercmpSpec,
  async run(args, io) {
    let positionals: string[];
    try {
      ({ positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: parseConfigOf(vercmpSpec),
      }));
    } catch (error) {
      // e.g. a version starting with '-', which reads as an option (node's message suggests '--').
      throw new UsageError((error as Error).message, { cause: error });
    }
    const [a, b] = positionals;
    if (a === undefined || b === undefined || positionals.length !== 2) {
      throw new UsageError(`vercmp takes exactly two versions, got ${positionals.length}`);
    }
    const x = readVersion(a);
    const y = readVersion(b);
    if (x.nevra !== null && y.nevra !== null && x.nevra.name !== y.nevra.name) {
      io.stderr.write(
        `compose-match: note: comparing versions of different packages '${x.nevra.name}' and '${y.nevra.name}'\n`,
      );
    }
    const order = compareEvr(x.evr, y.evr);
    io.stdout.write(`${a} ${order < 0 ? '<' : order > 0 ? '>' : '=='} ${b}\n`);
    return order < 0 ? VercmpExit.secondNewer : order > 0 ? VercmpExit.firstNewer : VercmpExit.equal;
  },
};
