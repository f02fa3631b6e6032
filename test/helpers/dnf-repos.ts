/**
 * The real reader of `.repo` files: dnf's own (libdnf ConfigParser via the dnf Python API), used as
 * the oracle for what a generated file means.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPython } from './tools.js';

/** A repo as dnf reads it. */
export interface DnfRepo {
  id: string;
  name: string;
  baseurl: string[];
  enabled: boolean;
  gpgcheck: boolean;
  repo_gpgcheck: boolean;
  gpgkey: string[];
  priority: number;
  metadata_expire: number;
  cost: number;
}

const script = `
import dnf, json, sys
b = dnf.Base()
b.conf.substitutions["releasever"] = "40"
b.conf.substitutions["basearch"] = "x86_64"
b.conf.reposdir = [sys.argv[1]]
b.read_all_repos()
out = []
for r in sorted(b.repos.values(), key=lambda r: r.id):
    out.append(dict(id=r.id, name=r.name, baseurl=list(r.baseurl), enabled=bool(r.enabled),
        gpgcheck=bool(r.gpgcheck), repo_gpgcheck=bool(r.repo_gpgcheck), gpgkey=list(r.gpgkey),
        priority=r.priority, metadata_expire=r.metadata_expire, cost=r.cost))
print(json.dumps(out))
`;

/** Every repo dnf reads from `text` saved as a `.repo` file (with releasever 40, basearch x86_64). */
export function dnfReadRepos(text: string): DnfRepo[] {
  const dir = mkdtempSync(join(tmpdir(), 'cm-repos-'));
  try {
    writeFileSync(join(dir, 'snapshot.repo'), text);
    const run = spawnSync(systemPython, ['-c', script, dir], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`dnf could not read the repo file: ${run.stderr}`);
    return JSON.parse(run.stdout) as DnfRepo[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
