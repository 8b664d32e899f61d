import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { readReportHead } from '../../src/collect/read-report-file.js';
import type { TestCase, TestReport } from '../../src/model/tests.js';
import { detectResultParser } from '../../src/parsers/index.js';
import { ParseError } from '../../src/parsers/parser.js';
import { parseRspecJson, rspecJsonParser } from '../../src/parsers/rspec-json.js';
import { CORPUS, corpusInputs, NO_CORPUS } from '../support/corpus.js';

const testsOf = (report: TestReport): TestCase[] => report.suites.flatMap((s) => s.tests);
const parse = (json: unknown) =>
  parseRspecJson(typeof json === 'string' ? json : JSON.stringify(json, null, 2), {
    path: 'rspec.json',
  });

function tally(report: TestReport) {
  const tests = testsOf(report);
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  return {
    tests: tests.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
  };
}

const example = (description: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: `./spec/math_spec.rb[1:${description.length}]`,
  description,
  full_description: `math ${description}`,
  status,
  file_path: './spec/math_spec.rb',
  line_number: 3,
  run_time: 0.0025,
  pending_message: null,
  ...extra,
});

/** Shaped like RSpec 3.12's --format json on a spec with every kind of result. */
const SAMPLE = {
  version: '3.12.0',
  seed: 1234,
  examples: [
    example('adds', 'passed'),
    example('fails', 'failed', {
      exception: {
        class: 'RSpec::Expectations::ExpectationNotMetError',
        message: '\nexpected: 3\n     got: 2\n\n(compared using ==)\n',
        backtrace: ["./spec/math_spec.rb:3:in `block (2 levels) in <top (required)>'"],
      },
    }),
    example('crashes', 'failed', {
      exception: {
        class: 'NoMethodError',
        message: "undefined method `upcase' for nil:NilClass",
        backtrace: ["./spec/math_spec.rb:4:in `block (2 levels) in <top (required)>'"],
      },
    }),
    example('mock fails', 'failed', {
      full_description: 'math nested mock fails',
      exception: {
        class: 'RSpec::Mocks::MockExpectationError',
        message: '(Double "d").x(*(any args))\n    expected: 1 time\n    received: 0 times',
        backtrace: [],
      },
    }),
    example('skipped', 'pending', { pending_message: 'Temporarily skipped with xit' }),
    example('fixed', 'failed', {
      exception: {
        class: 'RSpec::Core::Pending::PendingExampleFixedError',
        message: "Expected pending 'not done' to fail. No error was raised.",
      },
    }),
  ],
  summary: {
    duration: 0.024,
    example_count: 6,
    failure_count: 4,
    pending_count: 1,
    errors_outside_of_examples_count: 1,
  },
  messages: [
    "\nAn error occurred in an `after(:context)` hook.\nFailure/Error: after(:context) { raise 'cleanup failed' }\n\nRuntimeError:\n  cleanup failed\n# ./spec/hooks_spec.rb:2:in `block (2 levels) in <top (required)>'\n",
  ],
  summary_line: '6 examples, 4 failures, 1 pending, 1 error occurred outside of examples',
};

