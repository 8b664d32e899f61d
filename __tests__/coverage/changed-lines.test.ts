import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changedLineCoverage,
  formatLineRanges,
  uncoveredRanges,
} from '../../src/coverage/changed-lines.js';
import { byLine } from '../support/coverage-tests.js';

test('changed ∩ executable lines, covered and uncovered, per file and in total', () => {
  const changed = new Map<string, readonly number[]>([
    ['src/b.ts', [1, 2, 3, 4, 5, 6]],
    ['src/a.ts', [10, 11]],
    ['docs/guide.md', [1, 2, 3]],
    ['src/comments.ts', [7]],
  ]);
  const coverage = new Map([
    // 1: covered, 2: uncovered, 3: not executable, 4: uncovered, 5 and 6: covered; 9 unchanged
    ['src/b.ts', byLine({ 1: 3, 2: 0, 4: 0, 5: 1, 6: 2, 9: 0 })],
    ['src/a.ts', byLine({ 10: 0, 11: 0, 12: 5 })],
    ['src/comments.ts', byLine({ 1: 1 })],
    ['src/untouched.ts', byLine({ 1: 0 })],
  ]);
  const result = changedLineCoverage(changed, coverage);
  assert.deepEqual(result.files, [
    {
      path: 'src/a.ts',
      changed: 2,
      coverable: [10, 11],
      covered: [],
      uncovered: [10, 11],
      uncoveredRanges: [[10, 11]],
      percent: 0,
    },
    {
      path: 'src/b.ts',
      changed: 6,
      coverable: [1, 2, 4, 5, 6],
      covered: [1, 5, 6],
      uncovered: [2, 4],
      uncoveredRanges: [
        [2, 2],
        [4, 4],
      ],
      percent: 60,
    },
    {
      path: 'src/comments.ts',
      changed: 1,
      coverable: [],
      covered: [],
      uncovered: [],
      uncoveredRanges: [],
      percent: undefined,
    },
  ]);
  // A file without coverage data is listed apart, not counted as 0% (its lines are changed
  // lines, but none is coverable).
  assert.deepEqual(result.filesWithoutCoverage, ['docs/guide.md']);
  assert.deepEqual(result.totals, { changed: 12, coverable: 7, covered: 3, uncovered: 4 });
  assert.equal(result.diffCoverage, (3 / 7) * 100);
});

test('no coverable changed line: diffCoverage is undefined, not 0 or 100', () => {
  const result = changedLineCoverage(
    new Map([
      ['README.md', [1, 2]],
      ['src/x.ts', [4]],
    ]),
    new Map([['src/x.ts', byLine({ 3: 1 })]]),
  );
  assert.equal(result.diffCoverage, undefined);
  assert.deepEqual(result.totals, { changed: 3, coverable: 0, covered: 0, uncovered: 0 });
  assert.deepEqual(result.filesWithoutCoverage, ['README.md']);
  assert.equal(result.files[0]?.percent, undefined);

  const empty = changedLineCoverage(new Map(), new Map([['a', byLine({ 1: 1 })]]));
  assert.deepEqual(empty, {
    files: [],
    filesWithoutCoverage: [],
    totals: { changed: 0, coverable: 0, covered: 0, uncovered: 0 },
    diffCoverage: undefined,
  });
});

test('an entry without line data (summary-only formats) is no coverage data', () => {
  const result = changedLineCoverage(
    new Map([['src/s.ts', [1]]]),
    new Map([['src/s.ts', new Map<number, number>()]]),
  );
  assert.deepEqual(result.files, []);
  assert.deepEqual(result.filesWithoutCoverage, ['src/s.ts']);
});

test('files that add no line are skipped; changed lines are de-duplicated and sorted', () => {
  const result = changedLineCoverage(
    new Map<string, readonly number[]>([
      ['deleted-only.ts', []],
      ['x.ts', [5, 3, 3, 4]],
    ]),
    new Map([['x.ts', byLine({ 3: 0, 4: 0, 5: 1 })]]),
  );
  assert.deepEqual(result.filesWithoutCoverage, []);
  assert.deepEqual(
    result.files.map((f) => [f.path, f.changed, f.uncovered, f.covered]),
    [['x.ts', 3, [3, 4], [5]]],
  );
  assert.equal(result.totals.changed, 3);
});

test('ranges join consecutive numbers only: a non-executable line between breaks them', () => {
  assert.deepEqual(uncoveredRanges([]), []);
  assert.deepEqual(uncoveredRanges([7]), [[7, 7]]);
  assert.deepEqual(uncoveredRanges([8, 2, 3, 4, 10, 11]), [
    [2, 4],
    [8, 8],
    [10, 11],
  ]);
  assert.equal(
    formatLineRanges(
      uncoveredRanges([1, 2, 5, 6, 100]), // diff-cover's combine_adjacent_lines docstring
    ),
    '1-2,5-6,100',
  );
  // 2 and 4 uncovered, 3 a comment (no hits entry): "2,4", as diff-cover prints it.
  const result = changedLineCoverage(
    new Map([['f.py', [2, 3, 4]]]),
    new Map([['f.py', byLine({ 2: 0, 4: 0 })]]),
  );
  assert.equal(formatLineRanges(result.files[0]!.uncoveredRanges), '2,4');
  // An unchanged uncovered line between two changed ones breaks the range too.
  const gap = changedLineCoverage(
    new Map([['g.py', [2, 4]]]),
    new Map([['g.py', byLine({ 2: 0, 3: 0, 4: 0 })]]),
  );
  assert.deepEqual(gap.files[0]!.uncoveredRanges, [
    [2, 2],
    [4, 4],
  ]);
});
