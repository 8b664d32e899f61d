import { execFile, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { LABEL_RUN } from './docker-args.js';
import type { ContainerState } from './wait/probe.js';

export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Docker is not there or does not answer: one clear error, before anything starts. */
export class DockerUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `Docker is not reachable (${detail}). Services need a runner with a Docker engine: ` +
        'GitHub-hosted Linux runners (ubuntu-*) have one; macOS and Windows runners do not.',
    );
    this.name = 'DockerUnavailableError';
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 10 * 60_000;
const PULL_ATTEMPTS = 3;

export interface ContainerDetails extends ContainerState {
  /** TCP container port -> host port reachable on 127.0.0.1, as Docker published them. */
  readonly ports: Readonly<Record<number, number>>;
  /** The image the container was created from, as named. */
  readonly image?: string;
}

/** Host addresses a published port is reachable on from 127.0.0.1, best first. */
const HOST_IP_PREFERENCE = ['127.0.0.1', '', '0.0.0.0'];

/**
 * The only place that runs the docker CLI. Every call is bounded in time and returns what the
 * CLI said; callers turn that into messages that name the service.
 */
export class DockerCli {
  constructor(private readonly binary: string = process.env.DOCKER_CLI || 'docker') {}

  run(
    args: readonly string[],
    options: { env?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<DockerResult> {
    return new Promise((resolve) => {
      execFile(
        this.binary,
        args,
        {
          env: { ...process.env, ...options.env },
          timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
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
        },
      );
    });
  }

  async assertReachable(): Promise<string> {
    const result = await this.run(['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: 20_000,
    });
    if (result.exitCode !== 0)
      throw new DockerUnavailableError(lastLine(result.stderr) || `exit ${result.exitCode}`);
    return result.stdout.trim();
  }

  async imageExists(image: string): Promise<boolean> {
    return (await this.run(['image', 'inspect', '--format', '{{.Id}}', image])).exitCode === 0;
  }

  /** Pulls with retries: registries fail now and then, and a retry is cheaper than a red build. */
  async pull(image: string, log: (message: string) => void): Promise<DockerResult> {
    let result: DockerResult = { exitCode: 1, stdout: '', stderr: '' };
    for (let attempt = 1; attempt <= PULL_ATTEMPTS; attempt++) {
      result = await this.run(['pull', '--quiet', image], { timeoutMs: PULL_TIMEOUT_MS });
      if (result.exitCode === 0 || isPermanentPullError(result.stderr)) return result;
      if (attempt < PULL_ATTEMPTS) {
        log(`Pulling ${image} failed (${lastLine(result.stderr)}); trying again.`);
        await delay(2000 * attempt);
      }
    }
    return result;
  }

  /** Whether the image declares a HEALTHCHECK. */
  async imageHasHealthcheck(image: string): Promise<boolean> {
    const result = await this.run([
      'image',
      'inspect',
      '--format',
      '{{json .Config.Healthcheck}}',
      image,
    ]);
    if (result.exitCode !== 0) return false;
    const test = (JSON.parse(result.stdout.trim() || 'null') as { Test?: string[] } | null)?.Test;
    return !!test && test.length > 0 && test[0] !== 'NONE';
  }

  async inspectContainer(id: string): Promise<ContainerDetails | undefined> {
    const result = await this.run(['container', 'inspect', '--format', '{{json .}}', id]);
    if (result.exitCode !== 0) return undefined;
    const info = JSON.parse(result.stdout) as DockerInspect;
    const ports: Record<number, number> = {};
    for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const [port, protocol] = key.split('/');
      if (protocol !== 'tcp') continue;
      // Ours are bound to 127.0.0.1; Compose binds to every address unless told otherwise.
      const binding = (bindings ?? [])
        .filter((b) => HOST_IP_PREFERENCE.includes(b.HostIp))
        .sort(
          (a, b) => HOST_IP_PREFERENCE.indexOf(a.HostIp) - HOST_IP_PREFERENCE.indexOf(b.HostIp),
        )[0];
      if (binding) ports[Number(port)] = Number(binding.HostPort);
    }
    const state = info.State ?? {};
    const health = state.Health?.Status;
    return {
      running: state.Running === true,
      exitCode: state.Running ? undefined : state.ExitCode,
      health:
        health === 'starting' || health === 'healthy' || health === 'unhealthy'
          ? health
          : undefined,
      error: state.OOMKilled ? 'killed: out of memory' : state.Error || undefined,
      ports,
      image: info.Config?.Image,
    };
  }

  async exec(
    id: string,
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ exitCode: number; output: string }> {
    const result = await this.run(['exec', id, ...command], { timeoutMs });
    return { exitCode: result.exitCode, output: `${result.stdout}${result.stderr}` };
  }

  /**
   * Streams a container's output into a file as it comes, through the OS: never held in this
   * process's memory, whatever its size. The follower ends when the container is removed.
   */
  followLogs(id: string, file: string): { stop: () => void } {
    const fd = openSync(file, 'a');
    const child = spawn(this.binary, ['logs', '--follow', id], { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.on('error', () => undefined);
    child.unref();
    return { stop: () => child.kill() };
  }

  /** Removes every container and network of the run (or of any run, with runId '*'). */
  async removeRun(
    runId: string,
  ): Promise<{ containers: number; networks: number; errors: string[] }> {
    const filter = runId === '*' ? LABEL_RUN : `${LABEL_RUN}=${runId}`;
    const errors: string[] = [];
    const containers = (
      await this.run(['ps', '--all', '--quiet', '--filter', `label=${filter}`])
    ).stdout
      .split(/\s+/)
      .filter(Boolean);
    if (containers.length > 0) {
      const removed = await this.run(['rm', '--force', '--volumes', ...containers]);
      if (removed.exitCode !== 0) errors.push(lastLine(removed.stderr));
    }
    const networks = (
      await this.run(['network', 'ls', '--quiet', '--filter', `label=${filter}`])
    ).stdout
      .split(/\s+/)
      .filter(Boolean);
    if (networks.length > 0) {
      const removed = await this.run(['network', 'rm', ...networks]);
      if (removed.exitCode !== 0) errors.push(lastLine(removed.stderr));
    }
    return { containers: containers.length, networks: networks.length, errors };
  }
}

interface DockerInspect {
  Config?: { Image?: string };
  State?: {
    Running?: boolean;
    ExitCode?: number;
    Error?: string;
    OOMKilled?: boolean;
    Health?: { Status?: string };
  };
  NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> };
}

/** A missing image or a denied registry will not change on a retry. */
function isPermanentPullError(stderr: string): boolean {
  return /not found|manifest unknown|pull access denied|repository does not exist|unauthorized|invalid reference/i.test(
    stderr,
  );
}

export function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}
