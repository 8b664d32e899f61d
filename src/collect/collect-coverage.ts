import path from 'node:path';
import { detectCoverageParser } from '../coverage/index.js';
import { mergeCoverage } from '../coverage/merge.js';
import type { ProjectCoverage } from '../model/coverage.js';
import type { InputFile } from '../model/input-file.js';
import { collectFiles } from './collect-files.js';
import { AUTO_COVERAGE_GLOBS } from './find-files.js';
import type { RepositoryPaths } from './repository-paths.js';

export interface CollectCoverageOptions {
  /** Globs from the `coverage` input, or 'auto'. */
  readonly patterns: readonly string[] | 'auto';
  readonly cwd: string;
  /** The working directory relative to the repository's root ('' at the root). */
  readonly base: string;
  readonly writtenAfterMs?: number;
  /** The repository's tracked files; none outside a checkout, and then paths stay as written. */
  readonly repository: () => Promise<RepositoryPaths>;
}

export interface CollectedCoverage {
  /** Undefined when no coverage file was read. */
  readonly coverage: ProjectCoverage | undefined;
  readonly files: readonly InputFile[];
}

/** Finds, reads, parses and merges every coverage file; a file that fails is recorded by name. */
export async function collectCoverage(options: CollectCoverageOptions): Promise<CollectedCoverage> {
  const { parsed, files } = await collectFiles({
    kind: 'coverage',
    patterns: options.patterns,
    autoGlobs: AUTO_COVERAGE_GLOBS,
    cwd: options.cwd,
    writtenAfterMs: options.writtenAfterMs,
    detect: detectCoverageParser,
    unknownFormat: 'not a coverage format the action reads',
  });
  if (parsed.length === 0) return { coverage: undefined, files };
  const repository = await options.repository();
  const cache = new Map<string, string | undefined>();
  const resolveOne = (candidate: string) => {
    if (!cache.has(candidate)) cache.set(candidate, repository.resolve(candidate));
    return cache.get(candidate);
  };
  const coverage = mergeCoverage(
    parsed.map((p) => p.content),
    (reported, roots) => {
      if (repository.size === 0) return reported.replace(/\\/g, '/');
      const relative = !isAbsolute(reported);
      const candidates = [
        // Relative paths are relative to a source root the report names, else to where the
        // tool ran (the working directory), else anywhere in the repository.
        ...(relative ? roots.map((root) => joinPath(root, reported)) : []),
        ...(relative && options.base ? [`${options.base}/${reported}`] : []),
        reported,
      ];
      for (const candidate of candidates) {
        const found = resolveOne(candidate);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  );
  return { coverage, files };
}

function isAbsolute(file: string): boolean {
  return path.posix.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

function joinPath(root: string, file: string): string {
  const trimmed = root.replace(/[\\/]+$/, '');
  return trimmed === '' || trimmed === '.' ? file : `${trimmed}/${file}`;
}
