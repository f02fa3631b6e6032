/** A checksum as repomd.xml states it. */
export interface RepoChecksum {
  /** `sha256`, `sha1`, `sha512`, … */
  type: string;
  /** Lowercase hex. */
  value: string;
}

/** One `<data type=…>` record of repomd.xml. */
export interface RepomdRecord {
  type: string;
  /** `location href`, relative to the repo root (`repodata/…-primary.xml.gz`). */
  location: string;
  checksum: RepoChecksum;
  openChecksum: RepoChecksum | null;
  /** Epoch seconds. */
  timestamp: number;
  size: number | null;
  openSize: number | null;
}

/** A parsed repomd.xml. */
export interface Repomd {
  revision: string | null;
  records: RepomdRecord[];
  /** The largest record timestamp: what libdnf/rpm-ostree record as the repo's timestamp. */
  largestTimestamp: number;
}
