import { buildUrl, type Preset } from '../preset.js';

export const mailpit: Preset = {
  name: 'mailpit',
  kind: 'mailpit',
  image: 'axllent/mailpit:v1.27.0',
  ports: [1025, 8025],
  env: {},
  health: () => ({ kind: 'http', port: 8025, path: '/readyz' }),
  secretEnv: [],
  url: (c) => buildUrl('http', c, 8025),
  variables: (c) => ({
    SMTP_HOST: c.host,
    SMTP_PORT: String(c.port(1025)),
    MAILPIT_URL: buildUrl('http', c, 8025),
  }),
};
