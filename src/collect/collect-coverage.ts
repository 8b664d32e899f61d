import { detectCoverageParser } from '../coverage/index.js';
import { mergeCoverage } from '../coverage/merge.js';
import type { ProjectCoverage } from '../model/coverage.js';
import type { InputFile } from '../model/input-file.js';
import { collectFiles } from './collect-files.js';
import { AUTO_COVERAGE_GLOBS } from './find-files.js';
import { createReportedPathResolver, type RepositoryPaths } from './repository-paths.js';

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
  const coverage = mergeCoverage(
    parsed.map((p) => p.content),
    // Outside a checkout nothing can be matched: no resolver, paths stay as written.
    repository.size > 0 ? createReportedPathResolver(repository, options.base) : undefined,
  );
  return { coverage, files };
}
