import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { s3Errors } from './s3-errors.ts';

/** Elements S3 request bodies repeat; always parsed as arrays so one and many look alike. */
const REPEATED = new Set(['Object', 'Part', 'Tag']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keys and tag values are strings: "007" must stay "007", and " a " keeps its spaces.
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => REPEATED.has(name),
});

export type XmlNode = Record<string, unknown>;

/**
 * Parses an S3 request document and returns its root element's children, or throws MalformedXML when
 * the text is not XML or the root is not `rootName`.
 */
export function parseXmlDocument(body: Buffer, rootName: string): XmlNode {
  const text = body.toString('utf8');
  if (text.trim() === '' || XMLValidator.validate(text) !== true) throw s3Errors.malformedXml();
  const doc = parser.parse(text) as XmlNode;
  const root = doc[rootName];
  if (root === '' || root === undefined) {
    if (rootName in doc) return {};
    throw s3Errors.malformedXml();
  }
  if (typeof root !== 'object' || root === null) throw s3Errors.malformedXml();
  return root as XmlNode;
}

/** A child element's text, or undefined; throws MalformedXML when it is a structure. */
export function textOf(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) return '';
  throw s3Errors.malformedXml();
}

/** The repeated child elements `name` as structures (an empty list when absent). */
export function listOf(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw s3Errors.malformedXml();
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : {}));
}
