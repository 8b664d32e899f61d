import { open, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceOutcome } from '../services/service.js';

/** The end of a log is what explains a failure: beyond this, only the end is kept. */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

/**
 * Copies each service's log into `directory` as `<service>.log`, redacted, keeping the last
 * 8 MiB of a longer one: the artifact and the HTML report hold these copies, never the raw
 * logs. Returns each copy's path and text; a log that cannot be read is left out.
 */
export async function writeRedactedServiceLogs(
  services: readonly ServiceOutcome[],
  directory: string,
  redact: (text: string) => string,
): Promise<{ service: string; file: string; text: string }[]> {
  const written: { service: string; file: string; text: string }[] = [];
  for (const service of services) {
    if (!service.logFile) continue;
    const text = await readTail(service.logFile).catch(() => undefined);
    if (text === undefined) continue;
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, `${service.name.replace(/[^\w.-]+/g, '-')}.log`);
    const redacted = redact(text);
    await writeFile(file, redacted);
    written.push({ service: service.name, file, text: redacted });
  }
  return written;
}

async function readTail(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - MAX_LOG_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start > 0
      ? `[the first ${start} bytes are left out]\n${text.slice(text.indexOf('\n') + 1)}`
      : text;
  } finally {
    await handle.close();
  }
}
