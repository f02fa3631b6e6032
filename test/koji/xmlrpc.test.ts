import test from 'ava';
import { spawnSync } from 'node:child_process';
import { decodeResponse, encodeCall } from '../../src/koji/xmlrpc.js';
import { systemPython } from '../helpers/tools.js';

/** Python's xmlrpc.client (with koji's i8 rule) reads what we send, and writes what we read. */
function python(code: string, input = ''): string {
  const r = spawnSync(systemPython, ['-c', code], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

test('a call with koji keywords decodes in Python as args plus a __starstar dict', (t) => {
  const xml = encodeCall('listTaggedRPMS', ['f32-updates'], {
    event: 40000017,
    latest: true,
    arch: ['x86_64', 'noarch'],
    package: undefined,
    before: 1596073925.5,
    big: 2 ** 40,
    nothing: null,
    text: 'a<b&c>d é',
  });
  const out = python(
    'import sys, json, xmlrpc.client as x\nargs, m = x.loads(sys.stdin.read())\nprint(json.dumps([m, args], sort_keys=True))',
    xml,
  );
  t.deepEqual(JSON.parse(out), [
    'listTaggedRPMS',
    [
      'f32-updates',
      {
        __starstar: true,
        arch: ['x86_64', 'noarch'],
        before: 1596073925.5,
        big: 2 ** 40,
        event: 40000017,
        latest: true,
        nothing: null,
        text: 'a<b&c>d é',
      },
    ],
  ]);
});

test('responses as Python writes them: nil, i8, doubles, nested structs, escapes', (t) => {
  const xml = python(
    'import xmlrpc.client as x\nprint(x.dumps(([{"id": 1, "ts": 1596073925.123456, "sigkey": None, "s": "<&>"}, [True, "plain"]],), methodresponse=True, allow_none=True))',
  );
  const decoded = decodeResponse(xml);
  t.deepEqual(decoded, {
    ok: true,
    value: [{ id: 1, ts: 1596073925.123456, sigkey: null, s: '<&>' }, [true, 'plain']],
  });
  const i8 = decodeResponse(
    '<?xml version="1.0"?><methodResponse><params><param><value><array><data><value><i8>3500000000</i8></value><value><i8>9223372036854775807</i8></value><value>untyped</value></data></array></value></param></params></methodResponse>',
  );
  t.deepEqual(i8, { ok: true, value: [3500000000, 9223372036854775807n, 'untyped'] });
});

test('a fault is returned as a fault, and broken documents are refused', (t) => {
  const xml = python(
    'import xmlrpc.client as x\nprint(x.dumps(x.Fault(1000, "koji.GenericError: No such tagInfo: \'f99\'"), methodresponse=True))',
  );
  t.deepEqual(decodeResponse(xml), {
    ok: false,
    fault: { faultCode: 1000, faultString: "koji.GenericError: No such tagInfo: 'f99'" },
  });
  t.throws(() => decodeResponse('<html>502 Bad Gateway</html>'), { name: 'XmlRpcSyntaxError' });
  t.throws(
    () =>
      decodeResponse(
        '<methodResponse><params><param><value><string>&xxe;</string></value></param></params></methodResponse>',
      ),
    { name: 'XmlRpcSyntaxError' },
  );
  t.throws(
    () =>
      decodeResponse(
        '<methodResponse><params><param><value><int>1.5</int></value></param></params></methodResponse>',
      ),
    { name: 'XmlRpcSyntaxError' },
  );
});
