/** The identity of a package from its header: NEVRA and source RPM. */
import type { Nevra } from '../rpm/types.js';
import { RpmHeaderError } from './errors.js';
import type { RpmHeader } from './header.js';
import { headerInt32, headerInt32Array, headerString } from './header-values.js';
import { RpmTag } from './tags.js';

/**
 * NAME, EPOCH, VERSION, RELEASE, ARCH of a header; an absent EPOCH is `null`.
 *
 * @throws {@link RpmHeaderError} `ERR_RPM_HEADER_MISSING_TAG` when NAME, VERSION, RELEASE or ARCH is
 * missing or empty; `ERR_RPM_HEADER_TAG_TYPE` when a tag has the wrong type.
 */
export function headerNevra(header: RpmHeader): Nevra {
  return {
    name: required(header, RpmTag.NAME, 'NAME'),
    epoch: headerInt32(header, RpmTag.EPOCH),
    version: required(header, RpmTag.VERSION, 'VERSION'),
    release: required(header, RpmTag.RELEASE, 'RELEASE'),
    arch: required(header, RpmTag.ARCH, 'ARCH'),
  };
}

/**
 * SOURCERPM of a binary package (`bash-5.2.26-3.fc40.src.rpm`); `null` for source packages and
 * headers without one (`gpg-pubkey` entries).
 */
export function headerSourceRpm(header: RpmHeader): string | null {
  // rpm marks a source package with SOURCEPACKAGE; it has no SOURCERPM of its own.
  if (headerInt32Array(header, RpmTag.SOURCEPACKAGE) !== null) return null;
  const value = headerString(header, RpmTag.SOURCERPM);
  return value === '' ? null : value;
}

function required(header: RpmHeader, tag: number, name: string): string {
  const value = headerString(header, tag);
  if (value === null || value === '') {
    throw new RpmHeaderError('ERR_RPM_HEADER_MISSING_TAG', `The header has no ${name} (tag ${tag})`, {
      subject: `tag ${tag}`,
      offset: header.dataOffset,
    });
  }
  return value;
}
