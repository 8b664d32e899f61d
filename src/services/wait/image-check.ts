import type { HealthCheck } from '../health.js';
import type { CheckAttempt } from './check.js';
import type { ServiceProbe } from './probe.js';

/** Ready when Docker reports the image's own HEALTHCHECK healthy. */
export async function checkImage(
  probe: ServiceProbe,
  _check: Extract<HealthCheck, { kind: 'image' }>,
  _attemptTimeoutMs: number,
): Promise<CheckAttempt> {
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
