import { loadedOnFirstNeed } from '../vendor/on-first-need.js';
import { ParseError } from './parser.js';
import { declaresEntities, ENTITIES_REFUSED } from './xml-stream.js';

/** Elements that may repeat; always arrays, so parsers never branch on one-vs-many. */
export type RepeatedElements = ReadonlySet<string>;

export type XmlNode = Record<string, unknown>;

/** Where parseXml puts an element's attributes when asked to keep them apart from its children. */
export const ATTRIBUTES = '@';

export interface ParseXmlOptions {
  /**
   * Put each element's attributes in an object under ATTRIBUTES instead of beside its child
   * elements, where an attribute named like a child would replace it (node:test writes
   * `<testcase failure="…"><failure>…</failure></testcase>`). Read them with `attributeOf`.
   */
  readonly attributesApart?: boolean;
}

/**
 * fast-xml-parser, which parseXml needs, loaded on first need rather than at every start
 * (~230 kB of the bundle): only TRX, NUnit, xUnit.net and JUnit files that are not well-formed
 * are read with it. The parsers that need it load it (ResultParser.load) before parsing.
 */
const fastXmlParser = loadedOnFirstNeed('fast-xml-parser', () => import('fast-xml-parser'));

export const loadXmlParser = fastXmlParser.load;

/**
 * Parses an XML report into plain objects (attributes without prefix, text under `#text`).
 * Declared entities are refused before parsing: nothing in a test report needs them, and they
 * are how entity-expansion bombs and external-entity reads get in.
 */
export function parseXml(
  source: string,
  path: string,
  repeated: RepeatedElements,
  options: ParseXmlOptions = {},
): XmlNode {
  const { XMLParser, XMLValidator } = fastXmlParser.get();
  if (declaresEntities(source)) throw new ParseError(path, ENTITIES_REFUSED);
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    throw new ParseError(path, `malformed XML: ${describeXmlError(valid.err.msg)}`, valid.err.line);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    // Also decodes numeric character references (&#10;, &#x41;), which are plain XML: without
    // it fast-xml-parser leaves them as written, and multi-line messages show "&#10;".
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => repeated.has(name),
    ...(options.attributesApart ? { attributesGroupName: ATTRIBUTES } : {}),
  });
  return parser.parse(source) as XmlNode;
}

/** The text content of an element parsed by parseXml, or undefined when it has none. */
export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) {
    const text = (node as XmlNode)['#text'];
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

export function attribute(node: unknown, name: string): string | undefined {
  if (node && typeof node === 'object') {
    const value = (node as XmlNode)[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** An attribute of an element parsed with `attributesApart`. */
export function attributeOf(node: unknown, name: string): string | undefined {
  return node && typeof node === 'object'
    ? attribute((node as XmlNode)[ATTRIBUTES], name)
    : undefined;
}

export function children(node: unknown, name: string): readonly XmlNode[] {
  if (!node || typeof node !== 'object') return NONE;
  const value = (node as XmlNode)[name];
  if (value === undefined) return NONE;
  // Repeated elements come as arrays of elements: returned as they are, not copied.
  if (Array.isArray(value) && value.every(isElement)) return value as XmlNode[];
  // Elements not declared as repeated come as a single value; text-only ones as a string.
  return (Array.isArray(value) ? value : [value]).map((item) =>
    isElement(item) ? (item as XmlNode) : { '#text': String(item ?? '') },
  );
}

/** Shared by every element without such children: most have none, and this is read per test. */
const NONE: readonly XmlNode[] = Object.freeze([]);

function isElement(item: unknown): boolean {
  return item !== null && typeof item === 'object';
}

/** fast-xml-parser reports unclosed elements as a JSON list; say what that means. */
function describeXmlError(message: string): string {
  const unclosed = /^Invalid '\[(.*)\]' found\.?$/s.exec(message);
  if (!unclosed) return message;
  const names = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
  return `the file ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed (truncated?)`;
}
