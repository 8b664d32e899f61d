import assert from 'node:assert/strict';
import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { collectResults } from '../../src/collect/collect-results.js';
import { junitXml } from '../support/junit.js';

async function tree(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'itest-collect-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const ONE = junitXml('s', [{ name: 'a' }]);

test('automatic search finds well-known names, skips node_modules and .git, ignores non-reports quietly', async () => {
  const cwd = await tree({
    'build/test-results/test/TEST-com.acme.AppTest.xml': ONE,
    'reports/junit.xml': ONE,
    'node_modules/pkg/junit.xml': ONE,
    '.git/junit.xml': ONE,
    'test-results/screenshot.json': '{"not":"a report"}',
    'src/app.xml': ONE,
  });
  const { files, reports } = await collectResults({ patterns: 'auto', cwd });
  assert.deepEqual(
    files.map((f) => `${f.path}:${f.status}`),
    [
      'build/test-results/test/TEST-com.acme.AppTest.xml:parsed',
      'reports/junit.xml:parsed',
      'test-results/screenshot.json:ignored',
    ],
  );
  assert.equal(reports.length, 2);
});

test('explicit globs: braces, negation, each file once, sorted', async () => {
  const cwd = await tree({
    'a/one.xml': ONE,
    'a/two.xml': ONE,
    'a/skip/three.xml': ONE,
    'b/four.xml': ONE,
  });
  const { files } = await collectResults({
    patterns: ['{a,b}/**/*.xml', 'a/one.xml', '!a/skip/**'],
    cwd,
  });
  assert.deepEqual(
    files.map((f) => f.path),
    ['a/one.xml', 'a/two.xml', 'b/four.xml'],
  );
});

test('UTF-16 reports are decoded; binary files are named as such', async () => {
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(junitXml('s', [{ name: 'ü' }]).replace('UTF-8', 'UTF-16'), 'utf16le'),
  ]);
  const cwd = await tree({
    'r/utf16.xml': utf16,
    'r/binary.xml': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]),
  });
  const { files, reports } = await collectResults({ patterns: ['r/*.xml'], cwd });
  assert.deepEqual(
    files.map((f) => `${f.path}:${f.status}:${f.reason ?? ''}`),
    ['r/binary.xml:error:binary content, not a text report', 'r/utf16.xml:parsed:'],
  );
  assert.equal(reports[0]!.suites[0]!.tests[0]!.name, 'ü');
});

test('files written before the command are stale; later ones count', async () => {
  const cwd = await tree({ 'old.xml': ONE, 'new.xml': ONE });
  const hourAgo = new Date(Date.now() - 3_600_000);
  await utimes(path.join(cwd, 'old.xml'), hourAgo, hourAgo);
  const { files } = await collectResults({
    patterns: ['*.xml'],
    cwd,
    writtenAfterMs: Date.now() - 1000,
  });
  assert.deepEqual(
    files.map((f) => `${f.path}:${f.status}`),
    ['new.xml:parsed', 'old.xml:stale'],
  );
});

test('a report too large to hold is refused by name with the reason, never read', async () => {
  const cwd = await tree({ 'small.xml': ONE });
  // Sparse: 1 GiB on paper, nothing on disk; a reader that tried to hold it would not finish.
  const { open } = await import('node:fs/promises');
  const handle = await open(path.join(cwd, 'huge.xml'), 'w');
  await handle.write('<testsuites>', 0);
  await handle.truncate(1024 * 1024 * 1024);
  await handle.close();
  const { files, reports } = await collectResults({ patterns: ['*.xml'], cwd });
  assert.deepEqual(
    files.map((f) => `${f.path}:${f.status}`),
    ['huge.xml:error', 'small.xml:parsed'],
  );
  assert.match(
    files[0]!.reason!,
    /^the file is 1024 MiB, over the 768 MiB a report file may have here/,
  );
  assert.equal(reports.length, 1, 'the other file is still read');
});
