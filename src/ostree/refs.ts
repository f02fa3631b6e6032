/**
 * OSTree ref names (ostreedev/ostree src/libostree/ostree-core.c `ostree_validate_rev`): segments of
 * `[A-Za-z0-9_][A-Za-z0-9_.-]*` joined by `/`, optionally prefixed by `remote:`.
 */
import { OstreeError } from './errors.js';

const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
const REF = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

/** A ref split into its optional remote and its name. */
export interface Refspec {
  /** The remote before `:`, or `null`. */
  remote: string | null;
  /** The ref name. */
  ref: string;
}

/**
 * Parses `ref` or `remote:ref`.
 *
 * @throws {@link OstreeError} `ERR_OSTREE_BAD_REF` for names OSTree would reject (this also keeps
 *   `..` and absolute paths out of the URLs built from them).
 */
export function parseRefspec(text: string): Refspec {
  const colon = text.indexOf(':');
  const remote = colon < 0 ? null : text.slice(0, colon);
  const ref = colon < 0 ? text : text.slice(colon + 1);
  if (!REF.test(ref) || (remote !== null && !REF.test(remote)) || ref.length > 1024) {
    throw new OstreeError(
      'ERR_OSTREE_BAD_REF',
      `Invalid OSTree ref '${text.slice(0, 200)}': expected [remote:]name/name… of [A-Za-z0-9_.-] segments`,
      {
        subject: text.slice(0, 200),
        category: 'usage',
      },
    );
  }
  return { remote, ref };
}
