/**
 * The root options `install` and `state` share, as rows of their option tables: where the composes,
 * the GA trees, a compose index and the durable sources (updates-archive, live updates) are, each
 * with its one-line help (`match`, which runs alone, explains them at length).
 */
import { defaultComposeRoot } from './fetch-options.js';

/** A string option naming a URL or a directory (its name kept literal, for the parsed values' type). */
export const rootOption = <N extends string>(name: N, arg: string, description: string) =>
  ({ name, type: 'string', arg, description }) as const;

export const composeRootOption = rootOption(
  'compose-root',
  'URL|PATH',
  `where the composes are (default ${defaultComposeRoot})`,
);
export const releaseRootOption = rootOption(
  'release-root',
  'URL|PATH',
  "GA release trees (default Fedora's)",
);
export const indexOption = rootOption('index', 'DIR|URL', 'match over a compose index too (pruned composes)');
export const archiveRootOption = rootOption(
  'archive-root',
  'URL|DIR',
  "updates-archive, <root>fedora/<N>/<arch>/ (default Fedora's)",
);
export const updatesRootOption = rootOption(
  'updates-root',
  'URL|DIR',
  "live updates repos, <root><N>/Everything/<arch>/ (default Fedora's)",
);
