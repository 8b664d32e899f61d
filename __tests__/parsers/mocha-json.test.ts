import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readReportHead } from '../../src/collect/read-report-file.js';
import { isFlaky, type TestCase, type TestReport } from '../../src/model/tests.js';
import { ctrfParser } from '../../src/parsers/ctrf.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { jestJsonParser, vitestJsonParser } from '../../src/parsers/jest-json.js';
import { mochaJsonParser, parseMochaJson } from '../../src/parsers/mocha-json.js';
import { mochawesomeParser, parseMochawesome } from '../../src/parsers/mochawesome.js';
import { ParseError } from '../../src/parsers/parser.js';
import { rspecJsonParser } from '../../src/parsers/rspec-json.js';
import { findTool } from '../support/js-tools.js';
import { CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';

const testsOf = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.tests);
const mocha = (json: unknown) =>
  parseMochaJson(typeof json === 'string' ? json : JSON.stringify(json, null, 2), {
    path: 'm.json',
  });
const mochawesome = (json: unknown) =>
  parseMochawesome(JSON.stringify(json, null, 2), { path: 'mw.json' });

interface Tally {
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
}

function tally(report: TestReport): Tally {
  const tests = testsOf(report);
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    tests: tests.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    flaky: tests.filter(isFlaky).length,
  };
}

const FILE = '/ci/test/math.spec.js';
const entry = (fullTitle: string, title: string, extra: Record<string, unknown> = {}) => ({
  title,
  fullTitle,
  file: FILE,
  duration: 2,
  currentRetry: 0,
  err: {},
  ...extra,
});
const ASSERTION = {
  stack:
    'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n2 !== 3\n\n    at Context.<anonymous> (test/math.spec.js:4:36)',
  message: 'Expected values to be strictly equal:\n\n2 !== 3\n',
  name: 'AssertionError',
  code: 'ERR_ASSERTION',
};
const HOOK_ERROR = {
  stack: 'Error: no db\n    at Context.<anonymous> (test/math.spec.js:14:30)',
  message: 'no db',
};

/** Shaped like Mocha 12's json reporter on a suite with a failing `before all` hook. */
const MOCHA_SAMPLE = {
  stats: { suites: 3, tests: 6, passes: 3, pending: 1, failures: 3, duration: 4 },
  tests: [
    entry('top level', 'top level'),
    entry('math adds', 'adds'),
    entry('math fails', 'fails', { err: ASSERTION }),
    entry('math skipped', 'skipped', { duration: undefined }),
    entry('math flaky', 'flaky', { currentRetry: 1 }),
    entry('math nested throws', 'throws', {
      err: { stack: 'TypeError: boom\n    at x', message: 'boom' },
    }),
  ],
  pending: [entry('math skipped', 'skipped', { duration: undefined })],
  failures: [
    entry('math fails', 'fails', { err: ASSERTION }),
    entry('math nested throws', 'throws', {
      err: { stack: 'TypeError: boom\n    at x', message: 'boom' },
    }),
    entry('db "before all" hook for "a"', '"before all" hook for "a"', { err: HOOK_ERROR }),
  ],
  passes: [
    entry('top level', 'top level'),
    entry('math adds', 'adds'),
    entry('math flaky', 'flaky', { currentRetry: 1 }),
  ],
};

