/**
 * JaCoCo XML (`jacoco:report`, Gradle's `jacocoTestReport`, `report-aggregate`, Kover):
 *
 *   <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
 *   <report name=…><sessioninfo …/>
 *     <group name=…> (any depth, aggregate reports) <package name="a/b">
 *       <class name="a/b/X" sourcefilename="X.java"><method name="f" desc="()V" line="3">
 *         <counter type="METHOD" missed="0" covered="1"/>…</method></class>
 *       <sourcefile name="X.java"><line nr="3" mi="0" ci="4" mb="1" cb="1"/>…</sourcefile>
 *
 * The DOCTYPE names a DTD that is never fetched (nor is any other). A file is its package joined
 * with its sourcefile name (`a/b/X.java`; dotted package names, which some converters write, are
 * read as Java packages). A line is covered when it has covered instructions (ci > 0), so its
 * hits are 1 or 0: JaCoCo counts instructions, not runs. Lines without instructions are not
 * executable and are left out, as JaCoCo's own LINE counter leaves them. Branches are cb covered
 * of mb + cb. Functions come from each class's methods, placed in the class's `sourcefilename`
 * or, when an older JaCoCo did not write it, in the package's sourcefile named like the outer
 * class; a method ran when its METHOD counter (else its INSTRUCTION counter) has covered > 0.
 */
import type { FunctionCoverage } from '../model/coverage.js';
import { parseCount, parseLineNumber } from './numbers.js';
import {
  CoverageFiles,
  rootOf,
  xmlCoverageParser,
  type CoverageXmlReading,
} from './xml-coverage.js';

export const jacocoParser = xmlCoverageParser({
  format: 'jacoco',
  label: 'JaCoCo',
  root: 'report',
  detect: detectJacoco,
  reading,
});

/**
 * A `<report>` root with JaCoCo's DOCTYPE, or with what only JaCoCo writes under it (session
 * info, counters, packages, groups, or the lone `<report name=…/>` of an empty run).
 */
export function detectJacoco(head: string): boolean {
  const root = rootOf(head);
  if (root?.name !== 'report') return false;
  if (/<!DOCTYPE\s+report\s+PUBLIC\s+"-\/\/JACOCO\/\/DTD/i.test(head)) return true;
  return /<(?:sessioninfo|counter\s+type=|package\s+name=|group\s+name=)/.test(head);
}

interface PackageState {
  readonly name: string;
  /** Sourcefile names seen in the package, for placing the methods of classes without one. */
  readonly sourcefiles: string[];
  readonly methods: { readonly className: string; readonly file?: string; fn: FunctionCoverage }[];
}

interface MethodState {
  readonly name: string;
  readonly line: number | undefined;
  methodCovered?: number;
  instructionCovered?: number;
}

/** JaCoCo's reading refuses nothing beyond its root, which the shared reader checks. */
function reading(): CoverageXmlReading {
  const files = new CoverageFiles();
  let pkg: PackageState | undefined;
  let sourcefile: string | undefined;
  let cls: { name: string; file?: string } | undefined;
  let method: MethodState | undefined;

  return {
    open(name, attributes, ancestors) {
      const depth = ancestors.length;
      if (depth === 0) return;
      const parent = ancestors[depth - 1];
      switch (name) {
        case 'package':
          pkg = { name: packagePath(attributes.name ?? ''), sourcefiles: [], methods: [] };
          break;
        case 'sourcefile': {
          const file = attributes.name?.trim();
          if (pkg && parent === 'package' && file) {
            sourcefile = joinPath(pkg.name, file);
            pkg.sourcefiles.push(file);
            files.file(sourcefile);
          }
          break;
        }
        case 'line': {
          const line = parseLineNumber(attributes.nr);
          if (sourcefile === undefined || parent !== 'sourcefile' || line === undefined) break;
          const missed = parseCount(attributes.mi) ?? 0;
          const covered = parseCount(attributes.ci) ?? 0;
          if (missed + covered === 0) break;
          const lines = files.file(sourcefile).lines;
          lines.addLine(line, covered > 0 ? 1 : 0);
          const coveredBranches = parseCount(attributes.cb) ?? 0;
          lines.addBranches(
            line,
            coveredBranches,
            coveredBranches + (parseCount(attributes.mb) ?? 0),
          );
          break;
        }
        case 'class':
          if (pkg && parent === 'package') {
            const file = attributes.sourcefilename?.trim();
            cls = { name: attributes.name ?? '', ...(file ? { file } : {}) };
          }
          break;
        case 'method':
          if (cls && parent === 'class') {
            method = {
              name: attributes.name ?? '(anonymous)',
              line: parseLineNumber(attributes.line),
            };
          }
          break;
        case 'counter':
          if (method && parent === 'method') {
            const covered = parseCount(attributes.covered) ?? 0;
            if (attributes.type === 'METHOD') method.methodCovered = covered;
            if (attributes.type === 'INSTRUCTION') method.instructionCovered = covered;
          }
          break;
      }
    },

    close(name) {
      switch (name) {
        case 'method':
          if (method && cls && pkg) {
            const ran = (method.methodCovered ?? method.instructionCovered ?? 0) > 0;
            const fn: FunctionCoverage = {
              name: method.name,
              ...(method.line !== undefined ? { line: method.line } : {}),
              hits: ran ? 1 : 0,
            };
            pkg.methods.push({ className: cls.name, ...(cls.file ? { file: cls.file } : {}), fn });
          }
          method = undefined;
          break;
        case 'class':
          cls = undefined;
          break;
        case 'sourcefile':
          sourcefile = undefined;
          break;
        case 'package':
          if (pkg) placeMethods(pkg, files);
          pkg = undefined;
          break;
      }
    },

    report: () => files.report('jacoco', []),
  };
}

/** Puts each method of a package in its class's source file, where one can be told. */
function placeMethods(pkg: PackageState, files: CoverageFiles): void {
  for (const { className, file, fn } of pkg.methods) {
    const name = file ?? sourcefileOfClass(className, pkg.sourcefiles);
    if (name !== undefined) files.addFunction(joinPath(pkg.name, name), fn);
  }
}

/** `a/b/Outer$Inner` → the package's sourcefile whose name without extension is `Outer`. */
function sourcefileOfClass(className: string, sourcefiles: readonly string[]): string | undefined {
  const simple = className.slice(
    Math.max(className.lastIndexOf('/'), className.lastIndexOf('.')) + 1,
  );
  const outer = simple.split('$', 1)[0]!;
  return sourcefiles.find((file) => file.replace(/\.[^.]*$/, '') === outer);
}

/** JaCoCo's VM package name (`a/b`); a dotted Java name (`a.b`) is read as the same. */
function packagePath(name: string): string {
  const trimmed = name.trim().replace(/\/+$/, '');
  return trimmed.includes('/') ? trimmed : trimmed.replaceAll('.', '/');
}

function joinPath(pkg: string, file: string): string {
  return pkg === '' ? file : `${pkg}/${file}`;
}