describe('rspec-json parser', () => {
  test('reads examples; expectation and mock failures fail, other exceptions error', () => {
    const report = parse(SAMPLE);
    assert.equal(report.format, 'rspec-json');
    assert.equal(report.durationMs, 24);
    assert.deepEqual(tally(report), { tests: 7, passed: 1, failed: 3, errored: 2, skipped: 1 });
    const byName = new Map(testsOf(report).map((t) => [t.name, t]));
    const fails = byName.get('fails')!;
    assert.deepEqual(
      [fails.suite, fails.file, fails.line, fails.durationMs, fails.status, fails.message],
      ['math', './spec/math_spec.rb', 3, 2.5, 'failed', 'expected: 3'],
    );
    assert.equal(
      fails.details,
      "RSpec::Expectations::ExpectationNotMetError: \nexpected: 3\n     got: 2\n\n(compared using ==)\n./spec/math_spec.rb:3:in `block (2 levels) in <top (required)>'",
    );
    const crash = byName.get('crashes')!;
    assert.deepEqual(
      [crash.status, crash.message],
      ['errored', "undefined method `upcase' for nil:NilClass"],
    );
    assert.equal(byName.get('mock fails')!.suite, 'math nested');
    assert.equal(byName.get('mock fails')!.status, 'failed');
    assert.equal(byName.get('fixed')!.status, 'failed');
    assert.deepEqual(
      [byName.get('skipped')!.status, byName.get('skipped')!.message],
      ['skipped', 'Temporarily skipped with xit'],
    );
    const hook = byName.get('An error occurred in an `after(:context)` hook.')!;
    assert.deepEqual(
      [hook.status, hook.file, hook.line, hook.message],
      ['errored', './spec/hooks_spec.rb', 2, 'RuntimeError: cleanup failed'],
    );
    assert.deepEqual(
      report.suites.map((s) => [s.name, s.tests.length]),
      [
        ['./spec/math_spec.rb', 6],
        ['./spec/hooks_spec.rb', 1],
      ],
    );
  });

  test('a spec file that fails to load is an errored test named after it', () => {
    // Real RSpec 3.12 output: a load error stops the whole run before any example.
    const report = parse({
      version: '3.12.0',
      messages: [
        "\nAn error occurred while loading ./spec/broken_spec.rb. - Did you mean?\n                    rspec ./spec/math_spec.rb\n\nFailure/Error: require 'does_not_exist'\n\nLoadError:\n  cannot load such file -- does_not_exist\n# ./spec/broken_spec.rb:1:in `<top (required)>'\n",
      ],
      examples: [],
      summary: {
        duration: 4.4e-5,
        example_count: 0,
        failure_count: 0,
        pending_count: 0,
        errors_outside_of_examples_count: 1,
      },
      summary_line: '0 examples, 0 failures, 1 error occurred outside of examples',
    });
    const [broken] = testsOf(report);
    assert.deepEqual(
      [broken!.name, broken!.file, broken!.line, broken!.status, broken!.message],
      [
        './spec/broken_spec.rb',
        './spec/broken_spec.rb',
        1,
        'errored',
        'LoadError: cannot load such file -- does_not_exist',
      ],
    );
    assert.equal(testsOf(report).length, 1);
  });

  test('errors outside examples without a message still count, once', () => {
    const report = parse({
      version: '3.13.0',
      examples: [],
      messages: ['Run options: include {:focus=>true}'],
      summary: { errors_outside_of_examples_count: 2 },
    });
    const tests = testsOf(report);
    assert.deepEqual(
      tests.map((t) => [t.name, t.status, t.message, t.details]),
      [
        [
          'errors outside of examples',
          'errored',
          'RSpec counted 2 errors outside of examples',
          'Run options: include {:focus=>true}',
        ],
      ],
    );
  });

  test('odd but valid input: missing fields, unknown statuses, no summary', () => {
    const report = parse({
      version: '3.13.0',
      examples: [{}, { status: 'failed', exception: {} }, { status: 'weird' }, 7],
    });
    assert.deepEqual(
      testsOf(report).map((t) => [t.name, t.status]),
      [
        ['', 'skipped'],
        ['', 'failed'],
        ['', 'skipped'],
      ],
    );
    assert.equal(report.durationMs, 0);
  });

  test('detects RSpec JSON pretty, minified or cut, and nothing else', () => {
    const pretty = JSON.stringify(SAMPLE, null, 2);
    assert.equal(detectResultParser(pretty), rspecJsonParser);
    assert.equal(detectResultParser(JSON.stringify(SAMPLE)), rspecJsonParser);
    assert.equal(detectResultParser(pretty.slice(0, 80)), rspecJsonParser);
    // A long load error before the examples: the messages still say RSpec.
    assert.ok(rspecJsonParser.detect(`{"version":"3.12.0","messages":["${'x'.repeat(5000)}`));
    for (const head of [
      '{"version": "1.0", "name": "my-package", "dependencies": {}}',
      '{"protocolVersion":"0.1.1","runnerVersion":"1.24.0","pid":1,"type":"start","time":0}',
      '{"stats":{"passes":1},"tests":[]}',
      '{"reportFormat":"CTRF","specVersion":"0.0.0","results":{"tool":{"name":"rspec"}}}',
    ]) {
      assert.ok(!rspecJsonParser.detect(head), head);
    }
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /the file is empty/],
    ['truncated', '{"version": "3.12.0", "examples": [{"id": "x"', /truncated/],
    ['without examples', '{"version": "3.12.0", "summary_line": "x"}', /no "examples" array/],
  ];
  for (const [what, source, reason] of bad) {
    test(`${what} is a ParseError`, () => {
      assert.throws(
        () => parse(source),
        (error: unknown) =>
          error instanceof ParseError && error.file === 'rspec.json' && reason.test(error.reason),
      );
    });
  }
});

