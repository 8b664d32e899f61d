import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cloverParser } from '../../src/coverage/clover.js';
import {
  assertClaimsNone,
  assertStreamsLikeWhole,
  byLine,
  fileOf,
  pathsOf,
  refusal,
} from '../support/coverage-tests.js';

const parse = (xml: string) => cloverParser.parse(xml, { path: 'clover.xml' });

/** Shaped like OpenClover 4 output: several statements on a line, a condition, methods, test code. */
const OPENCLOVER = `<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1547410716458" clover="4.3.1">
   <project timestamp="1547410715686" name="acme">
      <metrics statements="999" coveredstatements="1" conditionals="0" coveredconditionals="0" methods="0" coveredmethods="0"/>
      <package name="test">
         <file path="C:\\temp\\test\\TestClass.java" name="TestClass.java">
            <metrics statements="5" coveredstatements="4" conditionals="2" coveredconditionals="1" methods="2" coveredmethods="1"/>
            <class name="TestClass"><metrics statements="5"/></class>
            <line complexity="3" visibility="public" signature="SampleFunction() : void" num="6" count="1" type="method"/>
            <line num="7" count="1" type="stmt"/>
            <line num="12" count="3" type="stmt"/>
            <line num="12" count="0" type="stmt"/>
            <line falsecount="0" truecount="1" num="15" type="cond"/>
            <line num="15" count="1" type="stmt"/>
            <line complexity="1" visibility="private" signature="Unused() : int" num="19" count="0" type="method"/>
            <line num="20" count="0" type="stmt"/>
         </file>
      </package>
   </project>
   <testproject timestamp="1547410715686" name="acme">
      <package name="test">
         <file path="C:\\temp\\test\\TestClassTest.java" name="TestClassTest.java">
            <line num="16" count="2" type="stmt"/>
         </file>
      </package>
   </testproject>
</coverage>
`;

/** Shaped like istanbul-reports' clover writer (jest, nyc, vitest). */
const ISTANBUL = `<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1622182664251" clover="3.2.0">
  <project timestamp="1622182664251" name="All files">
    <metrics statements="6" coveredstatements="5" conditionals="7" coveredconditionals="4" methods="1" coveredmethods="1"/>
    <file name="switch.js" path="/home/runner/work/app/src/switch.js">
      <metrics statements="6" coveredstatements="5" conditionals="7" coveredconditionals="4" methods="1" coveredmethods="1"/>
      <line num="1" count="1" type="stmt"/>
      <line num="2" count="3" type="cond" truecount="3" falsecount="1"/>
      <line num="3" count="2" type="stmt"/>
      <line num="5" count="1" type="cond" truecount="0" falsecount="2"/>
      <line num="6" count="0" type="stmt"/>
      <line num="8" count="1" type="cond" truecount="1" falsecount="0"/>
    </file>
  </project>
</coverage>
`;

describe('Clover parser: detection', () => {
  test('claims <coverage> roots of OpenClover, istanbul and PHPUnit', () => {
    assert.ok(cloverParser.detect(OPENCLOVER.slice(0, 200)));
    assert.ok(cloverParser.detect(ISTANBUL.slice(0, 120)));
    // PHPUnit: no clover attribute, but generated=, then <project>.
    assert.ok(
      cloverParser.detect(
        '<?xml version="1.0" encoding="UTF-8"?>\n<coverage generated="1700000000">',
      ),
    );
    assert.ok(cloverParser.detect('<coverage>\n  <project timestamp="1">'));
  });

  test('does not claim Cobertura, JaCoCo, other coverage formats or test reports', () => {
    const others = [
      '<?xml version="1.0" ?>\n<coverage version="7.4.0" timestamp="1" lines-valid="2" line-rate="1">\n<sources>',
      '<coverage line-rate="0.5" branch-rate="NaN"><packages><package name="project">',
      '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="project">',
      '<scoverage statement-count="1"><packages>',
      '<CoverageSession><Summary/><Modules>',
      '<testsuites><testsuite name="clover"><testcase name="&lt;project&gt;"/>',
      '<!-- <coverage clover="1"><project> --><testsuites>',
      '{"total": {"lines": {"pct": 100}}}',
      '',
    ];
    assertClaimsNone(cloverParser.detect, others);
  });
});

