import { buildUrl, GENERATED_PASSWORD, type Preset } from '../preset.js';

const rabbitUser = (env: Readonly<Record<string, string>>) => env.RABBITMQ_DEFAULT_USER || 'guest';

export const rabbitmq: Preset = {
  name: 'rabbitmq',
  kind: 'rabbitmq',
  image: 'rabbitmq:4-management',
  ports: [5672, 15672],
  // Not guest/guest: RabbitMQ lets `guest` in from localhost only, and published ports are not.
  env: { RABBITMQ_DEFAULT_USER: 'rabbitmq', RABBITMQ_DEFAULT_PASS: GENERATED_PASSWORD },
  health: () => ({
    kind: 'cmd',
    command: ['rabbitmq-diagnostics', '-q', 'check_port_connectivity'],
  }),
  secretEnv: ['RABBITMQ_DEFAULT_PASS'],
  url: (c) => amqpUrl(c),
  variables: (c) => ({ AMQP_URL: amqpUrl(c) }),
};

function amqpUrl(c: Parameters<NonNullable<Preset['url']>>[0]): string {
  return buildUrl('amqp', c, 5672, {
    user: rabbitUser(c.env),
    password: c.env.RABBITMQ_DEFAULT_PASS,
  });
}
