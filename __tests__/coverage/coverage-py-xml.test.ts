/**
 * The real tool: coverage.py (Debian's python3-coverage) measures a small program with covered,
 * uncovered and partly taken branches, writes `coverage xml`, `coverage json` and its text
 * report, and our Cobertura reading of the XML must count what coverage.py itself counts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { coberturaParser } from '../../src/coverage/cobertura.js';
import type { CoverageReport, FileCoverage } from '../../src/model/coverage.js';
import { coverageTotals, ratio } from '../support/coverage-tests.js';

const COVERAGE = '/usr/bin/python3-coverage';

const SAMPLE = {
  'shapes/__init__.py': '',
  'shapes/classify.py': `def classify(n):
    if n > 0:
        return "positive"
    elif n < 0:
        return "negative"
    return "zero"


def never_called():
    total = 0
    for i in range(3):
        total += i
    return total


def partial(flag):
    result = 0
    if flag:
        result = 1
    return result
`,
  'shapes/__main__.py': `from shapes.classify import classify, partial

for value in (1, 2):
    classify(value)
partial(True)
while_loop = 0
while while_loop < 2:
    while_loop += 1
`,
};

interface PyTotals {
  covered_lines: number;
  num_statements: number;
  covered_branches: number;
  num_branches: number;
  num_partial_branches: number;
  percent_covered: number;
}

describe(
  'Cobertura parser on coverage.py output',
  {
    skip: existsSync(COVERAGE)
      ? false
      : `${COVERAGE} is not installed (apt-get install python3-coverage)`,
  },
  () => {
    let dir = '';
    let report: CoverageReport;
    let json: {
      totals: PyTotals;
      files: Record<
        string,
        { summary: PyTotals; missing_lines: number[]; executed_lines: number[] }
      >;
    };
    let text = '';

    before(() => {
      dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'coverage-py-xml-')));
      for (const [name, content] of Object.entries(SAMPLE)) {
        const file = path.join(dir, name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
      // An empty configuration of its own: no user or project settings change what is measured.
      writeFileSync(path.join(dir, '.coveragerc'), '');
      const env = {
        ...process.env,
        COVERAGE_FILE: path.join(dir, '.coverage'),
        COVERAGE_RCFILE: path.join(dir, '.coveragerc'),
      };
      const run = (...args: string[]) =>
        execFileSync(COVERAGE, args, {
          cwd: dir,
          env,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      run('run', '--branch', '-m', 'shapes');
      run('xml', '-o', 'cov.xml');
      run('json', '-o', 'cov.json');
      text = run('report');
      report = coberturaParser.parse(readFileSync(path.join(dir, 'cov.xml'), 'utf8'), {
        path: 'cov.xml',
      });
      json = JSON.parse(readFileSync(path.join(dir, 'cov.json'), 'utf8')) as typeof json;
    });

    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    function counted(files: readonly FileCoverage[]) {
      const { lines, branches } = coverageTotals(files);
      let partial = 0;
      for (const file of files) {
        for (const [line, b] of file.branches) {
          // coverage.py's "partial": a line that ran and took some of its exits but not all.
          if (file.lines.get(line)! > 0 && b.covered < b.total) partial++;
        }
      }
      return { lines, branches, partial };
    }

    test('the sample has covered, uncovered and partly taken lines (or the test proves nothing)', () => {
      const { totals } = json;
      assert.ok(totals.covered_lines > 0 && totals.covered_lines < totals.num_statements);
      assert.ok(totals.num_partial_branches > 0);
      assert.ok(totals.covered_branches > 0 && totals.covered_branches < totals.num_branches);
    });

    test('our totals are the ones coverage.py writes in its JSON', () => {
      const ours = counted(report.files);
      const { totals } = json;
      assert.deepEqual(
        { lines: ratio(ours.lines), branches: ratio(ours.branches), partial: ours.partial },
        {
          lines: `${totals.covered_lines}/${totals.num_statements}`,
          branches: `${totals.covered_branches}/${totals.num_branches}`,
          partial: totals.num_partial_branches,
        },
      );
    });

    test('our totals are the ones coverage.py prints in its report', () => {
      // Name  Stmts  Miss  Branch  BrPart  Cover
      const total = /^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s*$/m.exec(text);
      assert.ok(total, text);
      const [statements, miss, branches, partial, cover] = total.slice(1).map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      const ours = counted(report.files);
      assert.equal(ours.lines.total, statements);
      assert.equal(ours.lines.total - ours.lines.covered, miss);
      assert.equal(ours.branches.total, branches);
      assert.equal(ours.partial, partial);
      // coverage.py's own percentage: lines and branches together, rounded.
      const percent =
        ((ours.lines.covered + ours.branches.covered) / (ours.lines.total + ours.branches.total)) *
        100;
      assert.equal(Math.round(percent), cover);
    });

    test('each file: its lines run and missed, as coverage.py lists them', () => {
      const ours = Object.fromEntries(
        report.files.map((file) => [
          file.path,
          {
            executed: [...file.lines].filter(([, hits]) => hits > 0).map(([line]) => line),
            missing: [...file.lines].filter(([, hits]) => hits === 0).map(([line]) => line),
          },
        ]),
      );
      const theirs = Object.fromEntries(
        Object.entries(json.files).map(([name, file]) => [
          name,
          { executed: file.executed_lines, missing: file.missing_lines },
        ]),
      );
      assert.deepEqual(ours, theirs);
      assert.deepEqual(report.sourceRoots, [dir]);
    });
  },
);