describe('Clover parser: reading', () => {
  test('lines from stmt and cond entries, functions from method entries, test code left out', () => {
    const report = parse(OPENCLOVER);
    assert.equal(report.format, 'clover');
    assert.deepEqual(report.sourceRoots, []);
    assert.deepEqual(pathsOf(report), ['C:\\temp\\test\\TestClass.java']);
    const file = fileOf(report, 'C:\\temp\\test\\TestClass.java');
    // Two statements on line 12: the line keeps the higher count. Method lines are not lines.
    assert.deepEqual(file.lines, byLine({ 7: 1, 12: 3, 15: 1, 20: 0 }));
    // A condition true once and never false: 1 of its 2 branches.
    assert.deepEqual(file.branches, byLine({ 15: { covered: 1, total: 2 } }));
    assert.deepEqual(file.functions, [
      { name: 'SampleFunction() : void', line: 6, hits: 1 },
      { name: 'Unused() : int', line: 19, hits: 0 },
    ]);
    // Clover counts statements apart from lines: 5 entries, 3 of them run.
    assert.deepEqual(file.statements, { covered: 3, total: 5 });
  });

  test('Clover conditions: (truecount > 0) + (falsecount > 0) of 2, whatever the counts', () => {
    const report = parse(`<coverage generated="1" clover="4.3.1"><project name="p">
      <file path="a.java" name="a.java">
        <line num="1" type="cond" truecount="7" falsecount="3"/>
        <line num="2" type="cond" truecount="0" falsecount="5"/>
        <line num="3" type="cond" truecount="0" falsecount="0"/>
        <line num="4" type="cond" truecount="2" falsecount="0" count="9"/>
      </file></project></coverage>`);
    const file = fileOf(report, 'a.java');
    assert.deepEqual(
      file.branches,
      byLine({
        1: { covered: 2, total: 2 },
        2: { covered: 1, total: 2 },
        3: { covered: 0, total: 2 },
        4: { covered: 1, total: 2 },
      }),
    );
    // A cond line without a count ran as often as its condition was evaluated.
    assert.deepEqual(file.lines, byLine({ 1: 10, 2: 5, 3: 0, 4: 9 }));
  });

  test('istanbul\u2019s conditions: truecount branches covered of truecount + falsecount', () => {
    const report = parse(ISTANBUL);
    const file = fileOf(report, '/home/runner/work/app/src/switch.js');
    assert.deepEqual(
      file.branches,
      byLine({
        2: { covered: 3, total: 4 },
        5: { covered: 0, total: 2 },
        8: { covered: 1, total: 1 },
      }),
    );
    assert.equal([...file.lines.values()].filter((hits) => hits > 0).length, 5);
    assert.equal(file.lines.size, 6);
    // Istanbul's statements are its lines: no separate count.
    assert.equal(file.statements, undefined);
    assert.deepEqual(file.functions, []);
  });

  test('files under packages or straight under the project; PHPUnit\u2019s full path in name', () => {
    const report = parse(`<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1700000000">
  <project timestamp="1700000000">
    <file name="/app/src/Calc.php">
      <class name="App\\Calc" namespace="App"><metrics complexity="2" methods="1"/></class>
      <line num="10" type="method" name="add" visibility="public" complexity="1" crap="1" count="4"/>
      <line num="12" type="stmt" count="4"/>
    </file>
    <package name="App\\Util">
      <file name="/app/src/Util/Str.php">
        <line num="5" type="stmt" count="0"/>
      </file>
    </package>
    <metrics files="2" loc="30" ncloc="20" classes="1" methods="1" coveredmethods="1" statements="2" coveredstatements="1" elements="3" coveredelements="2"/>
  </project>
</coverage>`);
    assert.deepEqual(
      report.files.map((f) => [f.path, [...f.lines], f.functions]),
      [
        ['/app/src/Calc.php', [[12, 4]], [{ name: 'add', line: 10, hits: 4 }]],
        ['/app/src/Util/Str.php', [[5, 0]], []],
      ],
    );
  });

  test('hostile values never crash: absent names, bad numbers, unknown types', () => {
    const report = parse(`<coverage clover="4.3.1"><project name="p">
      <file><line num="1" count="1" type="stmt"/></file>
      <file name="  "><line num="1" count="1" type="stmt"/></file>
      <file path="x.java">
        <line num="1" count="-4" type="stmt"/>
        <line num="2" count="NaN" type="stmt"/>
        <line num="3" type="stmt"/>
        <line num="0" count="1" type="stmt"/>
        <line num="x" count="1" type="stmt"/>
        <line count="1" type="stmt"/>
        <line num="4" count="1E3" type="stmt"/>
        <line num="5" count="1" type="bogus"/>
        <line num="6" count="1"/>
        <line num="7" type="cond" truecount="-1" falsecount="abc"/>
        <line num="8" type="method"/>
      </file>
    </project></coverage>`);
    assert.deepEqual(pathsOf(report), ['x.java']);
    const file = fileOf(report, 'x.java');
    assert.deepEqual(file.lines, byLine({ 1: 0, 2: 0, 3: 0, 4: 1000, 7: 0 }));
    assert.deepEqual(file.branches, byLine({ 7: { covered: 0, total: 2 } }));
    assert.deepEqual(file.functions, [{ name: '(anonymous)', line: 8, hits: 0 }]);
    assert.deepEqual(file.statements, { covered: 1, total: 4 });
  });
});

