import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderComment, runUrlOf } from '../../src/render/comment.js';
import { COMMENT_LIMIT_CHARS, COMMENT_MARKER_CHARS } from '../../src/render/limits.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';
import {
  CONTEXT,
  GOLDEN_REPORTS,
  HOSTILE,
  coverageOf,
  failed,
  htmlProblems,
  manyFailures,
  passed,
  runReport,
  tableRows,
} from '../support/reports.js';

const ARTIFACT = 'https://github.com/octo-org/octo-app/actions/runs/4242/artifacts/99';
const BUDGET = COMMENT_LIMIT_CHARS - COMMENT_MARKER_CHARS;
const noCmark = { skip: cmarkGfm ? false : CMARK_MISSING };

describe('the pull-request comment', () => {
  test('a header with conclusion, counts, coverage and its delta, and the links', () => {
    const report = runReport({
      tests: [passed('a'), passed('b'), { ...passed('c'), status: 'skipped' }],
      coverage: coverageOf({ 'src/a.ts': [1, 1, 1, 0] }),
    });
    const lines = renderComment(report, {
      artifactUrl: ARTIFACT,
      baseCoverage: { lines: 80.129 },
    }).split('\n');
    assert.equal(lines[0], '## ✅ integration: 2 tests passed, 1 skipped');
    assert.equal(
      lines[2],
      '**3 tests**: 2 passed, 1 skipped in 30ms · line coverage **75.00%** (−5.12 vs. 80.12% on the base branch)',
    );
    assert.equal(
      lines[4],
      `[Workflow run](https://github.com/octo-org/octo-app/actions/runs/4242) · [HTML report](${ARTIFACT})`,
    );
    assert.equal(lines.length, 6, 'nothing else for a passing run');
  });

  test('no base coverage: no delta; no artifact yet: only the run; a given run URL wins', () => {
    const report = runReport({
      tests: [passed('a')],
      coverage: coverageOf({ 'src/a.ts': [1, 0] }),
    });
    const markdown = renderComment(report, { runUrl: 'https://github.com/o/r/actions/runs/9' });
    assert.match(markdown, /line coverage \*\*50\.00%\*\*\n/);
    assert.match(markdown, /\n\[Workflow run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/9\)\n/);
    assert.doesNotMatch(markdown, /HTML report/);
    assert.match(
      renderComment(report, { baseCoverage: { lines: 50.009 } }),
      /\(±0\.00 vs\. 50\.00% on the base branch\)/,
    );
  });

  test('the run URL names a re-run attempt', () => {
    assert.equal(
      runUrlOf(runReport({ context: { ...CONTEXT, runAttempt: '3' } })),
      'https://github.com/octo-org/octo-app/actions/runs/4242/attempts/3',
    );
    assert.equal(runUrlOf(runReport({ context: { serverUrl: 'https://github.com' } })), undefined);
  });

  test('failures first, before flaky tests and changed lines', () => {
    const markdown = renderComment(GOLDEN_REPORTS['failures-flaky-slow']!());
    const failures = markdown.indexOf('### Failures');
    assert.ok(failures > 0 && failures < markdown.indexOf('### Flaky tests'));
    assert.doesNotMatch(markdown, /### Slowest tests|### Services/);
  });

  test('20 failures in full, 30 as rows, the rest counted', () => {
    const tests = Array.from({ length: 75 }, (_, i) => failed(`t${i}`));
    const markdown = renderComment(runReport({ tests }), { artifactUrl: ARTIFACT });
    assert.equal(markdown.match(/^❌ \*\*Failed/gm)?.length, 20);
    assert.equal(markdown.match(/^\| ❌ Suite › t\d+ \|/gm)?.length, 30);
    assert.match(markdown, /… and 25 more failures, in the \[full report\]/);
    assert.ok(
      markdown.includes(`**Not shown here:** 25 more failures. [Full report](${ARTIFACT})`),
    );
  });

  test('does not include the marker line: that is the publisher’s', () => {
    assert.doesNotMatch(renderComment(GOLDEN_REPORTS['all-passing']!()), /<!--/);
  });
});

describe('the pull-request comment within 65,536 characters', () => {
  test('20,000 failures with long texts: under 65,536 − 200, saying what was left out', () => {
    const markdown = renderComment(manyFailures(20_000, 20_000), { artifactUrl: ARTIFACT });
    assert.ok(markdown.length <= BUDGET, `${markdown.length} characters`);
    assert.ok(markdown.length > BUDGET / 2, `${markdown.length} characters: fitted, not emptied`);
    assert.match(markdown, /\*\*Not shown here:\*\* .*19,970 more failures/);
    assert.match(markdown, /Shortened to stay within GitHub's limit of 65,536 characters/);
    assert.ok(markdown.includes(`[Full report](${ARTIFACT})`));
  });

  test('characters are counted as JavaScript counts them: an emoji is two', () => {
    const markdown = renderComment(manyFailures(500, 20_000, '😀'));
    assert.ok(markdown.length <= BUDGET, `${markdown.length} characters`);
    assert.doesNotMatch(markdown, /\uFFFD/, 'no surrogate pair cut in half');
  });

  test('a smaller limit degrades further, down to counts and problems', () => {
    const markdown = renderComment(manyFailures(200, 2000), { limitChars: 1500 });
    assert.ok(markdown.length <= 1500, `${markdown.length} characters`);
    assert.match(markdown, /- 200 tests failed\./);
    assert.match(markdown, /the list of 200 failures/);
  });

  test('every step renders valid Markdown', noCmark, () => {
    const report = GOLDEN_REPORTS['hostile-names']!();
    const full = renderComment(report).length;
    for (const limitChars of [full, full - 1, 9000, 5000, 2500, 1000]) {
      const markdown = renderComment(report, { limitChars });
      assert.ok(markdown.length <= limitChars);
      assert.deepEqual(htmlProblems(renderGfm(markdown)), [], `at ${limitChars} characters`);
    }
  });
});

describe('hostile names in the comment', noCmark, () => {
  const html = renderGfm(renderComment(GOLDEN_REPORTS['hostile-names']!()));

  test('render as text: no raw HTML, links, mentions or broken blocks', () => {
    assert.deepEqual(htmlProblems(html), []);
    assert.equal(html.match(/<details>/g)?.length, 2 * HOSTILE.length);
  });

  test('tables keep one row per item', () => {
    assert.equal(tableRows(html, 'File').length, HOSTILE.length);
    assert.equal(tableRows(html, 'Test').length, HOSTILE.length);
    assert.equal(tableRows(html, 'Changed file').length, 2);
  });
});
