import path from 'node:path';

/** Everything the action was asked to do, read once and validated. Nothing downstream reads inputs. */
export interface Settings {
  /** The test command; undefined in report-only mode. */
  readonly command: string | undefined;
  /** Absolute path where the command runs and globs are resolved. */
  readonly workingDirectory: string;
  readonly timeoutMs: number | undefined;
  /** Result-file globs, or 'auto' for the well-known report names. */
  readonly results: readonly string[] | 'auto';
  /** The report's title; undefined means: the job's display name, looked up at run time. */
  readonly name: string | undefined;
  readonly summary: boolean;
  readonly failOn: FailOn;
  readonly githubToken: string;
}

export const FAIL_ON = ['failures', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

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

/** Reads one input's raw value as the runner passed it ('' when not given). */
export type ReadInput = (name: string) => string;

export function parseSettings(read: ReadInput, workspace: string): Settings {
  const workingDirectory = path.resolve(workspace, read('working-directory').trim() || '.');
  const command = read('command');
  const results = parseList(read('results'));
  return {
    command: command.trim() === '' ? undefined : command,
    workingDirectory,
    timeoutMs: parseOptionalDuration('timeout', read('timeout')),
    results: results.length === 0 ? 'auto' : results,
    name: read('name').trim() || undefined,
    summary: parseBoolean('summary', read('summary'), true),
    failOn: parseChoice('fail-on', read('fail-on'), FAIL_ON, 'failures'),
    githubToken: read('github-token').trim(),
  };
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

function parseOptionalDuration(input: string, raw: string): number | undefined {
  return raw.trim() === '' ? undefined : parseDuration(input, raw);
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
