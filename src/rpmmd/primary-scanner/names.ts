/**
 * The element and attribute names the scanner looks for. Element names are matched as written by
 * createrepo_c and yum (`rpm:` prefix for the rpm namespace), as createrepo_c's own parser does.
 * The tag walk tracks nesting by a hash of each name ({@link hashOf}), so the elements it handles
 * are known by hash ({@link H}), then confirmed against their bytes by kind ({@link K}); attributes
 * and the fast path's tags are matched as bytes, without making strings of their names.
 */

/** Name hash: the same walk for start and end tags, so the nesting stack holds numbers, not strings. */
export function hashOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const H = {
  metadata: hashOf('metadata'),
  package: hashOf('package'),
  name: hashOf('name'),
  arch: hashOf('arch'),
  version: hashOf('version'),
  location: hashOf('location'),
  sourcerpm: hashOf('rpm:sourcerpm'),
  provides: hashOf('rpm:provides'),
  requires: hashOf('rpm:requires'),
  entry: hashOf('rpm:entry'),
};

/** The elements the tag walk handles (0: any other). */
export const K = {
  metadata: 1,
  package: 2,
  name: 3,
  arch: 4,
  version: 5,
  location: 6,
  sourcerpm: 7,
  provides: 8,
  requires: 9,
  entry: 10,
} as const;

const names: Record<number, string> = {
  [K.metadata]: 'metadata',
  [K.package]: 'package',
  [K.name]: 'name',
  [K.arch]: 'arch',
  [K.version]: 'version',
  [K.location]: 'location',
  [K.sourcerpm]: 'rpm:sourcerpm',
  [K.provides]: 'rpm:provides',
  [K.requires]: 'rpm:requires',
  [K.entry]: 'rpm:entry',
};

/** The name of each kind, as bytes: a hash match alone could be a collision. */
export const nameBytes: Record<number, Buffer> = Object.fromEntries(
  Object.entries(names).map(([k, v]) => [k, Buffer.from(v, 'latin1')]),
);

/** Attribute names, as bytes. */
export const A = {
  packages: Buffer.from('packages', 'latin1'),
  epoch: Buffer.from('epoch', 'latin1'),
  ver: Buffer.from('ver', 'latin1'),
  rel: Buffer.from('rel', 'latin1'),
  href: Buffer.from('href', 'latin1'),
  base: Buffer.from('xml:base', 'latin1'),
  name: Buffer.from('name', 'latin1'),
  flags: Buffer.from('flags', 'latin1'),
  pre: Buffer.from('pre', 'latin1'),
};

// Tags as createrepo_c writes them, for the fast path.
export const NAME_OPEN = Buffer.from('<name>', 'latin1');
export const NAME_CLOSE = Buffer.from('</name>', 'latin1');
export const ARCH_OPEN = Buffer.from('<arch>', 'latin1');
export const ARCH_CLOSE = Buffer.from('</arch>', 'latin1');
export const VERSION_OPEN = Buffer.from('<version ', 'latin1');
export const LOCATION_OPEN = Buffer.from('<location ', 'latin1');
export const FORMAT_OPEN = Buffer.from('<format>', 'latin1');
export const SOURCERPM = Buffer.from('<rpm:sourcerpm', 'latin1');
export const SOURCERPM_EMPTY = Buffer.from('<rpm:sourcerpm/>', 'latin1');
export const SOURCERPM_OPEN = Buffer.from('<rpm:sourcerpm>', 'latin1');
export const SOURCERPM_CLOSE = Buffer.from('</rpm:sourcerpm>', 'latin1');
export const PROVIDES_OPEN = Buffer.from('<rpm:provides>', 'latin1');
export const PROVIDES_CLOSE = Buffer.from('</rpm:provides>', 'latin1');
export const REQUIRES_OPEN = Buffer.from('<rpm:requires>', 'latin1');
export const REQUIRES_CLOSE = Buffer.from('</rpm:requires>', 'latin1');
export const ENTRY_OPEN = Buffer.from('<rpm:entry ', 'latin1');
