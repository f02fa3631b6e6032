/**
 * contrib/butane/compose-match.bu: the prepare script and units it carries are contrib/'s bytes, the
 * executable's URL names this version's x86_64 release file, and Ignition's own validator (Debian's
 * `ignition-validate`, Ignition 2.14) accepts the config it stands for. Butane itself is packaged
 * neither in Debian nor on npm, so the translation here is Butane fcos 1.4.0's for the fields the
 * snippet uses (files with source/inline, mode and verification; units with contents, enabled and
 * drop-ins map one to one onto Ignition 3.3.0; inline contents become a data URL).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../scripts/dist/executables.js';
import { repoRoot } from '../helpers/repo-root.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const test = testWithTools({ command: 'ignition-validate' }, { python: 'yaml' });

interface Butane {
  variant: string;
  version: string;
  storage: {
    files: {
      path: string;
      mode: number;
      contents: { source?: string; inline?: string; verification?: { hash: string } };
    }[];
  };
  systemd: {
    units: {
      name: string;
      enabled?: boolean;
      contents?: string;
      dropins?: { name: string; contents: string }[];
    }[];
  };
}

function readButane(): Butane {
  const r = spawnSync(
    systemPython,
    [
      '-c',
      'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)',
      join(repoRoot, 'contrib/butane/compose-match.bu'),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Butane;
}

/** Butane fcos 1.4.0 → Ignition 3.3.0, for the fields the snippet uses (refuses any other). */
function toIgnition(b: Butane): unknown {
  if (b.variant !== 'fcos' || b.version !== '1.4.0')
    throw new Error(`not fcos 1.4.0: ${b.variant} ${b.version}`);
  return {
    ignition: { version: '3.3.0' },
    storage: {
      files: b.storage.files.map((f) => ({
        path: f.path,
        mode: f.mode,
        contents: {
          source: f.contents.source ?? `data:;base64,${Buffer.from(f.contents.inline!).toString('base64')}`,
          ...(f.contents.verification === undefined ? {} : { verification: f.contents.verification }),
        },
      })),
    },
    systemd: { units: b.systemd.units },
  };
}

function validate(config: unknown): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cm-ign-'));
  try {
    writeFileSync(join(dir, 'config.ign'), JSON.stringify(config));
    const r = spawnSync('ignition-validate', [join(dir, 'config.ign')], { encoding: 'utf8' });
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the Butane snippet carries contrib/ as is and the executable of this version, by hash', async (t) => {
  const b = readButane();
  const file = (path: string) => b.storage.files.find((f) => f.path === path);
  const exe = file('/usr/local/bin/compose-match')!;
  t.is(exe.mode, 0o755);
  t.regex(
    exe.contents.source!,
    new RegExp(`/v${await packageVersion()}/compose-match-${await packageVersion()}-linux-x86_64$`),
  );
  t.regex(exe.contents.verification!.hash, /^sha256-[0-9a-f]{64}$/);
  t.is(
    file('/usr/local/libexec/compose-match-prepare')!.contents.inline,
    readFileSync(join(repoRoot, 'contrib/compose-match-prepare'), 'utf8'),
  );
  const unit = (name: string) => b.systemd.units.find((u) => u.name === name)!;
  for (const name of ['compose-match-prepare.service', 'compose-match-prepare.timer']) {
    t.is(unit(name).contents, readFileSync(join(repoRoot, 'contrib/systemd', name), 'utf8'), name);
  }
  t.true(unit('compose-match-prepare.timer').enabled);
  t.regex(
    unit('compose-match-prepare.service').dropins![0]!.contents,
    /^ExecStart=\/usr\/local\/libexec\/compose-match-prepare$/m,
  );
});

test('ignition-validate accepts the config, and refuses it with a malformed hash', (t) => {
  const config = toIgnition(readButane());
  const ok = validate(config);
  t.is(ok.status, 0, ok.output);
  const bad = JSON.parse(JSON.stringify(config)) as {
    storage: { files: { contents: { verification?: { hash: string } } }[] };
  };
  bad.storage.files[0]!.contents.verification!.hash = 'sha256-not-hex';
  const refused = validate(bad);
  t.not(refused.status, 0);
  t.regex(refused.output, /hash/i);
});
