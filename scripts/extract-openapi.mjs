#!/usr/bin/env node
// Extracts the operations the action uses from GitHub's published OpenAPI description
// (@octokit/openapi, ~385 MB unpacked) into a small committed subset that the test server
// (__tests__/support/github-api/server.ts) validates requests and replies against.
//
// Usage: npm run openapi:extract
//
// The package is fetched with `npm pack` (no install, so no install scripts run), checked against
// a pinned integrity, and only generated/api.github.com.json is unpacked from the tarball. That
// file keeps `$ref`s (unlike the .deref variant), so the subset can carry just the components
// the operations reach and the server resolves them with ajv.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@octokit/openapi';
const VERSION = '23.0.2';
// From `npm view @octokit/openapi@23.0.2 dist.integrity`; update together with VERSION.
const INTEGRITY =
  'sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==';
const DESCRIPTION_FILE = 'generated/api.github.com.json';

const OPERATION_IDS = [
  'actions/list-jobs-for-workflow-run-attempt',
  'actions/list-jobs-for-workflow-run',
  'actions/get-workflow-run',
  'actions/list-workflow-runs',
  'actions/list-workflow-run-artifacts',
  'actions/list-artifacts-for-repo',
  'actions/download-artifact',
  'actions/get-artifact',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/get-comment',
  'issues/delete-comment',
  'checks/create',
  'checks/update',
  'checks/list-for-ref',
  'pulls/get',
  'pulls/list',
  'pulls/list-files',
  'repos/compare-commits',
  'repos/list-pull-requests-associated-with-commit',
  'repos/get-commit',
];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, '__tests__/support/github-api/openapi-subset.json');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Documentation-only keys; none of them affect validation. `description` stays on Response
// Objects only, where OpenAPI 3.0 requires it (see strip()).
const STRIPPED_KEYS = new Set(['description', 'example', 'examples', 'externalDocs']);

// Keys whose object value maps arbitrary names (property names, status codes, media types...)
// to nodes: the names themselves must never be stripped (a schema may well have a property
// called "description").
const NAME_MAP_KEYS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'responses',
  'content',
  'headers',
  'parameters',
  'schemas',
  'requestBodies',
  'encoding',
  'mapping',
]);

function main() {
  const description = loadDescription();
  const subset = buildSubset(description);
  const json = `${JSON.stringify(sortKeys(subset), null, 2)}\n`;
  writeFileSync(OUTPUT, json);
  const operations = Object.values(subset.paths).reduce(
    (n, item) => n + Object.keys(item).length,
    0,
  );
  const components = Object.values(subset.components).reduce(
    (n, group) => n + Object.keys(group).length,
    0,
  );
  console.log(
    `Wrote ${OUTPUT} (${Buffer.byteLength(json)} bytes, ${operations} operations, ` +
      `${components} components) from ${PACKAGE}@${VERSION}`,
  );
}

function loadDescription() {
  const dir = mkdtempSync(join(tmpdir(), 'octokit-openapi-'));
  try {
    // npm pack downloads the tarball (via the npm cache) without installing anything.
    execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', dir, '--silent'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack did not produce a tarball in ${dir}`);
    const tarballPath = join(dir, tarball);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarballPath)).digest('base64')}`;
    if (integrity !== INTEGRITY) {
      throw new Error(`${PACKAGE}@${VERSION} integrity ${integrity} does not match ${INTEGRITY}`);
    }
    // Unpack only the one description we need (~13 MB instead of ~385 MB).
    execFileSync('tar', ['-xzf', tarball, `package/${DESCRIPTION_FILE}`], { cwd: dir });
    const description = JSON.parse(readFileSync(join(dir, 'package', DESCRIPTION_FILE), 'utf8'));
    if (description.info?.version !== VERSION) {
      throw new Error(`expected description version ${VERSION}, got ${description.info?.version}`);
    }
    return description;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function buildSubset(description) {
  const found = new Map();
  for (const [path, item] of Object.entries(description.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation?.operationId && OPERATION_IDS.includes(operation.operationId)) {
        // Path-level parameters apply to every operation of the path; fold them in.
        const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
        found.set(operation.operationId, { path, method, operation: { ...operation, parameters } });
      }
    }
  }
  const missing = OPERATION_IDS.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new Error(
      `operationId(s) not found in ${PACKAGE}@${VERSION} ${DESCRIPTION_FILE}: ${missing.join(', ')}`,
    );
  }

  const paths = {};
  for (const { path, method, operation } of found.values()) {
    const kept = {
      operationId: operation.operationId,
      summary: operation.summary,
      // The server uses this as documentation_url in error bodies, as GitHub does.
      externalDocs: operation.externalDocs && { url: operation.externalDocs.url },
      deprecated: operation.deprecated,
      parameters: strip(operation.parameters, 'parameters'),
      requestBody: operation.requestBody && strip(operation.requestBody, 'requestBody'),
      responses: strip(operation.responses, 'responses'),
    };
    paths[path] ??= {};
    paths[path][method] = dropUndefined(kept);
  }

  const components = {};
  const queue = collectRefs(paths);
  const seen = new Set();
  while (queue.length > 0) {
    const ref = queue.shift();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [type, name] = parseComponentRef(ref);
    const target = description.components?.[type]?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    components[type] ??= {};
    components[type][name] = strip(target, type === 'responses' ? 'response' : undefined);
    queue.push(...collectRefs(components[type][name]));
  }

  return {
    openapi: description.openapi,
    info: { title: 'GitHub REST API subset used by integration-test-action', version: VERSION },
    'x-source': {
      package: PACKAGE,
      version: VERSION,
      file: DESCRIPTION_FILE,
      script: 'scripts/extract-openapi.mjs',
    },
    servers: description.servers,
    paths,
    components,
  };
}

/**
 * Returns a copy without documentation-only keys and `x-` extensions. `parent` names the key the
 * node sits under, so name maps keep all their keys and Response Objects keep `description`.
 */
function strip(node, parent) {
  if (Array.isArray(node)) return node.map((item) => strip(item, undefined));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  if (NAME_MAP_KEYS.has(parent)) {
    for (const [key, value] of Object.entries(node)) {
      out[key] = strip(value, parent === 'responses' ? 'response' : undefined);
    }
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) continue;
    if (STRIPPED_KEYS.has(key) && !(key === 'description' && parent === 'response')) continue;
    // Enum values and defaults are data, not schema: keep them verbatim.
    out[key] = key === 'enum' || key === 'default' ? value : strip(value, key);
  }
  return out;
}

function collectRefs(node, refs = []) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, refs);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

function parseComponentRef(ref) {
  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref} (only #/components/<type>/<name>)`);
  const unescape = (segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~');
  return [unescape(match[1]), unescape(match[2])];
}

function dropUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

// Sorted keys make the output independent of operation order and of key order upstream.
function sortKeys(node) {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.keys(node)
      .sort()
      .map((key) => [key, sortKeys(node[key])]),
  );
}

try {
  main();
} catch (error) {
  console.error(`extract-openapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
