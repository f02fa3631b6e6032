/**
 * The architecture an image's config declares, checked against the one asked for. An index's
 * platform entry is only a claim: the config the chosen manifest names is what the image is. A
 * single-manifest image has no platform list at all, so an explicit `--arch` is checked against
 * its config, or a wrong-arch image would be matched as if it were the arch asked for.
 */
import { goArch } from '../oci/arch.js';
import { OciError } from '../oci/errors.js';
import type { ResolvedImage } from '../oci/image-source.js';

/**
 * Throws `ERR_OCI_ARCH_MISMATCH` when the config's `architecture` is not `arch` (rpm or GOARCH
 * name). `explicit` is false when `arch` is only the host's default: a single-manifest image is then
 * read as whatever arch it is, while an index entry must still agree with its config.
 */
export function checkImageArch(image: ResolvedImage, arch: string, explicit: boolean): void {
  const declared = image.config.architecture;
  if (declared === undefined || declared === '') return;
  if (image.indexDigest === null && !explicit) return;
  const want = goArch(arch);
  if (declared === want) return;
  const where =
    image.indexDigest === null
      ? `the image is a single-platform manifest whose config says linux/${declared}`
      : `index ${image.indexDigest} lists manifest ${image.manifestDigest} as linux/${want}, but its config says linux/${declared}`;
  throw new OciError(
    'ERR_OCI_ARCH_MISMATCH',
    `${where}, not ${want}; pass --arch ${declared} or another image`,
    {
      subject: `${image.reference}@${image.manifestDigest}`,
    },
  );
}
