/**
 * The coverage parsers against the tools that write the formats: each tool runs a small sample
 * with covered and uncovered code, and our totals must equal what the tool itself prints. Each
 * test is skipped, saying why, when its tool is missing (scripts/test-tools.sh installs them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { coveragePyJsonParser } from '../../src/coverage/coverage-py-json.js';
import { goCoverParser, parseGoCoverStream } from '../../src/coverage/go-cover.js';
import { istanbulParser, istanbulSummaryParser } from '../../src/coverage/istanbul.js';
import { lcovParser, parseLcovStream } from '../../src/coverage/lcov.js';
import type { CoverageReport } from '../../src/model/coverage.js';
import { chunksOf } from '../support/counts.js';
import { claimedBy, coveragePairs, pathsOf, type Pair } from '../support/coverage-tests.js';
import { findTool } from '../support/js-tools.js';

/** Covered of total per metric, as the tools print them. */
const totals = (report: CoverageReport) => coveragePairs(report.files);

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  assert.equal(result.error, undefined, `${command} ${args.join(' ')}: ${String(result.error)}`);
  return { status: result.status, output };
}

/** Runs `use` in a fresh temporary directory holding the sample's files, removed afterwards. */
async function inSample(
  prefix: string,
  files: Record<string, string>,
  use: (dir: string) => void | Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Go

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;

const GO_MODULE = {
  'go.mod': 'module example.com/cov\n\ngo 1.19\n',
  'calc/calc.go': `package calc

// Sign says whether n is positive, negative or zero.
func Sign(n int) int {
	if n > 0 {
		return 1
	}
	if n < 0 {
		return -1
	}
	return 0
}

// Unused is never called.
func Unused(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// Acc adds up.
type Acc struct{ total int }

// Add adds 0 to n-1.
func (a *Acc) Add(n int) int {
	for i := 0; i < n; i++ {
		a.total += i
	}
	return a.total
}
`,
  'calc/calc_test.go': `package calc

import "testing"

func TestSign(t *testing.T) {
	if Sign(5) != 1 || Sign(0) != 0 {
		t.Fatal("wrong sign")
	}
}

func TestAcc(t *testing.T) {
	if (&Acc{}).Add(3) != 3 {
		t.Fatal("wrong sum")
	}
}
`,
  'other/other.go': `package other

import "example.com/cov/calc"

// Hello greets.
func Hello() string {
	return "hi"
}

// Bye is never called.
func Bye() string {
	return "bye"
}

// Negative runs the branch of calc.Sign its own tests leave out.
func Negative() int {
	return calc.Sign(-1)
}
`,
  'other/other_test.go': `package other

import "testing"

func TestHello(t *testing.T) {
	if Hello() != "hi" || Negative() != -1 {
		t.Fatal("wrong")
	}
}
`,
};

/** `go tool cover -func` parsed: functions by file and start line, and the total. */
function coverFunc(output: string) {
  const functions: { file: string; line: number; name: string; percent: number }[] = [];
  let total: string | undefined;
  for (const line of output.split('\n')) {
    const fn = /^(.+?):(\d+):\s+(\S+)\s+([\d.]+)%$/.exec(line.trim());
    if (fn) {
      functions.push({ file: fn[1]!, line: Number(fn[2]), name: fn[3]!, percent: Number(fn[4]) });
    }
    const sum = /^total:\s+\(statements\)\s+([\d.]+)%$/.exec(line.trim());
    if (sum) total = sum[1];
  }
  assert.ok(total !== undefined && functions.length > 0, `no -func output:\n${output}`);
  return { functions, total };
}

describe(
  'real go test -coverprofile',
  { skip: GO ? false : 'go is not installed (apt-get install golang-go)' },
  () => {
    for (const [name, flags] of [
      ['count mode', ['-covermode=count']],
      // Every package's run writes blocks of both packages: the profile repeats blocks.
      ['-coverpkg=./... in set mode, blocks repeated', ['-covermode=set', '-coverpkg=./...']],
      ['-coverpkg=./... in atomic mode, blocks repeated', ['-covermode=atomic', '-coverpkg=./...']],
    ] as const) {
      test(`${name}: our statements equal go tool cover -func\u2019s total, our lines its functions`, async () => {
        const coverpkg = flags.some((flag) => flag.startsWith('-coverpkg'));
        await inSample('go-cover-', GO_MODULE, async (dir) => {
          const env = {
            GOFLAGS: '-mod=mod',
            GOTOOLCHAIN: 'local',
            GOPROXY: 'off',
            GOPATH: path.join(dir, 'gopath'),
            GOCACHE: path.join(dir, 'gocache'),
            GO111MODULE: 'on',
          };
          const profile = path.join(dir, 'c.out');
          const tested = run(
            'go',
            ['test', ...flags, `-coverprofile=${profile}`, './...'],
            dir,
            env,
          );
          assert.equal(tested.status, 0, tested.output);
          const func = run('go', ['tool', 'cover', `-func=${profile}`], dir, env);
          assert.equal(func.status, 0, func.output);
          const tool = coverFunc(func.output);

          const text = readFileSync(profile, 'utf8');
          assert.deepEqual(claimedBy(text), ['go']);
          const report = goCoverParser.parse(text, { path: 'c.out' });
          assert.deepEqual(
            await parseGoCoverStream(chunksOf(text, 100), { path: 'c.out' }),
            report,
          );
          if (coverpkg) {
            const blocks = text.split('\n').filter((line) => line.includes('.go:'));
            assert.ok(
              new Set(blocks.map((line) => line.split(' ')[0])).size < blocks.length,
              'no block repeated',
            );
          }

          const [covered, total] = totals(report).statements;
          assert.equal(((100 * covered) / total).toFixed(1), tool.total);
          assert.deepEqual(
            pathsOf(report).sort(),
            ['example.com/cov/calc/calc.go', 'example.com/cov/other/other.go'].sort(),
          );

          // Each function's lines, from its first line to the next function's: all run at
          // 100%, none at 0%, its first line run whenever any of it was.
          const sorted = [...tool.functions].sort(
            (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
          );
          assert.ok(
            sorted.some((fn) => fn.percent === 0) && sorted.some((fn) => fn.percent === 100),
          );
          for (const [index, fn] of sorted.entries()) {
            const next = sorted[index + 1];
            const end = next?.file === fn.file ? next.line : Infinity;
            const file = report.files.find((candidate) => candidate.path === fn.file);
            assert.ok(file, fn.file);
            const hits = [...file.lines].filter(([line]) => line >= fn.line && line < end);
            assert.ok(hits.length > 0, `${fn.name}: no lines`);
            assert.equal(file.lines.get(fn.line)! > 0, fn.percent > 0, `${fn.name} first line`);
            if (fn.percent === 100)
              assert.ok(
                hits.every(([, count]) => count > 0),
                fn.name,
              );
            if (fn.percent === 0)
              assert.ok(
                hits.every(([, count]) => count === 0),
                fn.name,
              );
            if (fn.percent > 0 && fn.percent < 100) {
              assert.ok(
                hits.some(([, count]) => count > 0) && hits.some(([, count]) => count === 0),
                fn.name,
              );
            }
          }
          const percent = (name: string) => tool.functions.find((fn) => fn.name === name)!.percent;
          assert.equal(percent('Unused'), 0);
          assert.equal(percent('Add'), 100);
          // Sign(-1) runs only in other's tests, which cover calc only with -coverpkg.
          assert.equal(percent('Sign'), coverpkg ? 100 : 80);
        });
      });
    }
  },
);

// ---------------------------------------------------------------------------------------------
// coverage.py

const COVERAGE_PY = spawnSync('python3-coverage', ['--version'], { encoding: 'utf8' }).status === 0;

const PYTHON = {
  'app.py': `import helper


def sign(n):
    if n > 0:
        return 1
    elif n < 0:
        return -1
    return 0


def unused(a):
    return a * 2


def debug():  # pragma: no cover
    print("never")


for value in (5, 0):
    sign(value)
print(helper.pick([1, 2], True))
`,
  'helper.py': `def pick(items, first):
    if first:
        return items[0]
    for item in items:
        if item:
            return item
    return None
`,
};

describe(
  'real coverage.py',
  {
    skip: COVERAGE_PY
      ? false
      : 'python3-coverage is not installed (apt-get install python3-coverage)',
  },
  () => {
    test('run --branch, json: our statements and branches equal its report and JSON totals', async () => {
      await inSample('coverage-py-', PYTHON, (dir) => {
        const env = { COVERAGE_FILE: path.join(dir, '.coverage'), PYTHONDONTWRITEBYTECODE: '1' };
        const ran = run('python3-coverage', ['run', '--branch', '--source=.', 'app.py'], dir, env);
        assert.equal(ran.status, 0, ran.output);
        const json = run('python3-coverage', ['json', '-o', 'cov.json'], dir, env);
        assert.equal(json.status, 0, json.output);
        const reported = run('python3-coverage', ['report'], dir, env);
        assert.equal(reported.status, 0, reported.output);
        const row = /^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%$/m.exec(reported.output);
        assert.ok(row, `no TOTAL row:\n${reported.output}`);
        const [, stmts, miss, branch] = row.map(Number);

        const text = readFileSync(path.join(dir, 'cov.json'), 'utf8');
        assert.deepEqual(claimedBy(text), ['coverage-py']);
        const report = coveragePyJsonParser.parse(text, { path: 'cov.json' });
        const ours = totals(report);
        assert.deepEqual(ours.statements, [stmts! - miss!, stmts!]);
        assert.deepEqual(ours.lines, [stmts! - miss!, stmts!]);
        assert.equal(ours.branches[1], branch);
        const stated = (JSON.parse(text) as { totals: Record<string, number> }).totals;
        assert.deepEqual(ours.branches, [stated['covered_branches'], stated['num_branches']]);
        assert.deepEqual(ours.statements, [stated['covered_lines'], stated['num_statements']]);
        // The sample has missed lines, partial branches and an excluded function that ran its def.
        assert.ok(miss! > 0 && ours.branches[0] > 0 && ours.branches[0] < ours.branches[1]);
        assert.deepEqual(pathsOf(report), ['app.py', 'helper.py']);
        const app = report.files.find((file) => file.path === 'app.py')!;
        assert.equal(app.lines.has(16), false, 'the excluded def line, which ran');
        assert.equal(app.lines.has(17), false, 'the excluded print line');
        assert.equal(app.lines.get(13), 0, 'unused');
        assert.deepEqual(app.branches.get(7), { covered: 1, total: 2 });
      });
    });
  },
);

// ---------------------------------------------------------------------------------------------
// V8 coverage through Istanbul's reporters: c8 and Vitest's coverage-v8

const C8 = findTool('c8');
const VITEST = findTool('vitest');
const VITEST_V8 =
  VITEST &&
  existsSync(path.join(path.dirname(VITEST), '..', '@vitest', 'coverage-v8', 'package.json'));

const JS = {
  'package.json': '{"type":"module"}',
  'lib.js': `export function classify(n) {
  if (n > 0) {
    return 'positive';
  } else if (n < 0) {
    return 'negative';
  }
  return 'zero';
}

export function unused(a) {
  return a ? 1 : 2;
}

export const orDefault = (x) => x || 'default';

export class Counter {
  count = 0;
  add(n = 1) {
    this.count += n;
    return this;
  }
  reset() {
    this.count = 0;
  }
}

export function kind(value) {
  switch (typeof value) {
    case 'number':
      return 'n';
    case 'string':
      return 's';
    default:
      return '?';
  }
}
`,
  'main.js': `import { classify, orDefault, Counter, kind } from './lib.js';
console.log(classify(5), classify(0), orDefault(1), new Counter().add().count, kind(1));
`,
  'lib.test.js': `import { test, expect } from 'vitest';
import { classify, orDefault, Counter, kind } from './lib.js';
test('lib', () => {
  expect(classify(5)).toBe('positive');
  expect(classify(0)).toBe('zero');
  expect(orDefault(1)).toBe(1);
  expect(new Counter().add().count).toBe(1);
  expect(kind(1)).toBe('n');
});
`,
};

/** Istanbul's text-summary: Statements, Branches, Functions, Lines as covered of total. */
function textSummary(output: string) {
  const pair = (metric: string): Pair => {
    const m = new RegExp(`^${metric}\\s*:\\s*[\\w.]+%\\s*\\(\\s*(\\d+)/(\\d+)\\s*\\)`, 'm').exec(
      output,
    );
    assert.ok(m, `no ${metric} in the text summary:\n${output}`);
    return [Number(m[1]), Number(m[2])];
  };
  return {
    lines: pair('Lines'),
    statements: pair('Statements'),
    branches: pair('Branches'),
    functions: pair('Functions'),
  };
}

/** lcov.info, coverage-final.json and coverage-summary.json against the tool's text summary. */
async function assertReportsMatch(reports: string, tool: ReturnType<typeof textSummary>) {
  // The sample has something uncovered of every kind.
  for (const [metric, [covered, total]] of Object.entries(tool)) {
    assert.ok(covered > 0 && covered < total, `${metric}: ${covered}/${total}`);
  }

  const lcov = readFileSync(path.join(reports, 'lcov.info'), 'utf8');
  assert.deepEqual(claimedBy(lcov), ['lcov']);
  const fromLcov = lcovParser.parse(lcov, { path: 'lcov.info' });
  assert.deepEqual(await parseLcovStream(chunksOf(lcov, 10), { path: 'lcov.info' }), fromLcov);
  const ours = totals(fromLcov);
  assert.deepEqual(
    { lines: ours.lines, branches: ours.branches, functions: ours.functions },
    { lines: tool.lines, branches: tool.branches, functions: tool.functions },
    'lcov.info',
  );

  const final = readFileSync(path.join(reports, 'coverage-final.json'), 'utf8');
  assert.deepEqual(claimedBy(final), ['istanbul']);
  const fromFinal = istanbulParser.parse(final, { path: 'coverage-final.json' });
  assert.deepEqual(totals(fromFinal), tool, 'coverage-final.json');
  // Line by line too: the lcov reporter writes what getLineCoverage() and the maps say.
  for (const file of fromFinal.files) {
    const same = fromLcov.files.find((other) => file.path.endsWith(`/${other.path}`));
    assert.ok(same, `${file.path} is not in lcov.info`);
    assert.deepEqual(same.lines, file.lines, file.path);
    assert.deepEqual(same.branches, file.branches, file.path);
    assert.deepEqual(same.functions, file.functions, file.path);
  }

  const summary = readFileSync(path.join(reports, 'coverage-summary.json'), 'utf8');
  assert.deepEqual(claimedBy(summary), ['istanbul-summary']);
  assert.deepEqual(
    totals(istanbulSummaryParser.parse(summary, { path: 'coverage-summary.json' })),
    tool,
    'coverage-summary.json',
  );
}

const REPORTERS = ['lcov', 'json', 'json-summary', 'text-summary'];

describe('real V8 coverage through Istanbul reporters', () => {
  test(
    'c8: our lcov, coverage-final and coverage-summary totals equal its text summary',
    {
      skip: C8 ? false : 'c8 not found (bash scripts/test-tools.sh installs it into .tmp/js-tools)',
    },
    async () => {
      await inSample('c8-cover-', JS, async (dir) => {
        const reports = path.join(dir, 'cov');
        const ran = run(
          C8!,
          [
            ...REPORTERS.map((name) => `--reporter=${name}`),
            `--reports-dir=${reports}`,
            '--exclude=lib.test.js',
            process.execPath,
            'main.js',
          ],
          dir,
        );
        assert.equal(ran.status, 0, ran.output);
        await assertReportsMatch(reports, textSummary(ran.output));
      });
    },
  );

  test(
    'vitest --coverage (v8): our lcov, coverage-final and coverage-summary totals equal its text summary',
    {
      skip: VITEST_V8
        ? false
        : 'vitest or @vitest/coverage-v8 not found (bash scripts/test-tools.sh installs them into .tmp/js-tools)',
    },
    async () => {
      await inSample('vitest-cover-', JS, async (dir) => {
        const reports = path.join(dir, 'cov');
        const ran = run(
          VITEST!,
          [
            'run',
            '--root',
            dir,
            '--coverage.enabled',
            '--coverage.provider=v8',
            ...REPORTERS.map((name) => `--coverage.reporter=${name}`),
            `--coverage.reportsDirectory=${reports}`,
            '--coverage.include=lib.js',
          ],
          dir,
        );
        assert.equal(ran.status, 0, ran.output);
        await assertReportsMatch(reports, textSummary(ran.output));
      });
    },
  );
});
