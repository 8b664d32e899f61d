export const id = 77;
export const ids = [77];
export const modules = {

/***/ 18077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DockerCli: () => (/* reexport */ DockerCli),
  removeComposeProject: () => (/* reexport */ removeComposeProject),
  startComposeServices: () => (/* reexport */ startComposeServices),
  startServices: () => (/* reexport */ startServices)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/services/docker-args.ts
/** Labels on everything the action creates, so a later step can find and remove it. */
const LABEL_RUN = 'com.github.integration-test-action.run';
const LABEL_SERVICE = 'com.github.integration-test-action.service';
/** Names the Docker CLI itself reads, which must not be set in its own environment. */
const CLI_ENV = /^(DOCKER_.*|PATH|HOME|TMPDIR|XDG_.*)$/;
/** `docker run` for one service: detached, labelled, on the run's network, ports on 127.0.0.1. */
function dockerRunArguments(spec, names) {
    const args = [
        'run',
        '--detach',
        '--name',
        names.container,
        '--label',
        `${LABEL_RUN}=${names.runId}`,
        '--label',
        `${LABEL_SERVICE}=${spec.name}`,
        '--network',
        names.network,
        '--network-alias',
        spec.name,
    ];
    for (const port of spec.ports)
        args.push('--publish', `127.0.0.1::${port}`);
    const env = {};
    for (const [name, value] of Object.entries(spec.env)) {
        if (CLI_ENV.test(name)) {
            args.push('--env', `${name}=${value}`);
        }
        else {
            args.push('--env', name);
            env[name] = value;
        }
    }
    for (const volume of spec.volumes)
        args.push('--volume', volume);
    if (spec.entrypoint !== undefined)
        args.push('--entrypoint', spec.entrypoint);
    args.push(...spec.options, spec.image, ...(spec.command ?? []));
    return { args, env };
}
/** A container name Docker accepts, unique to the run: `itest-<run>-<service>`. */
function containerName(runId, service) {
    return `itest-${runId.slice(0, 8)}-${service.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}
function networkName(runId) {
    return `itest-${runId.slice(0, 8)}`;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/services/docker-cli.ts




/** Docker is not there or does not answer: one clear error, before anything starts. */
class DockerUnavailableError extends Error {
    constructor(detail) {
        super(`Docker is not reachable (${detail}). Services need a runner with a Docker engine: ` +
            'GitHub-hosted Linux runners (ubuntu-*) have one; macOS and Windows runners do not.');
        this.name = 'DockerUnavailableError';
    }
}
const DEFAULT_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 10 * 60_000;
const PULL_ATTEMPTS = 3;
/** Host addresses a published port is reachable on from 127.0.0.1, best first. */
const HOST_IP_PREFERENCE = ['127.0.0.1', '', '0.0.0.0'];
/**
 * The only place that runs the docker CLI. Every call is bounded in time and returns what the
 * CLI said; callers turn that into messages that name the service.
 */
class DockerCli {
    binary;
    constructor(binary = process.env.DOCKER_CLI || 'docker') {
        this.binary = binary;
    }
    run(args, options = {}) {
        return new Promise((resolve) => {
            (0,external_node_child_process_.execFile)(this.binary, args, {
                env: { ...process.env, ...options.env },
                timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                maxBuffer: 16 * 1024 * 1024,
                encoding: 'utf8',
            }, (error, stdout, stderr) => {
                const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
                const timedOut = error && 'killed' in error && error.killed;
                resolve({
                    exitCode: code,
                    stdout,
                    stderr: timedOut
                        ? `${stderr}\n(timed out)`.trim()
                        : error && !stderr
                            ? error.message
                            : stderr,
                });
            });
        });
    }
    async assertReachable() {
        const result = await this.run(['version', '--format', '{{.Server.Version}}'], {
            timeoutMs: 20_000,
        });
        if (result.exitCode !== 0)
            throw new DockerUnavailableError(lastLine(result.stderr) || `exit ${result.exitCode}`);
        return result.stdout.trim();
    }
    async imageExists(image) {
        return (await this.run(['image', 'inspect', '--format', '{{.Id}}', image])).exitCode === 0;
    }
    /** Pulls with retries: registries fail now and then, and a retry is cheaper than a red build. */
    async pull(image, log) {
        let result = { exitCode: 1, stdout: '', stderr: '' };
        for (let attempt = 1; attempt <= PULL_ATTEMPTS; attempt++) {
            result = await this.run(['pull', '--quiet', image], { timeoutMs: PULL_TIMEOUT_MS });
            if (result.exitCode === 0 || isPermanentPullError(result.stderr))
                return result;
            if (attempt < PULL_ATTEMPTS) {
                log(`Pulling ${image} failed (${lastLine(result.stderr)}); trying again.`);
                await (0,external_node_timers_promises_.setTimeout)(2000 * attempt);
            }
        }
        return result;
    }
    /** Whether the image declares a HEALTHCHECK. */
    async imageHasHealthcheck(image) {
        const result = await this.run([
            'image',
            'inspect',
            '--format',
            '{{json .Config.Healthcheck}}',
            image,
        ]);
        if (result.exitCode !== 0)
            return false;
        const test = JSON.parse(result.stdout.trim() || 'null')?.Test;
        return !!test && test.length > 0 && test[0] !== 'NONE';
    }
    async inspectContainer(id) {
        const result = await this.run(['container', 'inspect', '--format', '{{json .}}', id]);
        if (result.exitCode !== 0)
            return undefined;
        const info = JSON.parse(result.stdout);
        const ports = {};
        for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
            const [port, protocol] = key.split('/');
            if (protocol !== 'tcp')
                continue;
            // Ours are bound to 127.0.0.1; Compose binds to every address unless told otherwise.
            const binding = (bindings ?? [])
                .filter((b) => HOST_IP_PREFERENCE.includes(b.HostIp))
                .sort((a, b) => HOST_IP_PREFERENCE.indexOf(a.HostIp) - HOST_IP_PREFERENCE.indexOf(b.HostIp))[0];
            if (binding)
                ports[Number(port)] = Number(binding.HostPort);
        }
        const state = info.State ?? {};
        const health = state.Health?.Status;
        return {
            running: state.Running === true,
            exitCode: state.Running ? undefined : state.ExitCode,
            health: health === 'starting' || health === 'healthy' || health === 'unhealthy'
                ? health
                : undefined,
            error: state.OOMKilled ? 'killed: out of memory' : state.Error || undefined,
            ports,
            image: info.Config?.Image,
        };
    }
    async exec(id, command, timeoutMs) {
        const result = await this.run(['exec', id, ...command], { timeoutMs });
        return { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` };
    }
    /**
     * Streams a container's output into a file as it comes, through the OS: never held in this
     * process's memory, whatever its size. The follower ends when the container is removed.
     */
    followLogs(id, file) {
        const fd = (0,external_node_fs_.openSync)(file, 'a');
        const child = (0,external_node_child_process_.spawn)(this.binary, ['logs', '--follow', id], { stdio: ['ignore', fd, fd] });
        (0,external_node_fs_.closeSync)(fd);
        child.on('error', () => undefined);
        child.unref();
        return { stop: () => child.kill() };
    }
    /** Removes every container and network of the run (or of any run, with runId '*'). */
    async removeRun(runId) {
        const filter = runId === '*' ? LABEL_RUN : `${LABEL_RUN}=${runId}`;
        const errors = [];
        const containers = (await this.run(['ps', '--all', '--quiet', '--filter', `label=${filter}`])).stdout
            .split(/\s+/)
            .filter(Boolean);
        if (containers.length > 0) {
            const removed = await this.run(['rm', '--force', '--volumes', ...containers]);
            if (removed.exitCode !== 0)
                errors.push(lastLine(removed.stderr));
        }
        const networks = (await this.run(['network', 'ls', '--quiet', '--filter', `label=${filter}`])).stdout
            .split(/\s+/)
            .filter(Boolean);
        if (networks.length > 0) {
            const removed = await this.run(['network', 'rm', ...networks]);
            if (removed.exitCode !== 0)
                errors.push(lastLine(removed.stderr));
        }
        return { containers: containers.length, networks: networks.length, errors };
    }
}
/** A missing image or a denied registry will not change on a retry. */
function isPermanentPullError(stderr) {
    return /not found|manifest unknown|pull access denied|repository does not exist|unauthorized|invalid reference/i.test(stderr);
}
function lastLine(text) {
    return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}

