/**
 * Clover XML, as OpenClover/Atlassian Clover, PHPUnit and istanbul (jest, nyc, vitest) write it:
 *
 *   <coverage generated=… clover="4.3.1"><project timestamp=…><metrics statements=… …/>
 *     <package name=…><file name="X.java" path="/abs/X.java"><metrics …/><class …/>
 *       <line num="3" count="2" type="method" signature="f() : void"/>
 *       <line num="4" count="2" type="stmt"/>
 *       <line num="5" type="cond" truecount="1" falsecount="0"/>
 *
 * A file is its `path` (its `name` when PHPUnit writes the full path there). Only `<project>` is
 * read: `<testproject>` is the coverage of the test code itself, which Clover keeps apart and
 * leaves out of its own totals. Lines come from `stmt` and `cond` entries (several on one line
 * merge: highest count); `method` entries are functions, not lines. The `<metrics>` totals are
 * never read: totals come from the lines.
 *
 * Branches of a `cond` line: Clover's truecount/falsecount are how often the condition was true
 * and false, so the line has 2 branches, covered (truecount>0)+(falsecount>0). Istanbul writes
 * the same attributes with another meaning: truecount = branches covered, falsecount = branches
 * not covered (istanbul-reports/lib/clover), so a line of a 4-way switch reads 4 branches. Its
 * reports are told by what istanbul always writes, `clover="3.2.0"` on the root and a project
 * named "All files", and read its way; reading them Clover's way would miscount every line with
 * more than two branches or with both outcomes of one condition.
 *
 * Statements: a Clover `stmt` entry is one statement, so each file's statements are counted
 * (what Clover's own `statements` totals count). Istanbul writes one entry per line and counts
 * lines as its statements, so its files get no statement counts apart from lines.
 */
import { addHits, parseCount, parseLineNumber } from './numbers.js';
import {
  CoverageFiles,
  isCloverCoverage,
  rootOf,
  xmlCoverageParser,
  type CoverageXmlReading,
  type Fail,
} from './xml-coverage.js';

const LABEL = 'Clover';

export const cloverParser = xmlCoverageParser({
  format: 'clover',
  label: LABEL,
  root: 'coverage',
  detect: detectClover,
  reading,
});

/** A `<coverage>` root that names a Clover version or generation time, or holds a `<project>`. */
export function detectClover(head: string): boolean {
  const root = rootOf(head);
  return root?.name === 'coverage' && isCloverCoverage(head, root.tag);
}

function reading(fail: Fail): CoverageXmlReading {
  const files = new CoverageFiles();
  let writtenByIstanbul = false;
  let rootVersion: string | undefined;
  let sawProject = false;
  let inProject = false;
  let file: string | undefined;

  return {
    open(name, attributes, ancestors) {
      const depth = ancestors.length;
      if (depth === 0) {
        rootVersion = attributes.clover;
        return;
      }
      if (depth === 1) {
        if (name === 'packages' || name === 'sources') {
          fail(`not a ${LABEL} report: <coverage> holds <${name}>, as a Cobertura report does`);
        }
        if (name === 'project') {
          sawProject = true;
          inProject = true;
          writtenByIstanbul = rootVersion === '3.2.0' && attributes.name === 'All files';
        }
        return;
      }
      if (!inProject) return;
      if (name === 'file') {
        const path = (attributes.path ?? attributes.name)?.trim();
        file = path ? path : undefined;
        if (file !== undefined) files.file(file);
        return;
      }
      if (name !== 'line' || file === undefined || ancestors[depth - 1] !== 'file') return;
      const line = parseLineNumber(attributes.num);
      if (line === undefined) return;
      const hits = parseCount(attributes.count);
      switch (attributes.type) {
        case 'stmt':
          files.file(file).lines.addLine(line, hits ?? 0);
          if (!writtenByIstanbul) files.addStatement(file, (hits ?? 0) > 0);
          break;
        case 'cond': {
          const whenTrue = parseCount(attributes.truecount) ?? 0;
          const whenFalse = parseCount(attributes.falsecount) ?? 0;
          const lines = files.file(file).lines;
          lines.addLine(line, hits ?? addHits(whenTrue, whenFalse));
          if (writtenByIstanbul) lines.addBranches(line, whenTrue, whenTrue + whenFalse);
          else lines.addBranches(line, (whenTrue > 0 ? 1 : 0) + (whenFalse > 0 ? 1 : 0), 2);
          break;
        }
        case 'method':
          files.addFunction(file, {
            name: attributes.name ?? attributes.signature ?? '(anonymous)',
            line,
            hits: hits ?? 0,
          });
          break;
      }
    },

    close(name, ancestors) {
      if (name === 'project' && ancestors.length === 1) inProject = false;
      if (name === 'file') file = undefined;
    },

    report() {
      if (!sawProject) fail(`not a ${LABEL} report: <coverage> holds no <project>`);
      return files.report('clover', []);
    },
  };
}
