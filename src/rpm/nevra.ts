import { RpmVersionError } from './errors.js';
import { parseEpoch } from './evr.js';
import type { Nevra } from './types.js';

/** Whitespace, control characters and `/`: never in a NEVRA (a `/` means a path was passed). */
const FORBIDDEN = /[\s\u0000-\u001f\u007f/]/u;
const ARCH = /^[A-Za-z0-9_]+$/;
const EPOCH_PREFIX = /^([0-9]+):/;

/**
 * Parses a package's name-epoch-version-release-arch in any of the forms seen in the wild:
 *
 * - `name-version-release.arch` (`rpm -qa`)
 * - `name-epoch:version-release.arch` (productmd, dnf)
 * - `epoch:name-version-release.arch` (createrepo_c, yum)
 * - any of these followed by `.rpm` (a file name)
 *
 * The arch is what follows the last `.`, the release what follows the last `-` before it, the version
 * what follows the `-` before that; the name is the rest, so names may contain dashes and digits
 * (`python3-3.8.2-1.fc32.x86_64` is `python3` `3.8.2` `1.fc32` `x86_64`). `epoch` is `null` when the
 * string has none. Any arch made of letters, digits and `_` is accepted (`src`, `noarch`, …).
 *
 * @throws {@link RpmVersionError} `ERR_NEVRA_MALFORMED` when a part is missing or empty, the arch is
 * not `[A-Za-z0-9_]+`, an epoch is given twice, a stray `:` remains, or the string contains
 * whitespace, control characters or `/`; `ERR_EPOCH_INVALID` for an epoch above 2^32-1.
 * @example
 * ```ts
 * parseNevra('1:bash-5.0.17-1.fc32.x86_64.rpm');
 * // { name: 'bash', epoch: 1, version: '5.0.17', release: '1.fc32', arch: 'x86_64' }
 * ```
 */
export function parseNevra(nevra: string): Nevra {
  const fail = (why: string): never => {
    throw new RpmVersionError(
      'ERR_NEVRA_MALFORMED',
      `Malformed NEVRA '${nevra}': ${why}; expected name-[epoch:]version-release.arch`,
      { subject: nevra },
    );
  };
  if (nevra === '') fail('it is empty');
  if (FORBIDDEN.test(nevra)) fail('it contains whitespace, control characters or "/"');

  const text = nevra.endsWith('.rpm') ? nevra.slice(0, -'.rpm'.length) : nevra;
  const dot = text.lastIndexOf('.');
  if (dot < 0) fail('there is no ".arch"');
  const arch = text.slice(dot + 1);
  if (!ARCH.test(arch)) fail(`the arch '${arch}' is not letters, digits and "_"`);

  const nvr = text.slice(0, dot);
  const lastDash = nvr.lastIndexOf('-');
  const nameDash = lastDash < 0 ? -1 : nvr.lastIndexOf('-', lastDash - 1);
  if (nameDash < 0) fail('there are not two "-" before the arch (name-version-release)');
  let name = nvr.slice(0, nameDash);
  let version = nvr.slice(nameDash + 1, lastDash);
  const release = nvr.slice(lastDash + 1);

  let epochDigits: string | null = null;
  const nameEpoch = EPOCH_PREFIX.exec(name);
  if (nameEpoch !== null) {
    epochDigits = nameEpoch[1] ?? '';
    name = name.slice(nameEpoch[0].length);
  }
  const versionEpoch = EPOCH_PREFIX.exec(version);
  if (versionEpoch !== null) {
    if (epochDigits !== null) fail('it has an epoch both before the name and before the version');
    epochDigits = versionEpoch[1] ?? '';
    version = version.slice(versionEpoch[0].length);
  }

  if (name === '') fail('the name is empty');
  if (name.startsWith('-') || name.endsWith('-')) fail(`the name '${name}' starts or ends with "-"`);
  if (version === '') fail('the version is empty');
  if (release === '') fail('the release is empty');
  if (name.includes(':') || version.includes(':') || release.includes(':')) {
    fail('a ":" is not an epoch separator');
  }
  const epoch = epochDigits === null ? null : parseEpoch(epochDigits, nevra);
  return { name, epoch, version, release, arch };
}

/**
 * Formats a {@link Nevra} in the one canonical form `name-[epoch:]version-release.arch`: the epoch is
 * written whenever it is not `null`, also when it is `0` (`foo-0:1.0-1.noarch`), so that
 * `parseNevra(formatNevra(n))` gives back exactly `n`. To get dnf's display form, which omits a zero
 * epoch, pass `{ ...n, epoch: n.epoch || null }`.
 *
 * @example
 * ```ts
 * formatNevra({ name: 'bash', epoch: null, version: '5.0.17', release: '1.fc32', arch: 'x86_64' });
 * // 'bash-5.0.17-1.fc32.x86_64'
 * ```
 */
export function formatNevra(nevra: Nevra): string {
  const epoch = nevra.epoch === null ? '' : `${nevra.epoch}:`;
  return `${nevra.name}-${epoch}${nevra.version}-${nevra.release}.${nevra.arch}`;
}