// EXTERNAL MODULE: ./src/services/health.ts
var services_health = __webpack_require__(31548);
// EXTERNAL MODULE: ./src/services/environment.ts
var environment = __webpack_require__(51133);
// EXTERNAL MODULE: ./src/model/run.ts
var run = __webpack_require__(56092);
;// CONCATENATED MODULE: ./src/services/wait/cmd-check.ts

const MAX_COMMAND_CHARS = 80;
const OUTPUT_TAIL_CHARS = 200;
/** Timers can fire a little before the clock says their time is up. */
const TIMER_SLACK_MS = 20;
/** Runs the command inside the container; ready when it exits 0. */
async function checkCmd(probe, check, attemptTimeoutMs) {
    const command = formatCommand(check.command);
    const started = performance.now();
    let result;
    try {
        result = await probe.exec(check.command, attemptTimeoutMs);
    }
    catch (error) {
        return { ready: false, detail: `${command} could not run: ${error.message}` };
    }
    if (result.exitCode === 0)
        return { ready: true, detail: `${command} exited 0` };
    // The probe does not say whether it stopped the command; a non-zero exit at the budget's
    // end almost surely means it did, and "exited 137" alone would hide that.
    const stopped = performance.now() - started >= attemptTimeoutMs - TIMER_SLACK_MS
        ? ` (stopped after ${(0,run/* formatDuration */.a3)(attemptTimeoutMs)})`
        : '';
    const output = outputTail(result.output);
    return {
        ready: false,
        detail: `${command} exited ${result.exitCode}${stopped}${output ? `: ${output}` : ''}`,
    };
}
/** The command as a user would type it, shortened: `sh -c "redis-cli ping | grep -q PONG"`. */
function formatCommand(command) {
    const text = command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)));
    const joined = text.join(' ');
    return joined.length > MAX_COMMAND_CHARS ? `${joined.slice(0, MAX_COMMAND_CHARS - 1)}…` : joined;
}
/** The end of the output on one line, quoted: the error is usually the last thing printed. */
function outputTail(output) {
    const flat = output.replace(/\s+/g, ' ').trim();
    if (flat === '')
        return '';
    const tail = flat.length > OUTPUT_TAIL_CHARS ? `…${flat.slice(-(OUTPUT_TAIL_CHARS - 1))}` : flat;
    return JSON.stringify(tail);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
;// CONCATENATED MODULE: ./src/services/wait/http-check.ts


/** GET on the published port; ready on an expected status (default 200-399). */
async function checkHttp(probe, check, attemptTimeoutMs) {
    const hostPort = probe.hostPort(check.port);
    if (hostPort === undefined) {
        return { ready: false, detail: `port ${check.port} is not published`, final: true };
    }
    const url = healthUrl(probe.host, hostPort, check.path);
    const outcome = await get(url, attemptTimeoutMs);
    const what = `GET ${url.href}`;
    if (typeof outcome === 'number') {
        const ready = check.status ? check.status.includes(outcome) : outcome >= 200 && outcome < 400;
        return { ready, detail: `${what} answered ${outcome}` };
    }
    return { ready: false, detail: `${what} ${outcome}` };
}
/** Leading slashes collapse to one, so a path like `//host/x` stays on the service's origin. */
function healthUrl(host, port, path) {
    const origin = new URL(`http://${host.includes(':') ? `[${host}]` : host}`);
    origin.port = String(port);
    return new URL(path.replace(/^\/*/, '/'), origin);
}
/** The status, or why there was none. */
function get(url, timeoutMs) {
    return new Promise((resolve) => {
        // A fresh connection each time: a pooled one could outlive the service it reached.
        const req = (0,external_node_http_.request)(url, { method: 'GET', agent: false });
        const timer = setTimeout(() => {
            resolve(`did not answer within ${(0,run/* formatDuration */.a3)(timeoutMs)}`);
            req.destroy();
        }, timeoutMs);
        req.once('response', (res) => {
            clearTimeout(timer);
            resolve(res.statusCode ?? 0);
            // Only the status matters; the body could be large or never end.
            res.destroy();
        });
        req.once('error', (error) => {
            clearTimeout(timer);
            // "socket hang up" (the port accepted, then closed) says more than its code ECONNRESET.
            resolve(`failed: ${error.message === 'socket hang up' ? error.message : (error.code ?? error.message)}`);
        });
        req.end();
    });
}

;// CONCATENATED MODULE: ./src/services/wait/image-check.ts
/** Ready when Docker reports the image's own HEALTHCHECK healthy. */
async function checkImage(probe, _check, _attemptTimeoutMs) {
    const { health } = await probe.state();
    switch (health) {
        case 'healthy':
            return { ready: true, detail: "Docker reports the image's HEALTHCHECK healthy" };
        case 'starting':
            return { ready: false, detail: "Docker reports the image's HEALTHCHECK still starting" };
        case 'unhealthy':
            // Docker keeps running the HEALTHCHECK, and a slow starter can still turn healthy.
            return { ready: false, detail: "Docker reports the image's HEALTHCHECK unhealthy" };
        case undefined:
            // Docker reports "starting" from the first moment for an image that has one.
            return { ready: false, detail: 'the image has no HEALTHCHECK', final: true };
    }
}

// EXTERNAL MODULE: ./src/services/wait/log-check.ts
var log_check = __webpack_require__(88575);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./src/services/wait/tcp-check.ts


/** How long a connection must stay open to count: docker-proxy drops its own in a few ms. */
const TCP_HOLD_MS = 150;
const CONNECT_TIMEOUT_MS = 1000;
/**
 * A connection to every port (default: every published one); all must be ready. Docker's
 * userland proxy accepts on the host port even when nothing listens inside the container, then
 * closes at once, so a connection only counts if the peer speaks first or keeps it open.
 */
async function checkTcp(probe, check, attemptTimeoutMs) {
    const ports = check.ports ?? probe.containerPorts;
    if (ports.length === 0) {
        return {
            ready: false,
            detail: 'no port to connect to: the service publishes none',
            final: true,
        };
    }
    const timeoutMs = Math.min(attemptTimeoutMs, CONNECT_TIMEOUT_MS);
    const attempts = await Promise.all(ports.map((port) => checkPort(probe.host, port, probe.hostPort(port), timeoutMs)));
    const failed = attempts.filter((attempt) => !attempt.ready);
    const shown = failed.length > 0 ? failed : attempts;
    return {
        ready: failed.length === 0,
        detail: shown.map((attempt) => attempt.detail).join('; '),
        final: failed.some((attempt) => attempt.final),
    };
}
function checkPort(host, port, hostPort, timeoutMs) {
    if (hostPort === undefined) {
        return Promise.resolve({ ready: false, detail: `port ${port} is not published`, final: true });
    }
    const where = `port ${port} (host port ${hostPort})`;
    return new Promise((resolve) => {
        const socket = (0,external_node_net_.connect)({ host, port: hostPort });
        let connected = false;
        let done = false;
        const finish = (attempt) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(attempt);
        };
        let timer = setTimeout(() => finish({
            ready: false,
            detail: `${where} did not accept a connection within ${(0,run/* formatDuration */.a3)(timeoutMs)}`,
        }), timeoutMs);
        const closedAtOnce = () => finish({
            ready: false,
            detail: `connection on ${where} closed at once: nothing listening yet`,
        });
        socket.once('connect', () => {
            connected = true;
            clearTimeout(timer);
            timer = setTimeout(() => finish({ ready: true, detail: `${where} kept the connection open` }), TCP_HOLD_MS);
        });
        // Server-speaks-first protocols (MySQL, SMTP, AMQP banners): data proves a real listener.
        socket.once('data', () => finish({ ready: true, detail: `${where} sent data` }));
        socket.once('end', closedAtOnce);
        socket.once('error', (error) => {
            // A reset can be reported before the connection itself: it was accepted all the same.
            if (connected || error.code === 'ECONNRESET')
                return closedAtOnce();
            finish({
                ready: false,
                detail: error.code === 'ECONNREFUSED'
                    ? `nothing accepted connections on ${where}`
                    : `connecting to ${where} failed: ${error.code ?? error.message}`,
            });
        });
        socket.once('close', closedAtOnce);
    });
}

;// CONCATENATED MODULE: ./src/services/wait/check.ts





/** A new kind in HealthCheck does not compile until it has a strategy here. */
const STRATEGIES = {
    cmd: checkCmd,
    http: checkHttp,
    tcp: checkTcp,
    log: log_check/* checkLog */.$,
    image: checkImage,
    none: async () => ({ ready: true, detail: 'no check asked for' }),
};
/** Runs one attempt of the service's check. */
function runCheck(probe, check, attemptTimeoutMs) {
    // TypeScript cannot correlate `check` with the entry picked by its own kind; the record's
    // type above is what keeps each kind paired with its strategy.
    const strategy = STRATEGIES[check.kind];
    return strategy(probe, check, attemptTimeoutMs);
}

// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
;// CONCATENATED MODULE: ./src/services/wait/wait-until-healthy.ts




/** No single attempt may take longer, so a hanging one still leaves time for the next. */
const ATTEMPT_CAP_MS = 5000;
/** The least an attempt is given, even at the deadline: a check needs a moment to run at all. */
const MIN_ATTEMPT_MS = 100;
/** Beyond its budget, before an attempt that ignores it (a stuck `docker exec`) is abandoned. */
const ATTEMPT_GRACE_MS = 500;
/** Timers can fire a little before the clock says their time is up. */
const wait_until_healthy_TIMER_SLACK_MS = 20;
const NEVER = new Promise(() => { });
/**
 * Polls the service's check every `intervalMs` until it passes, the container stops, the
 * timeout passes or the signal aborts. Each attempt is bounded by what is left of the timeout.
 */
async function waitUntilHealthy(probe, health, options = {}) {
    const { signal } = options;
    const now = options.now ?? (() => performance.now());
    const start = now();
    const deadline = start + health.timeoutMs;
    const elapsed = () => Math.max(0, Math.round(now() - start));
    const unhealthy = (reason) => ({
        healthy: false,
        reason,
        afterMs: elapsed(),
    });
    const label = health.check.kind === 'cmd'
        ? formatCommand(health.check.command)
        : `the ${health.check.kind} check`;
    let checks = 0;
    let last;
    for (;;) {
        if (signal?.aborted)
            return unhealthy('cancelled');
        const remaining = deadline - now();
        if (last && remaining <= 0) {
            return unhealthy(`not healthy after ${(0,run/* formatDuration */.a3)(health.timeoutMs)}: ${last.detail}`);
        }
        const budget = Math.round(Math.max(MIN_ATTEMPT_MS, Math.min(remaining, ATTEMPT_CAP_MS)));
        const within = `within ${(0,run/* formatDuration */.a3)(budget)}`;
        const bounded = (promise) => settle(promise, budget + ATTEMPT_GRACE_MS, signal);
        // A stopped container never becomes healthy: say so now rather than at the timeout.
        const state = await bounded(probe.state());
        if (state.kind === 'aborted')
            return unhealthy('cancelled');
        if (state.kind === 'value' && !state.value.running)
            return unhealthy(exitReason(state.value));
        let attempt;
        if (state.kind !== 'value') {
            attempt = {
                ready: false,
                detail: state.kind === 'timeout'
                    ? `Docker did not report the container's state ${within}`
                    : `could not read the container's state: ${(0,errors/* messageOf */.b)(state.error)}`,
            };
        }
        else {
            const started = now();
            const outcome = await bounded(runCheck(probe, health.check, budget));
            if (outcome.kind === 'aborted')
                return unhealthy('cancelled');
            checks++;
            attempt =
                outcome.kind === 'value'
                    ? outcome.value
                    : outcome.kind === 'timeout'
                        ? { ready: false, detail: `${label} did not finish ${within}` }
                        : { ready: false, detail: `${label} failed: ${(0,errors/* messageOf */.b)(outcome.error)}` };
            if (attempt.ready)
                return { healthy: true, afterMs: elapsed(), checks };
            if (attempt.final)
                return unhealthy(`not healthy: ${attempt.detail}`);
            // An attempt the deadline cut short and that used all of it can only say that time ran
            // out ("exited 137"); what the attempt before it saw is the better reason.
            const cutShort = budget < ATTEMPT_CAP_MS && now() - started >= budget - wait_until_healthy_TIMER_SLACK_MS;
            if (cutShort && last)
                attempt = last;
        }
        last = attempt;
        const pause = Math.max(0, Math.min(health.intervalMs, deadline - now()));
        if ((await settle(NEVER, pause, signal)).kind === 'aborted')
            return unhealthy('cancelled');
    }
}
function exitReason(state) {
    const stopped = state.exitCode === undefined ? 'is not running' : `exited with code ${state.exitCode}`;
    return state.error ? `${stopped}: ${state.error}` : stopped;
}
/** The promise's outcome, or `timeout` after `ms`, or `aborted` as soon as the signal is. */
function settle(promise, ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve({ kind: 'aborted' });
        const finish = (outcome) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            resolve(outcome);
        };
        const onAbort = () => finish({ kind: 'aborted' });
        const timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
        signal?.addEventListener('abort', onAbort, { once: true });
        promise.then((value) => finish({ kind: 'value', value }), (error) => finish({ kind: 'error', error }));
    });
}

