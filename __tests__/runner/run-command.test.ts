import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { runCommand } from '../../src/runner/run-command.js';
import { isRunning } from '../support/processes.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function run(command: string, extra: Partial<Parameters<typeof runCommand>[0]> = {}) {
  const cwd = await mkdtemp(path.join(tmpdir(), 'itest-cmd-'));
  const out = capture();
  const err = capture();
  const result = await runCommand({
    command,
    cwd,
    env: { PATH: process.env.PATH, FOO: 'bar' },
    stdout: out.stream,
    stderr: err.stream,
    ...extra,
  });
  return { result, cwd, stdout: out.text(), stderr: err.text() };
}

describe('runCommand', () => {
  test('runs a multi-line script in cwd with the given environment', async () => {
    const { result, stdout, stderr, cwd } = await run(
      'echo "$FOO" from "$PWD"\necho oops >&2\nexit 7',
    );
    assert.equal(result.exitCode, 7);
    assert.equal(stdout, `bar from ${cwd}\n`);
    assert.equal(stderr, 'oops\n');
    assert.equal(result.timedOut, false);
  });

  test('-e stops at the first failing command; pipefail fails a pipeline', async () => {
    assert.equal((await run('false\necho after')).stdout, '');
    assert.equal((await run('false | cat\necho after')).result.exitCode, 1);
  });

  test('a shell killed by a signal reports 128 + the signal number', async () => {
    assert.equal((await run('kill -KILL $$')).result.exitCode, 137);
  });

  test('a timeout stops the shell, its children and a child in a new session', async () => {
    const { result, cwd } = await run(
      'sleep 30 & echo $! > a.pid\nsetsid sleep 30 & echo $! > b.pid\nwait',
      { timeoutMs: 500, killGraceMs: 1000 },
    );
    assert.equal(result.timedOut, true);
    assert.ok(result.durationMs < 5000);
    for (const file of ['a.pid', 'b.pid']) {
      const pid = Number(await readFile(path.join(cwd, file), 'utf8'));
      assert.ok(!isRunning(pid), `${file} ${pid} still runs`);
    }
  });

  test('a child that ignores SIGTERM is killed after the grace period', async () => {
    const { result, cwd } = await run(
      'bash -c \'trap "" TERM; echo $$ > stubborn.pid; while :; do sleep 0.1; done\' &\nwait',
      { timeoutMs: 500, killGraceMs: 500 },
    );
    assert.equal(result.timedOut, true);
    const pid = Number(await readFile(path.join(cwd, 'stubborn.pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!isRunning(pid), 'the TERM-ignoring child is still running');
  });

  test('an abort signal cancels the command', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { result } = await run('sleep 30', { signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.equal(result.timedOut, false);
    assert.notEqual(result.exitCode, 0);
  });

  test('a background process left behind does not hold the step open', async () => {
    const { result, cwd } = await run('sleep 30 & echo $! > left.pid\necho done');
    assert.equal(result.exitCode, 0);
    assert.ok(result.durationMs < 5000, `took ${result.durationMs} ms`);
    const pid = Number(await readFile(path.join(cwd, 'left.pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(!isRunning(pid), 'the leftover process was not stopped');
  });
});
