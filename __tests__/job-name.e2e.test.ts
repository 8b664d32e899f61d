/**
 * The report's default name is the job's display name, looked up through the API, so matrix
 * jobs never overwrite each other's report. The bundle talks to the local API stand-in, which
 * checks every request against GitHub's OpenAPI description.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { runAction, TEST_TOKEN } from './support/action-runner.js';
import { workflowJob } from './support/github-api/fixtures.js';
import { GitHubApiServer, githubError } from './support/github-api/server.js';

const RUNNER = 'GitHub Actions 17';

async function reportName(run: Awaited<ReturnType<typeof runAction>>): Promise<string> {
  const report = JSON.parse(await readFile(run.main.outputs['report-json']!, 'utf8'));
  return report.results.environment.reportName;
}

describe('the report name', () => {
  let api: GitHubApiServer;
  before(async () => {
    api = await GitHubApiServer.start({ token: TEST_TOKEN });
  });
  after(async () => {
    await api.close();
  });

  test('is the display name of the one in-progress job on this runner, across pages', async () => {
    const jobs = [
      workflowJob({ id: 1, name: 'lint', runnerName: 'GitHub Actions 2', status: 'completed' }),
      ...Array.from({ length: 120 }, (_, i) =>
        workflowJob({
          id: 10 + i,
          name: `test (3.${i}, ubuntu-24.04)`,
          runnerName: `GitHub Actions ${100 + i}`,
          status: 'in_progress',
        }),
      ),
      workflowJob({
        id: 999,
        name: 'test (3.12, ubuntu-24.04)',
        runnerName: RUNNER,
        status: 'in_progress',
      }),
      workflowJob({ id: 1000, name: 'deploy', runnerName: null, status: 'queued' }),
    ];
    api.on('actions/list-jobs-for-workflow-run-attempt', (req) => {
      const perPage = Number(req.query.per_page ?? 30);
      const page = Number(req.query.page ?? 1);
      const slice = jobs.slice((page - 1) * perPage, page * perPage);
      const last = Math.ceil(jobs.length / perPage);
      const url = `${api.url}${req.path.split('?')[0]}?per_page=${perPage}`;
      const headers: Record<string, string> =
        page < last
          ? { link: `<${url}&page=${page + 1}>; rel="next", <${url}&page=${last}>; rel="last"` }
          : {};
      return { status: 200, body: { total_count: jobs.length, jobs: slice }, headers };
    });

    const run = await runAction({ apiUrl: api.url, runnerName: RUNNER, jobKey: 'test' });
    assert.equal(await reportName(run), 'test (3.12, ubuntu-24.04)');
    assert.match(run.main.summary, /^## .* test \(3\.12, ubuntu-24\.04\):/);
    const calls = api.requests.filter(
      (r) => r.operationId === 'actions/list-jobs-for-workflow-run-attempt',
    );
    assert.equal(calls.length, 2, 'both pages of jobs were read');
    assert.deepEqual(calls[0]!.pathParams, {
      owner: 'octo-org',
      repo: 'octo-app',
      run_id: '1234567890',
      attempt_number: '1',
    });
    assert.equal(calls[0]!.headers.authorization, `token ${TEST_TOKEN}`);
    api.assertNoViolations();
  });

  test('falls back to github.job when the token may not read actions (403)', async () => {
    api.on('actions/list-jobs-for-workflow-run-attempt', () =>
      githubError(403, 'Resource not accessible by integration'),
    );
    const run = await runAction({ apiUrl: api.url, runnerName: RUNNER, jobKey: 'integration' });
    assert.equal(run.main.exitCode, 0);
    assert.equal(await reportName(run), 'integration');
    assert.match(run.main.stdout, /Resource not accessible by integration/);
    assert.match(run.main.stdout, /actions: read/);
    api.assertNoViolations();
  });

  test('the name input wins, and no API call is made', async () => {
    const before = api.requests.length;
    const run = await runAction({ apiUrl: api.url, inputs: { name: 'db tests' } });
    assert.equal(await reportName(run), 'db tests');
    assert.equal(api.requests.length, before);
  });
});
