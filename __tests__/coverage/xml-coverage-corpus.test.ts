/**
 * Every Cobertura, JaCoCo and Clover file of the shared coverage corpus, read by our parsers and
 * held against what is known of it: the totals the manifest recounted or found declared in the
 * file, the counters JaCoCo and Clover write into the file itself, and the values the upstream
 * projects' own tests assert (transcribed below). Where we differ, the file is listed in
 * EXPLAINED with both numbers and the reason ours is right; a difference not listed, or a listed
 * one that no longer occurs or has other numbers, fails the test. Nothing is skipped silently.
 *
 * Not compared: JaCoCo's INSTRUCTION percentages that jacoco-report asserts (35.25, 76.32, 20.41):
 * the coverage model counts lines, branches and functions, not bytecode instructions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { cloverParser } from '../../src/coverage/clover.js';
import { coberturaParser } from '../../src/coverage/cobertura.js';
import { ParseError, type CoverageParser } from '../../src/coverage/coverage-parser.js';
import { jacocoParser } from '../../src/coverage/jacoco.js';
import type { CoverageReport, Counts, FileCoverage } from '../../src/model/coverage.js';
import { XmlTokenizer } from '../../src/parsers/xml-stream.js';
import {
  coverageCorpusFiles,
  NO_COVERAGE_CORPUS,
  type CoverageCorpusFile,
} from '../support/coverage-corpus.js';
import { chunksOf } from '../support/counts.js';
import {
  corpusRow,
  coverageTotals,
  fileOf,
  ratio,
  readCorpusFile,
} from '../support/coverage-tests.js';

const PARSERS: Readonly<Record<string, CoverageParser>> = {
  'cobertura-xml': coberturaParser,
  'jacoco-xml': jacocoParser,
  'clover-xml': cloverParser,
};
/** XML coverage formats of the corpus that are not ours: none of our parsers may claim them. */
const OTHER_XML = ['opencover-xml', 'dotcover-xml', 'vs-coveragexml', 'scoverage-xml'];

const ROWS = coverageCorpusFiles();
const OURS = ROWS.filter((row) => Object.hasOwn(PARSERS, row.format));

/**
 * Rows the manifest files under our formats that are not such reports: each is refused with a
 * ParseError, and none is detected as ours.
 */
const REFUSED: Readonly<Record<string, { reason: RegExp; why: string }>> = {
  'coverage/coverage.xml': {
    reason: /^not a Cobertura report: the root element is <sources>, not <coverage>$/,
    why: 'not well-formed: <sources> stands before the root and no <class> is closed (the manifest: PARSE-ERROR; orgoro/coverage reads it with regexes)',
  },
  'coverage/coverage-v2.xml': {
    reason: /^not a Cobertura report: the root element is <sources>, not <coverage>$/,
    why: 'the same file with its attributes in another order',
  },
  'ReportGenerator/src/Testprojects/JaCoCo_Ant.xml': {
    reason: /^not a JaCoCo report: the root element is <project>, not <report>$/,
    why: 'an Ant build file that runs jacoco:report, not a report (the manifest: no counters, no packages)',
  },
};

/** Rows whose Clover file istanbul wrote (clover="3.2.0", project "All files"). */
const ISTANBUL_CLOVER = new Set([
  'jest-coverage-comment/data/coverage_1/clover.xml',
  'ReportGenerator/src/Testprojects/Other/Clover_Istanbul.xml',
  'diff_cover/tests/test_clover_violations_reporter/test.xml',
]);

// ---------------------------------------------------------------------------------------------
// Reading

const outcomes = new Map<string, CoverageReport | ParseError>();
function read(row: CoverageCorpusFile): CoverageReport | ParseError {
  let outcome = outcomes.get(row.localPath);
  if (outcome === undefined) {
    outcome = readCorpusFile(row, PARSERS[row.format]!);
    outcomes.set(row.localPath, outcome);
  }
  return outcome;
}
function report(localPath: string): CoverageReport {
  const outcome = read(corpusRow(localPath));
  if (outcome instanceof ParseError) assert.fail(`${localPath} did not parse: ${outcome.message}`);
  return outcome;
}
/** A file of a corpus report. */
const corpusFile = (localPath: string, path: string) => fileOf(report(localPath), path);

// ---------------------------------------------------------------------------------------------
// What the manifest and the files themselves say

