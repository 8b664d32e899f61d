import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunReport } from '../../src/model/run.js';
import type { TestCase } from '../../src/model/tests.js';
import { countTests } from '../../src/model/totals.js';
import { renderSummary } from '../../src/render/summary.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  'pipe | in | name',
  '```\nfence escape\n```',
  '@octo-org/admins please look',
  '[click](https://evil.example)',
  '</summary></details><h1>out</h1>',
];

function reportWith(tests: TestCase[], extra: Partial<RunReport> = {}): RunReport {
  return {
    name: 'api <tests> | @team',
    conclusion: 'failure',
    problems: ['1 test failed.'],
    command: { command: 'x', exitCode: 1, timedOut: false, cancelled: false, durationMs: 1500 },
    services: [],
    tests,
    totals: countTests(tests, 1500),
    inputFiles: [
      { path: 'r/junit.xml', kind: 'results', status: 'parsed', format: 'junit' },
      { path: 'r/|bad<b>.xml', kind: 'results', status: 'error', reason: 'malformed XML: <oops>' },
    ],
    resultsRequired: true,
    startedAt: new Date(0),
    finishedAt: new Date(1500),
    context: { serverUrl: 'https://github.com' },
    ...extra,
  };
}

const hostileTests: TestCase[] = HOSTILE.map((name) => ({
  name,
  suite: name,
  status: 'failed',
  durationMs: 1,
  message: name,
  details: `${name}\n\`\`\`\`\n${name}`,
  retries: [],
}));

describe('the job summary', () => {
  test('puts the conclusion and counts first', () => {
    const markdown = renderSummary(reportWith(hostileTests));
    const lines = markdown.split('\n');
    assert.match(lines[0]!, /^## ❌ api .* 7 of 7 tests failed$/);
    assert.equal(lines[2], '| Tests | Passed | Failed | Errored | Skipped | Flaky | Duration |');
    assert.equal(lines[4], '| 7 | 0 | 7 | 0 | 0 | 0 | 1.5s |');
  });

  test(
    "rendered by GitHub's renderer, hostile names stay text",
    { skip: cmarkGfm ? false : CMARK_MISSING },
    () => {
      const html = renderGfm(renderSummary(reportWith(hostileTests)));
      assert.doesNotMatch(html, /<script|<img|<h1|<a href/i);
      // One <details> per failure, none closed early by a name.
      assert.equal(html.match(/<details>/g)?.length, HOSTILE.length);
      assert.equal(html.match(/<\/details>/g)?.length, HOSTILE.length);
      // Every failure's text stays inside its own code block.
      assert.equal(html.match(/<pre><code class="language-text">/g)?.length, HOSTILE.length);
      // No mention can ping: outside code (where GitHub links none), every @ is followed by a
      // zero-width space.
      const outsideCode = html.replace(/<pre>[\s\S]*?<\/pre>/g, '');
      assert.doesNotMatch(outsideCode.replace(/@\u200b/g, ''), /@/);
      // The input-files table keeps its three columns.
      const row =
        /<tr>\s*<td>r\/\|bad&lt;b&gt;\.xml<\/td>\s*<td>[^<]*<\/td>\s*<td>malformed XML: &lt;oops&gt;<\/td>\s*<\/tr>/;
      assert.match(html, row);
    },
  );

  test('lists at most 50 failures and says how many more there are', () => {
    const many: TestCase[] = Array.from({ length: 120 }, (_, i) => ({
      name: `t${i}`,
      suite: 'S',
      status: 'failed',
      durationMs: 1,
      retries: [],
    }));
    const markdown = renderSummary(reportWith(many));
    assert.equal(markdown.match(/<details>/g)?.length, 50);
    assert.match(markdown, /… and 70 more failures, listed in the JSON report\./);
  });

  test('a timed-out run says so in the headline', () => {
    const markdown = renderSummary(
      reportWith([], { conclusion: 'timed_out', problems: ['The command timed out after 2s.'] }),
    );
    assert.match(markdown.split('\n')[0]!, /⏱️ .*: timed out, no test results$/);
  });
});
