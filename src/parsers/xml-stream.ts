/**
 * A streaming XML tokenizer: text goes in as chunks, tags and texts come out as calls, and the
 * document never exists whole. Written for reports of 100,000 tests, where the general-purpose
 * streaming parsers (saxes, htmlparser2, ltx) each took ~250 ms for the 25 MB file of
 * ../shared/bench/gen-junit.py 100000, stepping through a state machine character by character;
 * this one jumps between delimiters with indexOf and reads names and values with charCode
 * loops: ~150 ms on the same file, and a test's kept strings no longer pin chunks of the file.
 *
 * It checks what a report reader needs to trust a file: tags nest and close, attributes are
 * quoted and unique, entities are the five predefined ones or character references, no
 * characters XML forbids, one root. It does not read a DTD: a document that declares entities
 * is the caller's to refuse (the `doctype` event), and an entity it does not know is an error,
 * so neither entity expansion nor external entities can happen.
 */

import { ParseError } from './parser.js';

export interface XmlEvents {
  /** An element starts; `selfClosing` elements get no closeTag call. */
  openTag(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  closeTag(name: string): void;
  /** Character data, entities decoded, CDATA included; one text may come in several calls. */
  text(text: string): void;
  /** The DOCTYPE declaration's inner text (`<!DOCTYPE ...>` without the brackets). */
  doctype(declaration: string): void;
}

/**
 * Why a document that declares entities is refused, by every XML reader of the action: nothing
 * in a report needs them, and they are how entity-expansion bombs and external reads get in.
 */
export const ENTITIES_REFUSED = 'declares XML entities (<!ENTITY>), which are not read for safety';

/** Whether a DOCTYPE (or a document's head) declares entities. */
export function declaresEntities(text: string): boolean {
  return /<!ENTITY/i.test(text);
}

/**
 * Runs a step of a tokenizer reading the file at `path`, turning its syntax error into that
 * file's ParseError with the line.
 */
export function withParseErrors(path: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      throw new ParseError(path, `malformed XML: ${error.message}`, error.line);
    }
    throw error;
  }
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the document where the error is. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Characters XML 1.0 does not allow anywhere in a document. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const [GT, SLASH, EQUALS, QUOTE, APOSTROPHE] = ['>', '/', '=', '"', "'"].map((c) =>
  c.charCodeAt(0),
);
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&([^;&<\s]*);?/g;
/** What a text may end with and still be cut there: not inside `&...;`, nor a `\r` before `\n`. */
const UNSAFE_TAIL = /&[^;]{0,12}$|\r$/;

export class XmlTokenizer {
  readonly #events: XmlEvents;
  /** Text not yet consumed; it starts at document line #line. */
  #buffer = '';
  #line = 1;
  #open: string[] = [];
  #seenRoot = false;
  #ended = false;
  /** Where to resume looking for the end of an incomplete construct, from its start. */
  #resumeAt = -1;
  /** Inside a CDATA section that continues past the buffer. */
  #inCdata = false;
  /** The element names seen so far, each with what its last element held (ElementMemory). */
  readonly #elements: ElementMemory[] = [];

  constructor(events: XmlEvents) {
    this.#events = events;
  }

  /** The line the tokenizer is at: for callers that refuse what they were just told. */
  get line(): number {
    return this.#line;
  }

