import { open } from 'node:fs/promises';

/** Larger files are refused by name rather than risking the runner's memory. */
export const MAX_REPORT_BYTES = 512 * 1024 * 1024;
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
    const utf16 = hasUtf16Bom(bytes);
    return { head: decode(bytes), binary: !utf16 && bytes.includes(0) };
  } finally {
    await handle.close();
  }
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  // TextDecoder drops a UTF-8 BOM by itself.
  return new TextDecoder('utf-8').decode(bytes);
}
