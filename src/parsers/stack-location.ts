/**
 * Where a failure happened, read from the stack trace or failure text a test tool wrote, for
 * reports that do not name the test's file and line. Paths are kept as the stack writes them
 * (absolute, relative, or a Java package path); mapping them to repository paths is done later.
 */

export interface StackLocation {
  readonly file: string;
  readonly line: number;
}

export interface StackHints {
  /**
   * The test's class or module as the report names it (`com.acme.FooTest`,
   * `tests.test_api.TestLogin`): a frame in that class or module wins over the first frame.
   */
  readonly classname?: string;
  /** The test's file, when the report names it: then only frames in that file count. */
  readonly file?: string;
  /** The test's name: among frames in its class or file, the one in the test method wins. */
  readonly name?: string;
}

interface Frame extends StackLocation {
  /** The function, where the frame names it (Java, Kotlin, Python tracebacks). */
  readonly method?: string;
  /** Frames inside runtimes, test frameworks and installed packages are never the answer. */
  readonly library: boolean;
}

// Extensions of source files a `path:line` may name in free text (pytest, Go, Rust, C, PHP…).
// A list rather than any extension, so `example.com:8080` is not read as a file.
const SOURCE_EXTENSIONS =
  'py|pyx|js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte|java|kt|kts|scala|groovy|go|rs|c|cc|cpp|cxx|h|hh|hpp|hxx|m|mm|swift|cs|fs|vb|php|phpt|rb|ex|exs|erl|dart|lua|pl|pm|t|r|jl|clj|cljs|zig|nim|sh|bats|feature|robot';