  write(chunk: string): void {
    if (this.#ended) throw new Error('write after end');
    const forbidden = firstForbidden(chunk);
    this.#buffer = this.#buffer === '' ? chunk : this.#buffer + chunk;
    if (forbidden) {
      // Everything before it is read first, so that an earlier error is the one reported.
      const charactersAfter = chunk.length - forbidden.index;
      this.#consume(this.#buffer.length - charactersAfter);
      const code = forbidden.code.toString(16).toUpperCase().padStart(4, '0');
      this.#fail(`disallowed character U+${code}`, this.#buffer.length - charactersAfter);
    }
    this.#consume(this.#buffer.length);
  }

  /** The document is complete: fails when it stops inside a construct or has no root. */
  end(): void {
    this.#ended = true;
    this.#consume(this.#buffer.length, true);
    const rest = this.#buffer;
    // A tag cut short counts among those left open: it is where the file stops.
    const cutEnd = /^<[^!?/]/.test(rest) ? nameEndAt(rest, 1, rest.length) : 1;
    const cutTag = cutEnd > 1 ? rest.slice(1, cutEnd) : undefined;
    const open = [...this.#open, ...(cutTag ? [cutTag] : [])].map((name) => `<${name}>`);
    if (open.length > 0) {
      this.#fail(
        `the file ends before ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} closed (truncated?)`,
        rest.length,
      );
    }
    if (rest.trim() !== '') this.#fail('the file ends inside markup (truncated?)', rest.length);
    if (!this.#seenRoot) this.#fail('there is no root element', rest.length);
  }

  /** Reads constructs that end before `limit`; keeps an incomplete one for the next chunk. */
  #consume(limit: number, final = false): void {
    const buffer = this.#buffer;
    let index = 0;
    if (this.#inCdata) index = this.#cdataBody(buffer, 0, limit);
    while (index < limit && !this.#inCdata) {
      const lt = buffer.indexOf('<', index);
      if (lt === -1 || lt >= limit) {
        index = this.#textUpTo(buffer, index, limit, final);
        break;
      }
      if (lt > index) this.#text(buffer, index, lt);
      const next = this.#markup(buffer, lt, limit);
      if (next === -1) {
        index = lt;
        break;
      }
      index = next;
    }
    this.#drop(index);
  }

  /** Text up to `limit` with no markup after it yet: handed on except a tail that may continue. */
  #textUpTo(buffer: string, start: number, limit: number, final: boolean): number {
    let end = limit;
    if (!final) {
      const tail = UNSAFE_TAIL.exec(buffer.slice(Math.max(start, limit - 13), limit));
      if (tail) end = limit - tail[0].length;
    }
    if (end > start) this.#text(buffer, start, end);
    return end;
  }

  #text(buffer: string, start: number, end: number): void {
    const raw = buffer.slice(start, end);
    if (this.#open.length === 0) {
      const content = raw.search(/\S/);
      if (content !== -1) this.#fail('text outside the root element', start + content);
      return;
    }
    const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    this.#events.text(detach(this.#decode(text, start)));
  }

