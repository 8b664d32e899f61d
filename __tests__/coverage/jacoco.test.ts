import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jacocoParser } from '../../src/coverage/jacoco.js';
import {
  assertClaimsNone,
  assertStreamsLikeWhole,
  byLine,
  fileOf,
  pathsOf,
  refusal,
} from '../support/coverage-tests.js';

const parse = (xml: string) => jacocoParser.parse(xml, { path: 'jacoco.xml' });

const DOCTYPE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">`;

/** Shaped like `jacoco:report` 0.8 output. The root counters are wrong on purpose. */
const REPORT = `${DOCTYPE}
<report name="app">
  <sessioninfo id="host-1" start="1700000000000" dump="1700000001000"/>
  <package name="com/acme/calc">
    <class name="com/acme/calc/Calc" sourcefilename="Calc.java">
      <method name="&lt;init&gt;" desc="()V" line="3">
        <counter type="INSTRUCTION" missed="0" covered="3"/>
        <counter type="LINE" missed="0" covered="1"/>
        <counter type="METHOD" missed="0" covered="1"/>
      </method>
      <method name="div" desc="(II)I" line="5">
        <counter type="INSTRUCTION" missed="4" covered="6"/>
        <counter type="BRANCH" missed="1" covered="1"/>
        <counter type="METHOD" missed="0" covered="1"/>
      </method>
      <method name="unused" desc="()V" line="12">
        <counter type="INSTRUCTION" missed="4" covered="0"/>
        <counter type="METHOD" missed="1" covered="0"/>
      </method>
      <counter type="LINE" missed="2" covered="3"/>
    </class>
    <sourcefile name="Calc.java">
      <line nr="3" mi="0" ci="3" mb="0" cb="0"/>
      <line nr="5" mi="0" ci="2" mb="1" cb="1"/>
      <line nr="6" mi="0" ci="4" mb="0" cb="0"/>
      <line nr="8" mi="4" ci="0" mb="0" cb="0"/>
      <line nr="12" mi="4" ci="0" mb="0" cb="0"/>
      <counter type="LINE" missed="2" covered="3"/>
    </sourcefile>
    <counter type="LINE" missed="2" covered="3"/>
  </package>
  <counter type="INSTRUCTION" missed="1" covered="999"/>
  <counter type="LINE" missed="0" covered="100"/>
</report>`;

describe('JaCoCo parser: detection', () => {
  test('claims a <report> with JaCoCo\u2019s DOCTYPE or with what only JaCoCo writes under it', () => {
    assert.ok(jacocoParser.detect(REPORT.slice(0, 300)));
    assert.ok(jacocoParser.detect(`${DOCTYPE}<report name="Empty Report"/>`));
    assert.ok(
      jacocoParser.detect(
        '<?xml version="1.0"?>\n<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.0//EN"\n        "report.dtd">\n<report name="x">',
      ),
    );
    assert.ok(jacocoParser.detect('<report name="x"><sessioninfo id="a" start="1" dump="2"/>'));
    assert.ok(jacocoParser.detect('<report name="x"><group name="module-a"><package name="a/b">'));
  });

  test('does not claim other <report> documents, other coverage formats or test reports', () => {
    const others = [
      '<report><title>Lint results</title></report>',
      '<?xml version="1.0"?><report version="2"><issue id="1"/></report>',
      '<coverage line-rate="1"><packages><package name="a/b">',
      '<coverage generated="1" clover="4.3.1"><project timestamp="1">',
      // ReportGenerator's Ant build file that *makes* a JaCoCo report.
      '<project name="JaCoCo" xmlns:jacoco="antlib:org.jacoco.ant"><jacoco:report><xml destfile="a.xml"/>',
      '<testsuites><testsuite name="report"><testcase name="package name=a"/>',
      '<CoverageSession><Modules/>',
      '',
    ];
    assertClaimsNone(jacocoParser.detect, others);
  });
});

