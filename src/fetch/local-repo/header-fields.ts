/**
 * The header values a primary.xml `<package>` carries besides NEVRA and dependencies, read the way
 * createrepo_c's `cr_package_from_header` reads them (tag numbers from rpm's rpmtag.h). Sizes may
 * be INT32 or, over 4 GiB, INT64 in a LONG* tag; the archive size lives in the signature header.
 */
import type { RpmHeader } from '../../rpmfile/header.js';
import {
  headerBytes,
  headerInt32,
  headerInt32Array,
  headerStringArray,
  headerString,
} from '../../rpmfile/header-values.js';
import type { RpmFileLayout } from '../../rpmfile/rpm-file.js';
import { RpmTagType } from '../../rpmfile/tags.js';

const Tag = {
  SUMMARY: 1004,
  DESCRIPTION: 1005,
  BUILDTIME: 1006,
  BUILDHOST: 1007,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  PACKAGER: 1015,
  GROUP: 1016,
  URL: 1020,
  FILEMODES: 1030,
  FILEFLAGS: 1037,
  ARCHIVESIZE: 1046,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGSIZE: 5009,
  /** Signature header: RPMSIGTAG_PAYLOADSIZE, and its 64-bit twin RPMSIGTAG_LONGARCHIVESIZE. */
  SIG_PAYLOADSIZE: 1007,
  SIG_LONGARCHIVESIZE: 271,
} as const;

/** RPMFILE_GHOST: a file the package owns but does not ship. */
const RPMFILE_GHOST = 1 << 6;
/** S_IFMT / S_IFDIR of a file mode. */
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/** One file of a package, as primary.xml types it. */
export interface PackageFile {
  path: string;
  /** `dir`, `ghost`, or `` for anything else. */
  type: 'dir' | 'ghost' | '';
}

/** What primary.xml says about a package apart from NEVRA and dependencies. */
export interface PackageFields {
  summary: string;
  description: string;
  url: string;
  license: string;
  vendor: string;
  group: string;
  buildhost: string;
  packager: string;
  buildTime: number;
  installedSize: number;
  archiveSize: number;
  /** Where the main header starts and ends in the file (`rpm:header-range`). */
  headerStart: number;
  headerEnd: number;
  files: PackageFile[];
}

/** Reads {@link PackageFields} from a laid-out file. */
export function packageFields(layout: RpmFileLayout): PackageFields {
  const h = layout.header;
  const text = (tag: number): string => headerString(h, tag) ?? '';
  return {
    summary: text(Tag.SUMMARY),
    description: text(Tag.DESCRIPTION),
    url: text(Tag.URL),
    license: text(Tag.LICENSE),
    vendor: text(Tag.VENDOR),
    group: text(Tag.GROUP),
    buildhost: text(Tag.BUILDHOST),
    packager: text(Tag.PACKAGER),
    buildTime: headerInt32(h, Tag.BUILDTIME) ?? 0,
    installedSize: headerInt32(h, Tag.SIZE) ?? int64(h, Tag.LONGSIZE) ?? 0,
    archiveSize:
      headerInt32(layout.signature, Tag.SIG_PAYLOADSIZE) ??
      int64(layout.signature, Tag.SIG_LONGARCHIVESIZE) ??
      headerInt32(h, Tag.ARCHIVESIZE) ??
      0,
    headerStart: layout.headerOffset,
    headerEnd: layout.payloadOffset,
    files: packageFiles(h),
  };
}

/** Every file of the header (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]) with its primary.xml type. */
function packageFiles(h: RpmHeader): PackageFile[] {
  const bases = headerStringArray(h, Tag.BASENAMES) ?? [];
  const dirs = headerStringArray(h, Tag.DIRNAMES) ?? [];
  const indexes = headerInt32Array(h, Tag.DIRINDEXES) ?? [];
  const flags = headerInt32Array(h, Tag.FILEFLAGS) ?? [];
  const modes = int16Array(h, Tag.FILEMODES);
  return bases.map((base, i) => {
    const mode = modes[i] ?? 0;
    const type = (mode & S_IFMT) === S_IFDIR ? 'dir' : ((flags[i] ?? 0) & RPMFILE_GHOST) !== 0 ? 'ghost' : '';
    return { path: `${dirs[indexes[i] ?? 0] ?? ''}${base}`, type };
  });
}

function int16Array(h: RpmHeader, tag: number): number[] {
  const entry = h.entries.get(tag);
  const bytes = headerBytes(h, tag);
  if (entry === undefined || bytes === null || entry.type !== RpmTagType.INT16) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: entry.count }, (_, i) => view.getUint16(i * 2));
}

function int64(h: RpmHeader, tag: number): number | null {
  const entry = h.entries.get(tag);
  const bytes = headerBytes(h, tag);
  if (entry === undefined || bytes === null || entry.type !== RpmTagType.INT64 || bytes.length < 8)
    return null;
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0));
}
