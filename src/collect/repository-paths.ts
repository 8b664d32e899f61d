/**
 * Maps a path as a report wrote it (absolute, on another machine or in a container, Windows,
 * or just a file name) to a file of the repository, by the longest unambiguous suffix match
 * against the repository's tracked files. Pure: the file list is passed in.
 */
export class RepositoryPaths {
  /** Tracked files by their last path segment, for a cheap first cut. */
  readonly #byBasename = new Map<string, string[]>();
  readonly #files: ReadonlySet<string>;

  constructor(files: readonly string[]) {
    this.#files = new Set(files.map(normalize));
    for (const file of this.#files) {
      const base = file.slice(file.lastIndexOf('/') + 1);
      const list = this.#byBasename.get(base);
      if (list) list.push(file);
      else this.#byBasename.set(base, [file]);
    }
  }

  get size(): number {
    return this.#files.size;
  }

  /**
   * The repository-relative path, or undefined when no tracked file ends with the path's file
   * name, or when several match equally well (a guess would link the wrong file).
   */
  resolve(reported: string): string | undefined {
    const path = normalize(reported);
    if (path === '') return undefined;
    if (this.#files.has(path)) return path;
    const segments = path.split('/');
    const candidates = this.#byBasename.get(segments[segments.length - 1]!);
    if (!candidates) return undefined;
    if (candidates.length === 1) return candidates[0];
    let best: string | undefined;
    let bestScore = 0;
    let tie = false;
    for (const candidate of candidates) {
      const score = sharedSuffixSegments(segments, candidate.split('/'));
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) {
        tie = true;
      }
    }
    return tie ? undefined : best;
  }
}

function sharedSuffixSegments(a: readonly string[], b: readonly string[]): number {
  let count = 0;
  while (
    count < a.length &&
    count < b.length &&
    a[a.length - 1 - count] === b[b.length - 1 - count]
  ) {
    count++;
  }
  return count;
}

/**
 * Resolves paths as a tool wrote them, memoized: a relative one is tried under each of `roots`
 * (the report's own source roots, e.g. Cobertura's `<source>`), then under `base` (the working
 * directory relative to the repository, where the tool ran), then as written.
 */
export function createReportedPathResolver(
  paths: RepositoryPaths,
  base: string,
): (reported: string, roots?: readonly string[]) => string | undefined {
  const cache = new Map<string, string | undefined>();
  const resolveOne = (candidate: string) => {
    if (!cache.has(candidate)) cache.set(candidate, paths.resolve(candidate));
    return cache.get(candidate);
  };
  return (reported, roots = []) => {
    const relative = !isAbsolutePath(reported);
    const candidates = [
      ...(relative ? roots.map((root) => joinPath(root, reported)) : []),
      ...(relative && base ? [`${base}/${reported}`] : []),
      reported,
    ];
    for (const candidate of candidates) {
      const found = resolveOne(candidate);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

/** Absolute on any machine a report may come from: POSIX, a Windows drive or a UNC share. */
function isAbsolutePath(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}

function joinPath(root: string, file: string): string {
  const trimmed = root.replace(/[\\/]+$/, '');
  return trimmed === '' || trimmed === '.' ? file : `${trimmed}/${file}`;
}

/** Forward slashes, no drive letter, no `./` or leading `/`, no `..` climbing out. */
function normalize(path: string): string {
  return path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^file:\/\//, '')
    .replace(/^[A-Za-z]:\//, '')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
}