  /** The construct at `lt`; returns where it ends, or -1 when it continues past `limit`. */
  #markup(buffer: string, lt: number, limit: number): number {
    const next = buffer.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) return this.#closeTag(buffer, lt, limit);
    if (next === 0x21 /* ! */) {
      if (buffer.startsWith('<!--', lt)) return this.#skipPast(buffer, '-->', lt + 4, lt, limit);
      if (buffer.startsWith('<![CDATA[', lt)) {
        if (this.#open.length === 0) this.#fail('CDATA outside the root element', lt);
        this.#inCdata = true;
        return this.#cdataBody(buffer, lt + 9, limit);
      }
      if (buffer.startsWith('<!DOCTYPE', lt)) return this.#doctype(buffer, lt, limit);
      if (lt + 9 > limit) return -1;
      this.#fail('markup that is not a comment, CDATA or DOCTYPE', lt);
    }
    if (next === 0x3f /* ? */) return this.#skipPast(buffer, '?>', lt + 2, lt, limit);
    if (lt + 1 >= limit) return -1;
    return this.#openTag(buffer, lt, limit);
  }

  #closeTag(buffer: string, lt: number, limit: number): number {
    const gt = buffer.indexOf('>', lt + 2);
    if (gt === -1 || gt >= limit) return -1;
    const expected = this.#open[this.#open.length - 1];
    const name =
      expected !== undefined &&
      gt === lt + 2 + expected.length &&
      buffer.startsWith(expected, lt + 2)
        ? expected
        : buffer.slice(lt + 2, gt).trimEnd();
    if (name !== expected) {
      this.#fail(
        expected === undefined
          ? `unexpected close tag </${name}>`
          : `</${name}> closes <${expected}>`,
        lt,
      );
    }
    this.#open.pop();
    this.#events.closeTag(name);
    return gt + 1;
  }

  #openTag(buffer: string, lt: number, limit: number): number {
    // A tag cut by the end of the chunk is read again whole from the next one; until a `>` has
    // arrived at all, the attempt is not worth making (a huge attribute value spans many chunks).
    if (this.#resumeAt >= 0) {
      const gt = buffer.indexOf('>', this.#resumeAt + lt);
      if (gt === -1 || gt >= limit) {
        this.#resumeAt = limit - lt;
        return -1;
      }
    }
    const attributes: Record<string, string> = {};
    // No value may hold a '<': the first one after the tag's start is found once, not per value.
    const nextLessThan = buffer.indexOf('<', lt + 1);
    let index = lt + 1;
    const nameEnd = nameEndAt(buffer, index, limit);
    if (nameEnd === index) this.#fail('disallowed character in tag name', index);
    const element = this.#element(buffer, index, nameEnd);
    const name = element.name;
    index = nameEnd;
    for (let position = 0; ; position++) {
      const spaceStart = index;
      index = skipSpace(buffer, index, limit);
      if (index >= limit) return this.#incomplete(lt, limit);
      const code = buffer.charCodeAt(index);
      if (code === GT) return this.#emitOpen(name, attributes, false, lt, index + 1);
      if (code === SLASH) {
        if (index + 1 >= limit) return this.#incomplete(lt, limit);
        if (buffer.charCodeAt(index + 1) !== GT)
          this.#fail("'/' in a tag not followed by '>'", index);
        return this.#emitOpen(name, attributes, true, lt, index + 2);
      }
      if (index === spaceStart) this.#fail('no whitespace between attributes', index);
      const keyEnd = nameEndAt(buffer, index, limit);
      if (keyEnd === index) this.#fail('disallowed character in attribute name', index);
      const key = attributeName(element, buffer, index, keyEnd, position);
      index = skipSpace(buffer, keyEnd, limit);
      if (index >= limit) return this.#incomplete(lt, limit);
      if (buffer.charCodeAt(index) !== EQUALS) this.#fail('attribute without value', index);
      index = skipSpace(buffer, index + 1, limit);
      if (index >= limit) return this.#incomplete(lt, limit);
      const quote = buffer.charCodeAt(index);
      if (quote !== QUOTE && quote !== APOSTROPHE) this.#fail('unquoted attribute value', index);
      const close = buffer.indexOf(quote === QUOTE ? '"' : "'", index + 1);
      if (close === -1 || close >= limit) return this.#incomplete(lt, limit);
      if (nextLessThan !== -1 && nextLessThan < close) {
        this.#fail("disallowed character '<' in an attribute value", nextLessThan);
      }
      const raw = buffer.slice(index + 1, close);
      if (Object.hasOwn(attributes, key)) this.#fail(`duplicate attribute ${key}`, index);
      attributes[key] = this.#attributeValue(element, position, raw, index + 1);
      index = close + 1;
    }
  }

  #element(buffer: string, start: number, end: number): ElementMemory {
    const elements = this.#elements;
    for (let index = 0; index < elements.length; index++) {
      const known = elements[index]!;
      if (known.name.length === end - start && buffer.startsWith(known.name, start)) return known;
    }
    const element: ElementMemory = {
      name: buffer.slice(start, end),
      keys: [],
      raws: [],
      values: [],
    };
    // A hostile file may name thousands of elements: past these, names are not remembered.
    if (elements.length < MAX_REMEMBERED) elements.push(element);
    return element;
  }

  /**
   * Consecutive elements repeat values (every <testcase> of a class names its class and file):
   * a value equal to the one at the same place of the previous element of the same name is
   * that same string, kept once.
   */
  #attributeValue(element: ElementMemory, position: number, raw: string, offset: number): string {
    if (element.raws[position] === raw) return element.values[position]!;
    const value = detach(this.#decode(normalizeAttribute(raw), offset));
    if (position < MAX_REMEMBERED) {
      element.raws[position] = value === raw ? value : detach(raw);
      element.values[position] = value;
    }
    return value;
  }

  #emitOpen(
    name: string,
    attributes: Record<string, string>,
    selfClosing: boolean,
    lt: number,
    end: number,
  ): number {
    this.#resumeAt = -1;
    if (this.#open.length === 0) {
      if (this.#seenRoot) this.#fail('more than one root element', lt);
      this.#seenRoot = true;
    }
    if (!selfClosing) this.#open.push(name);
    this.#events.openTag(name, attributes, selfClosing);
    return end;
  }

  #incomplete(lt: number, limit: number): number {
    this.#resumeAt = limit - lt;
    return -1;
  }

  #skipPast(buffer: string, terminator: string, from: number, lt: number, limit: number): number {
    const start = this.#resumeAt >= 0 ? this.#resumeAt + lt : from;
    const end = buffer.indexOf(terminator, start);
    if (end === -1 || end + terminator.length > limit) {
      this.#resumeAt = Math.max(from, limit - terminator.length + 1) - lt;
      return -1;
    }
    this.#resumeAt = -1;
    return end + terminator.length;
  }

  #doctype(buffer: string, lt: number, limit: number): number {
    if (this.#seenRoot) this.#fail('a DOCTYPE after the root element', lt);
    const gt = buffer.indexOf('>', lt);
    if (gt === -1 || gt >= limit) return -1;
    let end = gt;
    const bracket = buffer.indexOf('[', lt);
    if (bracket !== -1 && bracket < gt) {
      // An internal subset `[...]` holds `>`s of its own: the declaration ends at `]` then `>`.
      const close = buffer.indexOf(']', bracket);
      end = close === -1 ? -1 : buffer.indexOf('>', close);
      if (end === -1 || end >= limit) return -1;
    }
    this.#events.doctype(buffer.slice(lt + 2, end));
    return end + 1;
  }

  /** A CDATA section's content from `start`, handed on as far as the buffer goes. */
  #cdataBody(buffer: string, start: number, limit: number): number {
    const end = buffer.indexOf(']]>', start);
    if (end === -1 || end + 3 > limit) {
      // Keep two characters back: `]]` may be the start of the terminator.
      const safe = Math.max(start, limit - 2);
      if (safe > start) this.#events.text(detach(normalizeLines(buffer.slice(start, safe))));
      return safe;
    }
    this.#inCdata = false;
    if (end > start) this.#events.text(detach(normalizeLines(buffer.slice(start, end))));
    return end + 3;
  }

  /** Five predefined entities and character references; any other reference is an error. */
  #decode(text: string, offset: number): string {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (match: string, name: string, at: number) => {
      if (!match.endsWith(';'))
        this.#fail("disallowed character: '&' that starts no entity", offset + at);
      if (name.startsWith('#')) {
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        if (
          !Number.isInteger(code) ||
          code < 1 ||
          code > 0x10ffff ||
          /[^\dA-Fa-fx]/.test(name.slice(1))
        ) {
          this.#fail(`malformed character reference ${match}`, offset + at);
        }
        return String.fromCodePoint(code);
      }
      const known = PREDEFINED[name];
      if (known === undefined) this.#fail(`undefined entity ${match}`, offset + at);
      return known;
    });
  }

  /** Drops the consumed part of the buffer, counting its lines. */
  #drop(index: number): void {
    if (index === 0) return;
    const buffer = this.#buffer;
    this.#line += countLines(buffer, 0, index);
    this.#buffer = index >= buffer.length ? '' : buffer.slice(index);
  }

  #fail(message: string, at: number): never {
    throw new XmlSyntaxError(message, this.#line + countLines(this.#buffer, 0, at));
  }
}

