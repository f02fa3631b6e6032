/**
 * zod schemas of productmd 1.2 `composeinfo.json` and `rpms.json` as FACTS.md §5 describes them, for
 * validating the world's composes (src/compose has its own; these are the test's independent view).
 */
import { z } from 'zod';

const header = (type: string) => z.object({ type: z.literal(type), version: z.literal('1.2') });

const ComposeSection = z.object({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9-]*-[0-9][0-9.]*(-updates(-testing)?)?-\d{8}(\.[a-z]+)?\.\d+$/),
  date: z.string().regex(/^\d{8}$/),
  respin: z.number().int().nonnegative(),
  type: z.enum(['production', 'test', 'nightly', 'ci']),
  label: z.string().optional(),
  final: z.boolean().optional(),
});

/** productmd composeinfo.json. */
export const ComposeInfoSchema = z.object({
  header: header('productmd.composeinfo'),
  payload: z.object({
    compose: ComposeSection,
    release: z.object({
      name: z.string(),
      short: z.string(),
      version: z.string(),
      type: z.string(),
      internal: z.boolean(),
    }),
    variants: z.record(
      z.string(),
      z
        .object({
          arches: z.array(z.string()),
          paths: z.record(z.string(), z.record(z.string(), z.string())),
        })
        .passthrough(),
    ),
  }),
});

/** A productmd NEVRA key: the epoch is always present. */
const NevraKey = z.string().regex(/^.+-\d+:[^-]+-[^-]+\.[^.]+$/);

/** productmd rpms.json. */
export const RpmsSchema = z.object({
  header: header('productmd.rpms'),
  payload: z.object({
    compose: ComposeSection,
    rpms: z.record(
      z.string(),
      z.record(
        z.string(),
        z.record(
          NevraKey,
          z.record(
            NevraKey,
            z.object({
              path: z.string(),
              sigkey: z.string().nullable(),
              category: z.enum(['binary', 'debug', 'source']),
            }),
          ),
        ),
      ),
    ),
  }),
});
