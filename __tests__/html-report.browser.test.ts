/**
 * The HTML report in headless Chromium (Debian's `chromium`, driven by playwright-core), opened
 * from a file:// URL as from a downloaded artifact: counts, failures first, filters, search,
 * sorting, grouping, a screenshot; no request and no console error on any page; hostile names
 * execute nothing. Skipped, saying why, without Chromium or playwright-core.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { RunReport } from '../src/model/run.js';
import { renderHtmlReport, type HtmlReportOptions } from '../src/render/html-report.js';
import { browserSkipReason, launchChromium, watchPage, type PageWatch } from './support/browser.js';
import {
  GOLDEN_REPORTS,
  HEAD_SHA,
  HOSTILE,
  attempt,
  coverageOf,
  failed,
  passed,
  runReport,
} from './support/reports.js';

const skip = await browserSkipReason();

/** One row of a virtual list as the reader sees it, in screen order. */
interface Row {
  readonly kind: 'test' | 'group';
  readonly status: string;
  readonly name: string;
  readonly ms: string;
}

describe('the HTML report in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;

  before(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(path.join(os.tmpdir(), 'itest-html-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Writes the report to a file and opens it, watched, once its script has run. */
  async function open(
    name: string,
    report: RunReport | string,
    options: HtmlReportOptions = {},
    viewport = { width: 1280, height: 900 },
  ): Promise<{ page: Page; watch: PageWatch }> {
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, typeof report === 'string' ? report : renderHtmlReport(report, options));
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport });
    const watch = await watchPage(page, url);
    await page.goto(url);
    await page.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
    return { page, watch };
  }

  /** No request left the file and nothing went wrong in the console. */
  function assertQuiet(watch: PageWatch) {
    assert.deepEqual(watch.requests, [], 'requests');
    assert.deepEqual(watch.errors, [], `console errors (all: ${watch.console.join(' | ')})`);
  }

  async function rows(page: Page, viewport = '#tests-viewport'): Promise<Row[]> {
    const found = await page.locator(`${viewport} .vrow:not([hidden])`).evaluateAll((elements) =>
      elements.map((row) => ({
        at: Number(row.getAttribute('data-row')),
        kind: row.classList.contains('group') ? 'group' : 'test',
        status: row.querySelector('.badge')?.textContent ?? '',
        name: row.querySelector('.name, .path')?.textContent ?? '',
        ms: row.querySelector('.ms')?.textContent ?? '',
      })),
    );
    return found.sort((a, b) => a.at - b.at).map(({ at: _, ...row }) => row as Row);
  }

  async function shown(page: Page, id = 'tests-count'): Promise<number> {
    return Number(await page.locator(`#${id}`).getAttribute('data-shown'));
  }

  /** Waits until the list says it shows `count` entries. */
  async function expectShown(page: Page, count: number, id = 'tests-count') {
    await page.locator(`#${id}[data-shown="${count}"]`).waitFor({ timeout: 10_000 });
  }

  test('opens from a file with the counts, failures first and their stack traces', async () => {
    const { page, watch } = await open('failures', GOLDEN_REPORTS['failures-flaky-slow']!());
    const counts = await page
      .locator('dd[data-count]')
      .evaluateAll((dds) => dds.map((dd) => [dd.getAttribute('data-count'), dd.textContent]));
    assert.deepEqual(Object.fromEntries(counts), {
      tests: '18',
      passed: '14',
      failed: '2',
      errored: '1',
      skipped: '1',
      flaky: '2',
      duration: '12.4s',
    });
    assert.equal(await shown(page), 18);
    const list = await rows(page);
    assert.equal(list.length, 18);
    assert.deepEqual(
      list.slice(0, 4).map((row) => [row.status, row.name]),
      [
        ['error', 'Db › connects'],
        ['failed', 'UserService › creates a user'],
        ['failed', 'Invoices › renders the invoice'],
        ['passed', 'Suite › query 1'],
      ],
    );
    const cards = page.locator('#failure-list article');
    assert.deepEqual(await cards.locator('h3 .title').allTextContents(), [
      'Db › connects',
      'UserService › creates a user',
      'Invoices › renders the invoice',
    ]);
    const second = cards.nth(1);
    assert.equal(await second.locator('pre.message').textContent(), 'expected 201, got 500');
    assert.match((await second.locator('details pre').first().textContent())!, /at Object/);
    assert.match(
      (await second.locator('details pre').nth(1).textContent())!,
      /duplicate key value violates unique constraint/,
    );
    assert.equal(
      await second.locator('a.where').getAttribute('href'),
      `https://github.com/octo-org/octo-app/blob/${HEAD_SHA}/src/users.test.ts#L42`,
    );
    assert.equal(await second.locator('a.where').textContent(), 'src/users.test.ts:42');
    assert.ok(await second.locator('pre.message').isVisible());
    assertQuiet(watch);
  });

  test('filters to failures, searches by name, sorts by duration and groups by suite', async () => {
    const { page, watch } = await open('controls', GOLDEN_REPORTS['failures-flaky-slow']!());

    await page.click('#test-filters button[data-filter="failed"]');
    await expectShown(page, 3);
    assert.deepEqual(
      (await rows(page)).map((row) => row.status),
      ['error', 'failed', 'failed'],
    );
    await page.click('#test-filters button[data-filter="flaky"]');
    await expectShown(page, 2);
    assert.deepEqual(
      (await rows(page)).map((row) => row.name),
      ['Webhooks › retries the webhook', 'Mail › sends mail'],
    );
    await page.click('#test-filters button[data-filter="all"]');
    await expectShown(page, 18);

    await page.fill('#test-search', 'QUERY 1');
    await expectShown(page, 4);
    assert.deepEqual(
      (await rows(page)).map((row) => row.name),
      ['Suite › query 1', 'Suite › query 10', 'Suite › query 11', 'Suite › query 12'],
    );
    await page.fill('#test-search', '');
    await expectShown(page, 18);

    await page.selectOption('#test-sort', 'slowest');
    await page.locator('#tests-viewport .vrow[data-row="0"] .name', { hasText: 'Db' }).waitFor();
    const slowest = await rows(page);
    assert.deepEqual(
      slowest.slice(0, 3).map((row) => [row.name, row.ms]),
      [
        ['Db › connects', '3s'],
        ['Suite › query 12', '1.2s'],
        ['Suite › query 11', '1.1s'],
      ],
    );
    const ms = slowest.map((row) => toMs(row.ms));
    assert.deepEqual(
      ms,
      [...ms].sort((a, b) => b - a),
    );
    await page.selectOption('#test-sort', 'name');
    await page
      .locator('#tests-viewport .vrow[data-row="1"] .name', { hasText: 'creates a user' })
      .waitFor();
    const byName = (await rows(page)).map((row) => row.name.split(' › ')[1]!.toLowerCase());
    assert.deepEqual(byName, [...byName].sort());

    await page.selectOption('#test-sort', 'slowest');
    await page.selectOption('#test-group', 'suite');
    await page.locator('#tests-viewport .vrow.group').first().waitFor();
    const grouped = await rows(page);
    const groups = grouped.filter((row) => row.kind === 'group').map((row) => row.name);
    assert.deepEqual(groups, ['Db', 'Suite', 'UserService', 'Webhooks', 'Mail', 'Invoices']);
    assert.equal(grouped[0]!.kind, 'group');
    assert.deepEqual(grouped[1], { kind: 'test', status: 'error', name: 'connects', ms: '3s' });
    assert.equal(grouped.length, 18 + 6);
    assert.match((await page.textContent('#tests-count'))!, /Showing 18 of 18 tests in 6 groups/);
    // A group's header folds it.
    await page.click('#tests-viewport .vrow.group >> text=Suite');
    await page
      .locator('#tests-viewport .vrow:not([hidden])')
      .nth(24 - 13)
      .waitFor({ state: 'detached' });
    assert.equal((await rows(page)).length, 24 - 13);

    // A test's row shows its message, stack trace and attempts below the list.
    await page.selectOption('#test-group', 'none');
    await page.click('#tests-viewport .vrow >> text=UserService › creates a user');
    const detail = page.locator('#test-detail');
    assert.equal(await detail.locator('pre.message').textContent(), 'expected 201, got 500');
    assert.match((await detail.textContent())!, /duplicate key value/);
    assertQuiet(watch);
  });

  test('sorts and filters the coverage table', async () => {
    const { page, watch } = await open('coverage', GOLDEN_REPORTS['coverage-changed-lines']!());
    await expectShown(page, 4, 'coverage-count');
    const paths = async () => (await rows(page, '#coverage-viewport')).map((row) => row.name);
    assert.deepEqual(await paths(), [
      '/home/runner/work/elsewhere/gen.js',
      'src/calc.js',
      'src/deep/dir (v2)/util.js',
      'src/done.js',
    ]);
    await page.click('#coverage-head button[data-sort="lines"]');
    await page.locator('#coverage-head button[data-sort="lines"][aria-pressed="true"]').waitFor();
    assert.deepEqual(await paths(), [
      'src/deep/dir (v2)/util.js',
      '/home/runner/work/elsewhere/gen.js',
      'src/calc.js',
      'src/done.js',
    ]);
    await page.fill('#coverage-search', 'CALC');
    await expectShown(page, 1, 'coverage-count');
    assert.deepEqual(await paths(), ['src/calc.js']);
    const uncovered = await page.locator('#coverage-viewport .vrow:not([hidden]) .ranges');
    assert.equal(await uncovered.textContent(), '5-6,9');
    assertQuiet(watch);
  });

  test('takes a screenshot', async () => {
    const { page, watch } = await open('screenshot', GOLDEN_REPORTS['failures-flaky-slow']!());
    const file = path.join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    assert.ok(png.length > 10_000, `${png.length} bytes`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assertQuiet(watch);
  });

  test('executes nothing of hostile names and shows them as text', async () => {
    const pwn = [
      '<img src=x onerror="window.__pwned=1">',
      '</script><script>window.__pwned=2</script>',
    ];
    const texts = [
      ...pwn,
      ...HOSTILE,
      '<svg onload="window.__pwned=3">',
      '" onmouseover="window.__pwned=4',
    ];
    const report = runReport({
      name: `hostile ${pwn[0]}`,
      tests: [
        ...texts.map((text, i) =>
          failed(text, {
            suite: text,
            file: `src/${text}.test.ts`,
            line: i + 1,
            message: text,
            details: `${text}\n${text}`,
            output: text,
          }),
        ),
        ...texts.map((text) =>
          passed(text, 5, { suite: 'Flaky', retries: [attempt('failed', { message: text })] }),
        ),
      ],
      services: [{ name: pwn[0]!, image: pwn[1]!, status: 'failed', reason: pwn[0] }],
      inputFiles: texts.map((text) => ({
        path: text,
        kind: 'results',
        status: 'error',
        reason: text,
      })),
      coverage: coverageOf({ [`src/${pwn[0]}.js`]: [1, 0] }),
    });
    const { page, watch } = await open('hostile', report, {
      serviceLogs: { [pwn[0]!]: pwn.join('\n') },
    });
    // Everything that shows untrusted text, opened and used.
    await page.click('#test-filters button[data-filter="failed"]');
    await page.selectOption('#test-group', 'file');
    await page.locator('#tests-viewport .vrow.test').first().click();
    await page.fill('#test-search', 'onerror');
    await expectShown(page, 2);
    await page.selectOption('#test-group', 'suite');
    await page.locator('#tests-viewport .vrow.test').first().click();
    await page
      .locator('details')
      .evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    await page.mouse.move(300, 300);

    assert.equal(
      await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned),
      undefined,
    );
    assert.equal(await page.locator('img, svg, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('script').count(), 2);
    assert.equal(await page.locator('[onerror], [onload], [onmouseover]').count(), 0);
    // The text is there, as text: in a failure card, the detail, the header and the tables.
    const card = page.locator('#failure-list article').filter({ hasText: pwn[1]! }).first();
    assert.equal(await card.locator('pre.message').textContent(), pwn[1]);
    assert.ok(await card.locator('pre.message').isVisible());
    assert.equal(await page.locator('#test-detail pre.message').textContent(), pwn[0]);
    assert.equal(await page.locator('h1').textContent(), `Failed hostile ${pwn[0]}`);
    assert.ok(await page.getByRole('cell', { name: pwn[1], exact: true }).first().isVisible());
    assert.match((await page.locator('.service-log pre').textContent())!, /window\.__pwned=2/);
    assertQuiet(watch);
  });

  test('opens 100,000 tests, rendering only the rows on screen, and answers a filter', async () => {
    const tests = Array.from({ length: 100_000 }, (_, i) =>
      i % 50 === 7
        ? failed(`handles case ${i}`, { suite: `Suite${i % 2000}`, details: 'at x\n'.repeat(15) })
        : passed(`handles case ${i}`, i % 2500, { suite: `Suite${i % 2000}` }),
    );
    const { page, watch } = await open('large', runReport({ tests }));
    assert.equal(await shown(page), 100_000);
    const inDom = await page.locator('#tests-viewport .vrow').count();
    assert.ok(inDom > 10 && inDom < 100, `${inDom} rows in the DOM`);

    await page.click('#test-filters button[data-filter="failed"]');
    await expectShown(page, 2000);
    assert.ok((await rows(page)).every((row) => row.status === 'failed'));
    await page.fill('#test-search', 'handles case 99957');
    await expectShown(page, 1);
    assert.deepEqual(
      (await rows(page)).map((row) => row.name),
      ['Suite1957 › handles case 99957'],
    );
    // Scrolled to the end, the last rows are drawn.
    await page.fill('#test-search', '');
    await page.click('#test-filters button[data-filter="all"]');
    await expectShown(page, 100_000);
    await page.locator('#tests-viewport').evaluate((viewport) => (viewport.scrollTop = 1e9));
    await page
      .locator('#tests-viewport .vrow:not([hidden])', { hasText: 'handles case 99999' })
      .waitFor();
    assertQuiet(watch);
  });

  test('a run without tests, coverage or services opens quietly', async () => {
    const { page, watch } = await open(
      'empty',
      runReport({ tests: [], inputFiles: [], command: null, resultsRequired: false }),
    );
    assert.equal(await shown(page), 0);
    assert.equal(await page.locator('#tests-viewport .vrow:not([hidden])').count(), 0);
    assert.equal(await page.textContent('#conclusion'), 'Passed');
    assert.match((await page.textContent('#headline'))!, /no test results/);
    assertQuiet(watch);
  });

  test('the watch sees a request and a blocked script, and the policy blocks a changed script', async () => {
    // The watch itself: a request from the page is seen (a file: image beside the report).
    const probe = await open(
      'probe',
      '<!DOCTYPE html><html data-ready="true"><img src="missing.png" alt=""></html>',
    );
    await probe.page.waitForLoadState('load');
    assert.deepEqual(probe.watch.requests, [pathToFileURL(path.join(dir, 'missing.png')).href]);

    // The report with its script changed by one character: the hash no longer matches.
    const html = renderHtmlReport(GOLDEN_REPORTS['failures-flaky-slow']!()).replace(
      "'use strict';",
      "'use strict'; ",
    );
    const file = path.join(dir, 'tampered.html');
    await writeFile(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const watch = await watchPage(page, url);
    await page.goto(url);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('html[data-ready]').count(), 0, 'the script ran');
    assert.ok(
      watch.errors.some((error) => /script-src/.test(error)),
      `no CSP violation: ${watch.errors.join(' | ')}`,
    );
    assert.deepEqual(watch.requests, []);
  });
});

/** "1.2s", "812ms", "1m 5s" -> milliseconds. */
function toMs(text: string): number {
  let ms = 0;
  for (const [, value, unit] of text.matchAll(/([\d.]+)(ms|s|m|h)/g)) {
    ms += Number(value) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms'];
  }
  return ms;
}
