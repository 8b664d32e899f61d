/**
 * Annotations: each failing test at its file and line with its message. A check run carries
 * all of them (50 per request, as the Checks API takes them); workflow commands carry the ten
 * most important (GitHub shows ten errors per step). Pure.
 */

/** One annotation, in the shape of the Checks API's `output.annotations[]`. */
export interface Annotation {
  /** Repository-relative path. */
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: 'failure' | 'warning' | 'notice';
  readonly title: string;
  /** At most 64 KiB, as the Checks API takes it. */
  readonly message: string;
  /** Longer text shown behind "Raw output" (stack trace), at most 64 KiB. */
  readonly rawDetails?: string;
}