/** The `derived:` part of the header column, and the part before it (values in the file). */
function headerParts(row: CoverageCorpusFile): { declared: string; derived: string } {
  const at = row.header.indexOf('derived:');
  return at < 0
    ? { declared: row.header, derived: '' }
    : { declared: row.header.slice(0, at), derived: row.header.slice(at) };
}
function field(text: string, name: string): string | undefined {
  return new RegExp(`(?:^|[\\s;:])${name}=([^\\s;]+)`).exec(text)?.[1];
}
/** `['a', None, '\n x ']` as Python printed it. */
function pythonStrings(list: string): (string | null)[] {
  const items: (string | null)[] = [];
  for (const match of list.matchAll(/'((?:[^'\\]|\\.)*)'|None/g)) {
    items.push(
      match[1] === undefined
        ? null
        : match[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)),
    );
  }
  return items;
}

/** Counters a JaCoCo file states: those of the report itself and the sum of its sourcefiles'. */
function jacocoCounters(text: string) {
  const root: Record<string, Counts> = {};
  const sourcefiles: Record<string, { covered: number; total: number }> = {};
  const stack: string[] = [];
  const tokenizer = new XmlTokenizer({
    openTag(name, attributes, selfClosing) {
      if (name === 'counter') {
        const covered = Number(attributes.covered);
        const total = covered + Number(attributes.missed);
        const type = attributes.type!;
        if (stack.at(-1) === 'report') root[type] = { covered, total };
        if (stack.at(-1) === 'sourcefile') {
          const sum = (sourcefiles[type] ??= { covered: 0, total: 0 });
          sum.covered += covered;
          sum.total += total;
        }
      }
      if (!selfClosing) stack.push(name);
    },
    closeTag: () => void stack.pop(),
    text() {},
    doctype() {},
  });
  tokenizer.write(text);
  tokenizer.end();
  return { root, sourcefiles };
}

/** The sums of Clover's per-file `<metrics>` in `<project>`. */
function cloverFileMetrics(text: string): Record<string, number> {
  const sums: Record<string, number> = {};
  const stack: string[] = [];
  const tokenizer = new XmlTokenizer({
    openTag(name, attributes, selfClosing) {
      if (name === 'metrics' && stack.at(-1) === 'file' && stack[1] === 'project') {
        for (const [key, value] of Object.entries(attributes)) {
          sums[key] = (sums[key] ?? 0) + Number(value);
        }
      }
      if (!selfClosing) stack.push(name);
    },
    closeTag: () => void stack.pop(),
    text() {},
    doctype() {},
  });
  tokenizer.write(text);
  tokenizer.end();
  return sums;
}

// ---------------------------------------------------------------------------------------------
// Comparisons

interface Comparison {
  readonly file: string;
  readonly what: string;
  readonly ours: string;
  readonly theirs: string;
}

/** A stated rate against ours: within one unit of its last printed digit. */
function rate(ours: Counts, stated: string | undefined, what: string, file: string) {
  if (stated === undefined || stated === 'None') return [];
  if (ours.total === 0) {
    // Nothing to cover: producers write 0, 1 or NaN.
    const fine = stated === 'NaN' || Number(stated) === 0 || Number(stated) === 1;
    return [{ file, what, ours: 'none', theirs: fine ? 'none' : stated }];
  }
  const value = Number(Number(stated).toPrecision(12));
  const decimals = String(value).split('.')[1]?.length ?? 0;
  const share = ours.covered / ours.total;
  const close = Math.abs(share - value) <= 10 ** -decimals + 1e-12;
  const shown = `${share.toFixed(4)} (${ratio(ours)})`;
  return [{ file, what, ours: shown, theirs: close ? shown : stated }];
}

