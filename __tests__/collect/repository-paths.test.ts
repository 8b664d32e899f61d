import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createReportedPathResolver, RepositoryPaths } from '../../src/collect/repository-paths.js';

const FILES = [
  'src/app/user.ts',
  'src/app/user.test.ts',
  'packages/api/src/user.test.ts',
  'tests/test_api.py',
  'service/src/test/java/com/acme/FooTest.java',
  'README.md',
];

test('paths written elsewhere map to the repository file by the longest suffix', () => {
  const paths = new RepositoryPaths(FILES);
  const cases: [string, string | undefined][] = [
    ['src/app/user.ts', 'src/app/user.ts'],
    ['./src/app/user.ts', 'src/app/user.ts'],
    ['/home/runner/work/octo-app/octo-app/tests/test_api.py', 'tests/test_api.py'],
    ['/app/tests/test_api.py', 'tests/test_api.py'],
    ['C:\\a\\octo-app\\src\\app\\user.ts', 'src/app/user.ts'],
    ['file:///builds/x/packages/api/src/user.test.ts', 'packages/api/src/user.test.ts'],
    ['/ci/src/app/user.test.ts', 'src/app/user.test.ts'],
    ['com/acme/FooTest.java', 'service/src/test/java/com/acme/FooTest.java'],
    ['FooTest.java', 'service/src/test/java/com/acme/FooTest.java'],
    // Two files end in src/user.test.ts... no: only packages/api has src/user.test.ts; but
    // a bare user.test.ts matches two equally well: no guess.
    ['user.test.ts', undefined],
    ['lib/missing.ts', undefined],
    ['', undefined],
  ];
  for (const [reported, expected] of cases) {
    assert.equal(paths.resolve(reported), expected, reported);
  }
});

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/reports');
const JAVA = path.join(CORPUS, 'dorny__test-reporter/__tests__/fixtures/external/java/files.txt');

test(
  "dorny's Java sample: the class's path maps into the module that holds it",
  { skip: existsSync(JAVA) ? false : '../shared/corpus is absent' },
  () => {
    const files = readFileSync(JAVA, 'utf8').split('\n').filter(Boolean);
    const paths = new RepositoryPaths(files);
    // dorny's snapshot (java-junit.test.ts.snap) expects this path for the failure at
    // org.apache.pulsar.AddMissingPatchVersionTest (AddMissingPatchVersionTest.java:29).
    assert.equal(
      paths.resolve('org/apache/pulsar/AddMissingPatchVersionTest.java'),
      'pulsar-common/src/test/java/org/apache/pulsar/AddMissingPatchVersionTest.java',
    );
    assert.ok(paths.size > 5000);
  },
);

test('a reported path is tried under the report roots, then the working directory, then as written', () => {
  const paths = new RepositoryPaths([
    'svc/lib/util.py',
    'svc/app/util.py',
    'app/util.py',
    'web/src/main.ts',
  ]);
  const resolve = createReportedPathResolver(paths, 'svc');
  // A root the report names wins over the working directory.
  assert.equal(resolve('util.py', ['/home/runner/work/x/x/svc/lib']), 'svc/lib/util.py');
  // No root matches: relative to the working directory, where the tool ran.
  assert.equal(resolve('app/util.py', ['--source']), 'svc/app/util.py');
  // Absolute paths, POSIX or Windows, are matched as written, never under a root.
  assert.equal(resolve('/ci/lib/util.py', ['svc/app']), 'svc/lib/util.py');
  assert.equal(resolve('C:\\build\\web\\src\\main.ts', ['svc']), 'web/src/main.ts');
  assert.equal(resolve('nowhere.py'), undefined);
});
