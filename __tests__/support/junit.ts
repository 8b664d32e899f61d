/** Small JUnit documents with known counts, written by test commands. */

export interface JunitCase {
  readonly name: string;
  readonly classname?: string;
  readonly time?: number;
  readonly outcome?: 'passed' | 'failure' | 'error' | 'skipped';
  readonly message?: string;
  readonly body?: string;
  readonly file?: string;
  readonly line?: number;
  /** Surefire's earlier failed attempts of a test that passed in the end. */
  readonly flakyFailures?: number;
}

export function junitXml(suiteName: string, cases: readonly JunitCase[]): string {
  const esc = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const time = cases.reduce((sum, c) => sum + (c.time ?? 0), 0);
  const count = (outcome: JunitCase['outcome']) =>
    cases.filter((c) => c.outcome === outcome).length;
  const body = cases
    .map((c) => {
      const attrs = [
        `name="${esc(c.name)}"`,
        `classname="${esc(c.classname ?? suiteName)}"`,
        `time="${c.time ?? 0}"`,
        c.file ? `file="${esc(c.file)}"` : '',
        c.line ? `line="${c.line}"` : '',
      ].filter(Boolean);
      const inner: string[] = [];
      const message = c.message ? ` message="${esc(c.message)}"` : '';
      if (c.outcome === 'failure')
        inner.push(`<failure${message} type="AssertionError">${esc(c.body ?? '')}</failure>`);
      if (c.outcome === 'error')
        inner.push(`<error${message} type="RuntimeError">${esc(c.body ?? '')}</error>`);
      if (c.outcome === 'skipped') inner.push(`<skipped${message}/>`);
      for (let i = 0; i < (c.flakyFailures ?? 0); i++) {
        inner.push(
          `<flakyFailure message="attempt ${i + 1} failed" type="AssertionError"><stackTrace>at x</stackTrace></flakyFailure>`,
        );
      }
      return `    <testcase ${attrs.join(' ')}>${inner.join('')}</testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites time="${time}">
  <testsuite name="${esc(suiteName)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${time}">
${body}
  </testsuite>
</testsuites>
`;
}
