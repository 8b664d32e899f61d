/**
 * The action's main step starts here and runs `run.ts` (bundled as dist/run) in a worker thread,
 * for one reason: a worker's young generation can be capped. V8 grows the main thread's to
 * 64 MiB while a large report is read (everything kept survives a collection, and survival is
 * what makes it grow), and a runner's `node` takes no flags; capped at 8 MiB, the 100,000-test
 * bench report peaks at ~150 MiB instead of ~215 MiB, in the same time.
 *
 * The runner cancels with SIGINT, then SIGTERM: signals reach only this thread, so they are
 * passed on to the worker, once each, as before (a second one ends the process).
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';

const YOUNG_GENERATION_MB = 8;

const script = path.join(path.dirname(process.argv[1]!), '..', 'run', 'index.js');
const worker = new Worker(script, {
  resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => worker.postMessage({ signal }));
}
worker.on('error', (error) => {
  // An error the worker did not handle: fail the step the way @actions/core would.
  process.stdout.write(`::error::Unexpected error: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
worker.on('exit', (code) => {
  if (code !== 0) process.exitCode = code;
});
