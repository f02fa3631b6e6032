/**
 * rpm itself as the oracle: one `/usr/bin/python3` process with python3-rpm answers a whole batch of
 * questions read as JSON from stdin, so 12,000 comparisons cost one process, not 12,000.
 */
import { spawnSync } from 'node:child_process';
import { systemPython } from './tools.js';

/** Questions for rpm, each a list answered in order. */
export interface OracleRequest {
  /**
   * `rpmvercmp(a, b)`, through `rpm.labelCompare(('0', '1', a), ('0', '1', b))`: the release slot,
   * because rpm 4.18's labelCompare rejects an empty version but compares any two releases with
   * rpmvercmp.
   */
  vercmp?: readonly (readonly [string, string])[];
  /** `[E:]V[-R]` strings parsed by rpm and ordered by `rpmverCmp` (`rpm.ver` comparison). */
  ver?: readonly (readonly [string, string])[];
  /** `rpm.labelCompare((e, v, r), (e, v, r))`, `null` parts passed as `None`. */
  label?: readonly (readonly [LabelTuple, LabelTuple])[];
  /** `rpm.ds` provide vs require `Compare` (rpmdsCompare): do the ranges overlap? flags are RPMSENSE bits. */
  overlap?: readonly (readonly [DsTuple, DsTuple])[];
}

/** (epoch, version, release) as labelCompare takes it. */
export type LabelTuple = readonly [string | null, string, string | null];
/** (RPMSENSE flags, EVR) of a dependency named `p`. */
export type DsTuple = readonly [number, string];

/** rpm's answers, index for index. */
export interface OracleResponse {
  vercmp: number[];
  ver: number[];
  label: number[];
  overlap: boolean[];
}

const SCRIPT = String.raw`
import json, sys, rpm
req = json.loads(sys.stdin.buffer.read().decode('utf-8'))
def ver(a, b):
    x, y = rpm.ver(a), rpm.ver(b)
    return (x > y) - (x < y)
def ds(p, r):
    provide = rpm.ds(('p', p[0], p[1]), rpm.RPMTAG_PROVIDENAME)
    require = rpm.ds(('p', r[0], r[1]), rpm.RPMTAG_REQUIRENAME)
    return bool(provide.Compare(require))
out = {
    'vercmp': [rpm.labelCompare(('0', '1', a), ('0', '1', b)) for a, b in req.get('vercmp', [])],
    'ver': [ver(a, b) for a, b in req.get('ver', [])],
    'label': [rpm.labelCompare(tuple(a), tuple(b)) for a, b in req.get('label', [])],
    'overlap': [ds(p, r) for p, r in req.get('overlap', [])],
}
sys.stdout.write(json.dumps(out))
`;

/** Asks rpm (python3-rpm) everything in `request` in one process. */
export function askRpm(request: OracleRequest): OracleResponse {
  const result = spawnSync(systemPython, ['-c', SCRIPT], {
    input: JSON.stringify(request),
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`rpm oracle failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as OracleResponse;
}