;// CONCATENATED MODULE: ./src/services/start-services.ts






const SERVICE_HOST = '127.0.0.1';
/**
 * Starts every service side by side on a network of the run's own, and waits until each is
 * healthy. A service that cannot start or never becomes healthy is an outcome with a reason,
 * never an exception: the caller decides and cleans up.
 */
async function startServices(options) {
    const { specs, docker, runId } = options;
    if (specs.length === 0)
        return { outcomes: [], started: [], healthy: true };
    const notStarted = (error) => ({ error, outcomes: [], started: [], healthy: false });
    try {
        await docker.assertReachable();
    }
    catch (error) {
        return notStarted(error.message);
    }
    await (0,promises_.mkdir)(options.logDirectory, { recursive: true });
    const network = networkName(runId);
    const label = `${LABEL_RUN}=${runId}`;
    const created = await docker.run(['network', 'create', '--label', label, network]);
    if (created.exitCode !== 0) {
        return notStarted(`Could not create the services' network ${network}: ${lastLine(created.stderr)}`);
    }
    const results = await Promise.all(specs.map((spec) => startOne(spec, network, options)));
    const started = results.flatMap((r) => (r.started ? [r.started] : []));
    return {
        outcomes: results.map((r) => r.outcome),
        started,
        healthy: results.every((r) => r.outcome.status === 'healthy'),
    };
}
async function startOne(spec, network, options) {
    const { docker, log } = options;
    const base = { name: spec.name, image: spec.image };
    const failed = (reason, logFile) => ({
        outcome: { ...base, status: 'failed', reason, logFile },
    });
    if (!(await docker.imageExists(spec.image))) {
        log(`Pulling ${spec.image} for ${spec.name}...`);
        const pulled = await docker.pull(spec.image, log);
        if (pulled.exitCode !== 0) {
            return failed(`the image could not be pulled: ${lastLine(pulled.stderr)}`);
        }
    }
    const { args, env } = dockerRunArguments(spec, {
        container: containerName(options.runId, spec.name),
        network,
        runId: options.runId,
    });
    const startedAt = Date.now();
    const run = await docker.run(args, { env });
    if (run.exitCode !== 0)
        return failed(`the container could not be started: ${lastLine(run.stderr)}`);
    const id = run.stdout.trim();
    const logFile = external_node_path_default().join(options.logDirectory, `${spec.name}.log`);
    docker.followLogs(id, logFile);
    const details = await docker.inspectContainer(id);
    const ports = details?.ports ?? {};
    const missing = spec.ports.filter((port) => ports[port] === undefined);
    if (missing.length > 0 && details?.running) {
        return failed(`Docker published no host port for container port ${missing.join(', ')}`, logFile);
    }
    const endpoint = {
        name: spec.name,
        host: SERVICE_HOST,
        ports,
        url: undefined,
    };
    if (spec.preset?.url && missing.length === 0) {
        endpoint.url = spec.preset.url((0,environment/* connectionContext */.Wq)(spec, endpoint));
    }
    const probe = {
        name: spec.name,
        host: SERVICE_HOST,
        containerPorts: spec.ports,
        hostPort: (containerPort) => ports[containerPort],
        exec: (command, timeoutMs) => docker.exec(id, command, timeoutMs),
        readLog: () => (0,promises_.readFile)(logFile, 'utf8').catch(() => ''),
        state: async () => (await docker.inspectContainer(id)) ?? { running: false, error: 'the container is gone' },
    };
    const health = await resolveHealth(spec, docker);
    const result = await waitUntilHealthy(probe, health, { signal: options.signal });
    if (!result.healthy) {
        return { outcome: { ...base, status: 'unhealthy', reason: result.reason, endpoint, logFile } };
    }
    const healthyAfterMs = Date.now() - startedAt;
    log(`${spec.name} (${spec.image}) is healthy after ${(healthyAfterMs / 1000).toFixed(1)} s.`);
    return {
        outcome: { ...base, status: 'healthy', healthyAfterMs, endpoint, logFile },
        started: { spec, endpoint },
    };
}
/** No check asked for and no preset: the image's HEALTHCHECK, else TCP on every port. */
async function resolveHealth(spec, docker) {
    if (!spec.healthFromImage)
        return spec.health;
    if (await docker.imageHasHealthcheck(spec.image))
        return { ...spec.health, check: { kind: 'image' } };
    return { ...spec.health, check: spec.ports.length > 0 ? { kind: 'tcp' } : { kind: 'none' } };
}

