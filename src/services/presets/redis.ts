import { buildUrl, type Preset } from '../preset.js';

export const redis: Preset = {
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
