/**
 * The GA release tree for one match: read at most once, and only when a comparison needs it (a
 * base without packages never costs the GA's primary.xml), then judged against what the base
 * recorded, so a tree the base did not see is never used silently.
 */
import type { BaseImage } from '../base/base-image.js';
import type { ComposeCatalog } from '../compose/catalog.js';
import { isComposeMatchError } from '../errors.js';
import { indexGa, type GaIndex } from './package-compare.js';
import type { MatchProgress } from './prober.js';
import type { GaTreeReport } from '../report/match-report.js';

/** The GA tree as the matcher sees it: an index to compare with, or `null`, and the report. */
export class GaTree {
  private pending: Promise<GaIndex | null> | undefined;
  private state: GaTreeReport | null = null;
  /** The base's recorded `fedora` repo timestamp: the GA tree it saw, when it says. */
  readonly baseTimestamp: number | null;

  constructor(
    private readonly catalog: ComposeCatalog,
    private readonly release: string,
    private readonly arch: string,
    base: BaseImage,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress?: ((progress: MatchProgress) => void) | undefined,
  ) {
    this.baseTimestamp = base.repos.find((r) => /^fedora(-\d+)?$/.test(r.id))?.timestamp ?? null;
  }

  /** The GA packages to compare with, or `null` when no usable tree was had (see {@link report}). */
  index(): Promise<GaIndex | null> {
    this.pending ??= this.load();
    return this.pending;
  }

  /** What was made of the tree; `null` when no comparison asked for it. */
  report(): GaTreeReport | null {
    return this.state;
  }

  private async load(): Promise<GaIndex | null> {
    const baseTimestamp = this.baseTimestamp;
    const fail = (url: string | null, detail: string): null => {
      this.state = { url, state: 'failed', repoTimestamp: null, baseTimestamp, packageCount: 0, detail };
      return null;
    };
    if (this.catalog.releaseTree === undefined)
      return fail(null, 'The compose catalog offers no GA release tree, so no exact package verdict.');
    let tree;
    this.onProgress?.({ step: 'release-tree', compose: null });
    try {
      tree = await this.catalog.releaseTree(this.release, this.arch);
    } catch (error) {
      if (this.signal?.aborted === true || !isComposeMatchError(error) || error.category === 'usage')
        throw error;
      return fail(
        error.subject ?? null,
        `The GA tree of Fedora ${this.release} for ${this.arch} could not be read: ${error.message} [${error.code}].`,
      );
    }
    const common = {
      url: tree.url,
      repoTimestamp: tree.repoTimestamp,
      baseTimestamp,
      packageCount: tree.packages.length,
    };
    const at = `${tree.url} (repomd timestamp ${tree.repoTimestamp})`;
    if (baseTimestamp === null) {
      this.state = {
        ...common,
        state: 'unrecorded',
        detail: `The base recorded no 'fedora' repo timestamp; the GA tree ${at} was used as is.`,
      };
      return indexGa(tree.packages);
    }
    if (baseTimestamp === tree.repoTimestamp) {
      this.state = {
        ...common,
        state: 'confirmed',
        detail: `The GA tree ${at} is the one the base recorded as 'fedora'.`,
      };
      return indexGa(tree.packages);
    }
    if (baseTimestamp < tree.repoTimestamp) {
      this.state = {
        ...common,
        state: 'prega',
        detail:
          `The base recorded 'fedora' at ${baseTimestamp}, before the GA tree ${at}: it was built before GA, ` +
          'from the moving Branched tree, which no longer exists; its packages outside the updates compose cannot be checked.',
      };
      return null;
    }
    this.state = {
      ...common,
      state: 'mismatch',
      detail:
        `The base recorded 'fedora' at ${baseTimestamp}, but the GA tree ${at} differs: not the tree the base saw, ` +
        'so it was not used (pass --release-root with the tree the base was built from).',
    };
    return null;
  }
}