;// CONCATENATED MODULE: ./src/services/compose.ts








/** Labels Compose (v1 and v2) puts on what it creates. */
const COMPOSE_LABEL_PROJECT = 'com.docker.compose.project';
const COMPOSE_LABEL_SERVICE = 'com.docker.compose.service';
/** `up` may pull and build images, and waits for `depends_on` conditions. */
const UP_TIMEOUT_MS = 20 * 60_000;
const DOWN_TIMEOUT_MS = 2 * 60_000;
const CONFIG_TIMEOUT_MS = 60_000;
/** The project of the run: unique, so nothing of another run or of the user is touched. */
function composeProjectName(runId) {
    // Compose v1 drops characters outside [a-z0-9_-] from a project name; v2 rejects them.
    return `itest-${runId
        .slice(0, 8)
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, '')}`;
}
/**
 * `['compose']` when the Docker CLI has the Compose v2 plugin (GitHub's runners do), else
 * `['docker-compose']` when the v1 binary is installed, else undefined.
 */
async function detectComposeCommand(docker) {
    if ((await docker.run(['compose', 'version'], { timeoutMs: 20_000 })).exitCode === 0)
        return ['compose'];
    const v1 = new DockerCli('docker-compose');
    if ((await v1.run(['version'], { timeoutMs: 20_000 })).exitCode === 0)
        return ['docker-compose'];
    return undefined;
}
/**
 * Brings the compose files' services up and waits until each is healthy, side by side: the
 * service's healthcheck as Docker reports it, else TCP on every published port, else nothing.
 * A service that does not start or never becomes healthy is an outcome with a reason; what
 * stops every service (no Docker, no Compose, files Compose rejects) is `error`, as with
 * startServices. Never throws for those. The caller removes the project.
 */
