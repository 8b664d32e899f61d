/**
 * Loads undici at run time, from outside the bundle: the bundled action's dist/undici (built
 * from undici.cjs beside dist/main), or, run from source, the package itself. The require
 * comes from `process.getBuiltinModule`, which the bundler does not follow, so undici's code
 * is not copied into the main bundle.
 */
export function requireUndici(): unknown {
  const { createRequire } = process.getBuiltinModule('node:module');
  const require = createRequire(import.meta.url);
  for (const candidate of ['../undici/index.cjs', '../../node_modules/undici/index.js']) {
    try {
      return require(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error('undici is missing: neither dist/undici nor node_modules/undici was found');
}
