/**
 * The chain of sources, tried in order until one holds the build (FACTS §12: the base's compose,
 * the live repos, the FCOS pool, the updates-archive, Koji). A source that cannot answer (a 403 from
 * the archive is routine, a compose may be pruned) is recorded and the chain goes on, so the
 * report can tell "nowhere" (every source answered) from "maybe somewhere we could not ask".
 */
import type { Nevra } from '../rpm/types.js';
import { failedAnswer, type BuildSource, type LocatedBuild, type SourceAnswer } from './build-source.js';

/** What {@link locateInChain} found, and what each source it asked answered. */
export interface ChainResult {
  /** The build from the first source that holds it, or `null`. */
  located: LocatedBuild | null;
  /** One answer per source asked, in order; sources after the one that found it are not asked. */
  answers: SourceAnswer[];
}

/**
 * Looks for the build with exactly `nevra` in each source in turn.
 *
 * @param srpm - the build's SOURCERPM when known (Koji needs it; repos ignore it)
 * @throws only what is not a {@link ComposeMatchError} (a bug, not a source's answer)
 */
export async function locateInChain(
  nevra: Nevra,
  srpm: string | null,
  sources: readonly BuildSource[],
): Promise<ChainResult> {
  const answers: SourceAnswer[] = [];
  for (const source of sources) {
    let located: LocatedBuild | null;
    try {
      located = await source.locate(nevra, srpm);
    } catch (error) {
      answers.push(failedAnswer(source.ref, error));
      continue;
    }
    if (located !== null) {
      answers.push({ source: source.ref, status: 'found' });
      return { located, answers };
    }
    answers.push({ source: source.ref, status: 'absent' });
  }
  return { located: null, answers };
}
