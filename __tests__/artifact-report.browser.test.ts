/**
 * The end-to-end check: the bundled action, started as the runner starts it, uploads
 * an artifact (real @actions/artifact client, results-service stand-in); its report.html,
 * unzipped and opened from a file in headless Chromium, shows the right counts, failures
 * first, filters that work, no request to anywhere and no console error, also at 100,000
 * tests. Skipped, saying why, without Chromium or playwright-core.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { runAction, type ActionRun } from './support/action-runner.js';
import { readZip } from './support/artifact-service.js';
import { browserSkipReason, launchChromium, watchPage } from './support/browser.js';
import { junitXml } from './support/junit.js';

const skip = await browserSkipReason();
const GENERATOR = path.resolve(import.meta.dirname, '../../shared/bench/gen-junit.py');

describe('the uploaded report in Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(path.join(tmpdir(), 'itest-artifact-report-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The report.html of the run's one artifact, written out and opened as a downloaded file. */
  async function openUploaded(run: ActionRun, name: string) {
    assert.equal(run.artifacts.length, 1, run.main.stdout.slice(-2000));
    const html = readZip(run.artifacts[0]!.content!).find((e) => e.name === 'report.html');
    assert.ok(html, 'report.html is in the artifact');
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, html.content);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watch = await watchPage(page, url);
    await page.goto(url);
    await page.locator('html[data-ready="true"]').waitFor({ timeout: 30_000 });
    return { page, watch };
  }
  const shown = (page: Page) => page.locator('#tests-count').getAttribute('data-shown');
  const expectShown = (page: Page, count: number) =>
    page.locator(`#tests-count[data-shown="${count}"]`).waitFor({ timeout: 20_000 });

  test('right counts, failures first, working filters, no request', async () => {
    const workspace = path.join(dir, 'small');
    await rm(workspace, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(workspace);
    await writeFile(
      path.join(workspace, 'junit.xml'),
      junitXml('shop', [
        { name: 'lists items' },
        { name: 'adds to cart', time: 2 },
        { name: 'pays', outcome: 'failure', message: 'card declined' },
        { name: 'ships', outcome: 'error', message: 'timeout' },
        { name: 'gift wraps', outcome: 'skipped' },
      ]),
    );
    const run = await runAction({
      workspace,
      inputs: { results: 'junit.xml', name: 'shop', 'fail-on': 'never' },
    });
    const { page, watch } = await openUploaded(run, 'small');
    const counts = Object.fromEntries(
      await page
        .locator('dd[data-count]')
        .evaluateAll((dds) => dds.map((dd) => [dd.getAttribute('data-count'), dd.textContent])),
    );
    assert.deepEqual(
      [counts.tests, counts.passed, counts.failed, counts.errored, counts.skipped],
      ['5', '2', '1', '1', '1'],
    );
    assert.deepEqual(await page.locator('#failure-list article h3 .title').allTextContents(), [
      'shop › ships',
      'shop › pays',
    ]);
    await page.click('#test-filters button[data-filter="failed"]');
    await expectShown(page, 2);
    await page.fill('#test-search', 'pays');
    await expectShown(page, 1);
    assert.deepEqual(watch.requests, []);
    assert.deepEqual(watch.errors, [], watch.console.join(' | '));
    await page.close();
  });

  test(
    'stays responsive at 100,000 tests',
    { skip: existsSync(GENERATOR) ? false : '../shared/bench (the generator) is absent' },
    async () => {
      const workspace = path.join(dir, 'large');
      const { mkdir } = await import('node:fs/promises');
      await mkdir(workspace, { recursive: true });
      // The benchmark's 100,000-test file (25 MB), from ../shared/bench's generator.
      execFileSync('python3', [GENERATOR, '100000', path.join(workspace, 'junit.xml')], {
        stdio: 'ignore',
      });
      const run = await runAction({
        workspace,
        inputs: { results: 'junit.xml', name: 'large', 'fail-on': 'never' },
      });
      const { page, watch } = await openUploaded(run, 'large');
      assert.equal(await shown(page), '100000');
      assert.ok(
        (await page.locator('#tests-viewport .vrow').count()) < 200,
        'only what is on screen',
      );
      await page.click('#test-filters button[data-filter="failed"]');
      await expectShown(page, Number(run.main.outputs.failed) + Number(run.main.outputs.errored));
      assert.deepEqual(watch.requests, []);
      assert.deepEqual(watch.errors, [], watch.console.join(' | '));
      await page.close();
    },
  );
});
