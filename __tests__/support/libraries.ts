import { loadXmlParser } from '../../src/parsers/xml.js';
import { loadYaml } from '../../src/vendor/yaml.js';

/**
 * The libraries the action loads on first need (fast-xml-parser, yaml; see ResultParser.load),
 * for tests that call parsers and the services reader directly rather than through the collector.
 */
export async function loadLazyLibraries(): Promise<void> {
  await Promise.all([loadXmlParser(), loadYaml()]);
}
