import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SUMMARY_LIMIT_BYTES, utf8Bytes } from '../../src/render/limits.js';
import { renderSummary } from '../../src/render/summary.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';
import {
  GOLDEN_REPORTS,
  HOSTILE,
  attempt,
  failed,
  htmlProblems,
  manyFailures,
  passed,
  runReport,
  tableRows,
} from '../support/reports.js';

const FULL_REPORT = 'https://github.com/octo-org/octo-app/actions/runs/4242/artifacts/99';
const noCmark = { skip: cmarkGfm ? false : CMARK_MISSING };
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

describe('the job summary', () => {
  test('puts the conclusion and counts first', () => {
    const markdown = renderSummary(GOLDEN_REPORTS['hostile-names']!());
    const lines = markdown.split('\n');
    assert.match(lines[0]!, /^## ❌ api .* 10 of 20 tests failed$/);
    assert.equal(lines[2], '| Tests | Passed | Failed | Errored | Skipped | Flaky | Duration |');
    assert.equal(lines[4], '| 20 | 10 | 10 | 0 | 0 | 10 | 700ms |');
  });

  test('lists failures first, errored before failed, then by file and line', () => {
    const markdown = renderSummary(
      runReport({
        tests: [
          passed('fine', 5000),
          failed('b', { file: 'src/b.ts', line: 3 }),
          failed('no file'),
          failed('a late', { file: 'src/a.ts', line: 30 }),
          { ...failed('crash', { file: 'src/z.ts', line: 1 }), status: 'errored' },
          failed('a early', { file: 'src/a.ts', line: 2 }),
        ],
      }),
    );
    const titles = [...markdown.matchAll(/^(?:❌|💥) \*\*\w+: Suite › ([\w ]+)\*\*/gm)].map(
      (m) => m[1],
    );
    assert.deepEqual(titles, ['crash', 'a early', 'a late', 'b', 'no file']);
    assert.ok(markdown.indexOf('### Failures') < markdown.indexOf('### Slowest tests'));
  });

  test('a failure shows its message; details and output are collapsed, output from its end', () => {
    const markdown = renderSummary(
      runReport({
        tests: [
          failed('t', {
            message: 'expected 1, got 2',
            details: 'at line 1',
            output: `${'early '.repeat(2000)}THE END`,
          }),
        ],
      }),
    );
    assert.match(markdown, /\*\*Failed: Suite › t\*\* · 20ms\n\n```text\nexpected 1, got 2\n```/);
    assert.match(markdown, /<details><summary>Details<\/summary>\n\n```text\nat line 1\n```/);
    assert.match(
      markdown,
      /<details><summary>Output<\/summary>\n\n```text\n\(6,008 characters before cut\)\n…rly early .*THE END\n```/,
    );
  });

  test('flaky tests show their attempts, and the slowest ten their durations', () => {
    const markdown = renderSummary(GOLDEN_REPORTS['failures-flaky-slow']!());
    assert.match(
      markdown,
      /\| Webhooks › retries the webhook \| ❌ 502ms → 💥 120ms → ✅ 640ms \| timeout after 500ms \|/,
    );
    const slowest = markdown
      .split('### Slowest tests')[1]!
      .split('\n')
      .filter((l) => l.startsWith('| '));
    assert.equal(slowest.length, 11);
    assert.equal(slowest[1], '| Db › connects | 💥 errored | 3s |');
  });

  test('lists 50 failures in full, then rows, and says how many more there are', () => {
    const many = Array.from({ length: 620 }, (_, i) =>
      failed(`t${String(i).padStart(3, '0')}`, { message: `m${i}` }),
    );
    const markdown = renderSummary(runReport({ tests: many }), { fullReportUrl: FULL_REPORT });
    assert.equal(markdown.match(/^❌ \*\*Failed/gm)?.length, 50);
    assert.equal(markdown.match(/^\| ❌ Suite › t\d+ \| {2}\| m\d+ \|$/gm)?.length, 450);
    assert.match(
      markdown,
      new RegExp(`… and 120 more failures, in the \\[full report\\]\\(${FULL_REPORT}\\)\\.`),
    );
    assert.match(
      markdown,
      new RegExp(
        `\\*\\*Not shown here:\\*\\* 120 more failures\\. \\[Full report\\]\\(${FULL_REPORT}\\)`,
      ),
    );
    assert.doesNotMatch(markdown, /Shortened/);
  });

  test('a timed-out run says so in the headline', () => {
    const report = {
      ...runReport({ command: null, resultsRequired: false }),
      conclusion: 'timed_out' as const,
      problems: ['The command timed out after 2s.'],
    };
    assert.match(renderSummary(report).split('\n')[0]!, /⏱️ .*: timed out, no test results$/);
  });
});

describe('the job summary within 1 MiB', () => {
  test('20,000 failures with long texts: under 1 MiB, saying what was left out', () => {
    const report = manyFailures(20_000, 20_000);
    const markdown = renderSummary(report, { fullReportUrl: FULL_REPORT });
    assert.ok(utf8Bytes(markdown) <= SUMMARY_LIMIT_BYTES, `${utf8Bytes(markdown)} bytes`);
    assert.match(markdown, /\*\*Not shown here:\*\* .*19,500 more failures/);
    assert.match(markdown, /the rest of long messages, details and output/);
    assert.ok(markdown.includes(`[Full report](${FULL_REPORT})`));
  });

  test('three bytes a character: degraded in steps until it fits, and says so', () => {
    const markdown = renderSummary(manyFailures(20_000, 20_000, '漢'), {
      fullReportUrl: FULL_REPORT,
    });
    const bytes = utf8Bytes(markdown);
    assert.ok(bytes <= SUMMARY_LIMIT_BYTES, `${bytes} bytes`);
    assert.ok(bytes > SUMMARY_LIMIT_BYTES / 2, `${bytes} bytes: fitted, not emptied`);
    assert.match(markdown, /Shortened to stay within the job summary's limit of 1 MiB\./);
    // Still the 50 failures, with shorter texts (the third step).
    assert.equal(markdown.match(/^❌ \*\*Failed/gm)?.length, 50);
  });

  test('the first step drops the slowest tests and the flaky attempts, and keeps the texts', () => {
    const report = runReport({
      tests: [
        ...Array.from({ length: 12 }, (_, i) => passed(`p${i}`, 100 + i)),
        passed('flaky', 5, { retries: [attempt('failed', { message: 'once' })] }),
        failed('f', { message: 'm'.repeat(1500), details: 'd'.repeat(5000) }),
      ],
    });
    const full = renderSummary(report);
    const markdown = renderSummary(report, { limitBytes: utf8Bytes(full) - 1 });
    assert.doesNotMatch(markdown, /### Slowest tests/);
    assert.match(markdown, /\| Test \| Attempts \|\n\|---\|---:\|\n\| Suite › flaky \| 2 \|/);
    assert.ok(markdown.includes('m'.repeat(1500)) && markdown.includes('d'.repeat(5000)));
    assert.match(
      markdown,
      /\*\*Not shown here:\*\* the flaky tests’ attempts; the slowest tests\. Shortened/,
    );
  });

  test('the last step keeps counts and problems; below that, whole blocks are dropped', () => {
    const report = manyFailures(30, 100);
    const counts = renderSummary(report, { limitBytes: 2500 });
    assert.ok(utf8Bytes(counts) <= 2500);
    assert.match(counts, /- 30 tests failed\./);
    assert.match(
      counts,
      /\*\*Not shown here:\*\* the list of 30 failures; the slowest tests\. Shortened/,
    );
    assert.doesNotMatch(counts, /### Failures/);

    const cut = renderSummary(report, { limitBytes: 700, fullReportUrl: FULL_REPORT });
    assert.ok(utf8Bytes(cut) <= 700, `${utf8Bytes(cut)} bytes`);
    assert.match(cut, /^## ❌ many failures/);
    assert.ok(
      cut.endsWith(
        `to stay within the job summary's limit of 700 bytes. [Full report](${FULL_REPORT})\n`,
      ),
    );
  });

  test('every step renders valid Markdown', noCmark, () => {
    const report = GOLDEN_REPORTS['hostile-names']!();
    const full = utf8Bytes(renderSummary(report));
    for (const limitBytes of [full, full - 1, 12_000, 6000, 3000, 1500]) {
      const markdown = renderSummary(report, { limitBytes });
      assert.ok(utf8Bytes(markdown) <= limitBytes);
      assert.deepEqual(htmlProblems(renderGfm(markdown)), [], `at ${limitBytes} bytes`);
    }
  });
});

describe('hostile names in the job summary', noCmark, () => {
  const html = renderGfm(renderSummary(GOLDEN_REPORTS['hostile-names']!()));

  test('render as text: no raw HTML, links, mentions or broken blocks', () => {
    assert.deepEqual(htmlProblems(html), []);
    assert.doesNotMatch(html, /<script|<img|<h1|<em>|<del>|<blockquote/i);
  });

  test('each failure: one title, its message, details and output each in their own block', () => {
    assert.equal(html.match(/<details>/g)?.length, 2 * HOSTILE.length + 1);
    assert.equal(html.match(/<pre><code class="language-text">/g)?.length, 3 * HOSTILE.length);
    for (const text of HOSTILE) {
      assert.ok(
        html.includes(
          `<strong>Failed: ${escape(oneLine(text))} › ${escape(oneLine(text))}</strong>`,
        ),
        text,
      );
    }
  });

  test('tables keep one row per item and each text in its cell', () => {
    const files = tableRows(html, 'File');
    assert.equal(files.length, HOSTILE.length);
    for (const [i, text] of HOSTILE.entries()) {
      assert.deepEqual(files[i], [
        `r/${oneLine(text)}.xml`.replace(/@/g, '@\u2060'),
        '⚠️ not read',
        oneLine(text).replace(/@/g, '@\u2060'),
      ]);
    }
    assert.equal(tableRows(html, 'Test').length, HOSTILE.length);
    assert.equal(tableRows(html, 'Service').length, 1);
    assert.equal(tableRows(html, 'Changed file').length, 2);
  });
});

/** The text as cmark-gfm writes it in HTML, mentions broken. */
function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u2060');
}
