// Bundles each entry with ncc into dist/<entry>/index.js (ESM), with the licences of every
// bundled package in dist/<entry>/licenses.txt, replacing what was there, so that a fresh build
// of a clean checkout leaves `git status` clean.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeLicenses } from './licenses.mjs';

// dist/undici is undici alone, which dist/main loads when it first calls an API
// (src/vendor/undici-location.ts).
const entries = { main: 'src/main.ts', post: 'src/post.ts', undici: 'src/vendor/undici.cjs' };
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
    refuseUnresolvedRequires(`dist/${name}`);
  }
} finally {
  rmSync(statsDirectory, { recursive: true, force: true });
}

/**
 * ncc turns a `require` it cannot resolve into `eval("require")(...)`, which fails only when
 * that code runs, in the bundle: the build fails instead.
 */
function refuseUnresolvedRequires(directory) {
  for (const file of readdirSync(directory).filter((name) => /\.c?js$/.test(name))) {
    const found = /eval\("require"\)\("([^"]+)"\)/.exec(
      readFileSync(path.join(directory, file), 'utf8'),
    );
    if (found) throw new Error(`${directory}/${file}: ncc could not resolve "${found[1]}"`);
  }
}