describe('corpus: RSpec JSON files', NO_CORPUS, () => {
  const DORNY = 'dorny__test-reporter/__tests__';

  test("the two RSpec files are the manifest's, and only they are detected as RSpec", async () => {
    const rows = corpusInputs();
    const rspec = rows
      .filter((input) => input.format === 'rspec-json')
      .map((input) => input.name)
      .sort();
    assert.deepEqual(rspec, [
      '__tests__/fixtures/empty/rspec-json.json',
      '__tests__/fixtures/rspec-json.json',
    ]);
    for (const { file, format } of rows) {
      const { head } = await readReportHead(file);
      assert.equal(rspecJsonParser.detect(head), format === 'rspec-json', file);
    }
  });

  test("fixtures/rspec-json.json agrees with dorny's snapshot: 1 passed, 1 failed, 1 skipped", async () => {
    const file = path.join(CORPUS, DORNY, 'fixtures/rspec-json.json');
    const { head } = await readReportHead(file);
    assert.equal(detectResultParser(head), rspecJsonParser);
    const report = rspecJsonParser.parse(readFileSync(file, 'utf8'), { path: 'rspec-json.json' });
    const snapshot = readFileSync(
      path.join(CORPUS, DORNY, '__snapshots__/rspec-json.test.ts.snap'),
      'utf8',
    );
    const results = [...snapshot.matchAll(/"result": "(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      {
        tests: results.length,
        passed: results.filter((r) => r === 'success').length,
        failed: results.filter((r) => r === 'failed').length,
        errored: 0,
        skipped: results.filter((r) => r === 'skipped').length,
      },
      tally(report),
    );
    // The same names and details dorny asserts.
    const failed = testsOf(report).find((t) => t.status === 'failed')!;
    assert.equal(
      failed.suite,
      'CheckEnvVars#call when all env vars are defined behaves like success load',
    );
    assert.equal(failed.name, 'fails in assertion');
    assert.equal(failed.line, 17);
    assert.ok(failed.details!.includes("./config/check_env_vars.rb:11:in `call'"));
    assert.equal(report.durationMs, 191.18387);
  });

  test("fixtures/empty/rspec-json.json has no tests, as dorny's test asserts", async () => {
    const file = path.join(CORPUS, DORNY, 'fixtures/empty/rspec-json.json');
    const { head } = await readReportHead(file);
    assert.equal(detectResultParser(head), rspecJsonParser);
    const report = rspecJsonParser.parse(readFileSync(file, 'utf8'), { path: 'empty.json' });
    assert.deepEqual(tally(report), { tests: 0, passed: 0, failed: 0, errored: 0, skipped: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The real RSpec (Debian's ruby-rspec) on a tiny suite, against its own summary line.

const RSPEC = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter(Boolean)
  .map((dir) => path.join(dir, 'rspec'))
  .find((file) => existsSync(file));

const MATH_SPEC = `RSpec.describe 'math' do
  it('adds') { expect(1 + 1).to eq(2) }
  it('fails') { expect(1 + 1).to eq(3) }
  it('crashes') { nil.upcase }
  xit('skipped') { }
  it('pending', skip: 'later')
  it('expected to fail') { pending('not done'); expect(1).to eq(2) }
  context 'nested' do
    it('mock fails') { d = double('d'); expect(d).to receive(:x) }
  end
end
`;
const HOOKS_SPEC = `RSpec.describe 'db' do
  after(:context) { raise 'cleanup failed' }
  it('works') { expect(true).to be(true) }
end
`;

function runRspec(dir: string, files: string[]) {
  const out = path.join(dir, 'out.json');
  const result = spawnSync(
    RSPEC!,
    [...files, '--format', 'json', '--out', out, '--format', 'progress'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const summary =
    /^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?(?:, (\d+) errors? occurred outside of examples)?/m.exec(
      result.stdout,
    );
  assert.ok(summary, `no summary line in RSpec's output:\n${result.stdout}\n${result.stderr}`);
  const [examples, failures, pending, outside] = summary.slice(1).map((n) => Number(n ?? 0));
  const text = readFileSync(out, 'utf8');
  assert.equal(detectResultParser(text.slice(0, 4096)), rspecJsonParser);
  return {
    tool: { examples: examples!, failures: failures!, pending: pending!, outside: outside! },
    report: rspecJsonParser.parse(text, { path: 'out.json' }),
  };
}

describe(
  'real RSpec',
  { skip: RSPEC ? false : 'rspec not found on PATH (Debian: ruby-rspec)' },
  () => {
    test('our counts match its summary line', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'rspec-json-'));
      try {
        mkdirSync(path.join(dir, 'spec'));
        writeFileSync(path.join(dir, 'spec/math_spec.rb'), MATH_SPEC);
        writeFileSync(path.join(dir, 'spec/hooks_spec.rb'), HOOKS_SPEC);
        const { tool, report } = runRspec(dir, ['spec/math_spec.rb', 'spec/hooks_spec.rb']);
        assert.deepEqual(tool, { examples: 8, failures: 3, pending: 3, outside: 1 });
        const ours = tally(report);
        assert.deepEqual(ours, {
          tests: tool.examples + tool.outside,
          passed: tool.examples - tool.failures - tool.pending,
          // RSpec's failures hold the NoMethodError example, our one errored example.
          failed: tool.failures - 1,
          errored: 1 + tool.outside,
          skipped: tool.pending,
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a load error is one errored test named after the file', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'rspec-json-'));
      try {
        mkdirSync(path.join(dir, 'spec'));
        writeFileSync(path.join(dir, 'spec/broken_spec.rb'), "require 'does_not_exist'\n");
        const { tool, report } = runRspec(dir, ['spec/broken_spec.rb']);
        assert.deepEqual(tool, { examples: 0, failures: 0, pending: 0, outside: 1 });
        assert.deepEqual(
          testsOf(report).map((t) => [t.name, t.status, t.message]),
          [
            [
              './spec/broken_spec.rb',
              'errored',
              'LoadError: cannot load such file -- does_not_exist',
            ],
          ],
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
