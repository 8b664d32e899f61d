import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import vm from 'node:vm';
import { CLIENT_SCRIPT } from '../../src/render/html/client-script.js';
import type { ReportData } from '../../src/render/html/report-data.js';
import { STYLES } from '../../src/render/html/styles.js';
import { REPORT_DATA_ID, embedJson, renderHtmlReport } from '../../src/render/html-report.js';
import {
  CONTEXT,
  GOLDEN_REPORTS,
  HEAD_SHA,
  HOSTILE,
  PULL_REQUEST_CONTEXT,
  attempt,
  failed,
  passed,
  runReport,
  textOf,
} from '../support/reports.js';

/** The embedded data, read back as the page's script reads it. */
function dataOf(html: string): ReportData {
  return JSON.parse(embeddedJson(html)) as ReportData;
}

function embeddedJson(html: string): string {
  const open = `<script type="application/json" id="${REPORT_DATA_ID}">`;
  const start = html.indexOf(open);
  assert.ok(start >= 0, 'no embedded data');
  return html.slice(start + open.length, html.indexOf('</script>', start));
}

/** Every `<script ...>` and `<style ...>` element: its opening tag and exact text. */
function elements(html: string, tag: 'script' | 'style') {
  return [...html.matchAll(new RegExp(`<${tag}(\\b[^>]*)>([\\s\\S]*?)</${tag}>`, 'gi'))].map(
    ([, attributes, content]) => ({ attributes: attributes!, content: content! }),
  );
}