describe('Clover parser: streaming', () => {
  test('any split of the document into chunks gives the whole document\u2019s report', async () => {
    for (const xml of [OPENCLOVER, ISTANBUL]) {
      await assertStreamsLikeWhole(cloverParser, xml, 'clover.xml', [1, 4, 11]);
    }
  });
});

describe('Clover parser: refusing what it cannot read', () => {
  test('a Cobertura document, or a <coverage> without a project, is not Clover', () => {
    assert.equal(
      refusal(() =>
        parse('<coverage line-rate="1"><sources><source>a</source></sources></coverage>'),
      ).reason,
      'not a Clover report: <coverage> holds <sources>, as a Cobertura report does',
    );
    assert.equal(
      refusal(() => parse('<coverage generated="1"/>')).reason,
      'not a Clover report: <coverage> holds no <project>',
    );
    assert.match(
      refusal(() => parse('<report name="x"/>')).reason,
      /^not a Clover report: the root element is <report> \(a JaCoCo coverage report\), not <coverage>$/,
    );
  });

  test('malformed, truncated, empty and entity-declaring files', () => {
    const cut = ISTANBUL.slice(0, ISTANBUL.indexOf('<line num="5"') + 8);
    const truncated = refusal(() => parse(cut));
    assert.match(truncated.reason, /^malformed XML: the file ends before .*truncated/);
    assert.equal(truncated.line, cut.split('\n').length);
    const duplicate = refusal(() =>
      parse('<coverage clover="1">\n<project>\n<file path="a" path="b"/></project></coverage>'),
    );
    assert.equal(duplicate.line, 3);
    assert.match(duplicate.reason, /duplicate attribute path/);
    assert.equal(refusal(() => parse('  \n')).reason, 'the file is empty');
    assert.match(
      refusal(() => parse('<!DOCTYPE coverage [<!ENTITY x "y">]><coverage clover="1"/>')).reason,
      /<!ENTITY>/,
    );
  });
});
