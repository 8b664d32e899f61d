import type { ConnectionContext } from './preset.js';
import type { ServiceEndpoint, ServiceSpec } from './service.js';

/** `<NAME>` of the variables: upper-cased, every other character than letters and digits `_`. */
export function variablePrefix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export interface StartedService {
  readonly spec: ServiceSpec;
  readonly endpoint: ServiceEndpoint;
}

export function connectionContext(spec: ServiceSpec, endpoint: ServiceEndpoint): ConnectionContext {
  return {
    host: endpoint.host,
    port: (containerPort) => {
      const port = endpoint.ports[containerPort];
      if (port === undefined)
        throw new Error(`${spec.name}: container port ${containerPort} is not published`);
      return port;
    },
    env: spec.env,
  };
}

/**
 * The variables handed to the command. Every service gets `<NAME>_HOST`, `<NAME>_PORT`,
 * `<NAME>_PORT_<containerPort>` and `<NAME>_URL`; a preset's own variables (DATABASE_URL,
 * PGHOST, REDIS_URL...) are set only when one service of its kind runs, since with two they
 * would say nothing about which.
 */
export function serviceVariables(services: readonly StartedService[]): Record<string, string> {
  const variables: Record<string, string> = {};
  const countBy = (key: (s: StartedService) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const service of services) {
      const k = key(service);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  };
  const kinds = countBy((s) => s.spec.preset?.kind);
  const families = countBy((s) => s.spec.preset?.family);

  for (const { spec, endpoint } of services) {
    const prefix = variablePrefix(spec.name);
    variables[`${prefix}_HOST`] = endpoint.host;
    const containerPorts = spec.ports.filter((port) => endpoint.ports[port] !== undefined);
    if (containerPorts.length > 0)
      variables[`${prefix}_PORT`] = String(endpoint.ports[containerPorts[0]!]);
    for (const port of containerPorts)
      variables[`${prefix}_PORT_${port}`] = String(endpoint.ports[port]);
    if (endpoint.url) variables[`${prefix}_URL`] = endpoint.url;

    const preset = spec.preset;
    if (!preset) continue;
    const context = connectionContext(spec, endpoint);
    if (kinds.get(preset.kind) === 1) Object.assign(variables, preset.variables(context));
    if (preset.family === 'sql' && families.get('sql') === 1 && endpoint.url) {
      variables.DATABASE_URL = endpoint.url;
    }
  }
  return variables;
}
