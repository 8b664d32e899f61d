import { glob, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  /** Relative to the directory searched, with forward slashes. */
  readonly path: string;
  readonly absolutePath: string;
  readonly bytes: number;
  readonly modifiedMs: number;
}

/** Well-known report names, searched when `results` is not given. */
export const AUTO_RESULT_GLOBS: readonly string[] = [
  '**/TEST-*.xml',
  '**/*junit*.xml',
  '**/*xunit*.xml',
  '**/*nunit*.xml',
  '**/test-results/**/*.{xml,json,trx,tap}',
  '**/test-reports/**/*.{xml,json,trx,tap}',
  '**/*.trx',
  '**/TestResult.xml',
  '**/TestResults/**/*.xml',
  '**/*.tap',
  '**/ctrf/*.json',
  '**/*ctrf*.json',
];

/** Where coverage tools write by default, searched when `coverage` is not given. */
export const AUTO_COVERAGE_GLOBS: readonly string[] = [
  '**/lcov.info',
  '**/*.lcov',
  '**/coverage*.xml',
  '**/cobertura*.xml',
  '**/*.cobertura.xml',
  '**/jacoco*.xml',
  '**/clover.xml',
  '**/coverage-final.json',
  '**/coverage-summary.json',
  '**/coverage.json',
  '**/.resultset.json',
  '**/coverage.out',
  '**/cover.out',
  '**/*.coverprofile',
];

const ALWAYS_SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/**
 * Files matching any pattern, minus those matching a `!`-prefixed one. Sorted, each once.
 * `skipVendored` leaves out node_modules and .git, as the automatic search must.
 */
export async function findFiles(
  patterns: readonly string[],
  cwd: string,
  options: { skipVendored: boolean },
): Promise<FoundFile[]> {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const negated = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const excluded = new Set<string>();
  for (const pattern of negated) {
    for await (const match of glob(pattern, { cwd })) excluded.add(path.resolve(cwd, match));
  }
  const exclude = options.skipVendored
    ? (entry: string) => ALWAYS_SKIPPED_DIRECTORIES.has(path.basename(entry))
    : undefined;
  const seen = new Set<string>();
  const found: FoundFile[] = [];
  if (include.length === 0) return found;
  // One walk of the tree for all patterns, not one per pattern.
  for await (const match of glob(include, { cwd, exclude })) {
    const absolutePath = path.resolve(cwd, match);
    if (seen.has(absolutePath) || excluded.has(absolutePath)) continue;
    seen.add(absolutePath);
    const info = await stat(absolutePath).catch(() => undefined);
    if (!info?.isFile()) continue;
    found.push({
      path: toPosix(path.relative(cwd, absolutePath)),
      absolutePath,
      bytes: info.size,
      modifiedMs: info.mtimeMs,
    });
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
