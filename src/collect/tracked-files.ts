import { execFile } from 'node:child_process';
import { glob } from 'node:fs/promises';

const MAX_FILES = 200_000;

/**
 * The repository's files, relative to `root`: what git tracks when it is a checkout (fast, and
 * what a link on GitHub can point to), else what is on disk, vendored folders left out.
 *
 * `git ls-files` starts at once and runs beside whatever the step does next (reading the
 * reports), and is spawned while the process is still small; the walk of the disk that
 * replaces it outside a checkout happens only when the list is asked for.
 */
export function startListingRepositoryFiles(root: string): () => Promise<string[]> {
  const tracked = new Promise<string[] | undefined>((resolve) => {
    execFile(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: root, maxBuffer: 256 * 1024 * 1024, timeout: 30_000 },
      (error, stdout) => resolve(error ? undefined : stdout.split('\0').filter(Boolean)),
    );
  });
  let listed: Promise<string[]> | undefined;
  return () =>
    (listed ??= tracked.then((files) => (files ? files.slice(0, MAX_FILES) : filesOnDisk(root))));
}

async function filesOnDisk(root: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of glob('**/*', {
    cwd: root,
    exclude: (name) => name === 'node_modules' || name === '.git' || name.endsWith('/node_modules'),
  })) {
    files.push(entry);
    if (files.length >= MAX_FILES) break;
  }
  return files;
}
