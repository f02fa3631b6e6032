/**
 * What Bodhi has published: the koji-tag symlinks beside the composes (`f32-updates`,
 * `f32-updates-testing`) point at the compose the mirrors carry. Their targets are read from
 * `<tag>/COMPOSE_ID`, which works over HTTP listings and local mirrors alike.
 */
import type { ComposeId } from '../compose/catalog.js';
import { compareComposeIds, parseComposeId } from '../compose/compose-id.js';
import { fetchText, type Fetcher } from '../io/fetcher.js';

/** The compose each koji-tag symlink points at, per `<short>-<version>/<series>` (the newest wins). */
export async function tagTargets(
  fetcher: Fetcher,
  tags: { name: string; url: string }[],
  signal: AbortSignal | undefined,
): Promise<Map<string, ComposeId>> {
  const out = new Map<string, ComposeId>();
  for (const tag of tags) {
    const text = await fetchText(fetcher, `${tag.url}COMPOSE_ID`, { signal, maxBytes: 4096 }).catch(
      () => null,
    );
    const id = text === null ? null : parseComposeId(text.trim());
    if (id === null) continue;
    const key = `${id.short}-${id.version}/${id.series}`;
    const had = out.get(key);
    if (had === undefined || compareComposeIds(id, had) > 0) out.set(key, id);
  }
  return out;
}
