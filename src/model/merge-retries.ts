import type { TestAttempt, TestCase } from './tests.js';

/**
 * Reports from retrying runners list a re-run test once per attempt, in one file or across
 * several. Counting each test once means folding those attempts into one test: it passed if
 * any attempt passed (and is then flaky if another failed), else it keeps its last attempt.
 */
export function mergeRetries(tests: readonly TestCase[]): TestCase[] {
  const byKey = new Map<string, TestCase[]>();
  for (const test of tests) {
    const key = `${test.file ?? ''}\u0000${test.suite}\u0000${test.name}`;
    const same = byKey.get(key);
    if (same) same.push(test);
    else byKey.set(key, [test]);
  }
  const merged: TestCase[] = [];
  for (const group of byKey.values()) {
    merged.push(group.length === 1 ? group[0]! : foldAttempts(group));
  }
  return merged;
}

function foldAttempts(group: readonly TestCase[]): TestCase {
  const attempts: TestAttempt[] = group.flatMap((test) => [...test.retries, asAttempt(test)]);
  const finalIndex = lastIndexWhere(attempts, (a) => a.status === 'passed');
  const chosen = finalIndex >= 0 ? finalIndex : attempts.length - 1;
  const final = attempts[chosen]!;
  const base =
    group.find((test) => test.file !== undefined || test.line !== undefined) ?? group[0]!;
  return {
    ...base,
    status: final.status,
    durationMs: attempts.reduce((sum, a) => sum + a.durationMs, 0),
    message: final.message,
    details: final.details,
    output: final.output,
    retries: attempts.filter((_, index) => index !== chosen),
  };
}

function asAttempt(test: TestCase): TestAttempt {
  return {
    status: test.status,
    durationMs: test.durationMs,
    message: test.message,
    details: test.details,
    output: test.output,
  };
}

function lastIndexWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) {
    if (predicate(items[index]!)) return index;
  }
  return -1;
}
