/**
 * GitHub's size limits and fitting a rendering to them: cutting one text, and choosing the
 * fullest of several renderings that fits. Pure.
 */

/** A job summary (`GITHUB_STEP_SUMMARY`) may hold 1 MiB, counted in bytes of UTF-8. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** An issue or pull-request comment body may hold 65,536 characters (UTF-16 code units). */
export const COMMENT_LIMIT_CHARS = 65_536;
/** Room the publisher keeps for the hidden marker line it puts before a comment's body. */
export const COMMENT_MARKER_CHARS = 200;
/** Each text field of a Checks API annotation (`message`, `raw_details`): 64 KiB. */
export const CHECKS_FIELD_BYTES = 64 * 1024;
/** An annotation's `title`: 255 characters. */
export const CHECKS_TITLE_CHARS = 255;

/** How large a text may be, in the unit its destination counts. */
export interface Budget {
  readonly limit: number;
  readonly measure: (text: string) => number;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function utf16Units(text: string): number {
  return text.length;
}

const ELLIPSIS = '…';

/**
 * The text in at most `max` UTF-16 code units, an ellipsis marking the cut: its start kept
 * (`head`) or its end (`tail`, for output, where the last lines tell most). Never splits a
 * surrogate pair.
 */
export function cutText(text: string, max: number, keep: 'head' | 'tail' = 'head'): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const room = max - ELLIPSIS.length;
  if (keep === 'head') {
    const end = isHighSurrogate(text.charCodeAt(room - 1)) ? room - 1 : room;
    return text.slice(0, end) + ELLIPSIS;
  }
  let start = text.length - room;
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  return ELLIPSIS + text.slice(start);
}

/** The text in at most `maxBytes` bytes of UTF-8, an ellipsis marking the cut. */
export function cutToBytes(text: string, maxBytes: number): string {
  // No UTF-16 code unit takes more than 3 bytes of UTF-8 (a surrogate pair takes 4 for 2).
  if (text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, maxBytes - utf8Bytes(ELLIPSIS));
  // Back to the first byte of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Blocks of Markdown (a paragraph, a table, a fence, a whole `<details>` element) as a document. */
export function joinBlocks(blocks: readonly string[]): string {
  return blocks.filter((block) => block !== '').join('\n\n') + '\n';
}

/**
 * The first rendering, from the fullest step to the barest, that fits the budget. A rendering is
 * a list of whole blocks, so that when even the barest step does not fit, blocks are dropped
 * from its end (and `cutNote` is put in their place): the cut never falls inside a fence, a
 * table or a `<details>` element, and the Markdown stays valid.
 */
export function fitInSteps<Step>(
  steps: readonly Step[],
  render: (step: Step, index: number) => readonly string[],
  budget: Budget,
  cutNote: string,
): string {
  let blocks: readonly string[] = [];
  for (const [index, step] of steps.entries()) {
    blocks = render(step, index);
    const markdown = joinBlocks(blocks);
    if (budget.measure(markdown) <= budget.limit) return markdown;
  }
  const kept: string[] = [];
  // Both measures add up over concatenation; each block costs itself and a blank line.
  let size = budget.measure(cutNote) + 1;
  for (const block of blocks.filter((b) => b !== '')) {
    const cost = budget.measure(block) + 2;
    if (size + cost > budget.limit) break;
    kept.push(block);
    size += cost;
  }
  return joinBlocks([...kept, cutNote]);
}
