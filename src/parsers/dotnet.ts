import { ParseError } from './parser.js';
import { parseXml, textOf, type RepeatedElements, type XmlNode } from './xml.js';

/** What the .NET XML formats (TRX, NUnit, xUnit.net) share: reading, names, times, traces. */

/**
 * The name of the document element in the first few KiB of an XML file, without its namespace
 * prefix; undefined when the head holds no complete start of one. Skips the BOM, the XML
 * declaration, comments, processing instructions and a DOCTYPE (internal subset included).
 */
export function xmlRootName(head: string): string | undefined {
  let at = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at]!)) at++;
    if (head.startsWith('<?', at)) at = afterNext(head, '?>', at);
    else if (head.startsWith('<!--', at)) at = afterNext(head, '-->', at);
    else if (head.startsWith('<!', at)) at = afterDoctype(head, at);
    else break;
    if (at < 0) return undefined;
  }
  const match = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head.slice(at, at + 200));
  return match?.[1];
}

/** The text of the document element's start tag (attributes included), as far as the head has it. */
export function xmlRootTag(head: string, name: string): string | undefined {
  const start = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}[\\s/>]`).exec(head);
  if (!start) return undefined;
  const end = head.indexOf('>', start.index);
  return head.slice(start.index, end < 0 ? head.length : end + 1);
}

function afterNext(text: string, token: string, from: number): number {
  const found = text.indexOf(token, from);
  return found < 0 ? -1 : found + token.length;
}

function afterDoctype(text: string, from: number): number {
  const subset = text.indexOf('[', from);
  const close = text.indexOf('>', from);
  if (close < 0) return -1;
  if (subset < 0 || subset > close) return close + 1;
  const subsetEnd = text.indexOf(']', subset);
  return subsetEnd < 0 ? -1 : afterNext(text, '>', subsetEnd);
}

/**
 * parseXml plus what .NET reports need. Characters XML 1.0 forbids (NUL and most C0 controls,
 * which test output sometimes carries straight into the file) are refused with their line, as
 * .NET's own XmlReader would. Numeric character references (`&#xD;`, which VSTest writes into
 * every multi-line stack trace) are decoded outside CDATA and comments. And elements can be
 * renamed first: parseXml keeps attributes and child elements in one object, so a child that
 * shares its parent's attribute name (xUnit's `<assembly errors="1"><errors>`) would be lost.
 */
export function parseDotnetXml(
  source: string,
  path: string,
  repeated: RepeatedElements,
  renamed: Readonly<Record<string, string>> = {},
): XmlNode {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (text.trim() === '') throw new ParseError(path, 'the file is empty');
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ParseError(
      path,
      `contains the character U+${code}, which XML does not allow`,
      lineAt(text, forbidden.index),
    );
  }
  return parseXml(rewriteMarkup(text, renamed), path, repeated);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

