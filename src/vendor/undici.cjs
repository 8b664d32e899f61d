'use strict';
// undici on its own, bundled as dist/undici (scripts/build.mjs): lazy-undici.cjs loads it on
// first use, so that the main bundle does not carry its ~900 kB of code at every start.
module.exports = require('../../node_modules/undici/index.js');
