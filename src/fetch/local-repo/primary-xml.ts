/**
 * primary.xml for the local repo, in createrepo_c's layout (FACTS §7): one `<package type="rpm">`
 * per file, the `rpm:` format block with header range, dependencies and primary files. Written as
 * one string: the directory holds the handful of builds one `fetch` wrote.
 */
import type { PrimaryDependency } from '../../rpmmd/primary-types.js';
import type { DependencyKind } from '../../rpmfile/header-deps.js';
import { isPrimaryFile, type RepoPackage } from './package-entry.js';

/** The dependency blocks in createrepo_c's order. */
const blocks: readonly DependencyKind[] = [
  'provides',
  'requires',
  'conflicts',
  'obsoletes',
  'suggests',
  'enhances',
  'recommends',
  'supplements',
];

/** Renders primary.xml over `packages` (in the order given). */
export function renderPrimaryXml(packages: readonly RepoPackage[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${packages.length}">`,
  ];
  for (const p of packages) out.push(renderPackage(p));
  out.push('</metadata>', '');
  return out.join('\n');
}

function renderPackage(p: RepoPackage): string {
  const n = p.nevra;
  const lines = [
    '<package type="rpm">',
    `  <name>${text(n.name)}</name>`,
    `  <arch>${text(n.arch)}</arch>`,
    `  <version epoch="${n.epoch ?? 0}" ver="${attr(n.version)}" rel="${attr(n.release)}"/>`,
    `  <checksum type="sha256" pkgid="YES">${p.sha256}</checksum>`,
    `  <summary>${text(p.summary)}</summary>`,
    `  <description>${text(p.description)}</description>`,
    `  <packager>${text(p.packager)}</packager>`,
    `  <url>${text(p.url)}</url>`,
    `  <time file="${p.mtime}" build="${p.buildTime}"/>`,
    `  <size package="${p.size}" installed="${p.installedSize}" archive="${p.archiveSize}"/>`,
    `  <location href="${attr(p.location)}"/>`,
    '  <format>',
    `    <rpm:license>${text(p.license)}</rpm:license>`,
    `    <rpm:vendor>${text(p.vendor)}</rpm:vendor>`,
    `    <rpm:group>${text(p.group)}</rpm:group>`,
    `    <rpm:buildhost>${text(p.buildhost)}</rpm:buildhost>`,
    `    <rpm:sourcerpm>${text(p.sourcerpm ?? '')}</rpm:sourcerpm>`,
    `    <rpm:header-range start="${p.headerStart}" end="${p.headerEnd}"/>`,
  ];
  for (const kind of blocks) {
    const deps = p.deps[kind];
    if (deps.length === 0) continue;
    lines.push(
      `    <rpm:${kind}>`,
      ...deps.map((d) => `      ${entry(d, kind === 'requires')}`),
      `    </rpm:${kind}>`,
    );
  }
  for (const f of p.files) {
    if (!isPrimaryFile(f.path)) continue;
    lines.push(`    <file${f.type === '' ? '' : ` type="${f.type}"`}>${text(f.path)}</file>`);
  }
  lines.push('  </format>', '</package>');
  return lines.join('\n');
}

/** An `rpm:entry`; a versioned one without epoch gets `epoch="0"`, as createrepo_c writes it. */
function entry(d: PrimaryDependency, requires: boolean): string {
  let s = `<rpm:entry name="${attr(d.name)}"`;
  if (d.flags !== null) s += ` flags="${d.flags}"`;
  if (d.version !== null) {
    s += ` epoch="${attr(d.epoch ?? '0')}" ver="${attr(d.version)}"`;
    if (d.release !== null) s += ` rel="${attr(d.release)}"`;
  }
  if (requires && d.pre) s += ' pre="1"';
  return `${s}/>`;
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}
