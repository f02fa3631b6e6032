/**
 * Steps 3 and 4 of the plan, for one wanted build: locate it in the chain, download the first
 * usable copy. A source whose copy fails verification (checksum, truncation, NEVRA) is recorded and
 * the chain goes on after it; an unsigned Koji copy is kept aside and used only when allowed.
 */
import { isComposeMatchError } from '../../errors.js';
import { FetchError } from '../../io/errors.js';
import type { BuildSource, BuildSourceRef, LocatedBuild, SourceAnswer } from '../build-source.js';
import type { PlanFetchOptions, PlannedBuild } from './types.js';
import type { WantedItem } from './wanted.js';

/** Looks each candidate up through the chain and downloads the first usable copy. */
export async function fetchBuild(item: WantedItem, options: PlanFetchOptions): Promise<PlannedBuild> {
  const { wanted, reason } = item;
  const answers: SourceAnswer[] = [];
  let unsigned: LocatedBuild | null = null;
  for (const nevra of wanted.candidates) {
    let rest: readonly BuildSource[] = options.sources;
    while (rest.length > 0) {
      const chain = await options.locate(nevra, wanted.sourcerpm, rest);
      answers.push(...chain.answers);
      const located = chain.located;
      if (located === null) break;
      rest = rest.slice(rest.findIndex((s) => sameRef(s.ref, located.source)) + 1);
      if (!located.signed && options.allowUnsigned !== true) {
        unsigned ??= located;
        continue;
      }
      try {
        const file = await options.download(located);
        return { nevra, sourcerpm: located.sourcerpm, reason, status: 'fetched', located, answers, file };
      } catch (error) {
        if (!isComposeMatchError(error)) throw error;
        // The source held it but its copy is unusable (checksum, truncation, NEVRA): say so, go on.
        // Except a Koji file that is gone: Koji deletes a build's files when it garbage-collects it,
        // so what its (older) tag history located is absent there now, not a network failure.
        const gone = kojiGone(located, error);
        const at = answers.findLastIndex((a) => sameRef(a.source, located.source) && a.status === 'found');
        const answer: SourceAnswer =
          gone === null
            ? {
                source: located.source,
                status: 'failed',
                error: { code: error.code, message: error.message },
              }
            : { source: located.source, status: 'absent', detail: gone };
        if (at < 0) answers.push(answer);
        else answers[at] = answer;
      }
    }
  }
  const nevra = unsigned?.nevra ?? wanted.candidates[0]!;
  const status = unsigned === null ? 'missing' : 'unsigned';
  return { nevra, sourcerpm: wanted.sourcerpm, reason, status, located: unsigned, answers, file: null };
}

/** Why a Koji copy that was located is absent after all (its file answered 404), or null. */
function kojiGone(located: LocatedBuild, error: unknown): string | null {
  if (located.source.kind !== 'koji' || !(error instanceof FetchError) || error.code !== 'ERR_NOT_FOUND')
    return null;
  return `gone (${error.subject ?? located.url} answers 404: garbage-collected from Koji since its tag history was read)`;
}

function sameRef(a: BuildSourceRef, b: BuildSourceRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.url === b.url;
}
