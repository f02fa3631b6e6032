/**
 * Registry credentials from the files containers and Docker write: `$REGISTRY_AUTH_FILE`, then
 * `$XDG_RUNTIME_DIR/containers/auth.json`, then `~/.docker/config.json`; the first file that has an
 * `auths[registry].auth` (base64 `user:pass`) wins. Credentials are held in memory only: never
 * printed, logged, cached, or put in an error.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from './errors.js';

/** A user name and password (or token) for Basic auth and the token endpoint. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** The auth files looked at, in order, for this environment. */
export function authFilePaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const paths: string[] = [];
  if (env['REGISTRY_AUTH_FILE']) paths.push(env['REGISTRY_AUTH_FILE']);
  if (env['XDG_RUNTIME_DIR']) paths.push(join(env['XDG_RUNTIME_DIR'], 'containers', 'auth.json'));
  paths.push(join(env['HOME'] ?? homedir(), '.docker', 'config.json'));
  return paths;
}

/** Docker Hub is written under several keys. */
function keysFor(registry: string): string[] {
  if (registry !== 'docker.io') return [registry, `https://${registry}`, `http://${registry}`];
  return ['docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/', 'index.docker.io'];
}

function decode(auth: string, path: string): RegistryCredentials {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(auth) || colon <= 0) {
    throw new RegistryError('ERR_REGISTRY_AUTH_FILE', `an "auth" in ${path} is not base64 of user:password`, {
      subject: path,
    });
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The credentials for `registry` (`host[:port]`, `docker.io`), or `null` when no file has them. */
export async function findCredentials(
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryCredentials | null> {
  for (const path of authFilePaths(env)) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue; // an absent file is the common case
    }
    let auths: unknown;
    try {
      auths = (JSON.parse(text) as { auths?: unknown }).auths;
    } catch (cause) {
      throw new RegistryError('ERR_REGISTRY_AUTH_FILE', `${path} is not valid JSON`, {
        subject: path,
        cause,
      });
    }
    if (typeof auths !== 'object' || auths === null) continue;
    for (const key of keysFor(registry)) {
      const entry = (auths as Record<string, unknown>)[key];
      const auth = (entry as { auth?: unknown } | undefined)?.auth;
      if (typeof auth === 'string' && auth !== '') return decode(auth, path);
    }
  }
  return null;
}
