import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { MaskWatcher } from '../../src/runner/mask-watcher.js';

test('output passes through unchanged; masked values are noted, split anywhere', async () => {
  const text =
    'building\n::add-mask::first-secret\r\nok ::add-mask::  second secret  \n::add-mask::last';
  for (const size of [1, 3, 7, text.length]) {
    const destination = new PassThrough();
    const received: Buffer[] = [];
    destination.on('data', (chunk: Buffer) => received.push(chunk));
    const masked = new Set<string>();
    const watcher = new MaskWatcher(destination, masked);
    for (let at = 0; at < text.length; at += size) watcher.write(text.slice(at, at + size));
    await new Promise((done) => watcher.end(done));
    assert.equal(Buffer.concat(received).toString(), text, `chunks of ${size}`);
    assert.deepEqual([...masked], ['first-secret', 'second secret', 'last'], `chunks of ${size}`);
  }
});
