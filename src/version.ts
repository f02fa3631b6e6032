/** The package version, sent in the User-Agent and printed by `--version`. Kept in step with package.json by a test. */
export const version = '0.1.0';
