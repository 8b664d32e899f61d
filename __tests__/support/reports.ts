/**
 * RunReports for renderer tests: builders, and the representative reports whose Markdown is
 * kept as golden files (__tests__/golden/<surface>/<case>.md). Everything is fixed (dates,
 * durations, SHAs), so a report renders the same every time.
 */
import { changedLineCoverage } from '../../src/coverage/changed-lines.js';
import { lineHitsByPath, mergeCoverage } from '../../src/coverage/merge.js';
import type { CoverageReport, FileCoverage } from '../../src/model/coverage.js';
import type { InputFile } from '../../src/model/input-file.js';
import {
  concludeRun,
  type CommandOutcome,
  type CoverageOutcome,
  type RunContext,
  type RunReport,
} from '../../src/model/run.js';
import type { TestAttempt, TestCase } from '../../src/model/tests.js';
import { countTests } from '../../src/model/totals.js';
import type { ServiceOutcome } from '../../src/services/service.js';

export const HEAD_SHA = '0123456789abcdef0123456789abcdef01234567';
export const BASE_SHA = 'fedcba9876543210fedcba9876543210fedcba98';

export const CONTEXT: RunContext = {
  serverUrl: 'https://github.com',
  repository: 'octo-org/octo-app',
  sha: HEAD_SHA,
  runId: '4242',
  runAttempt: '1',
  job: 'test',
};

export const PULL_REQUEST_CONTEXT: RunContext = {
  ...CONTEXT,
  pullRequest: { number: 7, baseSha: BASE_SHA, headSha: HEAD_SHA },
};

/** Untrusted text as a pull request can write it into test names, messages and paths. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  'pipe | in | name',
  '```\nfence escape\n```',
  '~~~\ntilde fence\n~~~',
  '@octocat and @octo-org/admins please look',
  '[click](https://evil.example) www.evil.example mail@evil.example',
  '</summary></details><h1>out</h1>',
  '# heading\n- list\n> quote',
  '*emph* _under_ ~~strike~~ $x^2$ &amp; \\',
] as const;

export function passed(name: string, durationMs = 10, extra: Partial<TestCase> = {}): TestCase {
  return { name, suite: 'Suite', status: 'passed', durationMs, retries: [], ...extra };
}

export function failed(name: string, extra: Partial<TestCase> = {}): TestCase {
  return {
    name,
    suite: 'Suite',
    status: 'failed',
    durationMs: 20,
    message: `${name}: expected true, got false`,
    retries: [],
    ...extra,
  };
}

export function attempt(status: TestAttempt['status'], extra: Partial<TestAttempt> = {}) {
  return { status, durationMs: 30, ...extra } satisfies TestAttempt;
}

export interface ReportInput {
  readonly name?: string;
  readonly tests?: readonly TestCase[];
  readonly services?: readonly ServiceOutcome[];
  readonly inputFiles?: readonly InputFile[];
  readonly coverage?: CoverageOutcome;
  readonly command?: CommandOutcome | null;
  readonly context?: RunContext;
  readonly coverageThreshold?: number;
  readonly resultsRequired?: boolean;
}

/** A report as the pipeline builds one: totals counted, conclusion and problems concluded. */
export function runReport(input: ReportInput = {}): RunReport {
  const tests = input.tests ?? [];
  const totals = countTests(
    tests,
    tests.reduce((sum, t) => sum + t.durationMs, 0),
  );
  const failing = totals.failed + totals.errored > 0;
  const command =
    input.command === null
      ? undefined
      : (input.command ?? {
          command: 'npm test',
          exitCode: failing ? 1 : 0,
          timedOut: false,
          cancelled: false,
          durationMs: 12_345,
        });
  const inputFiles = input.inputFiles ?? [
    { path: 'reports/junit.xml', kind: 'results', status: 'parsed', format: 'junit' },
  ];
  const resultsRequired = input.resultsRequired ?? true;
  const services = input.services ?? [];
  const { conclusion, problems } = concludeRun({
    services,
    command,
    totals,
    inputFiles,
    resultsRequired,
    coverage: input.coverage,
    coverageThreshold: input.coverageThreshold,
  });
  return {
    name: input.name ?? 'integration',
    conclusion,
    problems,
    command,
    services,
    tests,
    totals,
    inputFiles,
    coverage: input.coverage,
    resultsRequired,
    startedAt: new Date(Date.UTC(2025, 0, 1)),
    finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 1)),
    context: input.context ?? CONTEXT,
  };
}