describe('mocha-json parser', () => {
  test('each test once; a failing hook is one errored test; retries make flaky', () => {
    const report = mocha(MOCHA_SAMPLE);
    assert.equal(report.format, 'mocha-json');
    assert.equal(report.durationMs, 4);
    assert.deepEqual(tally(report), {
      tests: 7,
      passed: 3,
      failed: 2,
      errored: 1,
      skipped: 1,
      flaky: 1,
    });
    const byName = new Map(testsOf(report).map((t) => [t.name, t]));
    const fails = byName.get('fails')!;
    assert.deepEqual(
      [fails.suite, fails.file, fails.status, fails.durationMs, fails.message],
      ['math', FILE, 'failed', 2, 'Expected values to be strictly equal:'],
    );
    // The stack already holds the message: it is the details, once.
    assert.equal(fails.details, ASSERTION.stack);
    assert.equal(byName.get('throws')!.suite, 'math nested');
    assert.equal(byName.get('top level')!.suite, '');
    const hook = byName.get('"before all" hook for "a"')!;
    assert.deepEqual([hook.status, hook.suite, hook.message], ['errored', 'db', 'no db']);
    assert.equal(byName.get('skipped')!.durationMs, 0);
    assert.deepEqual(byName.get('flaky')!.retries, [{ status: 'failed', durationMs: 0 }]);
    assert.deepEqual(
      report.suites.map((s) => s.name),
      [FILE],
    );
  });

  test('two tests of the same name keep their own statuses', () => {
    const report = mocha({
      stats: { tests: 3, passes: 2, failures: 1, pending: 0 },
      tests: [entry('dup', 'dup'), entry('dup', 'dup', { err: HOOK_ERROR }), entry('dup', 'dup')],
      pending: [],
      failures: [entry('dup', 'dup', { err: HOOK_ERROR })],
      passes: [entry('dup', 'dup'), entry('dup', 'dup')],
    });
    assert.deepEqual(
      testsOf(report).map((t) => t.status),
      ['passed', 'failed', 'passed'],
    );
  });

  test('a crafted retry count is cut to a thousand attempts', () => {
    const report = mocha({
      stats: { passes: 1 },
      tests: [entry('t', 't', { currentRetry: 1e12 })],
    });
    assert.equal(testsOf(report)[0]!.retries.length, 1000);
  });

  test('without a `tests` list the status lists are the tests', () => {
    const rest = Object.fromEntries(
      Object.entries(MOCHA_SAMPLE).filter(([key]) => key !== 'tests'),
    );
    assert.deepEqual(tally(mocha(rest)), {
      tests: 7,
      passed: 3,
      failed: 2,
      errored: 1,
      skipped: 1,
      flaky: 1,
    });
  });

  test('what the tests printed before the JSON (`--reporter json > file`) is skipped', () => {
    const source = `printed by a test\n{ not json either\n${JSON.stringify(MOCHA_SAMPLE, null, 2)}\n`;
    assert.equal(detectResultParser(source.slice(0, 4096)), mochaJsonParser);
    assert.equal(tally(mocha(source)).tests, 7);
  });

  test('ANSI colours are stripped from messages (unexpected.js writes them)', () => {
    const report = mocha({
      stats: { tests: 1, passes: 0, failures: 1, pending: 0 },
      tests: [
        entry('t', 't', {
          err: {
            message: '\n\u001b[31mexpected\u001b[39m 1 to be 2\n',
            stack: 'UnexpectedError: \n\u001b[31mexpected\u001b[39m 1 to be 2\n    at t',
          },
        }),
      ],
      failures: [],
    });
    const [t] = testsOf(report);
    assert.equal(t!.message, 'expected 1 to be 2');
    assert.equal(t!.details, 'UnexpectedError: \nexpected 1 to be 2\n    at t');
  });

  const bad: [string, string, RegExp, number?][] = [
    ['empty', '', /the file is empty/],
    ['truncated', '{"stats": {"tests": 1, "passes": 1}, "tests": [{"title": "a"', /truncated/, 1],
    [
      'not Mocha',
      '{"stats": {"passes": 1}}',
      /not a Mocha JSON report: it needs a "stats" object and a "tests" array/,
    ],
    ['no stats', '{"tests": []}', /not a Mocha JSON report/],
  ];
  for (const [what, source, reason, line] of bad) {
    test(`${what} is a ParseError naming the file`, () => {
      assert.throws(
        () => mocha(source),
        (error: unknown) =>
          error instanceof ParseError &&
          error.file === 'm.json' &&
          reason.test(error.reason) &&
          (line === undefined || error.line === line),
      );
    });
  }
});

