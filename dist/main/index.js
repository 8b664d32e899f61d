import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/main.ts
/**
 * The action's main step starts here and runs `run.ts` (bundled as dist/run) in a worker thread,
 * for one reason: a worker's young generation can be capped. V8 grows the main thread's to
 * 64 MiB while a large report is read (everything kept survives a collection, and survival is
 * what makes it grow), and a runner's `node` takes no flags; capped at 8 MiB, the 100,000-test
 * bench report peaks at ~150 MiB instead of ~215 MiB, in the same time.
 *
 * The runner cancels with SIGINT, then SIGTERM: signals reach only this thread, so they are
 * passed on to the worker, once each, as before (a second one ends the process).
 */


const YOUNG_GENERATION_MB = 8;
const script = external_node_path_default().join(external_node_path_default().dirname(process.argv[1]), '..', 'run', 'index.js');
const worker = new external_node_worker_threads_namespaceObject.Worker(script, {
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => worker.postMessage({ signal }));
}
worker.on('error', (error) => {
    // An error the worker did not handle: fail the step the way @actions/core would.
    process.stdout.write(`::error::Unexpected error: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
});
worker.on('exit', (code) => {
    if (code !== 0)
        process.exitCode = code;
});

