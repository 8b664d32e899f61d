import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { yamlParser } from '../vendor/yaml.js';
import {
  DEFAULT_HEALTH_INTERVAL_MS,
  DEFAULT_HEALTH_TIMEOUT_MS,
  type HealthCheck,
  type HealthSettings,
} from '../services/health.js';
import {
  GENERATED_PASSWORD,
  PRESET_NAMES,
  type Preset,
  type PresetName,
} from '../services/preset.js';
import { PRESETS } from '../services/presets/index.js';
import type { ServiceSpec } from '../services/service.js';
import { validateLogPattern } from '../services/wait/log-check.js';
import { InputError, parseDuration, splitShellWords } from './values.js';

const INPUT = 'services';
const SERVICE_KEYS = [
  'preset',
  'image',
  'env',
  'ports',
  'command',
  'entrypoint',
  'volumes',
  'options',
  'health',
] as const;
const HEALTH_KINDS = ['cmd', 'http', 'tcp', 'log', 'none'] as const;
/** Names that make a value secret when the user passes it in `env`. */
const SECRET_NAME = /PASS(WORD)?|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|ACCESS_?KEY/i;

type Mapping = Record<string, unknown>;

/**
 * The `services` input: a YAML mapping of service name to settings (or to nothing, for a preset
 * with its defaults). Every error names the service and the setting.
 */
export function parseServices(raw: string, workingDirectory: string): ServiceSpec[] {
  if (raw.trim() === '') return [];
  let document: unknown;
  const parseYaml = yamlParser();
  try {
    document = parseYaml(raw);
  } catch (error) {
    throw new InputError(INPUT, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || document === undefined) return [];
  if (!isMapping(document)) {
    throw new InputError(INPUT, 'must be a YAML mapping of service name to settings');
  }
  const names = new Set<string>();
  return Object.entries(document).map(([name, settings]) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      throw new InputError(
        INPUT,
        `"${name}" is not a usable service name: letters, digits, "_", "." and "-", starting with a letter or digit`,
      );
    }
    const key = name.toLowerCase();
    if (names.has(key)) throw new InputError(INPUT, `"${name}" is named twice`);
    names.add(key);
    return parseService(name, settings ?? {}, workingDirectory);
  });
}

function parseService(name: string, settings: unknown, workingDirectory: string): ServiceSpec {
  const where = `service "${name}"`;
  if (!isMapping(settings)) throw new InputError(INPUT, `${where} must be a mapping of settings`);
  for (const key of Object.keys(settings)) {
    if (!(SERVICE_KEYS as readonly string[]).includes(key)) {
      throw new InputError(
        INPUT,
        `${where}: unknown setting "${key}"; it accepts ${SERVICE_KEYS.join(', ')}`,
      );
    }
  }
  const preset = presetOf(name, settings, where);
  const image = optionalString(settings.image, `${where}: image`) ?? preset?.image;
  if (!image) {
    throw new InputError(
      INPUT,
      `${where} needs an image, or a preset (${PRESET_NAMES.join(', ')}) by its name or by "preset:"`,
    );
  }
  const userEnv = stringMap(settings.env, `${where}: env`);
  const env = withGeneratedPasswords({ ...preset?.env, ...userEnv });
  const ports =
    settings.ports === undefined
      ? [...(preset?.ports ?? [])]
      : portList(settings.ports, `${where}: ports`);
  const health = parseHealth(settings.health, preset, env, ports, where);
  const healthFromImage = !preset && (settings.health === undefined || settings.health === null);
  const secretNames = new Set([
    ...(preset?.secretEnv ?? []),
    ...Object.keys(env).filter((k) => SECRET_NAME.test(k)),
  ]);
  return {
    name,
    preset,
    image,
    env,
    ports,
    command: argv(settings.command, `${where}: command`),
    entrypoint: optionalString(settings.entrypoint, `${where}: entrypoint`),
    volumes: stringList(settings.volumes, `${where}: volumes`).map((v) =>
      resolveVolume(v, workingDirectory),
    ),
    options: stringList(settings.options, `${where}: options`),
    health,
    healthFromImage,
    secrets: [...secretNames].map((k) => env[k]).filter((v): v is string => !!v),
  };
}

function presetOf(name: string, settings: Mapping, where: string): Preset | undefined {
  const named = optionalString(settings.preset, `${where}: preset`);
  if (named !== undefined) {
    if (!(PRESET_NAMES as readonly string[]).includes(named)) {
      throw new InputError(
        INPUT,
        `${where}: preset "${named}" does not exist; presets are ${PRESET_NAMES.join(', ')}`,
      );
    }
    return PRESETS[named as PresetName];
  }
  // A service named like a preset is that preset; its settings override the preset's.
  return (PRESET_NAMES as readonly string[]).includes(name)
    ? PRESETS[name as PresetName]
    : undefined;
}

