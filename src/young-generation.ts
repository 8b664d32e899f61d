/**
 * Keeps V8's young generation small, imported first by the main step so that it holds before
 * the reports are read. V8 doubles the young generation each time most of it survives a
 * collection, and everything a report reader keeps survives: reading the 100,000-test bench
 * report grew it to 64 MiB, a third of the step's peak memory, for no gain in time. A runner
 * starts `node` with no flags, so the flag is set here, at run time; V8 reads the growth
 * factor at each collection (unlike the size limits, which it reads only at start-up).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
