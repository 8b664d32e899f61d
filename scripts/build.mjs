// Bundles each entry with ncc into dist/<entry>/index.js (ESM), with the licences of every
// bundled package in dist/<entry>/licenses.txt, replacing what was there, so that a fresh build
// of a clean checkout leaves `git status` clean.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeLicenses } from './licenses.mjs';

const entries = { main: 'src/main.ts', post: 'src/post.ts' };
rmSync('dist', { recursive: true, force: true });
const statsDirectory = mkdtempSync(path.join(tmpdir(), 'ncc-stats-'));
try {
  for (const [name, source] of Object.entries(entries)) {
    const stats = path.join(statsDirectory, `${name}.json`);
    execFileSync(
      'ncc',
      ['build', source, '--out', `dist/${name}`, '--target', 'es2024', '--stats-out', stats],
      // ncc type-checks with tsconfig.json (src/ only): a type error fails the build. Not
      // --transpile-only: without the whole program, TypeScript emits CommonJS for NodeNext.
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    writeLicenses(stats, `dist/${name}/licenses.txt`);
  }
} finally {
  rmSync(statsDirectory, { recursive: true, force: true });
}