describe('JaCoCo parser: reading', () => {
  test('a file is its package joined with its sourcefile; lines are covered when ci > 0', () => {
    const report = parse(REPORT);
    assert.equal(report.format, 'jacoco');
    assert.deepEqual(report.sourceRoots, []);
    assert.deepEqual(pathsOf(report), ['com/acme/calc/Calc.java']);
    const file = fileOf(report, 'com/acme/calc/Calc.java');
    // Hits are 1 or 0: JaCoCo counts instructions covered, not runs.
    assert.deepEqual(file.lines, byLine({ 3: 1, 5: 1, 6: 1, 8: 0, 12: 0 }));
    assert.deepEqual(file.branches, byLine({ 5: { covered: 1, total: 2 } }));
    assert.deepEqual(file.functions, [
      { name: '<init>', line: 3, hits: 1 },
      { name: 'div', line: 5, hits: 1 },
      { name: 'unused', line: 12, hits: 0 },
    ]);
  });

  test('branches are cb of mb + cb; lines without instructions are not lines', () => {
    const report = parse(`${DOCTYPE}<report name="r"><package name="p">
      <sourcefile name="A.kt">
        <line nr="1" mi="2" ci="0" mb="4" cb="0"/>
        <line nr="2" mi="0" ci="5" mb="1" cb="3"/>
        <line nr="3" mi="1" ci="1" mb="0" cb="2"/>
        <line nr="4" mi="0" ci="0" mb="0" cb="0"/>
        <line nr="5"/>
        <line nr="6" mi="-3" ci="2" mb="-1" cb="1"/>
        <line nr="7" mi="1" ci="NaN"/>
        <line nr="0" mi="0" ci="1"/>
        <line mi="0" ci="1"/>
        <line nr="8" mi="0" ci="1E2"/>
      </sourcefile>
    </package></report>`);
    const file = fileOf(report, 'p/A.kt');
    assert.deepEqual(file.lines, byLine({ 1: 0, 2: 1, 3: 1, 6: 1, 7: 0, 8: 1 }));
    assert.deepEqual(
      file.branches,
      byLine({
        1: { covered: 0, total: 4 },
        2: { covered: 3, total: 4 },
        3: { covered: 2, total: 2 },
        6: { covered: 1, total: 1 },
      }),
    );
  });

  test('groups nest at any depth; a file named in two groups merges by line', () => {
    const report = parse(`${DOCTYPE}<report name="aggregate">
      <group name="backend">
        <group name="core">
          <package name="a/b">
            <sourcefile name="X.java"><line nr="1" mi="1" ci="0" mb="2" cb="0"/><line nr="2" mi="1" ci="0"/></sourcefile>
          </package>
        </group>
        <package name="">
          <sourcefile name="Main.java"><line nr="3" mi="0" ci="1"/></sourcefile>
        </package>
      </group>
      <group name="frontend">
        <package name="a/b">
          <sourcefile name="X.java"><line nr="1" mi="0" ci="3" mb="1" cb="1"/><line nr="9" mi="0" ci="1"/></sourcefile>
          <sourcefile name="Y.java"><line nr="1" mi="1" ci="0"/></sourcefile>
        </package>
      </group>
    </report>`);
    assert.deepEqual(pathsOf(report), ['a/b/X.java', 'Main.java', 'a/b/Y.java']);
    const x = fileOf(report, 'a/b/X.java');
    assert.deepEqual(x.lines, byLine({ 1: 1, 2: 0, 9: 1 }));
    assert.deepEqual(x.branches, byLine({ 1: { covered: 1, total: 2 } }));
  });

  test('methods of classes without sourcefilename (JaCoCo 0.7) go to the outer class\u2019s file', () => {
    const report = parse(`${DOCTYPE}<report name="r"><package name="test">
      <class name="test/TestClass$NestedClass">
        <method name="&lt;init&gt;" desc="(Ltest/TestClass;)V" line="28"><counter type="METHOD" missed="1" covered="0"/></method>
      </class>
      <class name="test/TestClass">
        <method name="SampleFunction" desc="()V" line="6"><counter type="INSTRUCTION" missed="0" covered="9"/></method>
      </class>
      <class name="test/Orphan"><method name="lost" desc="()V" line="1"><counter type="METHOD" missed="0" covered="1"/></method></class>
      <class name="test/Kt" sourcefilename="Other.kt"><method name="run" desc="()V"><counter type="METHOD" missed="0" covered="1"/></method></class>
      <sourcefile name="TestClass.java"><line nr="6" mi="0" ci="9"/><line nr="28" mi="6" ci="0"/></sourcefile>
    </package></report>`);
    assert.deepEqual(fileOf(report, 'test/TestClass.java').functions, [
      { name: 'SampleFunction', line: 6, hits: 1 },
      { name: '<init>', line: 28, hits: 0 },
    ]);
    // A class naming its source file places its methods there even without a <sourcefile>.
    assert.deepEqual(fileOf(report, 'test/Other.kt').functions, [{ name: 'run', hits: 1 }]);
    assert.equal(
      report.files.some((f) => f.path.includes('Orphan')),
      false,
    );
  });

  test('dotted package names read as Java packages; a sourcefile without a name is skipped', () => {
    const report = parse(`${DOCTYPE}<report name="r">
      <package name="com.example.package1"><sourcefile name="ExampleFile1.java"><line nr="10" mi="0" ci="1"/></sourcefile></package>
      <package name="a/b/"><sourcefile><line nr="1" mi="0" ci="1"/></sourcefile><sourcefile name="C.java"/></package>
    </report>`);
    assert.deepEqual(
      report.files.map((f) => [f.path, f.lines.size]),
      [
        ['com/example/package1/ExampleFile1.java', 1],
        ['a/b/C.java', 0],
      ],
    );
  });

  test('empty reports, groups and packages give no files', () => {
    for (const xml of [
      `${DOCTYPE}<report name="Empty Report"/>`,
      `${DOCTYPE}<report name="g"><group name="G1"><group name="G2"><counter type="INSTRUCTION" missed="1" covered="2"/></group></group></report>`,
      `${DOCTYPE}<report name="p"><package name="a"/><package name="b"><class name="b/C"/></package></report>`,
    ]) {
      assert.deepEqual(parse(xml).files, [], xml);
    }
  });
});