const MARKUP_SAFE: Record<string, string> = {
  '<': '&lt;',
  '&': '&amp;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Character references decoded and tags renamed, in one pass that leaves CDATA and comments be. */
function rewriteMarkup(text: string, renamed: Readonly<Record<string, string>>): string {
  const names = Object.keys(renamed);
  if (!text.includes('&#') && names.length === 0) return text;
  // The tag group is always there (matching nothing without names), so the groups keep their places.
  const alternatives =
    names.length > 0 ? names.map((n) => n.replace(/[.-]/g, '\\$&')).join('|') : '(?!)';
  const tags = `|<(\\/?)(${alternatives})(?=[\\s/>])`;
  const pattern = new RegExp(
    `<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<!--[\\s\\S]*?-->|&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});${tags}`,
    'g',
  );
  return text.replace(pattern, (whole, reference?: string, slash?: string, name?: string) => {
    if (name !== undefined) return `<${slash ?? ''}${renamed[name]}`;
    if (reference === undefined) return whole;
    const code = reference[0] === 'x' ? Number.parseInt(reference.slice(1), 16) : Number(reference);
    if (!allowedInXml(code)) return whole;
    const char = String.fromCodePoint(code);
    return MARKUP_SAFE[char] ?? char;
  });
}

function allowedInXml(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The document element's name and node; BOM text and the XML declaration are not elements. */
export function documentRoot(document: XmlNode): [string | undefined, XmlNode] {
  const name = Object.keys(document).find((key) => !key.startsWith('?') && key !== '#text');
  const value = name === undefined ? undefined : document[name];
  // A root whose name is also a repeated element comes as a one-item list.
  const node = Array.isArray(value) ? (value[0] as unknown) : value;
  return [name, node && typeof node === 'object' ? (node as XmlNode) : {}];
}

/** What readDotnetReport needs to know of a format. */
export interface DotnetFormat<Root extends string> {
  /** The format in errors: "an NUnit report". */
  readonly what: string;
  /** The root elements the format may have, in the order errors list them. */
  readonly roots: readonly Root[];
  readonly repeated: RepeatedElements;
  readonly renamed?: Readonly<Record<string, string>>;
}

/**
 * parseDotnetXml and documentRoot in one: the root element's name and node, or a ParseError
 * when the root is none of the format's (`not an NUnit report: the root element is <x>, not
 * <test-run>, <test-results> or <test-suite>`).
 */
export function readDotnetReport<Root extends string>(
  source: string,
  path: string,
  format: DotnetFormat<Root>,
): [Root, XmlNode] {
  const document = parseDotnetXml(source, path, format.repeated, format.renamed);
  const [rootName, root] = documentRoot(document);
  if (!format.roots.some((name) => name === rootName)) {
    const tags = format.roots.map((name) => `<${name}>`);
    const expected =
      tags.length > 1 ? `${tags.slice(0, -1).join(', ')} or ${tags[tags.length - 1]}` : tags[0];
    throw new ParseError(
      path,
      `not ${format.what}: the root element is <${rootName ?? 'none'}>, not ${expected}`,
    );
  }
  return [rootName as Root, root];
}

/** Element text with Windows line ends made plain; undefined when blank. */
export function cleanText(node: unknown): string | undefined {
  const text = textOf(node);
  if (text === undefined) return undefined;
  const plain = text.replace(/\r\n?/g, '\n');
  return plain.trim() === '' ? undefined : plain;
}

/** Output as written, without the trailing blank lines tools add. */
export function cleanOutput(parts: readonly (string | undefined)[]): string | undefined {
  const kept = parts
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .map((part) => part.replace(/^\n+|\s+$/g, ''));
  return kept.length > 0 ? kept.join('\n') : undefined;
}

/**
 * A failure's one-line message and its longer text: the whole message (when it runs over more
 * than one line, its common indentation removed) followed by the stack trace's frames.
 */
export function failureParts(
  message: string | undefined,
  stackTrace: string | undefined,
): { message?: string; details?: string } {
  const full = message === undefined ? undefined : dedent(message);
  const firstLine = full?.split('\n').find((line) => line.trim() !== '');
  // Frames are indented by however much the tool liked; they read best flush left.
  const stack = stackTrace
    ?.replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
  const parts = [full !== undefined && full.trim() !== firstLine ? full : undefined, stack].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return {
    message: firstLine?.trim(),
    details: parts.length > 0 ? parts.join('\n') : undefined,
  };
}

function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common).trimEnd()).join('\n');
}

/**
 * Seconds as .NET tools write them: "0.123", sometimes with the writer's locale ("0,123"),
 * which is why a lone comma is read as the decimal separator. Milliseconds, or undefined.
 */
export function secondsToMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const normalized = /^\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  const parsed = Number(normalized);
  return Number.isFinite(parsed) && parsed >= 0 ? Math.round(parsed * 1e6) / 1e3 : undefined;
}

/** A TimeSpan as TRX writes it, "[d.]hh:mm:ss[.fffffff]", in milliseconds. */
export function timeSpanToMs(value: string | undefined): number | undefined {
  const match = /^\s*(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)\s*$/.exec(value ?? '');
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  const total =
    Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  return Math.round(total * 1e6) / 1e3;
}

/** Milliseconds between two timestamps, when both can be read and the second is not earlier. */
export function spanMs(start: string | undefined, end: string | undefined): number | undefined {
  const from = timestamp(start);
  const to = timestamp(end);
  return from !== undefined && to !== undefined && to >= from ? to - from : undefined;
}