function parseHealth(
  raw: unknown,
  preset: Preset | undefined,
  env: Record<string, string>,
  ports: readonly number[],
  where: string,
): HealthSettings {
  // Without a preset the image decides: its HEALTHCHECK, else TCP on every port (resolved
  // once the image is there: see resolveDefaultHealth).
  const fallback: HealthCheck = preset ? preset.health(env) : { kind: 'image' };
  const settings = { timeoutMs: DEFAULT_HEALTH_TIMEOUT_MS, intervalMs: DEFAULT_HEALTH_INTERVAL_MS };
  if (raw === undefined || raw === null) return { check: fallback, ...settings };
  if (raw === 'none') return { check: { kind: 'none' }, ...settings };
  if (!isMapping(raw))
    throw new InputError(
      INPUT,
      `${where}: health must be a mapping (cmd, http, tcp, log or none; timeout, interval)`,
    );
  const label = `${where}: health`;
  const kinds = HEALTH_KINDS.filter((kind) => raw[kind] !== undefined);
  for (const key of Object.keys(raw)) {
    if (
      !(HEALTH_KINDS as readonly string[]).includes(key) &&
      key !== 'timeout' &&
      key !== 'interval'
    ) {
      throw new InputError(
        INPUT,
        `${label}: unknown setting "${key}"; it accepts ${HEALTH_KINDS.join(', ')}, timeout, interval`,
      );
    }
  }
  if (kinds.length > 1)
    throw new InputError(INPUT, `${label} names ${kinds.join(' and ')}: choose one`);
  const timeoutMs =
    raw.timeout === undefined ? settings.timeoutMs : parseDuration(INPUT, String(raw.timeout));
  const intervalMs =
    raw.interval === undefined ? settings.intervalMs : parseDuration(INPUT, String(raw.interval));
  const kind = kinds[0];
  const check: HealthCheck =
    kind === undefined
      ? fallback
      : kind === 'cmd'
        ? { kind: 'cmd', command: cmdOf(raw.cmd, `${label}.cmd`) }
        : kind === 'http'
          ? httpOf(raw.http, ports, `${label}.http`)
          : kind === 'tcp'
            ? tcpOf(raw.tcp, `${label}.tcp`)
            : kind === 'log'
              ? logOf(raw.log, `${label}.log`)
              : { kind: 'none' };
  return { check, timeoutMs, intervalMs };
}

/** A string runs through `sh -c` in the container; a list is the command itself. */
function cmdOf(raw: unknown, label: string): string[] {
  if (typeof raw === 'string' && raw.trim() !== '') return ['sh', '-c', raw];
  const list = argv(raw, label);
  if (!list || list.length === 0)
    throw new InputError(INPUT, `${label} must be a command string or a list of arguments`);
  return list;
}

function httpOf(raw: unknown, ports: readonly number[], label: string): HealthCheck {
  if (typeof raw === 'string') raw = { path: raw };
  if (!isMapping(raw)) throw new InputError(INPUT, `${label} must be a mapping with port and path`);
  const port = raw.port === undefined ? ports[0] : portNumber(raw.port, `${label}.port`);
  if (port === undefined)
    throw new InputError(INPUT, `${label} needs a port (the service publishes none)`);
  const path = optionalString(raw.path, `${label}.path`) ?? '/';
  const status =
    raw.status === undefined
      ? undefined
      : (Array.isArray(raw.status) ? raw.status : [raw.status]).map((s) =>
          portNumber(s, `${label}.status`),
        );
  return {
    kind: 'http',
    port,
    path: path.startsWith('/') ? path : `/${path}`,
    ...(status ? { status } : {}),
  };
}

function tcpOf(raw: unknown, label: string): HealthCheck {
  if (raw === true || raw === null) return { kind: 'tcp' };
  if (isMapping(raw))
    return raw.ports === undefined
      ? { kind: 'tcp' }
      : { kind: 'tcp', ports: portList(raw.ports, `${label}.ports`) };
  return { kind: 'tcp', ports: portList(raw, label) };
}

function logOf(raw: unknown, label: string): HealthCheck {
  const pattern = typeof raw === 'string' ? raw : isMapping(raw) ? raw.pattern : undefined;
  if (typeof pattern !== 'string' || pattern === '')
    throw new InputError(INPUT, `${label} must be a pattern, or a mapping with pattern and times`);
  const invalid = validateLogPattern(pattern);
  if (invalid) {
    throw new InputError(INPUT, `${label}: "${pattern}" is not a usable pattern: ${invalid}`);
  }
  const times =
    isMapping(raw) && raw.times !== undefined
      ? positiveInteger(raw.times, `${label}.times`)
      : undefined;
  return { kind: 'log', pattern, ...(times ? { times } : {}) };
}

function resolveVolume(volume: string, workingDirectory: string): string {
  const [source, ...rest] = volume.split(':');
  // A relative host path (./mocks, mocks/x) is the working directory's; a bare name is a named volume.
  if (source && (source.startsWith('.') || (source.includes('/') && !path.isAbsolute(source)))) {
    return [path.resolve(workingDirectory, source), ...rest].join(':');
  }
  return volume;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new InputError(INPUT, `${label} must be a string`);
}

function stringMap(value: unknown, label: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) throw new InputError(INPUT, `${label} must be a mapping of NAME: value`);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (v !== null && typeof v === 'object')
        throw new InputError(INPUT, `${label}.${k} must be a string, number or boolean`);
      return [k, v === null || v === undefined ? '' : String(v)];
    }),
  );
}

function stringList(value: unknown, label: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map(String);
  throw new InputError(INPUT, `${label} must be a list of strings`);
}

function argv(value: unknown, label: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return splitShellWords(INPUT, value);
  return stringList(value, label);
}

function portList(value: unknown, label: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((port) => portNumber(port, label));
}

function portNumber(value: unknown, label: string): number {
  const port =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InputError(INPUT, `${label}: "${String(value)}" is not a port number (1-65535)`);
  return port;
}

function positiveInteger(value: unknown, label: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InputError(INPUT, `${label} must be a whole number of at least 1`);
  return number;
}

function withGeneratedPasswords(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      value === GENERATED_PASSWORD ? `pw-${randomBytes(12).toString('hex')}` : value,
    ]),
  );
}
