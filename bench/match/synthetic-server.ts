/**
 * A loopback HTTP server that looks like kojipkgs `compose/updates/` for a synthetic history:
 * an Apache FancyIndexing listing, COMPOSE_ID, STATUS and a createrepo_c-shaped repomd.xml per
 * compose. It counts requests and body bytes itself, so every client is measured the same way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeCompose } from '../../test/helpers/fake-catalog.js';

/** A running server. */
export interface SyntheticServer {
  /** `http://127.0.0.1:<port>/compose/updates/` */
  rootUrl: string;
  stats(): { requests: number; bytes: number };
  reset(): void;
  close(): Promise<void>;
}

/** repomd.xml as createrepo_c writes it, with updateinfo (added by Bodhi) the latest record. */
export function repomdXml(timestamp: number): string {
  const types = [
    'primary',
    'filelists',
    'other',
    'primary_db',
    'filelists_db',
    'other_db',
    'primary_zck',
    'filelists_zck',
    'other_zck',
  ];
  const record = (type: string, ts: number, i: number): string => {
    const hex = (n: number) => (BigInt(ts) * 7919n + BigInt(n)).toString(16).padStart(64, '0').slice(-64);
    const ext = type.endsWith('_db') ? 'sqlite.xz' : type.endsWith('_zck') ? 'xml.zck' : 'xml.zst';
    return `  <data type="${type}">
    <checksum type="sha256">${hex(i)}</checksum>
    <open-checksum type="sha256">${hex(i + 100)}</open-checksum>
    <location href="repodata/${hex(i)}-${type.replace('_zck', '')}.${ext}"/>
    <timestamp>${ts}</timestamp>
    <size>${1_000_000 + i * 1000}</size>
    <open-size>${9_000_000 + i * 1000}</open-size>
  </data>
`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>${timestamp - 1800}</revision>
${types.map((t, i) => record(t, timestamp - 1800, i)).join('')}${record('updateinfo', timestamp, 50)}</repomd>
`;
}

function listing(path: string, composes: readonly FakeCompose[]): string {
  const rows = composes
    .map((c) => {
      const date = c.id.replace(/.*-(\d{4})(\d{2})(\d{2})\.\d+$/, '$1-$2-$3');
      return `<img src="/icons/folder.gif" alt="[DIR]"> <a href="${c.id}/">${c.id}/</a>${' '.repeat(Math.max(1, 50 - c.id.length))}${date} 12:00    -  `;
    })
    .join('\n');
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of ${path}</title>
 </head>
 <body>
<h1>Index of ${path}</h1>
<pre><img src="/icons/blank.gif" alt="Icon "> <a href="?C=N;O=D">Name</a>                    <a href="?C=M;O=A">Last modified</a>      <a href="?C=S;O=A">Size</a>  <hr><img src="/icons/back.gif" alt="[PARENTDIR]"> <a href="/compose/">Parent Directory</a>                             -   
${rows}
<hr></pre>
</body></html>
`;
}

/** Serves `composes` (x86_64 only) on 127.0.0.1 on an ephemeral port. */
export async function startSyntheticServer(composes: readonly FakeCompose[]): Promise<SyntheticServer> {
  const byId = new Map(composes.map((c) => [c.id, c]));
  const counters = { requests: 0, bytes: 0 };
  const server: Server = createServer((req, res) => {
    counters.requests++;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: string, type = 'text/plain'): void => {
      const bytes = Buffer.from(body);
      counters.bytes += bytes.length;
      res.writeHead(status, {
        'content-type': type,
        'content-length': bytes.length,
        'last-modified': 'Thu, 16 May 2024 12:00:00 GMT',
      });
      res.end(bytes);
    };
    if (path === '/compose/updates') {
      res.writeHead(301, { location: '/compose/updates/' });
      res.end();
      return;
    }
    if (path === '/compose/updates/') return send(200, listing(path, composes), 'text/html;charset=UTF-8');
    const m = /^\/compose\/updates\/([^/]+)\/(.*)$/.exec(path);
    const c = m === null ? undefined : byId.get(m[1]!);
    if (m === null || c === undefined) return send(404, 'Not Found');
    const rest = m[2]!;
    if (rest === 'COMPOSE_ID') return send(200, c.id);
    if (rest === 'STATUS') return send(200, `${c.status ?? 'FINISHED'}\n`);
    if (rest === 'compose/Everything/x86_64/os/repodata/repomd.xml' && c.timestamp !== null)
      return send(200, repomdXml(c.timestamp), 'text/xml');
    return send(404, 'Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rootUrl: `http://127.0.0.1:${port}/compose/updates/`,
    stats: () => ({ ...counters }),
    reset: () => {
      counters.requests = 0;
      counters.bytes = 0;
    },
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
