import type { TestAttempt, TestCase } from './tests.js';

/**
 * Reports from retrying runners list a re-run test once per attempt, in one file or across
 * several. Counting each test once means folding those attempts into one test: it passed if
 * any attempt passed (and is then flaky if another failed), else it keeps its last attempt.
 */
export function mergeRetries(tests: readonly TestCase[]): TestCase[] {
  // Keyed by suite, then name: a suite's tests share one suite string, whose hash V8 keeps, so
  // no key string is built per test. Attempts also share their file; a same-named test of the
  // same suite from another file (rare) is told apart by a key of its own.
  const slots: (TestCase | TestCase[])[] = [];
  const bySuite = new Map<string, Map<string, number>>();
  let byPlace: Map<string, number> | undefined;
  let lastSuite: string | undefined;
  let names: Map<string, number> | undefined;
  for (const test of tests) {
    // A suite's tests come one after another: its map is looked up once for them all.
    if (test.suite !== lastSuite || names === undefined) {
      lastSuite = test.suite;
      names = bySuite.get(test.suite);
      if (names === undefined) bySuite.set(test.suite, (names = new Map()));
    }
    let same = names.get(test.name);
    if (same === undefined) {
      names.set(test.name, slots.push(test) - 1);
      continue;
    }
    if (firstOf(slots[same]!).file !== test.file) {
      byPlace ??= new Map();
      const place = `${test.suite}\u0000${test.name}\u0000${test.file ?? '\u0000'}`;
      same = byPlace.get(place);
      if (same === undefined) {
        byPlace.set(place, slots.push(test) - 1);
        continue;
      }
    }
    const slot = slots[same]!;
    if (Array.isArray(slot)) slot.push(test);
    else slots[same] = [slot, test];
  }
  return slots.map((slot) => (Array.isArray(slot) ? foldAttempts(slot) : slot));
}

function firstOf(slot: TestCase | TestCase[]): TestCase {
  return Array.isArray(slot) ? slot[0]! : slot;
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
