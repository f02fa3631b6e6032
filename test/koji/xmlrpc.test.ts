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

/** Python's own marshalling of `values` (koji's rule: integers past 32 bits as `<i8>`), one response each. */
function pythonResponses(values: unknown[]): string[] {
  const code = [
    'import sys, json, xmlrpc.client as x',
    'class M(x.Marshaller):',
    '    dispatch = dict(x.Marshaller.dispatch)',
    '    def dump_int(self, value, write):',
    '        if -2**31 <= value < 2**31: write("<value><int>%d</int></value>" % value)',
    '        else: write("<value><i8>%d</i8></value>" % value)',
    '    dispatch[int] = dump_int',
    'x.Marshaller = M',
    'for v in json.loads(sys.stdin.read()):',
    '    print(json.dumps(x.dumps((v,), methodresponse=True, allow_none=True)))',
  ].join('\n');
  return python(code, JSON.stringify(values))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string);
}

/** A deterministic random value of the kinds koji answers with. */
function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 6 : 8));
  const text = () =>
    Array.from(
      { length: Math.floor(next() * 12) },
      () =>
        ['a', 'Z', '9', '<', '&', '>', '"', "'", ' ', 'é', '漢', '\n', ']]>', '😀'][Math.floor(next() * 14)],
    ).join('');
  switch (kind) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor((next() - 0.5) * 2 ** 33);
    case 3:
      return Math.round((next() - 0.5) * 1e9) / 1000;
    case 4:
    case 5:
      return text();
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, (_, i) => [
          `${text()}k${i}`,
          randomValue(next, depth + 1),
        ]),
      );
  }
}

test('whatever Python marshals, we decode to the same value (500 random answers)', (t) => {
  let seed = 22;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const values = Array.from({ length: 500 }, () => randomValue(next, 0));
  const xml = pythonResponses(values);
  for (let i = 0; i < values.length; i++) {
    const fromBytes = decodeResponse(Buffer.from(xml[i]!, 'utf8'));
    t.deepEqual(fromBytes, { ok: true, value: values[i] as never }, xml[i]);
    t.deepEqual(decodeResponse(xml[i]!), fromBytes);
  }
});

test('XML forms Python does not write but XML allows decode as XML says; what XML refuses is refused', (t) => {
  const wrap = (v: string) =>
    `<?xml version="1.0"?>\n<!-- c --><methodResponse>\n <params>\n  <param>\n   ${v}\n  </param>\n </params>\n</methodResponse>\n`;
  const ok = (v: string) => {
    const r = decodeResponse(wrap(v));
    return r.ok ? r.value : r.fault;
  };
  t.is(ok('<value/>'), '');
  t.is(ok('<value></value>'), '');
  t.is(ok('<value><string/></value>'), '');
  t.is(ok('<value> untyped &amp; spaced </value>'), ' untyped & spaced ');
  t.is(ok('<value><string><![CDATA[a<b>&c]]> and &#x263A;&#9731;</string></value>'), 'a<b>&c and ☺☃');
  t.is(ok('<value>\n <int> 42 </int>\n</value>'), 42);
  t.is(ok('<value><nil/></value>'), null);
  t.deepEqual(ok('<value><array><data/></array></value>'), []);
  t.deepEqual(ok('<value><struct/></value>'), {});
  t.deepEqual(
    ok(
      '<value><array>\n<data>\n<value><i4>1</i4></value><!-- between --><value>x</value>\n</data>\n</array></value>',
    ),
    [1, 'x'],
  );
  // A member named __proto__ is an own key, and the prototype is untouched.
  const proto = ok(
    '<value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value>',
  ) as Record<string, unknown>;
  t.deepEqual(Object.keys(proto), ['__proto__']);
  t.is(Object.getPrototypeOf(proto), Object.prototype);
  // Refused: what is not XML, or not XML-RPC.
  for (const bad of [
    '<value><string>a & b</string></value>',
    '<value><string>&nbsp;</string></value>',
    '<value><string>a<b/></string></value>',
    '<value><int>1</int><int>2</int></value>',
    '<value>text<int>1</int></value>',
    '<value><struct><member><value>1</value></member></struct></value>',
    '<value><struct><member><name>a</name></member></struct></value>',
    '<value><array><value>1</value></array></value>',
    '<value><array/></value>',
    '<value><string>unclosed</value>',
    '<value><string><![CDATA[unclosed</string></value>',
    '<value><float>1</float></value>',
  ])
    t.throws(() => decodeResponse(wrap(bad)), { name: 'XmlRpcSyntaxError' }, bad);
  t.throws(() => decodeResponse('<!DOCTYPE x [<!ENTITY a "b">]>' + wrap('<value>&a;</value>').slice(22)), {
    name: 'XmlRpcSyntaxError',
    message: /DOCTYPE/,
  });
  t.throws(() => decodeResponse(wrap('<value>1</value>') + '<extra/>'), { name: 'XmlRpcSyntaxError' });
  t.throws(() => decodeResponse(wrap('<value>1</value></param><param><value>2</value>')), {
    name: 'XmlRpcSyntaxError',
  });
  t.throws(
    () => decodeResponse(Buffer.from([...Buffer.from(wrap('<value>')), 0xff, ...Buffer.from('</value>')])),
    {
      name: 'XmlRpcSyntaxError',
      message: /UTF-8/,
    },
  );
  t.throws(() => decodeResponse(''), { name: 'XmlRpcSyntaxError' });
});
