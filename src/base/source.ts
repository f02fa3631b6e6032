import type { Fetcher } from '../io/fetcher.js';

/** Read an OSTree repo (local path, `file://`, `http(s)://`) at a ref or a commit checksum. */
export interface OstreeBaseSource {
  kind: 'ostree';
  /** Directory path or URL of the repository. */
  repo: string;
  /** Ref (`fedora/x86_64/coreos/stable`, `remote:ref`); give this or `commit`. */
  ref?: string | undefined;
  /** Commit checksum (64 hex digits); give this or `ref`. */
  commit?: string | undefined;
}

/** `rpm-ostree status --json` output, from a file or as text. */
export interface StatusBaseSource {
  kind: 'status';
  file?: string | undefined;
  text?: string | undefined;
  /** Deployment index; default: the booted one. */
  deployment?: number | undefined;
}

/** A coreos-assembler `commitmeta.json`, from a file or as text. */
export interface CommitmetaBaseSource {
  kind: 'commitmeta';
  file?: string | undefined;
  text?: string | undefined;
}

/** An `rpm -qa` list (one NEVRA per line), from a file or as text. */
export interface PkglistBaseSource {
  kind: 'pkglist';
  file?: string | undefined;
  text?: string | undefined;
}

/** Where to read a base image from (DESIGN.md "base source"). */
export type BaseSource = OstreeBaseSource | StatusBaseSource | CommitmetaBaseSource | PkglistBaseSource;

/** Options of `readBaseImage`. */
export interface ReadBaseImageOptions {
  /**
   * Reads files and URLs. Default: a file fetcher for local paths; HTTP(S) repos need one passed
   * in (the project's HTTP fetcher, or any other {@link Fetcher}).
   */
  fetcher?: Fetcher | undefined;
  /** Directory relative paths are resolved against (default: the working directory). */
  cwd?: string | undefined;
}
