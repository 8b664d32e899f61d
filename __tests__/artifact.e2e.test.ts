/**
 * The report artifact through the bundled action, started as the runner starts it, with the
 * real @actions/artifact client against the results-service stand-in: what arrives, a name
 * already taken in the run, and a server without the artifact service.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runAction } from './support/action-runner.js';
import { ArtifactService, readZip } from './support/artifact-service.js';
import { junitXml } from './support/junit.js';

describe('the report artifact', () => {
  let workspace: string;
  before(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'itest-artifact-'));
    await writeFile(
      path.join(workspace, 'junit.xml'),
      junitXml('app', [{ name: 'works' }, { name: 'breaks', outcome: 'failure', message: 'no' }]),
    );
  });
  after(() => rm(workspace, { recursive: true, force: true }));

  test('uploaded under <name>-test-report, a taken name gets a suffix, retention reaches the service', async (t) => {
    const service = await ArtifactService.start();
    t.after(() => service.close());
    service.addArtifact('api-test-report');
    const run = await runAction({
      workspace,
      artifactService: service,
      inputs: { results: 'junit.xml', name: 'api', 'retention-days': '3', 'fail-on': 'never' },
    });
    assert.deepEqual(
      run.artifacts.map((a) => a.name),
      ['api-test-report-2'],
    );
    const created = service.twirpCalls('CreateArtifact').at(-1)!;
    const expires = Date.parse((created.body as { expires_at: string }).expires_at);
    assert.ok(Math.abs(expires - (Date.now() + 3 * 86_400_000)) < 3_600_000, 'about 3 days');
    assert.deepEqual(
      readZip(run.artifacts[0]!.content!)
        .map((e) => e.name)
        .sort(),
      ['report.html', 'report.json'],
    );
    assert.match(run.main.summary, /\/artifacts\/\d+/, 'the summary links the artifact');
    service.assertNoViolations();
  });

  test('without the artifact service (GitHub Enterprise Server): one warning, the rest as usual', async () => {
    const run = await runAction({
      workspace,
      env: { GITHUB_SERVER_URL: 'https://ghe.example.com' },
      inputs: { results: 'junit.xml', name: 'api', 'fail-on': 'never' },
    });
    assert.equal(run.main.exitCode, 0);
    assert.deepEqual(run.artifacts, []);
    const warnings = run.main.commands.filter((c) => c.command === 'warning');
    assert.equal(warnings.length, 1, warnings.map((w) => w.message).join('\n'));
    assert.match(warnings[0]!.message, /not uploaded as an artifact/);
    assert.equal(run.main.outputs['artifact-url'], '');
    assert.match(run.main.summary, /1 of 2 tests failed/);
    assert.ok(run.main.outputs['report-html']);
  });

  test('artifact: false uploads nothing and still writes the HTML report', async () => {
    const run = await runAction({
      workspace,
      inputs: { results: 'junit.xml', name: 'api', artifact: 'false', 'fail-on': 'never' },
    });
    assert.deepEqual(run.artifacts, []);
    assert.ok(run.main.outputs['report-html']!.endsWith('report.html'));
  });
});
