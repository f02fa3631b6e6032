/**
 * The declarative option table of a subcommand: the one source its `--help` text, the man page
 * and the bash completion are rendered from, and from which its `node:util` parseArgs config is
 * derived, so none of them can drift from what the command accepts.
 */

/** One option of a command. */
export interface OptionSpec {
  /** The long name, without `--`. */
  readonly name: string;
  /** A one-letter alias, without `-`. */
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  /** Repeatable (parseArgs collects every value). */
  readonly multiple?: boolean;
  /** The placeholder shown after a string option (`FILE|-`). */
  readonly arg?: string;
  /** One unwrapped line: `--help` wraps it, roff fills it. */
  readonly description: string;
  /** Shown indented under the option before it (`--deployment` under `--status`). */
  readonly nested?: boolean;
  /**
   * What the completion offers for the argument: files, directories, fixed words, or nothing.
   * Default: files when {@link arg} names a FILE, directories when it names a DIR or PATH.
   */
  readonly complete?: 'file' | 'directory' | 'none' | readonly string[];
}

/** Options shown under one heading (`Base source (exactly one):`, `Options:`). */
export interface OptionGroup {
  /** The heading without its colon. */
  readonly title: string;
  readonly options: readonly OptionSpec[];
}

/** A positional argument: a fixed word (`index update`) or a placeholder (`NAME...`). */
export interface OperandSpec {
  readonly name: string;
  readonly description: string;
  /** The name is typed as is (the completion offers it). */
  readonly literal?: boolean;
}

/** Everything `--help`, the man page and the completion say about one subcommand. */
export interface CommandSpec {
  /** The word after `compose-match`. */
  readonly name: string;
  /** The synopsis after `compose-match ` (`match <base source> [options]`). */
  readonly usage: string;
  /** Paragraphs after the usage line, wrapped as they should print in `--help`. */
  readonly description: string;
  /** Positional arguments; a command without any rejects a stray argument. */
  readonly operands?: readonly OperandSpec[];
  /** Option groups in `--help` order; `-h, --help` is appended to the one titled `Options`. */
  readonly groups: readonly OptionGroup[];
  /** Paragraphs after the options (what it decides, exit codes), wrapped as for `--help`. */
  readonly notes?: string;
}

/** `-h, --help`, which every command takes (the dispatcher answers it before the command runs). */
export const helpOption = {
  name: 'help',
  short: 'h',
  type: 'boolean',
  description: 'this help',
} as const satisfies OptionSpec;

/** Declares a command's table, keeping its literal option names and types for {@link ParseConfigOf}. */
export function commandSpec<const S extends CommandSpec>(spec: S): S {
  return spec;
}

/** Declares options shared between commands (the base source), keeping their literal types. */
export function optionList<const O extends readonly OptionSpec[]>(options: O): O {
  return options;
}

/** The groups as they render: `-h, --help` last under `Options` (a group of its own if none). */
export function renderedGroups(spec: CommandSpec): readonly OptionGroup[] {
  const groups = spec.groups.map((g) =>
    g.title === 'Options' ? { title: g.title, options: [...g.options, helpOption] } : g,
  );
  if (!groups.some((g) => g.title === 'Options')) groups.push({ title: 'Options', options: [helpOption] });
  return groups;
}

/** Every option a command takes, `--help` included, in rendering order. */
export function allOptions(spec: CommandSpec): readonly OptionSpec[] {
  return renderedGroups(spec).flatMap((g) => g.options);
}

type OptionsOf<S extends CommandSpec> = S['groups'][number]['options'][number];

/** The parseArgs `options` config a table stands for. */
export type ParseConfigOf<S extends CommandSpec> = {
  [O in OptionsOf<S> as O['name']]: {
    type: O['type'];
    multiple: O extends { multiple: true } ? true : false;
    short?: string;
  };
};

/**
 * The parseArgs config of a table. An option declared twice is a bug in the table (parseArgs would
 * keep one silently, and the help would show both), so it throws.
 */
export function parseConfigOf<S extends CommandSpec>(spec: S): ParseConfigOf<S> {
  const config: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = {};
  for (const o of spec.groups.flatMap((g) => g.options)) {
    if (o.name in config || o.name === helpOption.name)
      throw new Error(`compose-match ${spec.name}: option --${o.name} is declared twice`);
    config[o.name] = {
      type: o.type,
      multiple: o.multiple === true,
      ...(o.short === undefined ? {} : { short: o.short }),
    };
  }
  return config as ParseConfigOf<S>;
}

/** What the completion offers after the option. */
export function completionOf(o: OptionSpec): 'file' | 'directory' | 'none' | readonly string[] {
  if (o.complete !== undefined) return o.complete;
  if (o.arg === undefined) return 'none';
  if (/FILE/.test(o.arg)) return 'file';
  if (/DIR|PATH/.test(o.arg)) return 'directory';
  return 'none';
}
