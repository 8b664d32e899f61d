import type { HealthSettings } from './health.js';
import type { Preset } from './preset.js';

/** One service as the user asked for it, with the preset's defaults applied. */
export interface ServiceSpec {
  /** The name in the `services` mapping: the network alias other services reach it by. */
  readonly name: string;
  readonly preset?: Preset;
  readonly image: string;
  /** The preset's environment with the user's on top. */
  readonly env: Readonly<Record<string, string>>;
  /** Container ports, published on 127.0.0.1 at ports Docker chooses. */
  readonly ports: readonly number[];
  /** Arguments after the image (replacing the image's CMD). */
  readonly command?: readonly string[];
  readonly entrypoint?: string;
  /** `host:container[:mode]`, relative host paths resolved against the working directory. */
  readonly volumes: readonly string[];
  /** Extra `docker run` arguments, as a list (e.g. ["--tmpfs", "/var/lib/postgresql/data"]). */
  readonly options: readonly string[];
  readonly health: HealthSettings;
  /**
   * No check was asked for and no preset gives one: the image's HEALTHCHECK if it has one,
   * else TCP on every published port, else nothing to wait for.
   */
  readonly healthFromImage: boolean;
  /** Values that must never be printed or published. */
  readonly secrets: readonly string[];
}

/** A service whose container was started: where it can be reached. */
export interface ServiceEndpoint {
  readonly name: string;
  readonly host: string;
  /** Container port -> host port. */
  readonly ports: Readonly<Record<number, number>>;
  /** The `<NAME>_URL` value, for presets with a URL form. */
  readonly url?: string;
}

/** What became of one service, for the report. */
export interface ServiceOutcome {
  readonly name: string;
  readonly image: string;
  readonly status: 'healthy' | 'unhealthy' | 'failed';
  /** From `docker run` to the first passing check. */
  readonly healthyAfterMs?: number;
  /** Why it is not healthy, naming the cause. */
  readonly reason?: string;
  readonly endpoint?: ServiceEndpoint;
  /** Where its output was written, kept when anything failed. */
  readonly logFile?: string;
}
