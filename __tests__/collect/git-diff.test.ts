import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitDiff } from '../../src/collect/git-diff.js';
import { addedLinesByPath, parseUnifiedDiff } from '../../src/coverage/diff.js';

// Real repositories in a temporary folder; no user or system git configuration applies.
const root = mkdtempSync(path.join(tmpdir(), 'git-diff-test-'));
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CONFIG_GLOBAL = path.join(root, 'gitconfig');
process.env.GIT_CEILING_DIRECTORIES = root;
writeFileSync(process.env.GIT_CONFIG_GLOBAL, '[user]\n\tname = Test\n\temail = test@example.com\n');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(repo: string, file: string, text: string | Buffer): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

const lines = (count: number, name = 'line') =>
  Array.from({ length: count }, (_, i) => `${name} ${i + 1}\n`).join('');

/** What the pull request below changes, as parseUnifiedDiff should read gitDiff's output. */
const EXPECTED = {
  'src/app.ts': [3, 8, 9],
  'src/renamed.ts': [20],
  'src/café.py': [1, 2],
  'docs/with space.md': [1],
  'sub/inner.ts': [2],
};

let origin: string;
let base: string;

before(() => {
  origin = path.join(root, 'origin');
  mkdirSync(origin);
  git(origin, 'init', '--quiet', '--initial-branch=main');
  write(origin, 'src/app.ts', lines(10));
  write(origin, 'src/old.ts', lines(20, 'old'));
  write(origin, 'src/gone.ts', lines(3));
  write(origin, 'sub/inner.ts', lines(2));
  write(origin, 'logo.png', Buffer.from([0, 1, 2, 3]));
  write(origin, 'run.sh', 'echo\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '--quiet', '-m', 'base');
  base = git(origin, 'rev-parse', 'HEAD').trim();

  write(
    origin,
    'src/app.ts',
    lines(10).replace('line 3\n', 'three\n').replace('line 8\n', 'eight\nnine\n'),
  );
  git(origin, 'mv', 'src/old.ts', 'src/renamed.ts');
  write(origin, 'src/renamed.ts', lines(20, 'old').replace('old 20\n', 'new 20\n'));
  git(origin, 'rm', '--quiet', 'src/gone.ts');
  write(origin, 'src/café.py', 'a\nb\n');
  write(origin, 'docs/with space.md', 'x\n');
  write(origin, 'sub/inner.ts', 'line 1\nchanged\n');
  write(origin, 'logo.png', Buffer.from([0, 1, 2, 4, 5]));
  chmodSync(path.join(origin, 'run.sh'), 0o755);
  git(origin, 'add', '-A');
  git(origin, 'commit', '--quiet', '-m', 'head');
  // Settings that would change `git diff` output if the command did not pin them.
  for (const [key, value] of [
    ['color.ui', 'always'],
    ['color.diff', 'always'],
    ['diff.noprefix', 'true'],
    ['diff.mnemonicPrefix', 'true'],
    ['diff.external', 'false'],
    ['diff.renames', 'false'],
    ['core.quotePath', 'false'],
  ]) {
    git(origin, 'config', key!, value!);
  }
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('gitDiff', () => {
  test('base..HEAD of a full clone, whatever the repository config says', async () => {
    const result = await gitDiff({ cwd: origin, base });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.notes, []);
    assert.ok(!result.diff.includes('\u001b['), 'no colour');
    const files = parseUnifiedDiff(result.diff);
    assert.deepEqual(Object.fromEntries(addedLinesByPath(files)), EXPECTED);
    const byPath = new Map(files.map((f) => [f.path, f]));
    assert.deepEqual(
      [byPath.get('src/renamed.ts')?.change, byPath.get('src/renamed.ts')?.oldPath],
      ['renamed', 'src/old.ts'],
    );
    assert.equal(byPath.get('src/gone.ts')?.change, 'deleted');
    assert.equal(byPath.get('logo.png')?.binary, true);
    assert.deepEqual(byPath.get('run.sh')?.addedLines, []);
  });

  test('from a folder of the checkout, paths are relative to it (as tracked-files lists them)', async () => {
    const result = await gitDiff({ cwd: path.join(origin, 'sub'), base, head: 'HEAD' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(Object.fromEntries(addedLinesByPath(parseUnifiedDiff(result.diff))), {
      'inner.ts': [2],
    });
  });

  test('a shallow clone without the base commit fetches it once from origin', async () => {
    const clone = path.join(root, 'shallow');
    git(root, 'clone', '--quiet', '--depth=1', `file://${origin}`, clone);
    assert.equal(git(clone, 'rev-parse', '--is-shallow-repository').trim(), 'true');
    assert.throws(() => git(clone, 'cat-file', '-e', `${base}^{commit}`));

    const result = await gitDiff({ cwd: clone, base, fetchTimeoutMs: 30_000 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.notes, [
      `the base commit ${base.slice(0, 12)} was not in this shallow clone; fetched it from origin (depth 1)`,
    ]);
    assert.deepEqual(Object.fromEntries(addedLinesByPath(parseUnifiedDiff(result.diff))), EXPECTED);
    // The second time the commit is there: nothing to fetch.
    const again = await gitDiff({ cwd: clone, base });
    assert.deepEqual(again.ok && again.notes, []);
  });

  test('a base commit origin does not have: a reason, not an exception', async () => {
    const clone = path.join(root, 'shallow-missing');
    git(root, 'clone', '--quiet', '--depth=1', `file://${origin}`, clone);
    const missing = 'deadbeef'.repeat(5);
    const result = await gitDiff({ cwd: clone, base: missing });
    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? result.reason : '',
      /^the base commit deadbeefdead is not in this shallow clone, and fetching it from origin failed: .+; check out with fetch-depth: 0/,
    );
    assert.equal(result.notes.length, 1);

    // An abbreviated SHA cannot be fetched: said so, and nothing is fetched.
    const short = await gitDiff({ cwd: clone, base: base.slice(0, 10) });
    assert.deepEqual(short, {
      ok: false,
      reason: `the base commit ${base.slice(0, 10)} is not in this shallow clone, and only a full commit SHA can be fetched; check out with fetch-depth: 0 or fetch the base branch first`,
      notes: [],
    });

    // A fetch that does not finish in time.
    const slow = await gitDiff({ cwd: clone, base, fetchTimeoutMs: 1 });
    assert.equal(slow.ok, false);
    assert.match(!slow.ok ? slow.reason : '', /fetching it from origin timed out after 1 ms/);
  });

  test('no git checkout, no git, option-like names: reasons', async () => {
    const plain = path.join(root, 'plain');
    mkdirSync(plain);
    const outside = await gitDiff({ cwd: plain, base });
    assert.equal(outside.ok, false);
    assert.match(
      !outside.ok ? outside.reason : '',
      /is not a git checkout \(.*not a git repository/,
    );

    const nowhere = await gitDiff({ cwd: path.join(root, 'does-not-exist'), base });
    assert.match(!nowhere.ok ? nowhere.reason : '', /does-not-exist does not exist/);

    const noGit = await gitDiff({ cwd: origin, base, git: path.join(root, 'no-such-git') });
    assert.match(!noGit.ok ? noGit.reason : '', /^git is not installed/);

    const target = path.join(root, 'written');
    const injected = await gitDiff({ cwd: origin, base: `--output=${target}` });
    assert.equal(injected.ok, false);
    assert.equal(existsSync(target), false);
    const range = await gitDiff({ cwd: origin, base: `${base}..HEAD` });
    assert.match(!range.ok ? range.reason : '', /is not a commit name/);

    const head = await gitDiff({ cwd: origin, base, head: 'no-such-branch' });
    assert.deepEqual(head, {
      ok: false,
      reason: 'no-such-branch is not a commit of this checkout',
      notes: [],
    });
  });
});
