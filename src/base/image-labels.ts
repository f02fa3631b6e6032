/**
 * The image config labels a base records (FACTS §11): the version, the commit it names, the kernel,
 * bootability, the stream and where a derived image's own layers begin. One list for an image read
 * from a registry or layout and for an image deployment's cached config.
 */
const RECORDED_LABELS = [
  'org.opencontainers.image.version',
  'ostree.commit',
  'ostree.linux',
  'ostree.bootable',
  'containers.bootc',
  'com.coreos.stream',
  'ostree.final-diffid',
];

/** The recorded labels that `all` sets to a string. */
export function recordedLabels(all: Readonly<Record<string, unknown>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const k of RECORDED_LABELS) if (typeof all[k] === 'string') labels[k] = all[k];
  return labels;
}
