import type { TestAttempt, TestCase } from './tests.js';

/**
 * Reports from retrying runners list a re-run test once per attempt, in one file or across
 * several. Counting each test once means folding those attempts into one test: it passed if
 * any attempt passed (and is then flaky if another failed), else it keeps its last attempt.
 */
export function mergeRetries(tests: readonly TestCase[]): TestCase[] {
  // Found by name first (names are mostly unique): no key string is made for a test whose name
  // no other test has. Names shared across suites (`test_0` in every class) are told apart by a
  // map of their own, so that many of them cost no more than a few.
  const slots: (TestCase | TestCase[])[] = [];
  const slotsByName = new Map<string, number | Map<string, number>>();
  for (const test of tests) {
    const known = slotsByName.get(test.name);
    if (known === undefined) {
      slotsByName.set(test.name, slots.push(test) - 1);
      continue;
    }
    let byPlace = known;
    if (typeof byPlace === 'number') {
      byPlace = new Map([[placeOf(firstOf(slots[byPlace]!)), byPlace]]);
      slotsByName.set(test.name, byPlace);
    }
    const place = placeOf(test);
    const same = byPlace.get(place);
    if (same === undefined) {
      byPlace.set(place, slots.push(test) - 1);
    } else {
      const slot = slots[same]!;
      if (Array.isArray(slot)) slot.push(test);
      else slots[same] = [slot, test];
    }
  }
  return slots.map((slot) => (Array.isArray(slot) ? foldAttempts(slot) : slot));
}

function firstOf(slot: TestCase | TestCase[]): TestCase {
  return Array.isArray(slot) ? slot[0]! : slot;
}

/** Attempts of one test share their suite and file (a test with no file differs from one with any). */
function placeOf(test: TestCase): string {
  return test.file === undefined ? `${test.suite}\u0000` : `${test.suite}\u0000\u0000${test.file}`;
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
