/**
 * Headless Chromium for the HTML report's tests and benchmark: Debian's `chromium`, driven by
 * playwright-core through `executablePath` (playwright never downloads a browser here). Pages
 * are watched for every request that leaves the file (anything but file: and data:), every
 * Content-Security-Policy violation and every console error.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { streamReportText } from '../../src/collect/read-report-file.js';
import type { RunReport } from '../../src/model/run.js';
import { mergeRetries } from '../../src/model/merge-retries.js';
import { junitParser } from '../../src/parsers/junit.js';
import { runReport } from './reports.js';

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Playwright = typeof import('playwright-core');

let loaded: Promise<Playwright | string> | undefined;

/** playwright-core, or why it cannot be used (the reason tests are skipped with). */
function loadPlaywright(): Promise<Playwright | string> {
  loaded ??= import('playwright-core').then(
    (module) => module,
    () => 'playwright-core is not installed (npm install)',
  );
  return loaded;
}

/** Undefined when Chromium and playwright-core are there, else why the tests are skipped. */
export async function browserSkipReason(): Promise<string | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium); scripts/test-tools.sh installs it`;
  }
  const playwright = await loadPlaywright();
  return typeof playwright === 'string' ? playwright : undefined;
}

/** Headless Chromium; `--no-sandbox` where it runs as root (its sandbox refuses root). */
export async function launchChromium(): Promise<Browser> {
  const playwright = await loadPlaywright();
  if (typeof playwright === 'string') throw new Error(playwright);
  return playwright.chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** What a watched page did that a self-contained report must never do. */
export interface PageWatch {
  /** Every request but the document itself and data: URIs (a file: image would count too). */
  readonly requests: string[];
  /** Console errors, Content-Security-Policy violations and uncaught exceptions. */
  readonly errors: string[];
  /** Every console message, for the assertion messages. */
  readonly console: string[];
}

/**
 * Records the page's requests for anything but `documentUrl` and data: URIs, its console
 * errors, uncaught exceptions and CSP violations (from the `securitypolicyviolation` event,
 * besides the console message Chromium writes for each). Call before navigating.
 */
export async function watchPage(page: Page, documentUrl: string): Promise<PageWatch> {
  const watch: PageWatch = { requests: [], errors: [], console: [] };
  page.on('request', (request) => {
    const url = request.url();
    if (url !== documentUrl && !url.startsWith('data:')) watch.requests.push(url);
  });
  page.on('console', (message: ConsoleMessage) => {
    const line = `${message.type()}: ${message.text()}`;
    watch.console.push(line);
    if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
      watch.errors.push(line);
    }
  });
  page.on('pageerror', (error) => watch.errors.push(`uncaught: ${error.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => watch.errors.push(text));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.__reportViolation('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));`,
  });
  return watch;
}

/**
 * A run of the JUnit file at `file` as the pipeline would report it (parsed as a stream,
 * retries merged, counted), for the report's benchmark on ../shared/bench's generated files.
 */
export async function junitRunReport(file: string): Promise<RunReport> {
  const report = await junitParser.parseStream!(streamReportText(file), {
    path: path.basename(file),
  });
  const tests = mergeRetries(report.suites.flatMap((suite) => suite.tests));
  return runReport({
    name: path.basename(file),
    tests,
    inputFiles: [
      {
        path: path.basename(file),
        kind: 'results',
        status: 'parsed',
        format: 'junit',
        bytes: statSync(file).size,
      },
    ],
  });
}