async function startComposeServices(options) {
    const { files, docker, runId, log } = options;
    if (files.length === 0)
        return { outcomes: [], started: [], healthy: true };
    const notStarted = (error) => ({
        error,
        outcomes: [],
        started: [],
        healthy: false,
    });
    let compose;
    try {
        await docker.assertReachable();
        compose = await composeFor(docker, options.command);
    }
    catch (error) {
        return notStarted(error.message);
    }
    await (0,promises_.mkdir)(options.logDirectory, { recursive: true });
    const project = composeProjectName(runId);
    const base = ['-p', project, ...files.flatMap((file) => ['-f', file])];
    const config = await compose.run([...base, 'config'], { timeoutMs: CONFIG_TIMEOUT_MS });
    if (config.exitCode !== 0) {
        return notStarted(`The compose file${files.length > 1 ? 's' : ''} ${files.join(', ')} could not be read ` +
            `by \`${compose.name}\`: ${errorText(config.stderr)}`);
    }
    for (const line of warnings(config.stderr))
        log(line);
    const model = readModel(config.stdout, activeProfiles());
    if (model.services.length === 0)
        return { outcomes: [], started: [], healthy: true };
    // Compose labels nothing with the run's label by itself: an override merged last adds it to
    // every container and network, so the post step's removal by label finds them too.
    const override = external_node_path_default().join(options.logDirectory, `compose-labels-${project}.yml`);
    await (0,promises_.writeFile)(override, labelOverride(model, runId));
    const startedAt = Date.now();
    log(`Starting ${model.services.map((s) => s.name).join(', ')} with \`${compose.name}\`...`);
    // Missing images are pulled (quietly: progress lines would only fill the log) and `build:`
    // services built, as plain `up` does in v1 and v2; present images are used as they are.
    if (options.signal?.aborted) {
        const outcomes = model.services.map((s) => ({
            name: s.name,
            image: s.image ?? '',
            status: 'failed',
            reason: 'cancelled',
        }));
        return { outcomes, started: [], healthy: false };
    }
    const up = await compose.run([...base, '-f', override, 'up', '--detach', '--quiet-pull'], {
        timeoutMs: UP_TIMEOUT_MS,
    });
    for (const line of up.stderr.trim().split('\n').filter(Boolean))
        log(line.trim());
    const containers = await projectContainers(docker, project);
    const logFiles = new Map();
    for (const service of model.services) {
        const id = containers.get(service.name);
        if (id === undefined)
            continue;
        const logFile = external_node_path_default().join(options.logDirectory, `${service.name}.log`);
        docker.followLogs(id, logFile);
        logFiles.set(service.name, logFile);
    }
    if (up.exitCode !== 0) {
        const reasons = upErrors(up.stderr);
        return {
            outcomes: model.services.map((service) => ({
                name: service.name,
                image: service.image ?? '',
                status: 'failed',
                reason: `\`${compose.name} up\` failed: ${reasons.byService.get(service.name) ?? (reasons.last || `exit ${up.exitCode}`)}`,
                logFile: logFiles.get(service.name),
            })),
            started: [],
            healthy: false,
        };
    }
    const results = await Promise.all(model.services.map((service) => awaitService(service, containers.get(service.name), logFiles.get(service.name), {
        ...options,
        startedAt,
    })));
    return {
        outcomes: results.map((r) => r.outcome),
        started: results.flatMap((r) => (r.started ? [r.started] : [])),
        healthy: results.every((r) => r.outcome.status === 'healthy'),
    };
}
/**
 * `down --volumes --remove-orphans` of the run's project: its containers, networks and named
 * volumes. Best effort, never throws; removal by label (DockerCli.removeRun) is the backstop.
 */