/** Line coverage of files, each `{ path: [hits of line 1, line 2, ...] }` (null: not code). */
export function coverageOf(
  files: Record<string, readonly (number | null)[]>,
  changed?: Record<string, readonly number[]>,
  unmapped: readonly string[] = [],
): CoverageOutcome {
  const fileCoverage = (path: string, hits: readonly (number | null)[]): FileCoverage => ({
    path,
    lines: new Map(hits.flatMap((h, i) => (h === null ? [] : [[i + 1, h] as [number, number]]))),
    branches: new Map(),
    functions: [],
  });
  const report: CoverageReport = {
    format: 'lcov',
    files: [
      ...Object.entries(files).map(([path, hits]) => fileCoverage(path, hits)),
      ...unmapped.map((path) => fileCoverage(path, [1, 0])),
    ],
    sourceRoots: [],
  };
  const project = mergeCoverage([report], (path) => (path in files ? path : undefined));
  if (!changed) return { project };
  return {
    project,
    changedLines: changedLineCoverage(new Map(Object.entries(changed)), lineHitsByPath(project)),
  };
}

/** The representative reports kept as golden files, by case name. */
export const GOLDEN_REPORTS: Record<string, () => RunReport> = {
  'all-passing': () =>
    runReport({
      name: 'unit (ubuntu-24.04)',
      tests: [
        passed('adds', 12),
        passed('subtracts', 8),
        passed('divides by zero', 1500),
        passed('parses dates', 230, { suite: 'Dates' }),
        passed('formats dates', 75, { suite: 'Dates' }),
        { ...passed('needs a GPU', 0), status: 'skipped', message: 'no GPU' },
      ],
      coverage: coverageOf({ 'src/calc.ts': [1, 1, null, 1, 0], 'src/date.ts': [3, 3, 0] }),
    }),

  'failures-flaky-slow': () =>
    runReport({
      name: 'integration',
      tests: [
        ...Array.from({ length: 12 }, (_, i) => passed(`query ${i + 1}`, 100 * (i + 1))),
        failed('creates a user', {
          suite: 'UserService',
          file: 'src/users.test.ts',
          line: 42,
          message: 'expected 201, got 500',
          details:
            'AssertionError: expected 201, got 500\n    at Object.<anonymous> (src/users.test.ts:42:17)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
          output:
            'POST /users\nerror: duplicate key value violates unique constraint "users_email_key"',
          durationMs: 812,
        }),
        {
          ...failed('connects', { suite: 'Db', file: 'src/db.test.ts', line: 7 }),
          status: 'errored',
          message: 'ECONNREFUSED 127.0.0.1:5432',
          details: 'Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect',
          durationMs: 3001,
        },
        failed('renders the invoice', {
          suite: 'Invoices',
          message: 'snapshot mismatch',
          retries: [attempt('failed', { message: 'snapshot mismatch' })],
        }),
        passed('retries the webhook', 640, {
          suite: 'Webhooks',
          retries: [
            attempt('failed', { message: 'timeout after 500ms', durationMs: 502 }),
            attempt('errored', { message: 'socket hang up', durationMs: 120 }),
          ],
        }),
        passed('sends mail', 90, {
          suite: 'Mail',
          retries: [attempt('failed', { message: 'expected 1 message, got 0', durationMs: 88 })],
        }),
        { ...passed('not on Windows', 0), status: 'skipped' },
      ],
    }),

  'services-unhealthy': () =>
    runReport({
      name: 'services',
      services: [
        {
          name: 'postgres',
          image: 'postgres:17',
          status: 'healthy',
          healthyAfterMs: 3200,
          endpoint: { name: 'postgres', host: '127.0.0.1', ports: { 5432: 49153 } },
        },
        {
          name: 'redis',
          image: 'redis:7',
          status: 'unhealthy',
          reason: '`redis-cli ping` did not answer PONG within 30s',
          endpoint: { name: 'redis', host: '127.0.0.1', ports: { 6379: 49154 } },
        },
        {
          name: 'queue',
          image: 'rabbitmq:4-management',
          status: 'failed',
          reason: 'docker run failed: pull access denied for rabbitmq:4-managment',
        },
      ],
      tests: [passed('reads', 40), passed('writes', 60)],
    }),

  'coverage-changed-lines': () =>
    runReport({
      name: 'coverage',
      context: PULL_REQUEST_CONTEXT,
      tests: [passed('adds', 12), passed('subtracts', 8)],
      coverageThreshold: 80,
      coverage: coverageOf(
        {
          'src/calc.js': [1, 1, null, 1, 0, 0, null, 1, 0, 1],
          'src/deep/dir (v2)/util.js': [0, 0, 0, 1],
          'src/done.js': [1, 1],
        },
        {
          'src/calc.js': [2, 5, 6, 9],
          'src/deep/dir (v2)/util.js': [1, 2, 3, 4],
          'src/done.js': [1, 2],
          'README.md': [3, 4],
        },
        ['/home/runner/work/elsewhere/gen.js'],
      ),
    }),

  'bad-input-files': () =>
    runReport({
      name: 'reports',
      tests: [passed('adds', 12)],
      inputFiles: [
        { path: 'reports/junit.xml', kind: 'results', status: 'parsed', format: 'junit' },
        {
          path: 'reports/broken.xml',
          kind: 'results',
          status: 'error',
          reason: 'line 3: unexpected end of file',
        },
        {
          path: 'reports/old/TEST-a.xml',
          kind: 'results',
          status: 'stale',
          reason: 'written before the command started',
        },
        { path: 'coverage/lcov.info', kind: 'coverage', status: 'error', reason: 'empty file' },
        { path: 'reports/notes.txt', kind: 'results', status: 'ignored' },
      ],
    }),

  'hostile-names': () =>
    runReport({
      name: 'api <tests> | @team',
      context: PULL_REQUEST_CONTEXT,
      tests: [
        ...HOSTILE.map((text, i) =>
          failed(text, {
            suite: text,
            file: i % 2 === 0 ? `src/${text}.test.ts` : undefined,
            line: i % 2 === 0 ? i + 1 : undefined,
            message: text,
            details: `${text}\n\`\`\`\`\n${text}`,
            output: `${text}\n~~~~~\n${text}`,
          }),
        ),
        ...HOSTILE.map((text) =>
          passed(text, 50, {
            suite: 'Flaky',
            retries: [attempt('failed', { message: text })],
          }),
        ),
      ],
      services: [
        {
          name: 'db|<b>x</b>',
          image: '@octocat/img:<latest>',
          status: 'unhealthy',
          reason: HOSTILE.join(' '),
        },
      ],
      inputFiles: HOSTILE.map((text) => ({
        path: `r/${text}.xml`,
        kind: 'results',
        status: 'error',
        reason: text,
      })),
      coverage: coverageOf(
        { [`src/${HOSTILE[1]}.js`]: [1, 0], [`src/${HOSTILE[2]}.js`]: [0, 1] },
        { [`src/${HOSTILE[1]}.js`]: [1, 2], [`src/${HOSTILE[2]}.js`]: [1, 2] },
        [HOSTILE[7]],
      ),
    }),
};

