/** What became of each file the action looked at: reported by name, never dropped silently. */
export type InputFileStatus =
  /** Read and parsed. */
  | 'parsed'
  /** Could not be read or parsed; `reason` says why. */
  | 'error'
  /** Older than the command: written by an earlier run, so not counted. */
  | 'stale'
  /** Found by the automatic globs but not in a format the action reads. */
  | 'ignored';

export interface InputFile {
  /** Path relative to the working directory, with forward slashes. */
  readonly path: string;
  readonly kind: 'results' | 'coverage';
  readonly status: InputFileStatus;
  readonly format?: string;
  readonly reason?: string;
  readonly bytes?: number;
}