async function removeComposeProject(docker, runId, files, command) {
    try {
        const compose = await composeFor(docker, command);
        const project = composeProjectName(runId);
        const down = ['down', '--volumes', '--remove-orphans', '--timeout', '2'];
        const withFiles = ['-p', project, ...files.flatMap((file) => ['-f', file]), ...down];
        const result = await compose.run(withFiles, { timeoutMs: DOWN_TIMEOUT_MS });
        // The files may be gone or broken by now; v2 finds a project's resources by name alone.
        if (result.exitCode !== 0 && compose.name === 'docker compose') {
            await compose.run(['-p', project, ...down], { timeoutMs: DOWN_TIMEOUT_MS });
        }
    }
    catch {
        // Best effort: the caller removes whatever is left by label.
    }
}
/** v2 is a subcommand of the Docker CLI; v1 a binary of its own, run through the same edge. */
async function composeFor(docker, given) {
    const command = given ?? (await detectComposeCommand(docker));
    if (command === undefined || command.length === 0) {
        throw new Error('Compose files were given, but neither `docker compose` (Compose v2) nor ' +
            '`docker-compose` (Compose v1) is installed on this runner.');
    }
    const [first, ...rest] = command;
    const [cli, prefix] = first === 'compose' ? [docker, command] : [new DockerCli(first), rest];
    return {
        name: first === 'compose' ? 'docker compose' : command.join(' '),
        run: (args, runOptions) => cli.run([...prefix, ...args], runOptions),
    };
}
/** Profiles Compose enables without `--profile` (which the action does not pass). */
function activeProfiles() {
    return new Set((process.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()));
}
/** The parts of `compose config` (the merged, normalized file; same shape in v1 and v2) used. */
function readModel(text, profiles) {
    const doc = asRecord((0,dist.parse)(text));
    const entries = Object.entries(asRecord(doc.services)).filter(([, value]) => {
        // v2 leaves services of inactive profiles out of `config`; v1 lists them.
        const own = asArray(asRecord(value).profiles);
        return own.length === 0 || own.some((p) => typeof p === 'string' && profiles.has(p));
    });
    const services = entries.map(([name, value]) => {
        const service = asRecord(value);
        const ports = asArray(service.ports).flatMap((entry) => {
            const port = asRecord(entry);
            const target = Number(port.target);
            return Number.isInteger(target) && port.protocol !== 'udp' ? [target] : [];
        });
        return {
            name,
            image: typeof service.image === 'string' ? service.image : undefined,
            ports: [...new Set(ports)],
        };
    });
    const declared = asRecord(doc.networks);
    const networks = new Set(['default', ...Object.keys(declared)]);
    for (const [name, value] of Object.entries(declared)) {
        // Compose does not create external networks, and rejects labels on them.
        if (asRecord(value).external)
            networks.delete(name);
    }
    return { services, networks: [...networks] };
}
/** JSON is YAML to both Compose versions, and no version key keeps it mergeable with any file. */
function labelOverride(model, runId) {
    const services = Object.fromEntries(model.services.map((s) => [
        s.name,
        { labels: { [LABEL_RUN]: runId, [LABEL_SERVICE]: s.name } },
    ]));
    const networks = Object.fromEntries(model.networks.map((name) => [name, { labels: { [LABEL_RUN]: runId } }]));
    return `${JSON.stringify({ services, networks }, null, 2)}\n`;
}
/** Service name -> container id, from the labels Compose puts on its containers. */
async function projectContainers(docker, project) {
    const listed = await docker.run([
        'ps',
        '--all',
        '--no-trunc',
        '--filter',
        `label=${COMPOSE_LABEL_PROJECT}=${project}`,
        '--format',
        `{{.ID}}\t{{.Label "${COMPOSE_LABEL_SERVICE}"}}`,
    ]);
    const containers = new Map();
    for (const line of listed.stdout.split('\n')) {
        const [id, service] = line.trim().split('\t');
        // With replicas, the first container stands for the service.
        if (id && service && !containers.has(service))
            containers.set(service, id);
    }
    return containers;
}
async function awaitService(service, id, logFile, options) {
    const { docker } = options;
    const name = service.name;
    if (id === undefined || logFile === undefined) {
        return {
            outcome: {
                name,
                image: service.image ?? '',
                status: 'failed',
                reason: 'Compose created no container for it',
            },
        };
    }
    const details = await docker.inspectContainer(id);
    const published = details ?? {
        ports: {},
    };
    const image = service.image ?? published.image ?? '';
    const containerPorts = [
        ...service.ports.filter((port) => published.ports[port] !== undefined),
        ...Object.keys(published.ports)
            .map(Number)
            .filter((port) => !service.ports.includes(port))
            .sort((a, b) => a - b),
    ];
    // Docker reports a health status (from the first moment) only when there is a healthcheck.
    const check = details?.health !== undefined
        ? { kind: 'image' }
        : containerPorts.length > 0
            ? { kind: 'tcp' }
            : { kind: 'none' };
    const health = {
        check,
        timeoutMs: options.healthTimeoutMs ?? services_health/* DEFAULT_HEALTH_TIMEOUT_MS */.M,
        intervalMs: services_health/* DEFAULT_HEALTH_INTERVAL_MS */.q,
    };
    const spec = {
        name,
        image,
        env: {},
        ports: containerPorts,
        volumes: [],
        options: [],
        health,
        healthFromImage: false,
        secrets: [],
    };
    const endpoint = { name, host: SERVICE_HOST, ports: published.ports };
    const probe = {
        name,
        host: SERVICE_HOST,
        containerPorts,
        hostPort: (containerPort) => published.ports[containerPort],
        exec: (command, timeoutMs) => docker.exec(id, command, timeoutMs),
        readLog: () => (0,promises_.readFile)(logFile, 'utf8').catch(() => ''),
        state: async () => (await docker.inspectContainer(id)) ?? { running: false, error: 'the container is gone' },
    };
    const result = await waitUntilHealthy(probe, health, { signal: options.signal });
    const base = { name, image, endpoint, logFile };
    if (!result.healthy) {
        return { outcome: { ...base, status: 'unhealthy', reason: result.reason } };
    }
    const healthyAfterMs = Date.now() - options.startedAt;
    options.log(`${name} (${image}) is healthy after ${(healthyAfterMs / 1000).toFixed(1)} s.`);
    return {
        outcome: { ...base, status: 'healthy', healthyAfterMs },
        started: { spec, endpoint },
    };
}
/**
 * What `up` said went wrong: v1 prints `ERROR: for <service>  <why>` per service and ends with
 * a line that says nothing ("Encountered errors..."); v2 prints the daemon's error last.
 */
function upErrors(stderr) {
    const byService = new Map();
    let last = '';
    for (const raw of stderr.split('\n')) {
        const line = raw.trim();
        const forService = /^ERROR: for (\S+) +(.+)$/.exec(line);
        if (forService)
            byService.set(forService[1], forService[2]);
        if (/^(ERROR|Error)\b/.test(line))
            last = forService?.[2] ?? line;
    }
    return { last: last || lastLine(stderr), byService };
}
/** Compose's complaint without its warnings, on one line. */
function errorText(stderr) {
    const lines = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !isWarning(line));
    return lines.join(' ') || lastLine(stderr) || 'no reason given';
}
function warnings(stderr) {
    return stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(isWarning);
}
function isWarning(line) {
    return /^(WARN(ING)?\b|time="[^"]*" level=warning)/.test(line);
}
function asRecord(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : {};
}
function asArray(value) {
    return Array.isArray(value) ? value : [];
}

;// CONCATENATED MODULE: ./src/services/index.ts
/** The services stage, loaded as one piece by runs that have services. */





/***/ })

};