/**
 * What the tokenizer remembers of the last element of one name, by attribute position: a report
 * repeats a few element and attribute names 100,000 times, and most values of consecutive
 * elements (class, file). A name or value found here is that same string again, not a new
 * slice: no copy is kept twice, and property stores see one key string, hashed once.
 */
interface ElementMemory {
  readonly name: string;
  readonly keys: string[];
  readonly raws: string[];
  readonly values: string[];
}

const MAX_REMEMBERED = 64;

function attributeName(
  element: ElementMemory,
  buffer: string,
  start: number,
  end: number,
  position: number,
): string {
  const previous = element.keys[position];
  if (
    previous !== undefined &&
    previous.length === end - start &&
    buffer.startsWith(previous, start)
  ) {
    return previous;
  }
  const key = buffer.slice(start, end);
  if (position < MAX_REMEMBERED) element.keys[position] = key;
  return key;
}

/** Where a tag or attribute name starting at `index` ends (at a space, `=`, `/` or `>`). */
function nameEndAt(text: string, index: number, limit: number): number {
  let end = index;
  for (; end < limit; end++) {
    const code = text.charCodeAt(end);
    // space, tab, LF, CR, quotes, /, <, =, >
    if (
      code <= 0x20 ||
      code === 0x22 ||
      code === 0x27 ||
      code === 0x2f ||
      (code >= 0x3c && code <= 0x3e)
    )
      break;
  }
  // A name cannot start with a digit, `-` or `.`.
  const first = text.charCodeAt(index);
  if (end > index && ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2e))
    return index;
  return end;
}

function skipSpace(text: string, index: number, limit: number): number {
  let at = index;
  for (; at < limit; at++) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d) break;
  }
  return at;
}

/** Attribute-value normalization: literal tabs and line ends read as spaces. */
function normalizeAttribute(raw: string): string {
  if (raw.indexOf('\n') === -1 && raw.indexOf('\t') === -1 && raw.indexOf('\r') === -1) return raw;
  return raw.replace(/\r\n|[\t\n\r]/g, ' ');
}

/**
 * Where the first character XML forbids is. Control characters by a class of one-byte
 * characters, which is searched twice as fast as one with the two non-characters in it; those
 * by indexOf, which returns at once for a text without two-byte characters.
 */
function firstForbidden(text: string): { index: number; code: number } | undefined {
  const control = FORBIDDEN_CONTROL.exec(text)?.index ?? -1;
  const found = [control, text.indexOf('\uFFFE'), text.indexOf('\uFFFF')].filter((i) => i >= 0);
  if (found.length === 0) return undefined;
  const index = Math.min(...found);
  return { index, code: text.charCodeAt(index) };
}

/**
 * A copy of a piece of the buffer that does not keep the buffer alive. V8 represents a slice of
 * 13 characters or more as a view into its parent string, so one kept test name would hold a
 * whole chunk of the file; joining flattens the piece into a string of its own.
 */
function detach(piece: string): string {
  return piece.length < 13 ? piece : (' ' + piece).slice(1);
}

function normalizeLines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function countLines(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', start); index !== -1 && index < end;) {
    count++;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}
