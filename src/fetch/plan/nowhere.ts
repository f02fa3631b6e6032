/**
 * For a build found nowhere: what each source that answered "absent" does hold of the same name
 * (`fedora` holds `1.45.5-3.fc32.x86_64`, Koji nothing), so the report can say "the base's build
 * is gone, GA still has an older one" rather than a bare "absent". From the same memoised
 * metadata the planner already read; Koji lists nothing by name, which reads as "not there".
 */
import type { SourceAnswer } from '../build-source.js';
import type { NameLookup } from './name-lookup.js';
import type { PlannedBuild } from './types.js';

/** `build.answers`, each `absent` one with the builds of the name its source lists. */
export async function withHoldings(build: PlannedBuild, names: NameLookup): Promise<SourceAnswer[]> {
  const out: SourceAnswer[] = [];
  for (const answer of build.answers) {
    if (answer.status !== 'absent') {
      out.push(answer);
      continue;
    }
    const listed = await names.listedIn(answer.source, build.nevra.name);
    if (listed === null) {
      out.push(answer);
      continue;
    }
    const holds = [
      ...new Set(listed.map((p) => `${p.epoch ? `${p.epoch}:` : ''}${p.version}-${p.release}.${p.arch}`)),
    ];
    out.push({ ...answer, holds: holds.sort() });
  }
  return out;
}
