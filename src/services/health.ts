/** How the action decides that a service is ready: the `health` setting of a service. */
export type HealthCheck =
  /** A command run inside the container (`docker exec`); ready when it exits 0. */
  | { readonly kind: 'cmd'; readonly command: readonly string[] }
  /** An HTTP GET from the runner to a published port; ready on an expected status. */
  | {
      readonly kind: 'http';
      readonly port: number;
      readonly path: string;
      /** Statuses that count as ready; default 200-399. */
      readonly status?: readonly number[];
    }
  /** A TCP connection from the runner to each port (default: every published port). */
  | { readonly kind: 'tcp'; readonly ports?: readonly number[] }
  /** A pattern in the container's output, seen `times` times (default 1). */
  | { readonly kind: 'log'; readonly pattern: string; readonly times?: number }
  /** The image's own HEALTHCHECK, as Docker reports it. */
  | { readonly kind: 'image' }
  /** Ready as soon as it runs. */
  | { readonly kind: 'none' };

export interface HealthSettings {
  readonly check: HealthCheck;
  /** Give up after this long (default 2 minutes). */
  readonly timeoutMs: number;
  /** Between two checks: well under a second, so a ready service is seen at once. */
  readonly intervalMs: number;
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;
export const DEFAULT_HEALTH_INTERVAL_MS = 250;
