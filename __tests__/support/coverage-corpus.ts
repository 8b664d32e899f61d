import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus of real coverage files other projects test with, beside this repository. */
export const COVERAGE_CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/coverage');

/** Test options that skip the test (or suite) when the corpus is absent. */
export const NO_COVERAGE_CORPUS = {
  skip: existsSync(COVERAGE_CORPUS) ? false : '../shared/corpus/coverage is absent',
};

/** One row of the coverage corpus's MANIFEST.tsv. */
export interface CoverageCorpusFile {
  readonly repo: string;
  /** Path under COVERAGE_CORPUS. */
  readonly localPath: string;
  /** Absolute path. */
  readonly file: string;
  /** The manifest's format name: `cobertura-xml`, `lcov`, `jacoco-xml`, `git-unified-diff`, ... */
  readonly format: string;
  readonly producer: string;
  /** Values the upstream project's own tests assert. */
  readonly asserted: string;
  /** Values declared in the file and `derived:` totals recounted by the corpus's authors. */
  readonly header: string;
  readonly notes: string;
}

/** Every manifest row, in manifest order; none when the corpus is absent. */
export function coverageCorpusFiles(): CoverageCorpusFile[] {
  const manifest = path.join(COVERAGE_CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [repo, , localPath, , format, , , producer, asserted, header, notes] = line.split('\t');
      return {
        repo: repo ?? '',
        localPath: localPath ?? '',
        file: path.join(COVERAGE_CORPUS, localPath ?? ''),
        format: format ?? '',
        producer: producer ?? '',
        asserted: asserted ?? '',
        header: header ?? '',
        notes: notes ?? '',
      };
    });
}
