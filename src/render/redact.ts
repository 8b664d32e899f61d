import type { RunReport } from '../model/run.js';
import type { TestAttempt } from '../model/tests.js';

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
  const attempt = <T extends TestAttempt>(test: T): T => ({
    ...test,
    message: optional(test.message),
    details: optional(test.details),
    output: optional(test.output),
  });
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
    tests: report.tests.map((test) => ({
      ...attempt(test),
      name: redact(test.name),
      suite: redact(test.suite),
      retries: test.retries.map(attempt),
    })),
    inputFiles: report.inputFiles.map((file) => ({ ...file, reason: optional(file.reason) })),
    coverage: report.coverage && {
      ...report.coverage,
      changedLinesNote: optional(report.coverage.changedLinesNote),
      changedLinesCaveat: optional(report.coverage.changedLinesCaveat),
    },
  };
}
