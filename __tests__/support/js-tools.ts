import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './action-runner.js';

/**
 * Where a JavaScript test tool (jest, vitest, mocha) is: the repository's node_modules, the
 * tools folder scripts/test-tools.sh fills (.tmp/js-tools), $JS_TEST_TOOLS, or PATH.
 */
export function findTool(name: string): string | undefined {
  const dirs = [
    path.join(PROJECT_ROOT, 'node_modules', '.bin'),
    path.join(PROJECT_ROOT, '.tmp', 'js-tools', 'node_modules', '.bin'),
    ...(process.env.JS_TEST_TOOLS
      ? [path.join(process.env.JS_TEST_TOOLS, 'node_modules', '.bin')]
      : []),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ];
  return dirs.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}
