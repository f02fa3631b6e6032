/**
 * The base-source options shared by `inspect` and `match` (DESIGN.md): exactly one of
 * `--status FILE|-` (`--deployment N|booted|pending|cached-update`, `--ostree-repo DIR`: the host
 * repo), `--ostree-repo PATH|URL` (`--ref REF` | `--commit SHA256`),
 * `--commitmeta FILE`, `--pkglist FILE|-`, `--root DIR`.
 */
import type { BaseSource, StatusDeploymentChoice } from '../base/source.js';
import { UsageError } from '../errors.js';
import { readStdin, type CliIo } from './cli-io.js';

/** `node:util` parseArgs option definitions. */
export const baseSourceOptions = {
  status: { type: 'string' },
  deployment: { type: 'string' },
  'ostree-repo': { type: 'string' },
  ref: { type: 'string' },
  commit: { type: 'string' },
  commitmeta: { type: 'string' },
  pkglist: { type: 'string' },
  root: { type: 'string' },
  image: { type: 'string' },
  arch: { type: 'string' },
} as const;

/** Help text for the options, indented like the rest of a command's help. */
export const baseSourceHelp = `Base source (exactly one):
  --status FILE|-            rpm-ostree status --json output (booted deployment)
    --deployment N|booted|pending|cached-update
                             pick deployment N (0-based), the pending one, or the
                             cached update (an image update is read from its registry)
    --ostree-repo DIR        the host repo (/ostree/repo): needed for an image deployment
  --ostree-repo PATH|URL     an OSTree repo (archive or bare, local or http(s)) with
    --ref REF | --commit SHA256
  --commitmeta FILE          coreos-assembler commitmeta.json
  --pkglist FILE|-           one NEVRA per line (rpm -qa output)
  --root DIR                 a filesystem tree (/ in a Containerfile, a mounted image):
                             packages from its rpm database, version from os-release
  --image REF                a container image, oci:DIR[:TAG] or oci-archive:FILE[:TAG]:
                             its ostree commit (layer 0) and its rpm database (the layers)
    --arch ARCH              the manifest to pick from a multi-arch index (default: host)
`;

/** Parsed values of {@link baseSourceOptions}. */
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
