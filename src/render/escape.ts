/**
 * Untrusted text (test names, messages) for GitHub Markdown: no raw HTML, no emphasis or links
 * the author did not mean, no @mention pings, and no broken table cells.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      // Only what is special inside a line: callers never put this text at a line's start.
      .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@/g, '@\u200b')
      .replace(/\r?\n/g, ' ')
  );
}

/**
 * Untrusted text inside a fenced code block: the fence is made longer than any backtick run in
 * the text, so the text can never close it.
 */
export function fencedBlock(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text.replace(/\r\n/g, '\n')}\n${fence}`;
}

/** Untrusted text inside HTML (such as a `<summary>` line, where Markdown is not read). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/@/g, '@\u200b')
    .replace(/\r?\n/g, ' ');
}
