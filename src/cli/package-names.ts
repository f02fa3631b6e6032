/**
 * Package names given on the command line (`fetch NAME…`, `install NAME…`, `--for A,B --for C`),
 * checked before anything is read: a name rpm could not have is a typo or a mixed-up option, and
 * saying so beats answering for a package that cannot exist.
 */
import { UsageError } from '../errors.js';

/** rpm's name characters; a leading `-` or `.` would be an option or a path. */
const packageName = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;

export function checkPackageNames(names: readonly string[]): void {
  for (const name of names)
    if (!packageName.test(name)) throw new UsageError(`'${name}' is not a package name`);
}

/** The names of repeatable, comma-separated `--for` (none when it is not given). */
export function forPackageNames(values: readonly string[] | undefined): string[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).filter((n) => n !== '');
  if (values !== undefined && names.length === 0) throw new UsageError('--for needs a package name');
  checkPackageNames(names);
  return names;
}
