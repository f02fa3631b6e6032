import type { CommandEntry } from '../command.js';

/** Every subcommand, in the order `--help` lists them; each module is imported only when run. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'match',
    summary: 'Find the compose a base image was built from and print a .repo for it',
    load: async () => (await import('./match.js')).matchCommand,
  },
  {
    name: 'inspect',
    summary: 'Show what a base image records (commit, version, arch, repos, packages)',
    load: async () => (await import('./inspect.js')).inspectCommand,
  },
  {
    name: 'composes',
    summary: 'List the updates composes under a compose root, with status and repo timestamp',
    load: async () => (await import('./composes.js')).composesCommand,
  },
  {
    name: 'index',
    summary: 'Record every published compose in a static index, verify it, show what it holds',
    load: async () => (await import('./compose-index-command.js')).indexCommand,
  },
  {
    name: 'fetch',
    summary:
      "Fetch the base's exact builds of packages (kernel-devel for the booted kernel) into a local repo",
    load: async () => (await import('./fetch.js')).fetchCommand,
  },
  {
    name: 'install',
    summary: 'Layer packages with rpm-ostree through the repo the base needs, leaving no stray .repo',
    load: async () => (await import('./install.js')).installCommand,
  },
  {
    name: 'state',
    summary: 'Print a checksum that changes exactly when the answer for a base changes (for CI)',
    load: async () => (await import('./state.js')).stateCommand,
  },
  {
    name: 'fetch-prune',
    summary: "Remove the host repos 'fetch --host' made for bases no deployment uses any more",
    load: async () => (await import('./fetch-prune.js')).fetchPruneCommand,
  },
  {
    name: 'vercmp',
    summary: 'Compare two versions the way rpm does (like rpmdev-vercmp)',
    load: async () => (await import('./vercmp.js')).vercmp,
  },
];
