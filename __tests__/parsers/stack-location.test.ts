import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locationFromStack, sameFile } from '../../src/parsers/stack-location.js';

describe('locationFromStack', () => {
  test('Java: the frame in the test class, resolved against its package', () => {
    const stack = `java.lang.AssertionError: expected [1.2.1] but found [1.2.0]
\tat org.testng.Assert.fail(Assert.java:99)
\tat org.apache.pulsar.AddMissingPatchVersionTest.testVersionStrings(AddMissingPatchVersionTest.java:29)
\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)`;
    assert.deepEqual(
      locationFromStack(stack, { classname: 'org.apache.pulsar.AddMissingPatchVersionTest' }),
      { file: 'org/apache/pulsar/AddMissingPatchVersionTest.java', line: 29 },
    );
  });

  test('Java: the test method wins over a helper in the same class', () => {
    const stack = `InvalidEmailAddressException: Invalid email address
    at action.surefire.report.email.EmailAddressTest.expectException(EmailAddressTest.java:74)
    at action.surefire.report.email.EmailAddressTest.shouldNotContainInternationalizedHostNames(EmailAddressTest.java:39)`;
    const hints = { classname: 'action.surefire.report.email.EmailAddressTest' };
    assert.equal(locationFromStack(stack, hints)?.line, 74);
    assert.deepEqual(
      locationFromStack(stack, { ...hints, name: 'shouldNotContainInternationalizedHostNames' }),
      { file: 'action/surefire/report/email/EmailAddressTest.java', line: 39 },
    );
    // JUnit 5 parameterized names carry their arguments; the method is what runs.
    assert.equal(
      locationFromStack(stack, {
        ...hints,
        name: 'shouldNotContainInternationalizedHostNames(String)[2]',
      })?.line,
      39,
    );
  });

  test('Kotlin names with spaces, nested classes, module prefixes and classname suffixes', () => {
    const kotlin = `java.lang.AssertionError: unexpected exception type thrown
\tat action.surefire.report.calc.CalcUtilsTest.test error handling(CalcUtilsTest.kt:27)`;
    assert.deepEqual(
      locationFromStack(kotlin, { classname: 'action.surefire.report.calc.CalcUtilsTest' }),
      { file: 'action/surefire/report/calc/CalcUtilsTest.kt', line: 27 },
    );
    const nested = `org.opentest4j.AssertionFailedError: nope
\tat app//org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)
\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1511)
\tat app//com.acme.FooTest$WhenEmpty.rejects(FooTest.java:88)`;
    assert.deepEqual(locationFromStack(nested, { classname: 'com.acme.FooTest$WhenEmpty' }), {
      file: 'com/acme/FooTest.java',
      line: 88,
    });
    // ScaCap's TaskAna report names the class "ListUtilTest(H2)" for a database variant.
    const variant = `java.lang.AssertionError:
\tat pro.taskana.common.api.ListUtilTest.should_Split(ListUtilTest.java:22)`;
    assert.deepEqual(
      locationFromStack(variant, { classname: 'pro.taskana.common.api.ListUtilTest(H2)' }),
      {
        file: 'pro/taskana/common/api/ListUtilTest.java',
        line: 22,
      },
    );
  });

  test('Java without a frame in the test class: the first frame outside the JDK, Android and frameworks', () => {
    const stack = `java.io.FileNotFoundException: No content provider: content://com.xyz/photo.jpg
at android.content.ContentResolver.openTypedAssetFileDescriptor(ContentResolver.java:1969)
at com.acme.media.PhotoLoader.open(PhotoLoader.kt:31)
at org.junit.runners.ParentRunner.run(ParentRunner.java:363)`;
    assert.deepEqual(locationFromStack(stack, { classname: 'com.acme.DummyUtilTest' }), {
      file: 'com/acme/media/PhotoLoader.kt',
      line: 31,
    });
    // Marathon's Android sample: only framework frames, so no place in the project.
    assert.equal(
      locationFromStack(
        'at android.content.ContentResolver.openTypedAssetFileDescriptor(ContentResolver.java:1969)\nat android.app.Instrumentation$InstrumentationThread.run(Instrumentation.java:2205)',
        { classname: 'com.mikepenz.DummyUtilTest' },
      ),
      undefined,
    );
    assert.equal(
      locationFromStack(
        'at org.junit.Assert.fail(Assert.java:89)\nat java.lang.Thread.run(Thread.java:748)',
      ),
      undefined,
    );
  });

  test('pytest: the entry in the test module, not the helper it called', () => {
    const longrepr = `def test_rsh_events(self):
>       self.do_test_rsh_events(3)

test/test_spark.py:821:
_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _
test/helpers.py:852: in do_test_rsh
    self.assertEqual(expected_result, res)
E   AssertionError: 143 != 0`;
    assert.deepEqual(locationFromStack(longrepr, { classname: 'test.test_spark.SparkTests' }), {
      file: 'test/test_spark.py',
      line: 821,
    });
    assert.deepEqual(locationFromStack(longrepr, { file: 'test/helpers.py' }), {
      file: 'test/helpers.py',
      line: 852,
    });
    assert.deepEqual(locationFromStack('tests/test_x.py:12: AssertionError'), {
      file: 'tests/test_x.py',
      line: 12,
    });
  });

  test('Python tracebacks skip the standard library and installed packages', () => {
    const traceback = `Traceback (most recent call last):
  File "/usr/lib/python3.11/unittest/case.py", line 57, in testPartExecutor
  File "/home/ci/.venv/lib/python3.11/site-packages/thing/core.py", line 10, in run
  File "/home/ci/app/tests/test_foo.py", line 183, in test_other_case
    self.assertFalse(True)
AssertionError: True is not false`;
    assert.deepEqual(locationFromStack(traceback), {
      file: '/home/ci/app/tests/test_foo.py',
      line: 183,
    });
    assert.deepEqual(locationFromStack(traceback, { classname: 'tests.test_foo.TestFoo' }), {
      file: '/home/ci/app/tests/test_foo.py',
      line: 183,
    });
  });

  test('JavaScript: V8 frames, file:// URLs, node internals and node_modules skipped', () => {
    const jest = `Error: expect(received).toBe(expected)
    at Object.toBe (/app/node_modules/expect/build/index.js:22:3)
    at Object.<anonymous> (/app/src/x.test.js:10:5)
    at Promise.then.completed (/app/node_modules/jest-circus/build/utils.js:298:28)`;
    assert.deepEqual(locationFromStack(jest), { file: '/app/src/x.test.js', line: 10 });
    const nodeTest = `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
      at TestContext.<anonymous> (file:///tmp/app/sample.test.mjs:7:32)
      at Test.runInAsyncScope (node:async_hooks:206:9)
      at async Promise.all (index 0)`;
    assert.deepEqual(locationFromStack(nodeTest), { file: '/tmp/app/sample.test.mjs', line: 7 });
    assert.deepEqual(locationFromStack('    at C:\\app\\x.spec.ts:3:9'), {
      file: 'C:\\app\\x.spec.ts',
      line: 3,
    });
  });

  test('Go, Rust, C/C++, Playwright, PHP, Ruby and .NET', () => {
    const cases: [string, string, number][] = [
      ['=== RUN   TestSum\n    sum_test.go:42: got 3, want 4', 'sum_test.go', 42],
      [
        "thread 'test_failure' panicked at tests/parry3d.rs:154:5:\nassertion failed",
        'tests/parry3d.rs',
        154,
      ],
      [
        'FAILED:\n  REQUIRE( v == 1 )\nat /__w/futures/test/unit/is_constant.cpp:19',
        '/__w/futures/test/unit/is_constant.cpp',
        19,
      ],
      [
        'false == something.loadXml(xml_string)\nFile: /dumm/core/tests/testFailure.cpp\nLine: 77',
        '/dumm/core/tests/testFailure.cpp',
        77,
      ],
      ['[chromium] › libs/foo.spec.ts:38:5 › Test suite failure', 'libs/foo.spec.ts', 38],
      [
        '#0 /home/runner/work/repo/src/Paren.php(123): run()',
        '/home/runner/work/repo/src/Paren.php',
        123,
      ],
      ["./spec/models/user_spec.rb:12:in `block (2 levels)'", './spec/models/user_spec.rb', 12],
      [
        '   at Acme.Tests.CalcTests.Adds() in /src/Acme.Tests/CalcTests.cs:line 42',
        '/src/Acme.Tests/CalcTests.cs',
        42,
      ],
    ];
    for (const [text, file, line] of cases) {
      assert.deepEqual(locationFromStack(text), { file, line }, text);
    }
  });

  test('a class hint never picks a runtime frame that happens to share its name', () => {
    const stack = `    at Test.run (node:internal/test_runner/test:796:25)
    at TestContext.<anonymous> (/tmp/app/sample.test.mjs:8:12)`;
    assert.deepEqual(locationFromStack(stack, { classname: 'test' }), {
      file: '/tmp/app/sample.test.mjs',
      line: 8,
    });
  });

  test('a known test file limits the answer to frames in that file', () => {
    const stack = `    at helper (/app/src/helpers.js:3:9)
    at Context.<anonymous> (/app/test/simple-test.js:15:29)`;
    assert.deepEqual(locationFromStack(stack, { file: 'test/simple-test.js' }), {
      file: '/app/test/simple-test.js',
      line: 15,
    });
    assert.equal(locationFromStack(stack, { file: 'test/other-test.js' }), undefined);
  });

  test('text without a place, host:port and empty input give nothing', () => {
    assert.equal(locationFromStack(undefined), undefined);
    assert.equal(locationFromStack(''), undefined);
    assert.equal(locationFromStack('connect ECONNREFUSED example.com:8080'), undefined);
    assert.equal(locationFromStack('at test.failsTestFive(Unknown Source)'), undefined);
    assert.equal(locationFromStack('expected:<42> but was:<43>'), undefined);
  });
});

test('sameFile compares spellings of one path', () => {
  assert.ok(sameFile('src/test/java/com/acme/FooTest.java', 'com/acme/FooTest.java'));
  assert.ok(sameFile('FooTest.java', 'com/acme/FooTest.java'));
  assert.ok(sameFile('./tests/x.py', 'tests/x.py'));
  assert.ok(sameFile('file:///home/ci/tests/x.py', 'tests/x.py'));
  assert.ok(sameFile('C:\\repo\\src\\Win.php', 'src/Win.php'));
  assert.ok(!sameFile('tests/x.py', 'tests/y.py'));
  assert.ok(!sameFile('ax.py', 'x.py'));
  assert.ok(!sameFile('', 'x.py'));
});
