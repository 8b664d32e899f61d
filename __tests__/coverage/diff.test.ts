import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addedLinesByPath,
  parsePathToken,
  parsePullRequestPatch,
  parseUnifiedDiff,
  type DiffFile,
} from '../../src/coverage/diff.js';
import { ParseError } from '../../src/parsers/parser.js';

/** A diff from its lines, newline-terminated as git prints it. */
const diff = (...lines: string[]) => lines.join('\n') + '\n';
const TAB = '\t';

/** path → added lines, for the files that add any. */
function added(text: string): Record<string, readonly number[]> {
  return Object.fromEntries(addedLinesByPath(parseUnifiedDiff(text)));
}

function only(files: readonly DiffFile[]): DiffFile {
  assert.equal(files.length, 1, JSON.stringify(files));
  return files[0]!;
}

// The diffs below are git 2.39's own output (made in a scratch repository), cut to what each
// test is about, unless said otherwise.

describe('hunks', () => {
  test('only + lines are changed lines, numbered on the new side across hunks', () => {
    const text = diff(
      'diff --git a/src/app.ts b/src/app.ts',
      'index 0ff3bbb..fbe0253 100644',
      '--- a/src/app.ts',
      '+++ b/src/app.ts',
      '@@ -4,6 +4,7 @@ export function a() {',
      ' 4',
      ' 5',
      '-6',
      '-7',
      '+six',
      '+seven',
      '+seven and a half',
      ' 8',
      ' 9',
      '@@ -20,4 +21,3 @@',
      ' 20',
      '-21',
      ' 22',
      '+23 changed',
      '-23',
    );
    const file = only(parseUnifiedDiff(text));
    assert.deepEqual(file, {
      path: 'src/app.ts',
      change: 'modified',
      binary: false,
      addedLines: [6, 7, 8, 23],
      linesUnknown: false,
      warnings: [],
    });
  });

  test('omitted counts mean one line; --unified=0 hunks', () => {
    const text = diff(
      'diff --git a/x.py b/x.py',
      '--- a/x.py',
      '+++ b/x.py',
      '@@ -3 +3 @@',
      '-old',
      '+new',
      '@@ -10,0 +11,2 @@ def f():',
      '+a',
      '+b',
      '@@ -20,2 +22 @@',
      '-c',
      '-d',
      '+e',
      '@@ -30 +31,0 @@',
      '-gone',
    );
    const file = only(parseUnifiedDiff(text));
    assert.deepEqual(file.addedLines, [3, 11, 12, 22]);
    assert.deepEqual(file.warnings, []);
  });

  test('"\\ No newline at end of file" is no line of either side', () => {
    const text = diff(
      'diff --git a/n.txt b/n.txt',
      '--- a/n.txt',
      '+++ b/n.txt',
      '@@ -1,2 +1,3 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+b',
      '+c',
      '\\ No newline at end of file',
      'diff --git a/m.txt b/m.txt',
      '--- a/m.txt',
      '+++ b/m.txt',
      '@@ -1 +1 @@',
      '-x',
      '+y',
    );
    assert.deepEqual(added(text), { 'n.txt': [2, 3], 'm.txt': [1] });
    assert.deepEqual(
      parseUnifiedDiff(text).flatMap((f) => f.warnings),
      [],
    );
  });

  test('content lines starting with +++ or --- are read by the hunk counts, not as headers', () => {
    // A line `-- removed rule` deleted and `++ added rule` added look like a file header.
    const text = diff(
      'diff --git a/notes.md b/notes.md',
      'index 1111111..2222222 100644',
      '--- a/notes.md',
      '+++ b/notes.md',
      '@@ -1,4 +1,4 @@',
      ' # Notes',
      '--- removed rule',
      '+++ added rule',
      ' ---',
      '---- a/old',
      '++++ b/new',
      'diff --git a/other.md b/other.md',
      '--- a/other.md',
      '+++ b/other.md',
      '@@ -5,0 +6 @@',
      '++++ b/sneaky',
    );
    const files = parseUnifiedDiff(text);
    assert.deepEqual(
      files.map((f) => [f.path, f.addedLines]),
      [
        ['notes.md', [2, 4]],
        ['other.md', [6]],
      ],
    );
    assert.deepEqual(
      files.flatMap((f) => f.warnings),
      [],
    );
  });

  test('an empty line in a hunk is an empty context line (whitespace stripped by an editor)', () => {
    // diff-cover's git_diff_lua.txt has one.
    const text = diff(
      'diff --git a/m.lua b/m.lua',
      '--- a/m.lua',
      '+++ b/m.lua',
      '@@ -8,3 +8,5 @@',
      ' end',
      '',
      '+function f()',
      '+end',
      ' return m',
    );
    assert.deepEqual(only(parseUnifiedDiff(text)).addedLines, [10, 11]);
  });

  test('CRLF line ends in the diff change nothing', () => {
    const lf = diff(
      'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/caf\\303\\251.py"',
      '@@ -0,0 +1,2 @@',
      '+l1\r',
      '+l2\r',
      'diff --git a/b.txt b/b.txt',
      '--- a/b.txt',
      '+++ b/b.txt',
      '@@ -1,2 +1,2 @@',
      ' ',
      '-x',
      '+y',
    );
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(added(crlf), { 'café.py': [1, 2], 'b.txt': [2] });
    assert.deepEqual(parseUnifiedDiff(crlf), parseUnifiedDiff(lf));
  });

  test('a hunk cut short or longer than its header is read as far as it goes, with a warning', () => {
    // diff-cover's fixtures have both (git_diff_cpp_functions.txt declares 28 lines and has 22;
    // git_diff_dotnet.txt declares +18,5 and has 10 new-side lines); diff-cover ignores counts.
    const short = parseUnifiedDiff(
      diff(
        'diff --git a/c.cpp b/c.cpp',
        '--- /dev/null',
        '+++ b/c.cpp',
        '@@ -0,0 +1,28 @@',
        '+a',
        '+b',
        'diff --git a/d.cpp b/d.cpp',
        '--- a/d.cpp',
        '+++ b/d.cpp',
        '@@ -1 +1 @@',
        '-x',
        '+y',
      ),
    );
    assert.deepEqual(
      short.map((f) => [f.path, f.addedLines, f.warnings.length]),
      [
        ['c.cpp', [1, 2], 1],
        ['d.cpp', [1], 0],
      ],
    );
    assert.match(short[0]!.warnings[0]!, /ends at line 7 before the lines its header counts/);

    const long = only(
      parseUnifiedDiff(
        diff(
          'diff --git a/S.cs b/S.cs',
          '--- a/S.cs',
          '+++ b/S.cs',
          '@@ -18,4 +18,2 @@ namespace SampleApp',
          '         }',
          '+',
          '+        public static int New()',
          '+        {',
          '+        }',
          '     }',
          ' }',
        ),
      ),
    );
    assert.deepEqual(long.addedLines, [19, 20, 21, 22]);
    assert.match(long.warnings[0]!, /more lines than its header counts/);
  });

  test('a malformed hunk header, or a hunk before any file, is a ParseError', () => {
    assert.throws(
      () => parseUnifiedDiff(diff('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -a +b @@', '+x')),
      (error: unknown) => error instanceof ParseError && error.line === 4,
    );
    assert.throws(
      () => parseUnifiedDiff('@@ -1 +1 @@\n-a\n+b\n', 'pr.diff'),
      (error: unknown) =>
        error instanceof ParseError && error.file === 'pr.diff' && error.line === 1,
    );
    assert.deepEqual(parseUnifiedDiff(''), []);
    // Text before the first file (a commit message, `git show` output) says nothing.
    assert.deepEqual(
      added(
        diff(
          'commit 0123456',
          'Author: a',
          '',
          '    +1 to everything',
          'diff --git a/x b/x',
          '--- a/x',
          '+++ b/x',
          '@@ -1 +1 @@',
          '-a',
          '+b',
        ),
      ),
      { x: [1] },
    );
  });
});

