import { buildUrl, type Preset } from '../preset.js';

export const elasticsearch: Preset = {
  name: 'elasticsearch',
  kind: 'elasticsearch',
  image: 'elasticsearch:8.19.0',
  ports: [9200],
  env: {
    'discovery.type': 'single-node',
    'xpack.security.enabled': 'false',
    ES_JAVA_OPTS: '-Xms512m -Xmx512m',
  },
  health: () => ({
    kind: 'http',
    port: 9200,
    path: '/_cluster/health?wait_for_status=yellow&timeout=1s',
  }),
  secretEnv: ['ELASTIC_PASSWORD'],
  url: (c) => buildUrl('http', c, 9200),
  variables: (c) => ({ ELASTICSEARCH_URL: buildUrl('http', c, 9200) }),
};
