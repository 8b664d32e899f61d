/**
 * Sizes V8's young generation for reading large reports, imported first by the main step so
 * that it holds before anything is read. A runner starts `node` without flags, and V8 reads its
 * size limits only at start-up; what it reads at run time is the factor by which it grows the
 * young generation, which it does whenever much of it survives a collection.
 *
 * Left alone, it grows to 64 MiB while a large report is read (everything a reader keeps
 * survives), a third of the step's peak memory. Kept at its initial 1 MiB, it is collected
 * ~350 times on the 100,000-test bench report, costing ~8% of the step's time in collections
 * alone. 4 MiB is the measured middle (bench/parse.bench.ts): V8 is made to grow it there at
 * once, by keeping a few thousand objects alive for a moment, then the growth factor is set to 1.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const YOUNG_SEMI_SPACE_BYTES = 4 * 1024 * 1024;
/** Enough for V8 to grow 1 -> 2 -> 4 MiB (~15,000 are); a bound should it grow otherwise. */
const MAX_SURVIVORS = 60_000;

const semiSpaceBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ??
  YOUNG_SEMI_SPACE_BYTES;

setFlagsFromString('--semi-space-growth-factor=2');
const survivors: object[] = [];
while (semiSpaceBytes() < YOUNG_SEMI_SPACE_BYTES && survivors.length < MAX_SURVIVORS) {
  for (let index = 0; index < 5000; index++) survivors.push({ index });
}
survivors.length = 0;
setFlagsFromString('--semi-space-growth-factor=1');
