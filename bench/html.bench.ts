/**
 * HTML report benchmark on the 100,000-test JUnit file of ../shared/bench: the file's size,
 * rendering it in Node against serializing the same tests with JSON.stringify, and in headless
 * Chromium the time from navigation to the first rows of the test list and to a filter
 * answered, against opening a trivial page in the same browser, round by round.
 *
 *   node --import tsx bench/html.bench.ts [--rounds N] [--size 100000]
 *
 * The floor: the file under 15 MB; opening and answering a filter within 3 s here.
 * Reported, not asserted. Without Chromium, playwright-core or ../shared it prints
 * "skipped: ..." and exits 0.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import {
  browserSkipReason,
  CHROMIUM_PATH,
  junitRunReport,
  launchChromium,
} from '../__tests__/support/browser.js';
import { renderHtmlReport } from '../src/render/html-report.js';
import { CACHE, GENERATORS, HERE, median, ROOT } from './support.js';

const RESULTS_FILE = path.join(HERE, 'results', 'html.json');
const FLOOR = { megabytes: 15, openAndFilterS: 3 };

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    size: { type: 'string', default: '100000' },
  },
  strict: false,
});
const rounds = Number(values.rounds);
const size = Number(values.size);

if (!existsSync(path.join(GENERATORS, 'gen-junit.py'))) {
  console.log('skipped: ../shared/bench (the input generators) is absent');
  process.exit(0);
}
const missing = await browserSkipReason();
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}

await mkdir(CACHE, { recursive: true });
const input = path.join(CACHE, `junit-${size}.xml`);
if (!existsSync(input)) {
  execFileSync('python3', [path.join(GENERATORS, 'gen-junit.py'), String(size), input], {
    stdio: 'ignore',
  });
}
const report = await junitRunReport(input);
const failing = report.totals.failed + report.totals.errored;

// Node: rendering the report against JSON.stringify of its tests, interleaved.
const renderMs: number[] = [];
const stringifyMs: number[] = [];
let html = '';
for (let round = 0; round < rounds; round++) {
  let started = performance.now();
  JSON.stringify(report.tests);
  stringifyMs.push(performance.now() - started);
  started = performance.now();
  html = renderHtmlReport(report);
  renderMs.push(performance.now() - started);
}
const bytes = Buffer.byteLength(html);

const dir = await mkdtemp(path.join(os.tmpdir(), 'itest-bench-html-'));
const reportUrl = pathToFileURL(path.join(dir, 'report.html')).href;
const trivialUrl = pathToFileURL(path.join(dir, 'trivial.html')).href;
await writeFile(new URL(reportUrl), html);
await writeFile(
  new URL(trivialUrl),
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><p id="ready">ready</p></body></html>',
);

interface BrowserRound {
  readonly trivialMs: number;
  readonly firstRowsMs: number;
  readonly filterMs: number;
  readonly shownAfterFilter: number;
}

/** One round: a fresh page each, the trivial page first, then the report. */
async function browserRound(browser: Browser): Promise<BrowserRound> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const trivial = await context.newPage();
    let started = performance.now();
    await trivial.goto(trivialUrl, { waitUntil: 'commit' });
    await trivial.locator('#ready').waitFor();
    const trivialMs = performance.now() - started;

    const page = await context.newPage();
    started = performance.now();
    await page.goto(reportUrl, { waitUntil: 'commit' });
    await page.locator('#tests-viewport .vrow').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = performance.now() - started;
    await page.click('#test-filters button[data-filter="failed"]');
    await page.locator(`#tests-count[data-shown="${failing}"]`).waitFor({ timeout: 60_000 });
    const filterMs = performance.now() - started;
    const shownAfterFilter = Number(await page.locator('#tests-count').getAttribute('data-shown'));
    return { trivialMs, firstRowsMs, filterMs, shownAfterFilter };
  } finally {
    await context.close();
  }
}

const browser = await launchChromium();
const browserRounds: BrowserRound[] = [];
try {
  await browserRound(browser); // warm-up: the browser's own first start, left out
  for (let round = 0; round < rounds; round++) browserRounds.push(await browserRound(browser));
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}

const figures = {
  tests: report.totals.tests,
  failing,
  megabytes: bytes / 1e6,
  renderMs: median(renderMs),
  stringifyMs: median(stringifyMs),
  trivialMs: median(browserRounds.map((r) => r.trivialMs)),
  firstRowsMs: median(browserRounds.map((r) => r.firstRowsMs)),
  filterMs: median(browserRounds.map((r) => r.filterMs)),
};
const ratios = {
  renderPerStringify: figures.renderMs / figures.stringifyMs,
  firstRowsPerTrivial: figures.firstRowsMs / figures.trivialMs,
  filterPerTrivial: figures.filterMs / figures.trivialMs,
};
const wrongCounts = browserRounds.filter((r) => r.shownAfterFilter !== failing).length;

console.log(
  `\nHTML report of ${input} (${report.totals.tests.toLocaleString('en')} tests, ${failing.toLocaleString('en')} failing), median of ${rounds}:`,
);
const row = (label: string, value: string, ratio = '') =>
  console.log(`  ${label.padEnd(44)} ${value.padStart(10)}  ${ratio}`);
row('file size', `${figures.megabytes.toFixed(2)} MB`);
row('render in Node', `${figures.renderMs.toFixed(0)} ms`);
row(
  'JSON.stringify of the tests (baseline)',
  `${figures.stringifyMs.toFixed(0)} ms`,
  `render: ${ratios.renderPerStringify.toFixed(2)}x`,
);
row('Chromium: trivial page shown (baseline)', `${figures.trivialMs.toFixed(0)} ms`);
row(
  'Chromium: navigation to first rows',
  `${figures.firstRowsMs.toFixed(0)} ms`,
  `${ratios.firstRowsPerTrivial.toFixed(1)}x trivial`,
);
row(
  'Chromium: navigation to filter answered',
  `${figures.filterMs.toFixed(0)} ms`,
  `${ratios.filterPerTrivial.toFixed(1)}x trivial`,
);
const sizeMet = figures.megabytes < FLOOR.megabytes;
const timeMet = figures.filterMs / 1000 <= FLOOR.openAndFilterS;
console.log(
  `  floor: under ${FLOOR.megabytes} MB -> ${sizeMet ? 'met' : 'NOT met'}; open and filter within ${FLOOR.openAndFilterS} s -> ${(figures.filterMs / 1000).toFixed(2)} s, ${timeMet ? 'met' : 'NOT met'}`,
);
if (wrongCounts > 0) console.log(`  WARNING: ${wrongCounts} rounds showed another count`);

await mkdir(path.dirname(RESULTS_FILE), { recursive: true });
await writeFile(
  RESULTS_FILE,
  JSON.stringify(
    {
      rounds,
      input: path.basename(input),
      node: process.version,
      chromium: CHROMIUM_PATH,
      cpus: os.cpus().length,
      figures,
      ratios,
      floor: { ...FLOOR, sizeMet, timeMet },
      perRound: { renderMs, stringifyMs, browser: browserRounds },
    },
    null,
    2,
  ) + '\n',
);
console.log(`\nresults: ${path.relative(ROOT, RESULTS_FILE)}`);
