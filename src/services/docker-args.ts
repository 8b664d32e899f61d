import type { ServiceSpec } from './service.js';

/** Labels on everything the action creates, so a later step can find and remove it. */
export const LABEL_RUN = 'com.github.integration-test-action.run';
export const LABEL_SERVICE = 'com.github.integration-test-action.service';

/** Names the Docker CLI itself reads, which must not be set in its own environment. */
const CLI_ENV = /^(DOCKER_.*|PATH|HOME|TMPDIR|XDG_.*)$/;

export interface RunArguments {
  readonly args: string[];
  /**
   * Values for the `--env NAME` arguments: given to the docker CLI's environment rather than
   * its arguments, so no password shows in a process list or a logged command line.
   */
  readonly env: Record<string, string>;
}

/** `docker run` for one service: detached, labelled, on the run's network, ports on 127.0.0.1. */
export function dockerRunArguments(
  spec: ServiceSpec,
  names: { readonly container: string; readonly network: string; readonly runId: string },
): RunArguments {
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
  for (const port of spec.ports) args.push('--publish', `127.0.0.1::${port}`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.env)) {
    if (CLI_ENV.test(name)) {
      args.push('--env', `${name}=${value}`);
    } else {
      args.push('--env', name);
      env[name] = value;
    }
  }
  for (const volume of spec.volumes) args.push('--volume', volume);
  if (spec.entrypoint !== undefined) args.push('--entrypoint', spec.entrypoint);
  args.push(...spec.options, spec.image, ...(spec.command ?? []));
  return { args, env };
}

/** A container name Docker accepts, unique to the run: `itest-<run>-<service>`. */
export function containerName(runId: string, service: string): string {
  return `itest-${runId.slice(0, 8)}-${service.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}

export function networkName(runId: string): string {
  return `itest-${runId.slice(0, 8)}`;
}
