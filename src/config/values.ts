/** Parsers for single input values; every error names the input and what it accepts. */

/** A bad input value: says which input and what it accepts. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input "${input}": ${message}`);
    this.name = 'InputError';
  }
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `20m`, `1h30m`, `1.5h`, `500ms`. A bare number is refused: seconds or minutes? */
export function parseDuration(input: string, raw: string): number {
  const text = raw.trim().toLowerCase();
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let matched = 0;
  while (matched < text.length) {
    part.lastIndex = matched;
    const found = part.exec(text);
    if (!found) break;
    total += Number(found[1]) * DURATION_UNITS_MS[found[2]!]!;
    matched = part.lastIndex;
  }
  if (text === '' || matched !== text.length || total <= 0) {
    throw new InputError(
      input,
      `"${raw}" is not a duration; it accepts a positive number with a unit (ms, s, m, h), such as 90s, 20m or 1h30m`,
    );
  }
  return Math.round(total);
}

export function parseOptionalDuration(input: string, raw: string): number | undefined {
  return raw.trim() === '' ? undefined : parseDuration(input, raw);
}

/** A whole number of days from 1 to 90 (GitHub's range for artifacts); empty: undefined. */
export function parseOptionalDays(input: string, raw: string): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 90)) {
    throw new InputError(
      input,
      `"${raw}" is not a number of days; it accepts a whole number from 1 to 90`,
    );
  }
  return value;
}

/** A percentage from 0 to 100, `%` allowed (`80`, `72.5%`); empty: undefined. */
export function parseOptionalPercent(input: string, raw: string): number | undefined {
  const text = raw.trim().replace(/%$/, '').trim();
  if (text === '') return undefined;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 100)) {
    throw new InputError(input, `"${raw}" is not a percentage; it accepts a number from 0 to 100`);
  }
  return value;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const text = raw.trim();
  if (text === '') return fallback;
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  throw new InputError(input, `"${raw}" is not a boolean; it accepts true or false`);
}

export function parseChoice<T extends string>(
  input: string,
  raw: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = raw.trim();
  if (text === '') return fallback;
  const found = choices.find((choice) => choice === text.toLowerCase());
  if (found) return found;
  throw new InputError(input, `"${raw}" is not one of ${choices.map((c) => `"${c}"`).join(', ')}`);
}

/** One item per line; commas also separate, except inside braces (`**\/*.{xml,json}`). */
export function parseList(raw: string): string[] {
  const items: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    let depth = 0;
    let current = '';
    for (const char of line) {
      if (char === '{') depth++;
      else if (char === '}') depth = Math.max(0, depth - 1);
      if (char === ',' && depth === 0) {
        items.push(current);
        current = '';
      } else {
        current += char;
      }
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Splits a command string into arguments as a POSIX shell would (single and double quotes,
 * backslashes), as Compose does for a string `command:`; no expansion of anything.
 */
export function splitShellWords(input: string, raw: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else current += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && index + 1 < raw.length && '"\\$`'.includes(raw[index + 1]!))
        current += raw[++index];
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && index + 1 < raw.length) {
      current += raw[++index];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new InputError(input, `${JSON.stringify(raw)} has an unclosed ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}
