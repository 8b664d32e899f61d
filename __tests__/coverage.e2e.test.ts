/**
 * Coverage through the bundled action, started as the runner starts it: files found by glob,
 * formats mixed, merged by counts, a pull request's changed lines from the checkout's git
 * history, thresholds deciding the step, a bad file named while the rest is reported.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runAction, TEST_TOKEN } from './support/action-runner.js';
import { CMARK_MISSING, cmarkGfm, renderGfm } from './support/cmark.js';
import { pullRequestEvent } from './support/events.js';
import { listPage } from './support/github-api/fixtures.js';
import { GitHubApiServer } from './support/github-api/server.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();

/** Ten lines; the pull request adds lines 5 and 6 and changes line 9. */
const BASE_SOURCE = ['a', 'b', 'c', 'd', 'g', 'h', 'i', 'j'].map((x) => `${x}();`).join('\n');
const HEAD_SOURCE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'I', 'j']
  .map((x) => `${x}();`)
  .join('\n');

/** LCOV as a tool in a container writes it: absolute paths under /app. */
const LCOV = [
  'TN:',
  'SF:/app/src/calc.js',
  ...[1, 2, 3, 4, 5, 7, 8].map((line) => `DA:${line},1`),
  ...[6, 9, 10].map((line) => `DA:${line},0`),
  'end_of_record',
  '',
].join('\n');

/** Cobertura for another file, relative to its <source>. */
const COBERTURA = `<?xml version="1.0" ?>
<coverage line-rate="0.5" branch-rate="0" version="7.4" timestamp="1">
  <sources><source>/home/runner/work/app/app/lib</source></sources>
  <packages><package name="util" line-rate="0.5" branch-rate="0">
    <classes><class name="util.py" filename="util.py" line-rate="0.5" branch-rate="0">
      <methods/>
      <lines><line number="1" hits="3"/><line number="2" hits="0"/></lines>
    </class></classes>
  </package></packages>
</coverage>
`;

