/**
 * The bundled action (dist/), started as GitHub's runner starts it. These are the checks a
 * user's workflow relies on: outputs, the step's result, the job summary and the JSON report.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runAction, TEST_TOKEN, type ActionRun } from './support/action-runner.js';
import { junitXml } from './support/junit.js';
import { isRunning } from './support/processes.js';

const KNOWN = junitXml('billing', [
  { name: 'charges a card', time: 0.25 },
  { name: 'refunds', time: 0.5 },
  { name: 'retries a timeout', time: 1, flakyFailures: 2 },
  {
    name: 'rejects an expired card',
    time: 0.125,
    outcome: 'failure',
    message: 'expected 402, got 200',
    body: 'at billing.test.js:42',
  },
  {
    name: 'talks to the gateway',
    time: 2,
    outcome: 'error',
    message: 'ECONNREFUSED 127.0.0.1:5432',
  },
  { name: 'exports to PDF', outcome: 'skipped', message: 'needs a printer' },
]);

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(path.join(tmpdir(), 'itest-ws-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** The step's own errors: not the annotations of failing tests, which name a file. */
function errors(run: ActionRun): string[] {
  return run.main.commands
    .filter((c) => c.command === 'error' && c.properties.file === undefined)
    .map((c) => c.message);
}

async function ctrf(run: ActionRun) {
  return JSON.parse(await readFile(run.main.outputs['report-json']!, 'utf8'));
}

