/** `firstIssueText`: where a JSON value fails its schema, as the index and productmd errors say it. */
import test from 'ava';
import { z } from 'zod';
import { firstIssueText, type SafeParser } from '../src/schema-issue.js';

const issuesOf = <T>(schema: SafeParser<T>, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failed parse');
  return r.error.issues;
};

test('the first issue, by its dotted path, or (root) for the value itself', (t) => {
  const schema = z.object({ streams: z.array(z.object({ key: z.string() })) });
  t.is(
    firstIssueText(issuesOf(schema, { streams: [{ key: 'a' }, { key: 2 }] })),
    ` at streams.1.key: ${issuesOf(schema, { streams: [{ key: 2 }] })[0]!.message}`,
  );
  t.regex(firstIssueText(issuesOf(schema, 'x')), /^ at \(root\): ./);
  t.is(firstIssueText([]), '');
});
