/**
 * What a health strategy may ask of one running container. The Docker edge implements it;
 * strategies never call Docker themselves, so they can be tested against plain local servers.
 */
export interface ServiceProbe {
  /** The service's name, for messages. */
  readonly name: string;
  /** Address the runner reaches published ports on (127.0.0.1). */
  readonly host: string;
  /** The host port Docker published for a container port, if it was published. */
  hostPort(containerPort: number): number | undefined;
  /** Every published container port, in the order the service declared them. */
  readonly containerPorts: readonly number[];
  /** Runs a command inside the container; never throws for a non-zero exit. */
  exec(
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ exitCode: number; output: string }>;
  /** Everything the container has printed so far (stdout and stderr). */
  readLog(): Promise<string>;
  /** The container's state now. */
  state(): Promise<ContainerState>;
}

export interface ContainerState {
  readonly running: boolean;
  /** Set once the container has stopped. */
  readonly exitCode?: number;
  /** Docker's health status when the image has a HEALTHCHECK. */
  readonly health?: 'starting' | 'healthy' | 'unhealthy';
  /** Docker's own error for the container (e.g. OOM killed), if any. */
  readonly error?: string;
}