describe('files', () => {
  test('new, deleted, renamed, copied, binary and mode-only changes', () => {
    const text = diff(
      'diff --git a/crlf.txt b/crlf.txt',
      'new file mode 100644',
      'index 0000000..414e609',
      '--- /dev/null',
      '+++ b/crlf.txt',
      '@@ -0,0 +1,2 @@',
      '+l1',
      '+l2',
      'diff --git a/gone.py b/gone.py',
      'deleted file mode 100644',
      'index 10ae772..0000000',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
      'diff --git a/img.bin b/img.bin',
      'deleted file mode 100644',
      'index ef2caff..0000000',
      'Binary files a/img.bin and /dev/null differ',
      'diff --git a/logo.png b/logo.png',
      'new file mode 100644',
      'index 0000000..ef2caff',
      'Binary files /dev/null and b/logo.png differ',
      'diff --git a/new.txt b/new2.txt',
      'similarity index 77%',
      'rename from new.txt',
      'rename to new2.txt',
      'index 0ff3bbb..fbe0253 100644',
      '--- a/new.txt',
      '+++ b/new2.txt',
      '@@ -4,3 +4,3 @@',
      ' 6',
      '-7',
      '+seven',
      ' 8',
      'diff --git a/old.txt b/new.txt',
      'similarity index 100%',
      'rename from old.txt',
      'rename to new.txt',
      'diff --git a/old.txt b/copy.txt',
      'similarity index 60%',
      'copy from old.txt',
      'copy to copy.txt',
      'index 0ff3bbb..10adcaf 100644',
      '--- a/old.txt',
      '+++ b/copy.txt',
      '@@ -20 +20,2 @@',
      ' 20',
      '+21',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    );
    const files = parseUnifiedDiff(text);
    assert.deepEqual(
      files.map((f) => ({
        path: f.path,
        old: f.oldPath,
        change: f.change,
        binary: f.binary,
        lines: f.addedLines,
      })),
      [
        { path: 'crlf.txt', old: undefined, change: 'added', binary: false, lines: [1, 2] },
        { path: 'gone.py', old: undefined, change: 'deleted', binary: false, lines: [] },
        { path: 'img.bin', old: undefined, change: 'deleted', binary: true, lines: [] },
        { path: 'logo.png', old: undefined, change: 'added', binary: true, lines: [] },
        { path: 'new2.txt', old: 'new.txt', change: 'renamed', binary: false, lines: [5] },
        { path: 'new.txt', old: 'old.txt', change: 'renamed', binary: false, lines: [] },
        { path: 'copy.txt', old: 'old.txt', change: 'copied', binary: false, lines: [21] },
        { path: 'run.sh', old: undefined, change: 'modified', binary: false, lines: [] },
      ],
    );
    // Only files that add lines are left for coverage; deleted ones contribute nothing.
    assert.deepEqual(Object.fromEntries(addedLinesByPath(files)), {
      'crlf.txt': [1, 2],
      'new2.txt': [5],
      'copy.txt': [21],
    });
  });

  test('GIT binary patch data is skipped up to the next file', () => {
    const text = diff(
      'diff --git a/img.bin b/img.bin',
      'index 8352675d67aed6625ece79af41c27fdb4ee2e867..ef2caffcda6e1bd757164a29c6f81be03d172fd5 100644',
      'GIT binary patch',
      'literal 4',
      'LcmZQzWM%;X01*HQ',
      '',
      'literal 3',
      'KcmZQzWC8#H2LJ>B',
      '',
      'diff --git a/my file.txt b/my file.txt',
      'index 587be6b..b77b4eb 100644',
      `--- a/my file.txt${TAB}`,
      `+++ b/my file.txt${TAB}`,
      '@@ -1 +1,2 @@',
      ' x',
      '+y',
    );
    const [binary, spaced] = parseUnifiedDiff(text);
    assert.deepEqual(
      [binary?.path, binary?.binary, binary?.change, binary?.addedLines],
      ['img.bin', true, 'modified', []],
    );
    assert.deepEqual([spaced?.path, spaced?.addedLines], ['my file.txt', [2]]);
  });

  test('quoted paths: octal-escaped UTF-8 (core.quotePath) and C escapes', () => {
    const text = diff(
      'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"',
      'index de98044..a7bc997 100644',
      '--- "a/caf\\303\\251.py"',
      '+++ "b/caf\\303\\251.py"',
      '@@ -1,3 +1,4 @@',
      ' a',
      '-b',
      '+B',
      ' c',
      '+d',
      'diff --git "a/ta\\tb.txt" "b/ta\\tb.txt"',
      'index 8cc35a3..59c86d0 100644',
      '--- "a/ta\\tb.txt"',
      '+++ "b/ta\\tb.txt"',
      '@@ -1 +1,2 @@',
      ' tab',
      '+tab2',
      // Hand-made from git's quote.c rules: quote, backslash, newline; 4-byte UTF-8 (🙂).
      'diff --git "a/q\\"uo\\\\te\\n.md" "b/q\\"uo\\\\te\\n.md"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/q\\"uo\\\\te\\n.md"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git "a/\\360\\237\\231\\202.md" "b/\\360\\237\\231\\202.md"',
      'old mode 100644',
      'new mode 100755',
    );
    const files = parseUnifiedDiff(text);
    assert.deepEqual(
      files.map((f) => [f.path, f.addedLines]),
      [
        ['café.py', [2, 4]],
        ['ta\tb.txt', [2]],
        ['q"uo\\te\n.md', [1]],
        ['🙂.md', []],
      ],
    );
    // core.quotePath=false: the name is written as is, quoted only for specials.
    assert.equal(parsePathToken('"b/caf\u00e9 \\"x\\".py"'), 'b/café "x".py');
    assert.equal(parsePathToken(`b/my file.txt${TAB}`), 'b/my file.txt');
    assert.equal(parsePathToken(`a/x.py${TAB}2024-01-01 10:00:00.000000000 +0100`), 'a/x.py');
  });

  test('--no-prefix, mnemonic prefixes and names with spaces', () => {
    const text = diff(
      'diff --git src/x.ts src/x.ts',
      'index 1..2 100644',
      '--- src/x.ts',
      '+++ src/x.ts',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      // --no-prefix with a folder that happens to be called b
      'diff --git b/y.ts b/y.ts',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/y.ts',
      '@@ -0,0 +1 @@',
      '+y',
      'diff --git new.txt new2.txt',
      'similarity index 77%',
      'rename from new.txt',
      'rename to new2.txt',
      '--- new.txt',
      '+++ new2.txt',
      '@@ -7 +7 @@',
      '-7',
      '+seven',
      // diff.mnemonicPrefix: i/ (index) and w/ (work tree)
      'diff --git i/lib/z.go w/lib/z.go',
      '--- i/lib/z.go',
      '+++ w/lib/z.go',
      '@@ -2 +2,2 @@',
      '-z',
      '+z',
      '+zz',
      // a name with spaces, header only (mode change): the halves of the header
      'diff --git a/dir with space/a b.md b/dir with space/a b.md',
      'old mode 100644',
      'new mode 100755',
    );
    assert.deepEqual(
      parseUnifiedDiff(text).map((f) => f.path),
      ['src/x.ts', 'b/y.ts', 'new2.txt', 'lib/z.go', 'dir with space/a b.md'],
    );
    assert.deepEqual(added(text), {
      'src/x.ts': [1],
      'b/y.ts': [1],
      'new2.txt': [7],
      'lib/z.go': [2, 3],
    });
  });

  test('plain diff -u output (no diff --git lines), several files', () => {
    const text = diff(
      `--- a/one.py${TAB}2024-01-01 10:00:00.000000000 +0100`,
      `+++ b/one.py${TAB}2024-01-02 10:00:00.000000000 +0100`,
      '@@ -1,2 +1,3 @@',
      ' a',
      '+b',
      ' c',
      'diff -u old/two.py new/two.py',
      '--- old/two.py',
      '+++ new/two.py',
      '@@ -5 +5 @@',
      '-x',
      '+y',
      '--- /dev/null',
      '+++ b/three.py',
      '@@ -0,0 +1 @@',
      '+z',
    );
    assert.deepEqual(added(text), { 'one.py': [2], 'new/two.py': [5], 'three.py': [1] });
  });

  test('the same path twice (two diffs concatenated) joins its lines', () => {
    const one = diff('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1,2 @@', ' a', '+b');
    const two = diff('diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -9 +9 @@', '-c', '+d');
    assert.deepEqual(added(two + one), { x: [2, 9] });
  });
});

