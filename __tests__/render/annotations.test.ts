import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import * as core from '@actions/core';
import {
  annotationsFor,
  mostImportant,
  relativePath,
  workflowCommand,
  type Annotation,
} from '../../src/render/annotations.js';
import { CHECKS_FIELD_BYTES, utf8Bytes } from '../../src/render/limits.js';
import { failed, passed, runReport } from '../support/reports.js';

test('one annotation per failing test with a file and a line, errored first, then by place', () => {
  const annotations = annotationsFor(
    runReport({
      tests: [
        passed('fine', 1, { file: 'src/ok.ts', line: 1 }),
        failed('b', { file: 'src/b.ts', line: 9, details: 'stack of b' }),
        failed('no line', { file: 'src/b.ts' }),
        failed('no file', { line: 3 }),
        failed('a', { file: './src/a.ts', line: 30, suite: '' }),
        {
          ...failed('crash', { file: 'src\\z.ts', line: 2, message: undefined }),
          status: 'errored',
          details: 'TypeError: x is undefined\n    at z.ts:2',
        },
      ],
    }),
  );
  assert.deepEqual(annotations, [
    {
      path: 'src/z.ts',
      startLine: 2,
      endLine: 2,
      level: 'failure',
      title: 'Error: Suite › crash',
      message: 'TypeError: x is undefined',
      rawDetails: 'TypeError: x is undefined\n    at z.ts:2',
    },
    {
      path: 'src/a.ts',
      startLine: 30,
      endLine: 30,
      level: 'failure',
      title: 'Failed: a',
      message: 'a: expected true, got false',
    },
    {
      path: 'src/b.ts',
      startLine: 9,
      endLine: 9,
      level: 'failure',
      title: 'Failed: Suite › b',
      message: 'b: expected true, got false',
      rawDetails: 'stack of b',
    },
  ]);
});

test('paths outside the directory are left out unless mapped', () => {
  const report = runReport({
    tests: [
      failed('abs', { file: '/home/runner/work/app/app/src/x.ts', line: 1, message: 'pw hunter2' }),
      failed('up', { file: '../elsewhere/y.ts', line: 1 }),
    ],
  });
  assert.deepEqual(annotationsFor(report), []);
  const mapped = annotationsFor(report, {
    repositoryPath: (file) => file.replace('/home/runner/work/app/app/', ''),
  });
  assert.deepEqual(
    mapped.map((a) => [a.path, a.message]),
    [
      ['../elsewhere/y.ts', 'up: expected true, got false'],
      ['src/x.ts', 'pw hunter2'],
    ],
  );
  assert.equal(relativePath('C:\\work\\a.ts'), undefined);
  assert.equal(relativePath('./a/../b.ts'), 'a/../b.ts');
});

test('each field within what the Checks API takes', () => {
  const long = 'é'.repeat(100_000);
  const [annotation] = annotationsFor(
    runReport({
      tests: [
        failed(`n${'x'.repeat(300)}\nsecond line`, {
          file: 'a.ts',
          line: 1,
          message: long,
          details: long,
        }),
      ],
    }),
  );
  assert.ok(utf8Bytes(annotation!.message) <= CHECKS_FIELD_BYTES);
  assert.ok(utf8Bytes(annotation!.rawDetails!) <= CHECKS_FIELD_BYTES);
  assert.ok(annotation!.message.endsWith('é…'), 'cut between characters');
  assert.equal(annotation!.title.length, 255);
  assert.doesNotMatch(annotation!.title, /\n/);
});

test('the most important: one per file before a second of any, in their order', () => {
  const at = (path: string, line: number, level: Annotation['level'] = 'failure'): Annotation => ({
    path,
    startLine: line,
    endLine: line,
    level,
    title: `${path}:${line}`,
    message: 'm',
  });
  const annotations = [
    at('a.ts', 1),
    at('a.ts', 2),
    at('a.ts', 3),
    at('b.ts', 1),
    at('b.ts', 2),
    at('c.ts', 1),
    at('d.ts', 1, 'warning'),
  ];
  assert.deepEqual(
    mostImportant(annotations, 4).map((a) => a.title),
    ['a.ts:1', 'a.ts:2', 'b.ts:1', 'c.ts:1'],
  );
  assert.equal(mostImportant(annotations).length, 7);
  assert.deepEqual(mostImportant(annotations, 0), []);
});

test('as a workflow command, exactly as @actions/core writes one', () => {
  const annotation: Annotation = {
    path: 'src/a,b:c%.ts',
    startLine: 3,
    endLine: 4,
    level: 'failure',
    title: 'Failed: S › t, with: 100%\r\nand more',
    message: 'line 1\r\nline 2 :: 50%, done\n::set-output name=x::y',
  };
  const command = workflowCommand(annotation);
  assert.equal(
    command,
    '::error title=Failed%3A S › t%2C with%3A 100%25%0D%0Aand more,file=src/a%2Cb%3Ac%25.ts,line=3,endLine=4::line 1%0D%0Aline 2 :: 50%25, done%0A::set-output name=x::y',
  );
  const write = mock.method(process.stdout, 'write', () => true);
  try {
    core.error(annotation.message, {
      title: annotation.title,
      file: annotation.path,
      startLine: annotation.startLine,
      endLine: annotation.endLine,
    });
  } finally {
    write.mock.restore();
  }
  assert.deepEqual(
    write.mock.calls.map((call) => call.arguments[0]),
    [`${command}\n`],
  );
  assert.match(workflowCommand({ ...annotation, level: 'notice' }), /^::notice /);
});
