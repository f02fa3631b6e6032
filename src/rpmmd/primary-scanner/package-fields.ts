/**
 * The tag walk's view of a package: which elements of it matter here (by depth and name), and
 * what each one puts into the package's draft: captured text for `name`, `arch` and
 * `rpm:sourcerpm`, attributes for `version`, `location` and `rpm:entry`. The walk itself only
 * checks the document's structure and tells this class about the tags it meets.
 */
import { A, type Attributes } from './attributes.js';
import { startsWith } from './bytes.js';
import type { ScanContext } from './context.js';
import { dependencyEntry } from './deps.js';
import { type PackageDraft, isComplete, newDraft, toPackage } from './draft.js';
import { decodeXmlText } from '../xml-text.js';
import type { RepoChecksum } from '../repomd-types.js';

// The elements handled here are matched as written by createrepo_c and yum (`rpm:` prefix for the
// rpm namespace), as createrepo_c's own parser does: by a hash of the name (the walk's nesting
// stack holds the same hashes), then confirmed against the bytes. These tables are this file's
// own, not imported: V8 folds a module's own constants, but loads imported ones at every use.

/** Name hash: the same walk for start and end tags, so the nesting stack holds numbers, not strings. */
function hashOf(name: string): number {
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
  checksum: hashOf('checksum'),
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
  checksum: 11,
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
  [K.checksum]: 'checksum',
};

/** The name of each kind, as bytes: a hash match alone could be a collision. */
const nameBytes: Record<number, Buffer> = Object.fromEntries(
  Object.entries(names).map(([k, v]) => [k, Buffer.from(v, 'latin1')]),
);

type Capture = 'name' | 'arch' | 'sourcerpm' | 'checksum' | null;

export class PackageFields {
  /** Depth of the package's children (-1: not in a package). */
  packageDepth = -1;
  /** The package being read has every field returned (then the rest of it can be skipped). */
  draftComplete = false;
  /** The element whose text is being captured, if any. */
  capture: Capture = null;
  private captureDepth = -1;
  private text = '';
  private depKind: 'provides' | 'requires' | null = null;
  /** The `type` of the `<checksum>` being captured. */
  private checksumType: string | null = null;
  private draft: PackageDraft | null = null;

  constructor(
    private readonly ctx: ScanContext,
    private readonly attrs: Attributes,
  ) {}

  /** Which element this is, if we care about it at this `depth` (0 = skip). */
  interest(h: number, buf: Buffer, from: number, to: number, depth: number): number {
    const d = depth;
    let kind = 0;
    if (d === 0) kind = K.metadata;
    else if (d === 1) kind = h === H.package ? K.package : 0;
    else if (this.packageDepth !== -1) {
      if (d === this.packageDepth) {
        if (h === H.name) kind = K.name;
        else if (h === H.arch) kind = K.arch;
        else if (h === H.version) kind = K.version;
        else if (h === H.location) kind = K.location;
        else if (h === H.checksum && this.ctx.withChecksum) kind = K.checksum;
      } else if (d === this.packageDepth + 1) {
        if (h === H.sourcerpm) kind = K.sourcerpm;
        else if (this.ctx.withDeps && (h === H.provides || (h === H.requires && this.ctx.withRequires)))
          kind = h === H.provides ? K.provides : K.requires;
      } else if (d === this.packageDepth + 2 && this.depKind !== null && h === H.entry) kind = K.entry;
    }
    // Confirm the name itself: a hash match alone could be a collision.
    if (kind !== 0) {
      const name = nameBytes[kind]!;
      if (to - from !== name.length || !startsWith(buf, from, name)) kind = 0;
    }
    return kind;
  }