function cspOf(html: string): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'no Content-Security-Policy');
  return new Map(
    match[1]!.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The tests in the page's order, rebuilt from the columns. */
function testsOf(data: ReportData) {
  return data.tests.name.map((name, i) => ({
    name,
    suite: data.suites[data.tests.suite[i]!],
    file: data.tests.file[i]! < 0 ? undefined : data.files[data.tests.file[i]!],
    line: data.tests.line[i] || undefined,
    ms: data.tests.ms[i],
    status: data.tests.status[i],
    message: data.tests.message[i]! < 0 ? undefined : data.messages[data.tests.message[i]!],
  }));
}

describe('the HTML report', () => {
  test('forbids every request: default-src none, the one script and style allowed by hash', () => {
    const html = renderHtmlReport(GOLDEN_REPORTS['failures-flaky-slow']!());
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    const scripts = elements(html, 'script');
    const code = scripts.filter((s) => !/type="application\/json"/.test(s.attributes));
    assert.equal(code.length, 1, 'one executable script');
    assert.equal(code[0]!.attributes, '', 'inline, no src');
    assert.deepEqual(csp.get('script-src'), [sha256(code[0]!.content)]);
    const styles = elements(html, 'style');
    assert.equal(styles.length, 1);
    assert.deepEqual(csp.get('style-src'), [sha256(styles[0]!.content)]);
    assert.deepEqual(csp.get('img-src'), ['data:']);
    assert.doesNotMatch(html, /unsafe-|\bnonce-/);
    // Nothing in the page points at a resource: links only to GitHub, to sections, or data:.
    assert.doesNotMatch(html, /\s(src|srcset|action|formaction|poster|background)=/i);
    for (const [, url] of html.matchAll(/\shref="([^"]*)"/g)) {
      assert.match(url!, /^(#[a-z]+|data:,|https:\/\/github\.com\/octo-org\/octo-app\/)/);
    }
    // The policy comes before anything it governs.
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style'));
  });

  test('the script and style are what the hashes cover, and the script parses', () => {
    assert.doesNotThrow(() => new vm.Script(CLIENT_SCRIPT));
    assert.doesNotMatch(CLIENT_SCRIPT, /<\/script/i);
    assert.doesNotMatch(STYLES, /<\/style/i);
    // The HTML parser turns CR LF into LF: a CR would make the hash miss.
    assert.doesNotMatch(CLIENT_SCRIPT + STYLES, /\r/);
    // Text APIs only: nothing that parses data as HTML or code.
    assert.doesNotMatch(
      CLIENT_SCRIPT,
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|createContextualFragment|srcdoc/,
    );
    const html = renderHtmlReport(runReport());
    assert.ok(html.includes(`<script>${CLIENT_SCRIPT}</script>`));
    assert.ok(html.includes(`<style>${STYLES}</style>`));
  });

  test('embeds data that cannot close its script element, and reads back unchanged', () => {
    const closing = '</script><script>window.__pwned=2</script>';
    const separators = 'line\u2028separator\u2029paragraph <!-- comment';
    const report = runReport({
      tests: [
        failed(closing, { suite: '</SCRIPT >', message: separators, details: closing }),
        ...HOSTILE.map((text) => passed(text, 5, { suite: text, output: text })),
      ],
    });
    const html = renderHtmlReport(report);
    const json = embeddedJson(html);
    assert.doesNotMatch(json, /[<\u2028\u2029]/);
    assert.match(json, /\\u003c\/script>\\u003cscript>/);
    assert.match(json, /\\u2028separator\\u2029/);
    assert.equal(elements(html, 'script').length, 2, 'no script element was opened by the data');
    const tests = testsOf(dataOf(html));
    assert.equal(tests[0]!.name, closing);
    assert.equal(tests[0]!.suite, '</SCRIPT >');
    assert.equal(tests[0]!.message, separators);
    assert.deepEqual(dataOf(html).details, [[0, closing]]);
    assert.deepEqual(
      tests.slice(1).map((t) => t.name),
      [...HOSTILE],
    );
    assert.equal(JSON.parse(embedJson('\u2028<\u2029')), '\u2028<\u2029');
  });

  test('writes hostile names, paths, reasons and logs as text', () => {
    const pwn = '<img src=x onerror="window.__pwned=1">';
    const report = {
      ...GOLDEN_REPORTS['hostile-names']!(),
      name: `run ${pwn}`,
      problems: [`problem ${pwn}`],
      services: [
        {
          name: `db ${pwn}`,
          image: `img:<b>"'`,
          status: 'unhealthy' as const,
          reason: `reason </td></tr></table>${pwn}`,
        },
      ],
      inputFiles: [
        { path: `r/${pwn}.xml`, kind: 'results' as const, status: 'error' as const, reason: pwn },
      ],
    };
    const html = renderHtmlReport(report, {
      serviceLogs: { [`db ${pwn}`]: `log </pre></details>${pwn}` },
    });
    const page = html.slice(0, html.indexOf(`<script type="application/json"`));
    // Outside the data, every tag is one the renderer writes itself.
    const tags = new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map(([, t]) => t!));
    assert.deepEqual(
      [...tags].filter((t) => !WRITTEN_TAGS.has(t.toLowerCase())),
      [],
    );
    assert.doesNotMatch(page, /<img|<b>|<[a-z][^>]*\son\w+=/i);
    const visible = textOf(page);
    for (const expected of [
      `run ${pwn}`,
      `problem ${pwn}`,
      `db ${pwn}`,
      `img:<b>"'`,
      `reason </td></tr></table>${pwn}`,
      `r/${pwn}.xml`,
      `log </pre></details>${pwn}`,
    ]) {
      assert.ok(visible.includes(expected), `shown as text: ${expected}`);
    }
  });

  test('puts the conclusion and the counts in the header', () => {
    const report = runReport({
      name: 'counts',
      tests: [
        ...Array.from({ length: 4 }, (_, i) => passed(`p${i}`, 100)),
        passed('flaky', 100, { retries: [attempt('failed')] }),
        failed('f1'),
        failed('f2'),
        failed('e1', { status: 'errored' }),
        ...Array.from({ length: 3 }, (_, i) => passed(`s${i}`, 0, { status: 'skipped' })),
      ],
    });
    const html = renderHtmlReport(report);
    const counts = Object.fromEntries(
      [...html.matchAll(/<dd data-count="(\w+)">([^<]*)<\/dd>/g)].map(([, key, value]) => [
        key,
        value,
      ]),
    );
    assert.deepEqual(counts, {
      tests: '11',
      passed: '5',
      failed: '2',
      errored: '1',
      skipped: '3',
      flaky: '1',
      duration: '560ms',
    });
    assert.match(html, /<span class="conclusion failure" id="conclusion">Failed<\/span> counts/);
    assert.match(html, /<p id="headline">3 of 11 tests failed<\/p>/);
    assert.match(html, /<title>counts: Failed<\/title>/);
    assert.match(textOf(html), /Command npm test exited with 1 after 12\.3s/);
    const success = renderHtmlReport(runReport({ tests: [passed('ok')] }));
    assert.match(success, /class="conclusion success" id="conclusion">Passed</);
  });

  test('links the commit, the pull request and the run; nothing without a repository', () => {
    const html = renderHtmlReport(
      runReport({
        tests: [failed('x', { file: 'src/a b.test.ts', line: 3 })],
        context: { ...PULL_REQUEST_CONTEXT, ref: 'refs/heads/feature/x', runAttempt: '2' },
      }),
    );
    const links = [...html.matchAll(/<a href="(?!#)([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(
      ([, href, label]) => [label, href],
    );
    assert.deepEqual(links, [
      ['0123456', `https://github.com/octo-org/octo-app/commit/${HEAD_SHA}`],
      ['#7', 'https://github.com/octo-org/octo-app/pull/7'],
      ['#4242 (attempt 2)', 'https://github.com/octo-org/octo-app/actions/runs/4242/attempts/2'],
    ]);
    assert.match(textOf(html), /Branch feature\/x/);
    const data = dataOf(html);
    assert.equal(data.blobUrl, `https://github.com/octo-org/octo-app/blob/${HEAD_SHA}/`);
    assert.deepEqual(data.fileLinks, ['src/a%20b.test.ts']);

    for (const context of [
      { serverUrl: 'https://github.com', sha: HEAD_SHA },
      { ...CONTEXT, serverUrl: 'javascript:alert(1)//' },
    ]) {
      const bare = renderHtmlReport(runReport({ tests: [failed('x', { file: 'a.ts' })], context }));
      assert.doesNotMatch(bare, /<a href="(?!#)/);
      assert.equal(dataOf(bare).blobUrl, undefined);
      assert.deepEqual(dataOf(bare).fileLinks, [0]);
    }
  });

  test('links only repository paths of test files', () => {
    const files = ['/home/runner/work/a.ts', '../outside.ts', './src/b.ts', 'src\\c.ts'];
    const html = renderHtmlReport(
      runReport({ tests: files.map((file, i) => failed(`t${i}`, { file, line: 1 })) }),
    );
    const data = dataOf(html);
    assert.deepEqual(
      files.map((file) => data.fileLinks[data.files.indexOf(file)]),
      [0, 0, 'src/b.ts', 'src/c.ts'],
    );
  });
});

describe('the embedded data', () => {
  test('lists the failures first, errored before failed, then the rest in report order', () => {
    const report = runReport({
      tests: [
        passed('first', 5),
        failed('late', { file: 'src/b.ts', line: 30, durationMs: 7.6 }),
        { ...passed('skip', 0), status: 'skipped', message: 'no GPU' },
        failed('early', { file: 'src/b.ts', line: 2, suite: 'B' }),
        { ...failed('crash', { file: 'src/z.ts', line: 1 }), status: 'errored' },
        passed('last', 12),
      ],
    });
    const data = dataOf(renderHtmlReport(report));
    assert.equal(data.failures, 3);
    assert.equal(data.tests.status, 'effpsp');
    assert.deepEqual(testsOf(data), [
      {
        name: 'crash',
        suite: 'Suite',
        file: 'src/z.ts',
        line: 1,
        ms: 20,
        status: 'e',
        message: 'crash: expected true, got false',
      },
      {
        name: 'early',
        suite: 'B',
        file: 'src/b.ts',
        line: 2,
        ms: 20,
        status: 'f',
        message: 'early: expected true, got false',
      },
      {
        name: 'late',
        suite: 'Suite',
        file: 'src/b.ts',
        line: 30,
        ms: 8,
        status: 'f',
        message: 'late: expected true, got false',
      },
      {
        name: 'first',
        suite: 'Suite',
        file: undefined,
        line: undefined,
        ms: 5,
        status: 'p',
        message: undefined,
      },
      {
        name: 'skip',
        suite: 'Suite',
        file: undefined,
        line: undefined,
        ms: 0,
        status: 's',
        message: 'no GPU',
      },
      {
        name: 'last',
        suite: 'Suite',
        file: undefined,
        line: undefined,
        ms: 12,
        status: 'p',
        message: undefined,
      },
    ]);
    // Each suite, file and message once.
    assert.deepEqual(data.suites, ['Suite', 'B']);
    assert.deepEqual(data.files, ['src/z.ts', 'src/b.ts']);
  });

  test('points flaky and slowest at their tests, and keeps every attempt', () => {
    const data = dataOf(renderHtmlReport(GOLDEN_REPORTS['failures-flaky-slow']!()));
    const names = data.tests.name;
    assert.deepEqual(
      data.flaky.map((i) => names[i]),
      ['retries the webhook', 'sends mail'],
    );
    assert.deepEqual(
      data.slowest.slice(0, 3).map((i) => [names[i], data.tests.ms[i]]),
      [
        ['connects', 3001],
        ['query 12', 1200],
        ['query 11', 1100],
      ],
    );
    const webhook = names.indexOf('retries the webhook');
    const attempts = new Map(data.attempts).get(webhook)!;
    assert.deepEqual(
      attempts.map(([status, ms, message]) => [status, ms, data.messages[message]]),
      [
        ['f', 502, 'timeout after 500ms'],
        ['e', 120, 'socket hang up'],
      ],
    );
  });

  test('keeps the start of a stack trace and the end of output, failures first in the budget', () => {
    const long = (char: string) => char.repeat(50) + 'END';
    const report = runReport({
      tests: [
        passed('noisy', 1, { output: long('p') }),
        failed('broken', { details: `START${long('d')}`, output: long('o') }),
      ],
    });
    const data = dataOf(renderHtmlReport(report, { textChars: 20, textBudgetChars: 45 }));
    assert.equal(data.tests.name[0], 'broken');
    const details = new Map(data.details);
    const output = new Map(data.output);
    assert.equal(details.get(0), `START${'d'.repeat(14)}…`);
    assert.equal(output.get(0), `…${'o'.repeat(16)}END`);
    // 40 of 45 characters spent on the failure: the passed test's output is left out, and said so.
    assert.equal(output.has(1), false);
    assert.deepEqual(data.textsLeftOut, [1]);
  });

  test('carries coverage per file with its uncovered lines as ranges', () => {
    const report = GOLDEN_REPORTS['coverage-changed-lines']!();
    const html = renderHtmlReport(report);
    const files = dataOf(html).coverage!.files;
    const byPath = Object.fromEntries(
      files.path.map((path, i) => [path, [files.lines[i], files.uncovered[i]]]),
    );
    assert.deepEqual(byPath['src/calc.js'], [[5, 8], '5-6,9']);
    assert.deepEqual(byPath['src/deep/dir (v2)/util.js'], [[1, 4], '1-3']);
    assert.deepEqual(byPath['src/done.js'], [[2, 2], '']);
    // The changed lines, written as HTML, link each uncovered range at the head commit.
    assert.match(
      html,
      new RegExp(
        `<a href="https://github.com/octo-org/octo-app/blob/${HEAD_SHA}/src/deep/dir%20%28v2%29/util.js#L1-L3"[^>]*>1-3</a>`,
      ),
    );
    assert.match(textOf(html), /40\.00% of the changed lines run \(4 of 10 coverable\)/);
    assert.match(textOf(html), /1 changed file without coverage data \(not counted\): README\.md/);
    assert.match(html, /<tr><th>Lines<\/th><td class="num">9<\/td><td class="num">16<\/td>/);
  });

  test('leaves out sections with nothing in them', () => {
    const html = renderHtmlReport(runReport({ tests: [passed('only')], inputFiles: [] }));
    for (const id of ['failures', 'flaky', 'coverage', 'services', 'files']) {
      assert.doesNotMatch(html, new RegExp(`<section id="${id}"`), id);
    }
    assert.match(html, /<section id="tests">/);
  });

  test('a 100,000-test run stays under 15 MB', () => {
    const trace = Array.from({ length: 15 }, (_, i) => `\tat com.example.Frame${i}(F.java:${i})`);
    const tests = Array.from({ length: 100_000 }, (_, i) =>
      i % 40 === 0
        ? failed(`createsUserWhenEmpty_${i}`, {
            suite: `com.example.UserService${i % 2000}Test`,
            file: `src/test/java/com/example/UserService${i % 2000}Test.java`,
            line: 10 + (i % 1990),
            details: [`AssertionError: expected <${i}>`, ...trace].join('\n'),
          })
        : passed(`createsUserWhenEmpty_${i}`, i % 2500, {
            suite: `com.example.UserService${i % 2000}Test`,
            file: `src/test/java/com/example/UserService${i % 2000}Test.java`,
            line: 10 + (i % 1990),
          }),
    );
    const html = renderHtmlReport(runReport({ tests }));
    assert.ok(Buffer.byteLength(html) < 15_000_000, `${Buffer.byteLength(html)} bytes`);
    assert.equal(dataOf(html).tests.name.length, 100_000);
  });
});

/** The tags the renderer writes outside the embedded data. */
const WRITTEN_TAGS = new Set(
  (
    '!doctype html head meta title link style body header h1 h2 h3 span p dl div dt dd ul li nav ' +
    'a main section button input label select option table thead tbody tr th td details summary ' +
    'pre code strong noscript'
  ).split(' '),
);
