/**
 * What the readers of a JSON file take from zod when they validate it: a schema as far as they use
 * it (so a caller passes any zod schema without naming zod's types), and the first issue as the
 * part of an error message that says where the value is wrong.
 */

/** One issue of a failed parse: the path to the field and what is wrong with it. */
export interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

/** A schema's `safeParse`, as the readers use it. */
export interface SafeParser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: SchemaIssue[] } };
}

/** ` at a.b: message` for the first issue (`(root)` for the value itself); '' when there is none. */
export function firstIssueText(issues: readonly SchemaIssue[]): string {
  const issue = issues[0];
  return issue === undefined ? '' : ` at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}
