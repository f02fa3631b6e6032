/**
 * The base-source options shared by `inspect` and `match` (DESIGN.md): exactly one of
 * `--status FILE|-` (`--deployment N|booted|pending|cached-update`, `--ostree-repo DIR`: the host
 * repo), `--ostree-repo PATH|URL` (`--ref REF` | `--commit SHA256`),
 * `--commitmeta FILE`, `--pkglist FILE|-`, `--root DIR`.
 */
import type { BaseSource, StatusDeploymentChoice } from '../base/source.js';
import { UsageError } from '../errors.js';
import { readStdin, type CliIo } from './cli-io.js';
import { optionList, type OptionSpec } from './options/option-table.js';

/**
 * The base-source rows of a command's option table. `--arch` is not among them: `inspect` takes it
 * as {@link imageArchOption}, while `match` and `fetch` give it a meaning of their own (the arch to
 * match), which also picks the manifest of an image.
 */
export const baseSourceOptions = optionList([
  {
    name: 'status',
    type: 'string',
    arg: 'FILE|-',
    description: 'rpm-ostree status --json output (booted deployment)',
  },
  {
    name: 'deployment',
    type: 'string',
    arg: 'N|booted|pending|cached-update',
    nested: true,
    description:
      'with --status: pick deployment N (0-based), the pending one, or the cached update (an image update is read from its registry)',
    complete: ['booted', 'pending', 'cached-update', '0', '1'],
  },
  {
    name: 'ostree-repo',
    type: 'string',
    arg: 'PATH|URL',
    description:
      'an OSTree repo (archive or bare, local or http(s)) with --ref or --commit; beside --status, the host repo (/ostree/repo), needed for an image deployment',
  },
  {
    name: 'ref',
    type: 'string',
    arg: 'REF',
    nested: true,
    description: 'with --ostree-repo: the ref to read',
  },
  {
    name: 'commit',
    type: 'string',
    arg: 'SHA256',
    nested: true,
    description: 'with --ostree-repo: the commit to read (instead of --ref)',
  },
  { name: 'commitmeta', type: 'string', arg: 'FILE', description: 'coreos-assembler commitmeta.json' },
  { name: 'pkglist', type: 'string', arg: 'FILE|-', description: 'one NEVRA per line (rpm -qa output)' },
  {
    name: 'root',
    type: 'string',
    arg: 'DIR',
    description:
      'a filesystem tree (/ in a Containerfile, a mounted image): packages from its rpm database, version from os-release',
  },
  {
    name: 'image',
    type: 'string',
    arg: 'REF',
    description:
      'a container image, oci:DIR[:TAG] or oci-archive:FILE[:TAG]: its ostree commit (layer 0) and its rpm database (the layers)',
    complete: 'file',
  },
]);

/** `--arch` as `inspect` takes it: only for picking an image's manifest. */
export const imageArchOption = {
  name: 'arch',
  type: 'string',
  arg: 'ARCH',
  nested: true,
  description: 'with --image: the manifest to pick from a multi-arch index (default: host)',
} as const satisfies OptionSpec;

/** The heading the base-source rows go under. */
export const baseSourceTitle = 'Base source (exactly one)';

/** Parsed values of {@link baseSourceOptions} and `--arch`. */
export interface BaseSourceValues {
  status?: string | undefined;
  deployment?: string | undefined;
  'ostree-repo'?: string | undefined;
  ref?: string | undefined;
  commit?: string | undefined;
  commitmeta?: string | undefined;
  pkglist?: string | undefined;
  root?: string | undefined;
  image?: string | undefined;
  arch?: string | undefined;
}

/** Turns the option values into a {@link BaseSource}; `-` reads standard input. */
export async function baseSourceFromValues(values: BaseSourceValues, io: CliIo): Promise<BaseSource> {
  // Beside --status (and without --ref/--commit), --ostree-repo is the host repo the status was
  // taken on, not a base source of its own.
  const hostRepo =
    values.status !== undefined && values.ref === undefined && values.commit === undefined
      ? values['ostree-repo']
      : undefined;
  const given = (['status', 'ostree-repo', 'commitmeta', 'pkglist', 'root', 'image'] as const).filter(
    (k) => values[k] !== undefined && !(k === 'ostree-repo' && hostRepo !== undefined),
  );
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0
        ? 'Give a base source: --status, --ostree-repo, --commitmeta, --pkglist, --root or --image'
        : `Give only one base source, not ${given.map((k) => `--${k}`).join(' and ')}`,
    );
  }
  if (values.deployment !== undefined && values.status === undefined) {
    throw new UsageError('--deployment only goes with --status');
  }
  if ((values.ref !== undefined || values.commit !== undefined) && values['ostree-repo'] === undefined) {
    throw new UsageError('--ref and --commit only go with --ostree-repo');
  }
  const kind = given[0]!;
  if (kind === 'ostree-repo') {
    if ((values.ref === undefined) === (values.commit === undefined)) {
      throw new UsageError('--ostree-repo needs exactly one of --ref REF or --commit SHA256');
    }
    return { kind: 'ostree', repo: values['ostree-repo']!, ref: values.ref, commit: values.commit };
  }
  if (kind === 'commitmeta') return { kind: 'commitmeta', file: values.commitmeta };
  if (kind === 'root') return { kind: 'root', dir: values.root! };
  if (kind === 'image') return { kind: 'image', reference: values.image!, arch: values.arch };
  const file = values[kind]!;
  const input = file === '-' ? { text: await readStdin(io) } : { file };
  if (kind === 'pkglist') return { kind: 'pkglist', ...input };
  let deployment: StatusDeploymentChoice | undefined;
  if (values.deployment !== undefined) {
    const word = values.deployment;
    if (word === 'booted' || word === 'pending' || word === 'cached-update') deployment = word;
    else if (/^\d{1,6}$/.test(word)) deployment = Number(word);
    else {
      throw new UsageError(
        `--deployment expects a deployment index (0, 1, …), booted, pending or cached-update, not '${word}'`,
      );
    }
  }
  return { kind: 'status', ...input, deployment, ostreeRepo: hostRepo, arch: values.arch };
}
