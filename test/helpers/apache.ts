/**
 * A real Apache httpd for tests, configured like kojipkgs (`Options Indexes FollowSymLinks`,
 * `IndexOptions NameWidth=* FancyIndexing`), on 127.0.0.1 with a free port, from a private config.
 * Apache's children run as www-data, so the served tree is copied under /tmp with world-readable modes
 * (FACTS.md §9). Stopped by the pid in its PidFile.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's module directory. */
const modules = '/usr/lib/apache2/modules';

/** A running Apache. */
export interface ApacheServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** The main process id (from the PidFile). */
  pid: number;
  /** Where the served copy lives. */
  docroot: string;
  /** The request lines (`GET /path HTTP/1.1`) Apache has answered so far, from its access log. */
  requests(): string[];
  /** Stops Apache (SIGTERM to the pid) and removes the temp directory. */
  close(): Promise<void>;
}

/** Options for {@link startApache}. */
export interface ApacheOptions {
  /** Directory to serve (copied). */
  root: string;
  /** Add `HTMLTable` to the listings (the table form). */
  table?: boolean;
}

/** A free TCP port on 127.0.0.1 (released before Apache binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function config(docroot: string, run: string, port: number, table: boolean): string {
  const load = ['mpm_event', 'authz_core', 'alias', 'dir', 'mime', 'autoindex']
    .map((m) => `LoadModule ${m}_module ${modules}/mod_${m}.so`)
    .join('\n');
  return `${load}
ServerRoot "${run}"
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile "${run}/httpd.pid"
ErrorLog "${run}/error.log"
CustomLog "${run}/access.log" "%r"
LogLevel warn
Mutex file:${run}
User www-data
Group www-data
ServerSignature Off
ServerTokens Prod
TypesConfig /etc/mime.types
FileETag None
Include /etc/apache2/mods-available/autoindex.conf
DocumentRoot "${docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "${docroot}">
    Options Indexes FollowSymLinks
    IndexOptions NameWidth=* FancyIndexing${table ? ' HTMLTable' : ''}
    Require all granted
</Directory>
`;
}

function makeReadable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeReadable(path);
    else if (entry.isFile()) chmodSync(path, 0o644);
  }
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`apache2 did not listen on 127.0.0.1:${port}`);
    await sleep(50);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) return pid;
    } catch {
      // not written yet
    }
    await sleep(50);
  }
  throw new Error(`apache2 wrote no pid to ${file}`);
}

/**
 * cpSync stamps a directory's mtime before filling it, so creating its children moves it to "now";
 * put the source's times back, children first, so Apache lists the dates the tree really has.
 */
function restoreDirectoryTimes(source: string, target: string): void {
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (entry.isDirectory()) restoreDirectoryTimes(join(source, entry.name), join(target, entry.name));
  }
  const { atime, mtime } = statSync(source);
  utimesSync(target, atime, mtime);
}

/** Starts Apache serving a copy of `root`. */
export async function startApache(options: ApacheOptions): Promise<ApacheServer> {
  const top = mkdtempSync('/tmp/compose-match-apache-');
  chmodSync(top, 0o755);
  const docroot = join(top, 'docroot');
  // Keep symlinks as symlinks (koji-tag links) and mtimes (listing dates).
  cpSync(options.root, docroot, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  restoreDirectoryTimes(options.root, docroot);
  makeReadable(docroot);
  const runDir = mkdtempSync(join(top, 'run-'));
  const port = await freePort();
  const conf = join(runDir, 'httpd.conf');
  writeFileSync(conf, config(docroot, runDir, port, options.table ?? false));
  const result = spawnSync('apache2', ['-f', conf, '-k', 'start'], {
    env: {
      ...process.env,
      TZ: 'UTC',
      LANG: 'C',
      APACHE_RUN_DIR: runDir,
      APACHE_LOCK_DIR: runDir,
      APACHE_LOG_DIR: runDir,
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(top, { recursive: true, force: true });
    throw new Error(`apache2 -k start failed (${result.status}): ${result.stderr}`);
  }
  await waitForPort(port, 10_000);
  const pid = await readPid(join(runDir, 'httpd.pid'));
  return {
    url: `http://127.0.0.1:${port}/`,
    pid,
    docroot,
    requests: () => {
      const log = join(runDir, 'access.log');
      return existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
    },
    async close() {
      if (alive(pid)) process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (alive(pid) && Date.now() < deadline) await sleep(50);
      rmSync(top, { recursive: true, force: true });
    },
  };
}