describe('mochawesome parser', () => {
  const test_ = (
    fullTitle: string,
    title: string,
    state: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    title,
    fullTitle,
    duration: 3,
    state,
    pass: state === 'passed',
    fail: state === 'failed',
    pending: state === 'pending',
    err: {},
    isHook: false,
    skipped: false,
    ...extra,
  });
  /** Shaped like mochawesome 8 on Mocha 12: nested suites, a failing hook, tests it skipped. */
  const sample = {
    stats: {
      suites: 3,
      tests: 4,
      passes: 1,
      pending: 1,
      failures: 1,
      testsRegistered: 6,
      skipped: 2,
      other: 1,
      duration: 9,
    },
    results: [
      {
        title: '',
        fullFile: '/ci/test/math.spec.js',
        file: '/test/math.spec.js',
        beforeHooks: [],
        afterHooks: [],
        tests: [test_('top level', 'top level', 'passed')],
        suites: [
          {
            title: 'math',
            file: '',
            fullFile: '',
            beforeHooks: [],
            afterHooks: [],
            tests: [
              test_('math fails', 'fails', 'failed', {
                err: {
                  message: 'AssertionError: Expected values to be strictly equal:\n\n2 !== 3\n',
                  estack:
                    'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n2 !== 3\n\n    at Context.<anonymous> (math.spec.cjs:4:36)',
                  diff: '- 2\n+ 3\n',
                },
              }),
              test_('math skipped', 'skipped', 'pending'),
            ],
            suites: [
              {
                title: 'db',
                beforeHooks: [
                  test_(
                    'math db "before all" hook for "a"',
                    '"before all" hook for "a"',
                    'failed',
                    {
                      isHook: true,
                      err: {
                        message: 'Error: no db',
                        estack: 'Error: no db\n    at Context.<anonymous>',
                      },
                    },
                  ),
                  test_('math db "before each" hook', '"before each" hook', null, { isHook: true }),
                ],
                afterHooks: [],
                tests: [
                  test_('math db a', 'a', null, { skipped: true }),
                  test_('math db b', 'b', null, { skipped: true }),
                ],
                suites: [],
              },
            ],
          },
        ],
      },
    ],
  };

  test('walks nested suites; failed hooks are errored; tests a hook skipped are skipped', () => {
    const report = mochawesome(sample);
    assert.equal(report.format, 'mochawesome');
    assert.equal(report.durationMs, 9);
    // mochawesome's own stats: passes 1, failures 1, pending 1, skipped 2, other (the hook) 1.
    assert.deepEqual(tally(report), {
      tests: 6,
      passed: 1,
      failed: 1,
      errored: 1,
      skipped: 3,
      flaky: 0,
    });
    const byName = new Map(testsOf(report).map((t) => [t.name, t]));
    const fails = byName.get('fails')!;
    assert.deepEqual(
      [fails.suite, fails.file, fails.message],
      ['math', '/ci/test/math.spec.js', 'AssertionError: Expected values to be strictly equal:'],
    );
    assert.ok(fails.details!.startsWith('AssertionError [ERR_ASSERTION]: Expected values'));
    const hook = byName.get('"before all" hook for "a"')!;
    assert.deepEqual(
      [hook.status, hook.suite, hook.message],
      ['errored', 'math db', 'Error: no db'],
    );
    assert.equal(byName.get('a')!.file, '/ci/test/math.spec.js');
  });

  test('empty results, missing fields and absurd nesting do not crash', () => {
    assert.equal(testsOf(mochawesome({ stats: { passes: 0 }, results: [] })).length, 0);
    const depth = 20_000;
    const deep =
      '{"stats": {}, "results": [' +
      '{"title": "s", "suites": ['.repeat(depth) +
      '{"title": "leaf", "tests": [{"title": "t", "fullTitle": "t", "state": "passed"}]}' +
      ']}'.repeat(depth) +
      ', {}, null]}';
    const found = testsOf(parseMochawesome(deep, { path: 'deep.json' }));
    assert.deepEqual(
      found.map((t) => `${t.name}:${t.status}`),
      ['t:passed'],
    );
    const odd = mochawesome({
      stats: {},
      results: [{ tests: [{}, { state: 'weird', fail: true }] }],
    });
    assert.deepEqual(
      testsOf(odd).map((t) => t.status),
      ['skipped', 'failed'],
    );
  });

  test('a document without results is a ParseError', () => {
    assert.throws(
      () => mochawesome({ stats: { passes: 1 } }),
      (error: unknown) => error instanceof ParseError && /no "results" array/.test(error.reason),
    );
  });
});

