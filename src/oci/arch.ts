/**
 * Architecture names: OCI platforms use GOARCH (`amd64`, `arm64`, `ppc64le`, `s390x`), rpm and
 * Fedora use `x86_64`, `aarch64`, `ppc64le`, `s390x`. Both spellings are accepted for `--arch`.
 */
const rpmToGo: Record<string, string> = {
  x86_64: 'amd64',
  aarch64: 'arm64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
};
// Node's process.arch: `x64`, `arm64`, and `ppc64` for little-endian ppc64 on Linux.
const nodeToGo: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' };

/** The GOARCH name of an rpm or GOARCH architecture name (unknown names pass through). */
export function goArch(arch: string): string {
  return rpmToGo[arch] ?? arch;
}

/** The host's GOARCH name. */
export function hostGoArch(): string {
  return nodeToGo[process.arch] ?? process.arch;
}
