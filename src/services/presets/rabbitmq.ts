import { buildUrl, GENERATED_PASSWORD, type Preset } from '../preset.js';

const rabbitUser = (env: Readonly<Record<string, string>>) => env.RABBITMQ_DEFAULT_USER || 'guest';

export const rabbitmq: Preset = {
  name: 'rabbitmq',
  kind: 'rabbitmq',
  image: 'rabbitmq:4-management',
  ports: [5672, 15672],
  // Not guest/guest: RabbitMQ lets `guest` in from localhost only, and published ports are not.
  env: { RABBITMQ_DEFAULT_USER: 'rabbitmq', RABBITMQ_DEFAULT_PASS: GENERATED_PASSWORD },
  // AMQP's listener opens last in RabbitMQ's boot, so a connection it holds means ready; and
  // unlike `rabbitmq-diagnostics` (a new Erlang VM per call, ~0.5 s of CPU) it costs nothing.
  health: () => ({ kind: 'tcp', ports: [5672] }),
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
