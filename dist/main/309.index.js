export const id = 309;
export const ids = [309];
export const modules = {

/***/ 6114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bt: () => (/* binding */ LABEL_RUN),
/* harmony export */   bb: () => (/* binding */ LABEL_SERVICE),
/* harmony export */   oy: () => (/* binding */ dockerRunArguments),
/* harmony export */   uv: () => (/* binding */ networkName),
/* harmony export */   xN: () => (/* binding */ containerName)
/* harmony export */ });
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


/***/ }),

/***/ 8309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DockerCli: () => (/* binding */ DockerCli),
/* harmony export */   DockerUnavailableError: () => (/* binding */ DockerUnavailableError),
/* harmony export */   lastLine: () => (/* binding */ lastLine)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _docker_args_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6114);




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
            (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)(this.binary, args, {
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
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_2__.setTimeout)(2000 * attempt);
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
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(file, 'a');
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(this.binary, ['logs', '--follow', id], { stdio: ['ignore', fd, fd] });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(fd);
        child.on('error', () => undefined);
        child.unref();
        return { stop: () => child.kill() };
    }
    /** Removes every container and network of the run (or of any run, with runId '*'). */
    async removeRun(runId) {
        const filter = runId === '*' ? _docker_args_js__WEBPACK_IMPORTED_MODULE_3__/* .LABEL_RUN */ .Bt : `${_docker_args_js__WEBPACK_IMPORTED_MODULE_3__/* .LABEL_RUN */ .Bt}=${runId}`;
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


/***/ })

};
