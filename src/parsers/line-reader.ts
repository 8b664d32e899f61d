/** A reader of a line-oriented format: text goes in by write(), the result comes out of end(). */
export interface LineReader<T> {
  write(chunk: string): void;
  end(): T;
}

/**
 * Cuts text fed in chunks of any size into lines (a line may span chunks) and hands each, without
 * its `\n` and numbered from 1, to onLine. end() hands over a last line that had no `\n`.
 */
export class LineSplitter {
  readonly #onLine: (raw: string, lineNumber: number) => void;
  #partial = '';
  #lineNumber = 0;

  constructor(onLine: (raw: string, lineNumber: number) => void) {
    this.#onLine = onLine;
  }

  /** Feeds text in chunks of any size; a line may span chunks. */
  write(chunk: string): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, end);
      this.#onLine(this.#partial === '' ? piece : this.#partial + piece, ++this.#lineNumber);
      this.#partial = '';
      start = end + 1;
    }
    this.#partial += chunk.slice(start);
  }

  /** Hands over the last line when the text did not end with `\n`. */
  end(): void {
    if (this.#partial !== '') this.#onLine(this.#partial, ++this.#lineNumber);
    this.#partial = '';
  }
}

/** Reads a whole text with a fresh reader. */
export function readText<T>(reader: LineReader<T>, source: string): T {
  reader.write(source);
  return reader.end();
}

/** The same from chunks of text: the file is never held whole. */
export async function readChunks<T>(
  reader: LineReader<T>,
  chunks: AsyncIterable<string>,
): Promise<T> {
  for await (const chunk of chunks) reader.write(chunk);
  return reader.end();
}
