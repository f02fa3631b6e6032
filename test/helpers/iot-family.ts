/**
 * The committed Fedora IoT nightly compose family (`fixtures/iot/`, made by `scripts/iot/generate`)
 * and its truth: which packages each compose holds, its STATUS and its defect.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TruthNevraSchema, worldRoot } from './world.js';

/** `fixtures/iot` of this checkout (beside `fixtures/world`). */
export const iotRoot = join(worldRoot, '..', 'iot');

const IotTruthSchema = z.object({
  composeRoot: z.string(),
  release: z.string(),
  arch: z.string(),
  variant: z.string(),
  latest: z.string(),
  composes: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['FINISHED', 'FINISHED_INCOMPLETE', 'STARTED', 'DOOMED', 'TERMINATED']),
      rpmsJson: z.boolean(),
      defect: z.string().nullable(),
      repository: z.string(),
      packages: z.array(TruthNevraSchema),
    }),
  ),
});

/** What `fixtures/iot/truth.json` says. */
export type IotTruth = z.infer<typeof IotTruthSchema>;
/** One package of the truth. */
export type IotNevra = z.infer<typeof TruthNevraSchema>;

/** Reads `fixtures/iot/truth.json`. */
export function loadIotTruth(root = iotRoot): IotTruth {
  return IotTruthSchema.parse(JSON.parse(readFileSync(join(root, 'truth.json'), 'utf8')));
}

/** The compose root directory of the family. */
export function iotComposeRoot(truth: IotTruth, root = iotRoot): string {
  return join(root, truth.composeRoot);
}

/** The test key the family's RPMs are signed with (the world's). */
export const iotGpgKey = join(iotRoot, 'keys', 'RPM-GPG-KEY-compose-match-world');

/** `name-[epoch:]version-release.arch`. */
export function nevraLine(p: IotNevra): string {
  return `${p.name}-${p.epoch === null ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`;
}

/** The packages of a compose of the truth. */
export function composePackages(truth: IotTruth, id: string): IotNevra[] {
  const c = truth.composes.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no compose ${id} in fixtures/iot/truth.json`);
  return c.packages;
}
