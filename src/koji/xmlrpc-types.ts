/** The values, answers and errors of the XML-RPC codec (xmlrpc.ts encodes, xmlrpc-decode.ts decodes). */
/** A value XML-RPC carries. Integers beyond 2^53 decode as `bigint`; `dateTime.iso8601` stays a string. */
export type XmlRpcValue =
  null | boolean | number | bigint | string | XmlRpcValue[] | { [key: string]: XmlRpcValue };

/** Keyword arguments of a koji call: sent as koji's `__starstar` struct. */
export type KojiKeywords = Record<string, XmlRpcValue | undefined>;

/** A fault as XML-RPC returns it. */
export interface XmlRpcFault {
  faultCode: number;
  faultString: string;
}

/** A decoded `<methodResponse>`: the one return value, or the fault. */
export type XmlRpcResponse = { ok: true; value: XmlRpcValue } | { ok: false; fault: XmlRpcFault };

/** A struct that is a fault (`system.multicall` returns them inline). */
export function asFault(value: XmlRpcValue): XmlRpcFault {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof value['faultCode'] === 'number' &&
    typeof value['faultString'] === 'string'
  )
    return { faultCode: value['faultCode'], faultString: value['faultString'] };
  throw new XmlRpcSyntaxError('a fault without an integer faultCode and a string faultString');
}

/** The document is not well-formed XML-RPC. */
export class XmlRpcSyntaxError extends Error {
  override name = 'XmlRpcSyntaxError' as const;
}
