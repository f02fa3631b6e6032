/**
 * zod schemas of the productmd files a compose carries (FACTS.md §5). They check what
 * compose-match reads and let everything else through (`looseObject`), so newer productmd
 * versions with more fields, and older ones (1.0: no `header.type`, no `release.type`), parse.
 */
import { z } from 'zod';

/** `header` of a productmd file. */
export const ProductmdHeaderSchema = z.looseObject({
  /** `productmd.composeinfo`, `productmd.rpms` (absent before format 1.1). */
  type: z.string().optional(),
  version: z.string(),
});

/** `payload.compose`: the compose's own identity. */
export const ComposeInfoComposeSchema = z.looseObject({
  id: z.string().min(1),
  date: z.string().regex(/^[0-9]{8}$/),
  respin: z.number().int().nonnegative(),
  type: z.string(),
  label: z.string().nullable().optional(),
  final: z.boolean().optional(),
});

/** `compose/metadata/composeinfo.json`. */
export const ComposeInfoSchema = z.looseObject({
  header: ProductmdHeaderSchema,
  payload: z.looseObject({
    compose: ComposeInfoComposeSchema,
    release: z.looseObject({
      name: z.string(),
      short: z.string(),
      version: z.string(),
      type: z.string().optional(),
      internal: z.boolean().optional(),
    }),
    variants: z.record(
      z.string(),
      z.looseObject({
        arches: z.array(z.string()).optional(),
        paths: z.record(z.string(), z.record(z.string(), z.string())).optional(),
      }),
    ),
  }),
});

/** A parsed composeinfo.json. */
export type ComposeInfo = z.infer<typeof ComposeInfoSchema>;

/** One RPM of rpms.json. */
export const RpmsEntrySchema = z.looseObject({
  path: z.string(),
  sigkey: z.string().nullable().optional(),
  category: z.string(),
});

/** `compose/metadata/rpms.json`: `payload.rpms[variant][arch][srpm NEVRA][rpm NEVRA]`. */
export const RpmsManifestSchema = z.looseObject({
  header: ProductmdHeaderSchema,
  payload: z.looseObject({
    compose: ComposeInfoComposeSchema,
    rpms: z.record(
      z.string(),
      z.record(z.string(), z.record(z.string(), z.record(z.string(), RpmsEntrySchema))),
    ),
  }),
});

/** A parsed rpms.json. */
export type RpmsManifest = z.infer<typeof RpmsManifestSchema>;
