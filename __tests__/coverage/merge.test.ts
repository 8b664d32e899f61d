import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeCoverage } from '../../src/coverage/merge.js';
import type { CoverageReport, FileCoverage } from '../../src/model/coverage.js';
import { percentOf } from '../../src/model/coverage.js';

const file = (path: string, lines: [number, number][], extra: Partial<FileCoverage> = {}) =>
  ({ path, lines: new Map(lines), branches: new Map(), functions: [], ...extra }) as FileCoverage;
const report = (files: FileCoverage[], sourceRoots: string[] = []): CoverageReport => ({
  format: 'test',
  files,
  sourceRoots,
});
const asIs = (path: string) => path;

test('two reports merge by line: covered in any is covered, executable in any counts once', () => {
  const merged = mergeCoverage(
    [
      report([
        file('a.ts', [
          [1, 1],
          [2, 0],
          [3, 0],
        ]),
      ]),
      report([
        file('a.ts', [
          [2, 5],
          [3, 0],
          [4, 0],
        ]),
      ]),
    ],
    asIs,
  );
  assert.equal(merged.files.length, 1);
  assert.deepEqual(
    [...merged.files[0]!.lines],
    [
      [1, 1],
      [2, 5],
      [3, 0],
      [4, 0],
    ],
  );
  assert.deepEqual(merged.totals.lines, { covered: 2, total: 4 });
});

test('totals are sums of counts, never an average of percentages', () => {
  // 10 of 10 lines and 0 of 90: 10%, where averaging the two files' rates would say 50%.
  const lines = (n: number, hits: number) =>
    Array.from({ length: n }, (_, i): [number, number] => [i + 1, hits]);
  const merged = mergeCoverage(
    [report([file('small.ts', lines(10, 1))]), report([file('big.ts', lines(90, 0))])],
    asIs,
  );
  assert.deepEqual(merged.totals.lines, { covered: 10, total: 100 });
  assert.equal(percentOf(merged.totals.lines), 10);
});

test('paths map to the repository through the resolver; unmatched ones are kept and listed', () => {
  const merged = mergeCoverage(
    [report([file('/app/src/a.ts', [[1, 1]]), file('C:\\build\\gen\\x.ts', [[1, 0]])], ['/app'])],
    (reported, roots) => {
      assert.deepEqual(roots, ['/app']);
      return reported === '/app/src/a.ts' ? 'src/a.ts' : undefined;
    },
  );
  assert.deepEqual(
    merged.files.map((f) => f.path),
    ['C:/build/gen/x.ts', 'src/a.ts'],
  );
  assert.deepEqual(merged.unmapped, ['C:\\build\\gen\\x.ts']);
});

test("a line's branches are the most any report counted; functions merge by name", () => {
  const merged = mergeCoverage(
    [
      report([
        file('a.ts', [[3, 1]], {
          branches: new Map([[3, { covered: 1, total: 2 }]]),
          functions: [{ name: 'f', line: 1, hits: 0 }],
        }),
      ]),
      report([
        file('a.ts', [[3, 1]], {
          branches: new Map([[3, { covered: 2, total: 2 }]]),
          functions: [
            { name: 'f', line: 1, hits: 3 },
            { name: 'g', line: 9, hits: 0 },
          ],
        }),
      ]),
    ],
    asIs,
  );
  assert.deepEqual(merged.totals.branches, { covered: 2, total: 2 });
  assert.deepEqual(merged.totals.functions, { covered: 1, total: 2 });
});

test('summary-only totals count where no report gives the lines, and only there', () => {
  const merged = mergeCoverage(
    [
      report([
        file('a.ts', [], { totals: { lines: { covered: 3, total: 4 } } }),
        file('b.ts', [], { totals: { lines: { covered: 1, total: 10 } } }),
      ]),
      report([
        file('b.ts', [
          [1, 1],
          [2, 1],
        ]),
      ]),
    ],
    asIs,
  );
  assert.deepEqual(
    merged.files.map((f) => [f.path, f.totals.lines]),
    [
      ['a.ts', { covered: 3, total: 4 }],
      ['b.ts', { covered: 2, total: 2 }],
    ],
  );
  assert.deepEqual(merged.totals.lines, { covered: 5, total: 6 });
});

test('without a resolver (no checkout), paths stay as written and none is unmapped', () => {
  const merged = mergeCoverage([report([file('C:\\build\\src\\a.ts', [[1, 1]])])]);
  assert.deepEqual(
    merged.files.map((f) => f.path),
    ['C:/build/src/a.ts'],
  );
  assert.deepEqual(merged.unmapped, []);
});