/** `at com.acme.FooTest.bar(FooTest.java:42)`, with an optional module or loader prefix. */
const JAVA_FRAME =
  /^\s*at\s+(?:[\w.$@-]+\/+)?((?:[\w$]+\.)*[\w$]+)\.([^\s(.][^(]*)\(([^():\s]+\.[A-Za-z]\w*):(\d+)\)/;
/** .NET: `at Acme.FooTests.Bar() in /src/FooTests.cs:line 42`. */
const DOTNET_FRAME = /^\s*at\s+(\S.*?)\s+in\s+(.+?):line\s+(\d+)\s*$/;
/** V8: `at fn (/app/x.test.js:10:5)`, `at /app/x.test.js:10:5`, `at fn (file:///app/x.mjs:1:2)`. */
const JS_FRAME = /^\s*at\s+(?:.*?\()?(?:file:\/\/)?([^\s()][^()]*?):(\d+):\d+\)?\s*$/;
/** CPython traceback: `File "/app/tests/test_x.py", line 12, in test_y`. */
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (\S+))?/;
/** PHP: `#0 /app/src/Foo.php(123): bar()`, `at C:\app\Foo.php(88)`: found by its tail. */
const PHP_TAIL = /[\w-]\.(?:php|phpt|inc)\((\d+)\)/;
/**
 * Free text: `tests/test_x.py:12: AssertionError`, `x_test.go:42: want 1`, `at src/a.rs:3:5`,
 * found by its `.ext:line` tail and then read back to where the path starts, so a long line
 * costs one pass rather than one per starting position.
 */
const PATH_LINE_TAIL = new RegExp(`[\\w-]\\.(?:${SOURCE_EXTENSIONS}):(\\d+)(?![\\w.])`);
/** Characters a path is read back over: not spaces, quotes, brackets or colons. */
const PATH_CHAR = /[^\s:()<>"'`[\]]/;
/** CUnit: `File: /src/tests/x.cpp` then `Line: 77`. */
const CUNIT_FILE = /^\s*File:\s*(\S+)\s*$/;
const CUNIT_LINE = /^\s*Line:\s*(\d+)\s*$/;

const JAVA_LIBRARY =
  /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.codehaus\.groovy|org\.junit|junit|org\.testng|org\.hamcrest|org\.assertj|org\.opentest4j|org\.mockito|org\.gradle|worker\.org\.gradle|org\.apache\.maven|org\.spockframework|org\.scalatest|org\.jetbrains|android|androidx|dalvik|com\.android)\./;
const PATH_LIBRARY =
  /(?:^|[\\/])(?:node_modules|site-packages|dist-packages|_pytest|pluggy|vendor)[\\/]|^node:|^internal[\\/]|^<|[\\/]lib[\\/]python\d|[\\/]go[\\/]src[\\/](?:runtime|testing)[\\/]|[\\/]go[\\/]pkg[\\/]mod[\\/]/;
const DOTNET_LIBRARY = /^(?:System|Microsoft|NUnit|Xunit|NSubstitute|Moq|FluentAssertions)\./;

/**
 * The most useful `file:line` in a failure text: a frame in the test's own file (when given), else
 * in the test's class or module, else the first frame outside runtimes, frameworks and installed
 * packages. Undefined when the text names no such place.
 */
export function locationFromStack(
  text: string | undefined,
  hints: StackHints = {},
): StackLocation | undefined {
  if (!text) return undefined;
  // With the test's file known, only lines naming that file's base name can hold an answer: the
  // others are not run through the frame patterns (a long Java trace is mostly library frames).
  const frames = readFrames(text, hints.file === undefined ? undefined : baseName(hints.file));
  // Among frames in the test's own file or class, the test method's is the one to show: a helper
  // it called sits above it in the trace. `testAdd(int)[1]` and `testAdd[1]` run method `testAdd`.
  const method = hints.name?.replace(/[([].*$/s, '').trim();
  const best = (candidates: readonly Frame[]) =>
    candidates.find((frame) => method && frame.method === method) ?? candidates[0];
  const pick = (frame: Frame | undefined) =>
    frame ? { file: frame.file, line: frame.line } : undefined;
  if (hints.file !== undefined) {
    const file = hints.file;
    return pick(best(frames.filter((frame) => sameFile(frame.file, file))));
  }
  const classPath = hints.classname ? classSegments(hints.classname) : [];
  const inClass = frames.filter(
    (frame) => classPath.length > 0 && !frame.library && pathMatchesClass(frame.file, classPath),
  );
  return pick(best(inClass) ?? frames.find((frame) => !frame.library));
}

/**
 * Whether two spellings of a path name the same file: equal once separators and `./` or
 * `file://` prefixes are set aside, or one is the other's tail (`FooTest.java` and
 * `src/test/java/com/acme/FooTest.java`; `/home/ci/app/tests/x.py` and `tests/x.py`).
 */
export function sameFile(a: string, b: string): boolean {
  const left = normalize(a);
  const right = normalize(b);
  if (left === '' || right === '') return false;
  return left === right || left.endsWith(`/${right}`) || right.endsWith(`/${left}`);
}

/** Frames sit in short lines near the top; a runaway message is not read to its end. */
const MAX_LINES = 2000;
const MAX_LINE_CHARS = 500;

function readFrames(text: string, mustContain?: string): Frame[] {
  const frames: Frame[] = [];
  const lines = text.split(/\r?\n/, MAX_LINES).map((line) => line.slice(0, MAX_LINE_CHARS));
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (mustContain !== undefined && !line.includes(mustContain)) continue;
    const frame = readFrame(line) ?? readCunitFrame(line, lines[index + 1]);
    if (frame && frame.line > 0) frames.push(frame);
  }
  return frames;
}

function readFrame(line: string): Frame | undefined {
  const java = JAVA_FRAME.exec(line);
  if (java) {
    const className = java[1]!;
    const packagePath = className.split('.').slice(0, -1).join('/');
    return {
      file: packagePath ? `${packagePath}/${java[3]!}` : java[3]!,
      line: Number(java[4]),
      method: java[2]!.trim(),
      library: JAVA_LIBRARY.test(className),
    };
  }
  const dotnet = DOTNET_FRAME.exec(line);
  if (dotnet) {
    return {
      file: dotnet[2]!,
      line: Number(dotnet[3]),
      library: DOTNET_LIBRARY.test(dotnet[1]!) || PATH_LIBRARY.test(dotnet[2]!),
    };
  }
  const python = PYTHON_FRAME.exec(line);
  if (python) {
    const file = python[1]!;
    return { file, line: Number(python[2]), method: python[3], library: PATH_LIBRARY.test(file) };
  }
  const js = JS_FRAME.exec(line);
  const located = js
    ? { file: js[1]!, line: js[2]! }
    : (readBack(line, PHP_TAIL, '(') ?? readBack(line, PATH_LINE_TAIL, ':'));
  if (located) {
    return {
      file: located.file,
      line: Number(located.line),
      library: PATH_LIBRARY.test(located.file),
    };
  }
  return undefined;
}

/** The path ending where `tail` matches (up to `separator`), read back to its first character. */
function readBack(
  line: string,
  tail: RegExp,
  separator: string,
): { file: string; line: string } | undefined {
  const match = tail.exec(line);
  if (!match) return undefined;
  const end = match.index + match[0].indexOf(separator, 1);
  let start = match.index;
  while (start > 0 && PATH_CHAR.test(line[start - 1]!)) start--;
  // A Windows drive (`C:\repo\x.php`) is the one colon a path may hold.
  if (start >= 2 && /[A-Za-z]:$/.test(line.slice(start - 2, start)) && /[\\/]/.test(line[start]!)) {
    if (start === 2 || !PATH_CHAR.test(line[start - 3]!)) start -= 2;
  }
  return { file: line.slice(start, end), line: match[1]! };
}

function readCunitFrame(line: string, next: string | undefined): Frame | undefined {
  const file = CUNIT_FILE.exec(line);
  const number = file && next !== undefined ? CUNIT_LINE.exec(next) : null;
  if (!file || !number) return undefined;
  return { file: file[1]!, line: Number(number[1]), library: PATH_LIBRARY.test(file[1]!) };
}

/** `com.acme.FooTest$Inner(H2)` → [com, acme, FooTest]: the path a class or module lives at. */
function classSegments(classname: string): string[] {
  const bare = classname.replace(/[([].*$/s, '').trim();
  if (bare === '' || /\s/.test(bare)) return [];
  return bare
    .split(/[./\\]|::/)
    .map((segment) => segment.replace(/\$.*$/, ''))
    .filter((segment) => segment !== '');
}

/** True when the file's path ends with a leading part of the class path: tests/test_x.py ~ tests.test_x.TestY. */
function pathMatchesClass(file: string, classPath: readonly string[]): boolean {
  const segments = normalize(file)
    .replace(/\.[^./]+$/, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.');
  for (let size = Math.min(segments.length, classPath.length); size >= 1; size--) {
    const tail = segments.slice(segments.length - size);
    if (tail.every((segment, index) => segment === classPath[index])) return true;
  }
  return false;
}

function baseName(path: string): string {
  const normalized = normalize(path);
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

function normalize(path: string): string {
  return path
    .trim()
    .replace(/^file:\/\//, '')
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '');
}
