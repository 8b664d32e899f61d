/**
 * Escaping helpers, one per target: Markdown text, HTML text, fenced code, link targets and
 * workflow commands. Everything a test run reports (names, messages, output, paths) is
 * untrusted: a pull request writes its own test names.
 *
 * Mentions: GitHub links `@name` in the rendered HTML's text, after Markdown, so a backslash
 * (`\@`) or an entity (`&#64;`) does not stop a ping: both become a plain `@` before GitHub looks.
 * What does is a character between `@` and the name that the reader does not see: U+2060 WORD
 * JOINER (invisible, and unlike a zero-width space it adds no line-break opportunity). Inside
 * code blocks GitHub links no mention, so code is left as it was written.
 */
const WORD_JOINER = '\u2060';

/** A character as `%` and its UTF-16 code unit in hex (two digits at least). */
export const percentEncoded = (char: string) =>
  `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Untrusted text as one line of GitHub Markdown, safe in a paragraph, a heading, a list item or
 * a table cell, at the start of a line too: no raw HTML, no emphasis, links or autolinks the
 * author did not mean, no math, no @mention pings, and no broken table cells.
 */
export function escapeMarkdown(text: string): string {
  return escapeLineStart(escapeInline(oneLine(text)));
}

/**
 * Like escapeMarkdown, but code spans written with single backticks stay code (the action's
 * own sentences quote inputs and commands so): text in a code span is shown as written, and
 * GitHub links no mention inside code. When the backticks do not pair up, or a span holds a
 * `|` (which would end a table cell), everything is escaped.
 */
export function escapeMarkdownKeepingCode(text: string): string {
  const parts = oneLine(text).split('`');
  const code = parts.filter((_, i) => i % 2 === 1);
  if (parts.length % 2 === 0 || code.some((span) => span.trim() === '' || span.includes('|'))) {
    return escapeMarkdown(text);
  }
  return escapeLineStart(
    parts.map((part, i) => (i % 2 === 1 ? `\`${part}\`` : escapeInline(part))).join(''),
  );
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function escapeInline(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]|~$]/g, (char) => `\\${char}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@/g, `@${WORD_JOINER}`)
      // The autolink extension links `http://...`, `www.` and e-mail addresses (the @ above).
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

/** What would open a block at the start of a line: a heading, a list, a setext underline. */
function escapeLineStart(text: string): string {
  return text.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Untrusted text inside a fenced code block: the fence is made longer than any backtick run in
 * the text, so the text can never close it (a `~~~` line cannot close a backtick fence).
 */
export function fencedBlock(text: string): string {
  let longestRun = 0;
  for (const run of text.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/**
 * Untrusted text inside HTML (such as a `<summary>` line, where Markdown is not read): as one
 * line, so that it cannot end the HTML block either.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A URL as the target of a Markdown link `[text](target)`: nothing in it can end the link. */
export function linkTarget(url: string): string {
  return url.replace(/[\s()<>\\]/g, percentEncoded);
}

/** One path segment of a URL: encodeURIComponent, parentheses and quotes included. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, percentEncoded);
}

/** A repository path for a URL: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodePathSegment).join('/');
}

/** The message of a workflow command (`::error ...::<message>`), as @actions/core escapes it. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (`title=<value>`), as @actions/core escapes it. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
