import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerState } from '../../../src/services/wait/probe.js';
import { checkImage } from '../../../src/services/wait/image-check.js';
import { waitUntilHealthy } from '../../../src/services/wait/wait-until-healthy.js';
import { testProbe } from './test-probe.js';

const IMAGE = { kind: 'image' } as const;
const running = (health?: ContainerState['health']): ContainerState => ({
  running: true,
  ...(health ? { health } : {}),
});

describe('checkImage', () => {
  test('follows what Docker reports of the HEALTHCHECK', async () => {
    const attempt = async (health?: ContainerState['health']) =>
      checkImage(testProbe({ state: async () => running(health) }), IMAGE, 1000);
    assert.deepEqual(await attempt('healthy'), {
      ready: true,
      detail: "Docker reports the image's HEALTHCHECK healthy",
    });
    assert.deepEqual(await attempt('starting'), {
      ready: false,
      detail: "Docker reports the image's HEALTHCHECK still starting",
    });
    assert.deepEqual(await attempt('unhealthy'), {
      ready: false,
      detail: "Docker reports the image's HEALTHCHECK unhealthy",
    });
    assert.deepEqual(await attempt(undefined), {
      ready: false,
      detail: 'the image has no HEALTHCHECK',
      final: true,
    });
  });
});

describe('waitUntilHealthy with image', () => {
  test('starting, unhealthy, then healthy: keeps polling through unhealthy', async () => {
    const sequence: ContainerState['health'][] = ['starting', 'starting', 'unhealthy', 'healthy'];
    let checks = 0;
    // The loop reads the state too (is it running?): the sequence moves on the image check's reads.
    let read = 0;
    const probe = testProbe({
      state: async () => {
        read++;
        if (read % 2 === 1) return running(sequence[checks]);
        return running(sequence[checks++]);
      },
    });
    const result = await waitUntilHealthy(probe, {
      check: IMAGE,
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    assert.equal(result.healthy, true);
    assert.equal(result.healthy && result.checks, 4);
  });

  test('still unhealthy at the timeout says so', async () => {
    const probe = testProbe({ state: async () => running('unhealthy') });
    const result = await waitUntilHealthy(probe, { check: IMAGE, timeoutMs: 200, intervalMs: 20 });
    assert.equal(
      !result.healthy && result.reason,
      "not healthy after 200ms: Docker reports the image's HEALTHCHECK unhealthy",
    );
  });

  test('no HEALTHCHECK fails at once', async () => {
    const result = await waitUntilHealthy(testProbe(), {
      check: IMAGE,
      timeoutMs: 60_000,
      intervalMs: 10,
    });
    assert.equal(!result.healthy && result.reason, 'not healthy: the image has no HEALTHCHECK');
    assert.ok(result.afterMs < 5000);
  });
});
