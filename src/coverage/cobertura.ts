/**
 * Cobertura XML, as coverage.py, coverlet, gcovr, istanbul, simplecov-cobertura, MATLAB, luacov,
 * xccov converters and Cobertura itself write it:
 *
 *   <coverage line-rate=…><sources><source>/abs/root</source>…</sources>
 *     <packages><package><classes><class filename="rel/path.py">
 *       <methods><method name="f" line-rate=…><lines><line number="3" hits="1"/></lines></method></methods>
 *       <lines><line number="3" hits="1" branch="true" condition-coverage="50% (1/2)"/></lines>
 *
 * What is read, and why:
 * - Every `<source>` is a root, in order, kept as written (trimmed): Windows roots, several
 *   roots, and junk such as `--source` are the path mapping's to judge.
 * - A class's lines are its own `<lines>`. The lines under `<methods>` repeat them (coverlet,
 *   Cobertura, istanbul), so they are read only for a class that has no lines of its own
 *   (xccov's converters write only method lines).
 * - Classes naming one file (coverlet's partial, nested and compiler-generated classes) make one
 *   file: a line stated twice keeps its highest hits, so it is covered when any class says so
 *   and never counted twice; branches keep the highest covered of the highest total.
 * - Rates (`line-rate`, `branch-rate`, `lines-valid`) are never read: totals come from the lines,
 *   so a root that disagrees with its lines, or says `NaN` (MATLAB), changes nothing.
 * - A function per `<method>`: its `line` if stated, else its first line; its hits are its
 *   `hits` if stated (istanbul), else its first line's hits, else 1 when its `line-rate` or any
 *   of its lines shows it ran.
 */
import type { FunctionCoverage } from '../model/coverage.js';
import { parseCount, parseLineNumber } from './numbers.js';
import {
  CoverageFiles,
  isCloverCoverage,
  LineCounts,
  rootOf,
  xmlCoverageParser,
  type CoverageXmlReading,
  type Fail,
} from './xml-coverage.js';

const LABEL = 'Cobertura';
/** A `<source>` longer than this is not a path: kept cut, so a runaway text cannot grow. */
const MAX_SOURCE_CHARS = 4096;

export const coberturaParser = xmlCoverageParser({
  format: 'cobertura',
  label: LABEL,
  root: 'coverage',
  detect: detectCobertura,
  reading,
});

/**
 * A `<coverage>` root that is not Clover's, with what only Cobertura writes: a rate or count on
 * the root, or `<packages>`/`<sources>` in the head.
 */
export function detectCobertura(head: string): boolean {
  const root = rootOf(head);
  if (root?.name !== 'coverage' || isCloverCoverage(head, root.tag)) return false;
  return (
    /\s(?:line-rate|branch-rate|lines-valid|lines-covered)\s*=/.test(root.tag) ||
    /<(?:packages|sources)[\s>/]/.test(head)
  );
}

interface ClassState {
  readonly path: string | undefined;
  readonly lines: LineCounts;
  readonly methodLines: LineCounts;
  readonly functions: FunctionCoverage[];
}

interface MethodState {
  readonly name: string;
  readonly line: number | undefined;
  readonly hits: number | undefined;
  readonly ran: boolean;
  firstLine?: number;
  firstHits?: number;
  anyLineRan: boolean;
}

function reading(fail: Fail): CoverageXmlReading {
  const files = new CoverageFiles();
  const roots: string[] = [];
  const classes: ClassState[] = [];
  let source: string | undefined;
  let method: MethodState | undefined;

  /** A `<line>` into `into`: its number and hits, or undefined when it has no line number. */
  function readLine(
    attributes: Record<string, string>,
    into: LineCounts,
  ): { line: number; hits: number } | undefined {
    const line = parseLineNumber(attributes.number);
    if (line === undefined) return undefined;
    const hits = parseCount(attributes.hits) ?? 0;
    into.addLine(line, hits);
    const branches = conditionCoverage(attributes);
    if (branches) into.addBranches(line, branches.covered, branches.total);
    return { line, hits };
  }

  return {
    open(name, attributes, ancestors) {
      const depth = ancestors.length;
      if (depth === 0) return;
      if (depth === 1 && (name === 'project' || name === 'testproject')) {
        fail(`not a ${LABEL} report: <coverage> holds <${name}>, as a Clover report does`);
      }
      const parent = ancestors[depth - 1];
      const current = classes[classes.length - 1];
      switch (name) {
        case 'source':
          if (parent === 'sources') source = '';
          break;
        case 'class':
          classes.push({
            path: attributes.filename,
            lines: new LineCounts(),
            methodLines: new LineCounts(),
            functions: [],
          });
          break;
        case 'method':
          if (current && parent === 'methods') {
            method = {
              name: attributes.name ?? '(anonymous)',
              line: parseLineNumber(attributes.line),
              hits: parseCount(attributes.hits),
              ran: (Number(attributes['line-rate']) || 0) > 0,
              anyLineRan: false,
            };
          }
          break;
        case 'line': {
          if (!current || parent !== 'lines') break;
          const owner = ancestors[depth - 2];
          if (owner === 'class') {
            readLine(attributes, current.lines);
          } else if (owner === 'method' && method) {
            const read = readLine(attributes, current.methodLines);
            if (read === undefined) break;
            const { line, hits } = read;
            if (hits > 0) method.anyLineRan = true;
            if (method.firstLine === undefined || line < method.firstLine) {
              method.firstLine = line;
              method.firstHits = hits;
            }
          }
          break;
        }
      }
    },

    close(name) {
      switch (name) {
        case 'source':
          if (source !== undefined) {
            const root = source.trim();
            if (root !== '' && !roots.includes(root)) roots.push(root);
            source = undefined;
          }
          break;
        case 'method':
          if (method) {
            classes[classes.length - 1]?.functions.push(functionOf(method));
            method = undefined;
          }
          break;
        case 'class': {
          const done = classes.pop();
          // A class without a filename cannot be placed in any file: its lines are dropped.
          const path = done?.path?.trim();
          if (!done || !path) break;
          files.addLines(path, done.lines.size > 0 ? done.lines : done.methodLines);
          for (const fn of done.functions) files.addFunction(path, fn);
          break;
        }
      }
    },

    text(text) {
      if (source !== undefined && source.length < MAX_SOURCE_CHARS) {
        source = (source + text).slice(0, MAX_SOURCE_CHARS);
      }
    },

    report: () => files.report('cobertura', roots),
  };
}

function functionOf(method: MethodState): FunctionCoverage {
  const line = method.line ?? method.firstLine;
  const ran = method.ran || method.anyLineRan ? 1 : 0;
  const hits = method.hits ?? (method.firstHits ? method.firstHits : ran);
  return { name: method.name, ...(line !== undefined ? { line } : {}), hits };
}

/**
 * A line's branches from `condition-coverage="50% (1/2)"`; none for a line that says it is not a
 * branch (`branch="false"`), states no `(covered/total)`, or a total of 0.
 */
function conditionCoverage(
  attributes: Record<string, string>,
): { covered: number; total: number } | undefined {
  const stated = attributes['condition-coverage'];
  if (stated === undefined || attributes.branch?.trim().toLowerCase() === 'false') return undefined;
  const match = /\(\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*\)/.exec(stated);
  if (!match) return undefined;
  const covered = parseCount(match[1]) ?? 0;
  const total = parseCount(match[2]) ?? 0;
  return total > 0 ? { covered: Math.min(covered, total), total } : undefined;
}
