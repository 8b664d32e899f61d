import type { RunReport } from '../model/run.js';
import type { TestAttempt, TestCase } from '../model/tests.js';

/** Credentials inside URLs, as failing database tests print them: scheme://user:secret@host. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi;

export const REDACTED = '***';

/** Removes every known secret and every password inside a URL from text that will be published. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const known = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let result = text;
    for (const secret of known) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    // A URL with credentials has an @ in it: most texts need no regular expression at all.
    return result.includes('@') ? result.replace(URL_CREDENTIALS, `$1:${REDACTED}@`) : result;
  };
}

/**
 * The report with every text that could hold a secret redacted, for the Markdown surfaces:
 * redacting their finished text is not enough, because escaping changes how a secret is
 * written (`pa_ss*word` becomes `pa\_ss\*word`, which GitHub shows as the secret again).
 */
export function redactReport(report: RunReport, redact: (text: string) => string): RunReport {
  const optional = (text: string | undefined) => (text === undefined ? undefined : redact(text));
  // A test is copied only when redaction changes one of its texts: 100,000 tests mostly hold
  // nothing to redact, and copying them all costs time and memory for nothing.
  const attempt = <T extends TestAttempt>(test: T): T => {
    const message = optional(test.message);
    const details = optional(test.details);
    const output = optional(test.output);
    return message === test.message && details === test.details && output === test.output
      ? test
      : { ...test, message, details, output };
  };
  const testCase = (test: TestCase): TestCase => {
    const name = redact(test.name);
    const suite = redact(test.suite);
    const texts = attempt(test);
    const retries = test.retries.length > 0 ? test.retries.map(attempt) : test.retries;
    const same =
      name === test.name &&
      suite === test.suite &&
      texts === test &&
      retries.every((retry, index) => retry === test.retries[index]);
    return same ? test : { ...texts, name, suite, retries };
  };
  return {
    ...report,
    name: redact(report.name),
    problems: report.problems.map(redact),
    command: report.command && { ...report.command, command: redact(report.command.command) },
    services: report.services.map((service) => ({
      ...service,
      reason: optional(service.reason),
      endpoint: service.endpoint && { ...service.endpoint, url: optional(service.endpoint.url) },
    })),
    tests: report.tests.map(testCase),
    inputFiles: report.inputFiles.map((file) => ({ ...file, reason: optional(file.reason) })),
    coverage: report.coverage && {
      ...report.coverage,
      changedLinesNote: optional(report.coverage.changedLinesNote),
      changedLinesCaveat: optional(report.coverage.changedLinesCaveat),
    },
  };
}
