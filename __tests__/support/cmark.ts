import { execFileSync, spawnSync } from 'node:child_process';

/** GitHub's Markdown renderer (Debian package cmark-gfm), when this machine has it. */
export const cmarkGfm: string | undefined = (() => {
  const found = spawnSync('cmark-gfm', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? 'cmark-gfm' : undefined;
})();

export const CMARK_MISSING =
  'cmark-gfm is not installed (apt-get install cmark-gfm); scripts/test-tools.sh installs it';

/**
 * Renders Markdown as GitHub does: GFM extensions on, and raw HTML passed through (GitHub keeps
 * <details> and <summary>), so that anything a test name smuggles in would show up.
 */
export function renderGfm(markdown: string): string {
  return execFileSync(
    cmarkGfm ?? 'cmark-gfm',
    [
      '--unsafe',
      '-e',
      'table',
      '-e',
      'strikethrough',
      '-e',
      'autolink',
      '-e',
      'tagfilter',
      '--to',
      'html',
    ],
    { input: markdown, encoding: 'utf8' },
  );
}
