/** A command's `--help` text, rendered from its {@link CommandSpec}. */
import { renderedGroups, type CommandSpec, type OptionSpec } from './option-table.js';

/** Where descriptions start, and the width they wrap at (the terminal's 100 columns of the old help). */
const column = 29;
const width = 100;

/** `-o, --output FILE` / `--status FILE|-`, as the option column shows it. */
export function optionLabel(o: OptionSpec): string {
  const long = `--${o.name}${o.arg === undefined ? '' : ` ${o.arg}`}`;
  return o.short === undefined ? long : `-${o.short}, ${long}`;
}

/** Greedy word wrap of one line into lines of at most `room` characters (a longer word stays whole). */
function wrap(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** One row: the label in the left column, the description wrapped beside it (below it if too long). */
function row(label: string, description: string): string {
  const lines = wrap(description, width - column);
  const pad = ' '.repeat(column);
  const first = label.length + 2 <= column ? label.padEnd(column) + (lines.shift() ?? '') : label;
  return [first.trimEnd(), ...lines.map((l) => pad + l)].join('\n') + '\n';
}

/** The full `--help` text of a command. */
export function renderHelp(spec: CommandSpec): string {
  let out = `Usage: compose-match ${spec.usage}\n\n${spec.description.trimEnd()}\n`;
  if (spec.operands !== undefined && spec.operands.length > 0) {
    out += '\n';
    for (const operand of spec.operands) out += row(`  ${operand.name}`, operand.description);
  }
  for (const group of renderedGroups(spec)) {
    out += `\n${group.title}:\n`;
    for (const o of group.options)
      out += row(`${o.nested === true ? '    ' : '  '}${optionLabel(o)}`, o.description);
  }
  if (spec.notes !== undefined) out += `\n${spec.notes.trimEnd()}\n`;
  return out;
}
