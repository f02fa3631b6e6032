/**
 * The world's kojipkgs served by a real Apache (apache.ts), a scratch directory, and a base installed
 * for dnf (dnf-oracle.ts) from repos of that server: what the end-to-end layering tests start with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApache, type ApacheServer } from './apache.js';
import { installBase, type OracleBase, type OracleNevra } from './dnf-oracle.js';
import { worldRoot } from './world.js';

export interface ServedWorld {
  apache: ApacheServer;
  /** A scratch directory, removed by {@link ServedWorld.close}. */
  dir: string;
  /** The base, installed from the served repos given. */
  oracle: OracleBase;
  /** The served URL of the x86_64 `os/` repo of a compose at `path` (as truth.json names it). */
  osUrl(path: string): string;
  close(): Promise<void>;
}

/** Serves the world and installs `packages` from the served `os/` repos of the composes at `repos`' paths. */
export async function serveWorld(
  dirPrefix: string,
  packages: OracleNevra[],
  repos: readonly { id: string; path: string }[],
): Promise<ServedWorld> {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  let apache: ApacheServer | undefined;
  try {
    const server = await startApache({ root: join(worldRoot, 'kojipkgs') });
    apache = server;
    const osUrl = (path: string): string => `${server.url}${path}compose/Everything/x86_64/os/`;
    const oracle = await installBase(
      packages,
      repos.map((r) => ({ id: r.id, baseurl: osUrl(r.path) })),
    );
    return {
      apache: server,
      dir,
      oracle,
      osUrl,
      close: async () => {
        oracle.dispose();
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await apache?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