function timestamp(value: string | undefined): number | undefined {
  if (!value) return undefined;
  // .NET writes seven fractional digits, and NUnit "2017-04-29 20:49:41Z"; Date wants neither.
  const normalized = value
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d+/, '$1');
  const parsed = Date.parse(normalized);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Where a failing test's own code is, from a .NET stack trace. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * One frame with a location: "at Member(args) in /path/File.cs:line 42". .NET localizes the
 * three words ("en … en …:línea 42", "bei … in …:Zeile 42"), so any word is accepted there;
 * Mono writes "at Member (args) [0x0001f] in /path/File.cs:42".
 */
const MAX_FRAME_LENGTH = 2_000;
const LOCATED_FRAME = /^\s*\S+ (\S.*?\))(?: \[0x[0-9A-Fa-f]+\])? \S+ (.+):(?:\S+ )?(\d+)\s*$/;

/**
 * The frame of the test method itself (its class and method named in the frame, or the method
 * alone, or its async state machine `<Method>d__N`), else the last frame that has a location:
 * stack traces run from the throw outwards, so that is the nearest to the test. Line 0 is
 * what generated code (SpecFlow's `.feature.cs`) reports for hidden lines: no location.
 */
export function testLocation(
  stackTrace: string | undefined,
  className: string | undefined,
  methodName: string | undefined,
): SourceLocation | undefined {
  if (!stackTrace) return undefined;
  const frames: { member: string; file: string; line: number }[] = [];
  for (const text of stackTrace.split(/\r?\n/)) {
    // Real frames are short; a long line is message text, and would only make the regex crawl.
    if (text.length > MAX_FRAME_LENGTH) continue;
    const match = LOCATED_FRAME.exec(text);
    if (!match) continue;
    const line = Number(match[3]);
    if (line > 0)
      frames.push({ member: match[1]!.split('(', 1)[0]!.trim(), file: match[2]!, line });
  }
  if (frames.length === 0) return undefined;
  const method = methodName ? shortMethodName(methodName) : undefined;
  const chosen =
    (method !== undefined && className
      ? frames.find((frame) => framesMethod(frame.member, className, method))
      : undefined) ??
    (method !== undefined
      ? frames.find((frame) => framesMethod(frame.member, undefined, method))
      : undefined) ??
    frames[frames.length - 1]!;
  return { file: chosen.file, line: chosen.line };
}

/** Whether a frame's member is the method (of the class, when given), or its async/lambda body. */
function framesMethod(member: string, className: string | undefined, method: string): boolean {
  const bare = member.replace(/\[[^\]]*\]$/, '');
  const sync = className === undefined ? `.${method}` : `${className}.${method}`;
  if (bare.endsWith(sync)) {
    const before = bare.length - sync.length - 1;
    if (className === undefined || before < 0 || bare[before] === '.') return true;
  }
  const body = `.<${method}>`;
  return className === undefined
    ? bare.includes(body)
    : bare.startsWith(`${className}.`) && bare.includes(body);
}

/** "Ns.Class.Method(1, 2)" → "Method"; generic arguments and parameters dropped. */
export function shortMethodName(name: string): string {
  const bare = name.split('(', 1)[0]!.replace(/<[^<>]*>$/, '');
  return bare.slice(bare.lastIndexOf('.') + 1);
}

/** A test's name without its class in front, when the tool wrote "Ns.Class.Test". */
export function withoutClassPrefix(name: string, className: string | undefined): string {
  if (!className) return name;
  const prefix = `${className}.`;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

/** Groups tests by suite name in the order suites first appear. */
export function groupBySuite<T extends { readonly suite: string }>(
  tests: readonly T[],
): { name: string; tests: T[] }[] {
  const suites = new Map<string, T[]>();
  for (const test of tests) {
    const same = suites.get(test.suite);
    if (same) same.push(test);
    else suites.set(test.suite, [test]);
  }
  return [...suites].map(([name, grouped]) => ({ name, tests: grouped }));
}
