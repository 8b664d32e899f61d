import { messageOf } from '../model/errors.js';
import type { TestCase, TestSuite } from '../model/tests.js';
import { ParseError } from './parser.js';

/** A parsed JSON object: every value unknown until a helper below has checked it. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * Parses a JSON report, turning JSON.parse's terse errors into a ParseError with the line:
 * a cut-off file (a killed run) and a file that is not JSON at all say so in plain words.
 */
export function parseJsonDocument(source: string, path: string): unknown {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const start = text.search(/\S/);
  if (start < 0) throw new ParseError(path, 'the file is empty');
  if (text[start] !== '{' && text[start] !== '[') {
    const shown = text.slice(start, start + 20).split('\n', 1)[0]!;
    throw new ParseError(
      path,
      `not JSON: it starts with "${shown}" rather than "{"`,
      lineAt(text, start),
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw jsonSyntaxError(text, path, messageOf(error));
  }
}

function jsonSyntaxError(text: string, path: string, message: string): ParseError {
  const position = /at position (\d+)/.exec(message);
  const at = position ? Number(position[1]) : undefined;
  if (
    /Unexpected end of JSON input/i.test(message) ||
    (at !== undefined && at >= text.trimEnd().length)
  ) {
    return new ParseError(
      path,
      'malformed JSON: the file ends before the document does (truncated?)',
      lineAt(text, text.trimEnd().length),
    );
  }
  // V8 appends "(line x column y)" or quotes the source around the error; the line is ours.
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+/, '');
  return new ParseError(
    path,
    `malformed JSON: ${reason}${at === undefined ? '' : ` at column ${columnAt(text, at)}`}`,
    at === undefined ? undefined : lineAt(text, at),
  );
}

/** The document as an object, or a ParseError saying which format expected one. */
export function requireObject(document: unknown, path: string, what: string): JsonObject {
  if (isObject(document)) return document;
  throw new ParseError(
    path,
    `not ${what}: the JSON is ${Array.isArray(document) ? 'an array' : typeof document}, not an object`,
  );
}

/** parseJsonDocument and requireObject in one: the report as an object, `what` naming its format. */
export function parseJsonObject(source: string, path: string, what: string): JsonObject {
  return requireObject(parseJsonDocument(source, path), path, what);
}

/**
 * The object elements of the array under key, or a ParseError when the field is no array:
 * `not ${what}: there is no "${shown}" array` (shown: the key as the message spells it).
 */
export function requireArrayField(
  object: JsonObject | undefined,
  key: string,
  path: string,
  what: string,
  shown: string = key,
): JsonObject[] {
  if (!Array.isArray(object?.[key])) {
    throw new ParseError(path, `not ${what}: there is no "${shown}" array`);
  }
  return objectsField(object, key);
}

/** A JSON object key as a pattern, escapes included: for detection patterns of a file's head. */
export const JSON_KEY_PATTERN = String.raw`"(?:[^"\\]|\\.)*"`;

/** A JSON value as an error message shows it: short. */
export function shownJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'missing';
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field as an object, or undefined when absent or of another type. */
export function objectField(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  return isObject(value) ? value : undefined;
}

/** The field's array elements that are objects; odd elements are left out, never fatal. */
export function objectsField(object: JsonObject | undefined, key: string): JsonObject[] {
  const value = object?.[key];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function stringField(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** A finite number; numeric strings count too, since hand-written reports quote them. */
export function numberField(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function stringsField(object: JsonObject | undefined, key: string): string[] {
  const value = object?.[key];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
/* eslint-disable no-control-regex -- matching control characters is the point */
const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/* eslint-enable no-control-regex */

/** Tools colour their failure messages even when writing files; a summary shows them raw. */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

/** ANSI-free text, or undefined when it is empty or only whitespace. */
export function cleanText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = stripAnsi(text);
  return clean.trim() === '' ? undefined : clean;
}

/** The first non-blank line, trimmed at the end: the one-line message the model wants. */
export function firstLine(text: string | undefined): string | undefined {
  const line = text
    ?.split('\n')
    .find((candidate) => candidate.trim() !== '')
    ?.trimEnd();
  return line === undefined ? undefined : line.trimStart();
}

/**
 * More earlier attempts than any real retry setting: a count above it is cut, so that a
 * crafted count of a billion cannot make a billion attempts in memory.
 */
export const MAX_ATTEMPTS = 1000;

/** A stated number of earlier attempts as a whole number within reason. */
export function attemptCount(value: number | undefined): number {
  return value === undefined || value < 0 ? 0 : Math.min(Math.floor(value), MAX_ATTEMPTS);
}

/** The part of a test's full title before its own title: the describe blocks around it. */
export function suiteFromFullTitle(fullTitle: string | undefined, title: string): string {
  if (!fullTitle || !title || fullTitle === title || !fullTitle.endsWith(title)) return '';
  return fullTitle.slice(0, fullTitle.length - title.length).trim();
}

/** The tests' durations added up: a report's duration when it states none. */
export function sumDurations(tests: readonly TestCase[]): number {
  return tests.reduce((sum, test) => sum + test.durationMs, 0);
}

/** One suite per test file, in the order the files first appear. */
export function groupByFile(tests: readonly TestCase[]): TestSuite[] {
  const byFile = new Map<string, TestCase[]>();
  for (const test of tests) {
    const file = test.file ?? '';
    const list = byFile.get(file);
    if (list) list.push(test);
    else byFile.set(file, [test]);
  }
  return [...byFile].map(([name, list]) => ({ name, tests: list }));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function columnAt(text: string, index: number): number {
  return index - text.lastIndexOf('\n', index - 1);
}
