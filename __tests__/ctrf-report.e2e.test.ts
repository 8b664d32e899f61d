/**
 * The JSON report (`report-json`) of the bundled action, started as the runner starts it: a CTRF
 * document valid against CTRF's published JSON schema (the `ctrf` reference package's
 * ctrf-schema-0.0.json), with coverage, services and each input file's parse status under
 * `extra`, secrets redacted, and read back by the action itself with the same totals.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { runAction } from './support/action-runner.js';
import { readZip } from './support/artifact-service.js';
import { junitXml } from './support/junit.js';

// The package exports no subpath for its schema: found beside its entry point.
const SCHEMA_FILE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('ctrf')),
  'ctrf-schema-0.0.json',
);

const ajv = new Ajv({ strict: false, allErrors: true });
formatsModule.default(ajv);

describe('the JSON report', () => {
  let workspace: string;
  let schema: object;

  before(async () => {
    schema = JSON.parse(await readFile(SCHEMA_FILE, 'utf8'));
    workspace = await mkdtemp(path.join(tmpdir(), 'itest-ctrf-'));
    await mkdir(path.join(workspace, 'fixtures'));
    await writeFile(
      path.join(workspace, 'fixtures/junit.xml'),
      junitXml('api', [
        { name: 'passes', time: 0.5 },
        {
          name: 'connects',
          outcome: 'failure',
          message: 'connect postgres://app:hunter2secret@db:5432/app refused',
          body: 'at connect (src/db.js:10:5)',
          file: 'src/db.js',
          line: 10,
        },
        { name: 'crashes', outcome: 'error', message: 'boom' },
        { name: 'later', outcome: 'skipped', message: 'not yet' },
        { name: 'retried', flakyFailures: 2 },
      ]),
    );
    await writeFile(
      path.join(workspace, 'fixtures/lcov.info'),
      'SF:src/db.js\nDA:1,1\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n',
    );
    await writeFile(path.join(workspace, 'fixtures/broken-junit.xml'), '<testsuite><testcase');
  });
  after(() => rm(workspace, { recursive: true, force: true }));

  test('validates against the CTRF schema and carries what CTRF has no field for', async () => {
    const run = await runAction({
      workspace,
      inputs: {
        // A value the command masks is redacted from the report like a known secret.
        command:
          'echo "::add-mask::masked-by-the-suite" && mkdir -p out && cp fixtures/* out/ && ' +
          'sed -i "s/boom/boom masked-by-the-suite/" out/junit.xml',
        results: 'out/*junit*.xml',
        coverage: 'out/lcov.info',
        'fail-on': 'never',
        name: 'ctrf',
      },
    });
    assert.equal(run.main.exitCode, 0, run.main.stdout);
    const text = await readFile(run.main.outputs['report-json']!, 'utf8');
    assert.ok(!text.includes('hunter2secret'), 'a password inside a URL is redacted');
    assert.ok(!text.includes('masked-by-the-suite'), 'a value the command masked is redacted');
    assert.ok(!run.main.summary.includes('masked-by-the-suite'));
    assert.match(text, /"message":"boom \*\*\*"/);
    const report = JSON.parse(text);
    // The same report, uploaded as the run's artifact under `<name>-test-report`.
    assert.deepEqual(
      run.artifacts.map((a) => [a.name, a.finalized]),
      [['ctrf-test-report', true]],
    );
    const entries = new Map(
      readZip(run.artifacts[0]!.content!).map((e) => [e.name, e.content.toString('utf8')]),
    );
    assert.deepEqual([...entries.keys()].sort(), ['report.html', 'report.json']);
    assert.equal(entries.get('report.json'), text);
    const html = entries.get('report.html')!;
    assert.equal(html, await readFile(run.main.outputs['report-html']!, 'utf8'));
    assert.ok(!html.includes('hunter2secret') && !html.includes('masked-by-the-suite'));
    assert.match(run.main.outputs['artifact-url']!, /\/actions\/runs\/1234567890\/artifacts\/\d+$/);
    assert.equal(run.main.outputs['artifact-id'], String(run.artifacts[0]!.id));
    const validate = ajv.compile(schema);
    assert.ok(validate(JSON.parse(text)), ajv.errorsText(validate.errors));

    const { summary, tests } = report.results;
    assert.deepEqual(
      [summary.tests, summary.passed, summary.failed, summary.skipped],
      [5, 2, 2, 1],
    );
    assert.equal(summary.extra.errored, 1);
    const byName = Object.fromEntries(tests.map((t: { name: string }) => [t.name, t]));
    assert.equal(byName.crashes.status, 'failed');
    assert.equal(byName.crashes.rawStatus, 'errored');
    assert.equal(byName.retried.flaky, true);
    assert.equal(byName.retried.retries, 2);
    assert.equal(byName.connects.filePath, 'src/db.js');
    assert.equal(byName.connects.line, 10);
    assert.match(byName.connects.message, /postgres:\/\/app:\*\*\*@db/);

    assert.deepEqual(report.extra.coverage.lines, { covered: 1, total: 2, percent: 50 });
    assert.deepEqual(report.extra.coverage.branches, { covered: 1, total: 2, percent: 50 });
    assert.deepEqual(
      report.extra.inputFiles.map((f: { path: string; kind: string; status: string }) => [
        f.path,
        f.kind,
        f.status,
      ]),
      [
        ['out/broken-junit.xml', 'results', 'error'],
        ['out/junit.xml', 'results', 'parsed'],
        ['out/lcov.info', 'coverage', 'parsed'],
      ],
    );

    // Report-only mode reads the JSON report back, as the workflow_run pattern does.
    await mkdir(path.join(workspace, 'downloaded'), { recursive: true });
    await writeFile(path.join(workspace, 'downloaded/report.json'), text);
    const again = await runAction({
      workspace,
      inputs: { results: 'downloaded/report.json', coverage: 'none/*', 'fail-on': 'never' },
    });
    const outputs = again.main.outputs;
    assert.deepEqual(
      [
        outputs.tests,
        outputs.passed,
        outputs.failed,
        outputs.errored,
        outputs.skipped,
        outputs.flaky,
      ],
      ['5', '2', '1', '1', '1', '1'],
    );
  });
});
