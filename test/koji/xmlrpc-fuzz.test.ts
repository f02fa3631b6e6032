/**
 * The XML-RPC decoder against hostile answers: 2,000 seeded mutations of answers Python's
 * xmlrpc.client wrote (bytes flipped, cut, repeated, tags and entities spliced in). Each decodes or
 * is refused as the hub client refuses it (XmlRpcSyntaxError → ERR_KOJI_RESPONSE), never with a
 * foreign error, and none is slow. Plus depth and size a recursive or quadratic reader would not
 * survive.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { KojiError } from '../../src/koji/errors.js';
import { decodeResponse, XmlRpcSyntaxError } from '../../src/koji/xmlrpc.js';
import { fuzz } from '../helpers/fuzz.js';
import { systemPython } from '../helpers/tools.js';

/** Answers as koji's hub writes them: a listing, a multicall with a fault, a fault. */
function seeds(): Buffer[] {
  const code = [
    'import json, xmlrpc.client as x',
    'rpm = lambda i: {"id": i, "name": "pkg%d" % i, "version": "1.%d" % i, "release": "1.fc32", "arch": "x86_64", "epoch": None, "build_id": 100 + i, "payloadhash": "ab" * 16, "size": 1234, "buildtime": 1596073925, "extra": "<&>é"}',
    'out = [x.dumps(([[rpm(i) for i in range(6)], [{"id": 7, "name": "pkg", "nvr": "pkg-1-1"}]],), methodresponse=True, allow_none=True)]',
    'out.append(x.dumps(([[True], {"faultCode": 1000, "faultString": "GenericError"}, [[1.5, None, "s"]]],), methodresponse=True, allow_none=True))',
    'out.append(x.dumps(x.Fault(1000, "koji.GenericError: No such tagInfo"), methodresponse=True))',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(systemPython, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as string[]).map((s) => Buffer.from(s, 'utf8'));
}

const splices = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#x0;',
  '&#xD800;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?',
  '<value>',
  '</value>',
  '<struct>',
  '<member>',
  '<name>',
  '<array><data>',
  '<nil/>',
  '<i8>99999999999999999999</i8>',
  '<!DOCTYPE x>',
  '\xff',
  '/>',
];

/** As the hub client reads an answer: its syntax errors become ERR_KOJI_RESPONSE. */
function asClientReads(bytes: Buffer): void {
  try {
    decodeResponse(bytes);
  } catch (error) {
    if (error instanceof XmlRpcSyntaxError)
      throw new KojiError('ERR_KOJI_RESPONSE', error.message, { subject: 'fuzz', cause: error });
    throw error;
  }
}

test('2,000 mutated answers decode or are refused with ERR_KOJI_RESPONSE', async (t) => {
  const { refused } = await fuzz(t, {
    cases: 2000,
    seed: 2208,
    seeds: seeds(),
    limitMs: 50,
    mutate(input, rand) {
      let b = Buffer.from(input);
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const at = Math.floor(rand() * b.length);
        const op = Math.floor(rand() * 4);
        if (op === 0) b[at] = Math.floor(rand() * 256);
        else if (op === 1) b = b.subarray(0, at);
        else if (op === 2) {
          const s = Buffer.from(splices[Math.floor(rand() * splices.length)]!, 'latin1');
          b = Buffer.concat([b.subarray(0, at), s, b.subarray(at)]);
        } else {
          const end = Math.min(b.length, at + Math.floor(rand() * 200));
          b = Buffer.concat([b.subarray(0, end), b.subarray(at, end), b.subarray(end)]);
        }
      }
      return b;
    },
    attempt: asClientReads,
  });
  t.true(refused > 0);
});

test('deep nesting and long answers are refused or read without a stack overflow or quadratic time', (t) => {
  const wrap = (v: string) => `<methodResponse><params><param>${v}</param></params></methodResponse>`;
  // 100,000 nested arrays: a typed refusal, never a RangeError from the stack.
  const deep = wrap('<value><array><data>'.repeat(100_000) + '</data></array></value>'.repeat(100_000));
  const error = t.throws(() => decodeResponse(deep));
  t.true(error instanceof XmlRpcSyntaxError, String(error));
  t.regex(error.message, /nested deeper than/);
  // 200,000 struct members on one line: read in linear time.
  const members = Array.from(
    { length: 200_000 },
    (_, i) => `<member><name>k${i % 7}</name><value><int>${i}</int></value></member>`,
  );
  const started = performance.now();
  const big = decodeResponse(
    wrap(
      `<value><array><data>${members.map((m) => `<value><struct>${m}</struct></value>`).join('')}</data></array></value>`,
    ),
  );
  t.log(`200,000 structs in ${(performance.now() - started).toFixed(0)} ms`);
  t.true(big.ok && Array.isArray(big.value) && big.value.length === 200_000);
});
