/**
 * The report's artifact, uploaded by the real @actions/artifact client to the local results
 * service stand-in (Twirp CreateArtifact, the blocks to the signed blob URL, FinalizeArtifact),
 * whose stored zip is read back and compared with the files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import {
  MAX_NAME_TRIES,
  uploadReportArtifact,
  type ArtifactResult,
  type UploadReportArtifactOptions,
} from '../../src/publish/artifact.js';
import { ArtifactService, readZip } from '../support/artifact-service.js';

const RUNNER_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/octo-app',
  GITHUB_RUN_ID: '16180339887',
};
const DAY_MS = 86_400_000;

interface Setup {
  service: ArtifactService;
  root: string;
  files: Record<string, Buffer>;
  paths: string[];
  logs: string[];
  upload: (options?: Partial<UploadReportArtifactOptions>) => Promise<ArtifactResult>;
}

/** A stand-in, the runner's variables pointing at it, and a report directory of `files`. */
async function setup(
  t: TestContext,
  files: Record<string, Buffer> = {
    'report.html': Buffer.from('<!doctype html><title>Tests: 3 passed ✓</title>'),
    'report.json': Buffer.from(JSON.stringify({ results: { summary: { tests: 3 } } })),
  },
): Promise<Setup> {
  const service = await ArtifactService.start();
  t.after(() => service.close());
  setEnv(t, { ...RUNNER_ENV, ...service.env(), GITHUB_RETENTION_DAYS: undefined });
  const root = mkdtempSync(join(tmpdir(), 'artifact-test-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const paths = Object.entries(files).map(([name, content]) => {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  });
  const logs: string[] = [];
  const upload = (options: Partial<UploadReportArtifactOptions> = {}) =>
    uploadReportArtifact({
      name: 'unit (3.12) test-report',
      files: paths,
      rootDirectory: root,
      log: (message) => logs.push(message),
      ...options,
    });
  return { service, root, files, paths, logs, upload };
}

/** Sets (or, for undefined, removes) variables for the test and puts them back after it. */
function setEnv(t: TestContext, values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    const before = process.env[name];
    t.after(() => {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    });
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

function uploaded(result: ArtifactResult) {
  assert.equal(result.action, 'uploaded', JSON.stringify(result));
  return result as Extract<ArtifactResult, { action: 'uploaded' }>;
}

function createdNames(service: ArtifactService): string[] {
  return service.twirpCalls('CreateArtifact').map((call) => (call.body as { name: string }).name);
}

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('the real client uploads the files: the zip that arrives holds them, names and bytes', async (t) => {
  const { service, files, root, upload } = await setup(t, {
    'report.html': Buffer.from('<!doctype html><title>Tests: 1 failed ✗</title>'),
    'report.json': Buffer.from(JSON.stringify({ results: { summary: { failed: 1 } } })),
    'logs/postgres.log': Buffer.from('LOG:  database system is ready to accept connections\n'),
    // Incompressible and over the client's 8 MiB chunk: the blob comes in more than one block.
    'logs/redis.bin': randomBytes(9 * 1024 * 1024),
  });

  const result = uploaded(await upload({ name: 'unit (3.12) test-report' }));

  const artifact = service.artifact('unit (3.12) test-report');
  assert.ok(artifact?.content && artifact.finalized);
  assert.equal(result.id, artifact.id);
  assert.equal(result.name, 'unit (3.12) test-report');
  assert.equal(
    result.url,
    `https://github.com/octo-org/octo-app/actions/runs/16180339887/artifacts/${artifact.id}`,
  );
  const entries = readZip(artifact.content);
  assert.deepEqual(entries.map((entry) => entry.name).sort(), Object.keys(files).sort());
  for (const entry of entries) {
    assert.ok(entry.content.equals(files[entry.name] as Buffer), `${entry.name} differs`);
  }
  if (hasUnzip()) {
    const zipPath = join(root, 'arrived.zip');
    writeFileSync(zipPath, artifact.content);
    execFileSync('unzip', ['-tq', zipPath]);
    assert.deepEqual(
      execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n').sort(),
      Object.keys(files).sort(),
    );
  } else {
    t.diagnostic('unzip is not installed: the zip was read with the test reader only');
  }

  const create = service.twirpCalls('CreateArtifact')[0]?.body as Record<string, unknown>;
  assert.equal(create['workflow_run_backend_id'], service.workflowRunBackendId);
  assert.equal(create['workflow_job_run_backend_id'], service.workflowJobRunBackendId);
  assert.equal(create['mime_type'], 'application/zip');
  const operations = service.requests.map((request) => request.operation);
  assert.equal(operations[0], 'CreateArtifact');
  assert.ok(operations.filter((operation) => operation === 'block').length >= 2, `${operations}`);
  assert.deepEqual(operations.slice(-2), ['blocklist', 'FinalizeArtifact']);
  assert.match(artifact.hash ?? '', /^sha256:[0-9a-f]{64}$/);
  service.assertNoViolations();
});

test('retention days reach CreateArtifact as expires_at; without them none is sent', async (t) => {
  const { service, upload } = await setup(t);

  uploaded(await upload({ name: 'kept', retentionDays: 5 }));
  uploaded(await upload({ name: 'default' }));

  const [kept, byDefault] = service.twirpCalls('CreateArtifact').map((call) => call.body);
  const expiresAt = Date.parse((kept as { expires_at: string }).expires_at);
  assert.ok(Math.abs(expiresAt - (Date.now() + 5 * DAY_MS)) < 60_000, `expires_at ${expiresAt}`);
  assert.equal((byDefault as { expires_at?: string }).expires_at, undefined);
  assert.equal(service.artifact('kept')?.expiresAt, (kept as { expires_at: string }).expires_at);
  service.assertNoViolations();
});

test('a name already taken in the run (409 already_exists) gets -2 instead of failing', async (t) => {
  const { service, logs, upload, files } = await setup(t);
  service.addArtifact('e2e-test-report');

  const result = uploaded(await upload({ name: 'e2e-test-report' }));

  assert.equal(result.name, 'e2e-test-report-2');
  const artifact = service.artifact('e2e-test-report-2');
  assert.ok(artifact?.content && artifact.finalized);
  assert.equal(result.id, artifact.id);
  assert.ok(result.url.endsWith(`/artifacts/${artifact.id}`));
  assert.deepEqual(createdNames(service), ['e2e-test-report', 'e2e-test-report-2']);
  assert.deepEqual(
    service.twirpCalls('CreateArtifact').map((call) => call.status),
    [409, 200],
  );
  assert.deepEqual(
    readZip(artifact.content)
      .map((entry) => entry.name)
      .sort(),
    Object.keys(files).sort(),
  );
  assert.ok(
    logs.some((line) => line.includes('"e2e-test-report" is already taken')),
    logs.join(),
  );
  service.assertNoViolations();
});

test('with -2 taken as well the upload is named -3', async (t) => {
  const { service, upload } = await setup(t);
  service.addArtifact('lint-test-report');
  service.addArtifact('LINT-test-report-2');

  const result = uploaded(await upload({ name: 'lint-test-report' }));

  assert.equal(result.name, 'lint-test-report-3');
  assert.deepEqual(
    service.twirpCalls('CreateArtifact').map((call) => call.status),
    [409, 409, 200],
  );
  assert.ok(service.artifact('lint-test-report-3')?.finalized);
  service.assertNoViolations();
});

test('when every name up to -10 is taken the result is failed and says what to do', async (t) => {
  const { service, upload } = await setup(t);
  service.addArtifact('busy');
  for (let n = 2; n <= MAX_NAME_TRIES; n++) service.addArtifact(`busy-${n}`);

  const result = await upload({ name: 'busy' });

  assert.equal(result.action, 'failed');
  assert.match(
    (result as { reason: string }).reason,
    /"busy" to "busy-10" are all taken.*artifact-name/,
  );
  assert.equal(createdNames(service).length, MAX_NAME_TRIES);
  assert.ok(service.twirpCalls('CreateArtifact').every((call) => call.status === 409));
  assert.equal(service.twirpCalls('FinalizeArtifact').length, 0);
  assert.equal(service.requests.filter((request) => request.kind === 'blob').length, 0);
});

const UNAVAILABLE: { where: string; env: Record<string, string | undefined>; reason: RegExp }[] = [
  {
    where: 'without ACTIONS_RUNTIME_TOKEN',
    env: { ACTIONS_RUNTIME_TOKEN: undefined },
    reason: /^ACTIONS_RUNTIME_TOKEN is not set/,
  },
  {
    where: 'without ACTIONS_RESULTS_URL',
    env: { ACTIONS_RESULTS_URL: '' },
    reason: /^ACTIONS_RESULTS_URL is not set/,
  },
  {
    where: 'on GitHub Enterprise Server',
    env: { GITHUB_SERVER_URL: 'https://ghe.example.com' },
    reason: /^GitHub Enterprise Server \(ghe\.example\.com\)/,
  },
];

for (const { where, env, reason } of UNAVAILABLE) {
  test(`${where} the service is unavailable and nothing is sent`, async (t) => {
    const { service, upload } = await setup(t);
    setEnv(t, env);

    const result = await upload();

    assert.equal(result.action, 'unavailable');
    assert.match((result as { reason: string }).reason, reason);
    assert.equal(service.requests.length, 0);
  });
}

test('on GHE.com (data residency) the upload goes ahead and links to that host', async (t) => {
  const { service, upload } = await setup(t);
  setEnv(t, { GITHUB_SERVER_URL: 'https://octo-corp.ghe.com' });

  const result = uploaded(await upload());

  assert.equal(
    result.url,
    `https://octo-corp.ghe.com/octo-org/octo-app/actions/runs/16180339887/artifacts/${result.id}`,
  );
  service.assertNoViolations();
});

test('a host without the results service (404 bad_route) is unavailable, at once', async (t) => {
  const { service, upload } = await setup(t);
  service.simulateAbsent();

  const started = Date.now();
  const result = await upload();

  assert.equal(result.action, 'unavailable');
  assert.match((result as { reason: string }).reason, /\(404\)/);
  assert.deepEqual(
    service.requests.map((request) => request.operation),
    ['CreateArtifact'],
    'one request, no retries',
  );
  assert.ok(Date.now() - started < 2_000);
});

test('a 4xx from CreateArtifact other than a conflict fails with its message, without retries', async (t) => {
  const { service, upload } = await setup(t);
  service.failCreate('denied', 'permission_denied', 'the token may not write artifacts');

  const started = Date.now();
  const result = await upload({ name: 'denied' });

  assert.equal(result.action, 'failed');
  assert.match(
    (result as { reason: string }).reason,
    /^Uploading artifact "denied" failed: .*\(403\).*the token may not write artifacts/,
  );
  assert.equal(service.twirpCalls('CreateArtifact').length, 1);
  assert.equal(service.requests.filter((request) => request.kind === 'blob').length, 0);
  assert.ok(Date.now() - started < 2_000, 'no back-off');
});

test('a service that refuses connections fails at once with the network error', async (t) => {
  const { service, upload } = await setup(t);
  await service.close();

  const started = Date.now();
  const result = await upload();

  assert.equal(result.action, 'failed');
  assert.match((result as { reason: string }).reason, /ECONNREFUSED/);
  assert.ok(Date.now() - started < 2_000, 'no back-off');
});

test('characters artifact names may not hold become "-", and the result says so', async (t) => {
  const { service, logs, upload } = await setup(t);

  const result = uploaded(await upload({ name: 'ci / test: "unit"' }));

  assert.equal(result.name, 'ci - test- -unit-');
  assert.deepEqual(createdNames(service), ['ci - test- -unit-']);
  assert.ok(
    logs.some((line) => line.includes('using "ci - test- -unit-"')),
    logs.join('\n'),
  );
  service.assertNoViolations();
});

test('a file that is not there fails with its path and sends no CreateArtifact', async (t) => {
  const { service, root, paths, upload } = await setup(t);
  const missing = join(root, 'report.missing.html');

  const result = await upload({ files: [...paths, missing] });

  assert.equal(result.action, 'failed');
  assert.ok((result as { reason: string }).reason.includes(missing));
  assert.equal(service.twirpCalls('CreateArtifact').length, 0);
});
