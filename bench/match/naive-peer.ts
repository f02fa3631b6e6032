/**
 * The naive peer: read the listing, then every compose's repomd.xml, and pick the one whose
 * largest timestamp equals the base's. What a script without a search order does.
 */

/** Returns the matching compose name, or `null`. */
export async function naiveTimestampMatch(rootUrl: string, timestamp: number): Promise<string | null> {
  const html = await (await fetch(rootUrl)).text();
  const names = [...html.matchAll(/href="(Fedora-[^"?/]+)\/"/g)].map((m) => decodeURIComponent(m[1]!));
  let found: string | null = null;
  for (const name of names) {
    const res = await fetch(`${rootUrl}${name}/compose/Everything/x86_64/os/repodata/repomd.xml`);
    const xml = await res.text();
    if (!res.ok) continue;
    const largest = Math.max(...[...xml.matchAll(/<timestamp>(\d+)<\/timestamp>/g)].map((m) => Number(m[1])));
    if (largest === timestamp) found = name;
  }
  return found;
}
