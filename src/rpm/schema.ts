import { z } from 'zod';

/** zod schema of {@link Nevra} as it appears in JSON reports. */
export const NevraSchema = z.object({
  name: z.string().min(1),
  epoch: z.number().int().nonnegative().nullable(),
  version: z.string().min(1),
  release: z.string().min(1),
  arch: z.string().min(1),
});