describe('coverage through the bundled action', () => {
  let workspace: string;
  let baseSha: string;
  let headSha: string;

  before(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'itest-coverage-'));
    await mkdir(path.join(workspace, 'src'));
    await mkdir(path.join(workspace, 'lib'));
    await mkdir(path.join(workspace, 'fixtures'));
    git(workspace, 'init', '-q', '-b', 'main');
    await writeFile(path.join(workspace, 'src/calc.js'), BASE_SOURCE);
    await writeFile(path.join(workspace, 'lib/util.py'), 'x = 1\ny = 2\n');
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'base');
    baseSha = git(workspace, 'rev-parse', 'HEAD');
    await writeFile(path.join(workspace, 'src/calc.js'), HEAD_SOURCE);
    await writeFile(path.join(workspace, 'fixtures/lcov.info'), LCOV);
    await writeFile(path.join(workspace, 'fixtures/coverage.xml'), COBERTURA);
    // Truncated: detected as Cobertura, refused with its reason.
    await writeFile(
      path.join(workspace, 'fixtures/broken.xml'),
      COBERTURA.slice(0, COBERTURA.indexOf('</class>')),
    );
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'head');
    headSha = git(workspace, 'rev-parse', 'HEAD');
  });
  after(() => rm(workspace, { recursive: true, force: true }));

  const copyCoverage =
    'mkdir -p out && cp fixtures/lcov.info fixtures/coverage.xml fixtures/broken.xml out/';

  test('merged totals, changed lines of the pull request, outputs, summary and JSON', async () => {
    const run = await runAction({
      workspace,
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 7, baseSha, headSha }),
      inputs: {
        command: copyCoverage,
        coverage: 'out/*',
        'coverage-threshold': '60',
        'diff-coverage-threshold': '30',
        name: 'cov',
      },
    });
    const { main } = run;
    assert.equal(main.exitCode, 0, main.stdout);
    // 7 of 10 lines in calc.js and 1 of 2 in util.py: 8 of 12, not the mean of 70% and 50%.
    assert.equal(main.outputs['line-coverage'], '66.66');
    assert.equal(main.outputs['branch-coverage'], '');
    // Changed lines 5, 6 and 9 are all executable; 5 ran, 6 and 9 did not.
    assert.equal(main.outputs['diff-coverage'], '33.33');
    assert.match(main.summary, /### Coverage/);
    assert.match(main.summary, /\| Lines \| 8 \| 12 \| 66\.66% \|/);
    assert.match(
      main.summary,
      /\*\*Changed lines: 33\.33%\*\* \(1 of 3 coverable changed lines run\)/,
    );
    const link = `https://github.com/octo-org/octo-app/blob/${headSha}/src/calc.js#L6`;
    assert.ok(main.summary.includes(`[6](${link})`), main.summary);
    assert.ok(main.summary.includes(`[9](${link.replace('#L6', '#L9')})`), main.summary);
    assert.match(main.summary, /out\/broken\.xml \| ⚠️ not read \| line \d+: /);
    assert.ok(
      main.commands.some((c) => c.command === 'warning' && c.message.startsWith('out/broken.xml:')),
    );
    const json = JSON.parse(await readFile(main.outputs['report-json']!, 'utf8'));
    const coverage = json.extra.coverage;
    assert.deepEqual(coverage.lines, { covered: 8, total: 12, percent: 66.66 });
    assert.deepEqual(
      coverage.files.map((f: { path: string; uncoveredLines: unknown }) => [
        f.path,
        f.uncoveredLines,
      ]),
      [
        ['lib/util.py', [[2, 2]]],
        [
          'src/calc.js',
          [
            [6, 6],
            [9, 10],
          ],
        ],
      ],
    );
    assert.equal(coverage.changedLines.percent, 33.33);
    assert.deepEqual(
      json.extra.inputFiles
        .filter((f: { kind: string }) => f.kind === 'coverage')
        .map((f: { path: string; status: string; format?: string }) => [
          f.path,
          f.status,
          f.format,
        ]),
      [
        ['out/broken.xml', 'error', 'cobertura'],
        ['out/coverage.xml', 'parsed', 'cobertura'],
        ['out/lcov.info', 'parsed', 'lcov'],
      ],
    );
  });

  test(
    'the summary renders as GitHub renders it',
    { skip: cmarkGfm ? false : CMARK_MISSING },
    async () => {
      const run = await runAction({
        workspace,
        eventName: 'pull_request',
        event: pullRequestEvent({ number: 7, baseSha, headSha }),
        inputs: { command: copyCoverage, coverage: 'out/lcov.info', name: 'cov' },
      });
      const html = renderGfm(run.main.summary);
      assert.match(html, /<th>Changed file<\/th>/);
      assert.match(
        html,
        new RegExp(
          `<a href="https://github.com/octo-org/octo-app/blob/${headSha}/src/calc.js#L9">9</a>`,
        ),
      );
    },
  );

  test('thresholds fail the step with the reason; fail-on: never only reports', async () => {
    const inputs = {
      command: copyCoverage,
      coverage: 'out/lcov.info\nout/coverage.xml',
      'coverage-threshold': '66.67',
      'diff-coverage-threshold': '34',
      name: 'cov',
    };
    const event = pullRequestEvent({ number: 7, baseSha, headSha });
    const failed = await runAction({ workspace, eventName: 'pull_request', event, inputs });
    assert.equal(failed.main.exitCode, 1);
    const errors = failed.main.commands.filter((c) => c.command === 'error').map((c) => c.message);
    assert.ok(
      errors.some(
        (m) =>
          m.includes('Line coverage 66.66% is below the coverage-threshold of 66.67%.') &&
          m.includes(
            'Coverage of the changed lines 33.33% is below the diff-coverage-threshold of 34%.',
          ),
      ),
      errors.join('\n'),
    );
    assert.match(failed.main.summary, /Line coverage 66\.66% is below the coverage-threshold/);
    const lenient = await runAction({
      workspace,
      eventName: 'pull_request',
      event,
      inputs: { ...inputs, 'fail-on': 'never' },
    });
    assert.equal(lenient.main.exitCode, 0);
    assert.equal(lenient.main.outputs.conclusion, 'failure');
  });

  test('a threshold with no coverage file read fails; on a push no changed lines are computed', async () => {
    const run = await runAction({
      workspace,
      inputs: { command: 'true', coverage: 'nothing/*.info', 'coverage-threshold': '10' },
    });
    assert.equal(run.main.exitCode, 1);
    assert.match(run.main.summary, /`coverage-threshold` is set, but no coverage file was read\./);
    const push = await runAction({
      workspace,
      inputs: { command: copyCoverage, coverage: 'out/lcov.info' },
    });
    assert.equal(push.main.exitCode, 0);
    assert.equal(push.main.outputs['line-coverage'], '70.00');
    assert.equal(push.main.outputs['diff-coverage'], '');
    assert.doesNotMatch(push.main.summary, /Changed lines/);
  });

  test("without the base commit, changed lines come from the pull request's files", async (t) => {
    const server = await GitHubApiServer.start({ token: TEST_TOKEN });
    t.after(() => server.close());
    const file = (filename: string, patch: string | undefined, status = 'modified') => ({
      sha: 'e5'.repeat(20),
      filename,
      status,
      additions: 3,
      deletions: 1,
      changes: 4,
      blob_url: `https://github.com/octo-org/octo-app/blob/${headSha}/${filename}`,
      raw_url: `https://github.com/octo-org/octo-app/raw/${headSha}/${filename}`,
      contents_url: `https://api.github.com/repos/octo-org/octo-app/contents/${filename}`,
      ...(patch === undefined ? {} : { patch }),
    });
    server.on('pulls/list-files', (req) => {
      assert.equal(req.pathParams.pull_number, '7');
      return listPage(
        req,
        [
          file(
            'src/calc.js',
            '@@ -4,4 +4,6 @@ d();\n d();\n+e();\n+f();\n g();\n h();\n-i();\n+I();',
          ),
          file('assets/huge.js', undefined),
        ],
        server.url,
      );
    });
    const unknownBase = 'f0'.repeat(20);
    const run = await runAction({
      workspace,
      apiUrl: server.url,
      eventName: 'pull_request',
      event: pullRequestEvent({ number: 7, baseSha: unknownBase, headSha }),
      inputs: { command: copyCoverage, coverage: 'out/lcov.info', name: 'cov', comment: 'off' },
    });
    assert.equal(run.main.exitCode, 0, run.main.stdout);
    // The same lines as from git: 5, 6 and 9 changed; 5 ran.
    assert.equal(run.main.outputs['diff-coverage'], '33.33');
    assert.match(run.main.summary, /line numbers are the head commit's/);
    assert.match(
      run.main.summary,
      /1 file\(s\) without a patch from GitHub \(too large\) are not counted: assets\/huge\.js/,
    );
    server.assertNoViolations();
  });
});
