import type { HealthCheck } from './health.js';

/** What a preset's connection details are built from once its container runs. */
export interface ConnectionContext {
  /** Where the runner reaches the published ports (127.0.0.1). */
  readonly host: string;
  /** The host port published for a container port. */
  readonly port: (containerPort: number) => number;
  /** The service's environment, the preset's defaults merged with the user's. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * A service kind the action knows: plain data, plus how to reach it. Everything here can be
 * overridden per service in the `services` input.
 */
export interface Preset {
  readonly name: PresetName;
  /** A maintained tag: the default when the service names no image. */
  readonly image: string;
  readonly ports: readonly number[];
  readonly env: Readonly<Record<string, string>>;
  /**
   * The readiness check. It must go through TCP: official images run a socket-only server while
   * they initialise, and a check over the socket would pass before the real server is up.
   */
  readonly health: (env: Readonly<Record<string, string>>) => HealthCheck;
  /** Services of one family share variables such as DATABASE_URL, set only when one runs. */
  readonly family?: 'sql';
  /** Presets whose clients read the same variables (MYSQL_URL: mysql and mariadb) share a kind. */
  readonly kind: string;
  /** Environment names whose values are secrets, masked and redacted everywhere. */
  readonly secretEnv: readonly string[];
  /** The `<NAME>_URL` value, for presets with a URL form. */
  readonly url?: (context: ConnectionContext) => string;
  /** The variables the preset's clients read (PGHOST, REDIS_URL, ...): set when it is the only one of its kind. */
  readonly variables: (context: ConnectionContext) => Record<string, string>;
}

/**
 * Stands for a password made up for each run: unguessable and distinct, so masking it hides
 * nothing but itself (a password of "postgres" would mask every mention of postgres). Tests
 * read it from the variables the action hands over (PGPASSWORD, DATABASE_URL, ...).
 */
export const GENERATED_PASSWORD = '<generated>';

export const PRESET_NAMES = [
  'postgres',
  'mysql',
  'mariadb',
  'redis',
  'rabbitmq',
  'mongodb',
  's3',
  'elasticsearch',
  'mailpit',
  'wiremock',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Builds a URL with `URL`, so user names and passwords are percent-encoded, never pasted. */
export function buildUrl(
  scheme: string,
  context: ConnectionContext,
  containerPort: number,
  options: { user?: string; password?: string; path?: string; search?: string } = {},
): string {
  const url = new URL(`${scheme}://${context.host}:${context.port(containerPort)}`);
  if (options.user) url.username = options.user;
  if (options.password) url.password = options.password;
  url.pathname = options.path ?? '';
  if (options.search) url.search = options.search;
  // http(s) URLs always have a path; clients expect the bare origin (AWS_ENDPOINT_URL=http://h:p).
  const text = url.toString();
  return !options.path && !options.search && text.endsWith('/') ? text.slice(0, -1) : text;
}
