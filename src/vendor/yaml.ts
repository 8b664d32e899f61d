/**
 * The yaml library, loaded on first need rather than at every start (~290 kB of the bundle):
 * only the `services` input and TAP's YAML diagnostics are read with it, and most runs have
 * neither. Callers await loadYaml() first; yamlParser() then hands the parse function over
 * synchronously, outside any try that tolerates bad YAML.
 */
import { loadedOnFirstNeed } from './on-first-need.js';

const yaml = loadedOnFirstNeed('yaml', () => import('yaml'));

export const loadYaml = yaml.load;

export function yamlParser(): (
  text: string,
  options?: { readonly uniqueKeys?: boolean },
) => unknown {
  const { parse } = yaml.get();
  return (text, options) => parse(text, options);
}