describe('JaCoCo parser: streaming', () => {
  test('any split of the document into chunks gives the whole document\u2019s report', async () => {
    await assertStreamsLikeWhole(jacocoParser, REPORT, 'jacoco.xml', [1, 5, 13]);
  });
});

describe('JaCoCo parser: refusing what it cannot read', () => {
  test('the DOCTYPE naming report.dtd is accepted and never fetched; one declaring entities is refused', () => {
    // parse() is synchronous: it has no way to fetch the DTD it names.
    assert.equal(parse(`${DOCTYPE}<report name="x"/>`).files.length, 0);
    const bomb = `<!DOCTYPE report [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<report name="&b;"/>`;
    assert.equal(
      refusal(() => parse(bomb)).reason,
      'declares XML entities (<!ENTITY>), which are not read for safety',
    );
  });

  test('a truncated report names its last line', () => {
    const cut = REPORT.slice(0, REPORT.indexOf('<line nr="8"'));
    const error = refusal(() => parse(cut));
    assert.match(
      error.reason,
      /^malformed XML: the file ends before <report>, <package>, <sourcefile> are closed/,
    );
    assert.equal(error.line, cut.split('\n').length);
  });

  test('other XML, an empty file, and non-XML are refused with the reason', () => {
    assert.equal(
      refusal(() => parse('<coverage line-rate="1"/>')).reason,
      'not a JaCoCo report: the root element is <coverage> (a Cobertura or Clover coverage report), not <report>',
    );
    assert.equal(
      refusal(() => parse('<constructor/>')).reason,
      'not a JaCoCo report: the root element is <constructor>, not <report>',
    );
    assert.equal(refusal(() => parse('')).reason, 'the file is empty');
    assert.match(refusal(() => parse('SF:a.c\nDA:1,1')).reason, /the file is not XML/);
    const attribute = refusal(() =>
      parse(`${DOCTYPE}\n<report name="x">\n<package name=a/>\n</report>`),
    );
    assert.equal(attribute.line, 3);
    assert.match(attribute.reason, /unquoted attribute value/);
  });
});
