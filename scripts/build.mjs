// Bundles each entry with ncc into dist/<entry>/index.js (ESM),
// replacing what was there, so that a fresh build of a clean checkout leaves `git status` clean.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = { main: 'src/main.ts', run: 'src/run.ts', post: 'src/post.ts' };
rmSync('dist', { recursive: true, force: true });
for (const [name, source] of Object.entries(entries)) {
  execFileSync(
    'ncc',
    ['build', source, '--out', `dist/${name}`, '--license', 'licenses.txt', '--target', 'es2024'],
    // ncc type-checks with tsconfig.json (src/ only): a type error fails the build. Not
    // --transpile-only: without the whole program, TypeScript emits CommonJS for NodeNext.
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
