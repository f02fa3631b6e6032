/**
 * A real Apache httpd serving a directory with kojipkgs' index options (FACTS.md §6, §9), so the
 * listing parser is tested on what Apache really writes, in both the `<pre>` and the table form.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const modules = '/usr/lib/apache2/modules';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A running Apache; `stop()` ends it (by its own pid file). */
export interface Apache {
  url: string;
  stop(): void;
}

/**
 * Starts Apache on 127.0.0.1 serving `root` (which must be readable by others, e.g. under /tmp),
 * with `IndexOptions NameWidth=* FancyIndexing` plus `HTMLTable` when `table` is set.
 */
export async function startApache(root: string, options: { table?: boolean } = {}): Promise<Apache> {
  const dir = mkdtempSync(join(tmpdir(), 'scan-apache-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'httpd.conf');
  const user = process.getuid?.() === 0 ? 'User www-data\nGroup www-data\n' : '';
  writeFileSync(
    conf,
    `ServerRoot ${dir}
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
PidFile ${dir}/httpd.pid
ErrorLog ${dir}/error.log
${user}LoadModule mpm_event_module ${modules}/mod_mpm_event.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule alias_module ${modules}/mod_alias.so
LoadModule dir_module ${modules}/mod_dir.so
LoadModule mime_module ${modules}/mod_mime.so
LoadModule autoindex_module ${modules}/mod_autoindex.so
DocumentRoot ${root}
<Directory ${root}>
  Options Indexes FollowSymLinks
  IndexOptions NameWidth=* FancyIndexing${options.table === true ? ' HTMLTable' : ''}
  Require all granted
</Directory>
FileETag None
TypesConfig /etc/mime.types
`,
  );
  execFileSync('apache2', ['-f', conf, '-k', 'start'], {
    stdio: 'ignore',
    env: { ...process.env, APACHE_RUN_DIR: dir },
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: () => {
      try {
        const pid = Number(readFileSync(join(dir, 'httpd.pid'), 'utf8').trim());
        if (pid > 0) process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
