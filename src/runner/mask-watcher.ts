import { Writable } from 'node:stream';

const ADD_MASK = '::add-mask::';

/**
 * Passes the command's output through unchanged and notes every value it masks with
 * `::add-mask::` (a test suite masking a password it generated, say): the runner hides those
 * in the log, and the report must not publish them either.
 */
export class MaskWatcher extends Writable {
  readonly #destination: NodeJS.WritableStream;
  readonly #masked: Set<string>;
  #partial = '';

  constructor(destination: NodeJS.WritableStream, masked: Set<string>) {
    super();
    this.#destination = destination;
    this.#masked = masked;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = this.#partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.#partial = (lines.pop() ?? '').slice(-64 * 1024);
    for (const line of lines) this.#note(line);
    if (this.#destination.write(chunk)) done();
    else this.#destination.once('drain', done);
  }

  override _final(done: () => void): void {
    this.#note(this.#partial);
    done();
  }

  #note(line: string): void {
    const at = line.indexOf(ADD_MASK);
    if (at === -1) return;
    const value = line
      .slice(at + ADD_MASK.length)
      .replace(/\r$/, '')
      .trim();
    if (value !== '') this.#masked.add(value);
  }
}