function coberturaComparisons(row: CoverageCorpusFile, report: CoverageReport): Comparison[] {
  const file = row.localPath;
  const { declared, derived } = headerParts(row);
  const ours = coverageTotals(report.files);
  const found: Comparison[] = [];
  const covered = field(derived, 'lines-covered');
  const valid = field(derived, 'lines-valid');
  if (covered && valid && covered !== 'None' && valid !== 'None') {
    found.push({
      file,
      what: 'lines = root lines-covered/lines-valid',
      ours: ratio(ours.lines),
      theirs: `${covered}/${valid}`,
    });
  }
  const elements = field(derived, 'class-line-elements');
  const hit = field(derived, 'hit');
  if (elements && hit) {
    found.push({
      file,
      what: 'lines = recounted class <line> elements',
      ours: ratio(ours.lines),
      theirs: `${hit}/${elements}`,
    });
  }
  found.push(...rate(ours.lines, field(derived, 'line-rate'), 'line-rate = root line-rate', file));
  const branches = /\bbranches (\d+)\/(\d+)/.exec(declared);
  if (branches) {
    found.push({
      file,
      what: 'branches = declared branches',
      ours: ratio(ours.branches),
      theirs: `${branches[1]}/${branches[2]}`,
    });
  }
  found.push(
    ...rate(ours.branches, field(derived, 'branch-rate'), 'branch-rate = root branch-rate', file),
  );
  const sources = /sources=\[(.*?)\](?:$|;|")/.exec(derived);
  if (sources) {
    // Our rule: each root trimmed, empty ones and repeats dropped, order kept.
    const expected = [
      ...new Set(
        pythonStrings(sources[1]!)
          .map((s) => s?.trim() ?? '')
          .filter((s) => s !== ''),
      ),
    ];
    found.push({
      file,
      what: 'source roots',
      ours: JSON.stringify(report.sourceRoots),
      theirs: JSON.stringify(expected),
    });
  }
  return found;
}

function jacocoComparisons(row: CoverageCorpusFile, report: CoverageReport): Comparison[] {
  const file = row.localPath;
  const ours = coverageTotals(report.files);
  const { root, sourcefiles } = jacocoCounters(readFileSync(row.file, 'utf8'));
  const found: Comparison[] = [];
  const pairs: [string, string, Counts][] = [
    ['LINE', 'lines', ours.lines],
    ['BRANCH', 'branches', ours.branches],
    ['METHOD', 'functions', ours.functions],
  ];
  for (const [type, name, mine] of pairs) {
    const stated = root[type];
    if (stated) {
      found.push({
        file,
        what: `${name} = root ${type} counter`,
        ours: ratio(mine),
        theirs: ratio(stated),
      });
    }
    const summed = sourcefiles[type];
    if (summed) {
      found.push({
        file,
        what: `${name} = sum of <sourcefile> ${type} counters`,
        ours: ratio(mine),
        theirs: ratio(summed),
      });
    }
  }
  return found;
}

function cloverComparisons(row: CoverageCorpusFile, report: CoverageReport): Comparison[] {
  const file = row.localPath;
  const ours = coverageTotals(report.files);
  const istanbul = ISTANBUL_CLOVER.has(file);
  // Istanbul writes its line counts as statements; Clover counts statements apart.
  const [statementsName, statements] = istanbul
    ? ['lines', ours.lines]
    : ['statements', ours.statements];
  const { derived } = headerParts(row);
  const project = (name: string) => field(derived, name);
  const perFile = cloverFileMetrics(readFileSync(row.file, 'utf8'));
  const found: Comparison[] = [];
  const pairs: [string, Counts, string, string][] = [
    [statementsName, statements, 'statements', 'coveredstatements'],
    ['branches', ours.branches, 'conditionals', 'coveredconditionals'],
    ['functions', ours.functions, 'methods', 'coveredmethods'],
  ];
  for (const [name, mine, total, covered] of pairs) {
    found.push({
      file,
      what: `${name} = project metrics ${total}`,
      ours: ratio(mine),
      theirs: `${project(covered)}/${project(total)}`,
    });
    found.push({
      file,
      what: `${name} = sum of <file> metrics ${total}`,
      ours: ratio(mine),
      theirs: `${perFile[covered] ?? 0}/${perFile[total] ?? 0}`,
    });
  }
  return found;
}

/** Percent with three decimals cut, as cobertura-action prints it. */
const percent = (c: Counts) => String(Math.floor((c.covered / c.total) * 100 * 1000) / 1000);
const linesOf = (localPath: string, path: string) =>
  coverageTotals([corpusFile(localPath, path)]).lines;
const branchesOf = (localPath: string, path: string) =>
  coverageTotals([corpusFile(localPath, path)]).branches;
/** Missing lines in ranges over the file's executable lines, as coverage tools compress them. */
function missingRanges(file: FileCoverage): string {
  const lines = [...file.lines.keys()].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  let open: [number, number] | undefined;
  for (const line of lines) {
    if (file.lines.get(line)! > 0) {
      open = undefined;
    } else if (open) {
      open[1] = line;
    } else {
      open = [line, line];
      ranges.push(open);
    }
  }
  return JSON.stringify(ranges);
}
const missing = (file: FileCoverage) =>
  [...file.lines]
    .filter(([, hits]) => hits === 0)
    .map(([line]) => line)
    .join(',');
const hitsAt = (file: FileCoverage, lines: number[]) =>
  lines.map((line) => `L${line}=${file.lines.get(line) ?? -1}`).join(',');

const ACTION = 'cobertura-action/src/fixtures';
const MISSING = `${ACTION}/test-missing-lines.xml`;
const RG = 'ReportGenerator/src/Testprojects';

/** What the upstream projects' tests assert, with the test that asserts it. */
const UPSTREAM: readonly {
  file: string;
  what: string;
  theirs: string;
  ours: () => string;
}[] = [
  // 5monkeys/cobertura-action src/cobertura.test.js
  ...(['test-branch.xml', 'test-no-branch.xml'] as const).flatMap((name) => [
    {
      file: `${ACTION}/${name}`,
      what: 'files',
      theirs: '4',
      ours: () => String(report(`${ACTION}/${name}`).files.length),
    },
    {
      file: `${ACTION}/${name}`,
      what: 'BinarySearch line %',
      theirs: '91.666',
      ours: () => percent(linesOf(`${ACTION}/${name}`, 'search/BinarySearch.java')),
    },
    {
      file: `${ACTION}/${name}`,
      what: 'LinearSearch line %',
      theirs: '71.428',
      ours: () => percent(linesOf(`${ACTION}/${name}`, 'search/LinearSearch.java')),
    },
  ]),
  {
    file: `${ACTION}/test-branch.xml`,
    what: 'BinarySearch branch %',
    theirs: '83.333',
    ours: () => percent(branchesOf(`${ACTION}/test-branch.xml`, 'search/BinarySearch.java')),
  },
  {
    file: `${ACTION}/test-branch.xml`,
    what: 'LinearSearch branch %',
    theirs: '66.666',
    ours: () => percent(branchesOf(`${ACTION}/test-branch.xml`, 'search/LinearSearch.java')),
  },
  {
    file: `${ACTION}/test-branch.xml`,
    what: 'Main.java line %',
    theirs: '100',
    ours: () => percent(linesOf(`${ACTION}/test-branch.xml`, 'Main.java')),
  },
  {
    file: `${ACTION}/test-branch.xml`,
    what: 'total = mean of line % and branch %',
    theirs: '82.5',
    ours: () => {
      const { lines, branches } = coverageTotals(report(`${ACTION}/test-branch.xml`).files);
      return String((Number(percent(lines)) + Number(percent(branches))) / 2);
    },
  },
  ...(
    [
      ['test-no-branch.xml', '90'],
      ['test-istanbul.xml', '100'],
      ['test-istanbul-single.xml', '100'],
      ['test-python.xml', '90'],
      ['test-missing-lines.xml', '51.25'],
    ] as const
  ).map(([name, total]) => ({
    file: `${ACTION}/${name}`,
    what: 'total line %',
    theirs: total,
    ours: () => percent(coverageTotals(report(`${ACTION}/${name}`).files).lines),
  })),
  ...(
    [
      ['test-istanbul.xml', 'src/action.js,src/cobertura.js'],
      ['test-istanbul-single.xml', 'src/action.js'],
      ['test-python.xml', 'source.py'],
    ] as const
  ).map(([name, files]) => ({
    file: `${ACTION}/${name}`,
    what: 'files',
    theirs: files,
    ours: () =>
      report(`${ACTION}/${name}`)
        .files.map((f) => f.path)
        .join(','),
  })),
  ...(
    [
      ['miss_at_start.py', '[[1,3]]'],
      ['miss_at_end.py', '[[9,10]]'],
      ['single_line_gaps.py', '[[3,3],[5,5],[9,9]]'],
      ['multi_line_gaps.py', '[[4,5],[7,9],[15,18]]'],
      ['unsorted_lines.py', '[[3,4],[6,6],[8,9]]'],
      ['no_lines.py', '[]'],
      ['single_line.py', '[[4,4]]'],
    ] as const
  ).map(([path, ranges]) => ({
    file: MISSING,
    what: `${path} missing ranges`,
    theirs: ranges,
    ours: () => missingRanges(corpusFile(MISSING, path)),
  })),
  {
    file: MISSING,
    what: 'files',
    theirs: '8',
    ours: () => String(report(MISSING).files.length),
  },
  // MishaKav/pytest-coverage-comment: partial branches shown in its HTML.
  {
    file: 'pytest-coverage-comment/data/coverage_2.xml',
    what: "controller_02.py partial branch '63->66'",
    theirs: '1/2',
    ours: () =>
      ratio(
        corpusFile(
          'pytest-coverage-comment/data/coverage_2.xml',
          'controllers/controller_02.py',
        ).branches.get(63) ?? { covered: 0, total: 0 },
      ),
  },
  {
    file: 'pytest-coverage-comment/data/coverage_3.xml',
    what: "foo.py partial branches '16->18', '24->exit'",
    theirs: '16:1/2,24:1/2',
    ours: () =>
      [...corpusFile('pytest-coverage-comment/data/coverage_3.xml', 'foo.py').branches]
        .map(([line, b]) => `${line}:${ratio(b)}`)
        .join(','),
  },
  // danielpalme/ReportGenerator CoberturaParserTest, JaCoCoParserTest, CloverParserTest.
  ...(
    [
      [
        `${RG}/Java/Reports/Cobertura2.1.1.xml`,
        'test/TestClass.java',
        'test/AbstractClass.java',
        '3',
      ],
      [`${RG}/Java/Reports/JaCoCo0.8.3.xml`, 'test/TestClass.java', 'test/AbstractClass.java', '3'],
      [
        `${RG}/Java/Reports/Clover_OpenClover4.3.1.xml`,
        'C:\\temp\\test\\TestClass.java',
        'C:\\temp\\test\\AbstractClass.java',
        '1',
      ],
    ] as const
  ).flatMap(([file, testClass, abstractClass, coverable]) => [
    { file, what: 'files', theirs: '7', ours: () => String(report(file).files.length) },
    {
      file,
      what: 'TestClass hits (-1: not coverable)',
      theirs: file.includes('Cobertura') ? 'L15=1,L17=1,L20=0,L1=-1' : 'L15=1,L17=1,L20=0',
      ours: () =>
        hitsAt(
          corpusFile(file, testClass),
          file.includes('Cobertura') ? [15, 17, 20, 1] : [15, 17, 20],
        ),
    },
    {
      file,
      what: 'AbstractClass coverable lines',
      theirs: coverable,
      ours: () => String(corpusFile(file, abstractClass).lines.size),
    },
  ]),
  // Bachmann1234/diff_cover: console reports of its fixtures.
  {
    file: 'diff_cover/tests/fixtures/coverage.xml',
    what: 'missing lines',
    theirs: '2,4,6,8,10',
    ours: () => missing(corpusFile('diff_cover/tests/fixtures/coverage.xml', 'test_src.txt')),
  },
  {
    file: 'diff_cover/tests/fixtures/coverage1.xml',
    what: 'with coverage2.xml: lines covered in neither report',
    theirs: '4,6,8,10',
    ours: () => {
      const one = corpusFile('diff_cover/tests/fixtures/coverage1.xml', 'test_src.txt');
      const two = corpusFile('diff_cover/tests/fixtures/coverage2.xml', 'test_src.txt');
      return [...one.lines.keys()]
        .filter((line) => !(one.lines.get(line)! > 0) && !(two.lines.get(line)! > 0))
        .join(',');
    },
  },
  // orgoro/coverage src/coverage.test.ts
  ...['coverage/coverage.xml', 'coverage/coverage-v2.xml'].map((file) => ({
    file,
    what: 'total lines',
    theirs: '940/1000',
    ours: () => {
      const outcome = read(corpusRow(file));
      return outcome instanceof ParseError ? 'refused' : ratio(coverageTotals(outcome.files).lines);
    },
  })),
];

/** Every difference between ours and theirs, and why ours is right. */
const EXPLAINED: readonly (Comparison & { why: string })[] = [
  {
    file: `${RG}/CSharp/Reports/Cobertura_dotnettest.xml`,
    what: 'lines = root lines-covered/lines-valid',
    ours: '158/221',
    theirs: '163/235',
    why: 'the root counts 10 lines that no <class> of the file lists (the classes hold 225 line elements); totals come from the lines',
  },
  {
    file: `${RG}/CSharp/Reports/Cobertura_dotnettest.xml`,
    what: 'lines = recounted class <line> elements',
    ours: '158/221',
    theirs: '162/225',
    why: 'lines 42 and 44 of TestClass.cs and 45 and 54 of TestClass2.cs are each listed by two classes (a class and its compiler-generated nested class): one line each, not two',
  },
  {
    file: `${RG}/CSharp/Reports/Cobertura_dotnettest.xml`,
    what: 'line-rate = root line-rate',
    ours: '0.7149 (158/221)',
    theirs: '0.6936170212765957',
    why: 'the root rate is 163/235, the counts above',
  },
  {
    file: `${RG}/CSharp/Reports/Cobertura_altcover.xml`,
    what: 'lines = recounted class <line> elements',
    ours: '116/174',
    theirs: '121/182',
    why: 'partial classes list line 21 of PartialClass.cs three times and lines 11, 45, 47 (four times) and 54 of TestClass2.cs more than once: 174 distinct lines',
  },
  {
    file: `${RG}/CSharp/Reports/Cobertura_altcover.xml`,
    what: 'line-rate = root line-rate',
    ours: '0.6667 (116/174)',
    theirs: '0.6648351648351648',
    why: 'altcover rates the 182 line elements, repeats included (121/182)',
  },
  {
    file: `${RG}/CSharp/Reports/Cobertura_altcover.xml`,
    what: 'branch-rate = root branch-rate',
    ours: '0.7000 (7/10)',
    theirs: '0.22448979591836735',
    why: "altcover rates its 49 IL branch points (11/49); the lines' condition-coverage states 10 branches",
  },
  {
    file: `${ACTION}/test-istanbul-single.xml`,
    what: 'lines = root lines-covered/lines-valid',
    ours: '33/33',
    theirs: '51/51',
    why: 'the fixture is test-istanbul.xml cut to its first class; the root still counts both classes (its classes hold 33 line elements)',
  },
  ...[
    MISSING,
    'coverage-action/fixtures/test-missing-lines.xml',
    'coverage-action/fixtures/test-missing-lines-2.xml',
  ].map((file) => ({
    file,
    what: 'line-rate = root line-rate',
    ours: '0.6721 (41/61)',
    theirs: '0.5125',
    why: 'a synthetic fixture (copied by coverage-action): its root rate is the mean of its 8 class rates, not lines covered over lines',
  })),
  {
    file: `${ACTION}/test-missing-lines.xml`,
    what: 'total line %',
    ours: '67.213',
    theirs: '51.25',
    why: 'cobertura-action prints the root rate (see above); 41 of the 61 lines are covered',
  },
  ...[
    'coverage.xml',
    'coverage1.xml',
    'moved_coverage.xml',
    'unicode_coverage.xml',
    'coverage2.xml',
    'coverage_missing_lines.xml',
  ].map((name) => {
    const covered = { 'coverage2.xml': 6, 'coverage_missing_lines.xml': 4 }[name] ?? 5;
    const total = name === 'coverage_missing_lines.xml' ? 8 : 10;
    return {
      file: `diff_cover/tests/fixtures/${name}`,
      what: 'line-rate = root line-rate',
      ours: `${(covered / total).toFixed(4)} (${covered}/${total})`,
      theirs: '0.8792',
      why: "diff_cover's hand-made fixtures keep a root rate copied from a real report; their lines are all diff_cover reads",
    };
  }),
  {
    file: `${RG}/C++/Reports/Cobertura_CPPCoverage.xml`,
    what: 'line-rate = root line-rate',
    ours: '0.0000 (0/2)',
    theirs: '0.120511',
    why: "ReportGenerator's fixture keeps one class of the real report (2 lines, none hit) under the whole report's rate",
  },
  {
    file: `${RG}/Other/Cobertura_Istanbul.xml`,
    what: 'branch-rate = root branch-rate',
    ours: 'none',
    theirs: '0.0797',
    why: 'every line says branch="false" and none states condition-coverage: the 235/2949 branches of the root are in no line, so there are none to count',
  },
  {
    file: `${RG}/Other/Cobertura_Swift.xml`,
    what: 'lines = recounted class <line> elements',
    ours: '1/2',
    theirs: '0/0',
    why: 'xccov converters write lines only under <methods>; a class without lines of its own takes its methods\u2019 (the root agrees: 1/2)',
  },
  {
    file: 'diff_cover/tests/fixtures/dotnet_coverage.xml',
    what: 'source roots',
    ours: '["--source","/code/samplediff/SampleApp"]',
    theirs: '["--source","/code/samplediff/SampleApp"]',
    why: 'not a difference: listed to pin the trimming of "\\n      /code/samplediff/SampleApp \\n    "',
  },
  ...['aggregate-report.xml', 'empty-aggregate-report.xml'].flatMap((name) => [
    {
      file: `jacoco-report/__tests__/__fixtures__/${name}`,
      what: 'lines = root LINE counter',
      ours: name === 'aggregate-report.xml' ? '10/28' : '2/18',
      theirs: '7593/9823',
      why: 'the fixture keeps a few sourcefiles of a large aggregate report under its full root counters; ours equal the sum of the sourcefiles kept',
    },
    {
      file: `jacoco-report/__tests__/__fixtures__/${name}`,
      what: 'branches = root BRANCH counter',
      ours: '0/0',
      theirs: '1268/2066',
      why: 'the same: the sourcefiles kept have no branches',
    },
    {
      file: `jacoco-report/__tests__/__fixtures__/${name}`,
      what: 'functions = root METHOD counter',
      ours: name === 'aggregate-report.xml' ? '10/19' : '2/9',
      theirs: '2194/2877',
      why: 'the same: ours equal the sum of the sourcefiles kept',
    },
  ]),
  ...(
    [
      ['lines', '2/19', '2/21'],
      ['functions', '2/9', '2/11'],
    ] as const
  ).map(([name, ours, theirs]) => ({
    file: 'jacoco-report/__tests__/__fixtures__/empty_multi_module/empty-appCoverage.xml',
    what: `${name} = root ${name === 'lines' ? 'LINE' : 'METHOD'} counter`,
    ours,
    theirs,
    why: 'appCoverage.xml with one of its 4 sourcefiles removed, root counters unchanged; ours equal the sum of the 3 kept',
  })),
  ...(
    [
      ['lines', '11/11', '161/161'],
      ['branches', '0/0', '18/24'],
      ['functions', '0/0', '49/49'],
    ] as const
  ).map(([name, ours, theirs]) => ({
    file: `${RG}/Other/Clover_Istanbul.xml`,
    what: `${name} = project metrics ${name === 'lines' ? 'statements' : name === 'branches' ? 'conditionals' : 'methods'}`,
    ours,
    theirs,
    why: 'an excerpt: 2 of the 15 files its project metrics count; ours equal the sum of the 2 files\u2019 own metrics',
  })),
  ...(
    [
      ['jest-coverage-comment/data/coverage_1/clover.xml', '2/6', 'project'],
      ['jest-coverage-comment/data/coverage_1/clover.xml', '2/6', 'file'],
      ['diff_cover/tests/test_clover_violations_reporter/test.xml', '2/2', 'project'],
      ['diff_cover/tests/test_clover_violations_reporter/test.xml', '2/2', 'file'],
      [`${RG}/Other/Clover_Istanbul.xml`, '4/4', 'file'],
    ] as const
  ).map(([file, theirs, where]) => ({
    file,
    what: `functions = ${where === 'project' ? 'project metrics' : 'sum of <file> metrics'} methods`,
    ours: '0/0',
    theirs,
    why: "istanbul's Clover writer counts functions in <metrics> but writes no method entries: there are none to read",
  })),
  ...['coverage/coverage.xml', 'coverage/coverage-v2.xml'].map((file) => ({
    file,
    what: 'total lines',
    ours: 'refused',
    theirs: '940/1000',
    why: 'not well-formed XML (see REFUSED); orgoro/coverage takes the root attributes with regexes',
  })),
];

// ---------------------------------------------------------------------------------------------

describe('XML coverage corpus', NO_COVERAGE_CORPUS, () => {
  test('the manifest lists our formats and the XML formats we must not claim', () => {
    const formats = new Set(ROWS.map((row) => row.format));
    for (const format of [...Object.keys(PARSERS), ...OTHER_XML]) {
      assert.ok(formats.has(format), `no ${format} rows`);
    }
    assert.equal(OURS.length, 70);
  });

  test('each file is detected by its own parser only, and no other corpus file by ours', () => {
    const wrong: string[] = [];
    for (const row of ROWS) {
      const head = readFileSync(row.file, 'utf8').slice(0, 4096);
      const claimed = Object.entries(PARSERS)
        .filter(([, parser]) => parser.detect(head))
        .map(([format]) => format);
      const expected =
        Object.hasOwn(PARSERS, row.format) && !REFUSED[row.localPath] ? [row.format] : [];
      if (claimed.join() !== expected.join()) {
        wrong.push(`${row.localPath} (${row.format}): claimed by [${claimed.join()}]`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('files that are not such reports are refused with the reason', () => {
    for (const [file, { reason }] of Object.entries(REFUSED)) {
      const outcome = read(corpusRow(file));
      assert.ok(outcome instanceof ParseError, `${file} parsed`);
      assert.match(outcome.reason, reason, file);
    }
    const failed = OURS.filter((row) => !REFUSED[row.localPath])
      .map((row) => read(row))
      .filter((outcome) => outcome instanceof ParseError)
      .map((error) => error.message);
    assert.deepEqual(failed, []);
  });

  test('the manifest\u2019s JaCoCo counters are the ones our second reading finds in the files', () => {
    for (const row of OURS.filter((r) => r.format === 'jacoco-xml' && !REFUSED[r.localPath])) {
      const { root } = jacocoCounters(readFileSync(row.file, 'utf8'));
      const stated = [...row.header.matchAll(/([A-Z]+) (\d+)\/(\d+) \(/g)].map(
        ([, type, covered, total]) => `${type} ${covered}/${total}`,
      );
      assert.deepEqual(
        Object.entries(root).map(([type, c]) => `${type} ${ratio(c)}`),
        stated,
        row.localPath,
      );
    }
  });

  test('totals agree with the manifest, the files\u2019 own counters and upstream tests, or differ as explained', (t) => {
    const comparisons: Comparison[] = [];
    for (const row of OURS) {
      if (REFUSED[row.localPath]) continue;
      const outcome = read(row);
      assert.ok(!(outcome instanceof ParseError), outcome.toString());
      if (row.format === 'cobertura-xml') comparisons.push(...coberturaComparisons(row, outcome));
      if (row.format === 'jacoco-xml') comparisons.push(...jacocoComparisons(row, outcome));
      if (row.format === 'clover-xml') comparisons.push(...cloverComparisons(row, outcome));
    }
    for (const check of UPSTREAM) {
      comparisons.push({
        file: check.file,
        what: check.what,
        ours: check.ours(),
        theirs: check.theirs,
      });
    }
    const key = (c: Comparison) => `${c.file} | ${c.what}`;
    const differences = comparisons.filter((c) => c.ours !== c.theirs);
    const explainedDifferences = EXPLAINED.filter((e) => e.ours !== e.theirs);
    const show = (list: readonly Comparison[]) =>
      list.map((c) => `${key(c)}: ours ${c.ours}, theirs ${c.theirs}`).sort();
    assert.deepEqual(show(differences), show(explainedDifferences));
    // Entries that pin an agreement must match a comparison made.
    for (const pinned of EXPLAINED.filter((e) => e.ours === e.theirs)) {
      assert.ok(
        comparisons.some((c) => key(c) === key(pinned) && c.ours === pinned.ours),
        `stale: ${key(pinned)}`,
      );
    }
    const files = new Set(comparisons.map((c) => c.file));
    const agreeing = [...files].filter((file) => !differences.some((d) => d.file === file));
    t.diagnostic(
      `${comparisons.length - differences.length} of ${comparisons.length} comparisons equal; ` +
        `${agreeing.length} of ${files.size} files agree on everything compared`,
    );
  });

  test('every file read in chunks gives the report read whole', async () => {
    for (const row of OURS) {
      if (REFUSED[row.localPath]) continue;
      const text = readFileSync(row.file, 'utf8');
      for (const size of [97, 8192]) {
        const streamed = await PARSERS[row.format]!.parseStream!(chunksOf(text, size), {
          path: row.localPath,
        });
        assert.deepEqual(streamed, read(row), `${row.localPath} in chunks of ${size}`);
      }
    }
  });
});