/**
 * `count` failures, each with a message, details and output of about `textChars` characters of
 * `char` (one long string shared by all, so that 20,000 of them take little memory).
 */
export function manyFailures(count: number, textChars = 5000, char = 'x'): RunReport {
  const long = char.repeat(textChars);
  const name = char.repeat(200);
  const tests = Array.from({ length: count }, (_, i) =>
    failed(`test ${i} ${name}`, {
      suite: `Suite ${i % 97}`,
      file: `src/module-${i % 1000}.test.ts`,
      line: (i % 500) + 1,
      message: `message ${i}: ${long}`,
      details: `details ${i}: ${long}`,
      output: `output ${i}: ${long}`,
    }),
  );
  return runReport({ name: 'many failures', tests });
}

/**
 * What makes rendered HTML unsafe or broken, as messages (empty when none): a tag the
 * renderers never write (raw HTML or Markdown smuggled in by a test name), a link leaving
 * github.com, a mention that would ping, `<details>` elements not closed in turn, and table rows
 * with another number of cells than their header.
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const allowed = new Set(
    'h2 h3 p strong table thead tbody tr th td details summary pre code a ul li'.split(' '),
  );
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)) {
    if (!allowed.has(tag!.toLowerCase())) problems.push(`unexpected tag <${tag}>`);
  }
  for (const [anchor] of html.matchAll(/<a\b[^>]*>/g)) {
    if (!/^<a href="https:\/\/github\.com\/[^"]*">$/.test(anchor)) problems.push(`link ${anchor}`);
  }
  const outsideCode = html
    .replace(/<pre>[\s\S]*?<\/pre>/g, '')
    .replace(/<code>[\s\S]*?<\/code>/g, '');
  for (const [mention] of outsideCode.matchAll(/@[\w-]+/g)) problems.push(`mention ${mention}`);
  let open = 0;
  for (const [tag] of html.matchAll(/<\/?details>/g)) {
    open += tag === '<details>' ? 1 : -1;
    if (open < 0 || open > 1) problems.push('<details> not closed in turn');
  }
  if (open !== 0) problems.push('<details> left open');
  for (const [table] of html.matchAll(/<table>[\s\S]*?<\/table>/g)) {
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      ([, row]) => row!.match(/<t[hd]\b/g)?.length ?? 0,
    );
    if (rows.some((cells) => cells !== rows[0])) problems.push(`table cells per row: ${rows}`);
  }
  return problems;
}

/** The rows of the table whose first header cell is `firstHeader`, as decoded cell texts. */
export function tableRows(html: string, firstHeader: string): string[][] {
  for (const [table] of html.matchAll(/<table>[\s\S]*?<\/table>/g)) {
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
      [...row!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => textOf(cell!)),
    );
    if (rows[0]?.[0] === firstHeader) return rows.slice(1);
  }
  return [];
}

/** HTML as the text a reader sees: tags dropped, entities decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
