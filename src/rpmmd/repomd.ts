/**
 * repomd.xml: the small index of a yum repository (FACTS.md §7). Parsed whole with fast-xml-parser,
 * with every value kept as a string (no number conversion: `1.10` must not become `1.1`) and no
 * entity expansion (a DOCTYPE is refused before parsing).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RepodataError } from './errors.js';
import type { RepoChecksum, Repomd, RepomdRecord } from './repomd-types.js';
import { decodeXmlText, rejectDoctype } from './xml-text.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => name === 'data',
});

type Node = Record<string, unknown>;

/**
 * Parses repomd.xml text. Throws a {@link RepodataError} (`ERR_REPOMD_INVALID`, `ERR_XML_ENTITY`)
 * when it is not well-formed, declares a DOCTYPE, or a record lacks `location`, `checksum` or
 * `timestamp`.
 *
 * @param subject - the URL or file, for error messages
 * @example
 * ```ts
 * const repomd = parseRepomd(await fetchText(fetcher, `${repoUrl}repodata/repomd.xml`));
 * repomd.largestTimestamp; // what rpm-ostree records as the repo's timestamp
 * ```
 */
export function parseRepomd(xml: string, subject?: string): Repomd {
  rejectDoctype(xml, subject);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw invalid(`not well-formed XML (${valid.err.msg}, line ${valid.err.line})`, subject);
  }
  const doc = parser.parse(xml) as Node;
  const root = doc['repomd'];
  if (root === undefined || typeof root !== 'object' || root === null) {
    throw invalid('no <repomd> root element', subject);
  }
  const repomd = root as Node;
  const revisionText = text(repomd['revision']);
  const records = ((repomd['data'] as unknown[] | undefined) ?? []).map((data, index) =>
    record(data, index, subject),
  );
  const largestTimestamp = records.reduce((max, r) => Math.max(max, r.timestamp), 0);
  return {
    revision: revisionText === null ? null : decodeXmlText(revisionText, subject),
    records,
    largestTimestamp,
  };
}

/** The record of `type` (`primary`, `updateinfo`, …), or `undefined`. */
export function findRecord(repomd: Repomd, type: string): RepomdRecord | undefined {
  return repomd.records.find((r) => r.type === type);
}

function record(data: unknown, index: number, subject: string | undefined): RepomdRecord {
  if (typeof data !== 'object' || data === null) throw invalid(`<data> #${index + 1} is empty`, subject);
  const node = data as Node;
  const type = attr(node, 'type');
  const where = `<data type="${type ?? '?'}">`;
  if (type === null) throw invalid(`<data> #${index + 1} has no type attribute`, subject);
  const locationNode = node['location'];
  const location =
    typeof locationNode === 'object' && locationNode !== null ? attr(locationNode as Node, 'href') : null;
  if (location === null || location === '') throw invalid(`${where} has no <location href>`, subject);
  const checksum = checksumOf(node['checksum'], subject);
  if (checksum === null) throw invalid(`${where} has no <checksum type>`, subject);
  const timestampText = text(node['timestamp']);
  const timestamp = integer(timestampText, `${where} <timestamp>`, subject);
  if (timestamp === null) throw invalid(`${where} has no <timestamp>`, subject);
  return {
    type: decodeXmlText(type, subject),
    location: decodeXmlText(location, subject),
    checksum,
    openChecksum: checksumOf(node['open-checksum'], subject),
    timestamp,
    size: integer(text(node['size']), `${where} <size>`, subject),
    openSize: integer(text(node['open-size']), `${where} <open-size>`, subject),
  };
}

function checksumOf(value: unknown, subject: string | undefined): RepoChecksum | null {
  if (typeof value !== 'object' || value === null) return null;
  const node = value as Node;
  const type = attr(node, 'type');
  const hex = text(node);
  if (type === null || hex === null) return null;
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw invalid(`checksum '${hex}' is not hex`, subject);
  return { type, value: hex.toLowerCase() };
}

function attr(node: Node, name: string): string | null {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const inner = (value as Node)['#text'];
    if (typeof inner === 'string') return inner;
  }
  return null;
}

function integer(value: string | null, what: string, subject: string | undefined): number | null {
  if (value === null) return null;
  if (!/^[0-9]{1,15}$/.test(value)) throw invalid(`${what} '${value}' is not a whole number`, subject);
  return Number(value);
}

function invalid(detail: string, subject: string | undefined): RepodataError {
  return new RepodataError(
    'ERR_REPOMD_INVALID',
    `Invalid repomd.xml${subject === undefined ? '' : ` ${subject}`}: ${detail}`,
    {
      subject,
    },
  );
}