describe('the bundled action, started as the runner starts it', () => {
  test('runs on Node 24, the runtime action.yml declares', async () => {
    assert.match(process.version, /^v24\./);
    const actionYml = await readFile(path.join(import.meta.dirname, '..', 'action.yml'), 'utf8');
    assert.match(actionYml, /using: node24/);
  });

  test('a command that exits 3 fails the step with exit-code 3 and conclusion failure', async () => {
    const run = await runAction({ inputs: { command: 'echo working; exit 3' } });
    assert.equal(run.main.exitCode, 1);
    assert.equal(run.main.outputs['exit-code'], '3');
    assert.equal(run.main.outputs.conclusion, 'failure');
    assert.match(run.main.stdout, /^working$/m);
    assert.deepEqual(errors(run), ['The command exited with code 3.']);
    assert.match(run.main.summary, /Command exit code: \*\*3\*\*/);
    assert.equal(run.post?.exitCode, 0);
  });

  test('fail-on: never succeeds with the same outputs', async () => {
    const failing = await runAction({ inputs: { command: 'exit 3' } });
    const never = await runAction({ inputs: { command: 'exit 3', 'fail-on': 'never' } });
    assert.equal(never.main.exitCode, 0);
    assert.deepEqual(errors(never), []);
    const comparable = (outputs: Record<string, string>) => ({
      ...outputs,
      'report-json': undefined,
      'report-html': undefined,
      'artifact-id': undefined,
      'artifact-url': undefined,
    });
    assert.deepEqual(comparable(never.main.outputs), comparable(failing.main.outputs));
    assert.equal(never.main.outputs.conclusion, 'failure');
  });

  test('a JUnit file the command writes gives exactly its counts', async () => {
    const workspace = await workspaceWith({ 'fixture.xml': KNOWN });
    const run = await runAction({
      workspace,
      inputs: {
        command: 'mkdir -p reports && cp fixture.xml reports/junit.xml',
        results: 'reports/*.xml',
      },
    });
    const o = run.main.outputs;
    assert.deepEqual(
      [o.tests, o.passed, o.failed, o.errored, o.skipped, o.flaky, o['duration-ms']],
      ['6', '3', '1', '1', '1', '1', '3875'],
    );
    assert.equal(o.conclusion, 'failure');
    assert.equal(o['exit-code'], '0');
    assert.deepEqual(errors(run), ['1 test failed. 1 test errored.']);
    // Without an API, the failing test located by its stack trace is annotated by a command.
    assert.deepEqual(
      run.main.commands
        .filter((c) => c.command === 'error' && c.properties.file !== undefined)
        .map((c) => [c.properties.file, c.properties.line, c.properties.title, c.message]),
      [
        [
          'billing.test.js',
          '42',
          'Failed: billing › rejects an expired card',
          'expected 402, got 200',
        ],
      ],
    );

    const report = await ctrf(run);
    assert.equal(report.reportFormat, 'CTRF');
    assert.deepEqual(
      { ...report.results.summary, start: 0, stop: 0 },
      {
        tests: 6,
        passed: 3,
        failed: 2,
        skipped: 1,
        pending: 0,
        other: 0,
        flaky: 1,
        suites: 1,
        start: 0,
        stop: 0,
        duration: 3875,
        extra: { errored: 1 },
      },
    );
    const errored = report.results.tests.find(
      (t: { name: string }) => t.name === 'talks to the gateway',
    );
    assert.equal(errored.status, 'failed');
    assert.equal(errored.rawStatus, 'errored');
    const flaky = report.results.tests.find(
      (t: { name: string }) => t.name === 'retries a timeout',
    );
    assert.equal(flaky.flaky, true);
    assert.equal(flaky.retries, 2);
    assert.deepEqual(report.extra.inputFiles, [
      {
        path: 'reports/junit.xml',
        kind: 'results',
        status: 'parsed',
        format: 'junit',
        bytes: KNOWN.length,
      },
    ]);

    assert.match(run.main.summary, /\| 6 \| 3 \| 1 \| 1 \| 1 \| 1 \| 3\.9s \|/);
    assert.match(run.main.summary, /expected 402, got 200/);
  });

  test('report-only mode parses what is there, without a command', async () => {
    const workspace = await workspaceWith({
      'build/test-results/TEST-ok.xml': junitXml('ok', [{ name: 'a' }, { name: 'b' }]),
    });
    const run = await runAction({ workspace });
    assert.equal(run.main.exitCode, 0, run.main.stdout);
    assert.equal(run.main.outputs.conclusion, 'success');
    assert.equal(run.main.outputs['exit-code'], '');
    assert.equal(run.main.outputs.tests, '2');
    assert.match(run.main.summary, /Report-only mode/);
  });

  test('TRX, NUnit, xUnit.net, TAP with YAML and a lenient JUnit reading: each loads the library it needs', async () => {
    // fast-xml-parser and yaml are not in the start-up bundle: each parser loads what it needs,
    // so each file is read in a run of its own (one run's load would serve the next file).
    const cases: [file: string, content: string, format: string, failure: string][] = [
      [
        'results.trx',
        `<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="ci" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult executionId="e1" testId="t1" testName="Adds" outcome="Passed" duration="00:00:00.0100000" />
    <UnitTestResult executionId="e2" testId="t2" testName="Divides" outcome="Failed" duration="00:00:00.0200000">
      <Output><ErrorInfo><Message>Expected 3 but was 2</Message></ErrorInfo></Output>
    </UnitTestResult>
  </Results>
  <TestDefinitions>
    <UnitTest name="Adds" id="t1"><Execution id="e1" /><TestMethod className="Calc.Tests" name="Adds" /></UnitTest>
    <UnitTest name="Divides" id="t2"><Execution id="e2" /><TestMethod className="Calc.Tests" name="Divides" /></UnitTest>
  </TestDefinitions>
</TestRun>
`,
        'trx',
        'Expected 3 but was 2',
      ],
      [
        'nunit.xml',
        `<?xml version="1.0" encoding="utf-8"?>
<test-run id="0" testcasecount="2" result="Failed" total="2" passed="1" failed="1" duration="0.3">
  <test-suite type="TestFixture" id="0-1" name="CalcTests" fullname="Acme.CalcTests" classname="Acme.CalcTests" result="Failed">
    <test-case id="0-2" name="Adds" fullname="Acme.CalcTests.Adds" classname="Acme.CalcTests" result="Passed" duration="0.01" />
    <test-case id="0-3" name="Divides" fullname="Acme.CalcTests.Divides" classname="Acme.CalcTests" result="Failed" duration="0.2">
      <failure><message><![CDATA[Expected: 3 But was: 2]]></message></failure>
    </test-case>
  </test-suite>
</test-run>
`,
        'nunit',
        'Expected: 3 But was: 2',
      ],
      [
        'xunit.xml',
        `<?xml version="1.0" encoding="utf-8"?>
<assemblies>
  <assembly name="/src/Acme.Tests.dll" test-framework="xUnit.net 2.9.2.0" total="2" passed="1" failed="1" skipped="0" time="0.5" errors="0">
    <collection name="Math" total="2" passed="1" failed="1" skipped="0" time="0.5">
      <test name="Acme.MathTests.Adds" type="Acme.MathTests" method="Adds" time="0.01" result="Pass" />
      <test name="Acme.MathTests.Divides" type="Acme.MathTests" method="Divides" time="0.2" result="Fail">
        <failure exception-type="Xunit.Sdk.EqualException"><message>Assert.Equal() Failure</message></failure>
      </test>
    </collection>
  </assembly>
</assemblies>
`,
        'xunit',
        'Assert.Equal() Failure',
      ],
      [
        'out.tap',
        `TAP version 13
ok 1 - pings localhost
not ok 2 - pings saphire
  ---
  message: 'hostname "saphire" unknown'
  severity: fail
  ...
1..2
`,
        'tap',
        'hostname "saphire" unknown',
      ],
      // A raw '<' in an attribute, as @web/test-runner writes: only the lenient reading takes it.
      [
        'web.xml',
        `<testsuites><testsuite name="components" tests="2"><testcase name="renders <my-el>" classname="ui" time="0.1"/><testcase name="b" classname="ui" time="0.1"/></testsuite></testsuites>
`,
        'junit',
        '',
      ],
    ];
    for (const [file, content, format, failure] of cases) {
      const workspace = await workspaceWith({ [file]: content });
      const run = await runAction({ workspace, inputs: { results: file, 'fail-on': 'never' } });
      assert.equal(run.main.outputs.tests, '2', `${file}: ${run.main.stdout}`);
      assert.equal(run.main.outputs.failed, failure ? '1' : '0', file);
      const report = await ctrf(run);
      assert.equal(report.extra.inputFiles[0].format, format, file);
      const messages = report.results.tests.map((t: { message?: string }) => t.message ?? '');
      assert.ok(messages.includes(failure), `${file}: ${messages.join(' | ')}`);
    }
  });

  test('result files older than the command are stale and do not count', async () => {
    const workspace = await workspaceWith({ 'old/junit.xml': KNOWN });
    const old = new Date(Date.now() - 3_600_000);
    await utimes(path.join(workspace, 'old/junit.xml'), old, old);
    const run = await runAction({ workspace, inputs: { command: 'true', results: 'old/*.xml' } });
    assert.equal(run.main.outputs.tests, '0');
    assert.equal(run.main.outputs.conclusion, 'failure');
    assert.match(
      errors(run)[0] ?? '',
      /No result file was written by the command \(1 older file ignored as stale\)/,
    );
    assert.equal((await ctrf(run)).extra.inputFiles[0].status, 'stale');
  });

  test('results given and no file found fails; automatic search finding none does not', async () => {
    const given = await runAction({ inputs: { command: 'true', results: 'reports/*.xml' } });
    assert.equal(given.main.exitCode, 1);
    assert.deepEqual(errors(given), ['No result file matched the `results` globs.']);
    const auto = await runAction({ inputs: { command: 'true' } });
    assert.equal(auto.main.exitCode, 0);
    assert.equal(auto.main.outputs.conclusion, 'success');
  });

  test('a malformed report is a named warning and every other file is still counted', async () => {
    const workspace = await workspaceWith({ 'fixture.xml': KNOWN });
    const run = await runAction({
      workspace,
      inputs: {
        command: [
          'mkdir -p r',
          'cp fixture.xml r/good.xml',
          'printf \'<testsuite><testcase name="x">\' > r/truncated.xml',
          ': > r/empty.xml',
          "printf '<html><body>502</body></html>' > r/proxy-error.xml",
        ].join('\n'),
        results: 'r/*.xml',
        'fail-on': 'never',
      },
    });
    assert.equal(run.main.outputs.tests, '6');
    const warnings = run.main.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(
      warnings.find((w) => w.startsWith('r/truncated.xml'))!,
      /malformed XML/,
    );
    assert.match(
      warnings.find((w) => w.startsWith('r/empty.xml'))!,
      /empty/,
    );
    assert.match(
      warnings.find((w) => w.startsWith('r/proxy-error.xml'))!,
      /not a test report/,
    );
    assert.match(run.main.summary, /r\/truncated\.xml/);
    const statuses = (await ctrf(run)).extra.inputFiles.map(
      (f: { path: string; status: string }) => `${f.path}=${f.status}`,
    );
    assert.deepEqual(statuses, [
      'r/empty.xml=error',
      'r/good.xml=parsed',
      'r/proxy-error.xml=error',
      'r/truncated.xml=error',
    ]);
  });

  test('the command runs in working-directory with bash -eo pipefail', async () => {
    const workspace = await workspaceWith({ 'svc/marker': 'here\n' });
    const run = await runAction({
      workspace,
      inputs: {
        'working-directory': 'svc',
        command: 'cat marker; echo "shell=$0 opts=$-"; false | true; echo not-reached',
      },
    });
    assert.match(run.main.stdout, /^here$/m);
    assert.match(run.main.stdout, /opts=[a-zA-Z]*e/);
    // pipefail: `false | true` fails, and -e stops the script there.
    assert.doesNotMatch(run.main.stdout, /not-reached/);
    assert.equal(run.main.outputs['exit-code'], '1');
  });

  test('output is streamed while the command runs', async () => {
    let firstSeenAt = 0;
    const started = Date.now();
    const run = await runAction({
      inputs: { command: 'echo FIRST-LINE; sleep 3; echo LAST-LINE' },
      onMainOutput: (chunk) => {
        if (!firstSeenAt && chunk.includes('FIRST-LINE')) firstSeenAt = Date.now();
      },
    });
    assert.ok(firstSeenAt > 0);
    // Seen well before the command (3 s of sleep) ended: not buffered until exit.
    assert.ok(started + run.main.elapsedMs - firstSeenAt >= 2000);
  });

  test('a 2 s timeout stops sleep 60 and its child within a few seconds: timed_out', async () => {
    const workspace = await workspaceWith({});
    const run = await runAction({
      workspace,
      inputs: {
        timeout: '2s',
        command:
          'bash -c "sleep 60" & echo $! > child.pid\nsetsid sleep 60 & echo $! > detached.pid\nsleep 60',
      },
    });
    assert.ok(run.main.elapsedMs < 15_000, `took ${run.main.elapsedMs} ms`);
    assert.equal(run.main.outputs.conclusion, 'timed_out');
    assert.equal(run.main.exitCode, 1);
    assert.match(errors(run)[0] ?? '', /timed out after 2s/);
    for (const file of ['child.pid', 'detached.pid']) {
      const pid = Number(await readFile(path.join(workspace, file), 'utf8'));
      assert.ok(pid > 0 && !isRunning(pid), `${file} (${pid}) is still running`);
    }
  });

  test('cancellation (SIGINT) stops the command and reports: cancelled', async () => {
    const workspace = await workspaceWith({});
    const run = await runAction({
      workspace,
      cancelAfterMs: 1500,
      inputs: { command: 'sleep 60 & echo $! > child.pid; sleep 60' },
    });
    assert.ok(run.main.elapsedMs < 7000, `took ${run.main.elapsedMs} ms`);
    assert.equal(run.main.outputs.conclusion, 'cancelled');
    const pid = Number(await readFile(path.join(workspace, 'child.pid'), 'utf8'));
    assert.ok(!isRunning(pid));
  });

  for (const [input, value, pattern] of [
    ['timeout', 'abc', /Input "timeout": "abc" is not a duration; it accepts .*90s, 20m/],
    ['timeout', '600', /Input "timeout": "600" is not a duration/],
    ['fail-on', 'sometimes', /Input "fail-on": "sometimes" is not one of "failures", "never"/],
    ['summary', 'yes', /Input "summary": "yes" is not a boolean; it accepts true or false/],
  ] as const) {
    test(`${input}: ${value} fails the step with a message naming the input`, async () => {
      const run = await runAction({ inputs: { command: 'touch ran', [input]: value } });
      assert.equal(run.main.exitCode, 1);
      assert.match(errors(run)[0] ?? '', pattern);
      assert.ok(!existsSync(path.join(run.workspace, 'ran')), 'the command must not run');
    });
  }

  test('summary: false writes no job summary but still the outputs', async () => {
    const run = await runAction({ inputs: { command: 'true', summary: 'false' } });
    assert.equal(run.main.summary, '');
    assert.equal(run.main.outputs.conclusion, 'success');
  });

  test('secrets in URLs and the token never reach the summary or the JSON report', async () => {
    const workspace = await workspaceWith({});
    const failing = junitXml('db', [
      {
        name: 'connects',
        outcome: 'failure',
        message: 'cannot connect to postgres://app:s3cr3t-pw@db:5432/app',
        body: 'token ghs_TestToken0123456789abcdefABCDEF0123 rejected',
      },
    ]);
    await writeFile(path.join(workspace, 'junit.xml'), failing);
    const run = await runAction({
      workspace,
      token: TEST_TOKEN,
      inputs: { results: 'junit.xml', name: 'db' },
    });
    const json = await readFile(run.main.outputs['report-json']!, 'utf8');
    for (const published of [run.main.summary, json]) {
      assert.doesNotMatch(published, /s3cr3t-pw/);
      assert.doesNotMatch(published, /ghs_TestToken/);
      assert.match(published, /postgres:\/\/app:\*\*\*@db:5432/);
    }
  });

  test('services without a reachable Docker: one clear error, and the command does not run', async () => {
    const run = await runAction({
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      inputs: { services: 'redis:', command: 'touch ran' },
    });
    assert.equal(run.main.exitCode, 1);
    const all = errors(run);
    assert.equal(all.length, 1, all.join('\n'));
    assert.match(
      all[0]!,
      /^Docker is not reachable \(.+\)\. Services need a runner with a Docker engine/,
    );
    assert.equal(
      run.main.outputs.conclusion,
      'failure',
      'the outputs and the report are still written',
    );
    assert.match(run.main.summary, /Docker is not reachable/);
    assert.ok(!existsSync(path.join(run.workspace, 'ran')));
  });

  test('a bad services input fails before anything starts, naming the service', async () => {
    const run = await runAction({
      inputs: { services: 'db:\n  preset: postgress', command: 'touch ran' },
    });
    assert.equal(run.main.exitCode, 1);
    assert.match(
      errors(run)[0] ?? '',
      /^Input "services": service "db": preset "postgress" does not exist/,
    );
  });

  test('file paths from another machine or a container are mapped to the repository', async () => {
    const workspace = await workspaceWith({
      'svc/tests/test_api.py': '',
      'svc/src/app.ts': '',
      'other/tests/test_api.py': '',
      'svc/reports/junit.xml': junitXml('api', [
        {
          name: 'a',
          outcome: 'failure',
          file: '/home/runner/work/octo-app/octo-app/svc/tests/test_api.py',
          line: 12,
        },
        { name: 'b', outcome: 'failure', file: 'tests/test_api.py', line: 3 },
        { name: 'c', outcome: 'failure', file: '/app/src/app.ts', line: 7 },
        { name: 'd', outcome: 'failure', file: '/elsewhere/unknown.py', line: 1 },
      ]),
    });
    const run = await runAction({
      workspace,
      inputs: { 'working-directory': 'svc', results: 'reports/junit.xml', 'fail-on': 'never' },
    });
    const tests = (await ctrf(run)).results.tests as { name: string; filePath?: string }[];
    assert.deepEqual(
      tests.map((t) => `${t.name}=${t.filePath}`),
      [
        'a=svc/tests/test_api.py',
        // Relative to the working directory, not to the repository's root (other/ has one too).
        'b=svc/tests/test_api.py',
        'c=svc/src/app.ts',
        // Not in the repository: kept as the report wrote it.
        'd=/elsewhere/unknown.py',
      ],
    );
  });
});
