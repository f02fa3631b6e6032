/**
 * `writeLocalRepo(dir)`: a yum repo over the .rpm files in `dir` (repodata/repomd.xml and one
 * primary.xml.gz), so `dnf` and rpm-ostree install the fetched builds by name. Readers never see a
 * half-written repo: the primary file is new under its checksum name before repomd.xml, the one
 * file readers start from, is renamed into place; the previous primary is removed after.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readRepoPackage, type RepoPackage } from './package-entry.js';
import { renderPrimaryXml } from './primary-xml.js';

/** Options of {@link writeLocalRepo}. */
export interface WriteLocalRepoOptions {
  /** The repo's timestamp (epoch seconds); default now. dnf compares repomd.xml checksums, not this. */
  timestamp?: number | undefined;
}

/** What {@link writeLocalRepo} wrote. */
export interface LocalRepo {
  /** The packages listed, sorted by file name. */
  packages: RepoPackage[];
  /** Path of repodata/repomd.xml. */
  repomd: string;
  /** Path of the primary.xml.gz. */
  primary: string;
}

const PRIMARY_NAME = /^[0-9a-f]{64}-primary\.xml\.gz$/;

/**
 * Writes (or rewrites) the repo metadata of `dir` over every `*.rpm` directly in it.
 *
 * @throws the header errors of the RPM reader (an .rpm that is not one), with the file as subject;
 * nothing of a new repodata is left behind then, and the previous one stays as it was.
 */
export async function writeLocalRepo(dir: string, options: WriteLocalRepoOptions = {}): Promise<LocalRepo> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.rpm'))
    .map((e) => e.name)
    .sort();
  const packages: RepoPackage[] = [];
  for (const name of names) packages.push(await readRepoPackage(join(dir, name)));

  const xml = Buffer.from(renderPrimaryXml(packages), 'utf8');
  const gz = gzipSync(xml);
  const primaryName = `${sha256(gz)}-primary.xml.gz`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const repomd = renderRepomd({ primaryName, gz, xml, timestamp });

  const repodata = join(dir, 'repodata');
  await mkdir(repodata, { recursive: true });
  const primary = join(repodata, primaryName);
  await writeAtomically(primary, gz);
  await writeAtomically(join(repodata, 'repomd.xml'), Buffer.from(repomd, 'utf8'));
  for (const old of await readdir(repodata)) {
    if (PRIMARY_NAME.test(old) && old !== primaryName) await rm(join(repodata, old), { force: true });
  }
  return { packages, repomd: join(repodata, 'repomd.xml'), primary };
}

function renderRepomd(p: { primaryName: string; gz: Buffer; xml: Buffer; timestamp: number }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">',
    `  <revision>${p.timestamp}</revision>`,
    '  <data type="primary">',
    `    <checksum type="sha256">${sha256(p.gz)}</checksum>`,
    `    <open-checksum type="sha256">${sha256(p.xml)}</open-checksum>`,
    `    <location href="repodata/${p.primaryName}"/>`,
    `    <timestamp>${p.timestamp}</timestamp>`,
    `    <size>${p.gz.length}</size>`,
    `    <open-size>${p.xml.length}</open-size>`,
    '  </data>',
    '</repomd>',
    '',
  ].join('\n');
}

/** Writes beside the target and renames over it; the temp file is removed on any failure. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
