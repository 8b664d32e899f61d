import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSettings } from '../../src/config/config.js';
import { InputError, parseDuration, parseList } from '../../src/config/values.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('parseSettings', () => {
  test('defaults: report-only, automatic results, fail on failures, summary on', () => {
    const settings = parseSettings(read({}), '/repo');
    assert.deepEqual(settings, {
      command: undefined,
      workspace: '/repo',
      workingDirectory: '/repo',
      timeoutMs: undefined,
      results: 'auto',
      coverage: 'auto',
      coverageThreshold: undefined,
      diffCoverageThreshold: undefined,
      name: undefined,
      summary: true,
      comment: 'always',
      annotations: true,
      artifact: true,
      artifactName: undefined,
      retentionDays: undefined,
      failOn: 'failures',
      githubToken: '',
      services: [],
      composeFiles: [],
      keepServices: false,
    });
  });

  test('reads every input it declares', () => {
    const settings = parseSettings(
      read({
        command: 'make test',
        'working-directory': 'services/api',
        timeout: '1h30m',
        results: 'a/*.xml\nb/**/*.{xml,json}, c.xml',
        name: ' db tests ',
        summary: 'False',
        'fail-on': 'NEVER',
        'github-token': 'tok',
        coverage: 'coverage/lcov.info, coverage/*.xml',
        'coverage-threshold': '80',
        'diff-coverage-threshold': ' 72.5% ',
        comment: 'on-failure',
        annotations: 'false',
        artifact: 'false',
        'artifact-name': ' reports ',
        'retention-days': '7',
      }),
      '/repo',
    );
    assert.deepEqual(settings.coverage, ['coverage/lcov.info', 'coverage/*.xml']);
    assert.equal(settings.coverageThreshold, 80);
    assert.equal(settings.diffCoverageThreshold, 72.5);
    assert.equal(settings.comment, 'on-failure');
    assert.equal(settings.annotations, false);
    assert.equal(settings.artifact, false);
    assert.equal(settings.artifactName, 'reports');
    assert.equal(settings.retentionDays, 7);
    assert.equal(settings.command, 'make test');
    assert.equal(settings.workingDirectory, '/repo/services/api');
    assert.equal(settings.timeoutMs, 5_400_000);
    assert.deepEqual(settings.results, ['a/*.xml', 'b/**/*.{xml,json}', 'c.xml']);
    assert.equal(settings.name, 'db tests');
    assert.equal(settings.summary, false);
    assert.equal(settings.failOn, 'never');
    assert.equal(settings.githubToken, 'tok');
  });

  test('an absolute working-directory is kept', () => {
    assert.equal(
      parseSettings(read({ 'working-directory': '/elsewhere' }), '/repo').workingDirectory,
      '/elsewhere',
    );
  });

  for (const [input, value, expected] of [
    [
      'timeout',
      'abc',
      'Input "timeout": "abc" is not a duration; it accepts a positive number with a unit (ms, s, m, h), such as 90s, 20m or 1h30m',
    ],
    ['summary', 'yes', 'Input "summary": "yes" is not a boolean; it accepts true or false'],
    ['fail-on', 'errors', 'Input "fail-on": "errors" is not one of "failures", "never"'],
    [
      'comment',
      'sometimes',
      'Input "comment": "sometimes" is not one of "always", "on-failure", "off"',
    ],
    [
      'retention-days',
      '91',
      'Input "retention-days": "91" is not a number of days; it accepts a whole number from 1 to 90',
    ],
    [
      'annotations',
      'maybe',
      'Input "annotations": "maybe" is not a boolean; it accepts true or false',
    ],
    [
      'coverage-threshold',
      '101',
      'Input "coverage-threshold": "101" is not a percentage; it accepts a number from 0 to 100',
    ],
    [
      'diff-coverage-threshold',
      'eighty',
      'Input "diff-coverage-threshold": "eighty" is not a percentage; it accepts a number from 0 to 100',
    ],
  ] as const) {
    test(`${input}: ${value} is refused with a message naming the input`, () => {
      assert.throws(
        () => parseSettings(read({ [input]: value }), '/repo'),
        (error: unknown) =>
          error instanceof InputError && error.input === input && error.message === expected,
      );
    });
  }
});

describe('parseDuration', () => {
  for (const [text, ms] of [
    ['90s', 90_000],
    ['20m', 1_200_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    [' 2S ', 2000],
    ['1m30s', 90_000],
  ] as const) {
    test(`${JSON.stringify(text)} is ${ms} ms`, () =>
      assert.equal(parseDuration('timeout', text), ms));
  }
  for (const text of ['600', '', '0s', '-5s', '5 m', '5mins', 's', '1h 30m', 'Infinity']) {
    test(`${JSON.stringify(text)} is refused`, () =>
      assert.throws(() => parseDuration('timeout', text), InputError));
  }
});

describe('parseList', () => {
  test('lines and commas separate, but not commas inside braces', () => {
    assert.deepEqual(parseList('a,b\n\n  c  \n**/*.{xml,json},d'), [
      'a',
      'b',
      'c',
      '**/*.{xml,json}',
      'd',
    ]);
  });
  test('Windows line ends and empty items are dropped', () => {
    assert.deepEqual(parseList('a\r\n,\r\nb,'), ['a', 'b']);
  });
  test('negations are kept for the file search', () => {
    assert.deepEqual(parseList('**/*.xml\n!**/fixtures/**'), ['**/*.xml', '!**/fixtures/**']);
  });
});
