import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/** Stable codes of {@link InstallError}. */
export type InstallErrorCode =
  /** `rpm-ostree install` or `dnf install` exited non-zero or was killed. */
  | 'ERR_INSTALL_COMMAND'
  /** `rpm-ostree status --json` failed, or rpm-ostree/dnf is not on PATH. */
  | 'ERR_INSTALL_TOOL'
  /** A signal (SIGINT/SIGTERM) stopped the install; every file it created was removed. */
  | 'ERR_INSTALL_INTERRUPTED'
  /** The journal an interrupted run left is not one this program wrote. */
  | 'ERR_INSTALL_JOURNAL';

const categories: Record<InstallErrorCode, ErrorCategory> = {
  ERR_INSTALL_COMMAND: 'internal',
  ERR_INSTALL_TOOL: 'internal',
  ERR_INSTALL_INTERRUPTED: 'internal',
  ERR_INSTALL_JOURNAL: 'input',
};

/** `compose-match install` failed outside matching and fetching. `subject` is the command or file. */
export class InstallError extends ComposeMatchError {
  override name = 'InstallError' as const;
  declare readonly code: InstallErrorCode;

  constructor(code: InstallErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, categories[code], options);
  }
}
