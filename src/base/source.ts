/** The base sources `readBaseImage` accepts (DESIGN.md "base source") and its options. */
import type { Fetcher } from '../io/fetcher.js';

/** Read an OSTree repo (local path, `file://`, `http(s)://`) at a ref or a commit checksum. */
export interface OstreeBaseSource {
  /** Discriminant. */
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
  /** Discriminant. */
  kind: 'status';
  /** Path or URL of the file; give this or `text`. */
  file?: string | undefined;
  /** The file's content (`-`: standard input); give this or `file`. */
  text?: string | undefined;
  /**
   * Which deployment: an index, `booted` (the default), `pending` (the one listed before the
   * booted one, which the next boot uses) or `cached-update` (the update rpm-ostree has found but
   * not deployed; for an image deployment it is read from the registry by its manifest digest).
   */
  deployment?: StatusDeploymentChoice | undefined;
  /**
   * The host's OSTree repo (`/ostree/repo`; a local path or `file://` URL). Needed for an image
   * deployment, whose status records neither repos nor packages: its original commit (and, as a
   * last resort, the deployment's rpm database beside the repo) is read from there. Never
   * defaulted, and the deployment's checksum must be in it, so a status from one host is not read
   * against another host's repo.
   */
  ostreeRepo?: string | undefined;
  /** For a cached image update read from its registry: the manifest to pick from an index. */
  arch?: string | undefined;
}

/** A deployment of `rpm-ostree status --json`: an index or a role. */
export type StatusDeploymentChoice = number | 'booted' | 'pending' | 'cached-update';

/** A coreos-assembler `commitmeta.json`, from a file or as text. */
export interface CommitmetaBaseSource {
  /** Discriminant. */
  kind: 'commitmeta';
  /** Path or URL of the file; give this or `text`. */
  file?: string | undefined;
  /** The file's content (`-`: standard input); give this or `file`. */
  text?: string | undefined;
}

/** An `rpm -qa` list (one NEVRA per line), from a file or as text. */
export interface PkglistBaseSource {
  /** Discriminant. */
  kind: 'pkglist';
  /** Path or URL of the file; give this or `text`. */
  file?: string | undefined;
  /** The file's content (`-`: standard input); give this or `file`. */
  text?: string | undefined;
}

/**
 * A filesystem tree (`/` inside a Containerfile `RUN`, a mounted image, a deployment checkout):
 * packages from its rpm database, version from its `usr/lib/os-release`.
 */
export interface RootBaseSource {
  /** Discriminant. */
  kind: 'root';
  /** The root directory (a local path). */
  dir: string;
}

/** A container image (`oci:DIR[:TAG]`, `oci-archive:FILE[:TAG]`): its ostree commit and rpm database. */
export interface ImageBaseSource {
  /** Discriminant. */
  kind: 'image';
  /** The image reference. */
  reference: string;
  /** rpm or GOARCH architecture of the manifest to pick from an index; default the host's. */
  arch?: string | undefined;
}

/** Where to read a base image from (DESIGN.md "base source"). */
export type BaseSource =
  | OstreeBaseSource
  | StatusBaseSource
  | CommitmetaBaseSource
  | PkglistBaseSource
  | RootBaseSource
  | ImageBaseSource;

/** Options of `readBaseImage`. */
export interface ReadBaseImageOptions {
  /**
   * Reads files and URLs. Default: a fresh `createFetcher()` (file, http and https URLs, no disk
   * cache), closed before `readBaseImage` returns. Pass one to share connections, add a cache, or
   * read from elsewhere (any {@link Fetcher}).
   */
  fetcher?: Fetcher | undefined;
  /** Directory relative paths are resolved against (default: the working directory). */
  cwd?: string | undefined;
  /**
   * Environment for a `docker://` image's credential lookup (`REGISTRY_AUTH_FILE`,
   * `XDG_RUNTIME_DIR`, `HOME`; default `process.env`).
   */
  env?: NodeJS.ProcessEnv | undefined;
  /**
   * Return what the source itself records when the rest needs another source, instead of refusing:
   * an image deployment in a status without its host repo gives the image reference, digest and
   * version, no repos or packages, and a note saying they need `--ostree-repo`. For `inspect`; a
   * match needs the full base. Default false.
   */
  partial?: boolean | undefined;
}
