/**
 * `npm run bench`: runs every bench/*.bench.ts one after another (never side by side: they would
 * measure each other), passing the same arguments to each, then prints a summary.
 *
 *   npm run bench                 every benchmark, its default rounds
 *   npm run bench -- --rounds 5   the same arguments go to every benchmark
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const args = process.argv.slice(2);

const files = (await readdir(HERE)).filter((name) => name.endsWith('.bench.ts')).sort();
if (files.length === 0) {
  console.error('No bench/*.bench.ts found.');
  process.exit(1);
}

/** The benchmark now running, so a signal reaches it (once) and it can remove what it started. */
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => current?.kill(signal));
}

const results = [];
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n=== ${name} (${path.join('bench', file)}) ===`);
  results.push({ name, ...(await runBenchmark(file)) });
}

console.log('\n=== summary ===');
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) {
  const status =
    r.code === 0
      ? r.skipped
        ? `skipped: ${r.skipped}`
        : 'ok'
      : `FAILED (${r.signal ?? `exit ${r.code}`})`;
  const where = r.results ? `  -> ${r.results}` : '';
  console.log(
    `  ${r.name.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(7)} s  ${status}${where}`,
  );
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);

/**
 * One benchmark in a process of its own (the Node running this script, with tsx), in a process
 * group of its own: a terminal's Ctrl-C then reaches it once, forwarded from here, rather than
 * also killing the docker commands it is waiting on. Its output is shown as it comes and read
 * for the "skipped:" and "results:" lines the summary quotes.
 */
function runBenchmark(file) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, file), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    current = child;
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    const finish = (code, signal) => {
      current = undefined;
      resolve({
        code: code ?? 1,
        signal: signal ?? undefined,
        ms: performance.now() - started,
        skipped: /^skipped: (.*)$/m.exec(output)?.[1],
        results: /^results: (.*)$/m.exec(output)?.[1],
      });
    };
    child.on('error', (error) => {
      console.error(`${file}: ${error.message}`);
      finish(1);
    });
    child.on('close', finish);
  });
}
