/**
 * A rendered `.repo` as dnf options for one command (`--repofrompath=ID,BASEURL` and
 * `--setopt=ID.KEY=VALUE`), so that `install` inside a container build gives dnf the snapshot
 * without writing a file into the image. Commented-out stanzas (the archive fallback) stay out,
 * as they would in the file.
 */

/** The dnf options for every enabled-or-not section of `repoText` that has a baseurl. */
export function dnfRepoArgs(repoText: string): string[] {
  const sections: { id: string; options: [string, string][] }[] = [];
  for (const raw of repoText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section !== null) {
      sections.push({ id: section[1]!, options: [] });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || sections.length === 0) continue;
    sections.at(-1)!.options.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  const args: string[] = [];
  for (const s of sections) {
    const baseurl = s.options.find(([k]) => k === 'baseurl')?.[1];
    if (baseurl === undefined) continue;
    args.push(`--repofrompath=${s.id},${baseurl}`);
    for (const [k, v] of s.options)
      if (k !== 'baseurl' && k !== 'name') args.push(`--setopt=${s.id}.${k}=${v}`);
  }
  return args;
}
