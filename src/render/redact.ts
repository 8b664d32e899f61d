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
