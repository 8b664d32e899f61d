'use strict';
/*
 * undici, loaded when first used rather than when the action starts. tsconfig.json's `paths`
 * sends every `undici` import here (@actions/http-client imports it through @actions/core, which
 * only needs it for OIDC tokens), and requiring undici compiles llhttp's WebAssembly at once:
 * ~27 MiB of memory and ~50 ms on every start, also of runs that never call an API. Its code
 * is a bundle of its own (undici-location.ts), which runs without an API call never read.
 * Properties are read through to the real module on use, which is how its importers use it.
 */
const { requireUndici } = require('./undici-location.ts');

let real;
const load = () => (real ??= requireUndici());

module.exports = new Proxy(
  {},
  {
    get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  },
);
