import { buildUrl, type Preset } from '../preset.js';

export const wiremock: Preset = {
  name: 'wiremock',
  kind: 'wiremock',
  image: 'wiremock/wiremock:3.13.1',
  ports: [8080],
  env: {},
  health: () => ({ kind: 'http', port: 8080, path: '/__admin/health' }),
  secretEnv: [],
  url: (c) => buildUrl('http', c, 8080),
  variables: (c) => ({ WIREMOCK_URL: buildUrl('http', c, 8080) }),
};
