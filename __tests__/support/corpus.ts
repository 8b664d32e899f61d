import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultParser } from '../../src/parsers/parser.js';

/** The shared corpus of real reports other projects test with, beside this repository. */
export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/reports');

/** The skip reason of a test that needs the corpus: false when it is there. */
export const CORPUS_SKIP: string | false = existsSync(CORPUS)
  ? false
  : '../shared/corpus is absent';

/** Test options that skip the test (or suite) when the corpus is absent. */
export const NO_CORPUS = { skip: CORPUS_SKIP };

/** One input row of the corpus's MANIFEST.tsv. */
export interface CorpusInput {
  /** The project it comes from, `owner/name`. */
  readonly repo: string;
  /** The file's path in that project. */
  readonly name: string;
  /** The format the manifest names (`junit-xml`, `tap`, ...). */
  readonly format: string;
  /** The file's path under CORPUS: `owner__name/<name>`. */
  readonly path: string;
  /** The file's absolute path. */
  readonly file: string;
}

/**
 * The MANIFEST rows whose role is input (expected outputs are not reports), in manifest order;
 * none when the corpus is absent.
 */
export function corpusInputs(): CorpusInput[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  return readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([, , name, , , role]) => name && role === 'input')
    .map(([repo, , name, format]) => {
      const relative = `${repo!.replace('/', '__')}/${name!}`;
      return {
        repo: repo!,
        name: name!,
        format: format ?? '',
        path: relative,
        file: path.join(CORPUS, relative),
      };
    });
}

/** Every other input of the corpus: what a detector of the formats `mine` matches must not claim. */
export function otherCorpusInputs(mine: RegExp): string[] {
  return corpusInputs()
    .filter((input) => !mine.test(input.format))
    .map((input) => input.file);
}

/** Asserts that the parser's detector claims none of the corpus's many inputs of other formats. */
export function assertClaimsNoOtherInput(parser: Pick<ResultParser, 'detect'>, mine: RegExp): void {
  const files = otherCorpusInputs(mine);
  assert.ok(files.length > 150);
  const claimed = files.filter((file) => parser.detect(readFileSync(file, 'utf8').slice(0, 4096)));
  assert.deepEqual(claimed, []);
}
