import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunReport } from '../../src/model/run.js';
import { createRedactor, redactReport } from '../../src/render/redact.js';
import { renderSummary } from '../../src/render/summary.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from '../support/cmark.js';

const SECRET = 'pa_ss*wo`rd|42';

function reportWithSecret(): RunReport {
  const failing = {
    name: `logs in with ${SECRET}`,
    suite: 'auth',
    status: 'failed' as const,
    durationMs: 5,
    message: `expected 200 for postgres://app:${SECRET}@db/app`,
    details: `at login (${SECRET})`,
    output: `token=${SECRET}`,
    retries: [{ status: 'failed' as const, durationMs: 1, message: `first try ${SECRET}` }],
  };
  return {
    name: 'tests',
    conclusion: 'failure',
    problems: [`1 test failed: ${SECRET}`],
    services: [],
    tests: [failing],
    totals: { tests: 1, passed: 0, failed: 1, errored: 0, skipped: 0, flaky: 0, durationMs: 5 },
    inputFiles: [{ path: 'r.xml', kind: 'results', status: 'error', reason: `bad ${SECRET}` }],
    resultsRequired: false,
    startedAt: new Date(0),
    finishedAt: new Date(0),
    context: { serverUrl: 'https://github.com' },
  };
}

test('every text of the report is redacted before it is escaped for Markdown', () => {
  const redact = createRedactor([SECRET]);
  const shown = redactReport(reportWithSecret(), redact);
  const texts = JSON.stringify(shown);
  assert.ok(!texts.includes('ss*wo'), texts);
  assert.equal(shown.tests[0]!.retries[0]!.message, 'first try ***');
  // Redacting only the finished Markdown misses the escaped forms of the secret, which
  // GitHub shows as the secret again.
  const late = redact(renderSummary(reportWithSecret()));
  const early = redact(renderSummary(shown));
  assert.ok(!early.includes('ss*wo') && !early.includes('ss\\*wo'), early);
  if (cmarkGfm) {
    const visible = (markdown: string) => renderGfm(markdown).replace(/<[^>]*>/g, '');
    assert.ok(!visible(early).includes('ss*wo'));
    assert.ok(visible(late).includes('pa_ss*wo'), 'the late-only redaction did leak');
  }
});

test(
  'the rendered summary shows no trace of the secret',
  { skip: cmarkGfm ? false : CMARK_MISSING },
  () => {
    const redact = createRedactor([SECRET]);
    const html = renderGfm(redact(renderSummary(redactReport(reportWithSecret(), redact))));
    assert.ok(!html.includes('ss*wo') && !html.includes('ss\\*wo') && !html.includes('ss&ast;'));
    assert.match(html, /\*\*\*/);
  },
);