describe('GitHub pull-request patches', () => {
  // Shapes of `patch` as GET /repos/{owner}/{repo}/pulls/{n}/files returns it: hunks only.
  const PATCH = '@@ -1,2 +1,3 @@\n a\n+b\n c\n@@ -10 +11,2 @@ class X:\n-x\n+y\n+z';

  test('hunks of one file, without a trailing newline', () => {
    assert.deepEqual(parsePullRequestPatch('src/a.py', PATCH, 'modified'), {
      path: 'src/a.py',
      change: 'modified',
      binary: false,
      addedLines: [2, 11, 12],
      linesUnknown: false,
      warnings: [],
    });
    assert.deepEqual(
      parsePullRequestPatch('src/a.py', PATCH.replace(/\n/g, '\r\n')).addedLines,
      [2, 11, 12],
    );
  });

  test('status, previous filename, and a patch GitHub left out', () => {
    const created = parsePullRequestPatch('n.ts', '@@ -0,0 +1,2 @@\n+a\n+b');
    assert.deepEqual([created.change, created.addedLines], ['added', [1, 2]]);
    const removed = parsePullRequestPatch('r.ts', '@@ -1,2 +0,0 @@\n-a\n-b');
    assert.deepEqual([removed.change, removed.addedLines], ['deleted', []]);
    const renamed = parsePullRequestPatch('b/new.ts', '@@ -3 +3 @@\n-a\n+b', 'renamed', 'old.ts');
    assert.deepEqual(
      [renamed.path, renamed.oldPath, renamed.change, renamed.addedLines],
      ['b/new.ts', 'old.ts', 'renamed', [3]],
    );
    const large = parsePullRequestPatch('big.json', undefined, 'modified');
    assert.deepEqual([large.linesUnknown, large.addedLines], [true, []]);
    assert.equal(parsePullRequestPatch('gone.ts', undefined, 'removed').linesUnknown, false);
    assert.equal(
      parsePullRequestPatch('moved.ts', undefined, 'renamed', 'was.ts').linesUnknown,
      false,
    );
  });

  test('a patch content line starting with +++ is still a line of the hunk', () => {
    const file = parsePullRequestPatch('c.md', '@@ -1,2 +1,2 @@\n--- a\n+++ b\n ctx');
    assert.deepEqual(file.addedLines, [1]);
    assert.throws(() => parsePullRequestPatch('c.md', '@@ -1,x +1 @@\n+a'), ParseError);
  });
});
