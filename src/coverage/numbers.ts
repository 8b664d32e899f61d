/**
 * Hit counts and line numbers as every coverage format keeps them, so that a count or a line a
 * producer writes oddly (`1.2E7`, `0.5`, `-1` from a wrapped gcov counter, 2^64-1, `1e308`) reads
 * the same whichever format it came in. What a format refuses, and how it says so, stays with the
 * format: these helpers only say what a value is worth. Two readings of a count stay apart on
 * purpose: hitsOf takes a stated hit count (negative is 0), parseCount an XML attribute whose
 * absent, blank or negative value the format gives its own meaning (Clover falls back on its
 * condition counts, JaCoCo's instruction counts are counts of instructions, not runs).
 */

/** The largest hit count kept; larger ones (gcov's 2^64-1, `1e30`, `Infinity`) are capped. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;
/** Line numbers are 32-bit ints in every producer (Java, .NET, gcc, coverage.py's C parser). */
export const MAX_LINE = 2 ** 31 - 1;

/** A count of 0 or more: fractions round up (a line run "0.5" times stays run), capped. */
function roundedCount(number: number): number {
  return number >= MAX_COUNT ? MAX_COUNT : Math.ceil(number);
}

/** A stated hit count as the model keeps it: negative (a gcov bug) is 0, fractions up, capped. */
export function hitsOf(number: number): number {
  return number > 0 ? roundedCount(number) : 0;
}

/** hitsOf for a JSON value: undefined when it is not a number, for the format to refuse. */
export function jsonHits(value: unknown): number | undefined {
  return typeof value === 'number' && !Number.isNaN(value) ? hitsOf(value) : undefined;
}

/**
 * A count as XML producers write it in attributes: `12`, `12.0`, `1.2E7`, ` 3 `. Undefined when
 * absent, blank, not a number (`NaN`) or negative, so the format decides what such a value means.
 */
export function parseCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const number = Number(text);
  if (Number.isNaN(number) || number < 0) return undefined;
  return roundedCount(number);
}

/**
 * A total or covered count a summary states (coverage.py's, Istanbul's): a number from 0 to 2^53,
 * kept as stated (a synthetic summary's fractions too); the format refuses anything else.
 */
export function isStatedCount(number: number | undefined): number is number {
  return number !== undefined && number >= 0 && number <= MAX_COUNT;
}

/** Two hit counts added, as runs merge, capped like any count. */
export function addHits(a: number, b: number): number {
  return Math.min(a + b, MAX_COUNT);
}

/** A line number: a whole number from 1 to 2^31-1. */
export function isLineNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}

/** A line number written as text (`12`, `12.0`); undefined for anything else. */
export function parseLineNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return isLineNumber(number) ? number : undefined;
}