describe('Mocha and mochawesome detection', () => {
  test('each claims its own shape, pretty or minified, and nothing else', () => {
    const mochaPretty = JSON.stringify(MOCHA_SAMPLE, null, 2);
    const mochawesomeMin = JSON.stringify({
      stats: {
        suites: 0,
        tests: 0,
        passes: 0,
        pending: 0,
        failures: 0,
        testsRegistered: 0,
        passPercent: 0,
      },
      results: [],
    });
    assert.equal(detectResultParser(mochaPretty), mochaJsonParser);
    assert.equal(detectResultParser(JSON.stringify(MOCHA_SAMPLE)), mochaJsonParser);
    assert.equal(detectResultParser(mochaPretty.slice(0, 260)), mochaJsonParser);
    assert.equal(detectResultParser(mochawesomeMin), mochawesomeParser);
    for (const head of [
      // Playwright's JSON reporter also has "stats", and "tests" inside its suites.
      '{"config":{},"suites":[{"specs":[{"tests":[]}]}],"errors":[],"stats":{"startTime":"x","expected":1,"unexpected":0}}',
      '{"numTotalTests":1,"numFailedTests":0,"testResults":[]}',
      '{"results":{"tool":{"name":"mocha"},"tests":[]}}',
      '{"version":"3.13.0","examples":[],"summary":{"example_count":0}}',
      '["start",{"total":3}]',
    ]) {
      assert.ok(!mochaJsonParser.detect(head), head);
      assert.ok(!mochawesomeParser.detect(head), head);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus: every Mocha JSON and mochawesome file, and EnricoMi's malformed JSON negatives.

type Counts = Omit<Tally, 'flaky'>;

/** EnricoMi's asserted totals for one input (EXPECTED-enricomi.tsv). */
function enricoMi(relative: string): Counts {
  const row = readFileSync(path.join(CORPUS, 'EXPECTED-enricomi.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .find((cols) => cols[0] === relative);
  assert.ok(row, `${relative} is not in EXPECTED-enricomi.tsv`);
  const [, , passed, failed, errored, skipped, tests] = row.map(Number);
  return { tests: tests!, passed: passed!, failed: failed!, errored: errored!, skipped: skipped! };
}

/**
 * Counts in dorny's (or phoenix's) jest snapshot of the parsed result for one fixture: the
 * snapshot block whose "path" is the fixture, its tests' "result" values counted. Their model
 * has no errored: a failure is "failed".
 */
function snapshotCounts(snapshot: string, fixture: string): Counts {
  const text = readFileSync(path.join(CORPUS, snapshot), 'utf8');
  const block = text.split('\nexports[').find((part) => part.includes(`"path": "${fixture}"`));
  assert.ok(block, `${snapshot} has no snapshot of ${fixture}`);
  const results = [...block.matchAll(/"result": "(\w+)"/g)].map((m) => m[1]);
  const count = (result: string) => results.filter((r) => r === result).length;
  return {
    tests: results.length,
    passed: count('success'),
    failed: count('failed'),
    errored: 0,
    skipped: count('skipped'),
  };
}

interface CorpusCase {
  readonly path: string;
  readonly ours: Counts;
  /** Where the upstream numbers come from, and them. */
  readonly upstream: () => Counts;
  /** Set where we disagree: upstream's numbers are then checked to be these, and why says why. */
  readonly disagree?: { readonly upstream: Counts; readonly why: string };
}

const ZERO: Counts = { tests: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };
const DORNY = 'dorny__test-reporter/__tests__';
const PHOENIX = 'phoenix-actions__test-reporting/__tests__';
const MOCHA_6: Counts = { tests: 6, passed: 1, failed: 4, errored: 0, skipped: 1 };
const MOCHAJS: Counts = { tests: 839, passed: 833, failed: 0, errored: 0, skipped: 6 };

const CORPUS_CASES: CorpusCase[] = [
  // dorny's and phoenix's tests assert these empty files give no tests (inline, not a snapshot).
  { path: `${DORNY}/fixtures/empty/mocha-json.json`, ours: ZERO, upstream: () => ZERO },
  { path: `${PHOENIX}/fixtures/empty/mocha-json.json`, ours: ZERO, upstream: () => ZERO },
  { path: `${PHOENIX}/fixtures/empty/mochawesome-json.json`, ours: ZERO, upstream: () => ZERO },
  {
    path: `${DORNY}/fixtures/mocha-json.json`,
    ours: MOCHA_6,
    upstream: () =>
      snapshotCounts(`${DORNY}/__snapshots__/mocha-json.test.ts.snap`, 'fixtures/mocha-json.json'),
  },
  {
    path: `${PHOENIX}/fixtures/mocha-json.json`,
    ours: MOCHA_6,
    upstream: () =>
      snapshotCounts(
        `${PHOENIX}/__snapshots__/mocha-json.test.ts.snap`,
        'fixtures/mocha-json.json',
      ),
  },
  {
    // Two pairs of distinct tests share file and full title here; the parser keeps all 839
    // (Mocha's own stats.tests), though the pipeline's retry merge later folds each pair.
    path: `${DORNY}/fixtures/external/mocha/mocha-test-results.json`,
    ours: MOCHAJS,
    upstream: () =>
      snapshotCounts(
        `${DORNY}/__snapshots__/mocha-json.test.ts.snap`,
        'fixtures/external/mocha/mocha-test-results.json',
      ),
  },
  {
    path: `${PHOENIX}/fixtures/external/mocha/mocha-test-results.json`,
    ours: MOCHAJS,
    upstream: () =>
      snapshotCounts(
        `${PHOENIX}/__snapshots__/mocha-json.test.ts.snap`,
        'fixtures/external/mocha/mocha-test-results.json',
      ),
  },
  {
    path: 'EnricoMi__publish-unit-test-result-action/python/test/files/mocha/tests.json',
    ours: { tests: 5, passed: 2, failed: 2, errored: 0, skipped: 1 },
    upstream: () =>
      enricoMi('EnricoMi__publish-unit-test-result-action/python/test/files/mocha/tests.json'),
    disagree: {
      upstream: { tests: 5, passed: 2, failed: 1, errored: 1, skipped: 1 },
      why:
        'EnricoMi calls a failure errored when its err has an `errorMode` field. That field is the ' +
        'Unexpected assertion library\'s: "Test .clone() should copy the title" failed an ' +
        "assertion (UnexpectedError \"expected 'To be cloned' to be 'Not to be cloned'\"), " +
        'it did not crash. Mocha itself does not tell failures from errors: both are failed.',
    },
  },
  {
    path: `${PHOENIX}/fixtures/mochawesome-json.json`,
    ours: MOCHA_6,
    upstream: () =>
      snapshotCounts(
        `${PHOENIX}/__snapshots__/mochawesome-json.test.ts.snap`,
        'fixtures/mochawesome-json.json',
      ),
    disagree: {
      upstream: { tests: 5, passed: 1, failed: 4, errored: 0, skipped: 0 },
      why:
        'phoenix drops "Skipped test" (state "pending"): its parser keeps only passed and failed ' +
        'tests. The file lists it, and its own stats say tests 6, pending 1.',
    },
  },
  {
    // Referenced by no upstream test: the file's own stats are the expectation (Cypress:
    // tests after a failure are `skipped`, not run).
    path: `${PHOENIX}/fixtures/mochawesome1-json.json`,
    ours: { tests: 29, passed: 1, failed: 6, errored: 0, skipped: 22 },
    upstream: () => {
      const { stats } = JSON.parse(
        readFileSync(path.join(CORPUS, `${PHOENIX}/fixtures/mochawesome1-json.json`), 'utf8'),
      ) as {
        stats: Record<string, number>;
      };
      return {
        tests: stats.testsRegistered!,
        passed: stats.passes!,
        failed: stats.failures!,
        errored: stats.other!,
        skipped: stats.pending! + stats.skipped!,
      };
    },
  },
];

describe('corpus: Mocha JSON and mochawesome files', NO_CORPUS, () => {
  test('every file of these formats in the manifest has an expectation here', () => {
    const ours = corpusInputs()
      .filter((row) => row.format === 'mocha-json' || row.format === 'mochawesome-json')
      .map((row) => row.path)
      .sort();
    assert.deepEqual(ours, CORPUS_CASES.map((c) => c.path).sort());
  });

  for (const corpusCase of CORPUS_CASES) {
    test(corpusCase.path, async () => {
      const file = path.join(CORPUS, corpusCase.path);
      const { head } = await readReportHead(file);
      const parser = detectResultParser(head);
      const expectedParser = corpusCase.path.includes('mochawesome')
        ? mochawesomeParser
        : mochaJsonParser;
      assert.equal(parser, expectedParser);
      const { flaky, ...counts } = tally(
        parser!.parse(readFileSync(file, 'utf8'), { path: corpusCase.path }),
      );
      assert.deepEqual(counts, corpusCase.ours);
      assert.equal(flaky, 0);
      const upstream = corpusCase.upstream();
      assert.deepEqual(
        upstream,
        corpusCase.disagree?.upstream ?? corpusCase.ours,
        corpusCase.disagree?.why,
      );
    });
  }

  test('only Mocha JSON files are detected as Mocha JSON, only mochawesome as mochawesome', async () => {
    for (const row of corpusInputs()) {
      const { head } = await readReportHead(row.file);
      assert.equal(mochaJsonParser.detect(head), row.format === 'mocha-json', row.path);
      assert.equal(mochawesomeParser.detect(head), row.format === 'mochawesome-json', row.path);
    }
  });

  // EnricoMi's negatives: the pipeline refuses empty files before any parser, and no parser
  // detects the other two; each JSON parser given them says why, with EnricoMi's position.
  const NEGATIVES: [string, RegExp, number | undefined][] = [
    ['json/empty.json', /^the file is empty$/, undefined],
    // EnricoMi: "Expecting property name enclosed in double quotes: line 1 column 16 (char 15)".
    [
      'json/malformed-json.json',
      /^malformed JSON: Expected double-quoted property name at column 16$/,
      1,
    ],
    // EnricoMi: "Expecting value: line 1 column 1 (char 0)".
    ['json/non-json.json', /^not JSON: it starts with "this is not json" rather than "\{"$/, 1],
  ];
  for (const [name, reason, line] of NEGATIVES) {
    test(`negative: ${name}`, async () => {
      const file = path.join(
        CORPUS,
        'EnricoMi__publish-unit-test-result-action/python/test/files',
        name,
      );
      const { head } = await readReportHead(file);
      assert.equal(detectResultParser(head), undefined);
      const source = readFileSync(file, 'utf8');
      for (const parser of [
        jestJsonParser,
        vitestJsonParser,
        mochaJsonParser,
        mochawesomeParser,
        rspecJsonParser,
        ctrfParser,
      ]) {
        assert.throws(
          () => parser.parse(source, { path: name }),
          (error: unknown) =>
            error instanceof ParseError &&
            error.file === name &&
            reason.test(error.reason) &&
            error.line === line,
          parser.format,
        );
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Real tools: Mocha and mochawesome on a tiny suite, against their own summaries.

const SPEC = `const assert = require('node:assert');
describe('math', function () {
  it('adds', function () { assert.strictEqual(1 + 1, 2); });
  it('fails', function () { assert.strictEqual(1 + 1, 3); });
  it.skip('skipped', function () {});
  it('pending without body');
  describe('nested', function () {
    it('throws', function () { throw new TypeError('boom'); });
  });
  let n = 0;
  it('flaky', function () { this.retries(2); n++; if (n < 2) throw new Error('first try fails'); });
});
describe('db', function () {
  before(function () { throw new Error('no db'); });
  it('a', function () {});
  it('b', function () {});
});
it('top level', function () { console.log('printed'); });
`;

function runMocha(bin: string, args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return `${result.stdout}\n${result.stderr}`;
}

/** Mocha's spec summary: "3 passing (9ms)", "2 pending", "3 failing". */
function specSummary(output: string) {
  const number = (word: string) =>
    Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(output)?.[1] ?? 0);
  return { passing: number('passing'), pending: number('pending'), failing: number('failing') };
}

const MOCHA = findTool('mocha');
test(
  'real Mocha: our counts match its summary',
  {
    skip: MOCHA ? false : 'mocha not found (node_modules, $JS_TEST_TOOLS or PATH)',
  },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mocha-json-'));
    try {
      writeFileSync(path.join(dir, 'math.spec.cjs'), SPEC);
      const out = path.join(dir, 'out.json');
      runMocha(
        MOCHA!,
        ['--reporter', 'json', '--reporter-option', `output=${out}`, 'math.spec.cjs'],
        dir,
      );
      const summary = specSummary(runMocha(MOCHA!, ['--reporter', 'spec', 'math.spec.cjs'], dir));
      assert.deepEqual(summary, { passing: 3, pending: 2, failing: 3 });
      const text = readFileSync(out, 'utf8');
      assert.equal(detectResultParser(text.slice(0, 4096)), mochaJsonParser);
      const ours = tally(mochaJsonParser.parse(text, { path: 'out.json' }));
      // Mocha's failing count holds the failed hook, our errored test; the tests the hook kept
      // from running are in no list of Mocha's JSON.
      assert.deepEqual(ours, {
        tests: summary.passing + summary.pending + summary.failing,
        passed: summary.passing,
        failed: summary.failing - 1,
        errored: 1,
        skipped: summary.pending,
        flaky: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

const MOCHAWESOME = MOCHA ? path.resolve(realpathSync(MOCHA), '../../../mochawesome') : undefined;
test(
  "real mochawesome: our counts match its stats and Mocha's summary",
  {
    skip:
      MOCHAWESOME && existsSync(MOCHAWESOME)
        ? false
        : 'mochawesome not found next to mocha (node_modules, $JS_TEST_TOOLS or PATH)',
  },
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mochawesome-'));
    try {
      writeFileSync(path.join(dir, 'math.spec.cjs'), SPEC);
      const output = runMocha(
        MOCHA!,
        [
          '--reporter',
          MOCHAWESOME!,
          '--reporter-options',
          `reportDir=${dir},html=false,json=true`,
          'math.spec.cjs',
        ],
        dir,
      );
      const summary = specSummary(output);
      assert.deepEqual(summary, { passing: 3, pending: 2, failing: 3 });
      const text = readFileSync(path.join(dir, 'mochawesome.json'), 'utf8');
      assert.equal(detectResultParser(text.slice(0, 4096)), mochawesomeParser);
      const stats = (JSON.parse(text) as { stats: Record<string, number> }).stats;
      const ours = tally(mochawesomeParser.parse(text, { path: 'mochawesome.json' }));
      // mochawesome lists the two tests the failed hook skipped; it keeps no retry count.
      assert.deepEqual(ours, {
        tests: stats.testsRegistered! + stats.other!,
        passed: summary.passing,
        failed: stats.failures!,
        errored: stats.other!,
        skipped: stats.pending! + stats.skipped!,
        flaky: 0,
      });
      assert.equal(ours.failed + ours.errored, summary.failing);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