  /** A start tag of `kind` at `depth`, its attributes collected. */
  start(kind: number, selfClosing: boolean, depth: number): void {
    switch (kind) {
      case K.metadata:
        return;
      case K.package:
        this.packageDepth = depth + 1;
        this.draft = newDraft(this.ctx.withDeps, this.ctx.withRequires);
        this.draftComplete = false;
        return;
      case K.checksum:
      case K.name:
      case K.arch:
      case K.sourcerpm:
        if (kind === K.checksum) this.checksumType = this.attrs.decoded(A.type);
        if (selfClosing) {
          this.setText(kind, '');
        } else {
          this.capture = captureOf(kind);
          this.captureDepth = depth + 1;
          this.text = '';
        }
        return;
      case K.version: {
        const draft = this.draft!;
        draft.epoch = this.attrs.decoded(A.epoch);
        draft.version = this.attrs.decoded(A.ver);
        draft.release = this.attrs.decoded(A.rel);
        this.checkComplete();
        return;
      }
      case K.location:
        this.draft!.location = this.attrs.decoded(A.href);
        this.draft!.locationBase = this.attrs.decoded(A.base);
        this.checkComplete();
        return;
      case K.provides:
      case K.requires:
        if (!selfClosing) this.depKind = kind === K.provides ? 'provides' : 'requires';
        return;
      case K.entry: {
        const entry = dependencyEntry(this.attrs);
        if (entry === null)
          throw this.ctx.error('ERR_PRIMARY_INVALID', `<rpm:entry> without a name in ${this.where()}`);
        this.draft![this.depKind!]!.push(entry);
        return;
      }
    }
  }

  /** Text inside the captured element. */
  addText(text: string): void {
    this.text += text;
    if (this.text.length > this.ctx.maxToken) {
      throw this.ctx.error(
        'ERR_XML_TOO_LARGE',
        `<${this.capture}> text longer than ${this.ctx.maxToken} bytes`,
      );
    }
  }

  /** CDATA inside the captured element. */
  addCdata(text: string): void {
    // Re-escape so the entity decoding at the end of the element leaves it literal.
    this.text += text.replace(/&/g, '&amp;');
  }

  /** An end tag, leaving `depth` open elements; false when it is none of a package's. */
  end(depth: number): boolean {
    if (this.capture !== null && depth + 1 === this.captureDepth) {
      const kind = kindOf(this.capture);
      this.capture = null;
      this.setText(kind, this.text);
      this.text = '';
    } else if (this.depKind !== null && depth === this.packageDepth + 1) {
      this.depKind = null;
      this.draft!.depsDone++;
      this.checkComplete();
    } else if (depth + 1 === this.packageDepth) {
      this.emit();
    } else {
      return false;
    }
    return true;
  }

  /** The rest of the package was skipped: it is complete. */
  skipped(): void {
    this.depKind = null;
    this.emit();
  }

  private setText(kind: number, raw: string): void {
    const value = decodeXmlText(raw, this.ctx.subject);
    const draft = this.draft!;
    if (kind === K.name) draft.name = value;
    else if (kind === K.arch) draft.arch = value;
    else if (kind === K.checksum) {
      draft.checksum = checksumValue(this.checksumType, value.trim(), this.ctx, this.where());
      draft.checksumDone = true;
    } else draft.sourcerpm = value;
    this.checkComplete();
  }

  private checkComplete(): void {
    this.draftComplete = isComplete(
      this.draft!,
      this.ctx.withDeps,
      this.ctx.withChecksum,
      this.ctx.withRequires,
    );
  }

  private emit(): void {
    const d = this.draft!;
    this.draft = null;
    this.draftComplete = false;
    this.packageDepth = -1;
    this.ctx.push(toPackage(d, this.ctx));
  }

  private where(): string {
    return this.draft?.name ?? `package ${this.ctx.count + 1}`;
  }
}

function captureOf(kind: number): Capture {
  return kind === K.name ? 'name' : kind === K.arch ? 'arch' : kind === K.checksum ? 'checksum' : 'sourcerpm';
}

function kindOf(capture: Capture): number {
  return capture === 'name'
    ? K.name
    : capture === 'arch'
      ? K.arch
      : capture === 'checksum'
        ? K.checksum
        : K.sourcerpm;
}

/**
 * A package `<checksum>` as a {@link RepoChecksum}: `null` when empty; an error when it has no type
 * or is not hex, since a download could not be verified against it (both paths share this rule).
 */
export function checksumValue(
  type: string | null,
  hex: string,
  ctx: ScanContext,
  where: string,
): RepoChecksum | null {
  if (hex === '') return null;
  if (type === null || type === '' || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw ctx.error(
      'ERR_PRIMARY_INVALID',
      `<checksum type="${type ?? ''}"> of ${where} is not a typed hex digest`,
    );
  }
  return { type, value: hex.toLowerCase() };
}
