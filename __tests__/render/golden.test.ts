/**
 * Golden files: the Markdown each surface renders for the representative reports of
 * __tests__/support/reports.ts, compared byte for byte, and GitHub's renderer's HTML of it
 * checked for injection. `UPDATE_GOLDEN=1` rewrites them (review the diff); see
 * __tests__/golden/README.md.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../src/model/run.js';
import { renderComment } from '../../src/render/comment.js';
import { renderSummary } from '../../src/render/summary.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';
import { GOLDEN_REPORTS, htmlProblems } from '../support/reports.js';

const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const ARTIFACT = 'https://github.com/octo-org/octo-app/actions/runs/4242/artifacts/99';
const update = process.env.UPDATE_GOLDEN === '1';

const SURFACES: Record<string, (report: RunReport) => string> = {
  summary: (report) => renderSummary(report, { fullReportUrl: ARTIFACT }),
  comment: (report) =>
    renderComment(report, { artifactUrl: ARTIFACT, baseCoverage: { lines: 52.5 } }),
};

for (const [surface, render] of Object.entries(SURFACES)) {
  describe(`golden ${surface}`, () => {
    for (const [name, build] of Object.entries(GOLDEN_REPORTS)) {
      const file = path.join(GOLDEN, surface, `${name}.md`);
      const markdown = render(build());

      test(`${surface}/${name}.md`, async () => {
        if (update) {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, markdown, 'utf8');
        }
        const expected = await readFile(file, 'utf8');
        assert.equal(markdown, expected, `${file} differs: UPDATE_GOLDEN=1 rewrites it`);
      });

      test(
        `${surface}/${name}.md rendered by cmark-gfm: no injection, blocks closed`,
        { skip: cmarkGfm ? false : CMARK_MISSING },
        () => {
          assert.deepEqual(htmlProblems(renderGfm(markdown)), []);
        },
      );
    }
  });
}
