/**
 * The yaml library, loaded on first need rather than at every start (~290 kB of the bundle):
 * only the `services` input and TAP's YAML diagnostics are read with it, and most runs have
 * neither. Callers await loadYaml() first; yamlParser() then hands the parse function over
 * synchronously, and says so loudly when the library was not loaded (not a YAML error, so no
 * caller that tolerates bad YAML can swallow it).
 */
import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

export async function loadYaml(): Promise<void> {
  library ??= await import('yaml');
}

export function yamlParser(): (
  text: string,
  options?: { readonly uniqueKeys?: boolean },
) => unknown {
  if (!library) throw new Error('yamlParser() before loadYaml(): the yaml library is not loaded');
  const { parse } = library;
  return (text, options) => parse(text, options);
}
