import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Read whole, a file takes about twice its size in memory (a string, then a tree): beyond this, it is refused by name rather than risking the runner's memory. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
/** Streamed, the text is never held, but every test it lists is: the limit is the model's. */
export const MAX_STREAMED_BYTES = 768 * 1024 * 1024;
/**
 * Read from disk synchronously into one buffer: an asynchronous read is a round trip to libuv's
 * thread pool during which the parser waits (~100 ms idle over a 25 MB report), and there is
 * nothing else for the step to do meanwhile.
 */
const CHUNK_BYTES = 256 * 1024;
/**
 * Decoded in small ones, each an ordinary young-generation string: Node hands text decoded from
 * about 1 MiB on over as an external string, which only a full collection frees (measured: 35
 * MiB more peak memory on a 25 MB report).
 */
const DECODE_BYTES = 64 * 1024;
const HEAD_BYTES = 4096;

/** A report file's text, decoded by its byte-order mark (UTF-8 when it has none). */
export async function readReportText(absolutePath: string): Promise<string> {
  const handle = await open(absolutePath, 'r');
  try {
    const buffer = await handle.readFile();
    return decode(buffer);
  } finally {
    await handle.close();
  }
}

/** The first few KiB, decoded, for format detection without reading a huge file whole. */
export async function readReportHead(
  absolutePath: string,
): Promise<{ head: string; binary: boolean }> {
  const handle = await open(absolutePath, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const utf16 = encodingOf(bytes) !== 'utf-8';
    return { head: decode(bytes), binary: !utf16 && bytes.includes(0) };
  } finally {
    await handle.close();
  }
}

/** The encoding a file's first bytes show by their byte-order mark: UTF-8 when they show none. */
function encodingOf(bytes: Buffer): 'utf-16le' | 'utf-16be' | 'utf-8' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function decode(bytes: Buffer): string {
  // TextDecoder drops the byte-order mark by itself.
  return new TextDecoder(encodingOf(bytes)).decode(bytes);
}

/** The file's text in chunks, decoded by its byte-order mark, never held whole. */
export async function* streamReportText(absolutePath: string): AsyncGenerator<string> {
  const fd = openSync(absolutePath, 'r');
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      // The first read holds the byte-order mark, if any.
      decoder ??= new TextDecoder(encodingOf(buffer.subarray(0, read)));
      for (let start = 0; start < read; start += DECODE_BYTES) {
        const piece = buffer.subarray(start, Math.min(read, start + DECODE_BYTES));
        // `stream: true` keeps a character split across two pieces whole.
        const text = decoder.decode(piece, { stream: true });
        if (text) yield text;
      }
    }
  } finally {
    closeSync(fd);
  }
  const rest = decoder?.decode();
  if (rest) yield rest;
}
