import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cutText,
  cutToBytes,
  fitInSteps,
  joinBlocks,
  utf16Units,
  utf8Bytes,
} from '../../src/render/limits.js';
import { selectTests } from '../../src/render/view.js';
import { attempt, failed, passed } from '../support/reports.js';

test('cutText keeps the start or the end, marks the cut, and never splits a surrogate pair', () => {
  assert.equal(cutText('abcdef', 6), 'abcdef');
  assert.equal(cutText('abcdef', 4), 'abc…');
  assert.equal(cutText('abcdef', 4, 'tail'), '…def');
  assert.equal(cutText('ab😀cd', 4), 'ab…');
  assert.equal(cutText('ab😀cd', 4, 'tail'), '…cd');
  assert.equal(cutText('ab😀cd', 5).length, 5);
  assert.equal(cutText('abc', 0), '');
});

test('cutToBytes counts bytes of UTF-8 and cuts between characters', () => {
  assert.equal(cutToBytes('short', 5), 'short');
  const cut = cutToBytes('€'.repeat(10), 10);
  assert.equal(cut, '€€…');
  assert.ok(utf8Bytes(cut) <= 10);
  assert.equal(cutToBytes('😀😀😀', 9), '😀…');
});

test('fitInSteps takes the fullest step that fits', () => {
  const render = (n: number) => Array.from({ length: n }, (_, i) => `block ${i}`);
  const budget = { limit: 30, measure: utf16Units };
  assert.equal(fitInSteps([5, 3, 1], render, budget, 'cut'), 'block 0\n\nblock 1\n\nblock 2\n');
});

test('when even the last step is too large, whole blocks are dropped from its end', () => {
  const fence = '```text\na\n\nb\n```';
  const blocks = ['# head', fence, 'tail '.repeat(20)];
  const markdown = fitInSteps([0], () => blocks, { limit: 40, measure: utf8Bytes }, 'CUT');
  assert.equal(markdown, joinBlocks(['# head', fence, 'CUT']));
  assert.ok(utf8Bytes(markdown) <= 40);
  assert.equal(
    fitInSteps([0], () => blocks, { limit: 12, measure: utf8Bytes }, 'CUT'),
    '# head\n\nCUT\n',
  );
});

test('selection: failures errored first then by place, flaky by failed attempts, slowest ten', () => {
  const tests = [
    ...Array.from({ length: 15 }, (_, i) => passed(`p${i}`, i * 10)),
    failed('late', { file: 'b.ts', line: 1 }),
    failed('early', { file: 'a.ts', line: 5 }),
    failed('nowhere'),
    { ...failed('crash', { file: 'z.ts' }), status: 'errored' as const },
    passed('once', 1, { retries: [attempt('failed')] }),
    passed('twice', 1, { retries: [attempt('failed'), attempt('errored')] }),
    { ...passed('skipped', 99_999), status: 'skipped' as const },
  ];
  const selection = selectTests(tests);
  assert.deepEqual(
    selection.failures.map((t) => t.name),
    ['crash', 'early', 'late', 'nowhere'],
  );
  assert.deepEqual(
    selection.flaky.map((t) => t.name),
    ['twice', 'once'],
  );
  assert.deepEqual(
    selection.slowest.map((t) => t.name),
    ['p14', 'p13', 'p12', 'p11', 'p10', 'p9', 'p8', 'p7', 'p6', 'p5'],
  );
  assert.deepEqual(selectTests([passed('alone', 5)]).slowest, []);
});
