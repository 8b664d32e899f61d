import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 20770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(20218);


/***/ }),

/***/ 20218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(69278);
var tls = __nccwpck_require__(64756);
var http = __nccwpck_require__(58611);
var https = __nccwpck_require__(65692);
var events = __nccwpck_require__(24434);
var assert = __nccwpck_require__(42613);
var util = __nccwpck_require__(39023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 56963:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bu: () => (/* binding */ twoDecimals),
/* harmony export */   ZO: () => (/* binding */ namedTotals),
/* harmony export */   pR: () => (/* binding */ percentOf)
/* harmony export */ });
/**
 * The one coverage model every coverage parser produces. Coverage is kept as counts per file and
 * line, so several reports merge by counts (a line covered in any report is covered), never by
 * averaging percentages. Plain readonly data.
 */
/** The totals a format counts, named, in the order every report lists them. */
function namedTotals(totals) {
    const named = [
        ['Lines', totals.lines],
        ['Branches', totals.branches],
        ['Functions', totals.functions],
        ['Statements', totals.statements],
    ];
    return named.filter((row) => row[1] !== undefined);
}
/** Percent covered, undefined when nothing is coverable. */
function percentOf(counts) {
    if (!counts || counts.total <= 0)
        return undefined;
    return (100 * counts.covered) / counts.total;
}
/**
 * A percentage with two decimals, cut rather than rounded, so 79.999 never shows as a passing
 * 80.00; undefined when unknown.
 */
function twoDecimals(percent) {
    return percent === undefined ? undefined : (Math.floor(percent * 100) / 100).toFixed(2);
}


/***/ }),

/***/ 87206:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ messageOf)
/* harmony export */ });
/** What went wrong, for a message: an Error's message, else whatever was thrown as text. */
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 56092:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   jf: () => (/* binding */ concludeRun),
/* harmony export */   l9: () => (/* binding */ formatPercent)
/* harmony export */ });
/* unused harmony export plural */
/* harmony import */ var _coverage_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(56963);

/** The run's conclusion and its reasons, as the interface's `fail-on: failures` defines them. */
function concludeRun(input) {
    const problems = [];
    const { command, totals } = input;
    const cancelled = input.cancelled || command?.cancelled;
    if (input.servicesError)
        problems.push(input.servicesError);
    for (const service of input.services ?? []) {
        if (service.status !== 'healthy') {
            problems.push(`Service "${service.name}" (${service.image}): ${service.reason ?? 'did not start'}.`);
        }
    }
    if (cancelled)
        problems.push(`The run was cancelled${command ? ' while the command ran' : ''}.`);
    else if (command?.timedOut) {
        problems.push(`The command timed out after ${formatDuration(command.timeoutMs ?? command.durationMs)}.`);
    }
    else if (command && command.exitCode !== 0) {
        problems.push(`The command exited with code ${command.exitCode}.`);
    }
    if (totals.failed > 0)
        problems.push(`${plural(totals.failed, 'test')} failed.`);
    if (totals.errored > 0)
        problems.push(`${plural(totals.errored, 'test')} errored.`);
    const counted = input.inputFiles.filter((f) => f.kind === 'results' && f.status !== 'stale' && f.status !== 'ignored');
    if (input.resultsRequired && counted.length === 0) {
        const stale = input.inputFiles.filter((f) => f.kind === 'results' && f.status === 'stale').length;
        problems.push(stale > 0
            ? `No result file was written by the command (${plural(stale, 'older file')} ignored as stale).`
            : 'No result file matched the `results` globs.');
    }
    problems.push(...coverageProblems(input));
    const conclusion = cancelled
        ? 'cancelled'
        : command?.timedOut
            ? 'timed_out'
            : problems.length > 0
                ? 'failure'
                : 'success';
    return { conclusion, problems };
}
/** Thresholds missed, and a threshold set with no coverage to hold it against. */
function coverageProblems(input) {
    const { coverage, coverageThreshold, diffCoverageThreshold } = input;
    if (coverageThreshold === undefined && diffCoverageThreshold === undefined)
        return [];
    if (!coverage) {
        const inputs = [
            coverageThreshold !== undefined ? '`coverage-threshold`' : '',
            diffCoverageThreshold !== undefined ? '`diff-coverage-threshold`' : '',
        ].filter(Boolean);
        return [
            `${inputs.join(' and ')} ${inputs.length > 1 ? 'are' : 'is'} set, but no coverage file was read.`,
        ];
    }
    const problems = [];
    const lines = (0,_coverage_js__WEBPACK_IMPORTED_MODULE_0__/* .percentOf */ .pR)(coverage.project.totals.lines);
    if (coverageThreshold !== undefined && (lines ?? 0) < coverageThreshold) {
        problems.push(`Line coverage ${formatPercent(lines)} is below the coverage-threshold of ${coverageThreshold}%.`);
    }
    const changed = coverage.changedLines?.diffCoverage;
    if (diffCoverageThreshold !== undefined &&
        changed !== undefined &&
        changed < diffCoverageThreshold) {
        problems.push(`Coverage of the changed lines ${formatPercent(changed)} is below the diff-coverage-threshold of ${diffCoverageThreshold}%.`);
    }
    return problems;
}
/** 72.3456 -> "72.34%" (cut, not rounded: 79.999 never shows as a passing 80.00%). */
function formatPercent(percent) {
    return percent === undefined ? 'n/a' : `${(0,_coverage_js__WEBPACK_IMPORTED_MODULE_0__/* .twoDecimals */ .Bu)(percent)}%`;
}
function plural(count, noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
/** 1500 -> "1.5s", 95000 -> "1m 35s". */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${Number((ms / 1000).toFixed(1))}s`;
    const totalSeconds = Math.round(ms / 1000);
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : '']
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 51133:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Wq: () => (/* binding */ connectionContext),
/* harmony export */   nV: () => (/* binding */ serviceVariables)
/* harmony export */ });
/* unused harmony export variablePrefix */
/** `<NAME>` of the variables: upper-cased, every other character than letters and digits `_`. */
function variablePrefix(name) {
    return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
function connectionContext(spec, endpoint) {
    return {
        host: endpoint.host,
        port: (containerPort) => {
            const port = endpoint.ports[containerPort];
            if (port === undefined)
                throw new Error(`${spec.name}: container port ${containerPort} is not published`);
            return port;
        },
        env: spec.env,
    };
}
/**
 * The variables handed to the command. Every service gets `<NAME>_HOST`, `<NAME>_PORT`,
 * `<NAME>_PORT_<containerPort>` and `<NAME>_URL`; a preset's own variables (DATABASE_URL,
 * PGHOST, REDIS_URL...) are set only when one service of its kind runs, since with two they
 * would say nothing about which.
 */
function serviceVariables(services) {
    const variables = {};
    const countBy = (key) => {
        const counts = new Map();
        for (const service of services) {
            const k = key(service);
            if (k !== undefined)
                counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        return counts;
    };
    const kinds = countBy((s) => s.spec.preset?.kind);
    const families = countBy((s) => s.spec.preset?.family);
    for (const { spec, endpoint } of services) {
        const prefix = variablePrefix(spec.name);
        variables[`${prefix}_HOST`] = endpoint.host;
        const containerPorts = spec.ports.filter((port) => endpoint.ports[port] !== undefined);
        if (containerPorts.length > 0)
            variables[`${prefix}_PORT`] = String(endpoint.ports[containerPorts[0]]);
        for (const port of containerPorts)
            variables[`${prefix}_PORT_${port}`] = String(endpoint.ports[port]);
        if (endpoint.url)
            variables[`${prefix}_URL`] = endpoint.url;
        const preset = spec.preset;
        if (!preset)
            continue;
        const context = connectionContext(spec, endpoint);
        if (kinds.get(preset.kind) === 1)
            Object.assign(variables, preset.variables(context));
        if (preset.family === 'sql' && families.get('sql') === 1 && endpoint.url) {
            variables.DATABASE_URL = endpoint.url;
        }
    }
    return variables;
}


/***/ }),

/***/ 31548:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ DEFAULT_HEALTH_TIMEOUT_MS),
/* harmony export */   q: () => (/* binding */ DEFAULT_HEALTH_INTERVAL_MS)
/* harmony export */ });
const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;
const DEFAULT_HEALTH_INTERVAL_MS = 250;


/***/ }),

/***/ 88575:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ checkLog),
/* harmony export */   F: () => (/* binding */ validateLogPattern)
/* harmony export */ });
/** Compiled once per check; a string is why the pattern cannot be used. */
const compiled = new WeakMap();
/**
 * Why a log pattern cannot be used, or undefined if it can. Patterns are JavaScript regular
 * expressions matched with the `m` flag, so `^` and `$` match at each line of the log.
 */
function validateLogPattern(pattern) {
    let regex;
    try {
        regex = new RegExp(pattern, 'm');
    }
    catch (error) {
        return error.message;
    }
    // It would be "seen" between every two characters, so any log would pass.
    if (regex.test(''))
        return `/${pattern}/ matches an empty string`;
    return undefined;
}
/** Ready once the pattern has appeared `times` times (default 1) in the container's output. */
async function checkLog(probe, check, _attemptTimeoutMs) {
    const regex = compile(check);
    if (typeof regex === 'string') {
        return { ready: false, detail: `invalid pattern: ${regex}`, final: true };
    }
    const log = await probe.readLog();
    const wanted = check.times ?? 1;
    const seen = log.match(regex)?.length ?? 0;
    const pattern = `"${check.pattern}"`;
    if (seen >= wanted) {
        return { ready: true, detail: `${pattern} seen ${seen} of ${wanted} times in the log` };
    }
    return {
        ready: false,
        detail: wanted === 1
            ? `${pattern} not seen in the log yet`
            : `${pattern} seen ${seen} of ${wanted} times in the log`,
    };
}
function compile(check) {
    let regex = compiled.get(check);
    if (regex === undefined) {
        const problem = validateLogPattern(check.pattern);
        regex = problem ?? new RegExp(check.pattern, 'gm');
        compiled.set(check, regex);
    }
    return regex;
}


/***/ }),

/***/ 75894:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.r(__webpack_exports__);
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   requireUndici: () => (/* binding */ requireUndici)
/* harmony export */ });
/**
 * Loads undici at run time, from outside the bundle: the bundled action's dist/undici (built
 * from undici.cjs beside dist/main), or, run from source, the package itself. The require
 * comes from `process.getBuiltinModule`, which the bundler does not follow, so undici's code
 * is not copied into the main bundle.
 */
function requireUndici() {
    const { createRequire } = process.getBuiltinModule('node:module');
    const require = createRequire(import.meta.url);
    for (const candidate of ['../undici/index.cjs', '../../node_modules/undici/index.js']) {
        try {
            return require(candidate);
        }
        catch (error) {
            if (error.code !== 'MODULE_NOT_FOUND')
                throw error;
        }
    }
    throw new Error('undici is missing: neither dist/undici nor node_modules/undici was found');
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 14368:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {


/*
 * undici, loaded when first used rather than when the action starts. tsconfig.json's `paths`
 * sends every `undici` import here (@actions/http-client imports it through @actions/core, which
 * only needs it for OIDC tokens), and requiring undici compiles llhttp's WebAssembly at once:
 * ~27 MiB of memory and ~50 ms on every start, also of runs that never call an API. Its code
 * is a bundle of its own (undici-location.ts), which runs without an API call never read.
 * Properties are read through to the real module on use, which is how its importers use it.
 */
const { requireUndici } = __nccwpck_require__(75894);

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


/***/ }),

/***/ 70819:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ core_debug),
  N4: () => (/* binding */ endGroup),
  z3: () => (/* binding */ error),
  dN: () => (/* binding */ exportVariable),
  V4: () => (/* binding */ getInput),
  pq: () => (/* binding */ info),
  LZ: () => (/* binding */ saveState),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ core_setSecret),
  Oh: () => (/* binding */ startGroup),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, getBooleanInput, getIDToken, getMultilineInput, getState, group, isDebug, markdownSummary, notice, platform, setCommandEcho, summary, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(70857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(76982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(79896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(16928);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __nccwpck_require__(44942);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth = __nccwpck_require__(92145);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return __awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return __awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = (/* unused pure expression or super */ null && (_summary));
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(24434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(42613);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_.dirname(filePath);
                        const upperName = external_path_.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return file_command_issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    command_issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 92145:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   tZ: () => (/* binding */ BearerCredentialHandler)
/* harmony export */ });
/* unused harmony exports BasicCredentialHandler, PersonalAccessTokenCredentialHandler */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map

/***/ }),

/***/ 44942:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qq: () => (/* binding */ HttpClient),
  Hv: () => (/* binding */ HttpCodes)
});

// UNUSED EXPORTS: Headers, HttpClientError, HttpClientResponse, MediaTypes, getProxyUrl, isHttps

// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(58611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(65692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(20770);
// EXTERNAL MODULE: ./src/vendor/lazy-undici.cjs
var lazy_undici = __nccwpck_require__(14368);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new lazy_undici.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
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
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
;// CONCATENATED MODULE: ./src/young-generation.ts
/**
 * Sizes V8's young generation for reading large reports, imported first by the main step so
 * that it holds before anything is read. A runner starts `node` without flags, and V8 reads its
 * size limits only at start-up; what it reads at run time is the factor by which it grows the
 * young generation, which it does whenever much of it survives a collection.
 *
 * Left alone, it grows to 64 MiB while a large report is read (everything a reader keeps
 * survives), a third of the step's peak memory. Kept at its initial 1 MiB, it is collected
 * ~350 times on the 100,000-test bench report, costing ~8% of the step's time in collections
 * alone. 4 MiB is the measured middle (bench/parse.bench.ts): V8 is made to grow it there at
 * once, by keeping a few thousand objects alive for a moment, then the growth factor is set to 1.
 */

const YOUNG_SEMI_SPACE_BYTES = 4 * 1024 * 1024;
/** Enough for V8 to grow 1 -> 2 -> 4 MiB (~15,000 are); a bound should it grow otherwise. */
const MAX_SURVIVORS = 60_000;
const semiSpaceBytes = () => (0,external_node_v8_namespaceObject.getHeapSpaceStatistics)().find((space) => space.space_name === 'new_space')?.space_size ??
    YOUNG_SEMI_SPACE_BYTES;
(0,external_node_v8_namespaceObject.setFlagsFromString)('--semi-space-growth-factor=2');
const survivors = [];
while (semiSpaceBytes() < YOUNG_SEMI_SPACE_BYTES && survivors.length < MAX_SURVIVORS) {
    for (let index = 0; index < 5000; index++)
        survivors.push({ index });
}
survivors.length = 0;
(0,external_node_v8_namespaceObject.setFlagsFromString)('--semi-space-growth-factor=1');

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __nccwpck_require__(70819);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/vendor/on-first-need.ts
/**
 * A library loaded on first need rather than at every start: callers await `load()`, then the
 * synchronous code that uses it calls `get()`, which fails loudly (never as the library's own
 * error, which a caller might tolerate) when nothing loaded it.
 */
function loadedOnFirstNeed(name, importer) {
    let library;
    return {
        load: async () => {
            library ??= await importer();
        },
        get: () => {
            if (library === undefined)
                throw new Error(`${name} is used before it was loaded`);
            return library;
        },
    };
}

;// CONCATENATED MODULE: ./src/vendor/yaml.ts
/**
 * The yaml library, loaded on first need rather than at every start (~290 kB of the bundle):
 * only the `services` input and TAP's YAML diagnostics are read with it, and most runs have
 * neither. Callers await loadYaml() first; yamlParser() then hands the parse function over
 * synchronously, outside any try that tolerates bad YAML.
 */

const yaml = loadedOnFirstNeed('yaml', () => __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 38815, 19)));
const loadYaml = yaml.load;
function yamlParser() {
    const { parse } = yaml.get();
    return (text, options) => parse(text, options);
}

// EXTERNAL MODULE: ./src/services/health.ts
var health = __nccwpck_require__(31548);
;// CONCATENATED MODULE: ./src/services/preset.ts
/**
 * Stands for a password made up for each run: unguessable and distinct, so masking it hides
 * nothing but itself (a password of "postgres" would mask every mention of postgres). Tests
 * read it from the variables the action hands over (PGPASSWORD, DATABASE_URL, ...).
 */
const GENERATED_PASSWORD = '<generated>';
const PRESET_NAMES = [
    'postgres',
    'mysql',
    'mariadb',
    'redis',
    'rabbitmq',
    'mongodb',
    's3',
    'elasticsearch',
    'mailpit',
    'wiremock',
];
/** Builds a URL with `URL`, so user names and passwords are percent-encoded, never pasted. */
function buildUrl(scheme, context, containerPort, options = {}) {
    const url = new URL(`${scheme}://${context.host}:${context.port(containerPort)}`);
    if (options.user)
        url.username = options.user;
    if (options.password)
        url.password = options.password;
    url.pathname = options.path ?? '';
    if (options.search)
        url.search = options.search;
    // http(s) URLs always have a path; clients expect the bare origin (AWS_ENDPOINT_URL=http://h:p).
    const text = url.toString();
    return !options.path && !options.search && text.endsWith('/') ? text.slice(0, -1) : text;
}

;// CONCATENATED MODULE: ./src/services/presets/elasticsearch.ts

const elasticsearch = {
    name: 'elasticsearch',
    kind: 'elasticsearch',
    image: 'elasticsearch:8.19.0',
    ports: [9200],
    env: {
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        ES_JAVA_OPTS: '-Xms512m -Xmx512m',
    },
    health: () => ({
        kind: 'http',
        port: 9200,
        path: '/_cluster/health?wait_for_status=yellow&timeout=1s',
    }),
    secretEnv: ['ELASTIC_PASSWORD'],
    url: (c) => buildUrl('http', c, 9200),
    variables: (c) => ({ ELASTICSEARCH_URL: buildUrl('http', c, 9200) }),
};

;// CONCATENATED MODULE: ./src/services/presets/mailpit.ts

const mailpit = {
    name: 'mailpit',
    kind: 'mailpit',
    image: 'axllent/mailpit:v1.27.0',
    ports: [1025, 8025],
    env: {},
    health: () => ({ kind: 'http', port: 8025, path: '/readyz' }),
    secretEnv: [],
    url: (c) => buildUrl('http', c, 8025),
    variables: (c) => ({
        SMTP_HOST: c.host,
        SMTP_PORT: String(c.port(1025)),
        MAILPIT_URL: buildUrl('http', c, 8025),
    }),
};

;// CONCATENATED MODULE: ./src/services/presets/mysql.ts

/** The MySQL and MariaDB images read MYSQL_*; MariaDB's also MARIADB_*, which win. */
function setting(env, name) {
    return env[`MARIADB_${name}`] || env[`MYSQL_${name}`] || undefined;
}
/** The account tests should use: the created user when there is one, else root. */
function account(env) {
    const user = setting(env, 'USER');
    if (user)
        return { user, password: setting(env, 'PASSWORD') };
    return { user: 'root', password: setting(env, 'ROOT_PASSWORD') };
}
function mysqlUrl(c) {
    const { user, password } = account(c.env);
    const database = setting(c.env, 'DATABASE');
    return buildUrl('mysql', c, 3306, {
        user,
        password,
        path: database ? `/${encodeURIComponent(database)}` : '',
    });
}
/**
 * `admin ping` through TCP (the entrypoints' init-time server has networking off). The
 * credentials are read inside the container from its own environment, so no password is ever
 * part of a command line the action runs or prints.
 */
function pingCommand(tool) {
    const script = 'u="${MARIADB_USER:-${MYSQL_USER:-root}}"; ' +
        'if [ "$u" = root ]; then p="${MARIADB_ROOT_PASSWORD:-$MYSQL_ROOT_PASSWORD}"; ' +
        'else p="${MARIADB_PASSWORD:-$MYSQL_PASSWORD}"; fi; ' +
        `exec ${tool} ping -h 127.0.0.1 -P 3306 -u"$u" \${p:+-p"$p"}`;
    return () => ({ kind: 'cmd', command: ['sh', '-c', script] });
}
const SECRET_ENV = [
    'MYSQL_ROOT_PASSWORD',
    'MYSQL_PASSWORD',
    'MARIADB_ROOT_PASSWORD',
    'MARIADB_PASSWORD',
];
const mysql = {
    name: 'mysql',
    kind: 'mysql',
    image: 'mysql:8.4',
    ports: [3306],
    env: { MYSQL_ROOT_PASSWORD: GENERATED_PASSWORD, MYSQL_DATABASE: 'test' },
    health: pingCommand('mysqladmin'),
    family: 'sql',
    secretEnv: SECRET_ENV,
    url: mysqlUrl,
    variables: (c) => ({ MYSQL_URL: mysqlUrl(c) }),
};

;// CONCATENATED MODULE: ./src/services/presets/mariadb.ts


/** MariaDB speaks MySQL's protocol: the mysql preset with MariaDB's image, variables and tools. */
const mariadb = {
    ...mysql,
    name: 'mariadb',
    kind: 'mysql',
    image: 'mariadb:11.4',
    env: { MARIADB_ROOT_PASSWORD: GENERATED_PASSWORD, MARIADB_DATABASE: 'test' },
    // MariaDB 11 ships mariadb-admin only; 10.x has both names.
    health: pingCommand('mariadb-admin'),
};

;// CONCATENATED MODULE: ./src/services/presets/mongodb.ts

const mongodb = {
    name: 'mongodb',
    kind: 'mongodb',
    image: 'mongo:8.0',
    ports: [27017],
    env: { MONGO_INITDB_ROOT_USERNAME: 'mongo', MONGO_INITDB_ROOT_PASSWORD: GENERATED_PASSWORD },
    // From the runner: the entrypoint's init-time server listens on the container's loopback
    // only, which a published port does not reach, so this passes for the real server alone.
    health: () => ({ kind: 'tcp' }),
    secretEnv: ['MONGO_INITDB_ROOT_PASSWORD'],
    url: (c) => mongoUrl(c),
    variables: (c) => ({ MONGODB_URI: mongoUrl(c) }),
};
function mongoUrl(c) {
    const user = c.env.MONGO_INITDB_ROOT_USERNAME;
    return buildUrl('mongodb', c, 27017, {
        user,
        password: c.env.MONGO_INITDB_ROOT_PASSWORD,
        path: '/',
        search: user ? 'authSource=admin' : '',
    });
}

;// CONCATENATED MODULE: ./src/services/presets/postgres.ts

const user = (env) => env.POSTGRES_USER || 'postgres';
const database = (env) => env.POSTGRES_DB || user(env);
const postgres = {
    name: 'postgres',
    kind: 'postgres',
    image: 'postgres:17',
    ports: [5432],
    env: {
        POSTGRES_USER: 'postgres',
        POSTGRES_PASSWORD: GENERATED_PASSWORD,
        POSTGRES_DB: 'postgres',
    },
    health: (env) => ({
        kind: 'cmd',
        command: ['pg_isready', '-h', '127.0.0.1', '-p', '5432', '-U', user(env), '-d', database(env)],
    }),
    family: 'sql',
    secretEnv: ['POSTGRES_PASSWORD'],
    url: (c) => buildUrl('postgres', c, 5432, {
        user: user(c.env),
        password: c.env.POSTGRES_PASSWORD,
        path: `/${encodeURIComponent(database(c.env))}`,
    }),
    variables: (c) => ({
        PGHOST: c.host,
        PGPORT: String(c.port(5432)),
        PGUSER: user(c.env),
        PGPASSWORD: c.env.POSTGRES_PASSWORD ?? '',
        PGDATABASE: database(c.env),
    }),
};

;// CONCATENATED MODULE: ./src/services/presets/rabbitmq.ts

const rabbitUser = (env) => env.RABBITMQ_DEFAULT_USER || 'guest';
const rabbitmq = {
    name: 'rabbitmq',
    kind: 'rabbitmq',
    image: 'rabbitmq:4-management',
    ports: [5672, 15672],
    // Not guest/guest: RabbitMQ lets `guest` in from localhost only, and published ports are not.
    env: { RABBITMQ_DEFAULT_USER: 'rabbitmq', RABBITMQ_DEFAULT_PASS: GENERATED_PASSWORD },
    // AMQP's listener opens last in RabbitMQ's boot, so a connection it holds means ready; and
    // unlike `rabbitmq-diagnostics` (a new Erlang VM per call, ~0.5 s of CPU) it costs nothing.
    health: () => ({ kind: 'tcp', ports: [5672] }),
    secretEnv: ['RABBITMQ_DEFAULT_PASS'],
    url: (c) => amqpUrl(c),
    variables: (c) => ({ AMQP_URL: amqpUrl(c) }),
};
function amqpUrl(c) {
    return buildUrl('amqp', c, 5672, {
        user: rabbitUser(c.env),
        password: c.env.RABBITMQ_DEFAULT_PASS,
    });
}

;// CONCATENATED MODULE: ./src/services/presets/redis.ts

const redis = {
    name: 'redis',
    kind: 'redis',
    image: 'redis:8',
    ports: [6379],
    env: {},
    // redis-cli exits 0 on error replies too (LOADING while a dump loads): require PONG.
    health: () => ({
        kind: 'cmd',
        command: ['sh', '-c', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'],
    }),
    secretEnv: [],
    url: (c) => buildUrl('redis', c, 6379),
    variables: (c) => ({ REDIS_URL: buildUrl('redis', c, 6379) }),
};

;// CONCATENATED MODULE: ./src/services/presets/s3.ts

/**
 * S3-compatible object storage: RustFS, Apache-2.0 and MinIO-compatible, since MinIO stopped
 * publishing community images (October 2025) and removed them from Docker Hub (September 2026).
 */
const s3 = {
    name: 's3',
    kind: 's3',
    image: 'rustfs/rustfs:1.0.0-rc.6',
    ports: [9000],
    env: { RUSTFS_ACCESS_KEY: 'rustfsadmin', RUSTFS_SECRET_KEY: GENERATED_PASSWORD },
    health: () => ({ kind: 'http', port: 9000, path: '/health' }),
    secretEnv: ['RUSTFS_SECRET_KEY'],
    url: (c) => buildUrl('http', c, 9000),
    variables: (c) => ({
        AWS_ENDPOINT_URL: buildUrl('http', c, 9000),
        AWS_ACCESS_KEY_ID: c.env.RUSTFS_ACCESS_KEY ?? '',
        AWS_SECRET_ACCESS_KEY: c.env.RUSTFS_SECRET_KEY ?? '',
        AWS_REGION: c.env.AWS_REGION || 'us-east-1',
    }),
};

;// CONCATENATED MODULE: ./src/services/presets/wiremock.ts

const wiremock = {
    name: 'wiremock',
    kind: 'wiremock',
    image: 'wiremock/wiremock:3.13.1',
    ports: [8080],
    env: {},
    health: () => ({ kind: 'http', port: 8080, path: '/__admin/health' }),
    secretEnv: [],
    url: (c) => buildUrl('http', c, 8080),
    variables: (c) => ({ WIREMOCK_URL: buildUrl('http', c, 8080) }),
};

;// CONCATENATED MODULE: ./src/services/presets/index.ts










/** Every preset by the name users write; TypeScript makes sure none is missing. */
const PRESETS = {
    postgres: postgres,
    mysql: mysql,
    mariadb: mariadb,
    redis: redis,
    rabbitmq: rabbitmq,
    mongodb: mongodb,
    s3: s3,
    elasticsearch: elasticsearch,
    mailpit: mailpit,
    wiremock: wiremock,
};

// EXTERNAL MODULE: ./src/services/wait/log-check.ts
var log_check = __nccwpck_require__(88575);
;// CONCATENATED MODULE: ./src/config/values.ts
/** Parsers for single input values; every error names the input and what it accepts. */
/** A bad input value: says which input and what it accepts. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** `90s`, `20m`, `1h30m`, `1.5h`, `500ms`. A bare number is refused: seconds or minutes? */
function parseDuration(input, raw) {
    const text = raw.trim().toLowerCase();
    const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
    let total = 0;
    let matched = 0;
    while (matched < text.length) {
        part.lastIndex = matched;
        const found = part.exec(text);
        if (!found)
            break;
        total += Number(found[1]) * DURATION_UNITS_MS[found[2]];
        matched = part.lastIndex;
    }
    if (text === '' || matched !== text.length || total <= 0) {
        throw new InputError(input, `"${raw}" is not a duration; it accepts a positive number with a unit (ms, s, m, h), such as 90s, 20m or 1h30m`);
    }
    return Math.round(total);
}
function parseOptionalDuration(input, raw) {
    return raw.trim() === '' ? undefined : parseDuration(input, raw);
}
/** A whole number of days from 1 to 90 (GitHub's range for artifacts); empty: undefined. */
function parseOptionalDays(input, raw) {
    const text = raw.trim();
    if (text === '')
        return undefined;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= 1 && value <= 90)) {
        throw new InputError(input, `"${raw}" is not a number of days; it accepts a whole number from 1 to 90`);
    }
    return value;
}
/** A percentage from 0 to 100, `%` allowed (`80`, `72.5%`); empty: undefined. */
function parseOptionalPercent(input, raw) {
    const text = raw.trim().replace(/%$/, '').trim();
    if (text === '')
        return undefined;
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (!(value >= 0 && value <= 100)) {
        throw new InputError(input, `"${raw}" is not a percentage; it accepts a number from 0 to 100`);
    }
    return value;
}
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(input, raw, fallback) {
    const text = raw.trim();
    if (text === '')
        return fallback;
    if (TRUE.includes(text))
        return true;
    if (FALSE.includes(text))
        return false;
    throw new InputError(input, `"${raw}" is not a boolean; it accepts true or false`);
}
function parseChoice(input, raw, choices, fallback) {
    const text = raw.trim();
    if (text === '')
        return fallback;
    const found = choices.find((choice) => choice === text.toLowerCase());
    if (found)
        return found;
    throw new InputError(input, `"${raw}" is not one of ${choices.map((c) => `"${c}"`).join(', ')}`);
}
/** One item per line; commas also separate, except inside braces (`**\/*.{xml,json}`). */
function parseList(raw) {
    const items = [];
    for (const line of raw.split(/\r?\n/)) {
        let depth = 0;
        let current = '';
        for (const char of line) {
            if (char === '{')
                depth++;
            else if (char === '}')
                depth = Math.max(0, depth - 1);
            if (char === ',' && depth === 0) {
                items.push(current);
                current = '';
            }
            else {
                current += char;
            }
        }
        items.push(current);
    }
    return items.map((item) => item.trim()).filter((item) => item !== '');
}
/**
 * Splits a command string into arguments as a POSIX shell would (single and double quotes,
 * backslashes), as Compose does for a string `command:`; no expansion of anything.
 */
function splitShellWords(input, raw) {
    const words = [];
    let current = '';
    let inWord = false;
    let quote;
    for (let index = 0; index < raw.length; index++) {
        const char = raw[index];
        if (quote === "'") {
            if (char === "'")
                quote = undefined;
            else
                current += char;
        }
        else if (quote === '"') {
            if (char === '"')
                quote = undefined;
            else if (char === '\\' && index + 1 < raw.length && '"\\$`'.includes(raw[index + 1]))
                current += raw[++index];
            else
                current += char;
        }
        else if (char === "'" || char === '"') {
            quote = char;
            inWord = true;
        }
        else if (char === '\\' && index + 1 < raw.length) {
            current += raw[++index];
            inWord = true;
        }
        else if (/\s/.test(char)) {
            if (inWord)
                words.push(current);
            current = '';
            inWord = false;
        }
        else {
            current += char;
            inWord = true;
        }
    }
    if (quote)
        throw new InputError(input, `${JSON.stringify(raw)} has an unclosed ${quote} quote`);
    if (inWord)
        words.push(current);
    return words;
}

;// CONCATENATED MODULE: ./src/config/services.ts








const INPUT = 'services';
const SERVICE_KEYS = [
    'preset',
    'image',
    'env',
    'ports',
    'command',
    'entrypoint',
    'volumes',
    'options',
    'health',
];
const HEALTH_KINDS = ['cmd', 'http', 'tcp', 'log', 'none'];
/** Names that make a value secret when the user passes it in `env`. */
const SECRET_NAME = /PASS(WORD)?|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY/i;
/**
 * The `services` input: a YAML mapping of service name to settings (or to nothing, for a preset
 * with its defaults). Every error names the service and the setting.
 */
function parseServices(raw, workingDirectory) {
    if (raw.trim() === '')
        return [];
    let document;
    const parseYaml = yamlParser();
    try {
        document = parseYaml(raw);
    }
    catch (error) {
        throw new InputError(INPUT, `is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    if (document === null || document === undefined)
        return [];
    if (!isMapping(document)) {
        throw new InputError(INPUT, 'must be a YAML mapping of service name to settings');
    }
    const names = new Set();
    return Object.entries(document).map(([name, settings]) => {
        if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
            throw new InputError(INPUT, `"${name}" is not a usable service name: letters, digits, "_", "." and "-", starting with a letter or digit`);
        }
        const key = name.toLowerCase();
        if (names.has(key))
            throw new InputError(INPUT, `"${name}" is named twice`);
        names.add(key);
        return parseService(name, settings ?? {}, workingDirectory);
    });
}
function parseService(name, settings, workingDirectory) {
    const where = `service "${name}"`;
    if (!isMapping(settings))
        throw new InputError(INPUT, `${where} must be a mapping of settings`);
    for (const key of Object.keys(settings)) {
        if (!SERVICE_KEYS.includes(key)) {
            throw new InputError(INPUT, `${where}: unknown setting "${key}"; it accepts ${SERVICE_KEYS.join(', ')}`);
        }
    }
    const preset = presetOf(name, settings, where);
    const image = optionalString(settings.image, `${where}: image`) ?? preset?.image;
    if (!image) {
        throw new InputError(INPUT, `${where} needs an image, or a preset (${PRESET_NAMES.join(', ')}) by its name or by "preset:"`);
    }
    const userEnv = stringMap(settings.env, `${where}: env`);
    const env = withGeneratedPasswords({ ...preset?.env, ...userEnv });
    const ports = settings.ports === undefined
        ? [...(preset?.ports ?? [])]
        : portList(settings.ports, `${where}: ports`);
    const health = parseHealth(settings.health, preset, env, ports, where);
    const healthFromImage = !preset && (settings.health === undefined || settings.health === null);
    const secretNames = new Set([
        ...(preset?.secretEnv ?? []),
        ...Object.keys(env).filter((k) => SECRET_NAME.test(k)),
    ]);
    return {
        name,
        preset,
        image,
        env,
        ports,
        command: argv(settings.command, `${where}: command`),
        entrypoint: optionalString(settings.entrypoint, `${where}: entrypoint`),
        volumes: stringList(settings.volumes, `${where}: volumes`).map((v) => resolveVolume(v, workingDirectory)),
        options: stringList(settings.options, `${where}: options`),
        health,
        healthFromImage,
        secrets: [...secretNames].map((k) => env[k]).filter((v) => !!v),
    };
}
function presetOf(name, settings, where) {
    const named = optionalString(settings.preset, `${where}: preset`);
    if (named !== undefined) {
        if (!PRESET_NAMES.includes(named)) {
            throw new InputError(INPUT, `${where}: preset "${named}" does not exist; presets are ${PRESET_NAMES.join(', ')}`);
        }
        return PRESETS[named];
    }
    // A service named like a preset is that preset; its settings override the preset's.
    return PRESET_NAMES.includes(name)
        ? PRESETS[name]
        : undefined;
}
function parseHealth(raw, preset, env, ports, where) {
    // Without a preset the image decides: its HEALTHCHECK, else TCP on every port (resolved
    // once the image is there: see resolveDefaultHealth).
    const fallback = preset ? preset.health(env) : { kind: 'image' };
    const settings = { timeoutMs: health/* DEFAULT_HEALTH_TIMEOUT_MS */.M, intervalMs: health/* DEFAULT_HEALTH_INTERVAL_MS */.q };
    if (raw === undefined || raw === null)
        return { check: fallback, ...settings };
    if (raw === 'none')
        return { check: { kind: 'none' }, ...settings };
    if (!isMapping(raw))
        throw new InputError(INPUT, `${where}: health must be a mapping (cmd, http, tcp, log or none; timeout, interval)`);
    const label = `${where}: health`;
    const kinds = HEALTH_KINDS.filter((kind) => raw[kind] !== undefined);
    for (const key of Object.keys(raw)) {
        if (!HEALTH_KINDS.includes(key) &&
            key !== 'timeout' &&
            key !== 'interval') {
            throw new InputError(INPUT, `${label}: unknown setting "${key}"; it accepts ${HEALTH_KINDS.join(', ')}, timeout, interval`);
        }
    }
    if (kinds.length > 1)
        throw new InputError(INPUT, `${label} names ${kinds.join(' and ')}: choose one`);
    const timeoutMs = raw.timeout === undefined ? settings.timeoutMs : parseDuration(INPUT, String(raw.timeout));
    const intervalMs = raw.interval === undefined ? settings.intervalMs : parseDuration(INPUT, String(raw.interval));
    const kind = kinds[0];
    const check = kind === undefined
        ? fallback
        : kind === 'cmd'
            ? { kind: 'cmd', command: cmdOf(raw.cmd, `${label}.cmd`) }
            : kind === 'http'
                ? httpOf(raw.http, ports, `${label}.http`)
                : kind === 'tcp'
                    ? tcpOf(raw.tcp, `${label}.tcp`)
                    : kind === 'log'
                        ? logOf(raw.log, `${label}.log`)
                        : { kind: 'none' };
    return { check, timeoutMs, intervalMs };
}
/** A string runs through `sh -c` in the container; a list is the command itself. */
function cmdOf(raw, label) {
    if (typeof raw === 'string' && raw.trim() !== '')
        return ['sh', '-c', raw];
    const list = argv(raw, label);
    if (!list || list.length === 0)
        throw new InputError(INPUT, `${label} must be a command string or a list of arguments`);
    return list;
}
function httpOf(raw, ports, label) {
    if (typeof raw === 'string')
        raw = { path: raw };
    if (!isMapping(raw))
        throw new InputError(INPUT, `${label} must be a mapping with port and path`);
    const port = raw.port === undefined ? ports[0] : portNumber(raw.port, `${label}.port`);
    if (port === undefined)
        throw new InputError(INPUT, `${label} needs a port (the service publishes none)`);
    const path = optionalString(raw.path, `${label}.path`) ?? '/';
    const status = raw.status === undefined
        ? undefined
        : (Array.isArray(raw.status) ? raw.status : [raw.status]).map((s) => portNumber(s, `${label}.status`));
    return {
        kind: 'http',
        port,
        path: path.startsWith('/') ? path : `/${path}`,
        ...(status ? { status } : {}),
    };
}
function tcpOf(raw, label) {
    if (raw === true || raw === null)
        return { kind: 'tcp' };
    if (isMapping(raw))
        return raw.ports === undefined
            ? { kind: 'tcp' }
            : { kind: 'tcp', ports: portList(raw.ports, `${label}.ports`) };
    return { kind: 'tcp', ports: portList(raw, label) };
}
function logOf(raw, label) {
    const pattern = typeof raw === 'string' ? raw : isMapping(raw) ? raw.pattern : undefined;
    if (typeof pattern !== 'string' || pattern === '')
        throw new InputError(INPUT, `${label} must be a pattern, or a mapping with pattern and times`);
    const invalid = (0,log_check/* validateLogPattern */.F)(pattern);
    if (invalid) {
        throw new InputError(INPUT, `${label}: "${pattern}" is not a usable pattern: ${invalid}`);
    }
    const times = isMapping(raw) && raw.times !== undefined
        ? positiveInteger(raw.times, `${label}.times`)
        : undefined;
    return { kind: 'log', pattern, ...(times ? { times } : {}) };
}
function resolveVolume(volume, workingDirectory) {
    const [source, ...rest] = volume.split(':');
    // A relative host path (./mocks, mocks/x) is the working directory's; a bare name is a named volume.
    if (source && (source.startsWith('.') || (source.includes('/') && !external_node_path_default().isAbsolute(source)))) {
        return [external_node_path_default().resolve(workingDirectory, source), ...rest].join(':');
    }
    return volume;
}
function isMapping(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function optionalString(value, label) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'string' || typeof value === 'number')
        return String(value);
    throw new InputError(INPUT, `${label} must be a string`);
}
function stringMap(value, label) {
    if (value === undefined || value === null)
        return {};
    if (!isMapping(value))
        throw new InputError(INPUT, `${label} must be a mapping of NAME: value`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
        if (v !== null && typeof v === 'object')
            throw new InputError(INPUT, `${label}.${k} must be a string, number or boolean`);
        return [k, v === null || v === undefined ? '' : String(v)];
    }));
}
function stringList(value, label) {
    if (value === undefined || value === null)
        return [];
    if (typeof value === 'string')
        return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
        return value.map(String);
    throw new InputError(INPUT, `${label} must be a list of strings`);
}
function argv(value, label) {
    if (value === undefined || value === null)
        return undefined;
    if (typeof value === 'string')
        return splitShellWords(INPUT, value);
    return stringList(value, label);
}
function portList(value, label) {
    const list = Array.isArray(value) ? value : [value];
    return list.map((port) => portNumber(port, label));
}
function portNumber(value, label) {
    const port = typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d+$/.test(value)
            ? Number(value)
            : NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new InputError(INPUT, `${label}: "${String(value)}" is not a port number (1-65535)`);
    return port;
}
function positiveInteger(value, label) {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1)
        throw new InputError(INPUT, `${label} must be a whole number of at least 1`);
    return number;
}
function withGeneratedPasswords(env) {
    return Object.fromEntries(Object.entries(env).map(([name, value]) => [
        name,
        value === GENERATED_PASSWORD ? `pw-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}` : value,
    ]));
}

;// CONCATENATED MODULE: ./src/config/config.ts



const COMMENT = ['always', 'on-failure', 'off'];
const FAIL_ON = ['failures', 'never'];
function parseSettings(read, workspace) {
    const workingDirectory = external_node_path_default().resolve(workspace, read('working-directory').trim() || '.');
    const command = read('command');
    const results = parseList(read('results'));
    const coverage = parseList(read('coverage'));
    return {
        command: command.trim() === '' ? undefined : command,
        workspace: external_node_path_default().resolve(workspace),
        workingDirectory,
        timeoutMs: parseOptionalDuration('timeout', read('timeout')),
        results: results.length === 0 ? 'auto' : results,
        coverage: coverage.length === 0 ? 'auto' : coverage,
        coverageThreshold: parseOptionalPercent('coverage-threshold', read('coverage-threshold')),
        diffCoverageThreshold: parseOptionalPercent('diff-coverage-threshold', read('diff-coverage-threshold')),
        name: read('name').trim() || undefined,
        summary: parseBoolean('summary', read('summary'), true),
        comment: parseChoice('comment', read('comment'), COMMENT, 'always'),
        annotations: parseBoolean('annotations', read('annotations'), true),
        artifact: parseBoolean('artifact', read('artifact'), true),
        artifactName: read('artifact-name').trim() || undefined,
        retentionDays: parseOptionalDays('retention-days', read('retention-days')),
        failOn: parseChoice('fail-on', read('fail-on'), FAIL_ON, 'failures'),
        githubToken: read('github-token').trim(),
        services: parseServices(read('services'), workingDirectory),
        composeFiles: parseList(read('compose-file')).map((file) => external_node_path_default().resolve(workingDirectory, file)),
        keepServices: parseBoolean('keep-services', read('keep-services'), false),
    };
}

;// CONCATENATED MODULE: ./src/config/inputs.ts






/** The only place that reads the action's inputs. */
async function readSettings() {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    // The services input is YAML: the library is loaded only by runs that have one.
    if (lib_core/* getInput */.V4('services').trim() !== '')
        await loadYaml();
    const settings = parseSettings((name) => lib_core/* getInput */.V4(name), workspace);
    for (const file of settings.composeFiles) {
        if (!(0,external_node_fs_.existsSync)(file)) {
            const shown = external_node_path_default().relative(settings.workingDirectory, file);
            throw new InputError('compose-file', `"${shown}" does not exist in ${settings.workingDirectory}`);
        }
    }
    return settings;
}

;// CONCATENATED MODULE: ./src/coverage/numbers.ts
/**
 * Hit counts and line numbers as every coverage format keeps them, so that a count or a line a
 * producer writes oddly (`1.2E7`, `0.5`, `-1` from a wrapped gcov counter, 2^64-1, `1e308`) reads
 * the same whichever format it came in. What a format refuses, and how it says so, stays with the
 * format: these helpers only say what a value is worth. Two readings of a count stay apart on
 * purpose: hitsOf takes a stated hit count (negative is 0), parseCount an XML attribute whose
 * absent, blank or negative value the format gives its own meaning (Clover falls back on its
 * condition counts, JaCoCo's instruction counts are counts of instructions, not runs).
 */
/** The largest hit count kept; larger ones (gcov's 2^64-1, `1e30`, `Infinity`) are capped. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;
/** Line numbers are 32-bit ints in every producer (Java, .NET, gcc, coverage.py's C parser). */
const MAX_LINE = 2 ** 31 - 1;
/** A count of 0 or more: fractions round up (a line run "0.5" times stays run), capped. */
function roundedCount(number) {
    return number >= MAX_COUNT ? MAX_COUNT : Math.ceil(number);
}
/** A stated hit count as the model keeps it: negative (a gcov bug) is 0, fractions up, capped. */
function hitsOf(number) {
    return number > 0 ? roundedCount(number) : 0;
}
/** hitsOf for a JSON value: undefined when it is not a number, for the format to refuse. */
function jsonHits(value) {
    return typeof value === 'number' && !Number.isNaN(value) ? hitsOf(value) : undefined;
}
/**
 * A count as XML producers write it in attributes: `12`, `12.0`, `1.2E7`, ` 3 `. Undefined when
 * absent, blank, not a number (`NaN`) or negative, so the format decides what such a value means.
 */
function parseCount(value) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (text === '')
        return undefined;
    const number = Number(text);
    if (Number.isNaN(number) || number < 0)
        return undefined;
    return roundedCount(number);
}
/**
 * A total or covered count a summary states (coverage.py's, Istanbul's): a number from 0 to 2^53,
 * kept as stated (a synthetic summary's fractions too); the format refuses anything else.
 */
function isStatedCount(number) {
    return number !== undefined && number >= 0 && number <= MAX_COUNT;
}
/** Two hit counts added, as runs merge, capped like any count. */
function addHits(a, b) {
    return Math.min(a + b, MAX_COUNT);
}
/** A line number: a whole number from 1 to 2^31-1. */
function isLineNumber(value) {
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}
/** A line number written as text (`12`, `12.0`); undefined for anything else. */
function parseLineNumber(value) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const number = Number(value);
    return isLineNumber(number) ? number : undefined;
}

;// CONCATENATED MODULE: ./src/parsers/parser.ts
/** A file that cannot be read as its format: the pipeline reports it by name and goes on. */
class ParseError extends Error {
    file;
    reason;
    line;
    constructor(file, reason, line) {
        super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
        this.file = file;
        this.reason = reason;
        this.line = line;
        this.name = 'ParseError';
    }
    /** The reason with its line, without the file name (shown beside it). */
    get detail() {
        return this.line === undefined ? this.reason : `line ${this.line}: ${this.reason}`;
    }
}

;// CONCATENATED MODULE: ./src/parsers/xml-stream.ts
/**
 * A streaming XML tokenizer: text goes in as chunks, tags and texts come out as calls, and the
 * document never exists whole. Written for reports of 100,000 tests, where the general-purpose
 * streaming parsers (saxes, htmlparser2, ltx) each took ~250 ms for the 25 MB file of
 * ../shared/bench/gen-junit.py 100000, stepping through a state machine character by character;
 * this one jumps between delimiters with indexOf and reads names and values with charCode
 * loops: ~150 ms on the same file, and a test's kept strings no longer pin chunks of the file.
 *
 * It checks what a report reader needs to trust a file: tags nest and close, attributes are
 * quoted and unique, entities are the five predefined ones or character references, no
 * characters XML forbids, one root. It does not read a DTD: a document that declares entities
 * is the caller's to refuse (the `doctype` event), and an entity it does not know is an error,
 * so neither entity expansion nor external entities can happen.
 */

/**
 * Why a document that declares entities is refused, by every XML reader of the action: nothing
 * in a report needs them, and they are how entity-expansion bombs and external reads get in.
 */
const ENTITIES_REFUSED = 'declares XML entities (<!ENTITY>), which are not read for safety';
/** Whether a DOCTYPE (or a document's head) declares entities. */
function declaresEntities(text) {
    return /<!ENTITY/i.test(text);
}
/**
 * Runs a step of a tokenizer reading the file at `path`, turning its syntax error into that
 * file's ParseError with the line.
 */
function withParseErrors(path, step) {
    try {
        step();
    }
    catch (error) {
        if (error instanceof XmlSyntaxError) {
            throw new ParseError(path, `malformed XML: ${error.message}`, error.line);
        }
        throw error;
    }
}
class XmlSyntaxError extends Error {
    line;
    constructor(message, 
    /** 1-based line of the document where the error is. */
    line) {
        super(message);
        this.line = line;
        this.name = 'XmlSyntaxError';
    }
}
/** Characters XML 1.0 does not allow anywhere in a document. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const [GT, SLASH, EQUALS, QUOTE, APOSTROPHE] = ['>', '/', '=', '"', "'"].map((c) => c.charCodeAt(0));
const PREDEFINED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&([^;&<\s]*);?/g;
/** What a text may end with and still be cut there: not inside `&...;`, nor a `\r` before `\n`. */
const UNSAFE_TAIL = /&[^;]{0,12}$|\r$/;
class XmlTokenizer {
    #events;
    /** Text not yet consumed; it starts at document line #line. */
    #buffer = '';
    #line = 1;
    #open = [];
    #seenRoot = false;
    #ended = false;
    /** Where to resume looking for the end of an incomplete construct, from its start. */
    #resumeAt = -1;
    /** Inside a CDATA section that continues past the buffer. */
    #inCdata = false;
    /** The element names seen so far, each with what its last element held (ElementMemory). */
    #elements = [];
    constructor(events) {
        this.#events = events;
    }
    /** The line the tokenizer is at: for callers that refuse what they were just told. */
    get line() {
        return this.#line;
    }
    write(chunk) {
        if (this.#ended)
            throw new Error('write after end');
        const forbidden = firstForbidden(chunk);
        this.#buffer = this.#buffer === '' ? chunk : this.#buffer + chunk;
        if (forbidden) {
            // Everything before it is read first, so that an earlier error is the one reported.
            const charactersAfter = chunk.length - forbidden.index;
            this.#consume(this.#buffer.length - charactersAfter);
            const code = forbidden.code.toString(16).toUpperCase().padStart(4, '0');
            this.#fail(`disallowed character U+${code}`, this.#buffer.length - charactersAfter);
        }
        this.#consume(this.#buffer.length);
    }
    /** The document is complete: fails when it stops inside a construct or has no root. */
    end() {
        this.#ended = true;
        this.#consume(this.#buffer.length, true);
        const rest = this.#buffer;
        // A tag cut short counts among those left open: it is where the file stops.
        const cutEnd = /^<[^!?/]/.test(rest) ? nameEndAt(rest, 1, rest.length) : 1;
        const cutTag = cutEnd > 1 ? rest.slice(1, cutEnd) : undefined;
        const open = [...this.#open, ...(cutTag ? [cutTag] : [])].map((name) => `<${name}>`);
        if (open.length > 0) {
            this.#fail(`the file ends before ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} closed (truncated?)`, rest.length);
        }
        if (rest.trim() !== '')
            this.#fail('the file ends inside markup (truncated?)', rest.length);
        if (!this.#seenRoot)
            this.#fail('there is no root element', rest.length);
    }
    /** Reads constructs that end before `limit`; keeps an incomplete one for the next chunk. */
    #consume(limit, final = false) {
        const buffer = this.#buffer;
        let index = 0;
        if (this.#inCdata)
            index = this.#cdataBody(buffer, 0, limit);
        while (index < limit && !this.#inCdata) {
            const lt = buffer.indexOf('<', index);
            if (lt === -1 || lt >= limit) {
                index = this.#textUpTo(buffer, index, limit, final);
                break;
            }
            if (lt > index)
                this.#text(buffer, index, lt);
            const next = this.#markup(buffer, lt, limit);
            if (next === -1) {
                index = lt;
                break;
            }
            index = next;
        }
        this.#drop(index);
    }
    /** Text up to `limit` with no markup after it yet: handed on except a tail that may continue. */
    #textUpTo(buffer, start, limit, final) {
        let end = limit;
        if (!final) {
            const tail = UNSAFE_TAIL.exec(buffer.slice(Math.max(start, limit - 13), limit));
            if (tail)
                end = limit - tail[0].length;
        }
        if (end > start)
            this.#text(buffer, start, end);
        return end;
    }
    #text(buffer, start, end) {
        const raw = buffer.slice(start, end);
        if (this.#open.length === 0) {
            const content = raw.search(/\S/);
            if (content !== -1)
                this.#fail('text outside the root element', start + content);
            return;
        }
        const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
        this.#events.text(detach(this.#decode(text, start)));
    }
    /** The construct at `lt`; returns where it ends, or -1 when it continues past `limit`. */
    #markup(buffer, lt, limit) {
        const next = buffer.charCodeAt(lt + 1);
        if (next === 0x2f /* / */)
            return this.#closeTag(buffer, lt, limit);
        if (next === 0x21 /* ! */) {
            if (buffer.startsWith('<!--', lt))
                return this.#skipPast(buffer, '-->', lt + 4, lt, limit);
            if (buffer.startsWith('<![CDATA[', lt)) {
                if (this.#open.length === 0)
                    this.#fail('CDATA outside the root element', lt);
                this.#inCdata = true;
                return this.#cdataBody(buffer, lt + 9, limit);
            }
            if (buffer.startsWith('<!DOCTYPE', lt))
                return this.#doctype(buffer, lt, limit);
            if (lt + 9 > limit)
                return -1;
            this.#fail('markup that is not a comment, CDATA or DOCTYPE', lt);
        }
        if (next === 0x3f /* ? */)
            return this.#skipPast(buffer, '?>', lt + 2, lt, limit);
        if (lt + 1 >= limit)
            return -1;
        return this.#openTag(buffer, lt, limit);
    }
    #closeTag(buffer, lt, limit) {
        const gt = buffer.indexOf('>', lt + 2);
        if (gt === -1 || gt >= limit)
            return -1;
        const expected = this.#open[this.#open.length - 1];
        const name = expected !== undefined &&
            gt === lt + 2 + expected.length &&
            buffer.startsWith(expected, lt + 2)
            ? expected
            : buffer.slice(lt + 2, gt).trimEnd();
        if (name !== expected) {
            this.#fail(expected === undefined
                ? `unexpected close tag </${name}>`
                : `</${name}> closes <${expected}>`, lt);
        }
        this.#open.pop();
        this.#events.closeTag(name);
        return gt + 1;
    }
    #openTag(buffer, lt, limit) {
        // A tag cut by the end of the chunk is read again whole from the next one; until a `>` has
        // arrived at all, the attempt is not worth making (a huge attribute value spans many chunks).
        if (this.#resumeAt >= 0) {
            const gt = buffer.indexOf('>', this.#resumeAt + lt);
            if (gt === -1 || gt >= limit) {
                this.#resumeAt = limit - lt;
                return -1;
            }
        }
        const attributes = {};
        // No value may hold a '<': the first one after the tag's start is found once, not per value.
        const nextLessThan = buffer.indexOf('<', lt + 1);
        let index = lt + 1;
        const nameEnd = nameEndAt(buffer, index, limit);
        if (nameEnd === index)
            this.#fail('disallowed character in tag name', index);
        const element = this.#element(buffer, index, nameEnd);
        const name = element.name;
        index = nameEnd;
        for (let position = 0;; position++) {
            const spaceStart = index;
            index = skipSpace(buffer, index, limit);
            if (index >= limit)
                return this.#incomplete(lt, limit);
            const code = buffer.charCodeAt(index);
            if (code === GT)
                return this.#emitOpen(name, attributes, false, lt, index + 1);
            if (code === SLASH) {
                if (index + 1 >= limit)
                    return this.#incomplete(lt, limit);
                if (buffer.charCodeAt(index + 1) !== GT)
                    this.#fail("'/' in a tag not followed by '>'", index);
                return this.#emitOpen(name, attributes, true, lt, index + 2);
            }
            if (index === spaceStart)
                this.#fail('no whitespace between attributes', index);
            const keyEnd = nameEndAt(buffer, index, limit);
            if (keyEnd === index)
                this.#fail('disallowed character in attribute name', index);
            const key = attributeName(element, buffer, index, keyEnd, position);
            index = skipSpace(buffer, keyEnd, limit);
            if (index >= limit)
                return this.#incomplete(lt, limit);
            if (buffer.charCodeAt(index) !== EQUALS)
                this.#fail('attribute without value', index);
            index = skipSpace(buffer, index + 1, limit);
            if (index >= limit)
                return this.#incomplete(lt, limit);
            const quote = buffer.charCodeAt(index);
            if (quote !== QUOTE && quote !== APOSTROPHE)
                this.#fail('unquoted attribute value', index);
            const close = buffer.indexOf(quote === QUOTE ? '"' : "'", index + 1);
            if (close === -1 || close >= limit)
                return this.#incomplete(lt, limit);
            if (nextLessThan !== -1 && nextLessThan < close) {
                this.#fail("disallowed character '<' in an attribute value", nextLessThan);
            }
            const raw = buffer.slice(index + 1, close);
            if (Object.hasOwn(attributes, key))
                this.#fail(`duplicate attribute ${key}`, index);
            attributes[key] = this.#attributeValue(element, position, raw, index + 1);
            index = close + 1;
        }
    }
    #element(buffer, start, end) {
        const elements = this.#elements;
        for (let index = 0; index < elements.length; index++) {
            const known = elements[index];
            if (known.name.length === end - start && buffer.startsWith(known.name, start))
                return known;
        }
        const element = {
            name: buffer.slice(start, end),
            keys: [],
            raws: [],
            values: [],
        };
        // A hostile file may name thousands of elements: past these, names are not remembered.
        if (elements.length < MAX_REMEMBERED)
            elements.push(element);
        return element;
    }
    /**
     * Consecutive elements repeat values (every <testcase> of a class names its class and file):
     * a value equal to the one at the same place of the previous element of the same name is
     * that same string, kept once.
     */
    #attributeValue(element, position, raw, offset) {
        if (element.raws[position] === raw)
            return element.values[position];
        const value = detach(this.#decode(normalizeAttribute(raw), offset));
        if (position < MAX_REMEMBERED) {
            element.raws[position] = value === raw ? value : detach(raw);
            element.values[position] = value;
        }
        return value;
    }
    #emitOpen(name, attributes, selfClosing, lt, end) {
        this.#resumeAt = -1;
        if (this.#open.length === 0) {
            if (this.#seenRoot)
                this.#fail('more than one root element', lt);
            this.#seenRoot = true;
        }
        if (!selfClosing)
            this.#open.push(name);
        this.#events.openTag(name, attributes, selfClosing);
        return end;
    }
    #incomplete(lt, limit) {
        this.#resumeAt = limit - lt;
        return -1;
    }
    #skipPast(buffer, terminator, from, lt, limit) {
        const start = this.#resumeAt >= 0 ? this.#resumeAt + lt : from;
        const end = buffer.indexOf(terminator, start);
        if (end === -1 || end + terminator.length > limit) {
            this.#resumeAt = Math.max(from, limit - terminator.length + 1) - lt;
            return -1;
        }
        this.#resumeAt = -1;
        return end + terminator.length;
    }
    #doctype(buffer, lt, limit) {
        if (this.#seenRoot)
            this.#fail('a DOCTYPE after the root element', lt);
        const gt = buffer.indexOf('>', lt);
        if (gt === -1 || gt >= limit)
            return -1;
        let end = gt;
        const bracket = buffer.indexOf('[', lt);
        if (bracket !== -1 && bracket < gt) {
            // An internal subset `[...]` holds `>`s of its own: the declaration ends at `]` then `>`.
            const close = buffer.indexOf(']', bracket);
            end = close === -1 ? -1 : buffer.indexOf('>', close);
            if (end === -1 || end >= limit)
                return -1;
        }
        this.#events.doctype(buffer.slice(lt + 2, end));
        return end + 1;
    }
    /** A CDATA section's content from `start`, handed on as far as the buffer goes. */
    #cdataBody(buffer, start, limit) {
        const end = buffer.indexOf(']]>', start);
        if (end === -1 || end + 3 > limit) {
            // Keep two characters back: `]]` may be the start of the terminator.
            const safe = Math.max(start, limit - 2);
            if (safe > start)
                this.#events.text(detach(normalizeLines(buffer.slice(start, safe))));
            return safe;
        }
        this.#inCdata = false;
        if (end > start)
            this.#events.text(detach(normalizeLines(buffer.slice(start, end))));
        return end + 3;
    }
    /** Five predefined entities and character references; any other reference is an error. */
    #decode(text, offset) {
        if (!text.includes('&'))
            return text;
        return text.replace(REFERENCE, (match, name, at) => {
            if (!match.endsWith(';'))
                this.#fail("disallowed character: '&' that starts no entity", offset + at);
            if (name.startsWith('#')) {
                const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
                if (!Number.isInteger(code) ||
                    code < 1 ||
                    code > 0x10ffff ||
                    /[^\dA-Fa-fx]/.test(name.slice(1))) {
                    this.#fail(`malformed character reference ${match}`, offset + at);
                }
                return String.fromCodePoint(code);
            }
            const known = PREDEFINED[name];
            if (known === undefined)
                this.#fail(`undefined entity ${match}`, offset + at);
            return known;
        });
    }
    /** Drops the consumed part of the buffer, counting its lines. */
    #drop(index) {
        if (index === 0)
            return;
        const buffer = this.#buffer;
        this.#line += countLines(buffer, 0, index);
        this.#buffer = index >= buffer.length ? '' : buffer.slice(index);
    }
    #fail(message, at) {
        throw new XmlSyntaxError(message, this.#line + countLines(this.#buffer, 0, at));
    }
}
const MAX_REMEMBERED = 64;
function attributeName(element, buffer, start, end, position) {
    const previous = element.keys[position];
    if (previous !== undefined &&
        previous.length === end - start &&
        buffer.startsWith(previous, start)) {
        return previous;
    }
    const key = buffer.slice(start, end);
    if (position < MAX_REMEMBERED)
        element.keys[position] = key;
    return key;
}
/** Where a tag or attribute name starting at `index` ends (at a space, `=`, `/` or `>`). */
function nameEndAt(text, index, limit) {
    let end = index;
    for (; end < limit; end++) {
        const code = text.charCodeAt(end);
        // space, tab, LF, CR, quotes, /, <, =, >
        if (code <= 0x20 ||
            code === 0x22 ||
            code === 0x27 ||
            code === 0x2f ||
            (code >= 0x3c && code <= 0x3e))
            break;
    }
    // A name cannot start with a digit, `-` or `.`.
    const first = text.charCodeAt(index);
    if (end > index && ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2e))
        return index;
    return end;
}
function skipSpace(text, index, limit) {
    let at = index;
    for (; at < limit; at++) {
        const code = text.charCodeAt(at);
        if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d)
            break;
    }
    return at;
}
/** Attribute-value normalization: literal tabs and line ends read as spaces. */
function normalizeAttribute(raw) {
    if (raw.indexOf('\n') === -1 && raw.indexOf('\t') === -1 && raw.indexOf('\r') === -1)
        return raw;
    return raw.replace(/\r\n|[\t\n\r]/g, ' ');
}
/**
 * Where the first character XML forbids is. Control characters by a class of one-byte
 * characters, which is searched twice as fast as one with the two non-characters in it; those
 * by indexOf, which returns at once for a text without two-byte characters.
 */
function firstForbidden(text) {
    const control = FORBIDDEN_CONTROL.exec(text)?.index ?? -1;
    const found = [control, text.indexOf('\uFFFE'), text.indexOf('\uFFFF')].filter((i) => i >= 0);
    if (found.length === 0)
        return undefined;
    const index = Math.min(...found);
    return { index, code: text.charCodeAt(index) };
}
/**
 * A copy of a piece of the buffer that does not keep the buffer alive. V8 represents a slice of
 * 13 characters or more as a view into its parent string, so one kept test name would hold a
 * whole chunk of the file; joining flattens the piece into a string of its own.
 */
function detach(piece) {
    return piece.length < 13 ? piece : (' ' + piece).slice(1);
}
function normalizeLines(text) {
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
function countLines(text, start, end) {
    let count = 0;
    for (let index = text.indexOf('\n', start); index !== -1 && index < end;) {
        count++;
        index = text.indexOf('\n', index + 1);
    }
    return count;
}

;// CONCATENATED MODULE: ./src/parsers/xml.ts



/** Where parseXml puts an element's attributes when asked to keep them apart from its children. */
const ATTRIBUTES = '@';
/**
 * fast-xml-parser, which parseXml needs, loaded on first need rather than at every start
 * (~230 kB of the bundle): only TRX, NUnit, xUnit.net and JUnit files that are not well-formed
 * are read with it. The parsers that need it load it (ResultParser.load) before parsing.
 */
const fastXmlParser = loadedOnFirstNeed('fast-xml-parser', () => __nccwpck_require__.e(/* import() */ 824).then(__nccwpck_require__.bind(__nccwpck_require__, 75824)));
const loadXmlParser = fastXmlParser.load;
/**
 * Parses an XML report into plain objects (attributes without prefix, text under `#text`).
 * Declared entities are refused before parsing: nothing in a test report needs them, and they
 * are how entity-expansion bombs and external-entity reads get in.
 */
function parseXml(source, path, repeated, options = {}) {
    const { XMLParser, XMLValidator } = fastXmlParser.get();
    if (declaresEntities(source))
        throw new ParseError(path, ENTITIES_REFUSED);
    const valid = XMLValidator.validate(source);
    if (valid !== true) {
        throw new ParseError(path, `malformed XML: ${describeXmlError(valid.err.msg)}`, valid.err.line);
    }
    const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '',
        parseTagValue: false,
        parseAttributeValue: false,
        trimValues: false,
        processEntities: true,
        // Also decodes numeric character references (&#10;, &#x41;), which are plain XML: without
        // it fast-xml-parser leaves them as written, and multi-line messages show "&#10;".
        htmlEntities: true,
        ignoreDeclaration: true,
        ignorePiTags: true,
        isArray: (name) => repeated.has(name),
        ...(options.attributesApart ? { attributesGroupName: ATTRIBUTES } : {}),
    });
    return parser.parse(source);
}
/** The text content of an element parsed by parseXml, or undefined when it has none. */
function textOf(node) {
    if (typeof node === 'string')
        return node;
    if (node && typeof node === 'object' && '#text' in node) {
        const text = node['#text'];
        return typeof text === 'string' ? text : undefined;
    }
    return undefined;
}
function attribute(node, name) {
    if (node && typeof node === 'object') {
        const value = node[name];
        if (typeof value === 'string')
            return value;
    }
    return undefined;
}
/** An attribute of an element parsed with `attributesApart`. */
function attributeOf(node, name) {
    return node && typeof node === 'object'
        ? attribute(node[ATTRIBUTES], name)
        : undefined;
}
function children(node, name) {
    if (!node || typeof node !== 'object')
        return NONE;
    const value = node[name];
    if (value === undefined)
        return NONE;
    // Repeated elements come as arrays of elements: returned as they are, not copied.
    if (Array.isArray(value) && value.every(isElement))
        return value;
    // Elements not declared as repeated come as a single value; text-only ones as a string.
    return (Array.isArray(value) ? value : [value]).map((item) => isElement(item) ? item : { '#text': String(item ?? '') });
}
/** Shared by every element without such children: most have none, and this is read per test. */
const NONE = Object.freeze([]);
function isElement(item) {
    return item !== null && typeof item === 'object';
}
/** fast-xml-parser reports unclosed elements as a JSON list; say what that means. */
function describeXmlError(message) {
    const unclosed = /^Invalid '\[(.*)\]' found\.?$/s.exec(message);
    if (!unclosed)
        return message;
    const names = [...unclosed[1].matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`);
    return `the file ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed (truncated?)`;
}

;// CONCATENATED MODULE: ./src/parsers/dotnet.ts


/** What the .NET XML formats (TRX, NUnit, xUnit.net) share: reading, names, times, traces. */
/**
 * The name of the document element in the first few KiB of an XML file, without its namespace
 * prefix; undefined when the head holds no complete start of one. Skips the BOM, the XML
 * declaration, comments, processing instructions and a DOCTYPE (internal subset included).
 */
function xmlRootName(head) {
    let at = head.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
        while (at < head.length && /\s/.test(head[at]))
            at++;
        if (head.startsWith('<?', at))
            at = afterNext(head, '?>', at);
        else if (head.startsWith('<!--', at))
            at = afterNext(head, '-->', at);
        else if (head.startsWith('<!', at))
            at = afterDoctype(head, at);
        else
            break;
        if (at < 0)
            return undefined;
    }
    const match = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head.slice(at, at + 200));
    return match?.[1];
}
/** The text of the document element's start tag (attributes included), as far as the head has it. */
function xmlRootTag(head, name) {
    const start = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}[\\s/>]`).exec(head);
    if (!start)
        return undefined;
    const end = head.indexOf('>', start.index);
    return head.slice(start.index, end < 0 ? head.length : end + 1);
}
function afterNext(text, token, from) {
    const found = text.indexOf(token, from);
    return found < 0 ? -1 : found + token.length;
}
function afterDoctype(text, from) {
    const subset = text.indexOf('[', from);
    const close = text.indexOf('>', from);
    if (close < 0)
        return -1;
    if (subset < 0 || subset > close)
        return close + 1;
    const subsetEnd = text.indexOf(']', subset);
    return subsetEnd < 0 ? -1 : afterNext(text, '>', subsetEnd);
}
/**
 * parseXml plus what .NET reports need. Characters XML 1.0 forbids (NUL and most C0 controls,
 * which test output sometimes carries straight into the file) are refused with their line, as
 * .NET's own XmlReader would. Numeric character references (`&#xD;`, which VSTest writes into
 * every multi-line stack trace) are decoded outside CDATA and comments. And elements can be
 * renamed first: parseXml keeps attributes and child elements in one object, so a child that
 * shares its parent's attribute name (xUnit's `<assembly errors="1"><errors>`) would be lost.
 */
function parseDotnetXml(source, path, repeated, renamed = {}) {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    if (text.trim() === '')
        throw new ParseError(path, 'the file is empty');
    // eslint-disable-next-line no-control-regex
    const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
    if (forbidden) {
        const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        throw new ParseError(path, `contains the character U+${code}, which XML does not allow`, lineAt(text, forbidden.index));
    }
    return parseXml(rewriteMarkup(text, renamed), path, repeated);
}
function lineAt(text, index) {
    let line = 1;
    for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1))
        line++;
    return line;
}
const MARKUP_SAFE = {
    '<': '&lt;',
    '&': '&amp;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
};
/** Character references decoded and tags renamed, in one pass that leaves CDATA and comments be. */
function rewriteMarkup(text, renamed) {
    const names = Object.keys(renamed);
    if (!text.includes('&#') && names.length === 0)
        return text;
    // The tag group is always there (matching nothing without names), so the groups keep their places.
    const alternatives = names.length > 0 ? names.map((n) => n.replace(/[.-]/g, '\\$&')).join('|') : '(?!)';
    const tags = `|<(\\/?)(${alternatives})(?=[\\s/>])`;
    const pattern = new RegExp(`<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<!--[\\s\\S]*?-->|&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});${tags}`, 'g');
    return text.replace(pattern, (whole, reference, slash, name) => {
        if (name !== undefined)
            return `<${slash ?? ''}${renamed[name]}`;
        if (reference === undefined)
            return whole;
        const code = reference[0] === 'x' ? Number.parseInt(reference.slice(1), 16) : Number(reference);
        if (!allowedInXml(code))
            return whole;
        const char = String.fromCodePoint(code);
        return MARKUP_SAFE[char] ?? char;
    });
}
function allowedInXml(code) {
    return (code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff));
}
/** The document element's name and node; BOM text and the XML declaration are not elements. */
function documentRoot(document) {
    const name = Object.keys(document).find((key) => !key.startsWith('?') && key !== '#text');
    const value = name === undefined ? undefined : document[name];
    // A root whose name is also a repeated element comes as a one-item list.
    const node = Array.isArray(value) ? value[0] : value;
    return [name, node && typeof node === 'object' ? node : {}];
}
/**
 * parseDotnetXml and documentRoot in one: the root element's name and node, or a ParseError
 * when the root is none of the format's (`not an NUnit report: the root element is <x>, not
 * <test-run>, <test-results> or <test-suite>`).
 */
function readDotnetReport(source, path, format) {
    const document = parseDotnetXml(source, path, format.repeated, format.renamed);
    const [rootName, root] = documentRoot(document);
    if (!format.roots.some((name) => name === rootName)) {
        const tags = format.roots.map((name) => `<${name}>`);
        const expected = tags.length > 1 ? `${tags.slice(0, -1).join(', ')} or ${tags[tags.length - 1]}` : tags[0];
        throw new ParseError(path, `not ${format.what}: the root element is <${rootName ?? 'none'}>, not ${expected}`);
    }
    return [rootName, root];
}
/** Element text with Windows line ends made plain; undefined when blank. */
function cleanText(node) {
    const text = textOf(node);
    if (text === undefined)
        return undefined;
    const plain = text.replace(/\r\n?/g, '\n');
    return plain.trim() === '' ? undefined : plain;
}
/** Output as written, without the trailing blank lines tools add. */
function cleanOutput(parts) {
    const kept = parts
        .filter((part) => part !== undefined && part.trim() !== '')
        .map((part) => part.replace(/^\n+|\s+$/g, ''));
    return kept.length > 0 ? kept.join('\n') : undefined;
}
/**
 * A failure's one-line message and its longer text: the whole message (when it runs over more
 * than one line, its common indentation removed) followed by the stack trace's frames.
 */
function failureParts(message, stackTrace) {
    const full = message === undefined ? undefined : dedent(message);
    const firstLine = full?.split('\n').find((line) => line.trim() !== '');
    // Frames are indented by however much the tool liked; they read best flush left.
    const stack = stackTrace
        ?.replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n');
    const parts = [full !== undefined && full.trim() !== firstLine ? full : undefined, stack].filter((part) => part !== undefined && part !== '');
    return {
        message: firstLine?.trim(),
        details: parts.length > 0 ? parts.join('\n') : undefined,
    };
}
function dedent(text) {
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    while (lines.length > 0 && lines[0].trim() === '')
        lines.shift();
    while (lines.length > 0 && lines[lines.length - 1].trim() === '')
        lines.pop();
    const indents = lines
        .filter((line) => line.trim() !== '')
        .map((line) => /^[ \t]*/.exec(line)[0].length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    return lines.map((line) => line.slice(common).trimEnd()).join('\n');
}
/**
 * Seconds as .NET tools write them: "0.123", sometimes with the writer's locale ("0,123"),
 * which is why a lone comma is read as the decimal separator. Milliseconds, or undefined.
 */
function secondsToMs(value) {
    if (value === undefined)
        return undefined;
    const trimmed = value.trim();
    if (trimmed === '')
        return undefined;
    const normalized = /^\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
    const parsed = Number(normalized);
    return Number.isFinite(parsed) && parsed >= 0 ? Math.round(parsed * 1e6) / 1e3 : undefined;
}
/** A TimeSpan as TRX writes it, "[d.]hh:mm:ss[.fffffff]", in milliseconds. */
function timeSpanToMs(value) {
    const match = /^\s*(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)\s*$/.exec(value ?? '');
    if (!match)
        return undefined;
    const [, days, hours, minutes, seconds] = match;
    const total = Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
    return Math.round(total * 1e6) / 1e3;
}
/** Milliseconds between two timestamps, when both can be read and the second is not earlier. */
function spanMs(start, end) {
    const from = timestamp(start);
    const to = timestamp(end);
    return from !== undefined && to !== undefined && to >= from ? to - from : undefined;
}
function timestamp(value) {
    if (!value)
        return undefined;
    // .NET writes seven fractional digits, and NUnit "2017-04-29 20:49:41Z"; Date wants neither.
    const normalized = value
        .trim()
        .replace(' ', 'T')
        .replace(/(\.\d{3})\d+/, '$1');
    const parsed = Date.parse(normalized);
    return Number.isNaN(parsed) ? undefined : parsed;
}
/**
 * One frame with a location: "at Member(args) in /path/File.cs:line 42". .NET localizes the
 * three words ("en … en …:línea 42", "bei … in …:Zeile 42"), so any word is accepted there;
 * Mono writes "at Member (args) [0x0001f] in /path/File.cs:42".
 */
const MAX_FRAME_LENGTH = 2_000;
const LOCATED_FRAME = /^\s*\S+ (\S.*?\))(?: \[0x[0-9A-Fa-f]+\])? \S+ (.+):(?:\S+ )?(\d+)\s*$/;
/**
 * The frame of the test method itself (its class and method named in the frame, or the method
 * alone, or its async state machine `<Method>d__N`), else the last frame that has a location:
 * stack traces run from the throw outwards, so that is the nearest to the test. Line 0 is
 * what generated code (SpecFlow's `.feature.cs`) reports for hidden lines: no location.
 */
function testLocation(stackTrace, className, methodName) {
    if (!stackTrace)
        return undefined;
    const frames = [];
    for (const text of stackTrace.split(/\r?\n/)) {
        // Real frames are short; a long line is message text, and would only make the regex crawl.
        if (text.length > MAX_FRAME_LENGTH)
            continue;
        const match = LOCATED_FRAME.exec(text);
        if (!match)
            continue;
        const line = Number(match[3]);
        if (line > 0)
            frames.push({ member: match[1].split('(', 1)[0].trim(), file: match[2], line });
    }
    if (frames.length === 0)
        return undefined;
    const method = methodName ? shortMethodName(methodName) : undefined;
    const chosen = (method !== undefined && className
        ? frames.find((frame) => framesMethod(frame.member, className, method))
        : undefined) ??
        (method !== undefined
            ? frames.find((frame) => framesMethod(frame.member, undefined, method))
            : undefined) ??
        frames[frames.length - 1];
    return { file: chosen.file, line: chosen.line };
}
/** Whether a frame's member is the method (of the class, when given), or its async/lambda body. */
function framesMethod(member, className, method) {
    const bare = member.replace(/\[[^\]]*\]$/, '');
    const sync = className === undefined ? `.${method}` : `${className}.${method}`;
    if (bare.endsWith(sync)) {
        const before = bare.length - sync.length - 1;
        if (className === undefined || before < 0 || bare[before] === '.')
            return true;
    }
    const body = `.<${method}>`;
    return className === undefined
        ? bare.includes(body)
        : bare.startsWith(`${className}.`) && bare.includes(body);
}
/** "Ns.Class.Method(1, 2)" → "Method"; generic arguments and parameters dropped. */
function shortMethodName(name) {
    const bare = name.split('(', 1)[0].replace(/<[^<>]*>$/, '');
    return bare.slice(bare.lastIndexOf('.') + 1);
}
/** A test's name without its class in front, when the tool wrote "Ns.Class.Test". */
function withoutClassPrefix(name, className) {
    if (!className)
        return name;
    const prefix = `${className}.`;
    return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}
/** Groups tests by suite name in the order suites first appear. */
function groupBySuite(tests) {
    const suites = new Map();
    for (const test of tests) {
        const same = suites.get(test.suite);
        if (same)
            same.push(test);
        else
            suites.set(test.suite, [test]);
    }
    return [...suites].map(([name, grouped]) => ({ name, tests: grouped }));
}

;// CONCATENATED MODULE: ./src/parsers/line-reader.ts
/**
 * Cuts text fed in chunks of any size into lines (a line may span chunks) and hands each, without
 * its `\n` and numbered from 1, to onLine. end() hands over a last line that had no `\n`.
 */
class LineSplitter {
    #onLine;
    #partial = '';
    #lineNumber = 0;
    constructor(onLine) {
        this.#onLine = onLine;
    }
    /** Feeds text in chunks of any size; a line may span chunks. */
    write(chunk) {
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
    end() {
        if (this.#partial !== '')
            this.#onLine(this.#partial, ++this.#lineNumber);
        this.#partial = '';
    }
}
/** Reads a whole text with a fresh reader. */
function readText(reader, source) {
    reader.write(source);
    return reader.end();
}
/** The same from chunks of text: the file is never held whole. */
async function readChunks(reader, chunks) {
    for await (const chunk of chunks)
        reader.write(chunk);
    return reader.end();
}

;// CONCATENATED MODULE: ./src/coverage/xml-coverage.ts




/** Hits and branches per line, merged by the rule above. */
class LineCounts {
    hits = new Map();
    branches = new Map();
    get size() {
        return this.hits.size;
    }
    addLine(line, hits) {
        const known = this.hits.get(line);
        if (known === undefined || hits > known)
            this.hits.set(line, hits);
    }
    /** Branches of a line already added; ignored when the total is not positive. */
    addBranches(line, covered, total) {
        if (!(total > 0))
            return;
        const known = this.branches.get(line);
        if (!known) {
            this.branches.set(line, { covered: Math.min(covered, total), total });
            return;
        }
        known.total = Math.max(known.total, total);
        known.covered = Math.min(Math.max(known.covered, covered), known.total);
    }
    mergeFrom(other) {
        for (const [line, hits] of other.hits)
            this.addLine(line, hits);
        for (const [line, { covered, total }] of other.branches)
            this.addBranches(line, covered, total);
    }
}
/** The files of one report, in the order the report first names them, one entry per path. */
class CoverageFiles {
    #files = new Map();
    file(path) {
        let state = this.#files.get(path);
        if (!state) {
            state = { lines: new LineCounts(), functions: new Map() };
            this.#files.set(path, state);
        }
        return state;
    }
    addLines(path, lines) {
        this.file(path).lines.mergeFrom(lines);
    }
    /** A function; one named the same at the same line again keeps the higher hits. */
    addFunction(path, fn) {
        const functions = this.file(path).functions;
        const key = `${fn.name}\0${fn.line ?? ''}`;
        const known = functions.get(key);
        if (!known || fn.hits > known.hits)
            functions.set(key, fn);
    }
    /** One statement of the file: covered or not. */
    addStatement(path, covered) {
        const state = this.file(path);
        state.statements ??= { covered: 0, total: 0 };
        state.statements.total++;
        if (covered)
            state.statements.covered++;
    }
    report(format, sourceRoots) {
        const files = [];
        for (const [path, state] of this.#files) {
            const byLine = (a, b) => a[0] - b[0];
            const lines = new Map([...state.lines.hits].sort(byLine));
            const branches = new Map([...state.lines.branches]
                .sort(byLine)
                .map(([line, { covered, total }]) => [line, { covered, total }]));
            const functions = [...state.functions.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
            files.push({
                path,
                lines,
                branches,
                functions,
                ...(state.statements ? { statements: { ...state.statements } } : {}),
            });
        }
        return { format, files, sourceRoots };
    }
}
/**
 * The parser of an XML coverage format. A whole document is the stream given in one chunk: both
 * feed the same reader.
 */
function xmlCoverageParser(format) {
    const reader = (context) => new CoverageXmlReader(context, format);
    return {
        format: format.format,
        detect: format.detect,
        parse: (source, context) => readText(reader(context), source),
        parseStream: (chunks, context) => readChunks(reader(context), chunks),
    };
}
/** Root elements of other report formats, for saying what a refused file is instead. */
const OTHER_ROOTS = {
    coverage: 'a Cobertura or Clover coverage report',
    report: 'a JaCoCo coverage report',
    CoverageSession: 'an OpenCover coverage report',
    scoverage: 'a scoverage report',
    CoverageDSPriv: 'a Visual Studio .coveragexml report',
    Root: 'a dotCover report',
    testsuites: 'a JUnit report',
    testsuite: 'a JUnit report',
    TestRun: 'a Visual Studio TRX report',
    'test-run': 'an NUnit 3 report',
    'test-results': 'an NUnit 2 report',
    assemblies: 'an xUnit.net report',
    html: 'an HTML page',
    checkstyle: 'a Checkstyle report',
};
/** The reason for a document whose root is not the format's. */
function notThisFormat(label, root, expected) {
    const what = Object.hasOwn(OTHER_ROOTS, root) ? OTHER_ROOTS[root] : undefined;
    return `not a ${label} report: the root element is <${root}>${what ? ` (${what})` : ''}, not <${expected}>`;
}
/**
 * Feeds chunks to the tokenizer and the tokenizer's events to a reading. Everything a reading or
 * the tokenizer refuses comes out as a ParseError with the file's path (and the line, for what
 * the tokenizer refuses: a reading's refusal is about a tag whose exact line it cannot know).
 * A root other than the format's is refused here, before the reading sees it.
 */
class CoverageXmlReader {
    #tokenizer;
    #path;
    #label;
    #reading;
    #ancestors = [];
    #first = true;
    constructor(context, format) {
        this.#path = context.path;
        this.#label = format.label;
        // No line: the tokenizer knows only where its current chunk starts, not where the tag is.
        const fail = (reason) => {
            throw new ParseError(this.#path, reason);
        };
        this.#reading = format.reading(fail);
        this.#tokenizer = new XmlTokenizer({
            doctype: (declaration) => {
                // JaCoCo's and Cobertura's DOCTYPEs name a DTD by URL: it is never fetched. Entities
                // declared inline would be expanded, the way billion-laughs files attack readers.
                if (declaresEntities(declaration))
                    fail(ENTITIES_REFUSED);
            },
            openTag: (name, attributes, selfClosing) => {
                if (this.#ancestors.length === 0 && name !== format.root) {
                    fail(notThisFormat(format.label, name, format.root));
                }
                this.#reading.open(name, attributes, this.#ancestors);
                this.#ancestors.push(name);
                if (selfClosing)
                    this.#close(name);
            },
            closeTag: (name) => this.#close(name),
            text: (text) => this.#reading.text?.(text),
        });
    }
    write(chunk) {
        if (this.#first) {
            const body = chunk.replace(/^\uFEFF/, '');
            const start = body.trimStart();
            if (start !== '')
                this.#first = false;
            if (/^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!DOCTYPE\s+)?html[\s>]/i.test(start)) {
                throw new ParseError(this.#path, `not a ${this.#label} report: it is an HTML page`);
            }
            if (start !== '' && !start.startsWith('<')) {
                const shown = start.slice(0, 40).split(/\r?\n/, 1)[0];
                const blankLines = body.slice(0, body.length - start.length).split('\n').length - 1;
                throw new ParseError(this.#path, `not a ${this.#label} report: the file is not XML (it starts with "${shown}")`, this.#tokenizer.line + blankLines);
            }
        }
        withParseErrors(this.#path, () => this.#tokenizer.write(chunk));
    }
    end() {
        if (this.#first)
            throw new ParseError(this.#path, 'the file is empty');
        withParseErrors(this.#path, () => this.#tokenizer.end());
        return this.#reading.report();
    }
    #close(name) {
        this.#ancestors.pop();
        this.#reading.close(name, this.#ancestors);
    }
}
// ---------------------------------------------------------------------------------------------
// Detection
/** The document element's name and its start tag as far as the head holds it. */
function rootOf(head) {
    const name = xmlRootName(head);
    if (name === undefined)
        return undefined;
    const tag = xmlRootTag(head, name);
    return tag === undefined ? undefined : { name, tag };
}
/**
 * Whether a `<coverage>` document is Clover's: its root names the Clover version or the time it
 * was generated (PHPUnit), or a `<project>` follows. Cobertura's root has neither.
 */
function isCloverCoverage(head, rootTag) {
    return /\s(?:clover|generated)\s*=/.test(rootTag) || /<project[\s>/]/.test(head);
}

;// CONCATENATED MODULE: ./src/coverage/clover.ts
/**
 * Clover XML, as OpenClover/Atlassian Clover, PHPUnit and istanbul (jest, nyc, vitest) write it:
 *
 *   <coverage generated=… clover="4.3.1"><project timestamp=…><metrics statements=… …/>
 *     <package name=…><file name="X.java" path="/abs/X.java"><metrics …/><class …/>
 *       <line num="3" count="2" type="method" signature="f() : void"/>
 *       <line num="4" count="2" type="stmt"/>
 *       <line num="5" type="cond" truecount="1" falsecount="0"/>
 *
 * A file is its `path` (its `name` when PHPUnit writes the full path there). Only `<project>` is
 * read: `<testproject>` is the coverage of the test code itself, which Clover keeps apart and
 * leaves out of its own totals. Lines come from `stmt` and `cond` entries (several on one line
 * merge: highest count); `method` entries are functions, not lines. The `<metrics>` totals are
 * never read: totals come from the lines.
 *
 * Branches of a `cond` line: Clover's truecount/falsecount are how often the condition was true
 * and false, so the line has 2 branches, covered (truecount>0)+(falsecount>0). Istanbul writes
 * the same attributes with another meaning: truecount = branches covered, falsecount = branches
 * not covered (istanbul-reports/lib/clover), so a line of a 4-way switch reads 4 branches. Its
 * reports are told by what istanbul always writes, `clover="3.2.0"` on the root and a project
 * named "All files", and read its way; reading them Clover's way would miscount every line with
 * more than two branches or with both outcomes of one condition.
 *
 * Statements: a Clover `stmt` entry is one statement, so each file's statements are counted
 * (what Clover's own `statements` totals count). Istanbul writes one entry per line and counts
 * lines as its statements, so its files get no statement counts apart from lines.
 */


const LABEL = 'Clover';
const cloverParser = xmlCoverageParser({
    format: 'clover',
    label: LABEL,
    root: 'coverage',
    detect: detectClover,
    reading,
});
/** A `<coverage>` root that names a Clover version or generation time, or holds a `<project>`. */
function detectClover(head) {
    const root = rootOf(head);
    return root?.name === 'coverage' && isCloverCoverage(head, root.tag);
}
function reading(fail) {
    const files = new CoverageFiles();
    let writtenByIstanbul = false;
    let rootVersion;
    let sawProject = false;
    let inProject = false;
    let file;
    return {
        open(name, attributes, ancestors) {
            const depth = ancestors.length;
            if (depth === 0) {
                rootVersion = attributes.clover;
                return;
            }
            if (depth === 1) {
                if (name === 'packages' || name === 'sources') {
                    fail(`not a ${LABEL} report: <coverage> holds <${name}>, as a Cobertura report does`);
                }
                if (name === 'project') {
                    sawProject = true;
                    inProject = true;
                    writtenByIstanbul = rootVersion === '3.2.0' && attributes.name === 'All files';
                }
                return;
            }
            if (!inProject)
                return;
            if (name === 'file') {
                const path = (attributes.path ?? attributes.name)?.trim();
                file = path ? path : undefined;
                if (file !== undefined)
                    files.file(file);
                return;
            }
            if (name !== 'line' || file === undefined || ancestors[depth - 1] !== 'file')
                return;
            const line = parseLineNumber(attributes.num);
            if (line === undefined)
                return;
            const hits = parseCount(attributes.count);
            switch (attributes.type) {
                case 'stmt':
                    files.file(file).lines.addLine(line, hits ?? 0);
                    if (!writtenByIstanbul)
                        files.addStatement(file, (hits ?? 0) > 0);
                    break;
                case 'cond': {
                    const whenTrue = parseCount(attributes.truecount) ?? 0;
                    const whenFalse = parseCount(attributes.falsecount) ?? 0;
                    const lines = files.file(file).lines;
                    lines.addLine(line, hits ?? addHits(whenTrue, whenFalse));
                    if (writtenByIstanbul)
                        lines.addBranches(line, whenTrue, whenTrue + whenFalse);
                    else
                        lines.addBranches(line, (whenTrue > 0 ? 1 : 0) + (whenFalse > 0 ? 1 : 0), 2);
                    break;
                }
                case 'method':
                    files.addFunction(file, {
                        name: attributes.name ?? attributes.signature ?? '(anonymous)',
                        line,
                        hits: hits ?? 0,
                    });
                    break;
            }
        },
        close(name, ancestors) {
            if (name === 'project' && ancestors.length === 1)
                inProject = false;
            if (name === 'file')
                file = undefined;
        },
        report() {
            if (!sawProject)
                fail(`not a ${LABEL} report: <coverage> holds no <project>`);
            return files.report('clover', []);
        },
    };
}

;// CONCATENATED MODULE: ./src/coverage/cobertura.ts


const cobertura_LABEL = 'Cobertura';
/** A `<source>` longer than this is not a path: kept cut, so a runaway text cannot grow. */
const MAX_SOURCE_CHARS = 4096;
const coberturaParser = xmlCoverageParser({
    format: 'cobertura',
    label: cobertura_LABEL,
    root: 'coverage',
    detect: detectCobertura,
    reading: cobertura_reading,
});
/**
 * A `<coverage>` root that is not Clover's, with what only Cobertura writes: a rate or count on
 * the root, or `<packages>`/`<sources>` in the head.
 */
function detectCobertura(head) {
    const root = rootOf(head);
    if (root?.name !== 'coverage' || isCloverCoverage(head, root.tag))
        return false;
    return (/\s(?:line-rate|branch-rate|lines-valid|lines-covered)\s*=/.test(root.tag) ||
        /<(?:packages|sources)[\s>/]/.test(head));
}
function cobertura_reading(fail) {
    const files = new CoverageFiles();
    const roots = [];
    const classes = [];
    let source;
    let method;
    /** A `<line>` into `into`: its number and hits, or undefined when it has no line number. */
    function readLine(attributes, into) {
        const line = parseLineNumber(attributes.number);
        if (line === undefined)
            return undefined;
        const hits = parseCount(attributes.hits) ?? 0;
        into.addLine(line, hits);
        const branches = conditionCoverage(attributes);
        if (branches)
            into.addBranches(line, branches.covered, branches.total);
        return { line, hits };
    }
    return {
        open(name, attributes, ancestors) {
            const depth = ancestors.length;
            if (depth === 0)
                return;
            if (depth === 1 && (name === 'project' || name === 'testproject')) {
                fail(`not a ${cobertura_LABEL} report: <coverage> holds <${name}>, as a Clover report does`);
            }
            const parent = ancestors[depth - 1];
            const current = classes[classes.length - 1];
            switch (name) {
                case 'source':
                    if (parent === 'sources')
                        source = '';
                    break;
                case 'class':
                    classes.push({
                        path: attributes.filename,
                        lines: new LineCounts(),
                        methodLines: new LineCounts(),
                        functions: [],
                    });
                    break;
                case 'method':
                    if (current && parent === 'methods') {
                        method = {
                            name: attributes.name ?? '(anonymous)',
                            line: parseLineNumber(attributes.line),
                            hits: parseCount(attributes.hits),
                            ran: (Number(attributes['line-rate']) || 0) > 0,
                            anyLineRan: false,
                        };
                    }
                    break;
                case 'line': {
                    if (!current || parent !== 'lines')
                        break;
                    const owner = ancestors[depth - 2];
                    if (owner === 'class') {
                        readLine(attributes, current.lines);
                    }
                    else if (owner === 'method' && method) {
                        const read = readLine(attributes, current.methodLines);
                        if (read === undefined)
                            break;
                        const { line, hits } = read;
                        if (hits > 0)
                            method.anyLineRan = true;
                        if (method.firstLine === undefined || line < method.firstLine) {
                            method.firstLine = line;
                            method.firstHits = hits;
                        }
                    }
                    break;
                }
            }
        },
        close(name) {
            switch (name) {
                case 'source':
                    if (source !== undefined) {
                        const root = source.trim();
                        if (root !== '' && !roots.includes(root))
                            roots.push(root);
                        source = undefined;
                    }
                    break;
                case 'method':
                    if (method) {
                        classes[classes.length - 1]?.functions.push(functionOf(method));
                        method = undefined;
                    }
                    break;
                case 'class': {
                    const done = classes.pop();
                    // A class without a filename cannot be placed in any file: its lines are dropped.
                    const path = done?.path?.trim();
                    if (!done || !path)
                        break;
                    files.addLines(path, done.lines.size > 0 ? done.lines : done.methodLines);
                    for (const fn of done.functions)
                        files.addFunction(path, fn);
                    break;
                }
            }
        },
        text(text) {
            if (source !== undefined && source.length < MAX_SOURCE_CHARS) {
                source = (source + text).slice(0, MAX_SOURCE_CHARS);
            }
        },
        report: () => files.report('cobertura', roots),
    };
}
function functionOf(method) {
    const line = method.line ?? method.firstLine;
    const ran = method.ran || method.anyLineRan ? 1 : 0;
    const hits = method.hits ?? (method.firstHits ? method.firstHits : ran);
    return { name: method.name, ...(line !== undefined ? { line } : {}), hits };
}
/**
 * A line's branches from `condition-coverage="50% (1/2)"`; none for a line that says it is not a
 * branch (`branch="false"`), states no `(covered/total)`, or a total of 0.
 */
function conditionCoverage(attributes) {
    const stated = attributes['condition-coverage'];
    if (stated === undefined || attributes.branch?.trim().toLowerCase() === 'false')
        return undefined;
    const match = /\(\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*\)/.exec(stated);
    if (!match)
        return undefined;
    const covered = parseCount(match[1]) ?? 0;
    const total = parseCount(match[2]) ?? 0;
    return total > 0 ? { covered: Math.min(covered, total), total } : undefined;
}

// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __nccwpck_require__(87206);
;// CONCATENATED MODULE: ./src/parsers/json-report.ts


/**
 * Parses a JSON report, turning JSON.parse's terse errors into a ParseError with the line:
 * a cut-off file (a killed run) and a file that is not JSON at all say so in plain words.
 */
function parseJsonDocument(source, path) {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const start = text.search(/\S/);
    if (start < 0)
        throw new ParseError(path, 'the file is empty');
    if (text[start] !== '{' && text[start] !== '[') {
        const shown = text.slice(start, start + 20).split('\n', 1)[0];
        throw new ParseError(path, `not JSON: it starts with "${shown}" rather than "{"`, json_report_lineAt(text, start));
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw jsonSyntaxError(text, path, (0,errors/* messageOf */.b)(error));
    }
}
function jsonSyntaxError(text, path, message) {
    const position = /at position (\d+)/.exec(message);
    const at = position ? Number(position[1]) : undefined;
    if (/Unexpected end of JSON input/i.test(message) ||
        (at !== undefined && at >= text.trimEnd().length)) {
        return new ParseError(path, 'malformed JSON: the file ends before the document does (truncated?)', json_report_lineAt(text, text.trimEnd().length));
    }
    // V8 appends "(line x column y)" or quotes the source around the error; the line is ours.
    const reason = message
        .replace(/\s*\(line \d+ column \d+\)/, '')
        .replace(/, ".*" is not valid JSON$/s, '')
        .replace(/ in JSON at position \d+/, '');
    return new ParseError(path, `malformed JSON: ${reason}${at === undefined ? '' : ` at column ${columnAt(text, at)}`}`, at === undefined ? undefined : json_report_lineAt(text, at));
}
/** The document as an object, or a ParseError saying which format expected one. */
function requireObject(document, path, what) {
    if (isObject(document))
        return document;
    throw new ParseError(path, `not ${what}: the JSON is ${Array.isArray(document) ? 'an array' : typeof document}, not an object`);
}
/** parseJsonDocument and requireObject in one: the report as an object, `what` naming its format. */
function parseJsonObject(source, path, what) {
    return requireObject(parseJsonDocument(source, path), path, what);
}
/**
 * The object elements of the array under key, or a ParseError when the field is no array:
 * `not ${what}: there is no "${shown}" array` (shown: the key as the message spells it).
 */
function requireArrayField(object, key, path, what, shown = key) {
    if (!Array.isArray(object?.[key])) {
        throw new ParseError(path, `not ${what}: there is no "${shown}" array`);
    }
    return objectsField(object, key);
}
/** A JSON object key as a pattern, escapes included: for detection patterns of a file's head. */
const JSON_KEY_PATTERN = String.raw `"(?:[^"\\]|\\.)*"`;
/** A JSON value as an error message shows it: short. */
function shownJson(value) {
    const text = JSON.stringify(value) ?? 'missing';
    return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The field as an object, or undefined when absent or of another type. */
function objectField(object, key) {
    const value = object?.[key];
    return isObject(value) ? value : undefined;
}
/** The field's array elements that are objects; odd elements are left out, never fatal. */
function objectsField(object, key) {
    const value = object?.[key];
    return Array.isArray(value) ? value.filter(isObject) : [];
}
function stringField(object, key) {
    const value = object?.[key];
    return typeof value === 'string' ? value : undefined;
}
/** A finite number; numeric strings count too, since hand-written reports quote them. */
function numberField(object, key) {
    const value = object?.[key];
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
function stringsField(object, key) {
    const value = object?.[key];
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
/* eslint-disable no-control-regex -- matching control characters is the point */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/* eslint-enable no-control-regex */
/** Tools colour their failure messages even when writing files; a summary shows them raw. */
function stripAnsi(text) {
    return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}
/** ANSI-free text, or undefined when it is empty or only whitespace. */
function json_report_cleanText(text) {
    if (text === undefined)
        return undefined;
    const clean = stripAnsi(text);
    return clean.trim() === '' ? undefined : clean;
}
/** The first non-blank line, trimmed at the end: the one-line message the model wants. */
function firstLine(text) {
    const line = text
        ?.split('\n')
        .find((candidate) => candidate.trim() !== '')
        ?.trimEnd();
    return line === undefined ? undefined : line.trimStart();
}
/**
 * More earlier attempts than any real retry setting: a count above it is cut, so that a
 * crafted count of a billion cannot make a billion attempts in memory.
 */
const MAX_ATTEMPTS = 1000;
/** A stated number of earlier attempts as a whole number within reason. */
function attemptCount(value) {
    return value === undefined || value < 0 ? 0 : Math.min(Math.floor(value), MAX_ATTEMPTS);
}
/** The part of a test's full title before its own title: the describe blocks around it. */
function suiteFromFullTitle(fullTitle, title) {
    if (!fullTitle || !title || fullTitle === title || !fullTitle.endsWith(title))
        return '';
    return fullTitle.slice(0, fullTitle.length - title.length).trim();
}
/** The tests' durations added up: a report's duration when it states none. */
function sumDurations(tests) {
    return tests.reduce((sum, test) => sum + test.durationMs, 0);
}
/** One suite per test file, in the order the files first appear. */
function groupByFile(tests) {
    const byFile = new Map();
    for (const test of tests) {
        const file = test.file ?? '';
        const list = byFile.get(file);
        if (list)
            list.push(test);
        else
            byFile.set(file, [test]);
    }
    return [...byFile].map(([name, list]) => ({ name, tests: list }));
}
function json_report_lineAt(text, index) {
    let line = 1;
    for (let i = 0; i < index && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return line;
}
function columnAt(text, index) {
    return index - text.lastIndexOf('\n', index - 1);
}

;// CONCATENATED MODULE: ./src/coverage/coverage-parser.ts


;// CONCATENATED MODULE: ./src/coverage/coverage-py-json.ts



const coveragePyJsonParser = {
    format: 'coverage-py',
    detect: detectCoveragePyJson,
    parse: parseCoveragePyJson,
};
const WHAT = 'a coverage.py JSON report';
/** `{"meta": {"format"|"version"|...`: coverage.py writes meta first, with these keys. */
const META_HEAD = /^\s*\{\s*"meta"\s*:\s*\{\s*"(?:format|version|timestamp|branch_coverage|show_contexts)"\s*:/;
/** Without meta (a hand-trimmed fixture): the first file's lists. */
const FILES_HEAD = new RegExp(String.raw `^\s*\{\s*"files"\s*:\s*\{\s*${JSON_KEY_PATTERN}\s*:\s*\{\s*"(?:executed_lines|missing_lines|excluded_lines|summary)"\s*:`);
function detectCoveragePyJson(head) {
    const text = head.replace(/^\uFEFF/, '');
    if (FILES_HEAD.test(text))
        return true;
    // meta is a few short fields: the head holds all of it, so ask for branch_coverage too.
    return META_HEAD.test(text) && /"branch_coverage"\s*:\s*(?:true|false)/.test(text);
}
function parseCoveragePyJson(source, context) {
    const path = context.path;
    const document = parseJsonObject(source, path, WHAT);
    const files = document['files'];
    if (!isObject(files)) {
        throw new ParseError(path, `not ${WHAT}: there is no "files" object`);
    }
    return {
        format: 'coverage-py',
        files: Object.entries(files).map(([key, value]) => readFile(key, value, path)),
        sourceRoots: [],
    };
}
function readFile(key, value, path) {
    if (!isObject(value)) {
        throw new ParseError(path, `not ${WHAT}: files["${key}"] is not an object`);
    }
    const where = `files["${key}"]`;
    const executed = lineList(value, 'executed_lines', where, path);
    const missing = lineList(value, 'missing_lines', where, path);
    if (executed === undefined && missing === undefined) {
        throw new ParseError(path, `not ${WHAT}: ${where} has neither "executed_lines" nor "missing_lines"`);
    }
    // coverage.py lists an excluded line that ran (the `def` line of a `# pragma: no cover`
    // function) as executed too; excluded wins, as in its own counts.
    const excluded = new Set(lineList(value, 'excluded_lines', where, path));
    const lines = new Map();
    for (const line of missing ?? [])
        if (!excluded.has(line))
            lines.set(line, 0);
    for (const line of executed ?? [])
        if (!excluded.has(line))
            lines.set(line, 1);
    const branches = new Map();
    for (const [field, run] of [
        ['executed_branches', true],
        ['missing_branches', false],
    ]) {
        for (const from of arcSources(value, field, where, path)) {
            const known = branches.get(from) ?? { covered: 0, total: 0 };
            known.total++;
            if (run)
                known.covered++;
            branches.set(from, known);
        }
    }
    const summary = objectField(value, 'summary');
    const statementsTotal = summaryCount(summary, 'num_statements', where, path);
    const statementsCovered = summaryCount(summary, 'covered_lines', where, path);
    const statements = statementsTotal !== undefined && statementsCovered !== undefined
        ? { covered: Math.min(statementsCovered, statementsTotal), total: statementsTotal }
        : { covered: [...lines.values()].filter((hits) => hits > 0).length, total: lines.size };
    // A summary that counts branches whose arcs are not listed (a trimmed fixture): its counts.
    const branchesTotal = summaryCount(summary, 'num_branches', where, path);
    const branchesCovered = summaryCount(summary, 'covered_branches', where, path);
    const statedBranches = branches.size === 0 &&
        value['executed_branches'] === undefined &&
        value['missing_branches'] === undefined &&
        branchesTotal !== undefined &&
        branchesTotal > 0 &&
        branchesCovered !== undefined
        ? { covered: Math.min(branchesCovered, branchesTotal), total: branchesTotal }
        : undefined;
    return {
        path: key,
        lines: new Map([...lines].sort(([a], [b]) => a - b)),
        branches: new Map([...branches].sort(([a], [b]) => a - b)),
        functions: readFunctions(value, where, path),
        statements,
        ...(statedBranches ? { totals: { branches: statedBranches } } : {}),
    };
}
function readFunctions(file, where, path) {
    const functions = objectField(file, 'functions');
    if (!functions)
        return [];
    const found = [];
    for (const [name, value] of Object.entries(functions)) {
        if (name === '' || !isObject(value))
            continue;
        const at = `${where}.functions["${name}"]`;
        const excluded = new Set(lineList(value, 'excluded_lines', at, path));
        const measured = (field) => (lineList(value, field, at, path) ?? []).filter((line) => !excluded.has(line));
        const executed = measured('executed_lines');
        const all = [...executed, ...measured('missing_lines')];
        // A function all of whose lines are excluded is not measured.
        if (all.length === 0)
            continue;
        const start = numberField(value, 'start_line');
        const line = isLineNumber(start) ? start : all.reduce((a, b) => Math.min(a, b));
        found.push({ name, line, hits: executed.length > 0 ? 1 : 0 });
    }
    return found;
}
// ---------------------------------------------------------------------------------------------
/** A list of line numbers; undefined when absent, a ParseError when it is anything else. */
function lineList(object, field, where, path) {
    const value = object[field];
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value)) {
        throw new ParseError(path, `${where}.${field} is not an array of line numbers`);
    }
    return value.map((item, index) => {
        if (!isLineNumber(item)) {
            throw new ParseError(path, `${where}.${field}[${index}] is ${JSON.stringify(item) ?? 'missing'}, not a line number`);
        }
        return item;
    });
}
/** The `from` lines of a list of arcs `[from, to]`. */
function arcSources(object, field, where, path) {
    const value = object[field];
    if (value === undefined)
        return [];
    if (!Array.isArray(value)) {
        throw new ParseError(path, `${where}.${field} is not an array of [from, to] arcs`);
    }
    return value.map((arc, index) => {
        if (!Array.isArray(arc) ||
            arc.length !== 2 ||
            !isLineNumber(arc[0]) ||
            typeof arc[1] !== 'number' ||
            !Number.isInteger(arc[1])) {
            throw new ParseError(path, `${where}.${field}[${index}] is ${shownJson(arc)}, not an arc [from line, to line]`);
        }
        return arc[0];
    });
}
function summaryCount(summary, field, where, path) {
    if (summary?.[field] === undefined)
        return undefined;
    const number = numberField(summary, field);
    if (!isStatedCount(number)) {
        throw new ParseError(path, `${where}.summary.${field} is ${shownJson(summary[field])}, not a count`);
    }
    return number;
}

;// CONCATENATED MODULE: ./src/coverage/go-cover.ts



const goCoverParser = {
    format: 'go',
    detect: detectGoCover,
    parse: parseGoCover,
    parseStream: parseGoCoverStream,
};
const MODE = /^mode: (set|count|atomic)\s*$/;
const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)\s*$/;
/** The first line is the mode line, and the next whole line (if the head has one) a block. */
function detectGoCover(head) {
    const lines = head.replace(/^\uFEFF/, '').split('\n');
    if (!MODE.test(lines[0]))
        return false;
    // A second line the head cut off is not judged.
    const next = lines.length > 2 ? lines[1].trim() : '';
    return next === '' || BLOCK.test(next) || MODE.test(next);
}
function parseGoCover(source, context) {
    return readText(new GoCoverReader(context.path), source);
}
/** The same from chunks of text: the file is never held whole. */
function parseGoCoverStream(chunks, context) {
    return readChunks(new GoCoverReader(context.path), chunks);
}
// ---------------------------------------------------------------------------------------------
/**
 * The most lines one block may span. A Go block is the statements between two branches; even
 * generated code keeps that far below this. A crafted `1.1,2000000000.1` would otherwise ask for
 * two billion lines from 30 bytes.
 */
const MAX_BLOCK_LINES = 100_000;
/**
 * The lines all blocks together may span: a million, and 64 more for each block (real blocks
 * span 2 to 5 on average), so the lines kept grow with the text read, as in any other format.
 */
const BASE_TOTAL_LINES = 1_000_000;
const LINES_PER_BLOCK = 64;
class GoCoverReader {
    #path;
    #splitter;
    #mode;
    /** Blocks by file, then by their span as written. */
    #files = new Map();
    #spannedLines = 0;
    #blocks = 0;
    constructor(path) {
        this.#path = path;
        this.#splitter = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
    }
    write(chunk) {
        this.#splitter.write(chunk);
    }
    end() {
        this.#splitter.end();
        if (this.#mode === undefined)
            throw new ParseError(this.#path, 'the file is empty');
        return {
            format: 'go',
            files: [...this.#files].map(([path, blocks]) => toFile(path, blocks)),
            sourceRoots: [],
        };
    }
    #line(raw, lineNumber) {
        let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff)
            line = line.slice(1);
        if (line.trim() === '')
            return;
        if (line.startsWith('mode:')) {
            const mode = line.slice('mode:'.length).trim();
            if (this.#mode === undefined) {
                if (!/^(?:set|count|atomic)$/.test(mode)) {
                    throw new ParseError(this.#path, `not a Go coverprofile: mode "${mode}" is none of set, count, atomic`, lineNumber);
                }
                this.#mode = mode;
            }
            else if (mode !== this.#mode) {
                throw new ParseError(this.#path, `mode "${mode}" after mode "${this.#mode}": profiles of two modes cannot merge`, lineNumber);
            }
            return;
        }
        if (this.#mode === undefined) {
            throw new ParseError(this.#path, `not a Go coverprofile: the first line should be "mode: set|count|atomic", not "${shorten(line)}"`, lineNumber);
        }
        const match = BLOCK.exec(line);
        if (!match) {
            throw new ParseError(this.#path, `not a coverprofile block ("file.go:line.col,line.col statements count"): "${shorten(line)}"`, lineNumber);
        }
        const [, file, startText, startCol, endText, endCol, statementsText, countText] = match;
        const startLine = Number(startText);
        const endLine = Number(endText);
        if (!isLineNumber(startLine) || endLine > MAX_LINE) {
            throw new ParseError(this.#path, `line ${startText} or ${endText} is no line number`, lineNumber);
        }
        if (endLine < startLine) {
            throw new ParseError(this.#path, `the block ends on line ${endLine}, before it starts (line ${startLine})`, lineNumber);
        }
        if (endLine - startLine >= MAX_BLOCK_LINES) {
            throw new ParseError(this.#path, `one block spans ${endLine - startLine + 1} lines, more than any Go block can`, lineNumber);
        }
        const statements = Number(statementsText);
        if (statements > MAX_COUNT) {
            throw new ParseError(this.#path, `${statementsText} statements in one block`, lineNumber);
        }
        const count = hitsOf(Number(countText));
        let blocks = this.#files.get(file);
        if (!blocks) {
            blocks = new Map();
            this.#files.set(file, blocks);
        }
        const key = `${startLine}.${Number(startCol)},${endLine}.${Number(endCol)}`;
        const known = blocks.get(key);
        if (known) {
            if (known.statements !== statements) {
                throw new ParseError(this.#path, `block ${file}:${key} stated with ${known.statements} statements, now ${statements}`, lineNumber);
            }
            known.count =
                this.#mode === 'set'
                    ? Math.max(known.count, count > 0 ? 1 : 0)
                    : addHits(known.count, count);
            return;
        }
        this.#spannedLines += endLine - startLine + 1;
        this.#blocks++;
        if (this.#spannedLines > BASE_TOTAL_LINES + LINES_PER_BLOCK * this.#blocks) {
            throw new ParseError(this.#path, `${this.#blocks} blocks span ${this.#spannedLines} lines, far more than Go's blocks do`, lineNumber);
        }
        blocks.set(key, {
            startLine,
            endLine,
            statements,
            count: this.#mode === 'set' ? (count > 0 ? 1 : 0) : count,
        });
    }
}
function toFile(path, blocks) {
    const lines = new Map();
    let total = 0;
    let covered = 0;
    for (const block of blocks.values()) {
        total += block.statements;
        if (block.count > 0)
            covered += block.statements;
        for (let line = block.startLine; line <= block.endLine; line++) {
            const known = lines.get(line);
            if (known === undefined || block.count > known)
                lines.set(line, block.count);
        }
    }
    return {
        path,
        lines: new Map([...lines].sort(([a], [b]) => a - b)),
        branches: new Map(),
        functions: [],
        statements: { covered, total },
    };
}
function shorten(line) {
    return line.length > 60 ? `${line.slice(0, 60)}...` : line;
}

;// CONCATENATED MODULE: ./src/coverage/istanbul.ts



const istanbulParser = {
    format: 'istanbul',
    detect: detectIstanbul,
    parse: parseIstanbul,
};
const istanbulSummaryParser = {
    format: 'istanbul-summary',
    detect: detectIstanbulSummary,
    parse: parseIstanbulSummary,
};
/** The first key is a file, whose object starts with one of a file coverage's own keys. */
const FINAL_HEAD = new RegExp(String.raw `^\s*\{\s*${JSON_KEY_PATTERN}\s*:\s*\{\s*"(?:path|statementMap|fnMap|branchMap|s|f|b|all|hash|_coverageSchema|inputSourceMap|data)"\s*:`);
const SUMMARY_HEAD = /^\s*\{\s*"total"\s*:\s*\{\s*"(?:lines|statements|functions|branches)"\s*:\s*\{/;
/** `{"<file>": {"path": ..., "statementMap": ...`: a file's keys first, a statementMap near. */
function detectIstanbul(head) {
    const text = head.replace(/^\uFEFF/, '');
    return FINAL_HEAD.test(text) && text.includes('"statementMap"');
}
/** `{"total": {"lines": {...`: the summary reporter writes the total first. */
function detectIstanbulSummary(head) {
    return SUMMARY_HEAD.test(head.replace(/^\uFEFF/, ''));
}
// ---------------------------------------------------------------------------------------------
// coverage-final.json
const FINAL = 'an Istanbul coverage-final.json';
function parseIstanbul(source, context) {
    const path = context.path;
    let map = parseJsonObject(source, path, FINAL);
    if ('coverageMap' in map || Array.isArray(map['testResults'])) {
        // Jest's --json report: the coverage is its coverageMap.
        const coverageMap = objectField(map, 'coverageMap');
        if (!coverageMap) {
            throw new ParseError(path, 'a Jest JSON report without coverage: its "coverageMap" is missing (run Jest with --coverage)');
        }
        map = coverageMap;
    }
    const files = [];
    for (const [key, value] of Object.entries(map)) {
        files.push(readFinalFile(key, value, path));
    }
    return { format: 'istanbul', files, sourceRoots: [] };
}
function readFinalFile(key, value, path) {
    let data = value;
    // A FileCoverage object serialised without its toJSON: the data is under "data".
    if (isObject(data) && !('statementMap' in data) && isObject(data['data']))
        data = data['data'];
    if (!isObject(data) || !isObject(data['statementMap']) || !isObject(data['s'])) {
        throw new ParseError(path, `not ${FINAL}: "${key}" is ${describe(data)}, not a file's coverage with "statementMap" and "s"`);
    }
    const where = (what) => `"${key}" ${what}`;
    const statementMap = data['statementMap'];
    const lines = new Map();
    let statementsCovered = 0;
    let statementsTotal = 0;
    for (const [id, value] of Object.entries(data['s'])) {
        const hits = hitCount(value, path, () => where(`s["${id}"]`));
        statementsTotal++;
        if (hits > 0)
            statementsCovered++;
        const location = objectField(statementMap, id);
        // getLineCoverage() skips a count without a statement; so do we.
        if (!location)
            continue;
        const line = startLine(location, path, () => where(`statementMap["${id}"]`));
        if (line === undefined)
            continue;
        const known = lines.get(line);
        if (known === undefined || known < hits)
            lines.set(line, hits);
    }
    const functions = [];
    const fnMap = objectField(data, 'fnMap');
    for (const [id, value] of entriesOf(data, 'f', path, key)) {
        const hits = hitCount(value, path, () => where(`f["${id}"]`));
        const meta = objectField(fnMap, id);
        const what = () => where(`fnMap["${id}"]`);
        const line = startLine(objectField(meta, 'decl'), path, what) ??
            startLine(objectField(meta, 'loc'), path, what) ??
            lineField(meta, 'line', path, what);
        functions.push({
            name: stringField(meta, 'name') ?? `(anonymous_${id})`,
            ...(line === undefined ? {} : { line }),
            hits,
        });
    }
    const branches = new Map();
    const branchMap = objectField(data, 'branchMap');
    for (const [id, value] of entriesOf(data, 'b', path, key)) {
        if (!Array.isArray(value)) {
            throw new ParseError(path, `${where(`b["${id}"]`)} is ${describe(value)}, not an array of counts`);
        }
        const counts = value.map((item, index) => hitCount(item, path, () => where(`b["${id}"][${index}]`)));
        const meta = objectField(branchMap, id);
        const what = () => where(`branchMap["${id}"]`);
        const firstLocation = Array.isArray(meta?.['locations']) ? meta['locations'][0] : undefined;
        const line = startLine(objectField(meta, 'loc'), path, what) ??
            lineField(meta, 'line', path, what) ??
            (isObject(firstLocation) ? startLine(firstLocation, path, what) : undefined);
        // Istanbul's lcov reporter leaves out a branch without its map entry; so do we.
        if (line === undefined || counts.length === 0)
            continue;
        const known = branches.get(line) ?? { covered: 0, total: 0 };
        branches.set(line, {
            covered: known.covered + counts.filter((count) => count > 0).length,
            total: known.total + counts.length,
        });
    }
    return {
        path: stringField(data, 'path') ?? key,
        lines: new Map([...lines].sort(([a], [b]) => a - b)),
        branches,
        functions,
        statements: { covered: statementsCovered, total: statementsTotal },
    };
}
/** The entries of an object field (`f`, `b`); absent is none, another type a ParseError. */
function entriesOf(data, field, path, key) {
    const value = data[field];
    if (value === undefined)
        return [];
    if (!isObject(value)) {
        throw new ParseError(path, `not ${FINAL}: "${key}" has ${describe(value)} as "${field}"`);
    }
    return Object.entries(value);
}
/** `location.start.line`, where the location has one; 0 (V8's "no line") is none. */
function startLine(location, path, what) {
    return lineField(objectField(location, 'start'), 'line', path, what);
}
function lineField(object, key, path, what) {
    const value = object?.[key];
    if (value === undefined || value === null || value === 0)
        return undefined;
    if (isLineNumber(value))
        return value;
    throw new ParseError(path, `${what()} has ${describe(value)} as its line`);
}
// ---------------------------------------------------------------------------------------------
// coverage-summary.json
const SUMMARY = 'an Istanbul coverage-summary.json';
const METRICS = ['lines', 'statements', 'functions', 'branches'];
function parseIstanbulSummary(source, context) {
    const path = context.path;
    const document = parseJsonObject(source, path, SUMMARY);
    if (!isObject(document['total'])) {
        throw new ParseError(path, `not ${SUMMARY}: there is no "total" entry`);
    }
    readTotals('total', document['total'], path);
    const files = [];
    for (const [key, value] of Object.entries(document)) {
        if (key === 'total')
            continue;
        files.push({
            path: key,
            lines: new Map(),
            branches: new Map(),
            functions: [],
            totals: readTotals(key, value, path),
        });
    }
    return { format: 'istanbul-summary', files, sourceRoots: [] };
}
function readTotals(key, value, path) {
    if (!isObject(value)) {
        throw new ParseError(path, `not ${SUMMARY}: "${key}" is ${describe(value)}, not an object of totals`);
    }
    const totals = {};
    for (const metric of METRICS) {
        if (value[metric] === undefined)
            continue;
        const counts = value[metric];
        const what = `"${key}".${metric}`;
        if (!isObject(counts)) {
            throw new ParseError(path, `${what} is ${describe(counts)}, not {total, covered}`);
        }
        const total = istanbul_summaryCount(counts, 'total', what, path);
        const covered = istanbul_summaryCount(counts, 'covered', what, path);
        if (covered > total) {
            throw new ParseError(path, `${what} has ${covered} covered of ${total}`);
        }
        totals[metric] = { covered, total };
    }
    if (Object.keys(totals).length === 0) {
        throw new ParseError(path, `not ${SUMMARY}: "${key}" has none of lines, statements, functions, branches`);
    }
    return totals;
}
function istanbul_summaryCount(counts, field, what, path) {
    const number = numberField(counts, field);
    if (!isStatedCount(number)) {
        throw new ParseError(path, `${what}.${field} is ${describe(counts[field])}, not a count`);
    }
    return number;
}
// ---------------------------------------------------------------------------------------------
/** A hit count (a number or a numeric string), as hitsOf keeps it; anything else a ParseError. */
function hitCount(value, path, what) {
    const hits = jsonHits(typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
    if (hits === undefined) {
        throw new ParseError(path, `${what()} is ${describe(value)}, not a hit count`);
    }
    return hits;
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    if (typeof value === 'string')
        return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}...` : value);
    if (typeof value === 'object')
        return 'an object';
    if (value === undefined)
        return 'missing';
    return String(value);
}

;// CONCATENATED MODULE: ./src/coverage/jacoco.ts


const jacocoParser = xmlCoverageParser({
    format: 'jacoco',
    label: 'JaCoCo',
    root: 'report',
    detect: detectJacoco,
    reading: jacoco_reading,
});
/**
 * A `<report>` root with JaCoCo's DOCTYPE, or with what only JaCoCo writes under it (session
 * info, counters, packages, groups, or the lone `<report name=…/>` of an empty run).
 */
function detectJacoco(head) {
    const root = rootOf(head);
    if (root?.name !== 'report')
        return false;
    if (/<!DOCTYPE\s+report\s+PUBLIC\s+"-\/\/JACOCO\/\/DTD/i.test(head))
        return true;
    return /<(?:sessioninfo|counter\s+type=|package\s+name=|group\s+name=)/.test(head);
}
/** JaCoCo's reading refuses nothing beyond its root, which the shared reader checks. */
function jacoco_reading() {
    const files = new CoverageFiles();
    let pkg;
    let sourcefile;
    let cls;
    let method;
    return {
        open(name, attributes, ancestors) {
            const depth = ancestors.length;
            if (depth === 0)
                return;
            const parent = ancestors[depth - 1];
            switch (name) {
                case 'package':
                    pkg = { name: packagePath(attributes.name ?? ''), sourcefiles: [], methods: [] };
                    break;
                case 'sourcefile': {
                    const file = attributes.name?.trim();
                    if (pkg && parent === 'package' && file) {
                        sourcefile = joinPath(pkg.name, file);
                        pkg.sourcefiles.push(file);
                        files.file(sourcefile);
                    }
                    break;
                }
                case 'line': {
                    const line = parseLineNumber(attributes.nr);
                    if (sourcefile === undefined || parent !== 'sourcefile' || line === undefined)
                        break;
                    const missed = parseCount(attributes.mi) ?? 0;
                    const covered = parseCount(attributes.ci) ?? 0;
                    if (missed + covered === 0)
                        break;
                    const lines = files.file(sourcefile).lines;
                    lines.addLine(line, covered > 0 ? 1 : 0);
                    const coveredBranches = parseCount(attributes.cb) ?? 0;
                    lines.addBranches(line, coveredBranches, coveredBranches + (parseCount(attributes.mb) ?? 0));
                    break;
                }
                case 'class':
                    if (pkg && parent === 'package') {
                        const file = attributes.sourcefilename?.trim();
                        cls = { name: attributes.name ?? '', ...(file ? { file } : {}) };
                    }
                    break;
                case 'method':
                    if (cls && parent === 'class') {
                        method = {
                            name: attributes.name ?? '(anonymous)',
                            line: parseLineNumber(attributes.line),
                        };
                    }
                    break;
                case 'counter':
                    if (method && parent === 'method') {
                        const covered = parseCount(attributes.covered) ?? 0;
                        if (attributes.type === 'METHOD')
                            method.methodCovered = covered;
                        if (attributes.type === 'INSTRUCTION')
                            method.instructionCovered = covered;
                    }
                    break;
            }
        },
        close(name) {
            switch (name) {
                case 'method':
                    if (method && cls && pkg) {
                        const ran = (method.methodCovered ?? method.instructionCovered ?? 0) > 0;
                        const fn = {
                            name: method.name,
                            ...(method.line !== undefined ? { line: method.line } : {}),
                            hits: ran ? 1 : 0,
                        };
                        pkg.methods.push({ className: cls.name, ...(cls.file ? { file: cls.file } : {}), fn });
                    }
                    method = undefined;
                    break;
                case 'class':
                    cls = undefined;
                    break;
                case 'sourcefile':
                    sourcefile = undefined;
                    break;
                case 'package':
                    if (pkg)
                        placeMethods(pkg, files);
                    pkg = undefined;
                    break;
            }
        },
        report: () => files.report('jacoco', []),
    };
}
/** Puts each method of a package in its class's source file, where one can be told. */
function placeMethods(pkg, files) {
    for (const { className, file, fn } of pkg.methods) {
        const name = file ?? sourcefileOfClass(className, pkg.sourcefiles);
        if (name !== undefined)
            files.addFunction(joinPath(pkg.name, name), fn);
    }
}
/** `a/b/Outer$Inner` → the package's sourcefile whose name without extension is `Outer`. */
function sourcefileOfClass(className, sourcefiles) {
    const simple = className.slice(Math.max(className.lastIndexOf('/'), className.lastIndexOf('.')) + 1);
    const outer = simple.split('$', 1)[0];
    return sourcefiles.find((file) => file.replace(/\.[^.]*$/, '') === outer);
}
/** JaCoCo's VM package name (`a/b`); a dotted Java name (`a.b`) is read as the same. */
function packagePath(name) {
    const trimmed = name.trim().replace(/\/+$/, '');
    return trimmed.includes('/') ? trimmed : trimmed.replaceAll('.', '/');
}
function joinPath(pkg, file) {
    return pkg === '' ? file : `${pkg}/${file}`;
}

;// CONCATENATED MODULE: ./src/coverage/lcov.ts



const lcovParser = {
    format: 'lcov',
    detect: detectLcov,
    parse: parseLcov,
    parseStream: parseLcovStream,
};
/** A record line: an upper-case key and a colon, or the end of a record. */
const RECORD = /^(?:[A-Z][A-Z_]*:|end_of_record\s*$)/;
/**
 * The first line is a `TN:`, `SF:` or `VER:` record and every other whole line of the head is an
 * LCOV record (or blank). TAP, JUnit, JSON and coverprofiles fail on their first line.
 */
function detectLcov(head) {
    const lines = head.replace(/^\uFEFF/, '').split('\n');
    // The last piece may be cut by the head's end: only whole lines are judged.
    if (lines.length > 1)
        lines.pop();
    let first = true;
    for (const raw of lines) {
        const line = raw.trim();
        if (line === '')
            continue;
        if (first) {
            if (!/^(?:TN|SF|VER):/.test(line))
                return false;
            first = false;
        }
        else if (!RECORD.test(line))
            return false;
    }
    return !first;
}
function parseLcov(source, context) {
    return readText(new LcovReader(context.path), source);
}
/** The same from chunks of text: the file is never held whole. */
function parseLcovStream(chunks, context) {
    return readChunks(new LcovReader(context.path), chunks);
}
// ---------------------------------------------------------------------------------------------
/** Whole or decimal numbers, signed, with an exponent: what hit counts look like in the wild. */
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** One file's coverage as it is gathered, over every record that names it. */
class FileState {
    path;
    lines = new Map();
    /** Branch hits by `line\0block\0branch`, in first-seen order. */
    branches = new Map();
    /** Functions by `name\0line\0k` (the k-th of that name and line in its record). */
    functions = new Map();
    constructor(path) {
        this.path = path;
    }
}
/** What one SF ... end_of_record record says about functions, resolved when it ends. */
class RecordFunctions {
    /** FN lines in order. */
    declared = [];
    /** FNDA hits by name, in order, for the k-th FN of that name. */
    hitsByName = new Map();
    /** lcov 2.2 FNL/FNA: one function per index. */
    indexed = new Map();
}
class LcovReader {
    #path;
    #splitter;
    #files = new Map();
    #current;
    #functions = new RecordFunctions();
    #sawRecordLine = false;
    constructor(path) {
        this.#path = path;
        this.#splitter = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
    }
    write(chunk) {
        this.#splitter.write(chunk);
    }
    end() {
        this.#splitter.end();
        if (!this.#sawRecordLine)
            throw new ParseError(this.#path, 'the file is empty');
        this.#endRecord();
        if (this.#files.size === 0) {
            throw new ParseError(this.#path, 'not an LCOV tracefile: there is no SF record');
        }
        return { format: 'lcov', files: [...this.#files.values()].map(lcov_toFile), sourceRoots: [] };
    }
    #line(raw, lineNumber) {
        let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff)
            line = line.slice(1);
        line = line.trimStart();
        if (line === '')
            return;
        this.#sawRecordLine = true;
        if (line.trimEnd() === 'end_of_record') {
            this.#endRecord();
            return;
        }
        const colon = line.indexOf(':');
        const key = colon > 0 ? line.slice(0, colon) : '';
        if (!/^[A-Z][A-Z_]*$/.test(key)) {
            const shown = line.length > 40 ? `${line.slice(0, 40)}...` : line;
            throw new ParseError(this.#path, `not an LCOV record: "${shown}"`, lineNumber);
        }
        const value = line.slice(colon + 1);
        if (key === 'SF') {
            this.#endRecord();
            if (value.trim() === '')
                throw new ParseError(this.#path, 'SF without a path', lineNumber);
            // Kept as written; only trailing blanks (an editor's, a CRLF's) go.
            const path = value.trimEnd();
            let file = this.#files.get(path);
            if (!file) {
                file = new FileState(path);
                this.#files.set(path, file);
            }
            this.#current = file;
            return;
        }
        if (!DATA_KEYS.has(key))
            return;
        const file = this.#current;
        if (!file) {
            throw new ParseError(this.#path, `${key} outside a record: there is no SF before it`, lineNumber);
        }
        switch (key) {
            case 'DA':
                this.#lineData(file, value, lineNumber);
                break;
            case 'BRDA':
                this.#branchData(file, value, lineNumber);
                break;
            case 'FN':
                this.#functionDeclared(value, lineNumber);
                break;
            case 'FNDA':
                this.#functionHits(value, lineNumber);
                break;
            case 'FNL':
                this.#functionLocation(value, lineNumber);
                break;
            case 'FNA':
                this.#functionAlias(value, lineNumber);
                break;
        }
    }
    #lineData(file, value, lineNumber) {
        const [lineText, hitsText] = value.split(',', 3);
        const line = this.#lineNumber(lineText, 'DA', lineNumber);
        const hits = this.#count(hitsText, 'DA', lineNumber);
        if (line === 0)
            return;
        file.lines.set(line, addHits(file.lines.get(line) ?? 0, hits));
    }
    #branchData(file, value, lineNumber) {
        const fields = value.split(',');
        if (fields.length < 4) {
            throw new ParseError(this.#path, `BRDA needs line, block, branch and taken: "${value}"`, lineNumber);
        }
        const line = this.#lineNumber(fields[0], 'BRDA', lineNumber);
        const takenText = fields[fields.length - 1].trim();
        const taken = takenText === '-' ? 0 : this.#count(takenText, 'BRDA', lineNumber);
        if (line === 0)
            return;
        const key = `${line}\0${fields.slice(1, -1).join(',')}`;
        const known = file.branches.get(key);
        if (known)
            known.taken = addHits(known.taken, taken);
        else
            file.branches.set(key, { line, taken });
    }
    #functionDeclared(value, lineNumber) {
        const comma = value.indexOf(',');
        if (comma < 0) {
            throw new ParseError(this.#path, `FN needs a line and a name: "${value}"`, lineNumber);
        }
        const line = this.#lineNumber(value.slice(0, comma), 'FN', lineNumber);
        let name = value.slice(comma + 1);
        // lcov 2: FN:<start>,<end>,<name>. No function name starts with a digit.
        const end = /^\s*\d+\s*,/.exec(name);
        if (end)
            name = name.slice(end[0].length);
        this.#functions.declared.push({ name, ...(line > 0 ? { line } : {}), hits: 0 });
    }
    #functionHits(value, lineNumber) {
        const comma = value.indexOf(',');
        if (comma < 0) {
            throw new ParseError(this.#path, `FNDA needs hits and a name: "${value}"`, lineNumber);
        }
        const hits = this.#count(value.slice(0, comma), 'FNDA', lineNumber);
        const name = value.slice(comma + 1);
        const list = this.#functions.hitsByName.get(name);
        if (list)
            list.push(hits);
        else
            this.#functions.hitsByName.set(name, [hits]);
    }
    #functionLocation(value, lineNumber) {
        const [index, lineText] = value.split(',', 3);
        if (index === undefined || lineText === undefined || index.trim() === '') {
            throw new ParseError(this.#path, `FNL needs an index and a line: "${value}"`, lineNumber);
        }
        const line = this.#lineNumber(lineText, 'FNL', lineNumber);
        const entry = this.#indexed(index.trim());
        if (line > 0)
            entry.line = line;
    }
    #functionAlias(value, lineNumber) {
        const first = value.indexOf(',');
        const second = first < 0 ? -1 : value.indexOf(',', first + 1);
        if (second < 0) {
            throw new ParseError(this.#path, `FNA needs an index, hits and a name: "${value}"`, lineNumber);
        }
        const hits = this.#count(value.slice(first + 1, second), 'FNA', lineNumber);
        const entry = this.#indexed(value.slice(0, first).trim());
        entry.names.push(value.slice(second + 1));
        entry.hits = addHits(entry.hits, hits);
    }
    #indexed(index) {
        let entry = this.#functions.indexed.get(index);
        if (!entry) {
            entry = { names: [], hits: 0 };
            this.#functions.indexed.set(index, entry);
        }
        return entry;
    }
    /** Resolves the record's functions into its file, then starts afresh. */
    #endRecord() {
        const file = this.#current;
        const record = this.#functions;
        this.#current = undefined;
        this.#functions = new RecordFunctions();
        if (!file)
            return;
        const found = [];
        const seenOfName = new Map();
        for (const declared of record.declared) {
            const k = seenOfName.get(declared.name) ?? 0;
            seenOfName.set(declared.name, k + 1);
            const hits = record.hitsByName.get(declared.name);
            found.push({ ...declared, hits: hits?.[k] ?? 0 });
        }
        for (const [name, hits] of record.hitsByName) {
            const declared = seenOfName.get(name) ?? 0;
            if (hits.length <= declared)
                continue;
            const extra = hits.slice(declared).reduce(addHits, 0);
            if (declared > 0) {
                // More FNDA than FN of the name: the rest adds to the last of them.
                const last = found.findLast((entry) => entry.name === name);
                last.hits = addHits(last.hits, extra);
            }
            else {
                found.push({ name, hits: extra });
            }
        }
        for (const entry of record.indexed.values()) {
            found.push({
                name: entry.names[0] ?? '',
                ...(entry.line === undefined ? {} : { line: entry.line }),
                hits: entry.hits,
            });
        }
        const occurrences = new Map();
        for (const entry of found) {
            const base = `${entry.name}\0${entry.line ?? ''}`;
            const k = occurrences.get(base) ?? 0;
            occurrences.set(base, k + 1);
            const key = `${base}\0${k}`;
            const known = file.functions.get(key);
            if (known)
                known.hits = addHits(known.hits, entry.hits);
            else
                file.functions.set(key, entry);
        }
    }
    /** A line number from 0 (ignored by the callers) to 2^31-1, or a ParseError. */
    #lineNumber(text, key, lineNumber) {
        const trimmed = text?.trim() ?? '';
        const number = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
        if (!(number <= MAX_LINE)) {
            throw new ParseError(this.#path, `${key} has ${trimmed === '' ? 'no line number' : `"${trimmed}" where a line number belongs`}`, lineNumber);
        }
        return number;
    }
    #count(text, key, lineNumber) {
        const trimmed = text?.trim() ?? '';
        if (!NUMBER.test(trimmed)) {
            throw new ParseError(this.#path, `${key} has ${trimmed === '' ? 'no hit count' : `"${trimmed}" where a hit count belongs`}`, lineNumber);
        }
        return hitsOf(Number(trimmed));
    }
}
const DATA_KEYS = new Set(['DA', 'BRDA', 'FN', 'FNDA', 'FNL', 'FNA']);
function lcov_toFile(state) {
    const branches = new Map();
    for (const { line, taken } of state.branches.values()) {
        const known = branches.get(line) ?? { covered: 0, total: 0 };
        branches.set(line, { covered: known.covered + (taken > 0 ? 1 : 0), total: known.total + 1 });
    }
    const functions = [...state.functions.values()].map((entry) => ({
        name: entry.name,
        ...(entry.line === undefined ? {} : { line: entry.line }),
        hits: entry.hits,
    }));
    return { path: state.path, lines: state.lines, branches, functions };
}

;// CONCATENATED MODULE: ./src/coverage/simplecov.ts



const simplecovParser = {
    format: 'simplecov',
    detect: detectSimplecov,
    parse: parseSimplecov,
};
const simplecov_WHAT = 'a SimpleCov .resultset.json';
/** A command name, then its coverage (timestamp first, if a writer sorted keys), then a file. */
const HEAD = new RegExp(String.raw `^\s*\{\s*${JSON_KEY_PATTERN}\s*:\s*\{\s*(?:"timestamp"\s*:\s*[\d.eE+]+\s*,\s*)?"coverage"\s*:\s*\{\s*(?:${JSON_KEY_PATTERN}\s*:\s*(?:\{\s*"(?:lines|branches)"\s*:|\[)|\})`);
function detectSimplecov(head) {
    return HEAD.test(head.replace(/^\uFEFF/, ''));
}
function parseSimplecov(source, context) {
    const path = context.path;
    const document = parseJsonObject(source, path, simplecov_WHAT);
    const files = new Map();
    for (const [command, result] of Object.entries(document)) {
        const coverage = isObject(result) ? result['coverage'] : undefined;
        if (!isObject(coverage)) {
            throw new ParseError(path, `not ${simplecov_WHAT}: "${command}" holds ${shownJson(result)}, not a command's {"coverage": {...}}`);
        }
        for (const [file, data] of Object.entries(coverage)) {
            let state = files.get(file);
            if (!state) {
                state = { lines: new Map(), branches: new Map() };
                files.set(file, state);
            }
            simplecov_readFile(state, data, `"${command}".coverage["${file}"]`, path);
        }
    }
    return {
        format: 'simplecov',
        files: [...files].map(([file, state]) => simplecov_toFile(file, state)),
        sourceRoots: [],
    };
}
function simplecov_readFile(state, data, where, path) {
    const lines = Array.isArray(data) ? data : isObject(data) ? data['lines'] : undefined;
    if (!Array.isArray(lines)) {
        throw new ParseError(path, `not ${simplecov_WHAT}: ${where} is ${shownJson(data)}, not {"lines": [...]} or a lines array`);
    }
    lines.forEach((value, index) => {
        if (value === null)
            return;
        const hits = simplecov_hitCount(value, () => `${where}.lines[${index}] (line ${index + 1})`, path);
        const line = index + 1;
        state.lines.set(line, addHits(state.lines.get(line) ?? 0, hits));
    });
    const branches = isObject(data) ? data['branches'] : undefined;
    if (branches === undefined || branches === null)
        return;
    if (!isObject(branches)) {
        throw new ParseError(path, `${where}.branches is ${shownJson(branches)}, not an object`);
    }
    for (const [condition, inner] of Object.entries(branches)) {
        const line = conditionLine(condition);
        if (line === undefined) {
            throw new ParseError(path, `${where}.branches has the key ${shownJson(condition)}, not "[:type, id, line, column, line, column]"`);
        }
        if (!isObject(inner)) {
            throw new ParseError(path, `${where}.branches[${shownJson(condition)}] is ${shownJson(inner)}, not an object`);
        }
        let known = state.branches.get(condition);
        if (!known) {
            known = { line, hits: new Map() };
            state.branches.set(condition, known);
        }
        for (const [branch, value] of Object.entries(inner)) {
            const hits = simplecov_hitCount(value, () => `${where}.branches[${shownJson(condition)}][${shownJson(branch)}]`, path);
            known.hits.set(branch, addHits(known.hits.get(branch) ?? 0, hits));
        }
    }
}
/** The start line of `[:if, 0, 4, 4, 4, 54]` (the third of six; the type may be `:"&."`). */
function conditionLine(key) {
    const text = key.trim();
    if (!text.startsWith('[') || !text.endsWith(']'))
        return undefined;
    const fields = text
        .slice(1, -1)
        .split(',')
        .map((field) => field.trim());
    if (fields.length < 6)
        return undefined;
    const numbers = fields.slice(-5);
    if (!numbers.every((field) => /^-?\d+$/.test(field)))
        return undefined;
    const line = Number(numbers[1]);
    return isLineNumber(line) ? line : undefined;
}
function simplecov_toFile(path, state) {
    const branches = new Map();
    for (const { line, hits } of state.branches.values()) {
        if (hits.size === 0)
            continue;
        const known = branches.get(line) ?? { covered: 0, total: 0 };
        for (const count of hits.values()) {
            known.total++;
            if (count > 0)
                known.covered++;
        }
        branches.set(line, known);
    }
    return {
        path,
        lines: new Map([...state.lines].sort(([a], [b]) => a - b)),
        branches: new Map([...branches].sort(([a], [b]) => a - b)),
        functions: [],
    };
}
// ---------------------------------------------------------------------------------------------
/** A hit count of the resultset: a JSON number; anything else is a ParseError. */
function simplecov_hitCount(value, what, path) {
    const hits = jsonHits(value);
    if (hits === undefined) {
        throw new ParseError(path, `${what()} is ${shownJson(value)}, not a hit count or null`);
    }
    return hits;
}

;// CONCATENATED MODULE: ./src/coverage/index.ts








/** Every coverage format the action reads. A new format is one file and one line here. */
const coverageParsers = [
    // Clover and Cobertura both have a <coverage> root: Clover's check looks for its <project>.
    cloverParser,
    coberturaParser,
    jacocoParser,
    lcovParser,
    istanbulParser,
    istanbulSummaryParser,
    coveragePyJsonParser,
    simplecovParser,
    goCoverParser,
];
/** The parser whose format the file's first bytes show, if any. */
function detectCoverageParser(head) {
    return coverageParsers.find((parser) => parser.detect(head));
}

;// CONCATENATED MODULE: ./src/model/objects.ts
/** The object without its undefined fields (JSON leaves them out too; CTRF's schema lists none). */
function omitUndefined(object) {
    const kept = {};
    for (const [key, value] of Object.entries(object)) {
        if (value !== undefined)
            kept[key] = value;
    }
    return kept;
}

;// CONCATENATED MODULE: ./src/coverage/merge.ts

/**
 * Merges reports by counts per file and line, never by averaging percentages: a line is
 * executable when any report lists it and covered when any report ran it; a line's branches
 * are the most any report counted (two reports of one run list the same branches). Totals are
 * sums over files. Summary-only data (totals without lines) counts for a file no report lists
 * line by line.
 */
function mergeCoverage(reports, resolve) {
    const byPath = new Map();
    const unmapped = new Set();
    for (const report of reports) {
        for (const file of report.files) {
            const mapped = resolve?.(file.path, report.sourceRoots);
            if (resolve && mapped === undefined)
                unmapped.add(file.path);
            const key = mapped ?? file.path.replace(/\\/g, '/');
            let into = byPath.get(key);
            if (!into) {
                into = { lines: new Map(), branches: new Map(), functions: new Map() };
                byPath.set(key, into);
            }
            addFile(into, file);
        }
    }
    const files = [...byPath]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([path, accumulator]) => finishFile(path, accumulator));
    return { files, totals: sumTotals(files), unmapped: [...unmapped].sort() };
}
function addFile(into, file) {
    for (const [line, hits] of file.lines)
        into.lines.set(line, (into.lines.get(line) ?? 0) + hits);
    for (const [line, counts] of file.branches) {
        into.branches.set(line, maxCounts(into.branches.get(line), counts));
    }
    for (const fn of file.functions) {
        const key = `${fn.name}\u0000${fn.line ?? ''}`;
        const known = into.functions.get(key);
        into.functions.set(key, known ? { ...known, hits: known.hits + fn.hits } : fn);
    }
    if (file.totals)
        into.summary = maxTotals(into.summary, file.totals);
    if (file.statements)
        into.statements = maxCounts(into.statements, file.statements);
}
function finishFile(path, accumulator) {
    const { lines, branches, summary } = accumulator;
    const functions = [...accumulator.functions.values()];
    const byLines = lines.size > 0;
    const lineCounts = byLines
        ? { covered: countWhere(lines.values(), (hits) => hits > 0), total: lines.size }
        : (summary?.lines ?? { covered: 0, total: 0 });
    // A report may count branches without placing them on lines (a trimmed coverage.py file):
    // its count stands when no report gives branches per line.
    const branchCounts = branches.size > 0
        ? [...branches.values()].reduce(addCounts, { covered: 0, total: 0 })
        : summary?.branches;
    const functionCounts = functions.length > 0
        ? { covered: countWhere(functions, (fn) => fn.hits > 0), total: functions.length }
        : byLines
            ? undefined
            : summary?.functions;
    const statements = accumulator.statements ?? (byLines ? undefined : summary?.statements);
    return {
        path,
        lines,
        branches,
        functions,
        totals: omitUndefined({
            lines: lineCounts,
            branches: branchCounts,
            functions: functionCounts,
            statements,
        }),
    };
}
function sumTotals(files) {
    const sum = (pick) => {
        const present = files.map((f) => pick(f.totals)).filter((c) => c !== undefined);
        return present.length > 0 ? present.reduce(addCounts, { covered: 0, total: 0 }) : undefined;
    };
    return omitUndefined({
        lines: sum((t) => t.lines) ?? { covered: 0, total: 0 },
        branches: sum((t) => t.branches),
        functions: sum((t) => t.functions),
        statements: sum((t) => t.statements),
    });
}
/** Line hits per repository path: what changed-line coverage intersects with a diff. */
function lineHitsByPath(coverage) {
    return new Map(coverage.files.map((file) => [file.path, file.lines]));
}
function addCounts(a, b) {
    return { covered: a.covered + b.covered, total: a.total + b.total };
}
function maxCounts(a, b) {
    if (!a)
        return b;
    if (!b)
        return a;
    return { covered: Math.max(a.covered, b.covered), total: Math.max(a.total, b.total) };
}
function maxTotals(a, b) {
    return omitUndefined({
        lines: maxCounts(a?.lines, b.lines),
        branches: maxCounts(a?.branches, b.branches),
        functions: maxCounts(a?.functions, b.functions),
        statements: maxCounts(a?.statements, b.statements),
    });
}
function countWhere(items, predicate) {
    let count = 0;
    for (const item of items)
        if (predicate(item))
            count++;
    return count;
}

;// CONCATENATED MODULE: ./src/collect/find-files.ts


/** Well-known report names, searched when `results` is not given. */
const AUTO_RESULT_GLOBS = [
    '**/TEST-*.xml',
    '**/*junit*.xml',
    '**/*xunit*.xml',
    '**/*nunit*.xml',
    '**/test-results/**/*.{xml,json,trx,tap}',
    '**/test-reports/**/*.{xml,json,trx,tap}',
    '**/*.trx',
    '**/TestResult.xml',
    '**/TestResults/**/*.xml',
    '**/*.tap',
    '**/ctrf/*.json',
    '**/*ctrf*.json',
];
/** Where coverage tools write by default, searched when `coverage` is not given. */
const AUTO_COVERAGE_GLOBS = [
    '**/lcov.info',
    '**/*.lcov',
    '**/coverage*.xml',
    '**/cobertura*.xml',
    '**/*.cobertura.xml',
    '**/jacoco*.xml',
    '**/clover.xml',
    '**/coverage-final.json',
    '**/coverage-summary.json',
    '**/coverage.json',
    '**/.resultset.json',
    '**/coverage.out',
    '**/cover.out',
    '**/*.coverprofile',
];
const ALWAYS_SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/**
 * Files matching any pattern, minus those matching a `!`-prefixed one. Sorted, each once.
 * `skipVendored` leaves out node_modules and .git, as the automatic search must.
 */
async function findFiles(patterns, cwd, options) {
    const include = patterns.filter((p) => !p.startsWith('!'));
    const negated = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const excluded = new Set();
    for (const pattern of negated) {
        for await (const match of (0,promises_.glob)(pattern, { cwd }))
            excluded.add(external_node_path_default().resolve(cwd, match));
    }
    const exclude = options.skipVendored
        ? (entry) => ALWAYS_SKIPPED_DIRECTORIES.has(external_node_path_default().basename(entry))
        : undefined;
    const seen = new Set();
    const found = [];
    if (include.length === 0)
        return found;
    // One walk of the tree for all patterns, not one per pattern.
    for await (const match of (0,promises_.glob)(include, { cwd, exclude })) {
        const absolutePath = external_node_path_default().resolve(cwd, match);
        if (seen.has(absolutePath) || excluded.has(absolutePath))
            continue;
        seen.add(absolutePath);
        const info = await (0,promises_.stat)(absolutePath).catch(() => undefined);
        if (!info?.isFile())
            continue;
        found.push({
            path: toPosix(external_node_path_default().relative(cwd, absolutePath)),
            absolutePath,
            bytes: info.size,
            modifiedMs: info.mtimeMs,
        });
    }
    return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
function toPosix(relative) {
    return relative.split((external_node_path_default()).sep).join('/');
}

;// CONCATENATED MODULE: ./src/collect/read-report-file.ts


/** Read whole, a file takes about twice its size in memory (a string, then a tree): beyond this, it is refused by name rather than risking the runner's memory. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;
/** Streamed, the text is never held, but every test it lists is: the limit is the model's. */
const MAX_STREAMED_BYTES = 768 * 1024 * 1024;
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
async function readReportText(absolutePath) {
    const handle = await (0,promises_.open)(absolutePath, 'r');
    try {
        const buffer = await handle.readFile();
        return decode(buffer);
    }
    finally {
        await handle.close();
    }
}
/** The first few KiB, decoded, for format detection without reading a huge file whole. */
async function readReportHead(absolutePath) {
    const handle = await (0,promises_.open)(absolutePath, 'r');
    try {
        const buffer = Buffer.alloc(HEAD_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
        const bytes = buffer.subarray(0, bytesRead);
        const utf16 = encodingOf(bytes) !== 'utf-8';
        return { head: decode(bytes), binary: !utf16 && bytes.includes(0) };
    }
    finally {
        await handle.close();
    }
}
/** The encoding a file's first bytes show by their byte-order mark: UTF-8 when they show none. */
function encodingOf(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return 'utf-16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
        return 'utf-16be';
    return 'utf-8';
}
function decode(bytes) {
    // TextDecoder drops the byte-order mark by itself.
    return new TextDecoder(encodingOf(bytes)).decode(bytes);
}
/** The file's text in chunks, decoded by its byte-order mark, never held whole. */
async function* streamReportText(absolutePath) {
    const fd = (0,external_node_fs_.openSync)(absolutePath, 'r');
    let decoder;
    try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (let read = (0,external_node_fs_.readSync)(fd, buffer); read > 0; read = (0,external_node_fs_.readSync)(fd, buffer)) {
            // The first read holds the byte-order mark, if any.
            decoder ??= new TextDecoder(encodingOf(buffer.subarray(0, read)));
            for (let start = 0; start < read; start += DECODE_BYTES) {
                const piece = buffer.subarray(start, Math.min(read, start + DECODE_BYTES));
                // `stream: true` keeps a character split across two pieces whole.
                const text = decoder.decode(piece, { stream: true });
                if (text)
                    yield text;
            }
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
    const rest = decoder?.decode();
    if (rest)
        yield rest;
}

;// CONCATENATED MODULE: ./src/collect/collect-files.ts




/**
 * File times come from the kernel's coarse clock, a few milliseconds behind the one the
 * command's start was read from; more slack would count a report an earlier step just wrote.
 */
const MTIME_SLACK_MS = 100;
/** Finds, reads and parses every file; a file that fails is recorded by name, never fatal. */
async function collectFiles(options) {
    const auto = options.patterns === 'auto';
    const found = await findFiles(auto ? options.autoGlobs : options.patterns, options.cwd, {
        skipVendored: auto,
    });
    const parsed = [];
    const files = [];
    for (const file of found) {
        if (options.writtenAfterMs !== undefined &&
            file.modifiedMs < options.writtenAfterMs - MTIME_SLACK_MS) {
            files.push({
                path: file.path,
                kind: options.kind,
                status: 'stale',
                bytes: file.bytes,
                reason: 'written before the command started, so not counted',
            });
            continue;
        }
        const outcome = await readOne(file, auto, options);
        files.push(outcome.file);
        if (outcome.content !== undefined)
            parsed.push({ path: file.path, content: outcome.content });
    }
    return { parsed, files };
}
async function readOne(file, auto, options) {
    const base = { path: file.path, kind: options.kind, bytes: file.bytes };
    const failed = (reason, format) => ({
        file: { ...base, status: 'error', reason, format },
    });
    if (file.bytes === 0)
        return failed('the file is empty');
    if (file.bytes > MAX_STREAMED_BYTES)
        return failed(tooLarge(file.bytes, MAX_STREAMED_BYTES));
    let format;
    try {
        const { head, binary } = await readReportHead(file.absolutePath);
        if (binary)
            return failed('binary content, not a text report');
        const parser = options.detect(head);
        if (!parser) {
            // The automatic search casts a wide net: a file of another kind there is expected.
            if (auto)
                return { file: { ...base, status: 'ignored', reason: options.unknownFormat } };
            return failed(options.unknownFormat);
        }
        format = parser.format;
        const context = { path: file.path, reread: () => streamReportText(file.absolutePath) };
        let content;
        await parser.load?.();
        if (parser.parseStream) {
            content = await parser.parseStream(context.reread(), context);
        }
        else if (file.bytes > MAX_REPORT_BYTES) {
            return failed(tooLarge(file.bytes, MAX_REPORT_BYTES), parser.format);
        }
        else {
            content = parser.parse(await readReportText(file.absolutePath), context);
        }
        return { file: { ...base, status: 'parsed', format: parser.format }, content };
    }
    catch (error) {
        const reason = error instanceof ParseError ? error.detail : `could not be read: ${(0,errors/* messageOf */.b)(error)}`;
        return failed(reason, format);
    }
}
function tooLarge(bytes, limit) {
    const mib = (n) => `${(n / (1024 * 1024)).toFixed(0)} MiB`;
    return `the file is ${mib(bytes)}, over the ${mib(limit)} a report file may have here (split the report)`;
}

;// CONCATENATED MODULE: ./src/collect/repository-paths.ts
/**
 * Maps a path as a report wrote it (absolute, on another machine or in a container, Windows,
 * or just a file name) to a file of the repository, by the longest unambiguous suffix match
 * against the repository's tracked files. Pure: the file list is passed in.
 */
class RepositoryPaths {
    /** Tracked files by their last path segment, for a cheap first cut. */
    #byBasename = new Map();
    #files;
    constructor(files) {
        this.#files = new Set(files.map(normalize));
        for (const file of this.#files) {
            const base = file.slice(file.lastIndexOf('/') + 1);
            const list = this.#byBasename.get(base);
            if (list)
                list.push(file);
            else
                this.#byBasename.set(base, [file]);
        }
    }
    get size() {
        return this.#files.size;
    }
    /**
     * The repository-relative path, or undefined when no tracked file ends with the path's file
     * name, or when several match equally well (a guess would link the wrong file).
     */
    resolve(reported) {
        const path = normalize(reported);
        if (path === '')
            return undefined;
        if (this.#files.has(path))
            return path;
        const segments = path.split('/');
        const candidates = this.#byBasename.get(segments[segments.length - 1]);
        if (!candidates)
            return undefined;
        if (candidates.length === 1)
            return candidates[0];
        let best;
        let bestScore = 0;
        let tie = false;
        for (const candidate of candidates) {
            const score = sharedSuffixSegments(segments, candidate.split('/'));
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
                tie = false;
            }
            else if (score === bestScore) {
                tie = true;
            }
        }
        return tie ? undefined : best;
    }
}
function sharedSuffixSegments(a, b) {
    let count = 0;
    while (count < a.length &&
        count < b.length &&
        a[a.length - 1 - count] === b[b.length - 1 - count]) {
        count++;
    }
    return count;
}
/**
 * Resolves paths as a tool wrote them, memoized: a relative one is tried under each of `roots`
 * (the report's own source roots, e.g. Cobertura's `<source>`), then under `base` (the working
 * directory relative to the repository, where the tool ran), then as written.
 */
function createReportedPathResolver(paths, base) {
    const cache = new Map();
    const resolveOne = (candidate) => {
        if (!cache.has(candidate))
            cache.set(candidate, paths.resolve(candidate));
        return cache.get(candidate);
    };
    return (reported, roots = []) => {
        const relative = !isAbsolutePath(reported);
        const candidates = [
            ...(relative ? roots.map((root) => repository_paths_joinPath(root, reported)) : []),
            ...(relative && base ? [`${base}/${reported}`] : []),
            reported,
        ];
        for (const candidate of candidates) {
            const found = resolveOne(candidate);
            if (found !== undefined)
                return found;
        }
        return undefined;
    };
}
/** Absolute on any machine a report may come from: POSIX, a Windows drive or a UNC share. */
function isAbsolutePath(file) {
    return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
}
function repository_paths_joinPath(root, file) {
    const trimmed = root.replace(/[\\/]+$/, '');
    return trimmed === '' || trimmed === '.' ? file : `${trimmed}/${file}`;
}
/** Forward slashes, no drive letter, no `./` or leading `/`, no `..` climbing out. */
function normalize(path) {
    return path
        .trim()
        .replace(/\\/g, '/')
        .replace(/^file:\/\//, '')
        .replace(/^[A-Za-z]:\//, '')
        .split('/')
        .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
        .join('/');
}

;// CONCATENATED MODULE: ./src/collect/collect-coverage.ts





/** Finds, reads, parses and merges every coverage file; a file that fails is recorded by name. */
async function collectCoverage(options) {
    const { parsed, files } = await collectFiles({
        kind: 'coverage',
        patterns: options.patterns,
        autoGlobs: AUTO_COVERAGE_GLOBS,
        cwd: options.cwd,
        writtenAfterMs: options.writtenAfterMs,
        detect: detectCoverageParser,
        unknownFormat: 'not a coverage format the action reads',
    });
    if (parsed.length === 0)
        return { coverage: undefined, files };
    const repository = await options.repository();
    const coverage = mergeCoverage(parsed.map((p) => p.content), 
    // Outside a checkout nothing can be matched: no resolver, paths stay as written.
    repository.size > 0 ? createReportedPathResolver(repository, options.base) : undefined);
    return { coverage, files };
}

;// CONCATENATED MODULE: ./src/parsers/ctrf.ts

/*
 * CTRF (ctrf.io): {results: {tool, summary, tests[]}}, written by many tools' CTRF reporters
 * and by this action itself (src/render/ctrf.ts), which must read its own report back exactly.
 */
const ctrfParser = {
    format: 'ctrf',
    detect: (head) => /^\s*\{/.test(head) &&
        (/"reportFormat"\s*:\s*"CTRF"/i.test(head) ||
            (/"results"\s*:\s*\{/.test(head) && /"tool"\s*:\s*\{\s*"name"\s*:/.test(head))),
    parse: parseCtrf,
};
function parseCtrf(source, context) {
    const what = 'a CTRF report';
    const document = parseJsonObject(source, context.path, what);
    const results = objectField(document, 'results');
    const tests = requireArrayField(results, 'tests', context.path, what, 'results.tests').map(readTest);
    const summary = objectField(results, 'summary');
    const start = numberField(summary, 'start');
    const stop = numberField(summary, 'stop');
    const durationMs = numberField(summary, 'duration') ??
        (start !== undefined && stop !== undefined && stop >= start
            ? stop - start
            : sumDurations(tests));
    return { format: 'ctrf', suites: ctrf_groupBySuite(tests), durationMs };
}
/**
 * CTRF's statuses are passed, failed, skipped, pending and other. `pending` is a test marked
 * as not to run yet (Jest's test.todo, Mocha's pending), so it was not run: skipped. `other`
 * is what a reporter had no status for (a test never reached, an unknown tool state); CTRF's
 * own summary counts it apart from failures, so it is not run here too. CTRF has no
 * `errored`: a `rawStatus` of errored (as this action writes) is one.
 */
function statusOf(status, rawStatus) {
    if (status === 'passed')
        return 'passed';
    if (status === 'failed')
        return rawStatus === 'errored' ? 'errored' : 'failed';
    if (status === 'other' && rawStatus === 'errored')
        return 'errored';
    return 'skipped';
}
function readTest(test) {
    const status = statusOf(stringField(test, 'status'), stringField(test, 'rawStatus'));
    const output = [lines(test['stdout']), lines(test['stderr'])].filter(Boolean).join('\n');
    return {
        name: stringField(test, 'name') ?? '',
        suite: suiteOf(test['suite']),
        file: stringField(test, 'filePath') || undefined,
        line: numberField(test, 'line'),
        status,
        durationMs: numberField(test, 'duration') ?? 0,
        message: json_report_cleanText(stringField(test, 'message')),
        details: json_report_cleanText(stringField(test, 'trace')),
        output: output || undefined,
        retries: earlierAttempts(test, status),
    };
}
/** A string, or the suite path as an array (outermost first). */
function suiteOf(suite) {
    if (typeof suite === 'string')
        return suite;
    if (Array.isArray(suite)) {
        return suite.filter((part) => typeof part === 'string').join(' > ');
    }
    return '';
}
/** stdout/stderr: an array of lines in the spec, a plain string from some reporters. */
function lines(value) {
    const text = Array.isArray(value)
        ? value.filter((line) => typeof line === 'string').join('\n')
        : typeof value === 'string'
            ? value
            : undefined;
    return json_report_cleanText(text);
}
/**
 * `retryAttempts` lists each attempt; this action's writer and most reporters include the
 * final one, which is the test itself. `retries` is only a count, and `flaky: true` alone
 * still says an earlier attempt failed: those earlier attempts come without detail.
 */
function earlierAttempts(test, status) {
    const attempts = objectsField(test, 'retryAttempts')
        .slice()
        .sort((a, b) => (numberField(a, 'attempt') ?? 0) - (numberField(b, 'attempt') ?? 0))
        .map(readAttempt);
    const count = numberField(test, 'retries');
    const flaky = test['flaky'] === true && status === 'passed';
    if (attempts.length > 0) {
        const last = attempts[attempts.length - 1];
        const includesFinal = count !== undefined ? attempts.length > count : last.status === status;
        const earlier = includesFinal ? attempts.slice(0, -1) : attempts;
        if (!flaky || earlier.some((a) => a.status === 'failed' || a.status === 'errored')) {
            return earlier;
        }
        return [...earlier, { status: 'failed', durationMs: 0 }];
    }
    const earlier = Math.max(attemptCount(count), flaky ? 1 : 0);
    // A retried test ran again because it failed; that is all a bare count says.
    return Array.from({ length: earlier }, () => ({ status: 'failed', durationMs: 0 }));
}
function readAttempt(attempt) {
    const extra = objectField(attempt, 'extra');
    const rawStatus = stringField(attempt, 'rawStatus') ?? stringField(extra, 'rawStatus');
    const output = [lines(attempt['stdout']), lines(attempt['stderr'])].filter(Boolean).join('\n');
    return {
        status: statusOf(stringField(attempt, 'status'), rawStatus),
        durationMs: numberField(attempt, 'duration') ?? 0,
        message: json_report_cleanText(stringField(attempt, 'message')),
        details: json_report_cleanText(stringField(attempt, 'trace')),
        output: output || undefined,
    };
}
/**
 * One suite per run of tests of the same file (or suite, when the report names no files), in
 * the report's order: reading a report back must not reorder its tests.
 */
function ctrf_groupBySuite(tests) {
    const suites = [];
    for (const test of tests) {
        const name = test.file ?? test.suite;
        const last = suites[suites.length - 1];
        if (last && last.name === name)
            last.tests.push(test);
        else
            suites.push({ name, tests: [test] });
    }
    return suites;
}

;// CONCATENATED MODULE: ./src/parsers/dart-json.ts


/**
 * `dart test --reporter json` and `flutter test --machine`: one JSON event per line (start,
 * suite, group, testStart, print, error, testDone, done), read line by line.
 */
const dartJsonParser = {
    format: 'dart-json',
    detect: detectDartJson,
    parse: parseDartJson,
    parseStream: parseDartJsonStream,
};
/** The first JSON line is the reporter's start event, which alone carries protocolVersion. */
function detectDartJson(head) {
    for (const raw of head.replace(/^\uFEFF/, '').split('\n')) {
        const line = raw.trim();
        if (!line.startsWith('{'))
            continue;
        return /"protocolVersion"\s*:/.test(line) && /"type"\s*:\s*"start"/.test(line);
    }
    return false;
}
function parseDartJson(source, context) {
    return readText(new DartJsonReader(context.path), source);
}
/** The same from chunks of text: the file is never held whole. */
function parseDartJsonStream(chunks, context) {
    return readChunks(new DartJsonReader(context.path), chunks);
}
/** Feed lines in order, then call end(). */
class DartJsonReader {
    #path;
    #suites = new Map();
    #tests = new Map();
    #started = false;
    #lastTime = 0;
    #doneTime;
    /** A line that was not JSON: an error unless it turns out to be the last line (cut off). */
    #badLine;
    #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
    constructor(path) {
        this.#path = path;
    }
    /** Feeds text in chunks of any size; a line may span chunks. */
    write(chunk) {
        this.#lines.write(chunk);
    }
    #line(raw, lineNumber) {
        const trimmed = raw.trim();
        if (trimmed === '')
            return;
        if (this.#badLine !== undefined) {
            throw new ParseError(this.#path, 'a line starting with "{" is not valid JSON (the Dart JSON reporter writes one event per line)', this.#badLine);
        }
        // flutter may print plain text (downloads, lock waits) around the events.
        if (!trimmed.startsWith('{'))
            return;
        let event;
        try {
            event = JSON.parse(trimmed);
        }
        catch {
            this.#badLine = lineNumber;
            return;
        }
        if (typeof event.type !== 'string') {
            throw new ParseError(this.#path, 'a JSON line without a "type": not a Dart test event', lineNumber);
        }
        if (typeof event.time === 'number' && Number.isFinite(event.time))
            this.#lastTime = event.time;
        this.#event(event, event.type);
    }
    end() {
        this.#lines.end();
        if (!this.#started) {
            throw new ParseError(this.#path, 'no "start" event: not a Dart or Flutter JSON report');
        }
        const bySuite = new Map();
        for (const test of this.#tests.values()) {
            const testCase = this.#testCase(test);
            if (!testCase)
                continue;
            const list = bySuite.get(testCase.suite);
            if (list)
                list.push(testCase);
            else
                bySuite.set(testCase.suite, [testCase]);
        }
        const suites = [...bySuite].map(([name, tests]) => ({ name, tests }));
        return { format: 'dart-json', suites, durationMs: this.#doneTime ?? this.#lastTime };
    }
    #event(event, type) {
        switch (type) {
            case 'start':
                this.#started = true;
                return;
            case 'suite': {
                const suite = objectOf(event.suite);
                if (suite && typeof suite.path === 'string') {
                    this.#suites.set(suite.id, suite.path.replace(/\\/g, '/'));
                }
                return;
            }
            case 'testStart':
                this.#testStart(objectOf(event.test), event.time);
                return;
            case 'print': {
                const test = this.#tests.get(event.testID);
                if (!test || typeof event.message !== 'string')
                    return;
                if (event.messageType === 'skip')
                    test.skipMessage = event.message;
                else
                    test.prints.push(event.message);
                return;
            }
            case 'error': {
                const test = this.#tests.get(event.testID);
                if (!test)
                    return;
                test.errors.push({
                    error: typeof event.error === 'string' ? event.error : String(event.error),
                    stack: typeof event.stackTrace === 'string' ? event.stackTrace : '',
                    failure: event.isFailure === true,
                });
                return;
            }
            case 'testDone': {
                const test = this.#tests.get(event.testID);
                if (!test)
                    return;
                test.result = typeof event.result === 'string' ? event.result : 'error';
                test.hidden = event.hidden === true;
                test.skipped = event.skipped === true;
                test.doneAt = typeof event.time === 'number' ? event.time : undefined;
                return;
            }
            case 'done':
                if (typeof event.time === 'number')
                    this.#doneTime = event.time;
                return;
            default:
                return; // allSuites, group, debug and types added later carry no results
        }
    }
    #testStart(test, time) {
        if (!test || typeof test.name !== 'string')
            return;
        const suitePath = this.#suites.get(test.suiteID);
        const location = locationOf(test, suitePath);
        const metadata = objectOf(test.metadata);
        this.#tests.set(test.id, {
            name: test.name,
            suiteId: test.suiteID,
            file: location.file,
            line: location.line,
            startedAt: typeof time === 'number' ? time : this.#lastTime,
            hidden: false,
            skipped: false,
            skipReason: typeof metadata?.skipReason === 'string' ? metadata.skipReason : undefined,
            prints: [],
            errors: [],
        });
    }
    #testCase(test) {
        const [first, ...more] = test.errors;
        // Loading, setUpAll and tearDownAll are hidden pseudo-tests: shown only when they broke.
        // An error after testDone still fails a test (the protocol says so), hidden or not.
        if (test.hidden && test.result === 'success' && !first)
            return undefined;
        const status = dart_json_statusOf(test);
        const end = test.doneAt ?? this.#lastTime;
        // flutter_test reports "Test failed. See exception logs above." and prints the exception.
        const logged = first?.error.startsWith('Test failed. See exception logs above.')
            ? test.prints.filter((text) => text.includes('EXCEPTION CAUGHT BY'))
            : [];
        const details = [
            ...logged,
            first?.stack.trimEnd(),
            ...more.map((e) => `${e.error.trimEnd()}\n${e.stack.trimEnd()}`),
        ]
            .filter((part) => part !== undefined && part.trim() !== '')
            .join('\n\n');
        let message;
        if (status === 'skipped')
            message = test.skipMessage ?? test.skipReason;
        else if (first)
            message = first.error.trimEnd();
        else if (test.result === undefined) {
            message = 'did not finish: the report ends before the test did';
        }
        return {
            name: test.name,
            suite: this.#suites.get(test.suiteId) ?? '',
            file: test.file,
            line: test.line,
            status,
            durationMs: Math.max(0, end - test.startedAt),
            message,
            details: status === 'failed' || status === 'errored' ? details || undefined : undefined,
            output: test.prints.length > 0 ? test.prints.join('\n') : undefined,
            retries: [],
        };
    }
}
function dart_json_statusOf(test) {
    if (test.result === undefined)
        return 'errored'; // started, never done: the run died
    const errors = test.errors;
    // "error" outranks "failure": any error other than a TestFailure makes the test errored.
    if (test.result === 'error' || errors.some((e) => !e.failure))
        return 'errored';
    if (test.result === 'failure' || errors.length > 0)
        return 'failed';
    if (test.skipped)
        return 'skipped';
    return 'passed';
}
/**
 * Where the test() call is: flutter's testWidgets reports its own file in url and the test's
 * in root_url. A file URL inside the suite's file is shown as the suite's (relative) path.
 */
function locationOf(test, suitePath) {
    const rooted = typeof test.root_url === 'string';
    const url = rooted ? test.root_url : test.url;
    const line = rooted ? test.root_line : test.line;
    const lineNumber = typeof line === 'number' && line > 0 ? line : undefined;
    if (typeof url !== 'string' || !url.startsWith('file://')) {
        return { file: suitePath };
    }
    let file = decodeUrlPath(url);
    if (suitePath !== undefined && (file === suitePath || file.endsWith(`/${suitePath}`))) {
        file = suitePath;
    }
    return { file, line: lineNumber };
}
function decodeUrlPath(url) {
    const path = url.replace(/^file:\/\//, '');
    try {
        return decodeURIComponent(path).replace(/^\/([A-Za-z]:\/)/, '$1');
    }
    catch {
        return path;
    }
}
function objectOf(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

;// CONCATENATED MODULE: ./src/parsers/go-test-json.ts


/**
 * `go test -json` (test2json): one JSON event per line. Read line by line as a state machine,
 * so that a huge stream is never held twice and a streaming source can feed it later.
 */
const goTestJsonParser = {
    format: 'go-test-json',
    detect: detectGoTestJson,
    parse: parseGoTestJson,
    parseStream: parseGoTestJsonStream,
};
const ACTION = /"Action"\s*:\s*"(?:start|run|pause|cont|pass|bench|fail|output|skip|build-output|build-fail)"/;
/** The first JSON line (build errors may come first as plain text) names a test2json Action. */
function detectGoTestJson(head) {
    const line = firstJsonLine(head);
    return line !== undefined && ACTION.test(line);
}
function parseGoTestJson(source, context) {
    return readText(new GoTestJsonReader(context.path), source);
}
/** The same from chunks of text: the file is never held whole. */
function parseGoTestJsonStream(chunks, context) {
    return readChunks(new GoTestJsonReader(context.path), chunks);
}
const VERDICTS = new Set(['pass', 'fail', 'skip', 'bench']);
/** Plain text kept for build-failure details; a stream that is mostly not JSON keeps no more. */
const MAX_TEXT_CHARS = 1024 * 1024;
/** Feed lines in order, then call end(). Holds only per-test state, never the whole text. */
class GoTestJsonReader {
    #path;
    #packages = new Map();
    #buildOutput = new Map();
    #blocks = [];
    #textChars = 0;
    #events = 0;
    /** A line that was not JSON: an error unless it turns out to be the last line (cut off). */
    #badLine;
    #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
    constructor(path) {
        this.#path = path;
    }
    /** Feeds text in chunks of any size; a line may span chunks. */
    write(chunk) {
        this.#lines.write(chunk);
    }
    #line(raw, lineNumber) {
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const trimmed = text.trim();
        if (trimmed === '')
            return;
        if (this.#badLine !== undefined) {
            throw new ParseError(this.#path, 'a line starting with "{" is not valid JSON (go test -json writes one event per line)', this.#badLine);
        }
        if (!trimmed.startsWith('{')) {
            this.#text(text);
            return;
        }
        let event;
        try {
            event = JSON.parse(trimmed);
        }
        catch {
            this.#badLine = lineNumber;
            return;
        }
        if (typeof event.Action !== 'string') {
            throw new ParseError(this.#path, 'a JSON line without an "Action": not a go test -json event', lineNumber);
        }
        this.#events++;
        this.#event(event, event.Action);
    }
    end() {
        this.#lines.end();
        if (this.#events === 0 && !this.#hasTextFailures()) {
            throw new ParseError(this.#path, 'no go test -json events in the file');
        }
        const suites = [];
        let packageSeconds = 0;
        let statedPackageTime = false;
        for (const pkg of this.#packages.values()) {
            if (pkg.elapsedS !== undefined) {
                packageSeconds += pkg.elapsedS;
                statedPackageTime = true;
            }
            const tests = this.#packageTests(pkg);
            if (tests.length > 0)
                suites.push({ name: pkg.name, tests: sameFileForAttempts(tests) });
        }
        const durationMs = statedPackageTime
            ? toMs(packageSeconds)
            : suites
                .flatMap((suite) => suite.tests)
                .filter((test) => !test.name.includes('/'))
                .reduce((sum, test) => sum + test.durationMs, 0);
        return { format: 'go-test-json', suites, durationMs };
    }
    #event(event, action) {
        const output = typeof event.Output === 'string' ? event.Output : undefined;
        if (action === 'build-output' || action === 'build-fail') {
            const key = typeof event.ImportPath === 'string' ? event.ImportPath : '';
            if (output !== undefined)
                this.#buildLines(key).push(output);
            return;
        }
        const pkg = this.#package(typeof event.Package === 'string' ? event.Package : '');
        if (typeof event.Time === 'string')
            pkg.lastTime = event.Time;
        const testName = typeof event.Test === 'string' && event.Test !== '' ? event.Test : undefined;
        const elapsed = typeof event.Elapsed === 'number' && Number.isFinite(event.Elapsed) && event.Elapsed >= 0
            ? event.Elapsed
            : undefined;
        if (testName === undefined) {
            if (action === 'output' && output !== undefined)
                pkg.output.push(output);
            else if (action === 'pass' || action === 'fail' || action === 'skip') {
                pkg.verdict = action;
                if (elapsed !== undefined)
                    pkg.elapsedS = elapsed;
                if (typeof event.FailedBuild === 'string')
                    pkg.failedBuild = event.FailedBuild;
            }
            return;
        }
        if (action === 'run') {
            this.#startRun(pkg, testName, typeof event.Time === 'string' ? event.Time : undefined);
            return;
        }
        // Benchmarks have no run event; a verdict after a verdict is a new run of the same name.
        const existing = pkg.latest.get(testName);
        const run = existing && !(VERDICTS.has(action) && existing.verdict !== undefined)
            ? existing
            : this.#startRun(pkg, testName, undefined);
        if (action === 'output' && output !== undefined) {
            run.output.push(output);
            if (event.OutputType === 'error')
                run.errors.push(output);
            else if (event.OutputType === 'error-continue' && run.errors.length > 0) {
                run.errors[run.errors.length - 1] += output;
            }
        }
        else if (VERDICTS.has(action)) {
            run.verdict = action;
            if (elapsed !== undefined)
                run.elapsedS = elapsed;
        }
    }
    #startRun(pkg, name, time) {
        const run = { name, startedAt: time, output: [], errors: [], children: [] };
        // Subtest names may contain "/" themselves: the parent is the longest running prefix.
        for (let cut = name.lastIndexOf('/'); cut > 0; cut = name.lastIndexOf('/', cut - 1)) {
            const parent = pkg.latest.get(name.slice(0, cut));
            if (parent) {
                parent.children.push(run);
                break;
            }
        }
        pkg.latest.set(name, run);
        pkg.runs.push(run);
        return run;
    }
    #package(name) {
        let pkg = this.#packages.get(name);
        if (!pkg) {
            pkg = { name, runs: [], latest: new Map(), output: [] };
            this.#packages.set(name, pkg);
        }
        return pkg;
    }
    #buildLines(key) {
        let lines = this.#buildOutput.get(key);
        if (!lines) {
            lines = [];
            this.#buildOutput.set(key, lines);
        }
        return lines;
    }
    /** Go before 1.24 prints build failures as plain text around the JSON. */
    #text(line) {
        const failed = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]\s*$/.exec(line);
        if (failed) {
            this.#package(failed[1]).textFailure = failed[2];
            return;
        }
        if (this.#textChars > MAX_TEXT_CHARS)
            return;
        this.#textChars += line.length;
        const header = /^# (\S+)/.exec(line);
        if (header) {
            this.#blocks.push({ key: header[1], lines: [line], claimed: false });
            return;
        }
        let block = this.#blocks[this.#blocks.length - 1];
        if (!block) {
            block = { key: '', lines: [], claimed: false };
            this.#blocks.push(block);
        }
        block.lines.push(line);
    }
    #hasTextFailures() {
        return [...this.#packages.values()].some((pkg) => pkg.textFailure !== undefined);
    }
    #packageTests(pkg) {
        const panicked = pkg.runs.find((run) => run.verdict === 'fail' && panicIndex(run) >= 0);
        const tests = pkg.runs.map((run) => this.#testCase(pkg, run, panicked));
        const failure = this.#packageFailure(pkg, tests);
        if (failure)
            tests.push(failure);
        return tests;
    }
    #testCase(pkg, run, panicked) {
        const lines = outputLines(run.output);
        const output = nonEmpty(lines.join('\n'));
        const base = {
            name: run.name,
            suite: pkg.name,
            durationMs: run.elapsedS === undefined ? unfinishedMs(run, pkg) : toMs(run.elapsedS),
            output,
            retries: [],
        };
        if (run.verdict === undefined) {
            const why = firstPanic(lines) ?? firstPanic(outputLines(pkg.output));
            const reason = pkg.verdict === undefined
                ? 'the report ends before the test did'
                : why
                    ? `the test binary stopped: ${why}`
                    : panicked && panicked !== run
                        ? `the test binary stopped when ${panicked.name} panicked`
                        : 'the test binary exited before the test ended';
            return { ...base, status: 'errored', message: `did not finish: ${reason}` };
        }
        if (run.verdict === 'pass' || run.verdict === 'bench')
            return { ...base, status: 'passed' };
        const panicAt = run.verdict === 'fail' ? panicIndexIn(lines) : -1;
        if (panicAt >= 0) {
            const frame = firstTestFrame(lines, panicAt);
            return {
                ...base,
                status: 'errored',
                message: lines[panicAt].replace(/ \[recovered\]$/, ''),
                details: lines.slice(panicAt).join('\n'),
                file: frame?.file,
                line: frame?.line,
            };
        }
        const status = run.verdict === 'skip' ? 'skipped' : 'failed';
        const entries = logEntries(lines);
        const marked = run.errors.map((text) => go_test_json_dedent(text.replace(/\n$/, '')));
        // Go marks error lines itself from 1.25: the first is the cause. Before, a failing test's
        // last log entry is the best guess (t.Log context comes first, t.Fatal last).
        const chosen = marked.length > 0 ? entryFromText(marked[0]) : entries[entries.length - 1];
        let message = chosen?.text;
        if (message === undefined && status === 'failed')
            message = failedSubtests(run);
        const details = output !== undefined && output !== chosen?.raw ? output : undefined;
        return {
            ...base,
            status,
            message,
            details: status === 'failed' ? details : undefined,
            file: chosen?.file === undefined ? undefined : inPackage(pkg.name, chosen.file),
            line: chosen?.line,
        };
    }
    /** A package that failed without a failing test to show for it gets one errored entry. */
    #packageFailure(pkg, tests) {
        const packageText = outputLines(pkg.output);
        const build = pkg.failedBuild !== undefined ||
            pkg.textFailure === 'build' ||
            packageText.some((line) => /\[build failed\]\s*$/.test(line));
        const setup = !build &&
            (pkg.textFailure === 'setup' ||
                packageText.some((line) => /\[setup failed\]\s*$/.test(line)));
        if (build || setup) {
            const text = this.#buildText(pkg) ?? nonEmpty(packageText.join('\n'));
            const compiler = text === undefined ? undefined : firstCompilerError(text);
            return {
                name: build ? '[build failed]' : '[setup failed]',
                suite: pkg.name,
                file: compiler?.file,
                line: compiler?.line,
                status: 'errored',
                durationMs: 0,
                message: compiler?.message ??
                    (build ? 'the package did not build' : 'the package could not be set up'),
                details: text,
                retries: [],
            };
        }
        if (pkg.verdict !== 'fail')
            return undefined;
        if (tests.some((test) => test.status === 'failed' || test.status === 'errored')) {
            return undefined;
        }
        // TestMain exiting non-zero, a panic in init() or a timeout outside any test.
        const meaningful = packageText.filter((line) => !/^(FAIL|PASS|ok)\b/.test(line));
        return {
            name: '[package failed]',
            suite: pkg.name,
            status: 'errored',
            durationMs: 0,
            message: firstPanic(packageText) ??
                meaningful[meaningful.length - 1] ??
                'the package failed outside any test',
            details: nonEmpty(packageText.join('\n')),
            retries: [],
        };
    }
    /** Compiler output for a package: from build events, else the plain text headed by it. */
    #buildText(pkg) {
        if (pkg.failedBuild !== undefined) {
            const lines = this.#buildOutput.get(pkg.failedBuild);
            if (lines)
                return nonEmpty(lines.join('').replace(/\n+$/, ''));
        }
        for (const [key, lines] of this.#buildOutput) {
            if (key === pkg.name || key.startsWith(`${pkg.name} [`)) {
                return nonEmpty(lines.join('').replace(/\n+$/, ''));
            }
        }
        let blocks = this.#blocks.filter((block) => !block.claimed && (block.key === pkg.name || block.key === `${pkg.name}_test`));
        // A build error in a dependency is headed by the dependency: take what nobody claimed.
        if (blocks.length === 0)
            blocks = this.#blocks.filter((block) => !block.claimed);
        for (const block of blocks)
            block.claimed = true;
        return nonEmpty(blocks.flatMap((block) => block.lines).join('\n'));
    }
}
/** The test output without go's framing lines (=== RUN, --- PASS, ...). */
function outputLines(chunks) {
    if (chunks.length === 0)
        return [];
    const lines = chunks.join('').split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    return lines.filter((line) => !/^=== (RUN|PAUSE|CONT|NAME)\b/.test(line) &&
        !/^\s*--- (PASS|FAIL|SKIP|BENCH): /.test(line) &&
        !/^\s*(PASS|FAIL)$/.test(line));
}
const LOG_LINE = /^(\s*)([^\s:]+\.go):(\d+): ?(.*)$/;
/** `    file_test.go:42: message` lines with their more-indented continuation lines. */
function logEntries(lines) {
    const entries = [];
    for (let index = 0; index < lines.length; index++) {
        const match = LOG_LINE.exec(lines[index]);
        if (!match)
            continue;
        const indent = match[1].length;
        const text = [match[4]];
        const raw = [lines[index]];
        while (index + 1 < lines.length) {
            const next = lines[index + 1];
            const nextIndent = next.length - next.trimStart().length;
            if (next.trim() === '' || nextIndent <= indent || LOG_LINE.test(next))
                break;
            text.push(next.trimStart());
            raw.push(next);
            index++;
        }
        entries.push({
            file: match[2],
            line: Number(match[3]),
            text: text.join('\n'),
            raw: raw.join('\n'),
        });
    }
    return entries;
}
/** An error Go marked itself, which need not start with file:line. */
function entryFromText(text) {
    const [entry] = logEntries(text.split('\n'));
    return entry ?? { text, raw: text };
}
function go_test_json_dedent(text) {
    const lines = text.split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    return Number.isFinite(indent) ? lines.map((l) => l.slice(indent)).join('\n') : text;
}
function panicIndex(run) {
    return panicIndexIn(outputLines(run.output));
}
/** Runtime panics print at column 0; t.Log lines are indented, so they never match. */
function panicIndexIn(lines) {
    return lines.findIndex((line) => line.startsWith('panic: '));
}
function firstPanic(lines) {
    const index = panicIndexIn(lines);
    return index < 0 ? undefined : lines[index].replace(/ \[recovered\]$/, '');
}
/** The first stack frame in a _test.go file after the panic line. */
function firstTestFrame(lines, from) {
    for (let index = from; index < lines.length; index++) {
        const frame = /^\t(\S+_test\.go):(\d+)\b/.exec(lines[index]);
        if (frame)
            return { file: frame[1], line: Number(frame[2]) };
    }
    return undefined;
}
function firstCompilerError(text) {
    for (const line of text.split('\n')) {
        const match = /^(\S+\.go):(\d+)(?::\d+)?: (.+)$/.exec(line.trim());
        if (match)
            return { file: match[1], line: Number(match[2]), message: match[3] };
    }
    return undefined;
}
function failedSubtests(run) {
    const failed = run.children.filter((child) => child.verdict === 'fail').map((c) => c.name);
    if (failed.length === 0)
        return undefined;
    return failed.length === 1
        ? `subtest failed: ${failed[0]}`
        : `${failed.length} subtests failed: ${failed.join(', ')}`;
}
/**
 * Go prints only the file name; with the import path in front, the repository's file is found
 * by its path suffix (a module's import path ends with the package's directory).
 */
function inPackage(pkg, file) {
    return pkg === '' || file.includes('/') ? file : `${pkg}/${file}`;
}
/** A test that never ended ran from its start until the package's last event. */
function unfinishedMs(run, pkg) {
    if (run.startedAt === undefined || pkg.lastTime === undefined)
        return 0;
    const ms = Date.parse(pkg.lastTime) - Date.parse(run.startedAt);
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
/**
 * Runs of one test are folded by the pipeline on file+suite+name; only failures name a file,
 * so every run gets the file one of them names (the line stays with the run that printed it).
 */
function sameFileForAttempts(tests) {
    const files = new Map();
    for (const test of tests) {
        if (test.file !== undefined && !files.has(test.name))
            files.set(test.name, test.file);
    }
    return tests.map((test) => {
        const file = files.get(test.name);
        if (file === undefined || test.file === file)
            return test;
        return { ...test, file, line: undefined };
    });
}
function toMs(seconds) {
    return Math.round(seconds * 1_000_000) / 1000;
}
function nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}
/** The first line starting with `{`, skipping plain text (build errors) before it. */
function firstJsonLine(head) {
    for (const line of head.replace(/^\uFEFF/, '').split('\n')) {
        const trimmed = line.trim();
        if (trimmed.startsWith('{'))
            return trimmed;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/parsers/jest-json.ts

/*
 * `jest --json` and Vitest's `--reporter=json` write the same shape: run counters
 * (numTotalTests, numFailedTests, ...), then testResults[] per file with assertionResults[].
 * Jest's own writer also has numRuntimeErrorTestSuites, openHandles and wasInterrupted, which
 * Vitest's lacks, and both write the counters before testResults: that tells the tools apart
 * in a file's first bytes. One parser body reads both; the two entries name the tool.
 */
const RUN_COUNTER = /"num(?:Total|Failed|Passed|Pending|Todo)Test(?:s|Suites)"\s*:\s*\d/g;
const JEST_ONLY = /"(?:numRuntimeErrorTestSuites|openHandles|wasInterrupted)"\s*:/;
function looksJestShaped(head) {
    if (!/^\s*\{/.test(head))
        return false;
    const counters = new Set([...head.matchAll(RUN_COUNTER)].map((match) => match[0].split('"')[1]));
    return counters.size >= 2;
}
const jestJsonParser = {
    format: 'jest-json',
    detect: (head) => looksJestShaped(head) && JEST_ONLY.test(head),
    parse: (source, context) => parseJestJson(source, context, 'jest-json'),
};
const vitestJsonParser = {
    format: 'vitest-json',
    detect: (head) => looksJestShaped(head) && !JEST_ONLY.test(head),
    parse: (source, context) => parseJestJson(source, context, 'vitest-json'),
};
function parseJestJson(source, context, format = 'jest-json') {
    const what = 'a Jest/Vitest JSON report';
    const document = parseJsonObject(source, context.path, what);
    const files = requireArrayField(document, 'testResults', context.path, what);
    // Which writer it was decides how a file-level message reads (see fileFailure).
    const jest = 'numRuntimeErrorTestSuites' in document || 'wasInterrupted' in document;
    const suites = files.map((file) => jest_json_readFile(file, jest));
    const startTime = numberField(document, 'startTime');
    const lastEnd = files.reduce((last, file) => Math.max(last, numberField(file, 'endTime') ?? 0), 0);
    const durationMs = startTime !== undefined && lastEnd >= startTime
        ? lastEnd - startTime
        : suites.reduce((sum, suite) => sum + sumDurations(suite.tests), 0);
    return { format, suites, durationMs };
}
function jest_json_readFile(file, jest) {
    const path = stringField(file, 'name') ?? '';
    const tests = objectsField(file, 'assertionResults').map((result) => jest_json_readTest(result, path));
    const failure = fileFailure(file, tests, jest);
    if (failure) {
        // A file that failed outside its tests (syntax error, failing afterAll, no tests at all)
        // is a failure of its own: counted as one errored test named after the file.
        tests.push({
            name: path || '(unnamed test file)',
            suite: '',
            file: path || undefined,
            status: 'errored',
            durationMs: 0,
            message: firstLine(failure),
            details: failure,
            retries: [],
        });
    }
    return { name: path, tests };
}
/** The text of a failure that belongs to the file rather than to one of its tests, if any. */
function fileFailure(file, tests, jest) {
    const message = json_report_cleanText(stringField(file, 'message') ?? stringField(file, 'failureMessage'));
    const failed = stringField(file, 'status') === 'failed';
    const testsFailed = tests.some((test) => test.status === 'failed');
    if (jest && message) {
        // Jest's file message repeats every failed test's message; its own failures are the
        // sections headed "● Test suite failed to run".
        const own = message.indexOf('● Test suite failed to run');
        if (own >= 0)
            return jest_json_dedent(message.slice(own + '● Test suite failed to run'.length));
        return failed && !testsFailed ? jest_json_dedent(message) : undefined;
    }
    // Vitest writes a file message only for the file's own errors.
    if (message)
        return jest_json_dedent(message);
    if (failed && !testsFailed) {
        // Vitest leaves out errors thrown in a describe block's hooks: the file only says failed.
        return 'the test file failed outside its tests, and the report gives no message';
    }
    return undefined;
}
const SKIPPED_STATUSES = new Set(['pending', 'skipped', 'todo', 'disabled']);
function jest_json_readTest(result, file) {
    const rawStatus = stringField(result, 'status') ?? '';
    const failures = stringsField(result, 'failureMessages')
        .map((text) => json_report_cleanText(text))
        .filter((text) => text !== undefined);
    const status = jest_json_statusOf(rawStatus, failures.length > 0);
    const title = stringField(result, 'title') ?? stringField(result, 'fullName') ?? '';
    const ancestors = stringsField(result, 'ancestorTitles');
    const line = numberField(objectField(result, 'location'), 'line');
    const failedFinal = status === 'failed' && failures.length > 0;
    const details = failedFinal ? failures.join('\n\n') : undefined;
    return {
        name: title,
        suite: ancestors.join(' › '),
        file: file || undefined,
        line,
        status,
        durationMs: numberField(result, 'duration') ?? 0,
        message: failedFinal
            ? firstLine(details)
            : status === 'skipped' && rawStatus !== 'pending' && rawStatus !== 'skipped'
                ? rawStatus
                : undefined,
        details,
        retries: jest_json_earlierAttempts(result, status, failures),
    };
}
/** Jest's `focused` and any status a later version adds: failed if it says why, else not run. */
function jest_json_statusOf(rawStatus, hasFailures) {
    if (rawStatus === 'passed' || rawStatus === 'failed')
        return rawStatus;
    if (SKIPPED_STATUSES.has(rawStatus))
        return 'skipped';
    return hasFailures ? 'failed' : 'skipped';
}
/**
 * Jest retries (jest.retryTimes) only failed attempts and counts every run in `invocations`,
 * with the earlier errors in retryReasons when it logs them. Vitest has no count: a test that
 * passed in the end keeps the errors of its failed tries in failureMessages, one per try (an
 * attempt with several soft-assertion errors then counts more than once; it is flaky either way).
 */
function jest_json_earlierAttempts(result, status, failures) {
    const invocations = numberField(result, 'invocations');
    const logged = stringsField(result, 'retryReasons');
    const reasons = (logged.length > 0 ? logged : stringsField(result, 'retryMessages'))
        .map((text) => json_report_cleanText(text))
        .filter((text) => text !== undefined);
    const earlier = attemptCount(invocations !== undefined && invocations > 1
        ? invocations - 1
        : status === 'passed'
            ? failures.length
            : 0);
    const messages = invocations === undefined && status === 'passed' ? failures : reasons;
    return Array.from({ length: earlier }, (_, index) => {
        const text = messages[index];
        return {
            status: 'failed',
            durationMs: 0,
            message: firstLine(text),
            details: text,
        };
    });
}
function jest_json_dedent(text) {
    const lines = text
        .replace(/^\s*\n/, '')
        .trimEnd()
        .split('\n');
    const indents = lines
        .filter((line) => line.trim() !== '')
        .map((line) => /^ */.exec(line)[0].length);
    const indent = indents.reduce((least, n) => Math.min(least, n), indents[0] ?? 0);
    return lines.map((line) => line.slice(Math.min(indent, /^ */.exec(line)[0].length))).join('\n');
}

;// CONCATENATED MODULE: ./src/parsers/mocha-json.ts


/*
 * Mocha's `json` reporter: {stats, tests, pending, failures, passes}. `tests` lists every test
 * that ran or was skipped, once; the other three repeat some of them by status. A failing hook
 * ("before all" hook for "x") is only in `failures`, and the tests it kept from running are in
 * no list at all.
 */
/** Mocha's stats object is flat and has `passes`; Playwright's `stats` has neither shape. */
const MOCHA_STATS = /"stats"\s*:\s*\{[^{}]*"passes"\s*:/;
/** Keys only mochawesome adds to the same stats, or its `results` list. */
const MOCHAWESOME_MARKERS = /"(?:testsRegistered|passPercent|hasSkipped)"\s*:|"results"\s*:\s*\[/;
const mochaJsonParser = {
    format: 'mocha-json',
    detect: (head) => MOCHA_STATS.test(head) &&
        !MOCHAWESOME_MARKERS.test(head) &&
        /"(?:tests|passes|failures|pending)"\s*:\s*\[/.test(head),
    parse: parseMochaJson,
};
const HOOK_TITLE = /^"(?:before|after) (?:all|each)" hook\b/;
function parseMochaJson(source, context) {
    const document = parseJsonObject(skipLeadingOutput(source), context.path, 'a Mocha JSON report');
    const stats = objectField(document, 'stats');
    const lists = ['tests', 'passes', 'failures', 'pending'].filter((key) => Array.isArray(document[key]));
    if (!stats || lists.length === 0) {
        throw new ParseError(context.path, 'not a Mocha JSON report: it needs a "stats" object and a "tests" array');
    }
    const failures = objectsField(document, 'failures');
    const pending = new Multiset(objectsField(document, 'pending').map(keyOf));
    const failedKeys = new Multiset(failures.map(keyOf));
    // Files from Mocha before `tests` existed, or trimmed by hand: the status lists are the tests.
    const listed = Array.isArray(document['tests'])
        ? objectsField(document, 'tests')
        : [
            ...objectsField(document, 'passes'),
            ...failures.filter((failure) => !isHook(failure)),
            ...objectsField(document, 'pending'),
        ];
    // A failing test carries its error: it takes its `failures` entry first, so that a passing
    // test of the same name (Mocha allows duplicates) is not taken for it.
    const withError = listed.map((test) => hasError(test.err));
    listed.forEach((test, index) => {
        if (withError[index])
            failedKeys.take(keyOf(test));
    });
    const tests = listed.map((test, index) => {
        const key = keyOf(test);
        const status = withError[index]
            ? 'failed'
            : pending.take(key)
                ? 'skipped'
                : failedKeys.take(key)
                    ? 'failed'
                    : 'passed';
        const err = withError[index]
            ? objectField(test, 'err')
            : status === 'failed'
                ? objectField(failures.find((failure) => keyOf(failure) === key), 'err')
                : undefined;
        return mocha_json_readTest(test, status, err);
    });
    // Failures that are no test: hooks (and Mocha's "Uncaught error outside test suite").
    const testKeys = new Set(listed.map(keyOf));
    for (const failure of failures) {
        if (testKeys.has(keyOf(failure)) && !isHook(failure))
            continue;
        tests.push(mocha_json_readTest(failure, 'errored', objectField(failure, 'err')));
    }
    const durationMs = numberField(stats, 'duration') ?? sumDurations(tests);
    return { format: 'mocha-json', suites: groupByFile(tests), durationMs };
}
/**
 * `mocha --reporter json > file` puts what the tests printed before the JSON, which may be
 * anything, braces too. The report is where a line starts `{"stats":`.
 */
function skipLeadingOutput(source) {
    if (/^\uFEFF?\s*\{\s*"stats"/.test(source))
        return source;
    const start = source.search(/^\{\s*"stats"\s*:/m);
    return start > 0 ? source.slice(start) : source;
}
function mocha_json_readTest(test, status, err) {
    const title = stringField(test, 'title') ?? stringField(test, 'fullTitle') ?? '';
    const failed = status === 'failed' || status === 'errored';
    const { message, details } = failed
        ? describeError(err)
        : { message: undefined, details: undefined };
    return {
        name: title,
        suite: suiteFromFullTitle(stringField(test, 'fullTitle'), title),
        file: stringField(test, 'file') || undefined,
        status,
        durationMs: numberField(test, 'duration') ?? 0,
        message: message ?? (status === 'errored' ? 'the hook failed' : undefined),
        details,
        // `currentRetry` is how many times Mocha had retried the test (this.retries()): each
        // earlier try failed, or there would have been no retry.
        retries: Array.from({ length: attemptCount(numberField(test, 'currentRetry')) }, () => ({ status: 'failed', durationMs: 0 })),
    };
}
function isHook(failure) {
    return HOOK_TITLE.test(stringField(failure, 'title') ?? '');
}
/** Mocha writes `err: {}` for tests that did not fail. */
function hasError(err) {
    return isObject(err) && Object.keys(err).length > 0;
}
/** The error's first line as the message; the stack (which repeats the message) as details. */
function describeError(err) {
    const text = json_report_cleanText(stringField(err, 'message'));
    const stack = json_report_cleanText(stringField(err, 'stack') ?? stringField(err, 'estack'));
    // Stacks start "AssertionError [ERR_ASSERTION]: ..." where the message may read
    // "AssertionError: ...": compare without the error's name.
    const body = firstLine(text)?.replace(/^[\w.$]+(?: \[\w+\])?: /, '');
    const details = stack && body && !stack.includes(body) ? `${text}\n${stack}` : (stack ?? text);
    return { message: firstLine(text ?? stack), details: details?.trimEnd() };
}
function keyOf(test) {
    return `${stringField(test, 'file') ?? ''}\u0000${stringField(test, 'fullTitle') ?? stringField(test, 'title') ?? ''}`;
}
/** Counts of keys, taken one at a time. */
class Multiset {
    #counts = new Map();
    constructor(keys) {
        for (const key of keys)
            this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    }
    take(key) {
        const count = this.#counts.get(key) ?? 0;
        if (count === 0)
            return false;
        this.#counts.set(key, count - 1);
        return true;
    }
}

;// CONCATENATED MODULE: ./src/parsers/mochawesome.ts


/*
 * mochawesome (and mochawesome-merge, and Cypress with it): {stats, results: [root suites]},
 * each suite with tests[], suites[] and beforeHooks/afterHooks[]. Tests a failing hook kept
 * from running have `skipped: true` and no state; the hook itself is only under the hooks.
 */
const mochawesomeParser = {
    format: 'mochawesome',
    detect: (head) => MOCHA_STATS.test(head) && MOCHAWESOME_MARKERS.test(head),
    parse: parseMochawesome,
};
function parseMochawesome(source, context) {
    const what = 'a mochawesome report';
    const document = parseJsonObject(source, context.path, what);
    const tests = collectTests(requireArrayField(document, 'results', context.path, what));
    const durationMs = numberField(objectField(document, 'stats'), 'duration') ?? sumDurations(tests);
    return { format: 'mochawesome', suites: groupByFile(tests), durationMs };
}
/**
 * Depth first, in file order. A loop with its own stack rather than recursion: nesting is as
 * deep as the file says, and a crafted file must not overflow the call stack.
 */
function collectTests(roots) {
    const tests = [];
    const pending = roots
        .map((suite) => ({ suite, file: undefined }))
        .reverse();
    for (let next = pending.pop(); next; next = pending.pop()) {
        const { suite } = next;
        // Nested suites usually have an empty `file`: they are in their root's file.
        const file = stringField(suite, 'fullFile') || stringField(suite, 'file') || next.file;
        for (const test of objectsField(suite, 'tests'))
            tests.push(mochawesome_readTest(test, file));
        const hooks = [...objectsField(suite, 'beforeHooks'), ...objectsField(suite, 'afterHooks')];
        for (const hook of hooks) {
            if (stateOf(hook) === 'failed')
                tests.push({ ...mochawesome_readTest(hook, file), status: 'errored' });
        }
        const inner = objectsField(suite, 'suites');
        for (let i = inner.length - 1; i >= 0; i--)
            pending.push({ suite: inner[i], file });
    }
    return tests;
}
function mochawesome_readTest(test, file) {
    const title = stringField(test, 'title') ?? stringField(test, 'fullTitle') ?? '';
    const state = stateOf(test);
    const status = state === 'failed' && test['isHook'] === true ? 'errored' : (state ?? 'skipped');
    const failed = status === 'failed' || status === 'errored';
    const { message, details } = failed ? describeError(objectField(test, 'err')) : {};
    return {
        name: title,
        suite: suiteFromFullTitle(stringField(test, 'fullTitle'), title),
        file,
        status,
        durationMs: numberField(test, 'duration') ?? 0,
        message,
        details,
        retries: [],
    };
}
/** The state, else the boolean flags; a test with neither was not run. */
function stateOf(test) {
    const state = stringField(test, 'state');
    if (state === 'passed' || state === 'failed')
        return state;
    if (state === 'pending')
        return 'skipped';
    if (test['fail'] === true)
        return 'failed';
    if (test['pass'] === true)
        return 'passed';
    if (test['pending'] === true || test['skipped'] === true)
        return 'skipped';
    return undefined;
}

;// CONCATENATED MODULE: ./src/parsers/rspec-json.ts

/*
 * RSpec's `--format json`: {version, messages?, seed?, examples[], summary, summary_line}.
 * Load errors and failing before(:suite)/after(:context) hooks are no example: the summary
 * counts them as errors_outside_of_examples and `messages` holds their text.
 */
const rspecJsonParser = {
    format: 'rspec-json',
    detect: (head) => /^\s*\{/.test(head) &&
        /"version"\s*:\s*"\d+\.\d+/.test(head) &&
        /"examples"\s*:\s*\[|"summary_line"\s*:|"messages"\s*:\s*\[/.test(head),
    parse: parseRspecJson,
};
function parseRspecJson(source, context) {
    const what = 'an RSpec JSON report';
    const document = parseJsonObject(source, context.path, what);
    const tests = requireArrayField(document, 'examples', context.path, what).map(readExample);
    const summary = objectField(document, 'summary');
    const outside = numberField(summary, 'errors_outside_of_examples_count') ?? 0;
    if (outside > 0)
        tests.push(...errorsOutsideExamples(document, outside));
    const seconds = numberField(summary, 'duration');
    const durationMs = seconds !== undefined ? seconds * 1000 : sumDurations(tests);
    return { format: 'rspec-json', suites: groupByFile(tests), durationMs };
}
/**
 * An exception from RSpec's expectations or mocks is a failed assertion; anything else
 * (NoMethodError, a refused connection) crashed the example. A pending example that passed
 * (PendingExampleFixedError) failed its expectation of failing.
 */
const ASSERTION_CLASS = /^RSpec::(?:Expectations|Mocks)::|^RSpec::Core::Pending::PendingExampleFixedError$/;
function readExample(example) {
    const description = stringField(example, 'description') ?? '';
    const exception = objectField(example, 'exception');
    const className = stringField(exception, 'class');
    const rawStatus = stringField(example, 'status');
    const status = rawStatus === 'passed'
        ? 'passed'
        : rawStatus === 'failed'
            ? className && !ASSERTION_CLASS.test(className)
                ? 'errored'
                : 'failed'
            : 'skipped';
    const text = json_report_cleanText(stringField(exception, 'message'));
    const backtrace = stringsField(exception, 'backtrace').join('\n');
    const failed = status === 'failed' || status === 'errored';
    const heading = className ? `${className}: ${text ?? ''}`.trimEnd() : text;
    return {
        name: description || (stringField(example, 'full_description') ?? ''),
        suite: suiteFromFullTitle(stringField(example, 'full_description'), description),
        file: stringField(example, 'file_path') || undefined,
        line: numberField(example, 'line_number'),
        status,
        durationMs: (numberField(example, 'run_time') ?? 0) * 1000,
        message: failed
            ? (firstLine(text) ?? className)
            : (json_report_cleanText(stringField(example, 'pending_message')) ?? undefined),
        details: failed ? [heading, backtrace].filter(Boolean).join('\n') || undefined : undefined,
        retries: [],
    };
}
/** One errored test per error message; the count alone when the messages do not say. */
function errorsOutsideExamples(document, count) {
    const messages = stringsField(document, 'messages')
        .map((message) => json_report_cleanText(message)?.trim())
        .filter((message) => !!message);
    const errors = messages.filter((message) => /An error occurred/i.test(message));
    if (errors.length === 0) {
        const all = messages.join('\n\n');
        return [
            {
                name: 'errors outside of examples',
                suite: '',
                status: 'errored',
                durationMs: 0,
                message: `RSpec counted ${count} error${count === 1 ? '' : 's'} outside of examples`,
                details: all || undefined,
                retries: [],
            },
        ];
    }
    return errors.map((message) => {
        // "An error occurred while loading ./spec/models/user_spec.rb." names the file; RSpec's
        // short backtrace ("# ./spec/x_spec.rb:2:in ...") gives where.
        const loading = /An error occurred while loading (\S+?)\.?(?:\s|$)/.exec(message);
        const where = /^# (\S+?):(\d+)/m.exec(message);
        // The exception as RSpec prints it: "LoadError:" with its message indented below.
        const exception = /^([A-Z][\w:]*):\n\s+(\S[^\n]*)/m.exec(message);
        return {
            name: loading?.[1] ?? firstLine(message) ?? 'error outside of examples',
            suite: '',
            file: loading?.[1] ?? where?.[1],
            line: where && (!loading || where[1] === loading[1]) ? Number(where[2]) : undefined,
            status: 'errored',
            durationMs: 0,
            message: exception ? `${exception[1]}: ${exception[2]}` : firstLine(message),
            details: message,
            retries: [],
        };
    });
}

;// CONCATENATED MODULE: ./src/parsers/stack-location.ts
/**
 * Where a failure happened, read from the stack trace or failure text a test tool wrote, for
 * reports that do not name the test's file and line. Paths are kept as the stack writes them
 * (absolute, relative, or a Java package path); mapping them to repository paths is done later.
 */
// Extensions of source files a `path:line` may name in free text (pytest, Go, Rust, C, PHP…).
// A list rather than any extension, so `example.com:8080` is not read as a file.
const SOURCE_EXTENSIONS = 'py|pyx|js|jsx|mjs|cjs|ts|tsx|mts|cts|vue|svelte|java|kt|kts|scala|groovy|go|rs|c|cc|cpp|cxx|h|hh|hpp|hxx|m|mm|swift|cs|fs|vb|php|phpt|rb|ex|exs|erl|dart|lua|pl|pm|t|r|jl|clj|cljs|zig|nim|sh|bats|feature|robot';
/** `at com.acme.FooTest.bar(FooTest.java:42)`, with an optional module or loader prefix. */
const JAVA_FRAME = /^\s*at\s+(?:[\w.$@-]+\/+)?((?:[\w$]+\.)*[\w$]+)\.([^\s(.][^(]*)\(([^():\s]+\.[A-Za-z]\w*):(\d+)\)/;
/** .NET: `at Acme.FooTests.Bar() in /src/FooTests.cs:line 42`. */
const DOTNET_FRAME = /^\s*at\s+(\S.*?)\s+in\s+(.+?):line\s+(\d+)\s*$/;
/** V8: `at fn (/app/x.test.js:10:5)`, `at /app/x.test.js:10:5`, `at fn (file:///app/x.mjs:1:2)`. */
const JS_FRAME = /^\s*at\s+(?:.*?\()?(?:file:\/\/)?([^\s()][^()]*?):(\d+):\d+\)?\s*$/;
/** CPython traceback: `File "/app/tests/test_x.py", line 12, in test_y`. */
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (\S+))?/;
/** PHP: `#0 /app/src/Foo.php(123): bar()`, `at C:\app\Foo.php(88)`: found by its tail. */
const PHP_TAIL = /[\w-]\.(?:php|phpt|inc)\((\d+)\)/;
/**
 * Free text: `tests/test_x.py:12: AssertionError`, `x_test.go:42: want 1`, `at src/a.rs:3:5`,
 * found by its `.ext:line` tail and then read back to where the path starts, so a long line
 * costs one pass rather than one per starting position.
 */
const PATH_LINE_TAIL = new RegExp(`[\\w-]\\.(?:${SOURCE_EXTENSIONS}):(\\d+)(?![\\w.])`);
/** Characters a path is read back over: not spaces, quotes, brackets or colons. */
const PATH_CHAR = /[^\s:()<>"'`[\]]/;
/** CUnit: `File: /src/tests/x.cpp` then `Line: 77`. */
const CUNIT_FILE = /^\s*File:\s*(\S+)\s*$/;
const CUNIT_LINE = /^\s*Line:\s*(\d+)\s*$/;
const JAVA_LIBRARY = /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.codehaus\.groovy|org\.junit|junit|org\.testng|org\.hamcrest|org\.assertj|org\.opentest4j|org\.mockito|org\.gradle|worker\.org\.gradle|org\.apache\.maven|org\.spockframework|org\.scalatest|org\.jetbrains|android|androidx|dalvik|com\.android)\./;
const PATH_LIBRARY = /(?:^|[\\/])(?:node_modules|site-packages|dist-packages|_pytest|pluggy|vendor)[\\/]|^node:|^internal[\\/]|^<|[\\/]lib[\\/]python\d|[\\/]go[\\/]src[\\/](?:runtime|testing)[\\/]|[\\/]go[\\/]pkg[\\/]mod[\\/]/;
const DOTNET_LIBRARY = /^(?:System|Microsoft|NUnit|Xunit|NSubstitute|Moq|FluentAssertions)\./;
/**
 * The most useful `file:line` in a failure text: a frame in the test's own file (when given), else
 * in the test's class or module, else the first frame outside runtimes, frameworks and installed
 * packages. Undefined when the text names no such place.
 */
function locationFromStack(text, hints = {}) {
    if (!text)
        return undefined;
    // With the test's file known, only lines naming that file's base name can hold an answer: the
    // others are not run through the frame patterns (a long Java trace is mostly library frames).
    const frames = readFrames(text, hints.file === undefined ? undefined : baseName(hints.file));
    // Among frames in the test's own file or class, the test method's is the one to show: a helper
    // it called sits above it in the trace. `testAdd(int)[1]` and `testAdd[1]` run method `testAdd`.
    const method = hints.name?.replace(/[([].*$/s, '').trim();
    const best = (candidates) => candidates.find((frame) => method && frame.method === method) ?? candidates[0];
    const pick = (frame) => frame ? { file: frame.file, line: frame.line } : undefined;
    if (hints.file !== undefined) {
        const file = hints.file;
        return pick(best(frames.filter((frame) => sameFile(frame.file, file))));
    }
    const classPath = hints.classname ? classSegments(hints.classname) : [];
    const inClass = frames.filter((frame) => classPath.length > 0 && !frame.library && pathMatchesClass(frame.file, classPath));
    return pick(best(inClass) ?? frames.find((frame) => !frame.library));
}
/**
 * Whether two spellings of a path name the same file: equal once separators and `./` or
 * `file://` prefixes are set aside, or one is the other's tail (`FooTest.java` and
 * `src/test/java/com/acme/FooTest.java`; `/home/ci/app/tests/x.py` and `tests/x.py`).
 */
function sameFile(a, b) {
    const left = stack_location_normalize(a);
    const right = stack_location_normalize(b);
    if (left === '' || right === '')
        return false;
    return left === right || left.endsWith(`/${right}`) || right.endsWith(`/${left}`);
}
/** Frames sit in short lines near the top; a runaway message is not read to its end. */
const MAX_LINES = 2000;
const MAX_LINE_CHARS = 500;
function readFrames(text, mustContain) {
    const frames = [];
    const lines = text.split(/\r?\n/, MAX_LINES).map((line) => line.slice(0, MAX_LINE_CHARS));
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        if (mustContain !== undefined && !line.includes(mustContain))
            continue;
        const frame = readFrame(line) ?? readCunitFrame(line, lines[index + 1]);
        if (frame && frame.line > 0)
            frames.push(frame);
    }
    return frames;
}
function readFrame(line) {
    const java = JAVA_FRAME.exec(line);
    if (java) {
        const className = java[1];
        const packagePath = className.split('.').slice(0, -1).join('/');
        return {
            file: packagePath ? `${packagePath}/${java[3]}` : java[3],
            line: Number(java[4]),
            method: java[2].trim(),
            library: JAVA_LIBRARY.test(className),
        };
    }
    const dotnet = DOTNET_FRAME.exec(line);
    if (dotnet) {
        return {
            file: dotnet[2],
            line: Number(dotnet[3]),
            library: DOTNET_LIBRARY.test(dotnet[1]) || PATH_LIBRARY.test(dotnet[2]),
        };
    }
    const python = PYTHON_FRAME.exec(line);
    if (python) {
        const file = python[1];
        return { file, line: Number(python[2]), method: python[3], library: PATH_LIBRARY.test(file) };
    }
    const js = JS_FRAME.exec(line);
    const located = js
        ? { file: js[1], line: js[2] }
        : (readBack(line, PHP_TAIL, '(') ?? readBack(line, PATH_LINE_TAIL, ':'));
    if (located) {
        return {
            file: located.file,
            line: Number(located.line),
            library: PATH_LIBRARY.test(located.file),
        };
    }
    return undefined;
}
/** The path ending where `tail` matches (up to `separator`), read back to its first character. */
function readBack(line, tail, separator) {
    const match = tail.exec(line);
    if (!match)
        return undefined;
    const end = match.index + match[0].indexOf(separator, 1);
    let start = match.index;
    while (start > 0 && PATH_CHAR.test(line[start - 1]))
        start--;
    // A Windows drive (`C:\repo\x.php`) is the one colon a path may hold.
    if (start >= 2 && /[A-Za-z]:$/.test(line.slice(start - 2, start)) && /[\\/]/.test(line[start])) {
        if (start === 2 || !PATH_CHAR.test(line[start - 3]))
            start -= 2;
    }
    return { file: line.slice(start, end), line: match[1] };
}
function readCunitFrame(line, next) {
    const file = CUNIT_FILE.exec(line);
    const number = file && next !== undefined ? CUNIT_LINE.exec(next) : null;
    if (!file || !number)
        return undefined;
    return { file: file[1], line: Number(number[1]), library: PATH_LIBRARY.test(file[1]) };
}
/** `com.acme.FooTest$Inner(H2)` → [com, acme, FooTest]: the path a class or module lives at. */
function classSegments(classname) {
    const bare = classname.replace(/[([].*$/s, '').trim();
    if (bare === '' || /\s/.test(bare))
        return [];
    return bare
        .split(/[./\\]|::/)
        .map((segment) => segment.replace(/\$.*$/, ''))
        .filter((segment) => segment !== '');
}
/** True when the file's path ends with a leading part of the class path: tests/test_x.py ~ tests.test_x.TestY. */
function pathMatchesClass(file, classPath) {
    const segments = stack_location_normalize(file)
        .replace(/\.[^./]+$/, '')
        .split('/')
        .filter((segment) => segment !== '' && segment !== '.');
    for (let size = Math.min(segments.length, classPath.length); size >= 1; size--) {
        const tail = segments.slice(segments.length - size);
        if (tail.every((segment, index) => segment === classPath[index]))
            return true;
    }
    return false;
}
function baseName(path) {
    const normalized = stack_location_normalize(path);
    return normalized.slice(normalized.lastIndexOf('/') + 1);
}
function stack_location_normalize(path) {
    return path
        .trim()
        .replace(/^file:\/\//, '')
        .replace(/\\/g, '/')
        .replace(/^(?:\.\/)+/, '');
}

;// CONCATENATED MODULE: ./src/parsers/junit-read.ts



/** Longer one-line messages are cut; the whole text stays in `details`. */
const MAX_MESSAGE_CHARS = 1000;
/** Multi-line messages up to this long are joined into one line rather than cut to the first. */
const JOINED_MESSAGE_CHARS = 200;
/** `status` values that say a test did not run (tst, CTest, Google Test, Catch2). */
const NOT_RUN_STATUSES = new Set(['disabled', 'ignored', 'notrun', 'skipped', 'skip', 'pending']);
/** Google Test marks skipped and disabled tests with `result`. */
const NOT_RUN_RESULTS = new Set(['skipped', 'suppressed']);
/** Roots of other XML formats, named in the error so a mis-pointed glob is easy to see. */
const junit_read_OTHER_ROOTS = {
    'test-run': 'an NUnit 3 report',
    'test-results': 'an NUnit 2 report',
    'test-suite': 'an NUnit report fragment',
    assemblies: 'an xUnit.net report',
    assembly: 'an xUnit.net report',
    TestRun: 'a Visual Studio TRX report',
    html: 'an HTML page',
    coverage: 'a Cobertura coverage report',
    checkstyle: 'a Checkstyle report',
};
/**
 * What holds for the whole file. The helpers below that take it are exported for junit-stream.ts,
 * which reads each suite of a large file with this same code.
 */
const REPEATED = new Set([
    'testsuite',
    'testcase',
    'failure',
    'error',
    'skipped',
    'system-out',
    'system-err',
    'flakyFailure',
    'flakyError',
    'rerunFailure',
    'rerunError',
]);
/**
 * The whole document as one tree (fast-xml-parser), for files that are not well-formed XML and
 * that the streaming reader must refuse, but that a lenient reading still makes sense of (a raw
 * '<' inside an attribute value, as @web/test-runner writes). Truncated files stay refused.
 */
function parseJunitTree(source, context) {
    refuseNonXml(source, context.path);
    const document = parseXml(source, context.path, REPEATED, { attributesApart: true });
    const rootName = Object.keys(document).find((key) => !key.startsWith('?') && key !== '#text');
    if (rootName !== 'testsuites' && rootName !== 'testsuite') {
        const what = rootName ? junit_read_OTHER_ROOTS[rootName] : undefined;
        throw new ParseError(context.path, `not a JUnit report: the root element is <${rootName ?? 'none'}>${what ? ` (${what})` : ''}, not <testsuites> or <testsuite>`);
    }
    const root = document[rootName];
    const topSuites = rootName === 'testsuites' ? children(root, 'testsuite') : asNodes(root);
    const reading = {
        pytest: isPytest(root, rootName, topSuites),
        nodeTest: isNodeTest(root),
        locatedFromFailure: new Set(),
    };
    const suites = [];
    const looseTests = rootName === 'testsuites'
        ? children(root, 'testcase').map((testcase, index) => readTestCase(testcase, index, { name: '', reading }))
        : [];
    if (looseTests.length > 0)
        suites.push({ name: '', tests: looseTests });
    for (const suite of topSuites)
        collectSuite(suite, suites, reading);
    const stated = rootName === 'testsuites' ? seconds(attributeOf(root, 'time')) : undefined;
    const durationMs = stated ??
        topSuites.reduce((sum, suite) => sum + suiteTime(suite), 0) +
            looseTests.reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'junit', suites: sameFileForRepeats(suites, reading), durationMs };
}
function asNodes(value) {
    if (Array.isArray(value))
        return value;
    return value && typeof value === 'object' ? [value] : [];
}
/** Nested suites (Bazel, PHPUnit, some pytest plugins) are flattened; each keeps its own name. */
function collectSuite(suite, into, reading) {
    // Unnamed suites go by their id, so two of them do not read as one (test-summary 01-common).
    const name = attributeOf(suite, 'name') || attributeOf(suite, 'id') || '';
    const testcases = children(suite, 'testcase');
    const nested = children(suite, 'testsuite');
    const scope = {
        name,
        file: attributeOf(suite, 'file') || attributeOf(suite, 'filepath') || undefined,
        namedFile: sourcePath(name),
        output: testcases.length === 1 ? joinOutput(suite) : undefined,
        reading,
    };
    const tests = testcases.map((testcase, index) => readTestCase(testcase, index, scope));
    if (testcases.length === 0 && nested.length === 0) {
        tests.push(...unlistedTests(suite, scope));
    }
    if (tests.length > 0 || nested.length === 0)
        into.push({ name, tests });
    for (const inner of nested)
        collectSuite(inner, into, reading);
}
const NO_RETRIES = Object.freeze([]);
function hasReruns(testcase) {
    return (testcase.flakyFailure !== undefined ||
        testcase.flakyError !== undefined ||
        testcase.rerunFailure !== undefined ||
        testcase.rerunError !== undefined);
}
const NO_ATTRIBUTES = Object.freeze({});
const NO_NODES = Object.freeze([]);
/**
 * A test case's attributes, read by name rather than through `attribute(node, key)`: 100,000
 * tests of a file share one shape of attributes object, and a named read of it is a fixed offset,
 * where a read by a variable key is a lookup each time.
 */
function testcaseAttributes(testcase) {
    const own = testcase[ATTRIBUTES];
    return own !== null && typeof own === 'object' ? own : NO_ATTRIBUTES;
}
function junit_read_text(value) {
    return typeof value === 'string' ? value : undefined;
}
function readTestCase(testcase, index, scope) {
    const own = testcaseAttributes(testcase);
    const { status, outcomes } = outcomeOf(testcase, own);
    const classname = junit_read_text(own.classname)?.trim() ?? '';
    const name = junit_read_text(own.name) || `(unnamed test ${index + 1})`;
    const suite = classname !== '' && !scope.reading.nodeTest ? classname : scope.name;
    const file = junit_read_text(own.file) || junit_read_text(own.filepath) || scope.file || sourcePath(classname) || scope.namedFile;
    const stated = wholeNumber(junit_read_text(own.line));
    const statedLine = scope.reading.pytest && stated !== undefined ? stated + 1 : stated || undefined;
    const location = status === 'failed' || status === 'errored'
        ? failureLocation(outcomes, {
            classname: scope.reading.nodeTest ? '' : classname,
            file,
            name,
        })
        : undefined;
    // Surefire writes earlier attempts of a rerun test as flaky*/rerun* children of its final result.
    const retries = hasReruns(testcase)
        ? [
            ...children(testcase, 'flakyFailure').map((n) => rerun(n, 'failed')),
            ...children(testcase, 'flakyError').map((n) => rerun(n, 'errored')),
            ...children(testcase, 'rerunFailure').map((n) => rerun(n, 'failed')),
            ...children(testcase, 'rerunError').map((n) => rerun(n, 'errored')),
        ]
        : NO_RETRIES;
    const test = {
        name,
        suite,
        file: file ?? location?.file,
        line: location?.line ?? statedLine,
        status,
        durationMs: seconds(junit_read_text(own.time)) ?? 0,
        // Most tests passed: no outcome, and nothing to allocate for one (100,000 tests a file).
        message: outcomes.length > 0 ? firstDefined(outcomes.map(messageOf)) : undefined,
        details: outcomes.length > 0 ? detailsOfAll(outcomes) : undefined,
        output: joinOutput(testcase) ?? scope.output,
        retries,
    };
    if (file === undefined && location)
        scope.reading.locatedFromFailure.add(test);
    return test;
}
/**
 * The status and the elements that explain it, most telling first. An <error> outranks a
 * <failure> on the same test (pytest: a failed test whose teardown then crashed), as EnricoMi's
 * publisher counts it; both outrank <skipped>. A `status` of disabled or ignored wins over all
 * (mikepenz/action-junit-report#761: a disabled test that fails does not fail the run).
 */
function outcomeOf(testcase, own) {
    // Named reads first: most tests have none of these, and a read by name is cheap.
    const failures = testcase.failure === undefined ? NO_NODES : children(testcase, 'failure');
    const errors = testcase.error === undefined ? NO_NODES : children(testcase, 'error');
    const skips = testcase.skipped === undefined ? NO_NODES : children(testcase, 'skipped');
    const statusAttribute = junit_read_text(own.status)?.trim().toLowerCase() ?? '';
    const resultAttribute = junit_read_text(own.result)?.trim().toLowerCase() ?? '';
    if (statusAttribute === 'disabled' || statusAttribute === 'ignored') {
        return { status: 'skipped', outcomes: [...skips, ...errors, ...failures] };
    }
    if (errors.length > 0)
        return { status: 'errored', outcomes: [...errors, ...failures] };
    if (failures.length > 0)
        return { status: 'failed', outcomes: failures };
    if (skips.length > 0 ||
        NOT_RUN_STATUSES.has(statusAttribute) ||
        NOT_RUN_RESULTS.has(resultAttribute)) {
        return { status: 'skipped', outcomes: skips };
    }
    return { status: 'passed', outcomes: [] };
}
/**
 * Where a failing test failed: the failure element's own file/line (Catch2, some xunit tools),
 * else its stack trace. With the test's file known, only a place in that file refines the line.
 */
function failureLocation(outcomes, hints) {
    for (const outcome of outcomes) {
        const file = attributeOf(outcome, 'file');
        const line = wholeNumber(attributeOf(outcome, 'line')) || undefined;
        if (file && line !== undefined && (hints.file === undefined || sameFile(file, hints.file))) {
            return { file, line };
        }
    }
    for (const outcome of outcomes) {
        const text = [attributeOf(outcome, 'message'), textOf(outcome)].filter(Boolean).join('\n');
        const found = locationFromStack(text, {
            classname: hints.classname || undefined,
            file: hints.file,
            name: hints.name,
        });
        if (found)
            return found;
    }
    return undefined;
}
/**
 * Attempts of one test listed as separate <testcase> elements (gotestsum reruns, pytest's
 * failed-call-then-teardown-error, web-test-runner retries) are folded later by file, suite and
 * name. A file read from one attempt's failure text would split them, so within the file, every
 * attempt without a stated file gets the place found for the first failing one.
 */
function sameFileForRepeats(suites, reading) {
    if (reading.locatedFromFailure.size === 0)
        return suites;
    const key = (test) => `${test.suite}\u0000${test.name}`;
    const places = new Map();
    for (const test of reading.locatedFromFailure) {
        if (!places.has(key(test)))
            places.set(key(test), { file: test.file, line: test.line });
    }
    return suites.map((suite) => ({
        name: suite.name,
        tests: suite.tests.map((test) => {
            const located = reading.locatedFromFailure.has(test);
            const place = test.file === undefined || located ? places.get(key(test)) : undefined;
            if (!place || place.file === test.file)
                return test;
            return { ...test, file: place.file, line: located ? test.line : (test.line ?? place.line) };
        }),
    }));
}
/** Beyond this many, a suite's stated counters are not spelled out as entries (hostile input). */
const MAX_UNLISTED = 10_000;
/**
 * A suite that lists no test cases but states counters (tests="6" failures="1" skipped="2"):
 * its counters are all the report says, so they become as many entries, "(unlisted test N)",
 * with the failure, error or skip they state, as EnricoMi reads such suites. A suite that holds
 * an <error> of its own, or whose counters cannot be spelled out, gets one failing entry so it
 * never reads as green.
 */
function unlistedTests(suite, scope) {
    const failures = count(attributeOf(suite, 'failures'));
    const errors = count(attributeOf(suite, 'errors'));
    const skipped = count(attributeOf(suite, 'skipped')) || count(attributeOf(suite, 'disabled'));
    const own = [...children(suite, 'error'), ...children(suite, 'failure')];
    const total = Math.max(count(attributeOf(suite, 'tests')), failures + errors + skipped);
    const stated = [
        `${total} ${total === 1 ? 'test' : 'tests'}`,
        failures > 0 ? `${failures} ${failures === 1 ? 'failure' : 'failures'}` : '',
        errors > 0 ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : '',
        skipped > 0 ? `${skipped} skipped` : '',
    ].filter(Boolean);
    const message = `the suite counts ${stated.join(', ')} but lists no test cases`;
    const entry = (index, status, durationMs = 0) => ({
        name: total > 1 ? `(unlisted test ${index} of ${total})` : '(unlisted test)',
        suite: scope.name,
        file: scope.file,
        status,
        durationMs,
        message: status === 'passed' ? undefined : (firstDefined(own.map(messageOf)) ?? message),
        details: status === 'passed' ? undefined : detailsOfAll(own),
        output: total === 1 || own.length > 0 ? joinOutput(suite) : undefined,
        retries: NO_RETRIES,
    });
    if (own.length > 0 || total > MAX_UNLISTED) {
        if (own.length === 0 && failures + errors === 0)
            return [];
        const status = errors > 0 || children(suite, 'error').length > 0 ? 'errored' : 'failed';
        return [
            { ...entry(1, status, seconds(attributeOf(suite, 'time')) ?? 0), name: '(unlisted test)' },
        ];
    }
    const statuses = [
        ...Array(errors).fill('errored'),
        ...Array(failures).fill('failed'),
        ...Array(skipped).fill('skipped'),
    ];
    while (statuses.length < total)
        statuses.push('passed');
    return statuses.map((status, index) => entry(index + 1, status));
}
function rerun(node, status) {
    return {
        status,
        durationMs: seconds(attributeOf(node, 'time')) ?? 0,
        message: messageOf(node),
        details: detailsOf(node) ?? textOf(children(node, 'stackTrace')[0]),
        output: junit_read_nonEmpty(textOf(children(node, 'system-out')[0])),
    };
}
/**
 * One line. A short multi-line message attribute is joined into one ("Expected: <1>" / "but: was
 * <2>" reads as a sentence); a long one, or a message taken from the element's text (a stack
 * trace), gives its first line. Past MAX_MESSAGE_CHARS it is cut; details keep the whole.
 */
function messageOf(node) {
    const stated = junit_read_nonEmpty(attributeOf(node, 'message'))?.trim();
    const joined = stated?.replace(/\s*\n\s*/g, ' ');
    const source = joined !== undefined && joined.length <= JOINED_MESSAGE_CHARS
        ? joined
        : (stated ?? junit_read_nonEmpty(textOf(node)?.trim()) ?? junit_read_nonEmpty(attributeOf(node, 'type')));
    const line = source
        ?.split('\n')
        .find((part) => part.trim() !== '')
        ?.trim();
    if (line === undefined)
        return undefined;
    return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}
function detailsOf(node) {
    return junit_read_nonEmpty(textOf(node)?.replace(/^\n+|\s+$/g, ''));
}
/**
 * The text of every element behind the status. A message attribute longer than the one-line
 * `message` keeps its whole text here unless the element's text already holds it.
 */
function detailsOfAll(outcomes) {
    const parts = outcomes.map((node, index) => {
        const text = detailsOf(node);
        const stated = junit_read_nonEmpty(attributeOf(node, 'message'))?.trim();
        const cut = stated !== undefined && stated !== messageOf(node);
        const lead = (index > 0 || cut) && !text?.includes(stated ?? '') ? stated : undefined;
        return [lead, text].filter(Boolean).join('\n\n');
    });
    return junit_read_nonEmpty(parts.filter((part) => part !== '').join('\n\n'));
}
function joinOutput(node) {
    if (node['system-out'] === undefined && node['system-err'] === undefined)
        return undefined;
    const parts = [...children(node, 'system-out'), ...children(node, 'system-err')]
        .map((child) => textOf(child))
        .filter((text) => !!text && text.trim() !== '');
    return parts.length > 0 ? parts.join('\n') : undefined;
}
/**
 * JUnit times are seconds. Some tools format them for a locale: "1,234.5" (thousands
 * separators) and "0,123" (decimal comma, .NET under de-DE) both occur.
 */
function seconds(value) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (text === '')
        return undefined;
    // Most times are plain numbers, read as they are; the locale forms below are the rest.
    const plain = Number(text);
    if (plain >= 0)
        return Number.isFinite(plain) ? plain * 1000 : undefined;
    const normalized = text.includes('.') || /,\d{3},/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
    const parsed = Number(normalized);
    return Number.isFinite(parsed) && parsed >= 0 ? parsed * 1000 : undefined;
}
/** A suite's own time, else as long as its tests and nested suites together. */
function suiteTime(suite) {
    const stated = seconds(attributeOf(suite, 'time'));
    if (stated !== undefined)
        return stated;
    const own = children(suite, 'testcase').reduce((sum, testcase) => sum + (seconds(attributeOf(testcase, 'time')) ?? 0), 0);
    return own + children(suite, 'testsuite').reduce((sum, inner) => sum + suiteTime(inner), 0);
}
/**
 * Suite names and classnames that are a test file's path (jest-junit with `{filepath}`, Vitest,
 * Playwright): they say which file the tests are in. Go packages named like `nats.go` are not.
 */
/** Thousands of tests share a class name: each is looked at once. */
const sourcePaths = new Map();
function sourcePath(name) {
    if (sourcePaths.has(name))
        return sourcePaths.get(name);
    const found = findSourcePath(name);
    if (sourcePaths.size < 10_000)
        sourcePaths.set(name, found);
    return found;
}
function findSourcePath(name) {
    const text = name.trim();
    if (text === '' || (/\s/.test(text) && !/[\\/]/.test(text)))
        return undefined;
    if (/\.go$/.test(text))
        return /_test\.go$/.test(text) ? text : undefined;
    return /^[^<>|"?*\n]+\.(?:[cm]?[jt]sx?|py|rb|php|phpt|feature|vue|svelte|dart|exs|rs|swift|kt|java|scala|cs)$/.test(text)
        ? text
        : undefined;
}
/** pytest names its suite "pytest" (and, since 7.x, its root "pytest tests"). */
function isPytest(root, rootName, suites) {
    if (rootName === 'testsuites' && attributeOf(root, 'name') === 'pytest tests')
        return true;
    return suites.length > 0 && suites.every((suite) => attributeOf(suite, 'name') === 'pytest');
}
/** node:test's reporter on Node 20: every test, at any depth, has classname="test" (Node 24 writes the describe() path). */
function isNodeTest(root) {
    let seen = 0;
    const visit = (node) => children(node, 'testcase').every((testcase) => {
        seen++;
        return attributeOf(testcase, 'classname') === 'test';
    }) && children(node, 'testsuite').every(visit);
    const rootNodes = asNodes(root);
    // A <testsuite> root is the one suite; a <testsuites> root is visited as a container.
    return rootNodes.every(visit) && seen > 0;
}
/** Anything that is not XML at all is named as such, not as a parser's complaint about a byte. */
function refuseNonXml(source, path) {
    const start = source
        .slice(0, 4096)
        .replace(/^\uFEFF/, '')
        .trimStart();
    if (/^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<!DOCTYPE\s+html[\s>]/i.test(start)) {
        throw new ParseError(path, 'not a JUnit report: it is an HTML page');
    }
    if (start !== '' && !start.startsWith('<')) {
        const shown = start.slice(0, 40).split('\n', 1)[0];
        throw new ParseError(path, `not a JUnit report: the file is not XML (it starts with "${shown}")`);
    }
}
function wholeNumber(value) {
    return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}
function count(value) {
    return wholeNumber(value) ?? 0;
}
function firstDefined(values) {
    return values.find((value) => value !== undefined);
}
function junit_read_nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}

;// CONCATENATED MODULE: ./src/parsers/junit.ts




/**
 * JUnit XML read as a stream of tags (xml-stream.ts): the file never exists as one string or one tree.
 * Each top-level <testsuite> is built as a small tree, read by the same code as a whole
 * document would be (junit.ts), and dropped, so memory follows the tests kept, not the file.
 * Texts are capped, so one runaway <system-out> cannot take the runner down.
 */
const junit_MAX_TEXT_CHARS = 64 * 1024;
const junitParser = {
    format: 'junit',
    detect: detectJunit,
    parse: parseJunit,
    parseStream: parseJunitStream,
};
const CUT = '\n… (cut)';
/** Elements whose own text no reader looks at: only the indentation between their children. */
const CONTAINERS = new Set(['testsuites', 'testsuite', 'testcase', 'properties']);
class JunitStreamParser {
    #tokenizer;
    #path;
    #stack = [];
    /** Per open element: whether its text is read (a failure's is, the whitespace between tests is not). */
    #keepsText = [];
    #suites = [];
    #loose = [];
    #located = new Set();
    /**
     * The open top-level suite of a <testsuites> root, if any: read and dropped when it closes.
     * Top-level suites cannot nest, so one slot holds it.
     */
    #openTopSuite;
    #root;
    #rootName;
    #topLevelTime = 0;
    #first = true;
    constructor(context) {
        this.#path = context.path;
        this.#tokenizer = new XmlTokenizer({
            doctype: (declaration) => {
                if (declaresEntities(declaration))
                    this.#fail(ENTITIES_REFUSED);
            },
            openTag: (name, attributes, selfClosing) => {
                this.#open(name, attributes);
                if (selfClosing)
                    this.#close();
            },
            closeTag: () => this.#close(),
            text: (text) => this.#text(text),
        });
    }
    write(chunk) {
        if (this.#first && chunk.trim() !== '') {
            this.#first = false;
            refuseNonXml(chunk, this.#path);
        }
        withParseErrors(this.#path, () => this.#tokenizer.write(chunk));
    }
    finish() {
        if (this.#first)
            throw new ParseError(this.#path, 'the file is empty');
        withParseErrors(this.#path, () => this.#tokenizer.end());
        const root = this.#root;
        if (!root || this.#rootName === undefined) {
            throw new ParseError(this.#path, 'not a JUnit report: there is no XML element in it');
        }
        let looseTests = [];
        if (this.#rootName === 'testsuite') {
            // A <testsuite> root is the one suite: read whole, as junit.ts reads it.
            collectSuite(root, this.#suites, this.#reading({ testsuite: [root] }));
            this.#topLevelTime += suiteTime(root);
        }
        else if (this.#loose.length > 0) {
            // node:test puts tests outside any describe() straight under <testsuites>.
            const reading = this.#reading({ testcase: this.#loose });
            looseTests = this.#loose.map((testcase, index) => readTestCase(testcase, index, { name: '', reading }));
        }
        const suites = looseTests.length > 0 ? [{ name: '', tests: looseTests }, ...this.#suites] : this.#suites;
        const stated = this.#rootName === 'testsuites' ? seconds(attributeOf(root, 'time')) : undefined;
        const looseTime = looseTests.reduce((sum, test) => sum + test.durationMs, 0);
        return {
            format: 'junit',
            suites: sameFileForRepeats(suites, this.#reading({})),
            durationMs: stated ?? this.#topLevelTime + looseTime,
        };
    }
    /**
     * How to read a part of the document. junit.ts takes its flags from the whole document; here
     * they come from the root and the part at hand, which is the same for a file one tool wrote.
     */
    #reading(holder) {
        const suites = holder.testsuite ?? [];
        return {
            pytest: isPytest(this.#root ?? {}, this.#rootName ?? '', suites),
            nodeTest: isNodeTest(holder),
            locatedFromFailure: this.#located,
        };
    }
    #fail(reason) {
        throw new ParseError(this.#path, reason, this.#tokenizer.line);
    }
    #open(name, attributes) {
        const node = { [ATTRIBUTES]: attributes };
        const parent = this.#stack[this.#stack.length - 1];
        if (!parent) {
            if (this.#root)
                this.#fail('more than one root element');
            this.#root = node;
            this.#rootName = name;
            if (name !== 'testsuites' && name !== 'testsuite') {
                const what = junit_read_OTHER_ROOTS[name];
                this.#fail(`not a JUnit report: the root element is <${name}>${what ? ` (${what})` : ''}, not <testsuites> or <testsuite>`);
            }
        }
        else if (parent === this.#root && this.#rootName === 'testsuites' && name === 'testsuite') {
            this.#openTopSuite = node;
        }
        else {
            const list = parent[name];
            if (Array.isArray(list))
                list.push(node);
            else
                parent[name] = [node];
            if (parent === this.#root && name === 'testcase')
                this.#loose.push(node);
        }
        this.#stack.push(node);
        this.#keepsText.push(!CONTAINERS.has(name));
    }
    #close() {
        const node = this.#stack.pop();
        this.#keepsText.pop();
        if (node === this.#openTopSuite) {
            this.#openTopSuite = undefined;
            collectSuite(node, this.#suites, this.#reading({ testsuite: [node] }));
            this.#topLevelTime += suiteTime(node);
        }
    }
    #text(text) {
        if (!this.#keepsText[this.#keepsText.length - 1])
            return;
        const node = this.#stack[this.#stack.length - 1];
        const current = node['#text'] ?? '';
        if (current.length >= junit_MAX_TEXT_CHARS)
            return;
        const joined = current + text;
        node['#text'] = joined.length > junit_MAX_TEXT_CHARS ? joined.slice(0, junit_MAX_TEXT_CHARS) + CUT : joined;
    }
}
/**
 * A whole JUnit file. Its lenient reading of a file that is not well-formed needs
 * loadXmlParser() first (parseJunitStream, which the action uses, loads it itself).
 */
function parseJunit(source, context) {
    try {
        const parser = new JunitStreamParser(context);
        parser.write(source);
        return parser.finish();
    }
    catch (error) {
        if (isLenientlyReadable(error) && source.length <= LENIENT_MAX_CHARS) {
            return parseJunitTree(source, context);
        }
        throw error;
    }
}
async function parseJunitStream(chunks, context) {
    const parser = new JunitStreamParser(context);
    try {
        for await (const chunk of chunks)
            parser.write(chunk);
        return parser.finish();
    }
    catch (error) {
        // Read again rather than kept from the first reading: holding up to 16 MiB of text for the
        // rare file that needs it would cost every large file that memory.
        if (!context.reread || !isLenientlyReadable(error))
            throw error;
        const parts = [];
        let length = 0;
        for await (const chunk of context.reread()) {
            parts.push(chunk);
            length += chunk.length;
            if (length > LENIENT_MAX_CHARS)
                throw error;
        }
        await loadXmlParser();
        return parseJunitTree(parts.join(''), context);
    }
}
/** Up to this size, a file that is not well-formed XML gets a lenient second reading. */
const LENIENT_MAX_CHARS = 16 * 1024 * 1024;
/**
 * Characters XML forbids where they stand (a raw '<' in an attribute value) are a tool's slip
 * that other readers forgive; a file that ends early or nests wrongly is not read as if whole.
 */
function isLenientlyReadable(error) {
    return error instanceof ParseError && /^malformed XML: disallowed character/.test(error.reason);
}
/**
 * True when the document's first element is <testsuites> or <testsuite>. Looking at the root,
 * not anywhere in the head, keeps other formats that quote JUnit in a message from being claimed.
 */
function detectJunit(head) {
    const start = afterPrologue(head);
    // A head cut inside a long prologue: fall back to finding the element at all.
    if (start === undefined)
        return /<testsuites?[\s>/]/.test(head);
    return /^<testsuites?(?:[\s>/]|$)/.test(head.slice(start));
}
/** Index of the first element after the BOM, XML declaration, comments and DOCTYPE; undefined when the head ends first. */
function afterPrologue(head) {
    let index = head.startsWith('\uFEFF') ? 1 : 0;
    for (;;) {
        while (index < head.length && /\s/.test(head[index]))
            index++;
        const closer = head.startsWith('<?', index)
            ? '?>'
            : head.startsWith('<!--', index)
                ? '-->'
                : head.startsWith('<!DOCTYPE', index) || head.startsWith('<!doctype', index)
                    ? '>'
                    : undefined;
        if (closer === undefined)
            return index < head.length ? index : undefined;
        const end = head.indexOf(closer, index + 2);
        if (end < 0)
            return undefined;
        index = end + closer.length;
    }
}

;// CONCATENATED MODULE: ./src/parsers/nunit.ts


const NUNIT = {
    what: 'an NUnit report',
    roots: ['test-run', 'test-results', 'test-suite'],
    repeated: new Set(['test-suite', 'test-case']),
};
/**
 * NUnit 3 (`<test-run>`), NUnit 2 (`<test-results>`, also what Pester and many converters
 * write), and the bare `<test-suite>` some tools save for one assembly. Both versions nest
 * suites the same way (NUnit 2 inside <results>) and differ in their result words, so one
 * reader serves both.
 */
const nunitParser = {
    format: 'nunit',
    detect: (head) => {
        const root = xmlRootName(head);
        return root === 'test-run' || root === 'test-results' || root === 'test-suite';
    },
    load: loadXmlParser,
    parse: parseNunit,
};
function parseNunit(source, context) {
    const [rootName, root] = readDotnetReport(source, context.path, NUNIT);
    const topSuites = rootName === 'test-suite' ? [root] : childSuites(root);
    const tests = [];
    for (const suite of topSuites)
        walkSuite(suite, { namespaces: [] }, tests);
    // Test cases straight under <test-run>: NUnit never writes them, converters sometimes do.
    if (rootName !== 'test-suite') {
        for (const testCase of childCases(root))
            tests.push(readCase(testCase, { namespaces: [] }));
    }
    const stated = rootName === 'test-run' ? secondsToMs(attribute(root, 'duration')) : undefined;
    const durationMs = stated ??
        sumDefined(topSuites.map(suiteSeconds)) ??
        tests.reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'nunit', suites: groupBySuite(tests), durationMs };
}
/** NUnit 2 puts child suites and cases in <results>; NUnit 3 puts them right in the suite. */
function childSuites(node) {
    return [...children(node, 'test-suite'), ...children(children(node, 'results')[0], 'test-suite')];
}
function childCases(node) {
    return [...children(node, 'test-case'), ...children(children(node, 'results')[0], 'test-case')];
}
function walkSuite(suite, outer, into) {
    const type = attribute(suite, 'type');
    const name = attribute(suite, 'name') ?? '';
    const fullName = attribute(suite, 'fullname');
    const scope = type === 'Namespace'
        ? { ...outer, namespaces: [...outer.namespaces, name], parent: name }
        : type === 'TestFixture'
            ? {
                ...outer,
                fixture: fullName ?? [...outer.namespaces, name].filter(Boolean).join('.'),
                parent: name,
            }
            : { ...outer, parent: name };
    const before = into.length;
    for (const testCase of childCases(suite))
        into.push(readCase(testCase, scope));
    for (const child of childSuites(suite))
        walkSuite(child, scope, into);
    for (let index = before; index < into.length; index++) {
        if (into[index].status === 'failed' || into[index].status === 'errored')
            return;
    }
    const own = suiteFailure(suite, scope.fixture ?? fullName ?? name);
    if (own)
        into.push(own);
}
/**
 * A suite that failed on its own (a OneTimeSetUp or OneTimeTearDown that threw, a fixture
 * that cannot be built) while none of its tests failed would leave a red run with nothing to
 * show for it: it becomes one errored entry named for where it failed. NUnit 3 says where
 * (`site`); NUnit 2 marks the fixture failed, often without saying why.
 */
function suiteFailure(suite, suiteName) {
    const result = word(attribute(suite, 'result'));
    const label = word(attribute(suite, 'label'));
    const site = attribute(suite, 'site');
    const failed = result === 'failed' ||
        result === 'failure' ||
        result === 'error' ||
        result === 'notrunnable' ||
        label === 'error' ||
        label === 'invalid';
    if (!failed || site === 'Child' || site === 'Parent')
        return undefined;
    const failure = children(suite, 'failure')[0] ?? children(suite, 'reason')[0];
    const text = failureParts(cleanText(children(failure, 'message')[0]), cleanText(children(failure, 'stack-trace')[0]));
    return {
        name: site === 'SetUp'
            ? 'OneTimeSetUp'
            : site === 'TearDown'
                ? 'OneTimeTearDown'
                : `(${attribute(suite, 'type') ?? 'suite'})`,
        suite: suiteName,
        status: 'errored',
        durationMs: 0,
        message: text.message ?? 'the suite failed outside its tests (fixture setup or teardown)',
        details: text.details,
        retries: [],
    };
}
function readCase(testCase, scope) {
    const rawName = attribute(testCase, 'name') ?? '';
    const fullName = attribute(testCase, 'fullname') ?? rawName;
    const className = attribute(testCase, 'classname') ?? scope.fixture ?? classOf(fullName);
    const status = nunit_statusOf(testCase);
    const failure = children(testCase, 'failure')[0];
    const reason = children(testCase, 'reason')[0];
    const stackTrace = cleanText(children(failure, 'stack-trace')[0]);
    const failing = status === 'failed' || status === 'errored';
    const text = status === 'passed'
        ? {}
        : failureParts(cleanText(children(failure ?? reason, 'message')[0]), failing ? stackTrace : undefined);
    const methodName = attribute(testCase, 'methodname') ?? shortMethodName(fullName);
    const location = failing ? testLocation(stackTrace, className, methodName) : undefined;
    return {
        name: withoutClassPrefix(rawName, className),
        suite: className ?? scope.parent ?? '',
        file: location?.file,
        line: location?.line,
        status,
        durationMs: secondsToMs(attribute(testCase, 'duration') ?? attribute(testCase, 'time')) ?? 0,
        message: text.message,
        details: text.details,
        output: cleanOutput([cleanText(children(testCase, 'output')[0])]),
        retries: [],
    };
}
/** "Ns.Class.Method(args)" → "Ns.Class"; undefined for a name without a class part. */
function classOf(fullName) {
    const bare = fullName.split('(', 1)[0];
    const dot = bare.lastIndexOf('.');
    return dot > 0 ? bare.slice(0, dot) : undefined;
}
/**
 * NUnit 3: Passed, Failed (label Error or Invalid: errored; Cancelled and plain: failed),
 * Skipped (label Invalid: errored, a test NUnit could not run; Ignored, Explicit: skipped),
 * Inconclusive (skipped), Warning (passed: NUnit does not fail the run for it).
 * NUnit 2: Success, Failure, Error, Cancelled, NotRunnable (errored, as NUnit 3's Invalid),
 * Ignored, Skipped, Inconclusive. NUnit 2.2 has only executed and success.
 */
function nunit_statusOf(testCase) {
    const result = word(attribute(testCase, 'result'));
    const label = word(attribute(testCase, 'label'));
    switch (result) {
        case 'passed':
        case 'success':
        case 'warning':
            return 'passed';
        case 'failed':
        case 'failure':
            return label === 'error' || label === 'invalid' ? 'errored' : 'failed';
        case 'error':
        case 'notrunnable':
            return 'errored';
        case 'cancelled':
            return 'failed';
        case 'skipped':
        case 'ignored':
        case 'inconclusive':
        case 'explicit':
            return label === 'invalid' ? 'errored' : 'skipped';
        case undefined:
            break;
        default:
            return children(testCase, 'failure').length > 0 ? 'failed' : 'skipped';
    }
    if (word(attribute(testCase, 'executed')) === 'false')
        return 'skipped';
    const success = word(attribute(testCase, 'success'));
    if (success === 'false' || children(testCase, 'failure').length > 0)
        return 'failed';
    return 'passed';
}
/** Result words compared without case; NUnit 3 roots add a site: "Failed(Child)". */
function word(value) {
    const trimmed = value?.split(/[(:]/, 1)[0].trim().toLowerCase();
    return trimmed ? trimmed : undefined;
}
function suiteSeconds(suite) {
    return secondsToMs(attribute(suite, 'duration') ?? attribute(suite, 'time'));
}
function sumDefined(values) {
    const known = values.filter((value) => value !== undefined);
    return known.length > 0 ? known.reduce((sum, value) => sum + value, 0) : undefined;
}

;// CONCATENATED MODULE: ./src/parsers/tap.ts



/**
 * TAP 12/13/14 (Test Anything Protocol): a line-oriented stream read by a state machine, with
 * YAML diagnostics, directives and indented subtests.
 */
const tapParser = {
    format: 'tap',
    detect: detectTap,
    load: loadYaml,
    parse: parseTap,
    parseStream: parseTapStream,
};
/**
 * A version line, or (for TAP without one) a plan or a numbered test point as the first line
 * after any comments. Unnumbered `ok` alone is too common in other text to claim a file by.
 */
function detectTap(head) {
    for (const raw of head.replace(/^\uFEFF/, '').split('\n')) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        return (/^TAP version 1[34]$/i.test(line) ||
            /^1\.\.\d+(\s*#.*)?$/.test(line) ||
            /^(not )?ok \d+\b/.test(line));
    }
    return false;
}
function parseTap(source, context) {
    return readText(new TapReader(context.path), source);
}
/** The same from chunks of text: the file is never held whole. */
function parseTapStream(chunks, context) {
    return readChunks(new TapReader(context.path), chunks);
}
/** node:test's failures that are not the test's own assertion: crashes, timeouts, cancels. */
const ERRORED_FAILURE_TYPES = new Set([
    'hookFailed',
    'cancelledByParent',
    'testTimeoutFailure',
    'uncaughtException',
    'unhandledRejection',
    'callbackAndPromisePresent',
    'multipleCallbackInvocations',
    'parentAlreadyFinished',
]);
/** YAML keys turned into message, details, file, line or duration; others stay in details. */
const READ_KEYS = new Set([
    'message',
    'error',
    'severity',
    'at',
    'file',
    'line',
    'column',
    'location',
    'stack',
    'diff',
    'duration_ms',
    'type',
    'failureType',
    'code',
    'name',
]);
/** More planned-but-missing tests than this become one entry (a bad plan must not eat memory). */
const MAX_MISSING_LISTED = 10_000;
class TapReader {
    #path;
    #root = newLevel(0);
    #stack = [this.#root];
    #yaml;
    /** The point a YAML block may follow, until another TAP line comes. */
    #lastPoint;
    #diagnosed;
    #bailOut;
    #statedDurationMs;
    #sawTap = false;
    #lines = new LineSplitter((raw, lineNumber) => this.#line(raw, lineNumber));
    constructor(path) {
        this.#path = path;
    }
    /** Feeds text in chunks of any size; a line may span chunks. */
    write(chunk) {
        this.#lines.write(chunk);
    }
    #line(raw, lineNumber) {
        if (this.#bailOut !== undefined)
            return;
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        const content = text.trim();
        const indent = text.length - text.trimStart().length;
        if (this.#yaml) {
            const yaml = this.#yaml;
            if (content === '...' && indent <= yaml.indent) {
                this.#yaml = undefined;
                return;
            }
            if (content === '' || indent >= yaml.indent) {
                yaml.point.yaml.push(content === '' ? '' : text.slice(yaml.indent));
                return;
            }
            this.#yaml = undefined; // ended without `...`: read the line as TAP
        }
        if (content === '')
            return;
        if (content === '---' && this.#lastPoint && indent > this.#lastPoint.level.indent) {
            this.#lastPoint.point.yaml = [];
            this.#yaml = { point: this.#lastPoint.point, indent };
            this.#lastPoint = undefined;
            this.#diagnosed = undefined;
            return;
        }
        const bail = /^Bail out!\s*(.*)$/i.exec(content);
        if (bail) {
            this.#sawTap = true;
            this.#bailOut = bail[1].trim();
            return;
        }
        const subtest = /^# Subtest(?::\s*(.*))?$/i.exec(content);
        if (content.startsWith('#') && !subtest) {
            this.#comment(content, indent);
            return;
        }
        const plan = /^1\.\.(\d+)\s*(?:#.*)?$/.exec(content);
        const point = /^(not )?ok\b(.*)$/.exec(content);
        const structural = subtest || plan || point || content === '}' || /^TAP version \d+$/i.test(content);
        if (!structural)
            return; // pragmas and anything else TAP says to ignore
        this.#sawTap = true;
        this.#lastPoint = undefined;
        this.#diagnosed = undefined;
        const level = this.#levelFor(indent);
        if (subtest) {
            const name = subtest[1]?.trim() ? tap_unescape(subtest[1].trim()) : undefined;
            if (name === undefined) {
                // `# Subtest` without a name: the parent's test point will name it.
            }
            else if (level !== this.#root && level.name === undefined && level.entries.length === 0) {
                level.name = name; // TAP 14 puts the comment inside the child stream
            }
            else {
                level.nextChildName = name; // node:test puts it before, at the parent's indentation
            }
        }
        else if (plan) {
            if (level.plan) {
                throw new ParseError(this.#path, 'a second plan in the same stream', lineNumber);
            }
            this.#adoptOrphan(level);
            level.plan = { count: Number(plan[1]), afterTests: level.entries.length > 0 };
        }
        else if (point) {
            if (level.plan?.afterTests) {
                throw new ParseError(this.#path, `a test after the closing plan 1..${level.plan.count}: TAP allows a plan only before the first test or after the last`, lineNumber);
            }
            const test = readPoint(point[1] === undefined, point[2], level);
            if (level.pendingChildren) {
                test.point.children = level.pendingChildren;
                level.pendingChildren = undefined;
            }
            if (test.opensBlock)
                level.braceParent = test.point;
            level.entries.push(test.point);
            this.#lastPoint = { point: test.point, level };
            if (!test.point.ok && !test.point.directive)
                this.#diagnosed = test.point;
        }
    }
    end() {
        this.#lines.end();
        if (!this.#sawTap)
            throw new ParseError(this.#path, 'no TAP version, plan or test lines');
        while (this.#stack.length > 1)
            this.#pop(true);
        this.#finish(this.#root);
        if (this.#root.pendingChildren) {
            this.#root.pendingChildren.unfinished = true;
            this.#adoptOrphan(this.#root);
        }
        const tests = this.#flatten(this.#root, []);
        if (this.#bailOut !== undefined && !tests.some((t) => t.message?.startsWith(NOT_RUN))) {
            tests.push({
                name: 'Bail out!',
                suite: '',
                status: 'errored',
                durationMs: 0,
                message: this.#bailOut || 'the test run bailed out',
                retries: [],
            });
        }
        const suites = tap_groupBySuite(tests);
        const durationMs = this.#statedDurationMs ??
            tests.filter((test) => test.suite === '').reduce((sum, test) => sum + test.durationMs, 0);
        return { format: 'tap', suites, durationMs };
    }
    #comment(content, indent) {
        if (this.#diagnosed) {
            this.#diagnosed.diagnostics.push(content.replace(/^#\s?/, ''));
            return;
        }
        if (indent !== 0)
            return;
        // node:test ends with `# duration_ms 72.9`; node-tap with `# time=40.111ms`.
        const stated = /^#\s*duration_ms\s+([\d.]+)\s*$/.exec(content) ?? /^#\s*time=([\d.]+)ms\s*$/.exec(content);
        if (stated)
            this.#statedDurationMs = Number(stated[1]);
    }
    /** The level a structural line at this indentation belongs to, closing or opening streams. */
    #levelFor(indent) {
        while (this.#stack.length > 1 && this.#top().indent > indent)
            this.#pop();
        const top = this.#top();
        if (indent > top.indent) {
            this.#adoptOrphan(top);
            const child = newLevel(indent);
            child.name = top.nextChildName ?? top.braceParent?.description;
            top.nextChildName = undefined;
            this.#stack.push(child);
            return child;
        }
        return top;
    }
    #top() {
        return this.#stack[this.#stack.length - 1];
    }
    /** Closes the innermost stream; at the end of input its unclaimed children never finished. */
    #pop(atEnd = false) {
        const child = this.#stack.pop();
        const parent = this.#top();
        if (atEnd && child.pendingChildren)
            child.pendingChildren.unfinished = true;
        this.#adoptOrphan(child);
        this.#finish(child);
        if (child.entries.length === 0 && child.plan === undefined)
            return;
        if (parent.braceParent) {
            parent.braceParent.children = child;
            parent.braceParent = undefined;
            return;
        }
        this.#adoptOrphan(parent);
        parent.pendingChildren = child;
    }
    /** A child stream no test point claimed is kept as a group of its own. */
    #adoptOrphan(level) {
        if (level.pendingChildren)
            level.entries.push(level.pendingChildren);
        level.pendingChildren = undefined;
    }
    #finish(level) {
        const planned = level.plan?.count ?? 0;
        if (planned === 0 || level.missing)
            return;
        const missing = [];
        for (let n = 1; n <= planned && missing.length <= MAX_MISSING_LISTED; n++) {
            if (!level.numbers.has(n))
                missing.push(n);
        }
        level.missing = missing;
    }
    #flatten(level, path) {
        const suite = path.join(' > ');
        const tests = [];
        const names = new Set();
        for (const entry of level.entries) {
            if (entry.kind === 'level') {
                if (entry.unfinished)
                    tests.push(this.#unfinishedParent(entry, suite));
                tests.push(...this.#flatten(entry, [...path, entry.name ?? 'subtest']));
                continue;
            }
            const test = toTestCase(entry, suite, names);
            const children = entry.children ? this.#flatten(entry.children, [...path, test.name]) : [];
            // node:test marks describe() blocks as suites: they count only if they failed by themselves.
            const isSuite = yamlOf(entry)?.type === 'suite';
            const ownFailure = (test.status === 'failed' || test.status === 'errored') &&
                !children.some((child) => child.status === 'failed' || child.status === 'errored');
            if (!isSuite || ownFailure)
                tests.push(test);
            tests.push(...children);
        }
        tests.push(...this.#missingTests(level, suite));
        return tests;
    }
    #unfinishedParent(level, suite) {
        return {
            name: level.name ?? 'subtest',
            suite,
            status: 'errored',
            durationMs: 0,
            message: this.#bailOut !== undefined
                ? `${NOT_RUN}: the run bailed out inside its subtests${this.#bailOut ? ` (${this.#bailOut})` : ''}`
                : 'never reported: the stream ends inside its subtests',
            retries: [],
        };
    }
    /**
     * Tests the plan promised but the stream never reported are errored, not dropped: the
     * producer stopped early (a crash, a bail-out), and the plan is its own word on what exists.
     */
    #missingTests(level, suite) {
        const missing = level.missing ?? [];
        if (missing.length === 0)
            return [];
        const planned = level.plan.count;
        const why = this.#bailOut !== undefined
            ? `${NOT_RUN}: the run bailed out${this.#bailOut ? ` (${this.#bailOut})` : ''} before test`
            : `${NOT_RUN}: planned (1..${planned}) but never reported; the producer stopped early before test`;
        if (missing.length > MAX_MISSING_LISTED) {
            const count = planned - [...level.numbers].filter((n) => n >= 1 && n <= planned).length;
            return [
                {
                    name: `tests ${missing[0]}-${planned}`,
                    suite,
                    status: 'errored',
                    durationMs: 0,
                    message: `${why}s ${missing[0]}-${planned} (${count} tests, listed as one)`,
                    retries: [],
                },
            ];
        }
        return missing.map((n) => ({
            name: `test ${n}`,
            suite,
            status: 'errored',
            durationMs: 0,
            message: `${why} ${n}`,
            retries: [],
        }));
    }
}
const NOT_RUN = 'not run';
function newLevel(indent) {
    return { kind: 'level', indent, entries: [], lastNumber: 0, numbers: new Set() };
}
function readPoint(ok, rest, level) {
    let text = rest;
    const opensBlock = /\s\{$/.test(text) || text === ' {';
    if (opensBlock)
        text = text.slice(0, -1);
    const numbered = /^\s*(\d+)(?=$|[\s\-#])/.exec(text);
    const number = numbered ? Number(numbered[1]) : level.lastNumber + 1;
    if (numbered)
        text = text.slice(numbered[0].length);
    text = text.replace(/^\s*-?\s*/, '');
    level.lastNumber = number;
    level.numbers.add(number);
    const hash = unescapedHash(text);
    let description = text;
    let directive;
    if (hash >= 0) {
        const found = /^\s*(skip|todo)\S*(?:\s+(.*))?$/i.exec(text.slice(hash + 1));
        if (found) {
            description = text.slice(0, hash);
            directive = {
                kind: found[1].toLowerCase(),
                reason: tap_unescape(found[2]?.trim() ?? ''),
            };
        }
    }
    return {
        point: {
            kind: 'point',
            ok,
            number,
            description: tap_unescape(description.trim()),
            directive,
            diagnostics: [],
        },
        opensBlock,
    };
}
/** TAP 14 escapes `#` and `\` in descriptions as `\#` and `\\`. */
function unescapedHash(text) {
    for (let index = 0; index < text.length; index++) {
        if (text[index] === '\\')
            index++;
        else if (text[index] === '#')
            return index;
    }
    return -1;
}
function tap_unescape(text) {
    return text.replace(/\\([\\#])/g, '$1');
}
const parsedYaml = new WeakMap();
function yamlOf(point) {
    if (!point.yaml)
        return undefined;
    let parsed = parsedYaml.get(point);
    if (parsed === undefined) {
        const parseYaml = yamlParser();
        try {
            const value = parseYaml(point.yaml.join('\n'), { uniqueKeys: false });
            parsed = value && typeof value === 'object' && !Array.isArray(value) ? value : null;
        }
        catch {
            parsed = null; // kept as raw text in details
        }
        parsedYaml.set(point, parsed);
    }
    return parsed ?? undefined;
}
function toTestCase(point, suite, names) {
    const yaml = yamlOf(point);
    let name = point.description || `test ${point.number}`;
    // Assertion descriptions repeat ("should be equal"); the pipeline would fold same-named tests
    // as retries, so a repeated one is told apart by its number.
    if (names.has(name))
        name = `${name} [#${point.number}]`;
    names.add(name);
    const status = tap_statusOf(point, yaml);
    const rawYaml = point.yaml ? tap_nonEmpty(point.yaml.join('\n').trimEnd()) : undefined;
    const location = tap_locationOf(yaml, point.diagnostics);
    const duration = typeof yaml?.duration_ms === 'number' ? yaml.duration_ms : 0;
    const base = {
        name,
        suite,
        file: location?.file,
        line: location?.line,
        status,
        durationMs: Number.isFinite(duration) && duration >= 0 ? duration : 0,
        retries: [],
    };
    if (point.directive?.kind === 'skip') {
        return { ...base, message: tap_nonEmpty(point.directive.reason) };
    }
    if (point.directive?.kind === 'todo') {
        const what = point.directive.reason ? `TODO: ${point.directive.reason}` : 'TODO';
        return {
            ...base,
            message: point.ok
                ? `${what} (passed, but a TODO test is not counted as a pass)`
                : `${what} (not ok, which a TODO test may be without failing the run)`,
            details: point.ok ? undefined : failureDetails(yaml, rawYaml, point.diagnostics),
        };
    }
    if (status === 'passed') {
        const extra = yaml
            ? Object.keys(yaml).some((key) => key !== 'duration_ms' && key !== 'type')
            : rawYaml !== undefined;
        return { ...base, output: extra ? rawYaml : undefined };
    }
    return {
        ...base,
        message: tap_messageOf(yaml),
        details: failureDetails(yaml, rawYaml, point.diagnostics),
    };
}
function tap_statusOf(point, yaml) {
    if (point.directive)
        return 'skipped';
    if (point.ok)
        return 'passed';
    const failureType = yaml?.failureType;
    return typeof failureType === 'string' && ERRORED_FAILURE_TYPES.has(failureType)
        ? 'errored'
        : 'failed';
}
function tap_messageOf(yaml) {
    const value = yaml?.message ?? yaml?.error;
    return typeof value === 'string' ? tap_nonEmpty(value.trim()) : undefined;
}
/** diff and stack when the YAML has them; otherwise the YAML itself, so nothing is lost. */
function failureDetails(yaml, rawYaml, diagnostics) {
    const parts = [];
    if (yaml) {
        if (typeof yaml.diff === 'string')
            parts.push(yaml.diff.trimEnd());
        if (typeof yaml.stack === 'string')
            parts.push(yaml.stack.trimEnd());
        if (parts.length === 0 && Object.keys(yaml).some((key) => !READ_KEYS.has(key)) && rawYaml) {
            parts.push(rawYaml);
        }
    }
    else if (rawYaml) {
        parts.push(rawYaml);
    }
    if (diagnostics.length > 0)
        parts.push(tap_dedent(diagnostics));
    return tap_nonEmpty(parts.join('\n\n'));
}
/** `at: {file, line}` (node-tap), `file`/`line`, `location: path:line:col` (node:test), or Perl. */
function tap_locationOf(yaml, diagnostics) {
    const at = yaml?.at;
    if (at && typeof at === 'object' && !Array.isArray(at)) {
        const { file, line } = at;
        if (typeof file === 'string')
            return { file: stripScheme(file), line: positive(line) };
    }
    if (typeof yaml?.file === 'string') {
        return { file: stripScheme(yaml.file), line: positive(yaml.line) };
    }
    if (typeof yaml?.location === 'string') {
        const match = /^(.*?):(\d+)(?::\d+)?$/.exec(yaml.location);
        if (match)
            return { file: stripScheme(match[1]), line: Number(match[2]) };
    }
    for (const diagnostic of diagnostics) {
        const perl = /\bat (\S+) line (\d+)\.?$/.exec(diagnostic);
        if (perl)
            return { file: perl[1], line: Number(perl[2]) };
    }
    return undefined;
}
function positive(value) {
    const number = typeof value === 'string' ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}
function stripScheme(file) {
    return file.replace(/^file:\/\//, '');
}
/** Test::More indents its diagnostics by two after the `#`: drop what all lines share. */
function tap_dedent(lines) {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(common)).join('\n');
}
function tap_groupBySuite(tests) {
    const suites = new Map();
    for (const test of tests) {
        const list = suites.get(test.suite);
        if (list)
            list.push(test);
        else
            suites.set(test.suite, [test]);
    }
    return [...suites].map(([name, list]) => ({ name, tests: list }));
}
function tap_nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}

;// CONCATENATED MODULE: ./src/parsers/trx.ts


/** Elements under <Results> (and <InnerResults>) that each hold one test's result. */
const RESULT_ELEMENTS = [
    'UnitTestResult',
    'TestResultAggregation',
    'GenericTestResult',
    'ManualTestResult',
    'WebTestResult',
];
const TRX = {
    what: 'a TRX report',
    roots: ['TestRun'],
    repeated: new Set([
        ...RESULT_ELEMENTS,
        'UnitTest',
        'GenericTest',
        'OrderedTest',
        'ManualTest',
        'WebTest',
        'Message',
    ]),
};
/** Visual Studio / VSTest / Microsoft.Testing.Platform TRX (`dotnet test --logger trx`). */
const trxParser = {
    format: 'trx',
    detect: (head) => xmlRootName(head) === 'TestRun',
    load: loadXmlParser,
    parse: parseTrx,
};
function parseTrx(source, context) {
    const [, root] = readDotnetReport(source, context.path, TRX);
    const definitions = readDefinitions(children(root, 'TestDefinitions')[0]);
    const tests = [];
    for (const result of resultNodes(children(root, 'Results')[0])) {
        collectResult(result, definitions, tests);
    }
    const times = children(root, 'Times')[0];
    const durationMs = spanMs(attribute(times, 'start'), attribute(times, 'finish')) ??
        tests.reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'trx', suites: groupBySuite(tests), durationMs };
}
/** Test id → the class and method its <TestMethod> names. */
function readDefinitions(node) {
    const definitions = new Map();
    if (!node)
        return definitions;
    for (const kind of ['UnitTest', 'GenericTest', 'OrderedTest', 'ManualTest', 'WebTest']) {
        for (const test of children(node, kind)) {
            const id = attribute(test, 'id');
            if (id === undefined)
                continue;
            const method = children(test, 'TestMethod')[0];
            definitions.set(id.toLowerCase(), {
                className: plainClassName(attribute(method, 'className')),
                methodName: attribute(method, 'name') ?? attribute(test, 'name'),
            });
        }
    }
    return definitions;
}
/** Old MSTest writes an assembly-qualified name: "Ns.Class, Assembly, Version=…". */
function plainClassName(value) {
    const name = value?.split(',', 1)[0]?.trim();
    return name ? name : undefined;
}
function resultNodes(container) {
    return RESULT_ELEMENTS.flatMap((name) => children(container, name));
}
/**
 * A data-driven test (and an ordered test) lists each row (step) under <InnerResults>: the
 * rows are the tests, the outer result only sums them up. Rows named like their siblings get
 * their row number, so they do not fold together as retries of one test.
 */
function collectResult(result, definitions, into) {
    const inner = resultNodes(children(result, 'InnerResults')[0]);
    if (inner.length === 0) {
        into.push(readResult(result, definitions));
        return;
    }
    const rows = [];
    inner.forEach((row, index) => {
        const produced = [];
        collectResult(row, definitions, produced);
        const label = attribute(row, 'dataRowInfo') ?? String(index + 1);
        for (const test of produced)
            rows.push({ test, label });
    });
    const key = (test) => `${test.suite}\u0000${test.name}`;
    const counts = new Map();
    for (const { test } of rows)
        counts.set(key(test), (counts.get(key(test)) ?? 0) + 1);
    for (const { test, label } of rows) {
        into.push(counts.get(key(test)) > 1 ? { ...test, name: `${test.name} (row ${label})` } : test);
    }
}
function readResult(result, definitions) {
    const definition = definitions.get((attribute(result, 'testId') ?? '').toLowerCase()) ?? {};
    const output = children(result, 'Output')[0];
    const errorInfo = children(output, 'ErrorInfo')[0];
    const rawMessage = cleanText(children(errorInfo, 'Message')[0]);
    const stackTrace = cleanText(children(errorInfo, 'StackTrace')[0]);
    const status = trx_statusOf(attribute(result, 'outcome'), errorInfo !== undefined);
    const failure = status === 'passed' ? {} : failureParts(rawMessage, stackTrace);
    const location = status === 'failed' || status === 'errored'
        ? testLocation(stackTrace, definition.className, definition.methodName)
        : undefined;
    const textMessages = children(children(output, 'TextMessages')[0], 'Message').map(cleanText);
    const testName = attribute(result, 'testName') ?? definition.methodName ?? '';
    return {
        name: withoutClassPrefix(testName, definition.className),
        suite: definition.className ?? '',
        file: location?.file,
        line: location?.line,
        status,
        durationMs: timeSpanToMs(attribute(result, 'duration')) ??
            spanMs(attribute(result, 'startTime'), attribute(result, 'endTime')) ??
            0,
        message: failure.message,
        details: failure.details,
        output: cleanOutput([
            cleanText(children(output, 'StdOut')[0]),
            cleanText(children(output, 'StdErr')[0]),
            cleanText(children(output, 'DebugTrace')[0]),
            ...textMessages,
        ]),
        retries: [],
    };
}
/**
 * TRX outcomes. Error, Timeout, Aborted (the test host died during the test), NotRunnable
 * (the test method is malformed), Disconnected (the agent was lost) and InProgress (the run
 * ended during it) mean the test never got to pass or fail: errored. NotExecuted,
 * Inconclusive and Pending did not run: skipped. Warning, Completed and PassedButRunAborted
 * finished without failing: passed. An outcome unknown here fails when it carries an error.
 */
function trx_statusOf(outcome, hasError) {
    switch (outcome?.trim().toLowerCase()) {
        case 'passed':
        case 'passedbutrunaborted':
        case 'completed':
        case 'warning':
            return 'passed';
        case 'failed':
            return 'failed';
        case 'error':
        case 'timeout':
        case 'aborted':
        case 'notrunnable':
        case 'disconnected':
        case 'inprogress':
            return 'errored';
        case 'notexecuted':
        case 'inconclusive':
        case 'pending':
            return 'skipped';
        default:
            return hasError ? 'failed' : outcome === undefined ? 'passed' : 'skipped';
    }
}

;// CONCATENATED MODULE: ./src/parsers/xunit.ts


const ERRORS = 'xunit-errors';
const XUNIT = {
    what: 'an xUnit.net report',
    roots: ['assemblies', 'assembly'],
    repeated: new Set(['assembly', 'collection', 'class', 'test', 'error']),
    // <assembly errors="1"> has an <errors> child too: renamed, so the attribute cannot hide it.
    renamed: { errors: ERRORS },
};
/**
 * xUnit.net XML: v2 and v3 (`<assemblies>`, tests grouped in <collection>), and v1 (one
 * `<assembly>`, tests grouped in <class>). A bare <assembly> root is also what Windows
 * manifests and Maven assembly descriptors use, so it counts only with xUnit's run attributes.
 */
const xunitParser = {
    format: 'xunit',
    detect: (head) => {
        const root = xmlRootName(head);
        if (root === 'assemblies')
            return true;
        if (root !== 'assembly')
            return false;
        const tag = xmlRootTag(head, 'assembly') ?? '';
        return /\stest-framework=/.test(tag) || (/\stotal=/.test(tag) && /\spassed=/.test(tag));
    },
    load: loadXmlParser,
    parse: parseXunit,
};
function parseXunit(source, context) {
    const [rootName, root] = readDotnetReport(source, context.path, XUNIT);
    const assemblies = rootName === 'assemblies' ? children(root, 'assembly') : [root];
    const tests = [];
    for (const assembly of assemblies) {
        const version = /^xUnit\.net v?(\d+)/i.exec(attribute(assembly, 'test-framework') ?? '');
        const escaped = version !== null && Number(version[1]) >= 2;
        for (const group of [...children(assembly, 'collection'), ...children(assembly, 'class')]) {
            const groupName = attribute(group, 'name') ?? '';
            for (const test of children(group, 'test'))
                tests.push(xunit_readTest(test, groupName, escaped));
        }
        for (const error of children(children(assembly, ERRORS)[0], 'error')) {
            tests.push(readError(error, escaped));
        }
    }
    const stated = assemblies.map((assembly) => secondsToMs(attribute(assembly, 'time')));
    const durationMs = stated.every((value) => value !== undefined)
        ? stated.reduce((sum, value) => sum + value, 0)
        : tests.reduce((sum, test) => sum + test.durationMs, 0);
    return { format: 'xunit', suites: groupBySuite(tests), durationMs };
}
function xunit_readTest(test, groupName, escaped) {
    const className = xunit_nonEmpty(attribute(test, 'type'));
    const status = xunit_statusOf(attribute(test, 'result'), test);
    const failure = children(test, 'failure')[0];
    const stackTrace = cleanText(children(failure, 'stack-trace')[0]);
    const failing = status === 'failed' || status === 'errored';
    const text = status === 'passed'
        ? {}
        : failureParts(unescaped(cleanText(children(failure, 'message')[0] ?? children(test, 'reason')[0]), escaped), failing ? stackTrace : undefined);
    const location = (failing ? testLocation(stackTrace, className, attribute(test, 'method')) : undefined) ??
        declaredLocation(test);
    return {
        name: withoutClassPrefix(unescaped(attribute(test, 'name'), escaped) ?? '', className),
        suite: className ?? groupName,
        file: location?.file,
        line: location?.line,
        status,
        durationMs: secondsToMs(attribute(test, 'time')) ?? 0,
        message: text.message,
        details: text.details,
        output: cleanOutput([cleanText(children(test, 'output')[0])]),
        retries: [],
    };
}
/** xUnit v2/v3 write the test's source file and line when the runner could find them. */
function declaredLocation(test) {
    const file = xunit_nonEmpty(attribute(test, 'source-file'));
    const line = Number(attribute(test, 'source-line'));
    return file !== undefined && Number.isInteger(line) && line > 0 ? { file, line } : undefined;
}
/**
 * A failure outside any test (a fixture's or class's cleanup, an assembly that would not
 * load), which xUnit lists under <errors> and counts as such: an errored entry of its own.
 */
function readError(error, escaped) {
    const failure = children(error, 'failure')[0];
    const type = attribute(error, 'type') ?? 'error';
    const text = failureParts(unescaped(cleanText(children(failure, 'message')[0]), escaped), cleanText(children(failure, 'stack-trace')[0]));
    return {
        name: `[${type}] ${attribute(error, 'name') ?? ''}`.trim(),
        suite: '',
        status: 'errored',
        durationMs: 0,
        message: text.message ?? attribute(failure, 'exception-type'),
        details: text.details,
        retries: [],
    };
}
/** Pass, Fail, Skip; v3 adds NotRun (explicit tests left out), which did not run: skipped. */
function xunit_statusOf(result, test) {
    switch (result?.trim().toLowerCase()) {
        case 'pass':
            return 'passed';
        case 'fail':
            return 'failed';
        case 'skip':
        case 'notrun':
            return 'skipped';
        default:
            return children(test, 'failure').length > 0 ? 'failed' : 'skipped';
    }
}
/**
 * xUnit.net escapes test names, messages and skip reasons C-style before writing them
 * (a newline as `\n`, a quote as `\"`, a backslash doubled), so a message is one line in the
 * file. Only text from xUnit.net 2 and later is unescaped, and only when it has no real line
 * break: v1 and other tools writing this format (Fixie) write text as it is.
 */
function unescaped(text, escaped) {
    if (text === undefined || !escaped || text.includes('\n') || !text.includes('\\'))
        return text;
    return text.replace(/\\(x[0-9A-Fa-f]{2}|[\\rnt0abvf"])/g, (_whole, code) => {
        if (code[0] === 'x')
            return String.fromCharCode(Number.parseInt(code.slice(1), 16));
        return ESCAPES[code] ?? code;
    });
}
const ESCAPES = {
    '\\': '\\',
    r: '\r',
    n: '\n',
    t: '\t',
    '0': '\0',
    a: '\u0007',
    b: '\b',
    v: '\v',
    f: '\f',
    '"': '"',
};
function xunit_nonEmpty(value) {
    return value === undefined || value.trim() === '' ? undefined : value;
}

;// CONCATENATED MODULE: ./src/parsers/index.ts












/** Every result format the action reads. A new format is one file and one line here. */
const resultParsers = [
    // .NET formats check the root element; JUnit's check matches <testsuite> anywhere in the head.
    trxParser,
    nunitParser,
    xunitParser,
    junitParser,
    jestJsonParser,
    vitestJsonParser,
    mochaJsonParser,
    mochawesomeParser,
    rspecJsonParser,
    ctrfParser,
    goTestJsonParser,
    tapParser,
    dartJsonParser,
];
/** The parser whose format the file's first bytes show, if any. */
function detectResultParser(head) {
    return resultParsers.find((parser) => parser.detect(head));
}

;// CONCATENATED MODULE: ./src/collect/collect-results.ts



/** Finds, reads and parses every result file; a file that fails is recorded, never fatal. */
async function collectResults(options) {
    const { parsed, files } = await collectFiles({
        ...options,
        kind: 'results',
        autoGlobs: AUTO_RESULT_GLOBS,
        detect: detectResultParser,
        unknownFormat: 'not a test report format the action reads',
    });
    return { reports: parsed.map(({ path, content }) => ({ ...content, path })), files };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(31421);
;// CONCATENATED MODULE: ./src/collect/git-diff.ts


const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_DIFF_BYTES = 256 * 1024 * 1024;
/** What a revision may look like: no option (`-x`), no range, no whitespace. */
const REVISION = /^(?!-)(?!.*\.\.)[^\s\0]+$/;
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/**
 * The diff from `base` to `head`, renames detected, in a form no user configuration changes
 * (colour, external diff drivers, text conversion, prefixes). When `base` is a full SHA the
 * clone does not have (a shallow `actions/checkout`), it is fetched once from `remote`, depth 1,
 * within `fetchTimeoutMs`; `notes` says so.
 */
async function gitDiff(options) {
    const notes = [];
    const fail = (reason) => ({ ok: false, reason, notes });
    const head = options.head ?? 'HEAD';
    const remote = options.remote ?? 'origin';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const git = (args, timeout = timeoutMs) => runGit(options.git ?? 'git', args, options.cwd, timeout);
    for (const [name, revision] of [
        ['base', options.base],
        ['head', head],
    ]) {
        if (!REVISION.test(revision))
            return fail(`the ${name} ${JSON.stringify(revision)} is not a commit name`);
    }
    if (!REVISION.test(remote))
        return fail(`the remote ${JSON.stringify(remote)} is not a remote name`);
    // Checked first: a missing cwd fails the spawn with ENOENT, as a missing git does.
    if (!(0,external_node_fs_.statSync)(options.cwd, { throwIfNoEntry: false })?.isDirectory()) {
        return fail(`${options.cwd} does not exist`);
    }
    const inside = await git(['rev-parse', '--is-inside-work-tree']);
    if (inside.missing)
        return fail(`git is not installed (${inside.message})`);
    if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
        return fail(`${options.cwd} is not a git checkout (${inside.message})`);
    }
    if (!(await hasCommit(git, head)))
        return fail(`${head} is not a commit of this checkout`);
    const base = options.base;
    const short = FULL_SHA.test(base) ? base.slice(0, 12) : base;
    if (!(await hasCommit(git, base))) {
        const shallow = (await git(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
        const where = shallow ? 'this shallow clone' : 'this clone';
        if (!FULL_SHA.test(base)) {
            return fail(`the base commit ${base} is not in ${where}, and only a full commit SHA can be fetched; ` +
                'check out with fetch-depth: 0 or fetch the base branch first');
        }
        const fetchTimeout = options.fetchTimeoutMs ?? DEFAULT_TIMEOUT_MS;
        const fetched = await git(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', remote, base], fetchTimeout);
        if (fetched.code !== 0 || !(await hasCommit(git, base))) {
            const why = fetched.timedOut
                ? `timed out after ${duration(fetchTimeout)}`
                : fetched.code !== 0
                    ? `failed: ${fetched.message}`
                    : 'did not bring it';
            notes.push(`fetching base commit ${short} from ${remote} ${why}`);
            return fail(`the base commit ${short} is not in ${where}, and fetching it from ${remote} ${why}; ` +
                'check out with fetch-depth: 0 or fetch the base commit before this step');
        }
        notes.push(`the base commit ${short} was not in ${where}; fetched it from ${remote} (depth 1)`);
    }
    const diff = await git([
        // Settings a user's config could change the output with.
        '-c',
        'diff.noprefix=false',
        '-c',
        'diff.mnemonicPrefix=false',
        '-c',
        'core.quotePath=true',
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--unified=0',
        '--find-renames',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        '--relative',
        base,
        head,
        '--',
    ]);
    if (diff.timedOut)
        return fail(`git diff timed out after ${duration(timeoutMs)}`);
    if (diff.tooLarge)
        return fail(`the diff is larger than ${MAX_DIFF_BYTES / 1024 / 1024} MiB`);
    if (diff.code !== 0)
        return fail(`git diff failed: ${diff.message}`);
    return { ok: true, diff: diff.stdout, notes };
}
function duration(ms) {
    return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
async function hasCommit(git, revision) {
    const result = await git(['cat-file', '-e', `${revision}^{commit}`]);
    return result.code === 0;
}
function runGit(binary, args, cwd, timeout) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(binary, args, {
            cwd,
            timeout,
            maxBuffer: MAX_DIFF_BYTES,
            encoding: 'utf8',
            // No prompt for credentials, no index lock taken by a read-only command, English
            // messages for the summary.
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
        }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            const timedOut = Boolean(error && error.killed && error.signal);
            const tooLarge = error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
            const missing = error?.code === 'ENOENT';
            const text = (stderr || (error ? error.message : '')).trim();
            resolve({
                code,
                stdout,
                message: text.split('\n').slice(-3).join(' ').slice(0, 500),
                timedOut,
                tooLarge,
                missing,
            });
        });
    });
}

;// CONCATENATED MODULE: ./src/collect/tracked-files.ts


const MAX_FILES = 200_000;
/**
 * The repository's files, relative to `root`: what git tracks when it is a checkout (fast, and
 * what a link on GitHub can point to), else what is on disk, vendored folders left out.
 *
 * `git ls-files` starts at once and runs beside whatever the step does next (reading the
 * reports), and is spawned while the process is still small; the walk of the disk that
 * replaces it outside a checkout happens only when the list is asked for.
 */
function startListingRepositoryFiles(root) {
    const tracked = new Promise((resolve) => {
        (0,external_node_child_process_.execFile)('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 256 * 1024 * 1024, timeout: 30_000 }, (error, stdout) => resolve(error ? undefined : stdout.split('\0').filter(Boolean)));
    });
    let listed;
    return () => (listed ??= tracked.then((files) => (files ? files.slice(0, MAX_FILES) : filesOnDisk(root))));
}
async function filesOnDisk(root) {
    const files = [];
    for await (const entry of (0,promises_.glob)('**/*', {
        cwd: root,
        exclude: (name) => name === 'node_modules' || name === '.git' || name.endsWith('/node_modules'),
    })) {
        files.push(entry);
        if (files.length >= MAX_FILES)
            break;
    }
    return files;
}

;// CONCATENATED MODULE: ./src/coverage/changed-lines.ts
/**
 * Coverage of a pull request's changed lines ("diff coverage"): the lines the diff adds, held
 * against the merged line coverage of the same files. A changed line counts only where the
 * coverage says the line is executable; the rest (comments, blank lines, declarations) are
 * neither covered nor uncovered. Computed as diff-cover computes it, and checked against its
 * expected reports (__tests__/coverage/diff-cover-corpus.test.ts). Pure.
 */
/**
 * @param changed the lines each file adds, by repository path (diff.ts addedLinesByPath). Files
 *   with no added line are skipped: there is nothing of them to cover.
 * @param coverage the merged line hits of each file, by repository path (0: not run).
 */
function changedLineCoverage(changed, coverage) {
    const files = [];
    const filesWithoutCoverage = [];
    let changedCount = 0;
    let coverable = 0;
    let covered = 0;
    for (const path of [...changed.keys()].sort(comparePaths)) {
        const lines = sortedLineNumbers(changed.get(path));
        if (lines.length === 0)
            continue;
        changedCount += lines.length;
        const hits = coverage.get(path);
        if (!hits || hits.size === 0) {
            filesWithoutCoverage.push(path);
            continue;
        }
        const file = fileCoverage(path, lines, hits);
        coverable += file.coverable.length;
        covered += file.covered.length;
        files.push(file);
    }
    return {
        files,
        filesWithoutCoverage,
        totals: { changed: changedCount, coverable, covered, uncovered: coverable - covered },
        diffCoverage: coverable === 0 ? undefined : (covered / coverable) * 100,
    };
}
function fileCoverage(path, lines, hits) {
    const coverable = [];
    const covered = [];
    const uncovered = [];
    for (const line of lines) {
        const count = hits.get(line);
        if (count === undefined)
            continue;
        coverable.push(line);
        (count > 0 ? covered : uncovered).push(line);
    }
    return {
        path,
        changed: lines.length,
        coverable,
        covered,
        uncovered,
        uncoveredRanges: uncoveredRanges(uncovered),
        percent: coverable.length === 0 ? undefined : (covered.length / coverable.length) * 100,
    };
}
/**
 * Uncovered lines joined into ranges where their numbers are consecutive: [2, 3, 4, 8] gives
 * [2, 4] and [8, 8]. A line between two uncovered lines that is not executable (or not
 * changed) breaks the range, as in diff-cover's "Missing lines" (its combine_adjacent_lines
 * joins numbers that differ by one and nothing else): 2 and 4 uncovered with 3 a comment give
 * "2,4", so a range never claims a line that is not an uncovered changed line.
 */
function uncoveredRanges(lines) {
    const ranges = [];
    let start;
    let end = 0;
    for (const line of sortedLineNumbers(lines)) {
        if (start !== undefined && line === end + 1) {
            end = line;
            continue;
        }
        if (start !== undefined)
            ranges.push([start, end]);
        start = end = line;
    }
    if (start !== undefined)
        ranges.push([start, end]);
    return ranges;
}
/** The lines of a file's hit counts that never ran, as ranges. */
function neverRunRanges(hits) {
    return uncoveredRanges([...hits].filter(([, count]) => count === 0).map(([line]) => line));
}
/** The changed files with coverable lines, those with the most uncovered lines first. */
function changedFilesWorstFirst(files) {
    return files
        .filter((file) => file.coverable.length > 0)
        .sort((a, b) => b.uncovered.length - a.uncovered.length || comparePaths(a.path, b.path));
}
/** A range as GitHub's file view anchors it: `L7`, `L7-L9`. */
function lineAnchor([start, end]) {
    return start === end ? `L${start}` : `L${start}-L${end}`;
}
/** Ranges as diff-cover writes them: `2-4,8`. */
function formatLineRanges(ranges) {
    return ranges.map(([start, end]) => (start === end ? `${start}` : `${start}-${end}`)).join(',');
}
function sortedLineNumbers(lines) {
    return [...new Set(lines)].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
}
function comparePaths(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/coverage/diff.ts
/**
 * Reads a unified diff into the lines each file adds in its new version: the changed lines a
 * pull request's coverage is measured on. Takes `git diff` output (several files, `diff --git`
 * headers, also plain `diff -u` output with `---`/`+++` headers only) and GitHub's per-file
 * `patch` strings (pull-request files API: hunks only, no header). Pure.
 *
 * Hunk bodies are read by the line counts their `@@ -a,b +c,d @@` header declares, so a content
 * line that starts with `+++` or `---` is never taken for a file header. A hunk with fewer lines
 * than declared (a diff cut short) or more (a hand-edited header) is read as far as its lines
 * look like hunk lines, with a warning on the file: diff-cover ignores the counts altogether
 * and its fixtures rely on that.
 */

/**
 * Every file of a `git diff` (or `diff -u`) output, in diff order. An empty text is an empty
 * diff. Throws ParseError for a malformed hunk header, or a hunk before any file header (a
 * GitHub `patch`: use parsePullRequestPatch).
 *
 * @param source names the diff in error messages.
 */
function parseUnifiedDiff(text, source = 'diff') {
    return new DiffReader(source).read(text, undefined);
}
/**
 * One file of the pull-request files API (`GET /repos/{o}/{r}/pulls/{n}/files`): its
 * `filename`, its `patch` (absent for binary files and for diffs GitHub finds too large), and
 * when known its `status` (`added`, `removed`, `modified`, `renamed`, `copied`, `changed`,
 * `unchanged`) and `previous_filename`. Throws ParseError for a malformed hunk header.
 */
function parsePullRequestPatch(filename, patch, status, previousFilename) {
    const builder = new FileBuilder('patch');
    builder.headerNewPath = filename;
    if (previousFilename !== undefined && previousFilename !== filename) {
        builder.renameFrom = previousFilename;
        builder.renameTo = filename;
    }
    if (status === 'added')
        builder.newFile = true;
    else if (status === 'removed')
        builder.deletedFile = true;
    else if (status === 'copied')
        builder.copy = true;
    else if (status === undefined && patch) {
        // Without a status, GitHub's one hunk of a new file is `-0,0`, of a deleted one `+0,0`.
        const first = HUNK_HEADER.exec(patch);
        if (first?.[1] === '0' && first[2] === '0')
            builder.newFile = true;
        else if (first?.[3] === '0' && first[4] === '0')
            builder.deletedFile = true;
    }
    if (patch === undefined || patch === null) {
        // `removed` files have nothing to add, so nothing is unknown about them.
        builder.linesUnknown = status !== 'removed' && status !== 'renamed' && status !== 'unchanged';
        if (builder.linesUnknown)
            builder.warnings.push('GitHub gave no patch for this file');
        return builder.finish();
    }
    const [file] = new DiffReader(filename).read(patch, builder);
    return file;
}
/**
 * The added lines of each file that adds any, by new path (a path listed twice has its lines
 * joined). Deleted files and files that add no line are left out: nothing of them can be
 * covered.
 */
function addedLinesByPath(files) {
    const byPath = new Map();
    for (const file of files) {
        if (file.change === 'deleted' || file.addedLines.length === 0)
            continue;
        const before = byPath.get(file.path);
        byPath.set(file.path, before ? sortedUnique([...before, ...file.addedLines]) : [...file.addedLines]);
    }
    return byPath;
}
class FileBuilder {
    kind;
    /** `git` for a `diff --git` section, `plain` for `---`/`+++` only, `patch` for GitHub's. */
    constructor(kind) {
        this.kind = kind;
    }
    /** The names after `diff --git`, prefixes included. */
    rawHeaderOld;
    rawHeaderNew;
    /** The same without their prefixes (the new path alone for a GitHub patch). */
    headerOldPath;
    headerNewPath;
    minusPath;
    plusPath;
    renameFrom;
    renameTo;
    copy = false;
    newFile = false;
    deletedFile = false;
    binary = false;
    linesUnknown = false;
    /** Still in the extended header lines, before `---`/`+++` or the first hunk. */
    inHeader = true;
    srcPrefix = 'a/';
    dstPrefix = 'b/';
    added = [];
    warnings = [];
    finish() {
        const minus = this.minusPath;
        const plus = this.plusPath;
        const deleted = this.deletedFile || plus === DEV_NULL;
        const added = !deleted && (this.newFile || minus === DEV_NULL);
        const newPath = this.renameTo ??
            (plus !== undefined && plus !== DEV_NULL
                ? stripPrefix(plus, this.dstPrefix)
                : this.headerNewPath);
        const oldPath = this.renameFrom ??
            (minus !== undefined && minus !== DEV_NULL
                ? stripPrefix(minus, this.srcPrefix)
                : this.headerOldPath);
        const renamed = this.renameFrom !== undefined && this.renameTo !== undefined;
        const change = deleted
            ? 'deleted'
            : added
                ? 'added'
                : renamed
                    ? this.copy
                        ? 'copied'
                        : 'renamed'
                    : 'modified';
        const path = (deleted ? (oldPath ?? newPath) : (newPath ?? oldPath)) ?? '';
        return {
            path,
            ...(renamed ? { oldPath: this.renameFrom } : {}),
            change,
            binary: this.binary,
            addedLines: deleted ? [] : sortedUnique(this.added),
            linesUnknown: this.linesUnknown,
            warnings: this.warnings,
        };
    }
}
const DEV_NULL = '/dev/null';
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
class DiffReader {
    source;
    #files = [];
    #file;
    #hunk;
    /** Lines up to the next `diff ` line are not read (binary patch data, combined diffs). */
    #skipping = false;
    constructor(source) {
        this.source = source;
    }
    read(text, patchFile) {
        const lines = text.split('\n');
        if (lines.at(-1) === '')
            lines.pop();
        for (let i = 0; i < lines.length; i++)
            lines[i] = lines[i].replace(/\r$/, '');
        if (patchFile) {
            this.#file = patchFile;
            patchFile.inHeader = false;
        }
        for (let i = 0; i < lines.length; i++) {
            const line = lines[i];
            if (this.#hunk && this.#hunkLine(line, lines[i + 1], i + 1))
                continue;
            i = this.#outsideHunk(lines, i, patchFile !== undefined);
        }
        this.#endHunk(undefined);
        this.#finishFile();
        return this.#files;
    }
    /** True when `line` belongs to the open hunk; else the hunk is closed. */
    #hunkLine(line, next, at) {
        const hunk = this.#hunk;
        const open = hunk.oldLeft > 0 || hunk.newLeft > 0;
        const first = line[0];
        if (first === '\\')
            return true; // "\ No newline at end of file": no line of either side
        if (open) {
            if (first === '+') {
                this.#added(hunk, hunk.newLeft > 0);
                return true;
            }
            if (first === '-') {
                if (hunk.oldLeft > 0)
                    hunk.oldLeft--;
                else
                    hunk.overflow = true;
                return true;
            }
            // An empty line is an empty context line whose space was stripped (git apply and GNU
            // patch read it so; diff-cover's lua fixture has one).
            if (first === ' ' || line === '') {
                this.#context(hunk);
                return true;
            }
            this.#endHunk(at);
            return false;
        }
        // The header's counts are used up. In a well-formed diff the next line is a header; lines
        // that can only be hunk lines are read on (diff-cover ignores counts), except a `---`/`+++`
        // pair (the next file of a plain diff) and a mail signature's `-- `.
        const plainHeader = line.startsWith('--- ') && next !== undefined && next.startsWith('+++ ');
        if (first === '+' || first === ' ' || (first === '-' && !plainHeader && line !== '-- ')) {
            hunk.overflow = true;
            if (first === '+')
                this.#added(hunk, false);
            else if (first === ' ')
                this.#context(hunk);
            return true;
        }
        this.#endHunk(at);
        return false;
    }
    #added(hunk, declared) {
        this.#file.added.push(hunk.newLine++);
        if (declared)
            hunk.newLeft--;
        else
            hunk.overflow = true;
    }
    #context(hunk) {
        hunk.newLine++;
        if (hunk.oldLeft > 0 && hunk.newLeft > 0) {
            hunk.oldLeft--;
            hunk.newLeft--;
        }
        else {
            hunk.overflow = true;
            hunk.oldLeft = Math.max(0, hunk.oldLeft - 1);
            hunk.newLeft = Math.max(0, hunk.newLeft - 1);
        }
    }
    /** `at`: the diff line that ends the hunk; undefined at the end of the diff. */
    #endHunk(at) {
        const hunk = this.#hunk;
        if (!hunk)
            return;
        this.#hunk = undefined;
        if (hunk.overflow) {
            this.#file.warnings.push(`the hunk at diff line ${hunk.at} has more lines than its header counts; read them all`);
        }
        else if (hunk.oldLeft > 0 || hunk.newLeft > 0) {
            this.#file.warnings.push(`the hunk at diff line ${hunk.at} ends ${at === undefined ? 'with the diff' : `at line ${at}`} before the lines its header counts`);
        }
    }
    #finishFile() {
        if (this.#file)
            this.#files.push(this.#file.finish());
        this.#file = undefined;
        this.#skipping = false;
    }
    /** Reads a line outside any hunk; returns the index of the last line it used. */
    #outsideHunk(lines, i, patchMode) {
        const line = lines[i];
        if (line.startsWith('diff ')) {
            if (patchMode)
                return i;
            this.#finishFile();
            if (line.startsWith('diff --git '))
                this.#startGitFile(line.slice('diff --git '.length), i);
            else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
                // A merge's combined diff (`git diff --cc`): not what `git diff base HEAD` prints.
                const file = new FileBuilder('git');
                file.headerNewPath = file.headerOldPath = parsePathToken(line.replace(/^diff --\S+ /, ''));
                file.linesUnknown = true;
                file.warnings.push('a combined (merge) diff is not read');
                this.#file = file;
                this.#skipping = true;
            }
            return i;
        }
        if (this.#skipping)
            return i;
        const file = this.#file;
        const next = lines[i + 1];
        if (line.startsWith('--- ') && next !== undefined && next.startsWith('+++ ')) {
            if (file && file.kind === 'git' && file.inHeader) {
                file.minusPath = parsePathToken(line.slice(4));
                file.plusPath = parsePathToken(next.slice(4));
                file.inHeader = false;
            }
            else if (!patchMode) {
                this.#finishFile();
                this.#startPlainFile(parsePathToken(line.slice(4)), parsePathToken(next.slice(4)));
            }
            return i + 1;
        }
        if (line.startsWith('@@')) {
            if (!file) {
                throw new ParseError(this.source, 'a hunk before any file header (a GitHub patch is read per file, with its filename)', i + 1);
            }
            if (line.startsWith('@@@')) {
                file.linesUnknown = true;
                file.warnings.push('a combined (merge) diff is not read');
                this.#skipping = true;
                return i;
            }
            const match = HUNK_HEADER.exec(line);
            if (!match) {
                throw new ParseError(this.source, `not a hunk header: ${JSON.stringify(line)}`, i + 1);
            }
            file.inHeader = false;
            this.#hunk = {
                oldLeft: match[2] === undefined ? 1 : Number(match[2]),
                newLeft: match[4] === undefined ? 1 : Number(match[4]),
                newLine: Number(match[3]),
                at: i + 1,
                overflow: false,
            };
            return i;
        }
        if (file && file.kind === 'git' && file.inHeader)
            this.#extendedHeader(file, line);
        // Anything else (a commit message, `index` lines of other tools, `Only in ...`) says
        // nothing about lines.
        return i;
    }
    #startGitFile(names, i) {
        const file = new FileBuilder('git');
        const split = splitGitHeaderNames(names);
        if (split) {
            const [a, b] = split;
            file.rawHeaderOld = file.headerOldPath = a;
            file.rawHeaderNew = file.headerNewPath = b;
            const prefixes = headerPrefixes(a, b);
            if (prefixes) {
                [file.srcPrefix, file.dstPrefix] = prefixes;
                file.headerOldPath = stripPrefix(a, file.srcPrefix);
                file.headerNewPath = stripPrefix(b, file.dstPrefix);
            }
        }
        else {
            file.warnings.push(`the file names of diff line ${i + 1} could not be told apart`);
        }
        this.#file = file;
    }
    #startPlainFile(minus, plus) {
        const file = new FileBuilder('plain');
        file.minusPath = minus;
        file.plusPath = plus;
        file.inHeader = false;
        // `patch -p1` style: strip a/ and b/ only where both sides carry them (or /dev/null).
        const aSide = minus === DEV_NULL || minus.startsWith('a/');
        const bSide = plus === DEV_NULL || plus.startsWith('b/');
        if (!(aSide && bSide) || (minus === DEV_NULL && plus === DEV_NULL)) {
            file.srcPrefix = file.dstPrefix = '';
        }
        this.#file = file;
    }
    #extendedHeader(file, line) {
        const value = (prefix) => parsePathToken(line.slice(prefix.length));
        if (line.startsWith('new file mode '))
            file.newFile = true;
        else if (line.startsWith('deleted file mode '))
            file.deletedFile = true;
        else if (line.startsWith('rename from '))
            file.renameFrom = value('rename from ');
        else if (line.startsWith('rename to '))
            file.renameTo = value('rename to ');
        else if (line.startsWith('copy from ')) {
            file.renameFrom = value('copy from ');
            file.copy = true;
        }
        else if (line.startsWith('copy to ')) {
            file.renameTo = value('copy to ');
            file.copy = true;
        }
        else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
            file.binary = true;
            if (line.startsWith('Binary files /dev/null and '))
                file.newFile = true;
            else if (line.endsWith(' and /dev/null differ'))
                file.deletedFile = true;
        }
        else if (line === 'GIT binary patch') {
            file.binary = true;
            this.#skipping = true; // base85 data up to the next file
        }
        // `index`, `old mode`, `new mode`, `similarity index`, `dissimilarity index`: no lines.
        // The header's names are the rename's names behind their prefixes: that tells the
        // prefixes where the names differ (`--no-prefix` renames), for the `---`/`+++` lines.
        const rawB = file.rawHeaderNew;
        if (file.renameTo !== undefined && rawB?.endsWith(file.renameTo)) {
            file.dstPrefix = rawB.slice(0, rawB.length - file.renameTo.length);
        }
        const rawA = file.rawHeaderOld;
        if (file.renameFrom !== undefined && rawA?.endsWith(file.renameFrom)) {
            file.srcPrefix = rawA.slice(0, rawA.length - file.renameFrom.length);
        }
    }
}
// ---------------------------------------------------------------------------------------------
// Paths
/**
 * The two names after `diff --git `, prefixes included. Unquoted names may hold spaces: git
 * writes the same name twice unless the file was renamed or copied, so the halves are tried
 * first (as git apply does); renames have `rename from/to` lines that settle the names anyway.
 */
function splitGitHeaderNames(rest) {
    if (rest.startsWith('"')) {
        const first = readQuoted(rest, 0);
        if (!first || rest[first.end] !== ' ')
            return undefined;
        return [first.value, parsePathToken(rest.slice(first.end + 1))];
    }
    if (rest.endsWith('"')) {
        for (let at = rest.indexOf(' "'); at !== -1; at = rest.indexOf(' "', at + 1)) {
            const second = readQuoted(rest, at + 1);
            if (second && second.end === rest.length)
                return [rest.slice(0, at), second.value];
        }
    }
    if (rest.length % 2 === 1) {
        const mid = (rest.length - 1) / 2;
        const a = rest.slice(0, mid);
        const b = rest.slice(mid + 1);
        if (rest[mid] === ' ' && (a === b || afterFirstSegment(a) === afterFirstSegment(b))) {
            return [a, b];
        }
    }
    const spaces = rest.split(' ').length - 1;
    if (spaces === 1) {
        const at = rest.indexOf(' ');
        return [rest.slice(0, at), rest.slice(at + 1)];
    }
    const standard = rest.indexOf(' b/');
    if (rest.startsWith('a/') && standard !== -1 && standard === rest.lastIndexOf(' b/')) {
        return [rest.slice(0, standard), rest.slice(standard + 1)];
    }
    return undefined;
}
/** The source and destination prefixes the header shows (`a/`, `b/`; none with --no-prefix). */
function headerPrefixes(a, b) {
    if (a === b)
        return ['', ''];
    const restA = afterFirstSegment(a);
    const restB = afterFirstSegment(b);
    if (restA !== undefined && restA === restB) {
        return [a.slice(0, a.length - restA.length), b.slice(0, b.length - restB.length)];
    }
    if (a.startsWith('a/') && b.startsWith('b/'))
        return ['a/', 'b/'];
    return undefined;
}
function afterFirstSegment(path) {
    const slash = path.indexOf('/');
    return slash > 0 ? path.slice(slash + 1) : undefined;
}
function stripPrefix(path, prefix) {
    return prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
/**
 * A path as git writes it after `---`, `+++`, `rename to` and the like: C-quoted when it holds
 * special or (with core.quotePath, the default) non-ASCII characters, octal escapes being the
 * UTF-8 bytes; unquoted up to a tab (git adds one after names with spaces, diff -u a date).
 */
function parsePathToken(text) {
    if (text.startsWith('"')) {
        const quoted = readQuoted(text, 0);
        if (quoted)
            return quoted.value;
    }
    const tab = text.indexOf('\t');
    return tab === -1 ? text : text.slice(0, tab);
}
const diff_ESCAPES = {
    a: 7,
    b: 8,
    t: 9,
    n: 10,
    v: 11,
    f: 12,
    r: 13,
    '"': 34,
    '\\': 92,
};
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
/** The C-quoted string starting at `start` (a `"`), and the index after its closing quote. */
function readQuoted(text, start) {
    const bytes = [];
    for (let i = start + 1; i < text.length; i++) {
        const char = text[i];
        if (char === '"')
            return { value: decoder.decode(new Uint8Array(bytes)), end: i + 1 };
        if (char !== '\\') {
            const code = text.codePointAt(i);
            if (code > 0xffff)
                i++;
            bytes.push(...encoder.encode(String.fromCodePoint(code)));
            continue;
        }
        const escape = text[i + 1];
        if (escape === undefined)
            return undefined;
        const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
        if (octal) {
            bytes.push(parseInt(octal[0], 8));
            i += 3;
        }
        else if (escape in diff_ESCAPES) {
            bytes.push(diff_ESCAPES[escape]);
            i += 1;
        }
        else {
            bytes.push(...encoder.encode(escape));
            i += 1;
        }
    }
    return undefined;
}
function sortedUnique(lines) {
    return [...new Set(lines)].sort((a, b) => a - b);
}

;// CONCATENATED MODULE: ./src/model/merge-retries.ts
/**
 * Reports from retrying runners list a re-run test once per attempt, in one file or across
 * several. Counting each test once means folding those attempts into one test: it passed if
 * any attempt passed (and is then flaky if another failed), else it keeps its last attempt.
 */
function mergeRetries(tests) {
    // Keyed by suite, then name: a suite's tests share one suite string, whose hash V8 keeps, so
    // no key string is built per test. Attempts also share their file; a same-named test of the
    // same suite from another file (rare) is told apart by a key of its own.
    const slots = [];
    const bySuite = new Map();
    let byPlace;
    let lastSuite;
    let names;
    for (const test of tests) {
        // A suite's tests come one after another: its map is looked up once for them all.
        if (test.suite !== lastSuite || names === undefined) {
            lastSuite = test.suite;
            names = bySuite.get(test.suite);
            if (names === undefined)
                bySuite.set(test.suite, (names = new Map()));
        }
        let same = names.get(test.name);
        if (same === undefined) {
            names.set(test.name, slots.push(test) - 1);
            continue;
        }
        if (firstOf(slots[same]).file !== test.file) {
            byPlace ??= new Map();
            const place = `${test.suite}\u0000${test.name}\u0000${test.file ?? '\u0000'}`;
            same = byPlace.get(place);
            if (same === undefined) {
                byPlace.set(place, slots.push(test) - 1);
                continue;
            }
        }
        const slot = slots[same];
        if (Array.isArray(slot))
            slot.push(test);
        else
            slots[same] = [slot, test];
    }
    return slots.map((slot) => (Array.isArray(slot) ? foldAttempts(slot) : slot));
}
function firstOf(slot) {
    return Array.isArray(slot) ? slot[0] : slot;
}
function foldAttempts(group) {
    const attempts = group.flatMap((test) => [...test.retries, asAttempt(test)]);
    const finalIndex = lastIndexWhere(attempts, (a) => a.status === 'passed');
    const chosen = finalIndex >= 0 ? finalIndex : attempts.length - 1;
    const final = attempts[chosen];
    const base = group.find((test) => test.file !== undefined || test.line !== undefined) ?? group[0];
    return {
        ...base,
        status: final.status,
        durationMs: attempts.reduce((sum, a) => sum + a.durationMs, 0),
        message: final.message,
        details: final.details,
        output: final.output,
        retries: attempts.filter((_, index) => index !== chosen),
    };
}
function asAttempt(test) {
    return {
        status: test.status,
        durationMs: test.durationMs,
        message: test.message,
        details: test.details,
        output: test.output,
    };
}
function lastIndexWhere(items, predicate) {
    for (let index = items.length - 1; index >= 0; index--) {
        if (predicate(items[index]))
            return index;
    }
    return -1;
}

// EXTERNAL MODULE: ./src/model/run.ts
var model_run = __nccwpck_require__(56092);
;// CONCATENATED MODULE: ./src/model/tests.ts
/** The one result model every parser produces and every renderer reads. Plain readonly data. */
/** A test is flaky when it passed in the end after failing at least once. */
function isFlaky(test) {
    return (test.status === 'passed' &&
        test.retries.some((attempt) => attempt.status === 'failed' || attempt.status === 'errored'));
}

;// CONCATENATED MODULE: ./src/model/totals.ts

function countTests(tests, durationMs) {
    let passed = 0;
    let failed = 0;
    let errored = 0;
    let skipped = 0;
    let flaky = 0;
    for (const test of tests) {
        if (test.status === 'passed')
            passed++;
        else if (test.status === 'failed')
            failed++;
        else if (test.status === 'errored')
            errored++;
        else
            skipped++;
        if (isFlaky(test))
            flaky++;
    }
    return {
        tests: passed + failed + errored + skipped,
        passed,
        failed,
        errored,
        skipped,
        flaky,
        durationMs: Math.round(durationMs),
    };
}
function totalDuration(reports) {
    return reports.reduce((sum, report) => sum + report.durationMs, 0);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
;// CONCATENATED MODULE: ./src/runner/mask-watcher.ts

const ADD_MASK = '::add-mask::';
/**
 * Passes the command's output through unchanged and notes every value it masks with
 * `::add-mask::` (a test suite masking a password it generated, say): the runner hides those
 * in the log, and the report must not publish them either.
 */
class MaskWatcher extends external_node_stream_.Writable {
    #destination;
    #masked;
    #partial = '';
    constructor(destination, masked) {
        super();
        this.#destination = destination;
        this.#masked = masked;
    }
    _write(chunk, _encoding, done) {
        const text = this.#partial + chunk.toString('utf8');
        const lines = text.split('\n');
        this.#partial = (lines.pop() ?? '').slice(-64 * 1024);
        for (const line of lines)
            this.#note(line);
        if (this.#destination.write(chunk))
            done();
        else
            this.#destination.once('drain', done);
    }
    _final(done) {
        this.#note(this.#partial);
        done();
    }
    #note(line) {
        const at = line.indexOf(ADD_MASK);
        if (at === -1)
            return;
        const value = line
            .slice(at + ADD_MASK.length)
            .replace(/\r$/, '')
            .trim();
        if (value !== '')
            this.#masked.add(value);
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __nccwpck_require__(58500);
;// CONCATENATED MODULE: ./src/runner/process-tree.ts

/**
 * Every live descendant of `rootPid`, read from /proc. Signalling the process group alone
 * misses children that started a session or group of their own (daemons, `setsid`).
 * Returns [] where /proc does not exist (macOS, Windows).
 */
function descendantsOf(rootPid) {
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return [];
    }
    const childrenOf = new Map();
    for (const entry of entries) {
        if (!/^\d+$/.test(entry))
            continue;
        const parent = parentPid(entry);
        if (parent === undefined)
            continue;
        const list = childrenOf.get(parent);
        if (list)
            list.push(Number(entry));
        else
            childrenOf.set(parent, [Number(entry)]);
    }
    const found = [];
    const queue = [rootPid];
    while (queue.length > 0) {
        for (const child of childrenOf.get(queue.shift()) ?? []) {
            found.push(child);
            queue.push(child);
        }
    }
    return found;
}
function parentPid(pid) {
    try {
        // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]);
    }
    catch {
        return undefined;
    }
}
/** Sends `signal` to the group led by `pid` and to every descendant found; ignores the gone. */
function signalTree(pid, signal) {
    const descendants = descendantsOf(pid);
    trySignal(-pid, signal);
    trySignal(pid, signal);
    for (const child of descendants)
        trySignal(child, signal);
}
function trySignal(pid, signal) {
    try {
        process.kill(pid, signal);
    }
    catch {
        // Already gone, or not ours to signal.
    }
}

;// CONCATENATED MODULE: ./src/runner/run-command.ts






const OUTPUT_DRAIN_MS = 2000;
/**
 * Runs a command as a workflow `run:` step does: the script in a file, run by
 * `bash --noprofile --norc -eo pipefail`. The command leads a process group of its own so
 * that a timeout or cancellation stops everything it started, not just the shell.
 */
async function runCommand(options) {
    const tempDir = options.tempDir ?? (0,external_node_os_.tmpdir)();
    await (0,promises_.mkdir)(tempDir, { recursive: true });
    const scriptDir = await (0,promises_.mkdtemp)(external_node_path_default().join(tempDir, 'itest-command-'));
    const script = external_node_path_default().join(scriptDir, 'command.sh');
    await (0,promises_.writeFile)(script, options.command, { mode: 0o600 });
    const startedAt = new Date();
    try {
        const child = (0,external_node_child_process_.spawn)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
            cwd: options.cwd,
            env: options.env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout.pipe(options.stdout, { end: false });
        child.stderr.pipe(options.stderr, { end: false });
        let timedOut = false;
        let cancelled = false;
        let killTimer;
        const stop = () => {
            if (child.pid === undefined || killTimer)
                return;
            signalTree(child.pid, 'SIGTERM');
            killTimer = setTimeout(() => signalTree(child.pid, 'SIGKILL'), options.killGraceMs ?? 5000);
            killTimer.unref();
        };
        const timeout = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                stop();
            }, options.timeoutMs);
        const onAbort = () => {
            cancelled = true;
            stop();
        };
        if (options.signal?.aborted)
            onAbort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        const closed = new Promise((resolve) => child.once('close', () => resolve()));
        const exit = await new Promise((resolve, reject) => {
            child.once('error', reject);
            child.once('exit', (code, signal) => resolve({ code, signal }));
        });
        clearTimeout(timeout);
        clearTimeout(killTimer);
        options.signal?.removeEventListener('abort', onAbort);
        // Whatever the command left running in its group would outlive the step and hold its
        // output open: stop it, then give the pipes a moment to drain.
        if (child.pid !== undefined)
            signalTree(child.pid, killTimer ? 'SIGKILL' : 'SIGTERM');
        await Promise.race([closed, (0,external_node_timers_promises_.setTimeout)(OUTPUT_DRAIN_MS, undefined, { ref: false })]);
        child.stdout.destroy();
        child.stderr.destroy();
        return {
            exitCode: exit.code ?? 128 + (exit.signal ? (external_node_os_.constants.signals[exit.signal] ?? 0) : 0),
            timedOut,
            cancelled,
            startedAt,
            durationMs: Date.now() - startedAt.getTime(),
        };
    }
    finally {
        await (0,promises_.rm)(scriptDir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: ./src/services/environment.ts
var environment = __nccwpck_require__(51133);
;// CONCATENATED MODULE: ./src/pipeline.ts
















/** services -> command -> collect -> conclude, in order. Publishing and cleanup are the caller's. */
async function runPipeline(settings, deps) {
    const startedAt = new Date();
    const namePromise = settings.name ? Promise.resolve(settings.name) : deps.defaultName();
    const services = settings.services.length > 0 || settings.composeFiles.length > 0
        ? await deps.startServices(settings.services, settings.composeFiles)
        : { outcomes: [], started: [], healthy: true };
    let command;
    let commandStartedMs;
    // A command against services that are not there would only fail for the wrong reason.
    if (settings.command !== undefined && services.healthy && !deps.signal.aborted) {
        const masked = deps.maskedValues ?? new Set();
        const stdout = new MaskWatcher(deps.stdout, masked);
        const stderr = new MaskWatcher(deps.stderr, masked);
        const result = await runCommand({
            command: settings.command,
            cwd: settings.workingDirectory,
            env: { ...deps.env, ...(0,environment/* serviceVariables */.nV)(services.started) },
            timeoutMs: settings.timeoutMs,
            signal: deps.signal,
            stdout,
            stderr,
            tempDir: deps.tempDir,
        });
        await Promise.all([stdout, stderr].map((s) => new Promise((done) => s.end(done))));
        commandStartedMs = result.startedAt.getTime();
        command = {
            command: settings.command,
            exitCode: result.exitCode,
            timedOut: result.timedOut,
            cancelled: result.cancelled,
            durationMs: result.durationMs,
            timeoutMs: settings.timeoutMs,
        };
        deps.log(`The command exited with code ${result.exitCode} after ${result.durationMs} ms.`);
    }
    const repositoryFiles = startListingRepositoryFiles(settings.workspace);
    const collected = await collectResults({
        patterns: settings.results,
        cwd: settings.workingDirectory,
        writtenAfterMs: commandStartedMs,
    });
    const parsed = collected.reports.flatMap((r) => r.suites.flatMap((s) => s.tests));
    let repositoryPaths;
    const repository = () => (repositoryPaths ??= repositoryFiles().then((files) => new RepositoryPaths(files)));
    const base = workingDirectoryInRepository(settings);
    const tests = mergeRetries(await mapToRepository(parsed, repository, base));
    const collectedCoverage = await collectCoverage({
        patterns: settings.coverage,
        cwd: settings.workingDirectory,
        base,
        writtenAfterMs: commandStartedMs,
        repository,
    });
    const coverage = collectedCoverage.coverage
        ? await withChangedLines(collectedCoverage.coverage, deps.context.pullRequest, settings, deps)
        : undefined;
    const inputFiles = [...collected.files, ...collectedCoverage.files];
    const totals = countTests(tests, totalDuration(collected.reports));
    // No result file is expected when the command never ran for lack of services.
    const resultsRequired = settings.results !== 'auto' && services.healthy;
    const { conclusion, problems } = (0,model_run/* concludeRun */.jf)({
        servicesError: services.error,
        services: services.outcomes,
        cancelled: deps.signal.aborted,
        command,
        totals,
        inputFiles,
        resultsRequired,
        coverage,
        coverageThreshold: settings.coverageThreshold,
        diffCoverageThreshold: settings.diffCoverageThreshold,
    });
    return {
        name: await namePromise,
        conclusion,
        problems,
        command,
        services: services.outcomes,
        tests,
        totals,
        inputFiles,
        coverage,
        resultsRequired,
        startedAt,
        finishedAt: new Date(),
        context: deps.context,
    };
}
/**
 * For a pull request, the coverage of the lines it changes: from `git diff <base> HEAD` in the
 * checkout, whose line numbers are those of the commit the coverage was measured on (for
 * `pull_request`, GitHub's merge commit). A missing history says why instead.
 */
async function withChangedLines(project, pullRequest, settings, deps) {
    if (!pullRequest)
        return { project };
    const diff = await gitDiff({ cwd: settings.workspace, base: pullRequest.baseSha });
    for (const note of diff.notes)
        deps.log(note);
    if (!diff.ok) {
        if (!deps.listPullRequestFiles)
            return { project, changedLinesNote: diff.reason };
        deps.log(`Changed lines from the pull request's files instead of git: ${diff.reason}`);
        return changedLinesFromApi(project, pullRequest, deps.listPullRequestFiles, diff.reason);
    }
    try {
        const changed = addedLinesByPath(parseUnifiedDiff(diff.diff, 'git diff'));
        return { project, changedLines: changedLineCoverage(changed, lineHitsByPath(project)) };
    }
    catch (error) {
        const reason = (0,errors/* messageOf */.b)(error);
        return { project, changedLinesNote: `the diff could not be read: ${reason}` };
    }
}
/** GitHub lists at most this many files of a pull request. */
const API_FILE_LIMIT = 3000;
/**
 * Changed lines from the pull request's files as the API lists them. Their line numbers are
 * the head commit's, not those of the merge commit the coverage was measured on (they differ
 * where the base branch changed the same files since), and the API leaves out patches that
 * are too large and files past the 3,000th: the caveat says which applies.
 */
async function changedLinesFromApi(project, pullRequest, listFiles, gitReason) {
    let files;
    try {
        files = await listFiles(pullRequest.number);
    }
    catch (error) {
        const reason = (0,errors/* messageOf */.b)(error);
        return { project, changedLinesNote: `${gitReason}; and the pull request's files: ${reason}` };
    }
    try {
        const diffs = files.map((file) => parsePullRequestPatch(file.filename, file.patch, file.status, file.previous_filename));
        const unknown = diffs.filter((diff) => diff.linesUnknown).map((diff) => diff.path);
        const caveats = [
            "from the pull request's files: line numbers are the head commit's, which may not match " +
                'the merge commit the coverage was measured on',
            unknown.length > 0
                ? `${unknown.length} file(s) without a patch from GitHub (too large) are not counted: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`
                : '',
            files.length >= API_FILE_LIMIT
                ? `GitHub lists only the first ${API_FILE_LIMIT} files of a pull request`
                : '',
        ].filter(Boolean);
        return {
            project,
            changedLines: changedLineCoverage(addedLinesByPath(diffs), lineHitsByPath(project)),
            changedLinesCaveat: caveats.join('; '),
        };
    }
    catch (error) {
        const reason = (0,errors/* messageOf */.b)(error);
        return { project, changedLinesNote: `the pull request's patches could not be read: ${reason}` };
    }
}
/** The working directory relative to the repository's root, with `/` ('' at the root). */
function workingDirectoryInRepository(settings) {
    return external_node_path_default().relative(settings.workspace, settings.workingDirectory).split((external_node_path_default()).sep).join('/');
}
/**
 * Reports name files as their tool saw them: relative to where it ran, or absolute on another
 * machine or in a container. Links and annotations need the repository's path.
 */
async function mapToRepository(tests, repository, base) {
    if (!tests.some((test) => test.file))
        return tests;
    const resolve = createReportedPathResolver(await repository(), base);
    // Tests of one class name one file: 100,000 tests name a few thousand.
    const mappedFiles = new Map();
    const mappedFile = (file) => {
        if (!mappedFiles.has(file)) {
            const mapped = resolve(file);
            mappedFiles.set(file, mapped !== file ? mapped : undefined);
        }
        return mappedFiles.get(file);
    };
    return tests.map((test) => {
        const mapped = test.file ? mappedFile(test.file) : undefined;
        return mapped ? { ...test, file: mapped } : test;
    });
}

;// CONCATENATED MODULE: ./src/publish/job-summary.ts

/** Appends the rendered summary to the job summary file the runner provides. */
async function writeJobSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        return false;
    await (0,promises_.appendFile)(file, markdown, 'utf8');
    return true;
}

;// CONCATENATED MODULE: ./src/publish/json-report.ts




/** Where this step's report files go: the runner's temp directory, one folder per report name. */
function reportDirectory(name) {
    const slug = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report';
    return external_node_path_default().join(actionTempDirectory(), slug);
}
/** Where the services' output is streamed: kept for the report when anything failed. */
function serviceLogDirectory(runId) {
    return external_node_path_default().join(actionTempDirectory(), `services-${runId.slice(0, 8)}`);
}
function actionTempDirectory() {
    return external_node_path_default().join(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'integration-test-action');
}
const TESTS_PLACEHOLDER = '\u0000tests\u0000';
/** Tests a write: a batch's text (~60 kB) stays an ordinary young object, not a large one. */
const BATCH = 200;
/**
 * Writes the CTRF report with its tests added in batches, so that a 100,000-test run never
 * holds the whole JSON text, nor every test's JSON form at once.
 */
async function writeCtrfReport(directory, document, tests, renderTest) {
    await (0,promises_.mkdir)(directory, { recursive: true });
    const file = external_node_path_default().join(directory, 'report.json');
    const skeleton = JSON.stringify({
        ...document,
        results: { ...document.results, tests: TESTS_PLACEHOLDER },
    });
    const [before, after] = skeleton.split(JSON.stringify(TESTS_PLACEHOLDER));
    writePieces(file, ctrfPieces(before, after, tests, renderTest));
    return file;
}
function* ctrfPieces(before, after, tests, renderTest) {
    yield `${before}[`;
    for (let start = 0; start < tests.length; start += BATCH) {
        // One JSON.stringify a batch, not one a test: a fifth faster on 100,000 tests.
        const batch = JSON.stringify(tests.slice(start, start + BATCH).map(renderTest));
        yield (start > 0 ? ',\n' : '\n') + batch.slice(1, -1);
    }
    yield `\n]${after}\n`;
}
/** Writes the HTML report, one line at a time: `report.html` in `directory`. */
function writeHtmlReport(directory, lines) {
    (0,external_node_fs_.mkdirSync)(directory, { recursive: true });
    const file = external_node_path_default().join(directory, 'report.html');
    writePieces(file, linesOf(lines));
    return file;
}
function* linesOf(lines) {
    for (let index = 0; index < lines.length; index++) {
        if (index > 0)
            yield '\n';
        yield lines[index];
    }
}
/**
 * Writes a report piece by piece, never holding its whole text, and synchronously: each
 * asynchronous write is a wait on libuv's thread pool, and the step has nothing else to do
 * meanwhile.
 */
function writePieces(file, pieces) {
    const fd = (0,external_node_fs_.openSync)(file, 'w');
    try {
        for (const piece of pieces)
            (0,external_node_fs_.writeSync)(fd, piece);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

// EXTERNAL MODULE: ./src/model/coverage.ts
var model_coverage = __nccwpck_require__(56963);
;// CONCATENATED MODULE: ./src/publish/outputs.ts


function setStepOutputs(report, where) {
    const { totals } = report;
    lib_core/* setOutput */.uH('conclusion', report.conclusion);
    lib_core/* setOutput */.uH('exit-code', report.command ? String(report.command.exitCode) : '');
    lib_core/* setOutput */.uH('tests', totals.tests);
    lib_core/* setOutput */.uH('passed', totals.passed);
    lib_core/* setOutput */.uH('failed', totals.failed);
    lib_core/* setOutput */.uH('errored', totals.errored);
    lib_core/* setOutput */.uH('skipped', totals.skipped);
    lib_core/* setOutput */.uH('flaky', totals.flaky);
    lib_core/* setOutput */.uH('duration-ms', totals.durationMs);
    const coverage = report.coverage;
    lib_core/* setOutput */.uH('line-coverage', percentOutput(coverage?.project.totals.lines));
    lib_core/* setOutput */.uH('branch-coverage', percentOutput(coverage?.project.totals.branches));
    lib_core/* setOutput */.uH('diff-coverage', (0,model_coverage/* twoDecimals */.Bu)(coverage?.changedLines?.diffCoverage) ?? '');
    lib_core/* setOutput */.uH('report-json', where.reportJson ?? '');
    lib_core/* setOutput */.uH('report-html', where.reportHtml ?? '');
    lib_core/* setOutput */.uH('comment-url', where.commentUrl ?? '');
    lib_core/* setOutput */.uH('artifact-id', where.artifactId === undefined ? '' : String(where.artifactId));
    lib_core/* setOutput */.uH('artifact-url', where.artifactUrl ?? '');
    lib_core/* setOutput */.uH('services', JSON.stringify(servicesOutput(report)));
}
function percentOutput(counts) {
    return (0,model_coverage/* twoDecimals */.Bu)((0,model_coverage/* percentOf */.pR)(counts)) ?? '';
}
/** `services`: name -> { host, ports: { "<containerPort>": hostPort }, url }, for later steps. */
function servicesOutput(report) {
    return Object.fromEntries(report.services
        .filter((service) => service.endpoint)
        .map((service) => [
        service.name,
        {
            host: service.endpoint.host,
            ports: service.endpoint.ports,
            url: service.endpoint.url,
        },
    ]));
}

;// CONCATENATED MODULE: ./src/publish/artifact.ts

/** Names tried at most: `name`, then `name-2` to `name-10`. */
const MAX_NAME_TRIES = 10;
/** What the client refuses in a name (NTFS's limits), see its path-and-artifact-name-validation. */
const INVALID_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/g;
/**
 * Uploads `files` as the artifact `name`. Never throws: where the artifact service is not
 * available the result is `unavailable` (the caller prints one warning and goes on), other
 * failures are `failed` with a message that says what went wrong. A name already used in this
 * run (by an earlier step or another job) gets a `-2`, `-3`... suffix instead of failing: the
 * service answers 409 to CreateArtifact, before anything is zipped or sent.
 */
async function uploadReportArtifact(options) {
    const env = process.env;
    const unavailable = artifactServiceUnavailable(env);
    if (unavailable)
        return { action: 'unavailable', reason: unavailable };
    const base = toArtifactName(options.name);
    if (!base)
        return { action: 'failed', reason: 'The artifact name is empty.' };
    if (base !== options.name) {
        options.log(`Artifact name "${options.name}" holds characters artifacts may not: using "${base}"`);
    }
    let artifact;
    try {
        artifact = await Promise.all(/* import() */[__nccwpck_require__.e(251), __nccwpck_require__.e(824), __nccwpck_require__.e(351), __nccwpck_require__.e(640)]).then(__nccwpck_require__.bind(__nccwpck_require__, 29640));
    }
    catch (error) {
        return { action: 'failed', reason: `Could not load @actions/artifact: ${(0,errors/* messageOf */.b)(error)}` };
    }
    const client = new artifact.DefaultArtifactClient();
    for (const name of candidateNames(base)) {
        const outcome = await upload(client, name, options);
        if (outcome.kind === 'uploaded') {
            const url = artifactUrl(env, outcome.id);
            const count = options.files.length;
            options.log(`Uploaded artifact "${name}" (${count} file${count === 1 ? '' : 's'}): ${url}`);
            return { action: 'uploaded', id: outcome.id, url, name };
        }
        const failure = classify(artifact, outcome.error, name);
        if (failure !== 'conflict')
            return failure;
        options.log(`Artifact name "${name}" is already taken in this run; trying another`);
    }
    return {
        action: 'failed',
        reason: `Artifact names "${base}" to "${base}-${MAX_NAME_TRIES}" are all taken in this run: set artifact-name to another name.`,
    };
}
/**
 * Why this process cannot reach an artifact service, or undefined when it can try. The client's
 * own rule for GitHub Enterprise Server: any host but github.com, *.ghe.com and *.localhost.
 */
function artifactServiceUnavailable(env) {
    const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
    let host;
    try {
        host = new URL(server).hostname.toLowerCase();
    }
    catch {
        return `GITHUB_SERVER_URL is not a URL: ${server}`;
    }
    if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')) {
        return `GitHub Enterprise Server (${host}) has no artifact service for @actions/artifact v2 and later.`;
    }
    const missing = [
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_RESULTS_URL',
        'GITHUB_REPOSITORY',
        'GITHUB_RUN_ID',
    ].filter((name) => !env[name]);
    if (missing.length > 0) {
        const [verb, pronoun] = missing.length === 1 ? ['is', 'it'] : ['are', 'them'];
        return `${missing.join(', ')} ${verb} not set: the runner sets ${pronoun} for the actions it starts, so this step does not run as a GitHub Actions step.`;
    }
    return undefined;
}
/** `name` with the characters the artifact service refuses replaced by `-`, trimmed. */
function toArtifactName(name) {
    return name.replace(INVALID_NAME_CHARACTERS, '-').trim();
}
function* candidateNames(base) {
    yield base;
    for (let n = 2; n <= MAX_NAME_TRIES; n++)
        yield `${base}-${n}`;
}
async function upload(client, name, options) {
    try {
        const response = await client.uploadArtifact(name, [...options.files], options.rootDirectory, options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays });
        if (response.id === undefined) {
            return { kind: 'error', error: new Error('the service gave no artifact id') };
        }
        return { kind: 'uploaded', id: response.id };
    }
    catch (error) {
        return { kind: 'error', error };
    }
}
/**
 * The result for an error of the client's, or 'conflict' when the name is taken. Its Twirp
 * errors read "Failed to CreateArtifact: Received non-retryable error: Failed request: (409)
 * Conflict: an artifact with this name already exists on the workflow run".
 */
function classify(artifact, error, name) {
    const message = (0,errors/* messageOf */.b)(error);
    if (/\(409\)|already exists/i.test(message))
        return 'conflict';
    if (error instanceof artifact.GHESNotSupportedError) {
        return { action: 'unavailable', reason: message };
    }
    if (/\(404\)/.test(message)) {
        return {
            action: 'unavailable',
            reason: `Uploading artifact "${name}": no artifact service answers at ${process.env['ACTIONS_RESULTS_URL']}: ${message}`,
        };
    }
    return { action: 'failed', reason: `Uploading artifact "${name}" failed: ${message}` };
}
function artifactUrl(env, id) {
    const url = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com');
    const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
    const segments = [owner, repo, 'actions', 'runs', env['GITHUB_RUN_ID'] ?? '', 'artifacts'];
    url.pathname = [url.pathname.replace(/\/+$/, ''), ...segments.map(encodeURIComponent), id].join('/');
    return url.href;
}

;// CONCATENATED MODULE: ./src/publish/service-logs.ts


/** The end of a log is what explains a failure: beyond this, only the end is kept. */
const MAX_LOG_BYTES = 8 * 1024 * 1024;
/**
 * Copies each service's log into `directory` as `<service>.log`, redacted, keeping the last
 * 8 MiB of a longer one: the artifact and the HTML report hold these copies, never the raw
 * logs. Returns each copy's path and text; a log that cannot be read is left out.
 */
async function writeRedactedServiceLogs(services, directory, redact) {
    const written = [];
    for (const service of services) {
        if (!service.logFile)
            continue;
        const text = await readTail(service.logFile).catch(() => undefined);
        if (text === undefined)
            continue;
        await (0,promises_.mkdir)(directory, { recursive: true });
        const file = external_node_path_default().join(directory, `${service.name.replace(/[^\w.-]+/g, '-')}.log`);
        const redacted = redact(text);
        await (0,promises_.writeFile)(file, redacted);
        written.push({ service: service.name, file, text: redacted });
    }
    return written;
}
async function readTail(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const { size } = await handle.stat();
        const start = Math.max(0, size - MAX_LOG_BYTES);
        const buffer = Buffer.alloc(size - start);
        await handle.read(buffer, 0, buffer.length, start);
        const text = buffer.toString('utf8');
        return start > 0
            ? `[the first ${start} bytes are left out]\n${text.slice(text.indexOf('\n') + 1)}`
            : text;
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/render/ctrf.ts





const GENERATED_BY = 'integration-test-action';
/** CTRF has no `errored`: an errored test is `failed` with `rawStatus: errored`, as the interface says. */
const CTRF_STATUS = {
    passed: 'passed',
    failed: 'failed',
    errored: 'failed',
    skipped: 'skipped',
};
/**
 * The whole document, from the report redacted (redactReport): every text in it is published.
 * `withTests: false` leaves `results.tests` empty, for writers that add the tests one by one
 * (ctrfTest) instead of holding 100,000 of them twice.
 */
function renderCtrf(report, options = { withTests: true }) {
    const { totals, context } = report;
    const tests = options.withTests ? report.tests.map(ctrfTest) : [];
    const runUrl = context.repository && context.runId
        ? `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`
        : undefined;
    return {
        reportFormat: 'CTRF',
        specVersion: '0.0.0',
        reportId: (0,external_node_crypto_.randomUUID)(),
        timestamp: report.finishedAt.toISOString(),
        generatedBy: GENERATED_BY,
        results: {
            tool: { name: toolName(report.inputFiles) },
            summary: {
                tests: totals.tests,
                passed: totals.passed,
                failed: totals.failed + totals.errored,
                skipped: totals.skipped,
                pending: 0,
                other: 0,
                flaky: totals.flaky,
                suites: new Set(report.tests.map((test) => test.suite)).size,
                start: report.startedAt.getTime(),
                stop: report.finishedAt.getTime(),
                duration: totals.durationMs,
                extra: { errored: totals.errored },
            },
            tests,
            environment: omitUndefined({
                reportName: report.name,
                buildUrl: runUrl,
                buildId: context.runId,
                repositoryName: context.repository,
                repositoryUrl: context.repository
                    ? `${context.serverUrl}/${context.repository}`
                    : undefined,
                commit: context.sha,
                branchName: context.ref?.replace(/^refs\/heads\//, ''),
                osPlatform: process.platform,
            }),
            extra: omitUndefined({
                conclusion: report.conclusion,
                problems: report.problems,
                command: report.command && {
                    exitCode: report.command.exitCode,
                    timedOut: report.command.timedOut,
                    cancelled: report.command.cancelled,
                    durationMs: report.command.durationMs,
                },
            }),
        },
        extra: omitUndefined({
            coverage: report.coverage && coverageEntry(report.coverage),
            inputFiles: report.inputFiles.map(inputFileEntry),
            services: report.services.map((service) => omitUndefined({
                name: service.name,
                image: service.image,
                status: service.status,
                healthyAfterMs: service.healthyAfterMs,
                reason: service.reason,
                host: service.endpoint?.host,
                ports: service.endpoint?.ports,
                url: service.endpoint?.url,
            })),
        }),
    };
}
/** Coverage under `extra.coverage`: counts and percents, per file, and the changed lines. */
function coverageEntry(coverage) {
    const { project, changedLines } = coverage;
    const counts = (c) => c && { covered: c.covered, total: c.total, percent: percentNumber((0,model_coverage/* percentOf */.pR)(c)) };
    return omitUndefined({
        lines: counts(project.totals.lines),
        branches: counts(project.totals.branches),
        functions: counts(project.totals.functions),
        statements: counts(project.totals.statements),
        files: project.files.map((file) => omitUndefined({
            path: file.path,
            lines: counts(file.totals.lines),
            branches: counts(file.totals.branches),
            functions: counts(file.totals.functions),
            uncoveredLines: neverRunRanges(file.lines),
        })),
        unmappedFiles: project.unmapped,
        changedLines: changedLines && {
            percent: percentNumber(changedLines.diffCoverage),
            ...changedLines.totals,
            files: changedLines.files.map((file) => ({
                path: file.path,
                changed: file.changed,
                coverable: file.coverable.length,
                covered: file.covered.length,
                percent: percentNumber(file.percent),
                uncoveredRanges: file.uncoveredRanges,
            })),
            filesWithoutCoverage: changedLines.filesWithoutCoverage,
        },
        changedLinesNote: coverage.changedLinesNote,
        changedLinesCaveat: coverage.changedLinesCaveat,
    });
}
function percentNumber(percent) {
    const text = (0,model_coverage/* twoDecimals */.Bu)(percent);
    return text === undefined ? undefined : Number(text);
}
/** One test of the redacted report (redactReport). */
function ctrfTest(test) {
    // Built field by field rather than through omitUndefined: this runs once per test, 100,000
    // times for a large run, and the order of the fields stays the one CTRF documents.
    const entry = {
        name: test.name || '(unnamed)',
        status: CTRF_STATUS[test.status],
        rawStatus: test.status,
        duration: Math.round(test.durationMs),
    };
    if (test.suite)
        entry.suite = [test.suite];
    if (test.message)
        entry.message = test.message;
    if (test.details)
        entry.trace = test.details;
    if (test.file !== undefined)
        entry.filePath = test.file;
    if (test.line !== undefined)
        entry.line = test.line;
    if (test.retries.length > 0) {
        if (isFlaky(test))
            entry.flaky = true;
        entry.retries = test.retries.length;
        entry.retryAttempts = [...test.retries, test].map((attempt, index) => ctrfAttempt(attempt, index + 1));
    }
    if (test.output)
        entry.stdout = test.output.split('\n');
    return entry;
}
function ctrfAttempt(attempt, number) {
    return omitUndefined({
        attempt: number,
        status: CTRF_STATUS[attempt.status],
        duration: Math.round(attempt.durationMs),
        message: attempt.message,
        trace: attempt.details,
        extra: { rawStatus: attempt.status },
    });
}
function inputFileEntry(file) {
    return omitUndefined({
        path: file.path,
        kind: file.kind,
        status: file.status,
        format: file.format,
        reason: file.reason,
        bytes: file.bytes,
    });
}
function toolName(files) {
    const formats = [...new Set(files.filter((f) => f.status === 'parsed').map((f) => f.format))];
    return formats.length > 0 ? formats.join(', ') : GENERATED_BY;
}

;// CONCATENATED MODULE: ./src/render/redact.ts
/** Credentials inside URLs, as failing database tests print them: scheme://user:secret@host. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi;
const REDACTED = '***';
/** Removes every known secret and every password inside a URL from text that will be published. */
function createRedactor(secrets) {
    // Longest first, so a secret that contains another is replaced whole.
    const known = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
    return (text) => {
        let result = text;
        for (const secret of known) {
            if (result.includes(secret))
                result = result.split(secret).join(REDACTED);
        }
        // A URL with credentials has an @ in it: most texts need no regular expression at all.
        return result.includes('@') ? result.replace(URL_CREDENTIALS, `$1:${REDACTED}@`) : result;
    };
}
/**
 * The report with every text that could hold a secret redacted, for the Markdown surfaces:
 * redacting their finished text is not enough, because escaping changes how a secret is
 * written (`pa_ss*word` becomes `pa\_ss\*word`, which GitHub shows as the secret again).
 */
function redactReport(report, redact) {
    const optional = (text) => (text === undefined ? undefined : redact(text));
    // A test is copied only when redaction changes one of its texts: 100,000 tests mostly hold
    // nothing to redact, and copying them all costs time and memory for nothing.
    const attempt = (test) => {
        const message = optional(test.message);
        const details = optional(test.details);
        const output = optional(test.output);
        return message === test.message && details === test.details && output === test.output
            ? test
            : { ...test, message, details, output };
    };
    const testCase = (test) => {
        const name = redact(test.name);
        const suite = redact(test.suite);
        const texts = attempt(test);
        const retries = test.retries.length > 0 ? test.retries.map(attempt) : test.retries;
        const same = name === test.name &&
            suite === test.suite &&
            texts === test &&
            retries.every((retry, index) => retry === test.retries[index]);
        return same ? test : { ...texts, name, suite, retries };
    };
    return {
        ...report,
        name: redact(report.name),
        problems: report.problems.map(redact),
        command: report.command && { ...report.command, command: redact(report.command.command) },
        services: report.services.map((service) => ({
            ...service,
            reason: optional(service.reason),
            endpoint: service.endpoint && { ...service.endpoint, url: optional(service.endpoint.url) },
        })),
        tests: report.tests.map(testCase),
        inputFiles: report.inputFiles.map((file) => ({ ...file, reason: optional(file.reason) })),
        coverage: report.coverage && {
            ...report.coverage,
            changedLinesNote: optional(report.coverage.changedLinesNote),
            changedLinesCaveat: optional(report.coverage.changedLinesCaveat),
        },
    };
}

;// CONCATENATED MODULE: ./src/render/escape.ts
/**
 * Escaping helpers, one per target: Markdown text, HTML text, fenced code, link targets and
 * workflow commands. Everything a test run reports (names, messages, output, paths) is
 * untrusted: a pull request writes its own test names.
 *
 * Mentions: GitHub links `@name` in the rendered HTML's text, after Markdown, so a backslash
 * (`\@`) or an entity (`&#64;`) does not stop a ping: both become a plain `@` before GitHub looks.
 * What does is a character between `@` and the name that the reader does not see: U+2060 WORD
 * JOINER (invisible, and unlike a zero-width space it adds no line-break opportunity). Inside
 * code blocks GitHub links no mention, so code is left as it was written.
 */
const WORD_JOINER = '\u2060';
/** A character as `%` and its UTF-16 code unit in hex (two digits at least). */
const percentEncoded = (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
/**
 * Untrusted text as one line of GitHub Markdown, safe in a paragraph, a heading, a list item or
 * a table cell, at the start of a line too: no raw HTML, no emphasis, links or autolinks the
 * author did not mean, no math, no @mention pings, and no broken table cells.
 */
function escapeMarkdown(text) {
    return escapeLineStart(escapeInline(oneLine(text)));
}
/**
 * Like escapeMarkdown, but code spans written with single backticks stay code (the action's
 * own sentences quote inputs and commands so): text in a code span is shown as written, and
 * GitHub links no mention inside code. When the backticks do not pair up, or a span holds a
 * `|` (which would end a table cell), everything is escaped.
 */
function escapeMarkdownKeepingCode(text) {
    const parts = oneLine(text).split('`');
    const code = parts.filter((_, i) => i % 2 === 1);
    if (parts.length % 2 === 0 || code.some((span) => span.trim() === '' || span.includes('|'))) {
        return escapeMarkdown(text);
    }
    return escapeLineStart(parts.map((part, i) => (i % 2 === 1 ? `\`${part}\`` : escapeInline(part))).join(''));
}
function oneLine(text) {
    return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
function escapeInline(text) {
    return (text
        .replace(/[\\`*_[\]|~$]/g, (char) => `\\${char}`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/@/g, `@${WORD_JOINER}`)
        // The autolink extension links `http://...`, `www.` and e-mail addresses (the @ above).
        .replace(/:(?=\/\/)/g, '\\:')
        .replace(/\b(www)\./gi, '$1\\.'));
}
/** What would open a block at the start of a line: a heading, a list, a setext underline. */
function escapeLineStart(text) {
    return text.replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}
/**
 * Untrusted text inside a fenced code block: the fence is made longer than any backtick run in
 * the text, so the text can never close it (a `~~~` line cannot close a backtick fence).
 */
function fencedBlock(text) {
    let longestRun = 0;
    for (const run of text.match(/`+/g) ?? [])
        longestRun = Math.max(longestRun, run.length);
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
/**
 * Untrusted text inside HTML (such as a `<summary>` line, where Markdown is not read): as one
 * line, so that it cannot end the HTML block either.
 */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;')
        .replace(/@/g, `@${WORD_JOINER}`)
        .replace(/\s*[\r\n]+\s*/g, ' ');
}
/** A URL as the target of a Markdown link `[text](target)`: nothing in it can end the link. */
function linkTarget(url) {
    return url.replace(/[\s()<>\\]/g, percentEncoded);
}
/** One path segment of a URL: encodeURIComponent, parentheses and quotes included. */
function encodePathSegment(segment) {
    return encodeURIComponent(segment).replace(/[!'()*]/g, percentEncoded);
}
/** A repository path for a URL: each segment encoded, the slashes kept. */
function encodePath(path) {
    return path.split('/').map(encodePathSegment).join('/');
}
/** The message of a workflow command (`::error ...::<message>`), as @actions/core escapes it. */
function escapeCommandData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** A property value of a workflow command (`title=<value>`), as @actions/core escapes it. */
function escapeCommandProperty(text) {
    return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

;// CONCATENATED MODULE: ./src/render/limits.ts
/**
 * GitHub's size limits and fitting a rendering to them: cutting one text, and choosing the
 * fullest of several renderings that fits. Pure.
 */
/** A job summary (`GITHUB_STEP_SUMMARY`) may hold 1 MiB, counted in bytes of UTF-8. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** An issue or pull-request comment body may hold 65,536 characters (UTF-16 code units). */
const COMMENT_LIMIT_CHARS = 65_536;
/** Room the publisher keeps for the hidden marker line it puts before a comment's body. */
const COMMENT_MARKER_CHARS = 200;
/** Each text field of a Checks API annotation (`message`, `raw_details`): 64 KiB. */
const CHECKS_FIELD_BYTES = 64 * 1024;
/** An annotation's `title`: 255 characters. */
const CHECKS_TITLE_CHARS = 255;
function utf8Bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
function utf16Units(text) {
    return text.length;
}
const ELLIPSIS = '…';
/**
 * The text in at most `max` UTF-16 code units, an ellipsis marking the cut: its start kept
 * (`head`) or its end (`tail`, for output, where the last lines tell most). Never splits a
 * surrogate pair.
 */
function cutText(text, max, keep = 'head') {
    if (text.length <= max)
        return text;
    if (max <= ELLIPSIS.length)
        return ELLIPSIS.slice(0, Math.max(0, max));
    const room = max - ELLIPSIS.length;
    if (keep === 'head') {
        const end = isHighSurrogate(text.charCodeAt(room - 1)) ? room - 1 : room;
        return text.slice(0, end) + ELLIPSIS;
    }
    let start = text.length - room;
    if (isLowSurrogate(text.charCodeAt(start)))
        start++;
    return ELLIPSIS + text.slice(start);
}
/** The text in at most `maxBytes` bytes of UTF-8, an ellipsis marking the cut. */
function cutToBytes(text, maxBytes) {
    // No UTF-16 code unit takes more than 3 bytes of UTF-8 (a surrogate pair takes 4 for 2).
    if (text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes)
        return text;
    const bytes = Buffer.from(text, 'utf8');
    let end = Math.max(0, maxBytes - utf8Bytes(ELLIPSIS));
    // Back to the first byte of a character: continuation bytes are 10xxxxxx.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80)
        end--;
    return bytes.subarray(0, end).toString('utf8') + ELLIPSIS;
}
function isHighSurrogate(code) {
    return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code) {
    return code >= 0xdc00 && code <= 0xdfff;
}
/** Blocks of Markdown (a paragraph, a table, a fence, a whole `<details>` element) as a document. */
function joinBlocks(blocks) {
    return blocks.filter((block) => block !== '').join('\n\n') + '\n';
}
/**
 * The first rendering, from the fullest step to the barest, that fits the budget. A rendering is
 * a list of whole blocks, so that when even the barest step does not fit, blocks are dropped
 * from its end (and `cutNote` is put in their place): the cut never falls inside a fence, a
 * table or a `<details>` element, and the Markdown stays valid.
 */
function fitInSteps(steps, render, budget, cutNote) {
    let blocks = [];
    for (const [index, step] of steps.entries()) {
        blocks = render(step, index);
        const markdown = joinBlocks(blocks);
        if (budget.measure(markdown) <= budget.limit)
            return markdown;
    }
    const kept = [];
    // Both measures add up over concatenation; each block costs itself and a blank line.
    let size = budget.measure(cutNote) + 1;
    for (const block of blocks.filter((b) => b !== '')) {
        const cost = budget.measure(block) + 2;
        if (size + cost > budget.limit)
            break;
        kept.push(block);
        size += cost;
    }
    return joinBlocks([...kept, cutNote]);
}

;// CONCATENATED MODULE: ./src/render/view.ts
/**
 * What every surface shows of a run, before it is written out: which tests (failures first,
 * flaky, slowest), in which order, how much of each at one level of detail, and untrusted text
 * cut and escaped on the way in. The report comes redacted (redactReport in redact.ts): secrets
 * are taken out before escaping changes how they are written. Pure.
 */



/** Names, paths and reasons are cut to this many characters wherever they appear. */
const NAME_CHARS = 300;
function createView(detail) {
    return { detail, leftOut: new Set() };
}
/** Untrusted text as one line of Markdown: cut, then escaped. */
function markdownText(text, max = NAME_CHARS) {
    return escapeMarkdown(cutText(text, max));
}
/** Like markdownText, but code spans stay code (escapeMarkdownKeepingCode). */
function markdownWithCode(text, max = NAME_CHARS) {
    return escapeMarkdownKeepingCode(cutText(text, max));
}
/**
 * Untrusted text as a fenced code block, cut to `max` characters with the cut named inside the
 * block (and in the view's left-out list as `what`).
 */
function codeBlock(view, text, max, keep, what) {
    if (text.length <= max)
        return fencedBlock(text);
    view.leftOut.add(what);
    const kept = cutText(text, max, keep);
    const cut = formatCount(text.length - kept.length + 1);
    return fencedBlock(keep === 'head'
        ? `${kept}\n(${cut} more characters cut)`
        : `(${cut} characters before cut)\n${kept}`);
}
/** `<details>` around Markdown blocks, with a summary line of the renderer's own words. */
function collapsed(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
/**
 * A line naming what a rendering left out, and where all of it is; empty when nothing was.
 * `shortenedTo` names the limit when the rendering is not the fullest step.
 */
function leftOutNote(view, shortenedTo, fullReportUrl) {
    if (view.leftOut.size === 0)
        return '';
    return [
        `**Not shown here:** ${[...view.leftOut].join('; ')}.`,
        shortenedTo ? `Shortened to stay within ${shortenedTo}.` : '',
        fullReportUrl ? `[Full report](${linkTarget(fullReportUrl)})` : '',
    ]
        .filter(Boolean)
        .join(' ');
}
/** The last resort's note, where blocks were dropped from the end. */
function cutNote(limit, fullReportUrl) {
    const link = fullReportUrl ? ` [Full report](${linkTarget(fullReportUrl)})` : '';
    return `**The rest of this report was left out** to stay within ${limit}.${link}`;
}
/** 20000 -> "20,000". */
function formatCount(count) {
    return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
/** (20000, 'test') -> "20,000 tests". */
function countOf(count, noun) {
    return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
/** "Suite › name", or the name alone. */
function testTitle(test) {
    const title = test.suite ? `${test.suite} › ${test.name}` : test.name;
    return title.trim() === '' ? '(unnamed test)' : title;
}
/** "path/to/file.ts:12", where the report says. */
function view_testLocation(test) {
    if (!test.file)
        return undefined;
    return test.line ? `${test.file}:${test.line}` : test.file;
}
/** Every run of a test, oldest first: the retries, then the final one. */
function attemptsOf(test) {
    return [...test.retries, test];
}
/** The message, else the first line of the details: what one line can say of a failure. */
function view_messageOf(test) {
    const message = test.message?.trim();
    if (message)
        return message;
    return test.details?.trim().split(/\r?\n/, 1)[0];
}
const STATUS_ICONS = {
    passed: '✅',
    failed: '❌',
    errored: '💥',
    skipped: '⏭️',
};
function selectTests(tests, slowest = 10) {
    // Every surface of a run asks for the same tests (the summary, the HTML report, the comment,
    // the annotations): selected once, and the slowest for the largest count asked, of which a
    // smaller count is the start.
    let selection = selections.get(tests);
    if (!selection || selection.slowestCount < slowest) {
        const failures = selection?.failures ??
            tests.filter((t) => t.status === 'failed' || t.status === 'errored').sort(compareFailures);
        const flaky = selection?.flaky ??
            tests
                .filter(isFlaky)
                .sort((a, b) => failedAttempts(b) - failedAttempts(a) || compareText(testTitle(a), testTitle(b)));
        selection = { failures, flaky, slowest: slowestOf(tests, slowest), slowestCount: slowest };
        selections.set(tests, selection);
    }
    return {
        failures: selection.failures,
        flaky: selection.flaky,
        slowest: selection.slowest.slice(0, slowest),
    };
}
const selections = new WeakMap();
/** Errored before failed, then by file (tests without one last), line, suite and name. */
function compareFailures(a, b) {
    return (statusRank(a.status) - statusRank(b.status) ||
        compareOptional(a.file, b.file) ||
        (a.line ?? Infinity) - (b.line ?? Infinity) ||
        compareText(a.suite, b.suite) ||
        compareText(a.name, b.name));
}
function statusRank(status) {
    return status === 'errored' ? 0 : status === 'failed' ? 1 : 2;
}
function failedAttempts(test) {
    return test.retries.filter((a) => a.status === 'failed' || a.status === 'errored').length;
}
/** The `count` longest tests that ran, without sorting them all (reports hold 100,000 tests). */
function slowestOf(tests, count) {
    const top = [];
    if (count <= 0 || !hasTwoThatRan(tests))
        return top;
    const slower = (a, b) => b.durationMs - a.durationMs || compareText(testTitle(a), testTitle(b));
    for (const test of tests) {
        if (test.status === 'skipped' || !(test.durationMs > 0))
            continue;
        if (top.length === count && slower(test, top[count - 1]) >= 0)
            continue;
        top.push(test);
        top.sort(slower);
        if (top.length > count)
            top.pop();
    }
    return top;
}
function hasTwoThatRan(tests) {
    let ran = 0;
    for (const test of tests)
        if (test.status !== 'skipped' && ++ran === 2)
            return true;
    return false;
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Present before absent, then in text order. */
function compareOptional(a, b) {
    if (a === b)
        return 0;
    if (a === undefined)
        return 1;
    if (b === undefined)
        return -1;
    return compareText(a, b);
}

;// CONCATENATED MODULE: ./src/render/coverage-summary.ts





/** The most a coverage section shows, when it is rendered on its own. */
function fullCoverageView() {
    return {
        detail: { coverageFiles: 50, coverageRanges: 20, unmapped: 50 },
        leftOut: new Set(),
    };
}
/**
 * The summary's coverage section: totals, then the changed lines of a pull request (with the
 * coverage of each changed file as a whole beside them), then the paths no file matched.
 */
function renderCoverageSection(coverage, context, view = fullCoverageView()) {
    if (!coverage)
        return '';
    const { totals } = coverage.project;
    const rows = (0,model_coverage/* namedTotals */.ZO)(totals);
    const parts = [
        '### Coverage',
        [
            '| | Covered | Total | Coverage |',
            '|---|---:|---:|---:|',
            ...rows.map(([label, counts]) => `| ${label} | ${counts.covered} | ${counts.total} | ${(0,model_run/* formatPercent */.l9)((0,model_coverage/* percentOf */.pR)(counts))} |`),
        ].join('\n'),
        renderChangedLines(coverage, context, view),
        unmappedPart(coverage.project.unmapped, view),
    ];
    return parts.filter(Boolean).join('\n\n');
}
/**
 * Coverage of a pull request's changed lines: the total, then each changed file with its
 * uncovered ranges linked to `blob/<sha>/<path>#Lx-Ly`; empty outside a pull request.
 */
function renderChangedLines(coverage, context, view) {
    if (coverage.changedLinesNote) {
        return `Changed lines: not computed (${markdownText(coverage.changedLinesNote)}).`;
    }
    const changed = coverage.changedLines;
    if (!changed)
        return '';
    const { totals } = changed;
    if (totals.coverable === 0) {
        return `Changed lines: none of the ${totals.changed} changed lines is coverable code.`;
    }
    const caveat = coverage.changedLinesCaveat
        ? ` Changed lines ${markdownText(coverage.changedLinesCaveat)}.`
        : '';
    const head = `**Changed lines: ${(0,model_run/* formatPercent */.l9)(changed.diffCoverage)}** (${totals.covered} of ${totals.coverable} coverable changed lines run).${caveat}`;
    const byPath = new Map(coverage.project.files.map((file) => [file.path, file]));
    const files = changedFilesWorstFirst(changed.files);
    const rows = files
        .slice(0, view.detail.coverageFiles)
        .map((file) => changedFileRow(file, byPath.get(file.path), context, view));
    const more = files.length - rows.length;
    if (more > 0)
        view.leftOut.add(`the coverage of ${countOf(more, 'more changed file')}`);
    return [
        head,
        rows.length === 0
            ? ''
            : [
                '| Changed file | Changed lines | File | Uncovered changed lines |',
                '|---|---:|---:|---|',
                ...rows,
            ].join('\n'),
        rows.length > 0 && more > 0 ? `… and ${formatCount(more)} more changed files.` : '',
        withoutCoverage(changed.filesWithoutCoverage, view),
    ]
        .filter(Boolean)
        .join('\n\n');
}
function changedFileRow(file, merged, context, view) {
    const limit = view.detail.coverageRanges;
    const ranges = file.uncoveredRanges.slice(0, limit).map((range) => {
        const label = formatLineRanges([range]);
        const url = blobUrl(context, file.path, range);
        return url ? `[${label}](${linkTarget(url)})` : label;
    });
    if (file.uncoveredRanges.length > limit) {
        ranges.push('…');
        view.leftOut.add(`uncovered ranges after the first ${limit} of a file`);
    }
    return `| ${markdownText(file.path)} | ${(0,model_run/* formatPercent */.l9)(file.percent)} | ${(0,model_run/* formatPercent */.l9)((0,model_coverage/* percentOf */.pR)(merged?.totals.lines))} | ${ranges.join(', ')} |`;
}
/** `<server>/<repo>/blob/<head sha>/<path>#Lx-Ly`: the pull request's version of the lines. */
function blobUrl(context, file, range) {
    const sha = context.pullRequest?.headSha ?? context.sha;
    if (!context.repository || !sha)
        return undefined;
    return `${context.serverUrl}/${context.repository}/blob/${sha}/${encodePath(file)}#${lineAnchor(range)}`;
}
function withoutCoverage(paths, view) {
    if (paths.length === 0)
        return '';
    const shown = paths.slice(0, Math.min(10, view.detail.coverageFiles));
    const names = shown.map((path) => markdownText(path)).join(', ');
    const more = paths.length - shown.length;
    return `${countOf(paths.length, 'changed file')} without coverage data (not counted)${names ? `: ${names}` : ''}${more > 0 && shown.length > 0 ? `, … and ${formatCount(more)} more` : ''}.`;
}
function unmappedPart(unmapped, view) {
    if (unmapped.length === 0)
        return '';
    const shown = unmapped.slice(0, view.detail.unmapped).map((file) => `- ${markdownText(file)}`);
    const more = unmapped.length - shown.length;
    if (more > 0)
        view.leftOut.add(countOf(more, 'unmapped coverage path'));
    if (shown.length === 0)
        return '';
    if (more > 0)
        shown.push(`- … and ${formatCount(more)} more`);
    return collapsed(`${unmapped.length === 1 ? '1 covered file matches' : `${formatCount(unmapped.length)} covered files match`} no file of the repository (kept under the path the report gives)`, shown.join('\n'));
}

;// CONCATENATED MODULE: ./src/render/summary.ts





const FULL = {
    failures: 50,
    failureRows: 450,
    messageChars: 2000,
    detailsChars: 6000,
    outputChars: 6000,
    flaky: 50,
    flakyAttempts: true,
    slowest: 10,
    services: true,
    coverageFiles: 50,
    coverageRanges: 20,
    unmapped: 50,
    inputFiles: 50,
    problems: 20,
    problemChars: 1000,
};
/** First the long lists of tests that passed or matter less. */
const LISTS = {
    ...FULL,
    failureRows: 100,
    flakyAttempts: false,
    slowest: 0,
    coverageFiles: 20,
    coverageRanges: 5,
    unmapped: 0,
    inputFiles: 20,
};
/** Then shorter messages, details and output. */
const SHORT = { ...LISTS, messageChars: 500, detailsChars: 1500, outputChars: 1500 };
/** Then fewer failures. */
const FEWER = {
    ...SHORT,
    failures: 10,
    failureRows: 0,
    messageChars: 300,
    detailsChars: 500,
    outputChars: 0,
    flaky: 10,
};
/** Finally only the counts, the problems and the coverage totals. */
const COUNTS = {
    ...FEWER,
    failures: 0,
    flaky: 0,
    services: false,
    coverageFiles: 0,
    inputFiles: 0,
    problemChars: 300,
};
/** The summary's levels of detail, fullest first: the first whose Markdown fits is written. */
const SUMMARY_STEPS = [FULL, LISTS, SHORT, FEWER, COUNTS];
const ICONS = {
    success: '✅',
    failure: '❌',
    timed_out: '⏱️',
    cancelled: '🚫',
};
/** The job summary: conclusion and counts first, then why, then each failure. */
function renderSummary(report, options = {}) {
    const limit = options.limitBytes ?? SUMMARY_LIMIT_BYTES;
    const limitText = `the job summary's limit of ${formatBytes(limit)}`;
    const selection = selectTests(report.tests);
    return fitInSteps(SUMMARY_STEPS, (detail, index) => {
        const view = createView(detail);
        const body = [
            detail.services
                ? servicesSection(report.services)
                : leftOutIf(view, report.services.length > 0, 'the services'),
            ...failureBlocks(selection.failures, view, options.fullReportUrl),
            flakySection(selection.flaky, view),
            slowestSection(selection, view),
            renderCoverageSection(report.coverage, report.context, view),
            inputFilesSection(report.inputFiles, view),
        ];
        return [
            titleLine(report),
            countsTable(report),
            options.reportUrl
                ? `[HTML report](${linkTarget(options.reportUrl)}): every test, coverage per file and the services' logs.`
                : '',
            problemsList(report, view),
            leftOutNote(view, index > 0 ? limitText : undefined, options.fullReportUrl),
            ...body,
        ];
    }, { limit, measure: utf8Bytes }, cutNote(limitText, options.fullReportUrl));
}
/** The report's heading: the conclusion's icon, the report's name, the headline. */
function titleLine(report) {
    return `## ${ICONS[report.conclusion]} ${markdownText(report.name, 200)}: ${headline(report)}`;
}
function headline(report) {
    const { totals } = report;
    const broken = totals.failed + totals.errored;
    const tests = totals.tests === 0 ? 'no test results' : '';
    switch (report.conclusion) {
        case 'timed_out':
            return `timed out${tests ? `, ${tests}` : ''}`;
        case 'cancelled':
            return 'cancelled';
        case 'failure':
            return broken > 0
                ? `${formatCount(broken)} of ${countOf(totals.tests, 'test')} failed`
                : 'failed';
        default:
            return (tests ||
                [
                    `${countOf(totals.passed, 'test')} passed`,
                    totals.skipped > 0 ? `${formatCount(totals.skipped)} skipped` : '',
                    totals.flaky > 0 ? `${formatCount(totals.flaky)} flaky` : '',
                ]
                    .filter(Boolean)
                    .join(', '));
    }
}
function countsTable(report) {
    const t = report.totals;
    const command = report.command;
    const rows = [
        '| Tests | Passed | Failed | Errored | Skipped | Flaky | Duration |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        `| ${t.tests} | ${t.passed} | ${t.failed} | ${t.errored} | ${t.skipped} | ${t.flaky} | ${(0,model_run/* formatDuration */.a3)(t.durationMs)} |`,
    ];
    const exit = command
        ? `Command exit code: **${command.exitCode}** in ${(0,model_run/* formatDuration */.a3)(command.durationMs)}.`
        : 'Report-only mode: no command was run.';
    return `${rows.join('\n')}\n\n${exit}`;
}
/** Why the run did not succeed, one item each (the action's own sentences quote with code). */
function problemsList(report, view) {
    const { problems, problemChars } = view.detail;
    const shown = report.problems
        .slice(0, problems)
        .map((problem) => `- ${markdownWithCode(problem, problemChars)}`);
    const more = report.problems.length - shown.length;
    if (more > 0) {
        view.leftOut.add(countOf(more, 'more problem'));
        shown.push(`- … and ${formatCount(more)} more.`);
    }
    return shown.join('\n');
}
/**
 * The failures, most important first: the first ones with their message, details and output,
 * the next ones a table row each, and how many more there are.
 */
function failureBlocks(failures, view, fullReportUrl) {
    if (failures.length === 0)
        return [];
    const { detail } = view;
    const detailed = failures.slice(0, detail.failures);
    const rows = failures.slice(detailed.length, detailed.length + detail.failureRows);
    const more = failures.length - detailed.length - rows.length;
    if (detailed.length + rows.length === 0) {
        view.leftOut.add(`the list of ${countOf(failures.length, 'failure')}`);
        return [];
    }
    const blocks = ['### Failures', ...detailed.flatMap((test) => failureBlock(test, view))];
    if (rows.length > 0)
        blocks.push(failureTable(rows));
    if (more > 0) {
        view.leftOut.add(countOf(more, 'more failure'));
        const where = fullReportUrl
            ? `the [full report](${linkTarget(fullReportUrl)})`
            : 'the JSON report';
        blocks.push(`… and ${countOf(more, 'more failure')}, in ${where}.`);
    }
    return blocks;
}
const CUT_TEXT = 'the rest of long messages, details and output';
/** One failure: a title line, its message, and its details and output collapsed. */
function failureBlock(test, view) {
    const { detail } = view;
    const label = test.status === 'errored' ? 'Error' : 'Failed';
    const location = view_testLocation(test);
    const attempts = attemptsOf(test).length;
    const facts = [
        location ? markdownText(location) : '',
        attempts > 1 ? `${attempts} attempts` : '',
        (0,model_run/* formatDuration */.a3)(test.durationMs),
    ].filter(Boolean);
    const message = view_messageOf(test);
    const blocks = [
        `${STATUS_ICONS[test.status]} **${label}: ${markdownText(testTitle(test))}** · ${facts.join(' · ')}`,
        codeBlock(view, message || '(no message)', detail.messageChars, 'head', CUT_TEXT),
    ];
    if (test.details?.trim() !== message?.trim()) {
        blocks.push(collapsedText(view, 'Details', test.details, detail.detailsChars, 'head'));
    }
    blocks.push(collapsedText(view, 'Output', test.output, detail.outputChars, 'tail'));
    return blocks;
}
/** Details or output behind a `<details>` element; left out (and said so) at 0 characters. */
function collapsedText(view, label, text, max, keep) {
    if (!text?.trim())
        return '';
    if (max > 0)
        return collapsed(label, codeBlock(view, text, max, keep, CUT_TEXT));
    view.leftOut.add(`the failures’ ${label.toLowerCase()}`);
    return '';
}
/** Failures after the detailed ones: one row each. */
function failureTable(tests) {
    const rows = tests.map((test) => `| ${STATUS_ICONS[test.status]} ${markdownText(testTitle(test))} | ${markdownText(view_testLocation(test) ?? '')} | ${markdownText(view_messageOf(test) ?? '', 200)} |`);
    return ['| More failures | Location | Message |', '|---|---|---|', ...rows].join('\n');
}
/** Tests that passed after failing, with their attempts (or only how many there were). */
function flakySection(flaky, view) {
    if (flaky.length === 0)
        return '';
    const { detail } = view;
    const shown = flaky.slice(0, detail.flaky);
    const more = flaky.length - shown.length;
    if (more > 0)
        view.leftOut.add(countOf(more, shown.length > 0 ? 'more flaky test' : 'flaky test'));
    if (shown.length === 0)
        return '';
    if (!detail.flakyAttempts)
        view.leftOut.add('the flaky tests’ attempts');
    const rows = shown.map((test) => {
        const attempts = attemptsOf(test);
        const name = markdownText(testTitle(test));
        if (!detail.flakyAttempts)
            return `| ${name} | ${attempts.length} |`;
        const runs = attempts.map((a) => `${STATUS_ICONS[a.status]} ${(0,model_run/* formatDuration */.a3)(a.durationMs)}`);
        const failed = attempts.find((a) => a.status === 'failed' || a.status === 'errored');
        const why = failed ? markdownText(view_messageOf(failed) ?? '', 200) : '';
        return `| ${name} | ${runs.join(' → ')} | ${why} |`;
    });
    const header = detail.flakyAttempts
        ? ['| Test | Attempts | First failure |', '|---|---|---|']
        : ['| Test | Attempts |', '|---|---:|'];
    return [
        '### Flaky tests',
        'Passed after failing (counted as passed).',
        [...header, ...rows].join('\n'),
        more > 0 && shown.length > 0 ? `… and ${formatCount(more)} more flaky tests.` : '',
    ]
        .filter(Boolean)
        .join('\n\n');
}
function slowestSection(selection, view) {
    const shown = selection.slowest.slice(0, view.detail.slowest);
    if (shown.length < selection.slowest.length)
        view.leftOut.add('the slowest tests');
    if (shown.length === 0)
        return '';
    const rows = shown.map((test) => `| ${markdownText(testTitle(test))} | ${STATUS_ICONS[test.status]} ${test.status} | ${(0,model_run/* formatDuration */.a3)(test.durationMs)} |`);
    return [
        `### Slowest tests`,
        ['| Test | Status | Duration |', '|---|---|---:|', ...rows].join('\n'),
    ].join('\n\n');
}
/** Result and coverage files that could not be read, or were left out as stale. */
function inputFilesSection(files, view) {
    const notable = files.filter((file) => file.status === 'error' || file.status === 'stale');
    const shown = notable.slice(0, view.detail.inputFiles);
    const more = notable.length - shown.length;
    if (more > 0)
        view.leftOut.add(countOf(more, shown.length > 0 ? 'more report file' : 'report file'));
    if (shown.length === 0)
        return '';
    const rows = shown.map((file) => `| ${markdownText(file.path)} | ${file.status === 'error' ? '⚠️ not read' : 'stale'} | ${markdownText(file.reason ?? '', 500)} |`);
    return [
        '### Report files',
        ['| File | Status | Reason |', '|---|---|---|', ...rows].join('\n'),
        more > 0 ? `… and ${formatCount(more)} more.` : '',
    ]
        .filter(Boolean)
        .join('\n\n');
}
const SERVICE_STATUS = {
    healthy: '✅ healthy',
    unhealthy: '❌ not healthy',
    failed: '❌ failed',
};
function servicesSection(services) {
    if (services.length === 0)
        return '';
    const rows = services.map((service) => {
        const ready = service.healthyAfterMs === undefined ? '' : (0,model_run/* formatDuration */.a3)(service.healthyAfterMs);
        const ports = Object.entries(service.endpoint?.ports ?? {})
            .map(([container, host]) => `${container}→${host}`)
            .join(', ');
        const reason = markdownWithCode(service.reason ?? '', 500);
        return `| ${markdownText(service.name)} | ${markdownText(service.image)} | ${SERVICE_STATUS[service.status]} | ${ready} | ${ports} | ${reason} |`;
    });
    return [
        '### Services',
        [
            '| Service | Image | Status | Healthy after | Ports | Reason |',
            '|---|---|---|---:|---|---|',
            ...rows,
        ].join('\n'),
    ].join('\n\n');
}
function leftOutIf(view, condition, what) {
    if (condition)
        view.leftOut.add(what);
    return '';
}
/** 1048576 -> "1 MiB". */
function formatBytes(bytes) {
    if (bytes % (1024 * 1024) === 0)
        return `${bytes / (1024 * 1024)} MiB`;
    if (bytes % 1024 === 0)
        return `${bytes / 1024} KiB`;
    return `${formatCount(bytes)} bytes`;
}

;// CONCATENATED MODULE: ./src/render/comment.ts
/**
 * The pull-request comment's body, fitted to GitHub's 65,536 characters with room for the
 * publisher's hidden marker line (which this body does not include): conclusion, counts,
 * coverage and links first, then failures first. Pure.
 */







const comment_FULL = {
    failures: 20,
    failureRows: 30,
    messageChars: 1000,
    detailsChars: 3000,
    outputChars: 2000,
    flaky: 20,
    flakyAttempts: true,
    slowest: 0,
    services: false,
    coverageFiles: 20,
    coverageRanges: 10,
    unmapped: 0,
    inputFiles: 20,
    problems: 20,
    problemChars: 1000,
};
const comment_LISTS = {
    ...comment_FULL,
    failureRows: 10,
    flakyAttempts: false,
    coverageFiles: 10,
    coverageRanges: 5,
    inputFiles: 10,
};
const comment_SHORT = { ...comment_LISTS, messageChars: 300, detailsChars: 1000, outputChars: 500 };
const comment_FEWER = {
    ...comment_SHORT,
    failures: 5,
    failureRows: 0,
    detailsChars: 300,
    outputChars: 0,
    flaky: 5,
};
const comment_COUNTS = {
    ...comment_FEWER,
    failures: 0,
    flaky: 0,
    coverageFiles: 0,
    inputFiles: 0,
    problemChars: 300,
};
/**
 * The comment's levels of detail, fullest first, as the summary's: long lists, then shorter
 * texts, then fewer failures, then only counts and problems. No services or slowest tests: the
 * problems name a service that failed, and the summary has the rest.
 */
const COMMENT_STEPS = [comment_FULL, comment_LISTS, comment_SHORT, comment_FEWER, comment_COUNTS];
function renderComment(report, options = {}) {
    const limit = options.limitChars ?? COMMENT_LIMIT_CHARS - COMMENT_MARKER_CHARS;
    const limitText = `GitHub's limit of 65,536 characters for a comment`;
    const runUrl = options.runUrl ?? runUrlOf(report);
    const fullReportUrl = options.artifactUrl ?? runUrl;
    const selection = selectTests(report.tests, 0);
    return fitInSteps(COMMENT_STEPS, (detail, index) => {
        const view = createView(detail);
        const changedLines = report.coverage
            ? renderChangedLines(report.coverage, report.context, view)
            : '';
        const body = [
            ...failureBlocks(selection.failures, view, fullReportUrl),
            flakySection(selection.flaky, view),
            changedLines ? `### Changed lines\n\n${changedLines}` : '',
            inputFilesSection(report.inputFiles, view),
        ];
        return [
            titleLine(report),
            [countsLine(report), coverageLine(report, options.baseCoverage)]
                .filter(Boolean)
                .join(' · '),
            links(runUrl, options.artifactUrl),
            problemsList(report, view),
            leftOutNote(view, index > 0 ? limitText : undefined, fullReportUrl),
            ...body,
        ];
    }, { limit, measure: utf16Units }, cutNote(limitText, fullReportUrl));
}
/** "18 tests: 14 passed (2 flaky), 2 failed, 1 errored, 1 skipped in 12.4s". */
function countsLine(report) {
    const t = report.totals;
    if (t.tests === 0)
        return 'No test results.';
    const n = formatCount;
    const parts = [
        `${n(t.passed)} passed${t.flaky > 0 ? ` (${n(t.flaky)} flaky)` : ''}`,
        t.failed > 0 ? `${n(t.failed)} failed` : '',
        t.errored > 0 ? `${n(t.errored)} errored` : '',
        t.skipped > 0 ? `${n(t.skipped)} skipped` : '',
    ].filter(Boolean);
    return `**${countOf(t.tests, 'test')}**: ${parts.join(', ')} in ${(0,model_run/* formatDuration */.a3)(t.durationMs)}`;
}
/**
 * "Line coverage **81.20%** (+1.30 vs. 79.90% on the base branch)". The delta is taken between
 * the two values as shown (cut to two decimals), so that the numbers add up on the page.
 */
function coverageLine(report, base) {
    const lines = (0,model_coverage/* percentOf */.pR)(report.coverage?.project.totals.lines);
    if (lines === undefined)
        return '';
    let delta = '';
    if (base?.lines !== undefined) {
        const hundredths = Math.floor(lines * 100) - Math.floor(base.lines * 100);
        const sign = hundredths > 0 ? '+' : hundredths < 0 ? '−' : '±';
        delta = ` (${sign}${(Math.abs(hundredths) / 100).toFixed(2)} vs. ${(0,model_run/* formatPercent */.l9)(base.lines)} on the base branch)`;
    }
    const changed = report.coverage?.changedLines?.diffCoverage;
    const changedPart = changed === undefined ? '' : ` · changed lines **${(0,model_run/* formatPercent */.l9)(changed)}**`;
    return `line coverage **${(0,model_run/* formatPercent */.l9)(lines)}**${delta}${changedPart}`;
}
function links(runUrl, artifactUrl) {
    return [
        runUrl ? `[Workflow run](${linkTarget(runUrl)})` : '',
        artifactUrl ? `[HTML report](${linkTarget(artifactUrl)})` : '',
    ]
        .filter(Boolean)
        .join(' · ');
}
/** `<server>/<owner>/<repo>/actions/runs/<id>[/attempts/<n>]`, when the context names the run. */
function runUrlOf(report) {
    const { serverUrl, repository, runId, runAttempt } = report.context;
    if (!repository || !runId)
        return undefined;
    const attempt = runAttempt && runAttempt !== '1' ? `/attempts/${runAttempt}` : '';
    return `${serverUrl}/${repository}/actions/runs/${runId}${attempt}`;
}

;// CONCATENATED MODULE: ./src/render/html/styles.ts
/**
 * The HTML report's style sheet, inlined in one `<style>` element that the page's
 * Content-Security-Policy allows by its hash. Rows of the virtual lists have a fixed height
 * (ROW_HEIGHT_PX, which the script shares): only the rows on screen exist.
 */
const ROW_HEIGHT_PX = 28;
const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --pass: #1a7f37; --fail: #cf222e; --error: #bc4c00; --skip: #6e7781;
  --flaky: #9a6700; --hover: #eaeef2; --selected: #ddf4ff;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --accent: #4493f8; --pass: #3fb950; --fail: #f85149; --error: #db6d28; --skip: #9198a1;
    --flaky: #d29922; --hover: #1f2630; --selected: #11284a;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45;
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
}
a { color: var(--accent); }
header, main, nav { max-width: 1280px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0; overflow-wrap: anywhere; }
pre {
  font: 12px/1.4 var(--mono); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 8px; margin: 6px 0; max-height: 24em; overflow: auto;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
button, select, input {
  font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 10px;
}
button { cursor: pointer; }
button[aria-pressed="true"] { background: var(--selected); border-color: var(--accent); }
.muted { color: var(--muted); }
.conclusion { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; }
.conclusion.success { background: var(--pass); }
.conclusion.failure { background: var(--fail); }
.conclusion.timed_out, .conclusion.cancelled { background: var(--skip); }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0; color: var(--muted); }
.facts span { overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; padding: 0; }
.counts div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 88px; }
.counts dt { font-size: 12px; color: var(--muted); }
.counts dd { margin: 0; font-size: 20px; font-weight: 600; }
.problems { color: var(--fail); }
nav { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line); z-index: 2; }
nav a { display: inline-block; padding: 8px 10px 8px 0; margin-right: 8px; text-decoration: none; }
.badge { display: inline-block; min-width: 64px; font-size: 12px; font-weight: 600; }
.passed .badge, .badge.passed { color: var(--pass); }
.failed .badge, .badge.failed { color: var(--fail); }
.errored .badge, .badge.errored { color: var(--error); }
.skipped .badge, .badge.skipped { color: var(--skip); }
.badge.flaky { color: var(--flaky); }
td .badge { min-width: 0; margin-right: 4px; }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.failure.errored { border-left-color: var(--error); }
.failure .meta { margin: 2px 0; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 14px; }
summary { cursor: pointer; color: var(--muted); }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.controls input[type="search"] { min-width: 260px; flex: 1; }
.viewport {
  position: relative; max-height: min(60vh, 560px); overflow: auto; border: 1px solid var(--line);
  border-radius: 6px; contain: layout paint;
}
.spacer { position: relative; width: 100%; }
.vrow {
  position: absolute; left: 0; right: 0; top: 0; height: ${ROW_HEIGHT_PX}px; display: flex; align-items: center;
  gap: 10px; padding: 0 10px; white-space: nowrap; border-bottom: 1px solid var(--line); cursor: pointer;
}
.vrow:hover { background: var(--hover); }
.vrow.selected { background: var(--selected); }
.vrow.group { font-weight: 600; background: var(--panel); }
.vrow .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.vrow .where { flex: 0 1 32%; min-width: 0; overflow: hidden; text-overflow: ellipsis; color: var(--muted); font-family: var(--mono); font-size: 12px; }
.vrow .ms { flex: 0 0 72px; text-align: right; color: var(--muted); }
.vrow .path { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 12px; }
.vrow .pct { flex: 0 0 150px; display: flex; align-items: center; gap: 6px; }
.vrow .cnt { flex: 0 0 110px; text-align: right; color: var(--muted); }
.vrow .ranges { flex: 0 1 26%; min-width: 0; overflow: hidden; text-overflow: ellipsis; font-family: var(--mono); font-size: 12px; color: var(--muted); }
.vrow.head { cursor: default; font-weight: 600; color: var(--muted); background: var(--panel); position: sticky; }
.vrow.head button { border: 0; padding: 0; background: none; font-weight: 600; color: inherit; }
.bar { flex: 1; height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; min-width: 50px; }
.bar > span { display: block; height: 100%; background: var(--pass); }
.bar.mid > span { background: var(--flaky); }
.bar.low > span { background: var(--fail); }
.detail { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.detail:empty { display: none; }
.more { margin: 6px 0; }
.ok { color: var(--pass); }
.bad { color: var(--fail); }
`;

;// CONCATENATED MODULE: ./src/render/html/client-script.ts
/**
 * The HTML report's script: plain browser JavaScript (no build step, no library), inlined in one
 * `<script>` element that the page's Content-Security-Policy allows by its hash. It reads the
 * embedded JSON (report-data.ts) and builds the failures, the test list, the flaky and slowest
 * tests and the coverage table. Every untrusted text goes through textContent (or a property
 * such as `title`); links are built from the report's own GitHub URL and encoded paths.
 *
 * The test list and the coverage table are virtual: a spacer as tall as all rows, and only the
 * rows on screen (plus a few) exist, each ROW_HEIGHT_PX high, reused while scrolling.
 *
 * Written as text in a template literal: no backticks below, and no interpolation but the row
 * height.
 */

const CLIENT_SCRIPT = String.raw `
(function () {
  'use strict';
  var ROW = ${ROW_HEIGHT_PX};
  var PAGE = 50;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var T = data.tests;
  var N = T.name.length;
  var STATUS = { p: 'passed', f: 'failed', e: 'errored', s: 'skipped' };
  var LABEL = { p: 'passed', f: 'failed', e: 'error', s: 'skipped' };
  var details = pairs(data.details);
  var output = pairs(data.output);
  var attempts = pairs(data.attempts);
  var leftOut = new Set(data.textsLeftOut);
  var flakySet = new Uint8Array(N);
  data.flaky.forEach(function (i) { flakySet[i] = 1; });

  function pairs(list) {
    var map = new Map();
    for (var k = 0; k < list.length; k++) map.set(list[k][0], list[k][1]);
    return map;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var k = 1; k < arguments.length; k++) if (arguments[k]) parent.appendChild(arguments[k]);
    return parent;
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  function plural(n, noun) { return count(n) + ' ' + noun + (n === 1 ? '' : 's'); }
  function duration(ms) {
    if (ms < 1000) return Math.round(ms) + 'ms';
    if (ms < 60000) return Number((ms / 1000).toFixed(1)) + 's';
    var s = Math.round(ms / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return [h ? h + 'h' : '', m ? m + 'm' : '', s % 60 ? (s % 60) + 's' : ''].filter(Boolean).join(' ');
  }
  function percent(pair) {
    return pair && pair[1] > 0 ? (100 * pair[0]) / pair[1] : -1;
  }
  function percentText(p) { return p < 0 ? 'n/a' : (Math.floor(p * 100) / 100).toFixed(2) + '%'; }
  function bar(p) {
    var outer = el('span', 'bar' + (p < 50 ? ' low' : p < 80 ? ' mid' : ''));
    var inner = el('span');
    inner.style.width = Math.max(0, p) + '%';
    return add(outer, inner);
  }

  function code(i) { return T.status.charAt(i); }
  function suiteOf(i) { return data.suites[T.suite[i]]; }
  function titleOf(i) {
    var suite = suiteOf(i), name = T.name[i];
    var title = suite ? suite + ' \u203a ' + name : name;
    return title.trim() ? title : '(unnamed test)';
  }
  function whereOf(i) {
    var f = T.file[i];
    if (f < 0) return '';
    return data.files[f] + (T.line[i] ? ':' + T.line[i] : '');
  }
  function messageOf(i) { return T.message[i] < 0 ? '' : data.messages[T.message[i]]; }
  function badge(c, flaky) {
    return el('span', 'badge ' + (flaky ? 'flaky' : STATUS[c]), flaky ? 'flaky' : LABEL[c]);
  }
  /** The test's file and line, linked to GitHub where the report's commit is known. */
  function location(i) {
    var where = whereOf(i);
    if (!where) return null;
    var link = data.blobUrl && data.fileLinks[T.file[i]];
    if (!link) return el('span', 'where', where);
    var a = el('a', 'where', where);
    a.href = data.blobUrl + link + (T.line[i] ? '#L' + T.line[i] : '');
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function block(summary, text, open) {
    if (!text) return null;
    var d = el('details');
    d.open = !!open;
    return add(d, el('summary', null, summary), el('pre', null, text));
  }
  function leftOutNote(i) {
    return leftOut.has(i)
      ? el('p', 'muted', 'Part of this test\u2019s stack trace or output was left out to keep the file small; report.json has all of it.')
      : null;
  }
  function attemptsText(i) {
    var list = attempts.get(i);
    return list ? plural(list.length + 1, 'attempt') : '';
  }

  /** A list shown a page at a time, with a button for the next page. */
  function paged(host, button, total, render) {
    var shown = 0;
    function next() {
      var end = Math.min(total, shown + PAGE);
      var fragment = document.createDocumentFragment();
      for (; shown < end; shown++) fragment.appendChild(render(shown));
      host.appendChild(fragment);
      button.hidden = shown >= total;
      button.textContent = 'Show ' + count(Math.min(PAGE, total - shown)) + ' more (' + count(total - shown) + ' left)';
    }
    button.addEventListener('click', next);
    next();
  }

  // Failures: message, stack trace and output, a page at a time.
  function failureCard(i) {
    var c = code(i);
    var card = el('article', 'failure ' + STATUS[c]);
    card.id = 'failure-' + i;
    add(card, add(el('h3'), badge(c), el('span', 'title', titleOf(i))));
    add(card, add(el('p', 'meta'), location(i), el('span', null, duration(T.ms[i])),
      attemptsText(i) ? el('span', null, attemptsText(i)) : null));
    add(card, el('pre', 'message', messageOf(i) || '(no message)'));
    add(card, block('Stack trace', details.get(i), true), block('Output', output.get(i), i < 10));
    add(card, leftOutNote(i));
    return card;
  }
  if ($('failure-list')) paged($('failure-list'), $('failures-more'), data.failures, failureCard);

  // A virtual list: only the rows on screen exist, reused while scrolling.
  function virtualList(viewport, render) {
    var spacer = el('div', 'spacer');
    viewport.appendChild(spacer);
    var pool = [];
    var total = 0;
    var pending = false;
    function draw() {
      pending = false;
      var top = viewport.scrollTop;
      var height = viewport.clientHeight || 600;
      var first = Math.max(0, Math.floor(top / ROW) - 8);
      var last = Math.min(total, Math.ceil((top + height) / ROW) + 8);
      var n = Math.max(0, last - first);
      while (pool.length < n) {
        var row = el('div', 'vrow');
        row.tabIndex = 0;
        row.setAttribute('role', 'row');
        spacer.appendChild(row);
        pool.push(row);
      }
      for (var k = 0; k < pool.length; k++) {
        var r = pool[k];
        if (k < n) {
          r.hidden = false;
          r.style.transform = 'translateY(' + (first + k) * ROW + 'px)';
          r.dataset.row = String(first + k);
          render(r, first + k);
        } else {
          r.hidden = true;
          r.removeAttribute('data-row');
        }
      }
    }
    viewport.addEventListener('scroll', function () {
      if (!pending) { pending = true; requestAnimationFrame(draw); }
    });
    return {
      set: function (n) {
        total = n;
        spacer.style.height = n * ROW + 'px';
        draw();
      },
      draw: draw,
      top: function () { viewport.scrollTop = 0; },
    };
  }
  function rowOf(event) {
    var node = event.target;
    while (node && node !== event.currentTarget) {
      if (node.dataset && node.dataset.row !== undefined) return Number(node.dataset.row);
      node = node.parentNode;
    }
    return -1;
  }

  // All tests: filter, search, sort, group.
  var state = { filter: 'all', query: '', sort: 'default', group: 'none' };
  var collapsed = new Set();
  var orders = {};
  var lower = null;
  var rows = new Int32Array(0);
  var groups = [];
  var selected = -1;
  var testList = virtualList($('tests-viewport'), renderTestRow);

  function matchesFilter(i) {
    var c = code(i);
    switch (state.filter) {
      case 'failed': return c === 'f' || c === 'e';
      case 'passed': return c === 'p';
      case 'skipped': return c === 's';
      case 'flaky': return flakySet[i] === 1;
      default: return true;
    }
  }
  function haystack() {
    if (!lower) {
      lower = new Array(N);
      for (var i = 0; i < N; i++) lower[i] = (suiteOf(i) + ' \u203a ' + T.name[i]).toLowerCase();
    }
    return lower;
  }
  function order(kind) {
    if (kind === 'default') return null;
    if (orders[kind]) return orders[kind];
    var ms = T.ms;
    var list = new Array(N);
    for (var i = 0; i < N; i++) list[i] = i;
    if (kind === 'slowest') list.sort(function (a, b) { return ms[b] - ms[a] || a - b; });
    else if (kind === 'fastest') list.sort(function (a, b) { return ms[a] - ms[b] || a - b; });
    else {
      var names = T.name.map(function (n) { return n.toLowerCase(); });
      list.sort(function (a, b) {
        var x = names[a], y = names[b];
        return x < y ? -1 : x > y ? 1 : T.suite[a] - T.suite[b] || a - b;
      });
    }
    return (orders[kind] = Int32Array.from(list));
  }
  function update(keepScroll) {
    var ord = order(state.sort);
    var query = state.query.trim().toLowerCase();
    var hay = query ? haystack() : null;
    var matched = new Int32Array(N);
    var n = 0;
    for (var k = 0; k < N; k++) {
      var i = ord ? ord[k] : k;
      if (!matchesFilter(i)) continue;
      if (hay && hay[i].indexOf(query) < 0) continue;
      matched[n++] = i;
    }
    matched = matched.subarray(0, n);
    rows = state.group === 'none' ? matched : grouped(matched);
    var label = $('tests-count');
    label.dataset.shown = String(n);
    label.textContent = 'Showing ' + count(n) + ' of ' + plural(N, 'test') +
      (state.group === 'none' ? '' : ' in ' + plural(groups.length, 'group'));
    if (!keepScroll) testList.top();
    testList.set(rows.length);
  }
  function grouped(matched) {
    var bySuite = state.group === 'suite';
    var column = bySuite ? T.suite : T.file;
    var index = new Map();
    var members = [];
    groups = [];
    for (var k = 0; k < matched.length; k++) {
      var i = matched[k];
      var key = column[i];
      var g = index.get(key);
      if (g === undefined) {
        g = groups.length;
        index.set(key, g);
        var label = key < 0 ? '(no file)' : (bySuite ? data.suites : data.files)[key] || '(no suite)';
        groups.push({ key: state.group + ':' + key, label: label, count: 0, failed: 0, ms: 0 });
        members.push([]);
      }
      var group = groups[g];
      group.count++;
      group.ms += T.ms[i];
      var c = code(i);
      if (c === 'f' || c === 'e') group.failed++;
      members[g].push(i);
    }
    var total = groups.length;
    for (g = 0; g < groups.length; g++) if (!collapsed.has(groups[g].key)) total += members[g].length;
    var out = new Int32Array(total);
    var at = 0;
    for (g = 0; g < groups.length; g++) {
      out[at++] = -(g + 1);
      if (collapsed.has(groups[g].key)) continue;
      out.set(members[g], at);
      at += members[g].length;
    }
    return out;
  }
  function renderTestRow(row, r) {
    var v = rows[r];
    row.textContent = '';
    if (v < 0) {
      var group = groups[-v - 1];
      var closed = collapsed.has(group.key);
      row.className = 'vrow group';
      row.setAttribute('aria-expanded', String(!closed));
      row.title = group.label;
      add(row, el('span', 'toggle', closed ? '\u25b8' : '\u25be'), el('span', 'name', group.label),
        el('span', 'cnt' + (group.failed ? ' bad' : ''), group.failed ? count(group.failed) + ' failed' : ''),
        el('span', 'cnt', plural(group.count, 'test')), el('span', 'ms', duration(group.ms)));
      return;
    }
    var c = code(v);
    row.className = 'vrow test ' + STATUS[c] + (v === selected ? ' selected' : '');
    row.removeAttribute('aria-expanded');
    var title = state.group === 'suite' ? T.name[v] : titleOf(v);
    row.title = titleOf(v);
    add(row, badge(c, flakySet[v] === 1), el('span', 'name', title), el('span', 'where', whereOf(v)),
      el('span', 'ms', duration(T.ms[v])));
  }
  function activate(r) {
    if (r < 0) return;
    var v = rows[r];
    if (v < 0) {
      var key = groups[-v - 1].key;
      if (collapsed.has(key)) collapsed.delete(key); else collapsed.add(key);
      update(true);
      return;
    }
    selected = v;
    testList.draw();
    showTest(v);
  }
  $('tests-viewport').addEventListener('click', function (event) { activate(rowOf(event)); });
  $('tests-viewport').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(rowOf(event)); }
  });
  function showTest(i) {
    var host = $('test-detail');
    host.textContent = '';
    var c = code(i);
    add(host, add(el('h3'), badge(c, flakySet[i] === 1), el('span', 'title', titleOf(i))));
    add(host, add(el('p', 'meta muted'), location(i), el('span', null, ' ' + duration(T.ms[i])),
      attemptsText(i) ? el('span', null, ' \u00b7 ' + attemptsText(i)) : null));
    if (messageOf(i)) add(host, el('pre', 'message', messageOf(i)));
    add(host, block('Stack trace', details.get(i), true), block('Output', output.get(i), true));
    var list = attempts.get(i);
    if (list) {
      var table = add(el('table'), add(el('tr'), el('th', null, 'Attempt'), el('th', null, 'Status'),
        el('th', 'num', 'Duration'), el('th', null, 'Message')));
      list.concat([[c, T.ms[i], T.message[i]]]).forEach(function (a, k) {
        add(table, add(el('tr'), el('td', null, String(k + 1)), add(el('td'), badge(a[0])),
          el('td', 'num', duration(a[1])), el('td', null, a[2] < 0 ? '' : data.messages[a[2]])));
      });
      add(host, table);
    }
    add(host, leftOutNote(i));
  }
  function pressed(container, attribute, value) {
    var buttons = container.querySelectorAll('button');
    for (var k = 0; k < buttons.length; k++)
      buttons[k].setAttribute('aria-pressed', String(buttons[k].getAttribute(attribute) === value));
  }
  $('test-filters').addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) return;
    state.filter = button.getAttribute('data-filter');
    pressed($('test-filters'), 'data-filter', state.filter);
    update(false);
  });
  var searchTimer = 0;
  $('test-search').addEventListener('input', function (event) {
    clearTimeout(searchTimer);
    var value = event.target.value;
    searchTimer = setTimeout(function () { state.query = value; update(false); }, 60);
  });
  $('test-sort').addEventListener('change', function (event) { state.sort = event.target.value; update(false); });
  $('test-group').addEventListener('change', function (event) { state.group = event.target.value; update(false); });
  update(false);

  // Flaky and slowest tests.
  function flakyRow(k) {
    var i = data.flaky[k];
    var runs = (attempts.get(i) || []).concat([[code(i), T.ms[i], T.message[i]]]);
    var firstFailure = runs.filter(function (a) { return a[0] === 'f' || a[0] === 'e'; })[0];
    var sequence = el('td');
    runs.forEach(function (a, n) {
      if (n) add(sequence, document.createTextNode(' \u2192 '));
      add(sequence, badge(a[0]), document.createTextNode(duration(a[1])));
    });
    return add(el('tr'), el('td', null, titleOf(i)), sequence,
      el('td', null, firstFailure && firstFailure[2] >= 0 ? data.messages[firstFailure[2]] : ''));
  }
  if ($('flaky-rows')) paged($('flaky-rows'), $('flaky-more'), data.flaky.length, flakyRow);
  if ($('slowest-rows')) {
    data.slowest.forEach(function (i) {
      add($('slowest-rows'), add(el('tr'), el('td', null, titleOf(i)),
        add(el('td'), badge(code(i))), el('td', 'num', duration(T.ms[i]))));
    });
  }

  // Coverage per file: a virtual table, sortable by its columns, filtered by path.
  var cov = data.coverage && data.coverage.files;
  if (cov && $('coverage-viewport')) {
    var covState = { sort: 'path', descending: false, query: '' };
    var covRows = new Int32Array(0);
    var covList = virtualList($('coverage-viewport'), function (row, r) {
      var f = covRows[r];
      row.textContent = '';
      row.className = 'vrow file';
      row.title = cov.path[f];
      var p = percent(cov.lines[f]);
      add(row, el('span', 'path', cov.path[f]), add(el('span', 'pct'), bar(p), el('span', null, percentText(p))),
        el('span', 'cnt', cov.lines[f] ? count(cov.lines[f][0]) + ' / ' + count(cov.lines[f][1]) : ''),
        el('span', 'cnt', percentText(percent(cov.branches[f]))),
        el('span', 'cnt', percentText(percent(cov.functions[f]))),
        el('span', 'ranges', cov.uncovered[f]));
    });
    var covKey = {
      path: function (f) { return cov.path[f]; },
      lines: function (f) { return percent(cov.lines[f]); },
      missed: function (f) { return cov.lines[f] ? cov.lines[f][1] - cov.lines[f][0] : -1; },
      branches: function (f) { return percent(cov.branches[f]); },
      functions: function (f) { return percent(cov.functions[f]); },
    };
    var covUpdate = function () {
      var key = covKey[covState.sort];
      var query = covState.query.trim().toLowerCase();
      var list = [];
      for (var f = 0; f < cov.path.length; f++)
        if (!query || cov.path[f].toLowerCase().indexOf(query) >= 0) list.push(f);
      var sign = covState.descending ? -1 : 1;
      list.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -sign : x > y ? sign : 0) || a - b;
      });
      covRows = Int32Array.from(list);
      var label = $('coverage-count');
      label.dataset.shown = String(list.length);
      label.textContent = 'Showing ' + count(list.length) + ' of ' + plural(cov.path.length, 'file');
      pressed($('coverage-head'), 'data-sort', covState.sort);
      covList.set(covRows.length);
    };
    $('coverage-head').addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (!button) return;
      var sort = button.getAttribute('data-sort');
      covState.descending = covState.sort === sort ? !covState.descending : sort === 'missed';
      covState.sort = sort;
      covUpdate();
    });
    $('coverage-search').addEventListener('input', function (event) {
      covState.query = event.target.value;
      covUpdate();
    });
    covUpdate();
  }
  document.documentElement.dataset.ready = 'true';
})();
`;

;// CONCATENATED MODULE: ./src/render/annotations.ts



/**
 * One annotation per failed or errored test (of a report redacted with redactReport) that has a file and a line (the others appear in
 * the summary), most important first: errored before failed (a crash often explains the
 * failures after it), then by path, line and title.
 */
function annotationsFor(report, options = {}) {
    const repositoryPath = options.repositoryPath ?? relativePath;
    const located = selectTests(report.tests, 0).failures.flatMap((test) => {
        const path = test.file && test.line && test.line > 0 ? repositoryPath(test.file) : undefined;
        return path ? [{ ...test, file: path, line: test.line }] : [];
    });
    return located.sort(compareFailures).map((test) => ({
        path: test.file,
        startLine: test.line,
        endLine: test.line,
        level: 'failure',
        title: cutText(`${test.status === 'errored' ? 'Error' : 'Failed'}: ${testTitle(test)}`.replace(/\s+/g, ' '), CHECKS_TITLE_CHARS),
        message: cutToBytes(view_messageOf(test) ?? `Test ${test.status}.`, CHECKS_FIELD_BYTES),
        ...(test.details?.trim() ? { rawDetails: cutToBytes(test.details, CHECKS_FIELD_BYTES) } : {}),
    }));
}
/** `src/a.ts`, `./src/a.ts`, `src\a.ts` -> `src/a.ts`; absolute or `../` paths -> undefined. */
function relativePath(file) {
    const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (/^(\/|[a-z]:\/|\.\.(\/|$))/i.test(path))
        return undefined;
    return path;
}
const LEVEL_RANK = { failure: 0, warning: 1, notice: 2 };
/**
 * The `count` most important annotations, for where only a few are shown (GitHub shows ten
 * errors per step): by level, then one per file before a second of any file, so ten failures
 * in one file do not hide the other files; in their given order otherwise. Returned in that
 * order of importance.
 */
function mostImportant(annotations, count = 10) {
    const seenPerFile = new Map();
    const ranked = annotations.map((annotation, index) => {
        const nth = seenPerFile.get(annotation.path) ?? 0;
        seenPerFile.set(annotation.path, nth + 1);
        return { annotation, index, nth };
    });
    return ranked
        .sort((a, b) => LEVEL_RANK[a.annotation.level] - LEVEL_RANK[b.annotation.level] ||
        a.nth - b.nth ||
        a.index - b.index)
        .slice(0, Math.max(0, count))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.annotation);
}
const COMMANDS = {
    failure: 'error',
    warning: 'warning',
    notice: 'notice',
};
/**
 * The annotation as a workflow command, as @actions/core writes one (`core.error(message,
 * { title, file, startLine, endLine })`): `::error title=...,file=...,line=...,endLine=...::message`,
 * properties and message escaped by the toolkit's rules.
 */
function workflowCommand(annotation) {
    const properties = [
        ['title', annotation.title],
        ['file', annotation.path],
        ['line', String(annotation.startLine)],
        ['endLine', String(annotation.endLine)],
    ]
        .filter(([, value]) => value)
        .map(([key, value]) => `${key}=${escapeCommandProperty(value)}`);
    return `::${COMMANDS[annotation.level]} ${properties.join(',')}::${escapeCommandData(annotation.message)}`;
}

;// CONCATENATED MODULE: ./src/render/html/report-data.ts
/**
 * The data the HTML report's script reads, built from a (redacted) RunReport: columnar arrays,
 * one entry per test, with string tables for suites, files and messages, so that a
 * 100,000-test run embeds in a few megabytes and the browser parses it at once. Pure.
 */





/** One character per test status in `ReportData.tests.status`. */
const STATUS_CODES = {
    passed: 'p',
    failed: 'f',
    errored: 'e',
    skipped: 's',
};
/** Names, suites, paths and messages are cut to this many characters. */
const TEXT_CHARS = {
    name: 1000,
    message: 4000,
};
/** The tests in the order the page lists them: failures first, then the report's order. */
function orderTests(report, slowest) {
    const selection = selectTests(report.tests, slowest);
    if (selection.failures.length === 0)
        return { ordered: report.tests, selection };
    const ordered = selection.failures.slice();
    for (const test of report.tests) {
        if (test.status !== 'failed' && test.status !== 'errored')
            ordered.push(test);
    }
    return { ordered, selection };
}
function buildReportData(report, options) {
    const { ordered, selection } = orderTests(report, options.slowest);
    const suites = new StringTable();
    const files = new StringTable();
    const messages = new StringTable();
    const count = ordered.length;
    const name = new Array(count);
    const suite = new Array(count);
    const file = new Array(count);
    const line = new Array(count);
    const ms = new Array(count);
    const message = new Array(count);
    const status = new Array(count);
    const details = [];
    const output = [];
    const attempts = [];
    const textsLeftOut = [];
    let budget = options.textBudgetChars;
    /** Keeps a text while the budget lasts; false when it had to be left out. */
    const keep = (into, index, text, tail) => {
        if (!text?.trim())
            return true;
        const kept = cutText(text, options.textChars, tail ? 'tail' : 'head');
        if (kept.length > budget)
            return false;
        budget -= kept.length;
        into.push([index, kept]);
        return true;
    };
    // The places of the few tests listed again by place (flaky, slowest), not of all 100,000.
    const index = new Map();
    const listed = new Set([...selection.flaky, ...selection.slowest]);
    ordered.forEach((test, i) => {
        if (listed.has(test))
            index.set(test, i);
        name[i] = cutText(test.name, TEXT_CHARS.name);
        suite[i] = suites.add(cutText(test.suite, TEXT_CHARS.name));
        file[i] = test.file ? files.add(cutText(test.file, TEXT_CHARS.name)) : -1;
        line[i] = test.line && test.line > 0 ? Math.floor(test.line) : 0;
        ms[i] = wholeMs(test.durationMs);
        status[i] = STATUS_CODES[test.status];
        message[i] = test.message?.trim()
            ? messages.add(cutText(test.message, TEXT_CHARS.message))
            : -1;
        const keptDetails = keep(details, i, test.details, false);
        const keptOutput = keep(output, i, test.output, true);
        if (!keptDetails || !keptOutput)
            textsLeftOut.push(i);
        if (test.retries.length > 0) {
            attempts.push([
                i,
                test.retries.map((attempt) => [
                    STATUS_CODES[attempt.status],
                    wholeMs(attempt.durationMs),
                    attempt.message?.trim() ? messages.add(cutText(attempt.message, TEXT_CHARS.message)) : -1,
                ]),
            ]);
        }
    });
    const blob = githubUrl(report.context, 'blob', report.context.sha);
    const blobUrl = blob && `${blob}/`;
    return {
        version: 1,
        tests: { name, suite, file, line, ms, status: status.join(''), message },
        suites: suites.values,
        files: files.values,
        fileLinks: files.values.map((path) => {
            const relative = blobUrl ? relativePath(path) : undefined;
            return relative ? encodePath(relative) : 0;
        }),
        messages: messages.values,
        failures: selection.failures.length,
        flaky: selection.flaky.map((test) => index.get(test)),
        slowest: selection.slowest.map((test) => index.get(test)),
        details,
        output,
        attempts,
        textsLeftOut,
        ...(blobUrl ? { blobUrl } : {}),
        ...(report.coverage ? { coverage: coverageData(report) } : {}),
    };
}
function coverageData(report) {
    const files = report.coverage.project.files;
    const pair = (counts) => counts ? [counts.covered, counts.total] : 0;
    return {
        files: {
            path: files.map((file) => file.path),
            lines: files.map((file) => pair(file.totals.lines)),
            branches: files.map((file) => pair(file.totals.branches)),
            functions: files.map((file) => pair(file.totals.functions)),
            uncovered: files.map((file) => formatLineRanges(neverRunRanges(file.lines))),
        },
    };
}
/**
 * `<server>/<repo>/<kind>/<ref>` on GitHub, when the context names the repository and the
 * server URL is http(s); undefined otherwise.
 */
function githubUrl(context, kind, ref) {
    const base = repositoryUrl(context);
    return base && ref ? `${base}/${kind}/${encodePathSegment(ref)}` : undefined;
}
/** `<server>/<owner>/<repo>`, when the server URL is http(s) and the repository is named. */
function repositoryUrl(context) {
    if (!context.repository)
        return undefined;
    let server;
    try {
        server = new URL(context.serverUrl);
    }
    catch {
        return undefined;
    }
    if (server.protocol !== 'https:' && server.protocol !== 'http:')
        return undefined;
    return `${server.origin}${server.pathname.replace(/\/+$/, '')}/${encodePath(context.repository)}`;
}
/** A relative path with each segment URL-encoded. */
function wholeMs(ms) {
    return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}
/** Distinct strings, each stored once, by first appearance. */
class StringTable {
    values = [];
    #index = new Map();
    /** Tests of one suite and file come one after another: the last value is checked first. */
    #last;
    #lastIndex = -1;
    add(value) {
        if (value === this.#last)
            return this.#lastIndex;
        let index = this.#index.get(value);
        if (index === undefined) {
            index = this.values.push(value) - 1;
            this.#index.set(value, index);
        }
        this.#last = value;
        this.#lastIndex = index;
        return index;
    }
}

;// CONCATENATED MODULE: ./src/render/html-report.ts
/**
 * The self-contained HTML report: one file, everything inline, no request to anywhere (a
 * Content-Security-Policy of `default-src 'none'` that allows only the page's own script and
 * style, by their SHA-256), so it works opened from a downloaded artifact.
 *
 * What is small and fixed (the header, coverage totals and changed lines, services, the input
 * files) is written here as escaped HTML; what is large and interactive (failures, the test
 * list, flaky and slowest tests, coverage per file) the script builds from the data embedded as
 * JSON (html/report-data.ts), with text APIs only. Takes the report redacted (redactReport).
 * Pure.
 */











/** The id of the `<script type="application/json">` element holding the report's data. */
const REPORT_DATA_ID = 'report-data';
const CONCLUSIONS = {
    success: 'Passed',
    failure: 'Failed',
    timed_out: 'Timed out',
    cancelled: 'Cancelled',
};
/** The report as one HTML document. */
function renderHtmlReport(report, options = {}) {
    return renderHtmlReportLines(report, options).join('\n');
}
/**
 * The report's lines, to be written one after another: a 100,000-test report is 11 MB, and
 * joining it first would hold it twice more (the joined text, then its bytes).
 */
function renderHtmlReportLines(report, options = {}) {
    const data = buildReportData(report, {
        textChars: options.textChars ?? 65_536,
        textBudgetChars: options.textBudgetChars ?? 8_000_000,
        slowest: options.slowest ?? 20,
    });
    const { totals } = report;
    const muted = (count) => ` <span class="muted">${formatCount(count)}</span>`;
    /** [id, the link in the bar, the heading, the body]; sections with no body are left out. */
    const sections = [
        [
            'failures',
            'Failures',
            `Failures${muted(totals.failed + totals.errored)}`,
            data.failures > 0
                ? '<div id="failure-list"></div><button type="button" id="failures-more" class="more" hidden></button>'
                : '',
        ],
        ['tests', 'Tests', 'Tests', testsSection(report)],
        [
            'flaky',
            'Flaky',
            `Flaky tests${muted(data.flaky.length)}`,
            data.flaky.length > 0
                ? '<p class="muted">Passed after failing (counted as passed).</p><table><thead><tr><th>Test</th><th>Attempts</th><th>First failure</th></tr></thead><tbody id="flaky-rows"></tbody></table><button type="button" id="flaky-more" class="more" hidden></button>'
                : '',
        ],
        [
            'slowest',
            'Slowest',
            'Slowest tests',
            data.slowest.length > 0
                ? '<table><thead><tr><th>Test</th><th>Status</th><th class="num">Duration</th></tr></thead><tbody id="slowest-rows"></tbody></table>'
                : '',
        ],
        ['coverage', 'Coverage', 'Coverage', report.coverage ? coverageSection(report) : ''],
        ['services', 'Services', 'Services', html_report_servicesSection(report.services, options)],
        ['files', 'Report files', 'Report files', html_report_inputFilesSection(report.inputFiles)],
    ];
    const shown = sections.filter(([, , , body]) => body !== '');
    return [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${html_report_text(`${report.name}: ${CONCLUSIONS[report.conclusion]}`)}</title>`,
        '<link rel="icon" href="data:,">',
        `<style>${STYLES}</style>`,
        '</head>',
        '<body>',
        header(report),
        `<nav aria-label="Sections">${shown.map(([id, link]) => `<a href="#${id}">${link}</a>`).join('')}</nav>`,
        '<main>',
        ...shown.map(([id, , heading, body]) => `<section id="${id}"><h2>${heading}</h2>\n${body}\n</section>`),
        '</main>',
        `<script type="application/json" id="${REPORT_DATA_ID}">`,
        ...embedJsonLines(data),
        '</script>',
        `<script>${CLIENT_SCRIPT}</script>`,
        '</body>',
        '</html>',
        '',
    ];
}
/**
 * `default-src 'none'`: no request of any kind; the one inline script and the one style
 * element are allowed by their SHA-256, images only as data: URIs (the empty favicon, so the
 * browser does not ask for one).
 */
function contentSecurityPolicy() {
    return [
        "default-src 'none'",
        `script-src '${sha256(CLIENT_SCRIPT)}'`,
        `style-src '${sha256(STYLES)}'`,
        'img-src data:',
        "base-uri 'none'",
        "form-action 'none'",
    ].join('; ');
}
/** CSP hash source of a text: `sha256-<base64 of the SHA-256 of its UTF-8>`. */
function sha256(source) {
    return `sha256-${(0,external_node_crypto_.createHash)('sha256').update(source, 'utf8').digest('base64')}`;
}
/**
 * JSON that cannot end its `<script>` element or open a comment in it: every `<` written as
 * `\u003c` (and U+2028/U+2029 escaped too, for any reader that takes it as JavaScript).
 * JSON.parse reads it back unchanged.
 */
function embedJson(value) {
    // String replacements, not one callback per match: stack traces are full of `<anonymous>`.
    let json = JSON.stringify(value);
    if (json.includes('<'))
        json = json.replaceAll('<', '\\u003c');
    if (json.includes('\u2028'))
        json = json.replaceAll('\u2028', '\\u2028');
    if (json.includes('\u2029'))
        json = json.replaceAll('\u2029', '\\u2029');
    return json;
}
/**
 * An object as embedJson writes it, one member a line (JSON allows the newlines between
 * them): written line by line, the largest piece held at once is one member, not the whole.
 */
function embedJsonLines(value) {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    return [
        '{',
        ...members.flatMap(([key, member], index) => [
            `${embedJson(key)}:`,
            embedJson(member),
            ...(index < members.length - 1 ? [','] : []),
        ]),
        '}',
    ];
}
/**
 * Untrusted text in HTML content or a quoted attribute value. Not escape.ts's escapeHtml: that
 * one writes text for GitHub's Markdown (one line, mentions broken up), and logs and stack
 * traces here keep their lines and characters as written.
 */
function html_report_text(value) {
    return value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}
function html_report_link(url, label) {
    return url
        ? `<a href="${html_report_text(url)}" target="_blank" rel="noopener noreferrer">${html_report_text(label)}</a>`
        : html_report_text(label);
}
function header(report) {
    const { context, totals, command } = report;
    const repository = repositoryUrl(context);
    const counts = [
        ['tests', 'Tests'],
        ['passed', 'Passed'],
        ['failed', 'Failed'],
        ['errored', 'Errored'],
        ['skipped', 'Skipped'],
        ['flaky', 'Flaky'],
    ];
    const run = repository && context.runId
        ? `${repository}/actions/runs/${encodeURIComponent(context.runId)}${context.runAttempt && context.runAttempt !== '1'
            ? `/attempts/${encodeURIComponent(context.runAttempt)}`
            : ''}`
        : undefined;
    const pullRequest = context.pullRequest;
    const facts = [
        context.sha
            ? `Commit ${html_report_link(githubUrl(context, 'commit', context.sha), context.sha.slice(0, 7))}`
            : '',
        context.ref ? `Branch ${html_report_text(branchOf(context.ref))}` : '',
        pullRequest && repository
            ? `Pull request ${html_report_link(`${repository}/pull/${pullRequest.number}`, `#${pullRequest.number}`)}`
            : '',
        run || context.runId
            ? `Run ${html_report_link(run, `#${context.runId}${context.runAttempt && context.runAttempt !== '1' ? ` (attempt ${context.runAttempt})` : ''}`)}`
            : '',
        context.workflow || context.job
            ? html_report_text([context.workflow, context.job].filter(Boolean).join(' / '))
            : '',
        command
            ? `Command <code>${html_report_text(cutText(command.command, 300))}</code> ${command.timedOut
                ? 'timed out'
                : command.cancelled
                    ? 'was cancelled'
                    : `exited with ${command.exitCode}`} after ${(0,model_run/* formatDuration */.a3)(command.durationMs)}`
            : 'Report only: no command was run',
        `Finished ${html_report_text(isoTime(report.finishedAt))}`,
    ].filter(Boolean);
    const problems = report.problems.length
        ? `<ul class="problems">${report.problems.map((p) => `<li>${html_report_text(cutText(p, 1000))}</li>`).join('')}</ul>`
        : '';
    return [
        '<header>',
        `<h1><span class="conclusion ${report.conclusion}" id="conclusion">${CONCLUSIONS[report.conclusion]}</span> ${html_report_text(report.name)}</h1>`,
        `<p id="headline">${html_report_text(headline(report))}</p>`,
        `<dl class="counts">${counts
            .map(([key, label]) => `<div><dt>${label}</dt><dd data-count="${key}">${formatCount(totals[key])}</dd></div>`)
            .join('')}<div><dt>Duration</dt><dd data-count="duration">${(0,model_run/* formatDuration */.a3)(totals.durationMs)}</dd></div></dl>`,
        `<div class="facts">${facts.map((fact) => `<span>${fact}</span>`).join('')}</div>`,
        problems,
        '</header>',
    ].join('\n');
}
/** `refs/heads/main` -> `main`, `refs/tags/v1` -> `v1`, `refs/pull/7/merge` -> itself. */
function branchOf(ref) {
    return ref.replace(/^refs\/(heads|tags)\//, '');
}
function isoTime(date) {
    return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function testsSection(report) {
    const { totals } = report;
    const filters = [
        ['all', 'All', totals.tests],
        ['failed', 'Failed', totals.failed + totals.errored],
        ['passed', 'Passed', totals.passed],
        ['skipped', 'Skipped', totals.skipped],
        ['flaky', 'Flaky', totals.flaky],
    ];
    const select = (id, label, options) => `<label>${label} <select id="${id}">${options.map(([value, name]) => `<option value="${value}">${name}</option>`).join('')}</select></label>`;
    return [
        '<div class="controls">',
        `<div id="test-filters" role="group" aria-label="Status">${filters
            .map(([id, label, count]) => `<button type="button" data-filter="${id}" aria-pressed="${id === 'all'}">${label} <span class="muted">${formatCount(count)}</span></button>`)
            .join(' ')}</div>`,
        '<input type="search" id="test-search" placeholder="Search by name" aria-label="Search tests by name" autocomplete="off">',
        select('test-sort', 'Sort', [
            ['default', 'Failures first'],
            ['slowest', 'Slowest first'],
            ['fastest', 'Fastest first'],
            ['name', 'Name'],
        ]),
        select('test-group', 'Group by', [
            ['none', 'Nothing'],
            ['suite', 'Suite'],
            ['file', 'File'],
        ]),
        '</div>',
        '<p id="tests-count" class="muted" aria-live="polite"></p>',
        '<div id="tests-viewport" class="viewport" role="table" aria-label="Tests"></div>',
        '<div id="test-detail" class="detail" aria-live="polite"></div>',
        '<noscript><p>The lists of this report need JavaScript.</p></noscript>',
    ].join('\n');
}
function coverageSection(report) {
    const coverage = report.coverage;
    const { totals, files, unmapped } = coverage.project;
    const rows = (0,model_coverage/* namedTotals */.ZO)(totals);
    const columns = [
        ['path', 'File', 'path'],
        ['lines', 'Lines', 'pct'],
        ['missed', 'Covered / lines', 'cnt'],
        ['branches', 'Branches', 'cnt'],
        ['functions', 'Functions', 'cnt'],
    ];
    return [
        `<table id="coverage-totals"><thead><tr><th></th><th class="num">Covered</th><th class="num">Total</th><th class="num">Coverage</th></tr></thead><tbody>${rows
            .map(([label, counts]) => `<tr><th>${label}</th><td class="num">${formatCount(counts.covered)}</td><td class="num">${formatCount(counts.total)}</td><td class="num">${(0,model_run/* formatPercent */.l9)((0,model_coverage/* percentOf */.pR)(counts))}</td></tr>`)
            .join('')}</tbody></table>`,
        changedLinesPart(report, coverage, files),
        files.length > 0
            ? [
                `<h3>Files</h3>`,
                '<div class="controls"><input type="search" id="coverage-search" placeholder="Filter by path" aria-label="Filter coverage by path" autocomplete="off"><span id="coverage-count" class="muted"></span></div>',
                `<div id="coverage-head" class="vrow head" role="row">${columns
                    .map(([sort, label, className]) => `<span class="${className}"><button type="button" data-sort="${sort}" aria-pressed="false">${label}</button></span>`)
                    .join('')}<span class="ranges">Uncovered lines</span></div>`,
                '<div id="coverage-viewport" class="viewport" role="table" aria-label="Coverage per file"></div>',
            ].join('\n')
            : '',
        unmapped.length > 0
            ? `<details><summary>${countOf(unmapped.length, 'covered file')} match no file of the repository (kept under the path the report gives)</summary><ul>${unmapped
                .map((path) => `<li>${html_report_text(path)}</li>`)
                .join('')}</ul></details>`
            : '',
    ]
        .filter(Boolean)
        .join('\n');
}
/** Coverage of a pull request's changed lines, each uncovered range linked to GitHub. */
function changedLinesPart(report, coverage, files) {
    if (coverage.changedLinesNote) {
        return `<p id="changed-lines">Changed lines: not computed (${html_report_text(coverage.changedLinesNote)}).</p>`;
    }
    const changed = coverage.changedLines;
    if (!changed)
        return '';
    const { totals } = changed;
    if (totals.coverable === 0) {
        return `<p id="changed-lines">Changed lines: none of the ${formatCount(totals.changed)} changed lines is coverable code.</p>`;
    }
    const context = report.context;
    const blob = githubUrl(context, 'blob', context.pullRequest?.headSha ?? context.sha);
    const byPath = new Map(files.map((file) => [file.path, file]));
    const rangeLink = (file, range) => html_report_link(blob && `${blob}/${encodePath(file.path)}#${lineAnchor(range)}`, formatLineRanges([range]));
    const rows = changedFilesWorstFirst(changed.files).map((file) => `<tr><td>${html_report_text(file.path)}</td><td class="num">${(0,model_run/* formatPercent */.l9)(file.percent)}</td><td class="num">${file.covered.length} / ${file.coverable.length}</td><td class="num">${(0,model_run/* formatPercent */.l9)((0,model_coverage/* percentOf */.pR)(byPath.get(file.path)?.totals.lines))}</td><td>${file.uncoveredRanges.map((range) => rangeLink(file, range)).join(', ')}</td></tr>`);
    return [
        `<h3>Changed lines</h3>`,
        `<p id="changed-lines"><strong>${(0,model_run/* formatPercent */.l9)(changed.diffCoverage)}</strong> of the changed lines run (${formatCount(totals.covered)} of ${formatCount(totals.coverable)} coverable).${coverage.changedLinesCaveat ? ` Changed lines ${html_report_text(coverage.changedLinesCaveat)}.` : ''}</p>`,
        `<table><thead><tr><th>Changed file</th><th class="num">Changed lines</th><th class="num">Covered</th><th class="num">File</th><th>Uncovered changed lines</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
        changed.filesWithoutCoverage.length > 0
            ? `<p class="muted">${countOf(changed.filesWithoutCoverage.length, 'changed file')} without coverage data (not counted): ${changed.filesWithoutCoverage.map(html_report_text).join(', ')}.</p>`
            : '',
    ].join('\n');
}
const html_report_SERVICE_STATUS = {
    healthy: '<span class="ok">healthy</span>',
    unhealthy: '<span class="bad">not healthy</span>',
    failed: '<span class="bad">failed</span>',
};
function html_report_servicesSection(services, options) {
    if (services.length === 0)
        return '';
    const logs = options.serviceLogs ?? {};
    const rows = services.map((service) => {
        const ports = Object.entries(service.endpoint?.ports ?? {})
            .map(([container, host]) => `${container}→${host}`)
            .join(', ');
        const ready = service.healthyAfterMs === undefined ? '' : (0,model_run/* formatDuration */.a3)(service.healthyAfterMs);
        return `<tr><td>${html_report_text(service.name)}</td><td>${html_report_text(service.image)}</td><td>${html_report_SERVICE_STATUS[service.status]}</td><td class="num">${ready}</td><td>${html_report_text(ports)}</td><td>${html_report_text(service.reason ?? '')}</td></tr>`;
    });
    const logBlocks = services.flatMap((service) => {
        const log = Object.hasOwn(logs, service.name) ? logs[service.name] : undefined;
        if (!log?.trim())
            return [];
        return [
            `<details class="service-log"${service.status === 'healthy' ? '' : ' open'}><summary>Log of ${html_report_text(service.name)}</summary><pre>${html_report_text(cutText(log, options.logChars ?? 262_144, 'tail'))}</pre></details>`,
        ];
    });
    return [
        `<table id="services-table"><thead><tr><th>Service</th><th>Image</th><th>Health</th><th class="num">Healthy after</th><th>Ports</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
        ...logBlocks,
    ].join('\n');
}
const FILE_STATUS = {
    parsed: '<span class="ok">parsed</span>',
    error: '<span class="bad">not read</span>',
    stale: 'stale (not counted)',
    ignored: 'ignored (format not read)',
};
function html_report_inputFilesSection(files) {
    if (files.length === 0)
        return '';
    const rows = files.map((file) => `<tr><td>${html_report_text(file.path)}</td><td>${file.kind}</td><td>${html_report_text(file.format ?? '')}</td><td>${FILE_STATUS[file.status]}</td><td>${html_report_text(file.reason ?? '')}</td><td class="num">${file.bytes === undefined ? '' : html_report_formatBytes(file.bytes)}</td></tr>`);
    return `<table id="input-files"><thead><tr><th>File</th><th>Kind</th><th>Format</th><th>Status</th><th>Reason</th><th class="num">Size</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function html_report_formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

;// CONCATENATED MODULE: ./src/publish/github-client.ts

/**
 * API calls never hold up the step for long: the report matters more than any one call. A
 * call's signal spans its retries, so a call with its retries ends within this time plus at
 * most one wait (`MAX_RATE_LIMIT_WAIT_S`).
 */
const API_TIMEOUT_MS = 15_000;
/** Tries of one request: the first and two retries, for 5xx answers and rate limits alike. */
const MAX_TRIES = 3;
/**
 * The longest wait a rate limit may ask for and still be waited out. A primary limit resets
 * within the hour, far beyond this: such a call fails at once and is explained.
 */
const MAX_RATE_LIMIT_WAIT_S = 10;
/**
 * Client errors are not retried (they are explained instead), except 408 Request Timeout.
 * 403 and 429 are rate limits only when GitHub says so; the throttling plugin handles those.
 */
const NOT_RETRIED = Array.from({ length: 100 }, (_, i) => 400 + i).filter((s) => s !== 408);
/** Each client spaces its own writes: the throttling plugin's limiters are per `id`. */
let clients = 0;
/**
 * An Octokit with GitHub's retry and throttling plugins: 5xx answers and network failures are
 * retried (`MAX_TRIES` tries), rate limits (403/429 with `retry-after`, or with
 * `x-ratelimit-remaining: 0`) are waited out when the wait is short, and the client's writes are
 * spaced as GitHub asks (one a second; new comments three seconds): publish through one client.
 * Every other 4xx fails at once: see `explainApiError`.
 */
async function createGitHubClient(token, options = {}) {
    // Loaded by the runs that call the API only: Octokit and its plugins take ~15 ms to load.
    const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
        __nccwpck_require__.e(/* import() */ 351).then(__nccwpck_require__.bind(__nccwpck_require__, 61351)),
        Promise.all(/* import() */[__nccwpck_require__.e(251), __nccwpck_require__.e(735)]).then(__nccwpck_require__.bind(__nccwpck_require__, 49735)),
        Promise.all(/* import() */[__nccwpck_require__.e(251), __nccwpck_require__.e(856)]).then(__nccwpck_require__.bind(__nccwpck_require__, 86856)),
    ]);
    const waitUnitMs = options.waitUnitMs ?? 1000;
    const log = options.log ?? ((message) => lib_core/* info */.pq(message));
    const onLimit = (kind) => (retryAfter, request, _, retries) => {
        if (retries + 1 >= MAX_TRIES || retryAfter > MAX_RATE_LIMIT_WAIT_S)
            return false;
        log(`GitHub's ${kind} rate limit refused ${request.method} ${request.url}: waiting ` +
            `${retryAfter} s before try ${retries + 2} of ${MAX_TRIES}.`);
        return true;
    };
    return getOctokit(token, {
        baseUrl: options.baseUrl ?? (process.env.GITHUB_API_URL || 'https://api.github.com'),
        userAgent: 'integration-test-action',
        retry: { retries: MAX_TRIES - 1, doNotRetry: NOT_RETRIED, retryAfterBaseValue: waitUnitMs },
        throttle: {
            id: `client-${++clients}`,
            retryAfterBaseValue: waitUnitMs,
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary'),
        },
    }, retry, throttling);
}

;// CONCATENATED MODULE: ./src/publish/api-errors.ts
/**
 * What a failed GitHub API call means, said so that a user can act on it: what was refused, why,
 * and the permission it needs. Refusals of a write (a read-only token, a fork's pull request) are
 * results, not errors: the report is still in the job summary, so the step goes on.
 */


/** An API call that failed for another reason than permission, explained in `message`. */
class GitHubApiError extends Error {
    name = 'GitHubApiError';
    status;
    constructor(message, status, cause) {
        super(message, { cause });
        this.status = status;
    }
}
/** The HTTP status of an Octokit `RequestError`, undefined when no answer came. */
function api_errors_statusOf(error) {
    const status = error?.status;
    if (typeof status !== 'number')
        return undefined;
    // @octokit/request reports a network failure or a timeout as 500 without a response.
    return error.response === undefined ? undefined : status;
}
/** GitHub's own message of the answer, e.g. "Resource not accessible by integration". */
function githubMessage(error) {
    const data = error?.response?.data;
    const message = typeof data?.message === 'string' ? data.message : (0,errors/* messageOf */.b)(error);
    const details = Array.isArray(data?.errors)
        ? data.errors.map((e) => (typeof e === 'string' ? e : describeFieldError(e)))
        : [];
    const text = [message.trim(), ...details].filter((part) => part !== '').join('; ');
    // Bodies GitHub sends are short, but this ends up in a one-line warning.
    return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
function describeFieldError(error) {
    const e = error;
    if (typeof e.message === 'string')
        return e.message;
    return [e.resource, e.field, e.code].filter((part) => typeof part === 'string').join(' ');
}
/** A 403 or 429 that says a rate limit was hit, primary or secondary. */
function isRateLimited(error) {
    const status = api_errors_statusOf(error);
    if (status !== 403 && status !== 429)
        return false;
    const headers = error.response?.headers ?? {};
    return headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(githubMessage(error));
}
/**
 * Whether GitHub refused the call for want of permission: a 403 that is no rate limit, or a 404
 * on a write (GitHub hides a private repository from a token that may not write to it).
 */
function isForbidden(error, write) {
    const status = api_errors_statusOf(error);
    if (status === 403)
        return !isRateLimited(error);
    return status === 404 && write;
}
/** A forbidden result, when `error` is a refusal for want of permission. */
function forbiddenOf(error, action, write = true) {
    if (!isForbidden(error, write))
        return undefined;
    return { action: 'forbidden', status: api_errors_statusOf(error), reason: explainApiError(error, action) };
}
/** One sentence saying what GitHub refused and what to do about it. */
function explainApiError(error, action) {
    const status = api_errors_statusOf(error);
    const refused = `GitHub refused to ${action.what}`;
    const said = `${status} ${githubMessage(error)}`;
    if (status === undefined) {
        return `Could not reach GitHub's API to ${action.what}: ${(0,errors/* messageOf */.b)(error)}.`;
    }
    if (isRateLimited(error)) {
        const reset = Number(error.response?.headers?.['x-ratelimit-reset']);
        const until = Number.isFinite(reset) && reset > 0 ? ` until ${api_errors_isoTime(reset)}` : '';
        return `${refused} (${said}): the API rate limit is used up${until}, longer than the action waits.`;
    }
    if (status === 401) {
        return `${refused} (${said}): the token is not valid (expired, revoked or mistyped); check the \`github-token\` input.`;
    }
    if (status === 403 && /\blocked\b/i.test(githubMessage(error))) {
        return `${refused} (${said}): the conversation is locked.`;
    }
    if (status === 403) {
        return `${refused} (${said}): the token needs \`${action.permission}\`.`;
    }
    if (status === 404) {
        return `${refused} (${said}): it does not exist, or the token may not see it (it needs \`${action.permission}\`).`;
    }
    if (status === 422) {
        return `${refused} as invalid (${said}).`;
    }
    if (status >= 500) {
        return `GitHub failed to ${action.what} (${said}), also after ${MAX_TRIES} tries.`;
    }
    return `${refused} (${said}).`;
}
function api_errors_isoTime(epochSeconds) {
    return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Explains `error` as a `GitHubApiError`, keeping the original as its cause. */
function apiError(error, action) {
    return new GitHubApiError(explainApiError(error, action), api_errors_statusOf(error), error);
}
/**
 * The one warning for everything GitHub refused to take: what was not posted, why, and how to
 * post it from a fork's pull request.
 */
function forbiddenWarning(refusals) {
    if (refusals.length === 0)
        return undefined;
    return [
        ...refusals.map((refusal) => refusal.reason),
        'The report is in the job summary and the step outputs.',
        'On pull requests from forks GitHub gives the workflow a read-only token whatever ' +
            '`permissions:` says: to post the report there, upload the JSON report as an artifact and ' +
            'run this action from a workflow triggered by `workflow_run` (see the README, "Pull ' +
            'requests from forks").',
    ].join(' ');
}

;// CONCATENATED MODULE: ./src/publish/check-run.ts



/** What the Checks API takes in one request. */
const ANNOTATIONS_PER_REQUEST = 50;
/** `output.summary` (and `output.text`) may hold this many characters. */
const CHECK_SUMMARY_MAX_CHARS = 65_535;
/**
 * Annotations posted at most (20 requests, about 20 s with writes spaced a second apart). More
 * are noise in a diff, and GitHub allows about 80 writes a minute.
 */
const MAX_CHECK_ANNOTATIONS = 1_000;
const CUT_NOTE = '\n\n**Cut at the Checks API limit.** The job summary has the report.';
/**
 * Creates the check run `name` on `headSha`, completed with `conclusion`, and posts its
 * annotations, 50 a request. A re-run creates another check run of the same name, as GitHub's
 * own re-runs do; GitHub shows the newest. Without `checks: write` the result is `forbidden`
 * (the caller prints the most important annotations as workflow commands instead); other
 * failures throw a `GitHubApiError` that explains them.
 */
async function publishCheckRun(options) {
    const { client, owner, repo, name } = options;
    const limit = options.maxAnnotations ?? MAX_CHECK_ANNOTATIONS;
    const posted = options.annotations.slice(0, limit).map(toApiAnnotation);
    const batches = [];
    for (let i = 0; i < posted.length; i += ANNOTATIONS_PER_REQUEST) {
        batches.push(posted.slice(i, i + ANNOTATIONS_PER_REQUEST));
    }
    const cut = options.summary.length > CHECK_SUMMARY_MAX_CHARS;
    const output = {
        title: options.title,
        summary: cut ? cutSummary(options.summary) : options.summary,
    };
    const create = {
        what: `create the check run "${name}"`,
        permission: 'checks: write',
    };
    let id;
    let url;
    try {
        const { data } = await client.rest.checks.create({
            owner,
            repo,
            name,
            head_sha: options.headSha,
            status: 'completed',
            conclusion: options.conclusion,
            completed_at: new Date().toISOString(),
            ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
            output: { ...output, annotations: batches[0] ?? [] },
            request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
        });
        id = data.id;
        url = data.html_url ?? undefined;
    }
    catch (error) {
        const forbidden = forbiddenOf(error, create);
        if (forbidden)
            return forbidden;
        throw apiError(error, create);
    }
    for (const [index, batch] of batches.entries()) {
        if (index === 0)
            continue;
        const first = index * ANNOTATIONS_PER_REQUEST + 1;
        const update = {
            what: `add annotations ${first}-${first + batch.length - 1} of ${posted.length} to the ` +
                `check run "${name}" (the ones before were posted)`,
            permission: 'checks: write',
        };
        try {
            await client.rest.checks.update({
                owner,
                repo,
                check_run_id: id,
                output: { ...output, annotations: batch },
                request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
            });
        }
        catch (error) {
            throw apiError(error, update);
        }
    }
    return {
        action: 'created',
        id,
        url,
        annotations: posted.length,
        omitted: options.annotations.length - posted.length,
        cut,
    };
}
function toApiAnnotation(annotation) {
    return {
        path: annotation.path,
        start_line: annotation.startLine,
        end_line: annotation.endLine,
        annotation_level: annotation.level,
        title: cutText(annotation.title, CHECKS_TITLE_CHARS),
        message: annotation.message,
        ...(annotation.rawDetails ? { raw_details: annotation.rawDetails } : {}),
    };
}
function cutSummary(summary) {
    return cutText(summary, CHECK_SUMMARY_MAX_CHARS - CUT_NOTE.length) + CUT_NOTE;
}

;// CONCATENATED MODULE: ./src/publish/pr-comment.ts
/**
 * The sticky pull-request comment: one per report name, found again by a hidden marker on its
 * first line and updated in place, so that re-runs and new pushes never add a second one.
 */






const MARKER_PREFIX = '<!-- integration-test-action: ';
const MARKER_SUFFIX = ' -->';
/** Longer names are shortened in the marker and told apart by a hash of the whole name. */
const MARKER_NAME_CHARS = 150;
const pr_comment_CUT_NOTE = `**This comment was cut at GitHub's limit of ${formatCount(COMMENT_LIMIT_CHARS)} ` +
    'characters.** The job summary of the workflow run has the report.';
/**
 * The hidden first line that identifies the comment of the report `name`. `<`, `>`, `%` and
 * control characters are percent-encoded, so no name can end the HTML comment early (`-->`,
 * `--!>`), open another (`<!--`) or break the line; the encoding is one-to-one, so distinct
 * names never share a marker. Names longer than 150 characters are shortened and told apart by
 * a hash, so that the marker stays under 200 characters.
 */
function commentMarker(name) {
    let encoded = name.replace(/[%<>\p{Cc}\u2028\u2029]/gu, percentEncoded);
    if (encoded.length > MARKER_NAME_CHARS) {
        const hash = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex').slice(0, 16);
        let kept = '';
        for (const char of encoded) {
            if (kept.length + char.length > MARKER_NAME_CHARS - 20)
                break;
            kept += char;
        }
        encoded = `${kept}… #${hash}`;
    }
    return `${MARKER_PREFIX}${encoded}${MARKER_SUFFIX}`;
}
/** Whether `body` is a comment carrying `marker` on its first line. */
function hasMarker(body, marker) {
    if (body === undefined || !body.startsWith(marker))
        return false;
    const rest = body.slice(marker.length);
    return rest === '' || /^[ \t]*(\r?\n|$)/.test(rest);
}
/**
 * Creates or updates the comment of the report `name` on the pull request. Reads every page of
 * its comments; when several carry the marker (left by an older version), updates the newest and
 * leaves the others. A refusal for want of permission (403, or 404 on a write) is a `forbidden`
 * result; other failures throw a `GitHubApiError` that explains them.
 */
async function upsertComment(options) {
    const { client, owner, repo, issueNumber, name } = options;
    const marker = commentMarker(name);
    const where = `on pull request #${issueNumber}`;
    const found = await findComment(options, marker);
    if ('action' in found)
        return found;
    const existing = found.comment;
    if (!existing && options.mode === 'on-failure' && options.passed) {
        return {
            action: 'skipped',
            reason: `the run passed and \`comment\` is \`on-failure\`: no comment ${where}`,
        };
    }
    const { body, cut } = fitBody(marker, options.body);
    const write = {
        what: `${existing ? 'update' : 'create'} the comment "${name}" ${where}`,
        permission: 'pull-requests: write',
    };
    const request = { signal: AbortSignal.timeout(API_TIMEOUT_MS) };
    try {
        const { data } = existing
            ? await client.rest.issues.updateComment({
                owner,
                repo,
                comment_id: existing.id,
                body,
                request,
            })
            : await client.rest.issues.createComment({
                owner,
                repo,
                issue_number: issueNumber,
                body,
                request,
            });
        return { action: existing ? 'updated' : 'created', id: data.id, url: data.html_url, cut };
    }
    catch (error) {
        const forbidden = forbiddenOf(error, write);
        if (forbidden)
            return forbidden;
        throw apiError(error, write);
    }
}
/** The newest comment carrying `marker`, across all pages of the pull request's comments. */
async function findComment(options, marker) {
    const { client, owner, repo, issueNumber } = options;
    const read = {
        what: `read the comments on pull request #${issueNumber}`,
        permission: 'pull-requests: read',
    };
    let newest;
    try {
        const pages = client.paginate.iterator(client.rest.issues.listComments, {
            owner,
            repo,
            issue_number: issueNumber,
            per_page: 100,
            request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
        });
        for await (const page of pages) {
            for (const comment of page.data) {
                if (hasMarker(comment.body, marker) && (!newest || isNewer(comment, newest))) {
                    newest = comment;
                }
            }
        }
    }
    catch (error) {
        const forbidden = forbiddenOf(error, read, false);
        if (forbidden)
            return forbidden;
        throw apiError(error, read);
    }
    return { comment: newest };
}
function isNewer(a, b) {
    const order = Date.parse(a.created_at) - Date.parse(b.created_at);
    return order === 0 ? a.id > b.id : order > 0;
}
/**
 * The marker line and the body, within GitHub's limit: a body too long is cut at a line break
 * (closing a code fence left open) and ends with a note saying so.
 */
function fitBody(marker, text) {
    const whole = `${marker}\n${text}`;
    if (whole.length <= COMMENT_LIMIT_CHARS)
        return { body: whole, cut: false };
    let room = COMMENT_LIMIT_CHARS - marker.length - pr_comment_CUT_NOTE.length - 4;
    for (;;) {
        let end = text.lastIndexOf('\n', room);
        if (end < room / 2)
            end = room;
        if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1)))
            end--;
        let kept = text.slice(0, end);
        const fence = openFence(kept);
        if (fence)
            kept += `\n${fence}`;
        const body = `${marker}\n${kept}\n\n${pr_comment_CUT_NOTE}\n`;
        if (body.length <= COMMENT_LIMIT_CHARS)
            return { body, cut: true };
        room -= body.length - COMMENT_LIMIT_CHARS;
    }
}
/** The fence a Markdown text leaves open at its end, if any. */
function openFence(text) {
    let open;
    for (const line of text.split('\n')) {
        const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
        if (fence === undefined)
            continue;
        if (open === undefined)
            open = fence;
        else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) {
            open = undefined;
        }
    }
    return open;
}

;// CONCATENATED MODULE: ./src/publish/pull-request.ts


/** Events whose runs test a pull request's head. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/**
 * The pull request an event's payload carries under `pull_request` (pull_request,
 * pull_request_target, reviews, ...), read without the API; undefined when it has none.
 */
function pullRequestOfPayload(payload) {
    const pr = payload?.pull_request;
    return refOf(pr, pr?.head?.sha);
}
/** Every file of a pull request as `pulls/list-files` gives them (GitHub stops at 3,000). */
function listPullRequestFiles(client, owner, repo, pullNumber) {
    return client.paginate(client.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: pullNumber,
        per_page: 100,
    });
}
async function findPullRequest(options) {
    const { eventName } = options;
    if (PULL_REQUEST_EVENTS.has(eventName)) {
        const ref = pullRequestOfPayload(options.payload);
        if (ref)
            return { found: true, pullRequest: ref, via: 'event' };
        return { found: false, reason: `the ${eventName} event has no pull request in its payload` };
    }
    if (eventName === 'workflow_run')
        return fromWorkflowRun(options);
    return { found: false, reason: `a ${eventName} event is not about a pull request` };
}
async function fromWorkflowRun(options) {
    const payload = options.payload;
    const run = payload.workflow_run;
    const headSha = run?.head_sha;
    if (!run || !headSha) {
        return { found: false, reason: 'the workflow_run event has no workflow run in its payload' };
    }
    // A pull request of another repository (a fork's own) can be listed too: keep this one's.
    const repositoryId = run.repository?.id ?? payload.repository?.id;
    const listed = (run.pull_requests ?? []).filter((pr) => repositoryId === undefined || pr.base?.repo?.id === repositoryId);
    const fromEvent = listed.find((pr) => pr.head?.sha === headSha) ?? listed[0];
    const ref = refOf(fromEvent, headSha);
    if (ref)
        return { found: true, pullRequest: ref, via: 'event' };
    if (!PULL_REQUEST_EVENTS.has(run.event ?? '')) {
        return {
            found: false,
            reason: `the workflow run was started by a ${run.event ?? 'unknown'} event, not by a pull request`,
        };
    }
    const login = run.head_repository?.owner?.login;
    const branch = run.head_branch;
    if (!login || !branch) {
        return { found: false, reason: 'the workflow run names no head repository and branch' };
    }
    const head = `${login}:${branch}`;
    try {
        const { data } = await options.client.rest.pulls.list({
            owner: options.owner,
            repo: options.repo,
            head,
            state: 'open',
            per_page: 100,
            request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
        });
        const match = data.find((pr) => pr.head.sha === headSha) ?? data[0];
        const found = refOf(match, headSha);
        if (found)
            return { found: true, pullRequest: found, via: 'head branch' };
        return { found: false, reason: `no open pull request has the head ${head}` };
    }
    catch (error) {
        return {
            found: false,
            reason: explainApiError(error, {
                what: `list the pull requests of ${head}`,
                permission: 'pull-requests: read',
            }),
        };
    }
}
/** The pull request's number and base, with the commit the run tested as its head. */
function refOf(pr, headSha) {
    const baseSha = pr?.base?.sha;
    if (typeof pr?.number !== 'number' || !headSha || !baseSha)
        return undefined;
    return { number: pr.number, headSha, baseSha };
}

;// CONCATENATED MODULE: ./src/publish/github-surfaces.ts







/** How many annotations workflow commands carry: GitHub shows ten errors per step. */
const COMMAND_ANNOTATIONS = 10;
/**
 * The pull-request comment and the annotations (a check run, else workflow commands). What
 * GitHub refuses for lack of permission becomes one warning; other API failures a warning
 * each; none of it changes the step's result.
 */
async function publishGitHubSurfaces(options) {
    const { report, client } = options;
    const refusals = [];
    const result = {};
    const failed = report.conclusion !== 'success';
    // The comment's text is also the check run's summary: rendered once, when either is posted.
    let markdown;
    const commentMarkdown = () => (markdown ??= renderComment(report, {
        runUrl: options.runUrl,
        artifactUrl: options.artifactUrl,
    }));
    const annotations = options.annotations ? annotationsFor(report) : [];
    // Also without a comment: a check run goes on the pull request's head commit. Not looked up
    // when neither is posted (for a fork's workflow_run it is an API call).
    const pullRequest = client && (options.comment !== 'off' || annotations.length > 0)
        ? await findPullRequest({
            client,
            owner: options.owner,
            repo: options.repo,
            eventName: options.eventName,
            payload: options.eventPayload,
        }).catch((error) => ({ found: false, reason: (0,errors/* messageOf */.b)(error) }))
        : undefined;
    if (options.annotations) {
        const headSha = pullRequest?.found ? pullRequest.pullRequest.headSha : options.sha;
        let posted = false;
        if (client && headSha && annotations.length > 0) {
            try {
                const checkRun = await publishCheckRun({
                    client,
                    owner: options.owner,
                    repo: options.repo,
                    headSha,
                    name: report.name,
                    conclusion: report.conclusion,
                    title: report.problems[0] ?? 'All tests passed',
                    summary: commentMarkdown(),
                    annotations,
                    detailsUrl: options.runUrl,
                });
                if (checkRun.action === 'forbidden')
                    refusals.push(checkRun);
                else {
                    posted = true;
                    result.checkRunUrl = checkRun.url;
                    options.log(`Check run "${report.name}": ${checkRun.annotations} annotations` +
                        (checkRun.omitted > 0 ? `, ${checkRun.omitted} more in the job summary only` : '') +
                        (checkRun.url ? ` (${checkRun.url})` : ''));
                }
            }
            catch (error) {
                options.warn((0,errors/* messageOf */.b)(error));
            }
        }
        if (!posted)
            printAnnotations(annotations, options.printCommand);
    }
    if (pullRequest && !pullRequest.found && pullRequest.reason)
        options.log(pullRequest.reason);
    if (client && pullRequest?.found && options.comment !== 'off') {
        try {
            const comment = await upsertComment({
                client,
                owner: options.owner,
                repo: options.repo,
                issueNumber: pullRequest.pullRequest.number,
                name: report.name,
                body: commentMarkdown(),
                mode: options.comment === 'on-failure' ? 'on-failure' : 'always',
                passed: !failed,
            });
            if (comment.action === 'forbidden')
                refusals.push(comment);
            else if (comment.action === 'skipped')
                options.log(comment.reason);
            else {
                result.commentUrl = comment.url;
                options.log(`Pull-request comment ${comment.action}: ${comment.url}`);
            }
        }
        catch (error) {
            options.warn((0,errors/* messageOf */.b)(error));
        }
    }
    const warning = forbiddenWarning(refusals);
    if (warning)
        options.warn(warning);
    return result;
}
/** The most important annotations as workflow commands; the rest are in the summary. */
function printAnnotations(annotations, print) {
    for (const annotation of mostImportant(annotations, COMMAND_ANNOTATIONS)) {
        print(workflowCommand(annotation));
    }
}

;// CONCATENATED MODULE: ./src/publish/job-name.ts

/**
 * The job's display name as GitHub shows it (`test (3.12, ubuntu-24.04)` for a matrix job).
 * The runner only tells the job's key (`github.job`), which matrix jobs share.
 * Undefined when the API cannot tell (no `actions: read`, or no single match).
 */
async function lookUpJobName(client, job) {
    const matches = [];
    const pages = client.paginate.iterator(client.rest.actions.listJobsForWorkflowRunAttempt, {
        owner: job.owner,
        repo: job.repo,
        run_id: job.runId,
        attempt_number: job.runAttempt,
        per_page: 100,
        request: { signal: AbortSignal.timeout(API_TIMEOUT_MS) },
    });
    for await (const page of pages) {
        for (const candidate of page.data) {
            if (candidate.runner_name === job.runnerName && candidate.status === 'in_progress') {
                matches.push(candidate.name);
            }
        }
    }
    return matches.length === 1 ? matches[0] : undefined;
}

;// CONCATENATED MODULE: ./src/state.ts

const KEY = 'integration-test-action';
function savePostState(state) {
    lib_core/* saveState */.LZ(KEY, JSON.stringify(state));
}
function loadPostState() {
    const raw = core.getState(KEY);
    if (!raw)
        return undefined;
    try {
        return JSON.parse(raw);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/main.ts
// First: it must hold before anything is read.

























const LOG_TAIL_LINES = 40;
async function run() {
    let settings;
    try {
        settings = await readSettings();
    }
    catch (error) {
        lib_core/* setFailed */.C1((0,errors/* messageOf */.b)(error));
        return;
    }
    const secrets = [settings.githubToken, ...settings.services.flatMap((s) => s.secrets)];
    for (const secret of secrets)
        if (secret)
            lib_core/* setSecret */.Pq(secret);
    const runId = (0,external_node_crypto_.randomUUID)().replace(/-/g, '');
    // One client for every call: its throttling spaces the writes of the whole step.
    const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    const github = settings.githubToken && owner && repo
        ? { client: await createGitHubClient(settings.githubToken), owner, repo }
        : undefined;
    const maskedValues = new Set();
    const logDirectory = serviceLogDirectory(runId);
    const hasServices = settings.services.length > 0 || settings.composeFiles.length > 0;
    savePostState({ runId, services: hasServices, composeFiles: settings.composeFiles });
    // The runner cancels a job with SIGINT, then SIGTERM 7.5 s later: stop at the first and
    // still report what there is, and remove the containers.
    const cancellation = new AbortController();
    const cancel = (signal) => {
        lib_core/* warning */.$e(`Received ${signal}: stopping, then reporting what there is.`);
        cancellation.abort();
    };
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    // The services' code is loaded only by runs that have services.
    const docker = hasServices ? new (await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(77)]).then(__nccwpck_require__.bind(__nccwpck_require__, 18077))).DockerCli() : undefined;
    let services;
    try {
        const report = await runPipeline(settings, {
            signal: cancellation.signal,
            env: process.env,
            stdout: process.stdout,
            stderr: process.stderr,
            tempDir: process.env.RUNNER_TEMP,
            context: runContext(),
            defaultName: () => defaultReportName(github),
            startServices: async (specs, composeFiles) => {
                const names = [...specs.map((s) => s.name), ...composeFiles.map((f) => external_node_path_default().basename(f))];
                lib_core/* startGroup */.Oh(`Starting ${names.join(', ')}`);
                try {
                    const { startServices, startComposeServices } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(77)]).then(__nccwpck_require__.bind(__nccwpck_require__, 18077));
                    const common = {
                        docker: docker,
                        runId,
                        signal: cancellation.signal,
                        log: (m) => lib_core/* info */.pq(m),
                    };
                    // Side by side: a compose project and the services input wait for each other in nothing.
                    const [own, composed] = await Promise.all([
                        startServices({ ...common, specs, logDirectory }),
                        composeFiles.length > 0
                            ? startComposeServices({
                                ...common,
                                files: composeFiles,
                                logDirectory: external_node_path_default().join(logDirectory, 'compose'),
                            })
                            : undefined,
                    ]);
                    services = composed ? combineServices(own, composed) : own;
                }
                finally {
                    lib_core/* endGroup */.N4();
                }
                await showUnhealthyLogs(services);
                return services;
            },
            log: (message) => lib_core/* info */.pq(message),
            maskedValues,
            listPullRequestFiles: github
                ? (pullNumber) => listPullRequestFiles(github.client, github.owner, github.repo, pullNumber)
                : undefined,
        });
        await publish(report, settings, createRedactor([...secrets, ...maskedValues]), github);
        if (settings.keepServices && services)
            keepServicesForLaterSteps(services);
        if (report.conclusion !== 'success') {
            const why = report.problems.join(' ');
            if (settings.failOn === 'never')
                lib_core/* info */.pq(`fail-on is "never", so the step succeeds: ${why}`);
            else
                lib_core/* setFailed */.C1(why);
        }
        if (report.conclusion === 'success' && services) {
            await (0,promises_.rm)(logDirectory, { recursive: true, force: true });
        }
    }
    catch (error) {
        lib_core/* setFailed */.C1((0,errors/* messageOf */.b)(error));
    }
    finally {
        if (docker && !settings.keepServices) {
            if (settings.composeFiles.length > 0) {
                const { removeComposeProject } = await Promise.all(/* import() */[__nccwpck_require__.e(815), __nccwpck_require__.e(77)]).then(__nccwpck_require__.bind(__nccwpck_require__, 18077));
                await removeComposeProject(docker, runId, settings.composeFiles);
            }
            await removeServices(docker, runId);
        }
    }
}
async function publish(report, settings, redact, github) {
    for (const file of report.inputFiles) {
        if (file.status === 'error')
            lib_core/* warning */.$e(`${file.path}: ${file.reason ?? 'could not be read'}`);
    }
    const directory = reportDirectory(report.name);
    // Redacted once for every surface: the tests' texts are not redacted again one by one.
    const shown = redactReport(report, redact);
    let reportJson;
    try {
        reportJson = await writeCtrfReport(directory, renderCtrf(shown, { withTests: false }), shown.tests, ctrfTest);
    }
    catch (error) {
        lib_core/* warning */.$e(`Could not write the JSON report: ${(0,errors/* messageOf */.b)(error)}`);
    }
    const runUrl = runUrlOf(shown);
    // The services' logs, redacted, when something failed: in the HTML report and the artifact.
    const logs = report.conclusion === 'success'
        ? []
        : await writeRedactedServiceLogs(report.services, external_node_path_default().join(directory, 'logs'), redact).catch((error) => {
            lib_core/* warning */.$e(`Could not keep the services' logs: ${(0,errors/* messageOf */.b)(error)}`);
            return [];
        });
    let reportHtml;
    try {
        const serviceLogs = Object.fromEntries(logs.map((log) => [log.service, log.text]));
        reportHtml = writeHtmlReport(directory, renderHtmlReportLines(shown, { serviceLogs }));
    }
    catch (error) {
        lib_core/* warning */.$e(`Could not write the HTML report: ${(0,errors/* messageOf */.b)(error)}`);
    }
    const artifact = settings.artifact
        ? await uploadArtifact(shown, settings, directory, [
            reportJson,
            reportHtml,
            ...logs.map((log) => log.file),
        ])
        : undefined;
    if (settings.summary) {
        try {
            await writeJobSummary(renderSummary(shown, { fullReportUrl: artifact?.url ?? runUrl, reportUrl: artifact?.url }));
        }
        catch (error) {
            lib_core/* warning */.$e(`Could not write the job summary: ${(0,errors/* messageOf */.b)(error)}`);
        }
    }
    const surfaces = await publishGitHubSurfaces({
        report: shown,
        client: github?.client,
        owner: github?.owner ?? '',
        repo: github?.repo ?? '',
        eventName: process.env.GITHUB_EVENT_NAME ?? '',
        eventPayload: readEventPayload(),
        sha: process.env.GITHUB_SHA,
        comment: settings.comment,
        annotations: settings.annotations,
        runUrl,
        artifactUrl: artifact?.url,
        log: (message) => lib_core/* info */.pq(message),
        warn: (message) => lib_core/* warning */.$e(message),
        printCommand: (line) => process.stdout.write(`${line}\n`),
    });
    setStepOutputs(report, {
        reportJson,
        reportHtml,
        commentUrl: surfaces.commentUrl,
        artifactId: artifact?.id,
        artifactUrl: artifact?.url,
    });
}
/** The last lines of each failed service's output, collapsed, where the failure is read. */
async function showUnhealthyLogs(services) {
    for (const outcome of services?.outcomes ?? []) {
        if (outcome.status === 'healthy' || !outcome.logFile)
            continue;
        const text = await (0,promises_.readFile)(outcome.logFile, 'utf8').catch(() => '');
        const lines = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
        lib_core/* error */.z3(`Service "${outcome.name}" (${outcome.image}): ${outcome.reason ?? 'did not start'}`);
        lib_core/* startGroup */.Oh(`Last ${lines.length} lines of ${outcome.name}'s output`);
        lib_core/* info */.pq(text.trim() === '' ? '(it printed nothing)' : lines.join('\n'));
        lib_core/* endGroup */.N4();
    }
}
function combineServices(a, b) {
    const errors = [a.error, b.error].filter(Boolean);
    return {
        ...(errors.length > 0 ? { error: errors.join(' ') } : {}),
        outcomes: [...a.outcomes, ...b.outcomes],
        started: [...a.started, ...b.started],
        healthy: a.healthy && b.healthy,
    };
}
function keepServicesForLaterSteps(services) {
    for (const [name, value] of Object.entries((0,environment/* serviceVariables */.nV)(services.started))) {
        lib_core/* exportVariable */.dN(name, value);
    }
    lib_core/* info */.pq('keep-services: the services stay up for later steps; the post step removes them.');
}
async function removeServices(docker, runId) {
    try {
        const removed = await docker.removeRun(runId);
        for (const error of removed.errors)
            lib_core/* warning */.$e(`Removing the services: ${error}`);
        if (removed.containers > 0)
            lib_core/* info */.pq(`Removed ${removed.containers} service container(s).`);
    }
    catch (error) {
        lib_core/* warning */.$e(`Could not remove the services (the post step tries again): ${(0,errors/* messageOf */.b)(error)}`);
    }
}
/** The event payload the runner wrote (GITHUB_EVENT_PATH), read once; {} when there is none. */
let eventPayload;
function readEventPayload() {
    if (eventPayload === undefined) {
        try {
            eventPayload = JSON.parse((0,external_node_fs_.readFileSync)(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
        }
        catch {
            eventPayload = {};
        }
    }
    return eventPayload;
}
/**
 * Uploads the report files (and the redacted service logs) as the artifact; where the service
 * is missing (GitHub Enterprise Server) or refuses, one warning.
 */
async function uploadArtifact(report, settings, directory, candidates) {
    const files = candidates.filter((file) => file !== undefined);
    if (files.length === 0)
        return undefined;
    const result = await uploadReportArtifact({
        name: settings.artifactName ?? `${report.name}-test-report`,
        files,
        rootDirectory: directory,
        retentionDays: settings.retentionDays,
        log: (message) => lib_core/* info */.pq(message),
    });
    if (result.action === 'uploaded') {
        lib_core/* info */.pq(`Uploaded the report as artifact "${result.name}": ${result.url}`);
        return result;
    }
    lib_core/* warning */.$e(result.action === 'unavailable'
        ? `The report was not uploaded as an artifact: ${result.reason}`
        : result.reason);
    return undefined;
}
function runContext() {
    const env = process.env;
    return {
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
        repository: env.GITHUB_REPOSITORY,
        sha: env.GITHUB_SHA,
        ref: env.GITHUB_REF,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB,
        pullRequest: pullRequestOfPayload(readEventPayload()),
    };
}
/** The job's display name from the API, else the job's key; never throws. */
async function defaultReportName(github) {
    const env = process.env;
    const fallback = env.GITHUB_JOB || 'Integration tests';
    const runId = Number(env.GITHUB_RUN_ID);
    if (!github || !Number.isInteger(runId) || !env.RUNNER_NAME)
        return fallback;
    try {
        const name = await lookUpJobName(github.client, {
            owner: github.owner,
            repo: github.repo,
            runId,
            runAttempt: Number(env.GITHUB_RUN_ATTEMPT) || 1,
            runnerName: env.RUNNER_NAME,
        });
        if (name)
            return name;
        lib_core/* debug */.Yz('The API did not tell which job this is; the report is named after github.job.');
    }
    catch (error) {
        lib_core/* info */.pq(`Could not look up the job's name (${(0,errors/* messageOf */.b)(error)}); the report is named "${fallback}". ` +
            'Give the workflow `actions: read` or set the `name` input.');
    }
    return fallback;
}
run()
    .catch((error) => {
    lib_core/* setFailed */.C1(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
})
    // Nothing is left to do once the last line is out: ending here spares tearing down a heap
    // that held a large report (~15 ms on 100,000 tests). The exit code set so far stands.
    .finally(() => process.stdout.write('', () => process.exit()));

