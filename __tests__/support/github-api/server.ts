// A local stand-in for the GitHub REST API, for tests. Every request is checked against the
// operations extracted from GitHub's published OpenAPI description (openapi-subset.json, see
// scripts/extract-openapi.mjs), and so is every reply a test handler makes, so a test can neither
// call an endpoint the way GitHub would reject nor be answered in a way GitHub never would.

import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

export interface ApiRequest {
  /** The matched operation, or '' when no operation of the subset matches. */
  operationId: string;
  method: string;
  /** The URL path as sent, still percent-encoded. */
  path: string;
  /** Path parameters, URL-decoded. */
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
}

export interface ApiReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => ApiReply | Promise<ApiReply>;

export interface GitHubApiServerOptions {
  /** When set, requests must authenticate with exactly this token, as GitHub would demand. */
  token?: string;
}

const GENERIC_DOCS_URL = 'https://docs.github.com/rest';
const API_VERSION = '2022-11-28';
const RATE_LIMIT = 5000;

/** A reply with GitHub's error body: `{ message, documentation_url, status }`. */
export function githubError(
  status: number,
  message: string,
  documentationUrl: string = GENERIC_DOCS_URL,
): ApiReply {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI subset

type SchemaNode = AnySchemaObject;

interface Reference {
  $ref: string;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaNode;
}

interface MediaType {
  schema?: SchemaNode;
}

interface RequestBody {
  required?: boolean;
  content?: Record<string, MediaType>;
}

interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId: string;
  summary?: string;
  externalDocs?: { url: string };
  parameters?: (Parameter | Reference)[];
  requestBody?: RequestBody | Reference;
  responses: Record<string, ResponseObject | Reference>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
  'x-source': { package: string; version: string };
}

interface CompiledOperation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  pathParamNames: string[];
  docsUrl: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  requestBody: { required: boolean; schema: SchemaNode | undefined } | undefined;
  responses: Record<string, ResponseObject>;
}

const DOCUMENT_ID = 'https://api.github.com/openapi-subset.json';

const documentText = readFileSync(new URL('./openapi-subset.json', import.meta.url), 'utf8');
const spec = toJsonSchemaDialect(JSON.parse(documentText)) as OpenApiDocument;

/** Operations of the subset, most specific path template first. */
const operations: CompiledOperation[] = Object.entries(spec.paths)
  .flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) =>
      compileOperation(template, method, operation),
    ),
  )
  .sort((a, b) => literalLength(b.template) - literalLength(a.template));

const operationsById = new Map(operations.map((operation) => [operation.id, operation]));

/** The operationIds the stand-in knows, in no particular order. */
export const operationIds: readonly string[] = [...operationsById.keys()];

/** The @octokit/openapi release the subset was extracted from. */
export const openApiSource = spec['x-source'];

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
formatsModule.default(ajv);
// GitHub uses a few formats beyond JSON Schema's; they constrain nothing we need to check.
for (const format of collectFormats(spec)) {
  if (!(format in ajv.formats)) ajv.addFormat(format, true);
}
ajv.addSchema({ $id: DOCUMENT_ID, components: spec.components });

const validators = new Map<string, ValidateFunction>();

function validator(key: string, schema: () => SchemaNode): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema());
    validators.set(key, validate);
  }
  return validate;
}

/**
 * OpenAPI 3.0 marks nullable values with `nullable: true`, which JSON Schema does not know.
 * Rewrites it into JSON Schema: `null` joins `type` (and `enum`, which GitHub often forgets to
 * extend, e.g. check-run.conclusion), and a typeless schema (`nullable` + `oneOf`, as in
 * commit.author) becomes `anyOf: [{ type: 'null' }, schema]`. ajv's own `nullable` support
 * rejects that typeless form outright, hence doing it here.
 */
function toJsonSchemaDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchemaDialect);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'enum' || key === 'default' ? value : toJsonSchemaDialect(value);
  }
  if (typeof out.nullable !== 'boolean') return out;
  const nullable = out.nullable;
  delete out.nullable;
  if (!nullable) return out;
  if (typeof out.type === 'string' || Array.isArray(out.type)) {
    const types: unknown[] = Array.isArray(out.type) ? out.type : [out.type];
    if (!types.includes('null')) out.type = [...types, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, out] };
}

function collectFormats(node: unknown, formats = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectFormats(item, formats);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') formats.add(value);
      else collectFormats(value, formats);
    }
  }
  return formats;
}

function isReference(node: unknown): node is Reference {
  return typeof node === 'object' && node !== null && typeof (node as Reference).$ref === 'string';
}

/** Follows `#/components/...` references within the subset. */
function deref<T>(node: T | Reference): T {
  let current: unknown = node;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20) throw new Error(`reference cycle at ${current.$ref}`);
    current = pointer(current.$ref);
  }
  return current as T;
}

function pointer(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let current: unknown = spec;
  for (const raw of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object' || !(segment in current)) {
      throw new Error(`unresolvable $ref ${ref}`);
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Copies an inline schema so that its `#/components/...` refs point into the registered document. */
function anchored(schema: SchemaNode): SchemaNode {
  return JSON.parse(JSON.stringify(schema), (key: string, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#')
      ? DOCUMENT_ID + value
      : value,
  ) as SchemaNode;
}

function compileOperation(
  template: string,
  method: string,
  operation: Operation,
): CompiledOperation {
  const pathParamNames: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      pathParamNames.push(name);
      return '([^/]+?)';
    })
    .join('');
  const parameters = (operation.parameters ?? []).map((parameter) => deref(parameter));
  const body = operation.requestBody && deref(operation.requestBody);
  return {
    id: operation.operationId,
    method: method.toUpperCase(),
    template,
    pattern: new RegExp(`^${source}$`),
    pathParamNames,
    docsUrl: operation.externalDocs?.url ?? GENERIC_DOCS_URL,
    pathParams: parameters.filter((parameter) => parameter.in === 'path'),
    queryParams: parameters.filter((parameter) => parameter.in === 'query'),
    requestBody: body && { required: body.required === true, schema: jsonSchemaOf(body.content) },
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, response]) => [status, deref(response)]),
    ),
  };
}

function jsonSchemaOf(content: Record<string, MediaType> | undefined): SchemaNode | undefined {
  const mediaType = Object.keys(content ?? {}).find((type) =>
    /^application\/(.+\+)?json/.test(type),
  );
  return mediaType === undefined ? undefined : (content?.[mediaType]?.schema ?? {});
}

function literalLength(template: string): number {
  return template.replace(/\{[^}]+\}/g, '').length;
}

// ---------------------------------------------------------------------------------------------
// Request checks

interface Problem {
  /** Text for the violation list. */
  violation: string;
  /** What GitHub would answer. */
  reply: ApiReply;
}

/** Turns raw parameter strings into the JSON types the schema asks for, like GitHub does. */
function coerce(raw: string | string[], schema: SchemaNode | undefined): unknown {
  const resolved = schema === undefined ? {} : deref<SchemaNode>(schema);
  const types: unknown[] = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  if (types.includes('array')) {
    const items = Array.isArray(raw) ? raw : [raw];
    return items.map((item) => coerce(item, resolved.items as SchemaNode | undefined));
  }
  // A repeated scalar parameter stays an array, and fails validation as it should.
  if (Array.isArray(raw)) return raw;
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(raw)) {
    return Number(raw);
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function parameterSchema(parameters: Parameter[]): SchemaNode {
  return {
    type: 'object',
    properties: Object.fromEntries(
      parameters.map((parameter) => [parameter.name, anchored(parameter.schema ?? {})]),
    ),
    required: parameters
      .filter((parameter) => parameter.in === 'path' || parameter.required === true)
      .map((parameter) => parameter.name),
  };
}

function checkParameters(
  operation: CompiledOperation,
  request: ApiRequest,
  label: string,
): Problem | undefined {
  const pathValues = Object.fromEntries(
    operation.pathParams.map((parameter) => [
      parameter.name,
      coerce(request.pathParams[parameter.name] ?? '', parameter.schema),
    ]),
  );
  const validatePath = validator(`${operation.id} path`, () =>
    parameterSchema(operation.pathParams),
  );
  if (!validatePath(pathValues)) {
    // GitHub's router does not match such a path at all, so it answers 404.
    return {
      violation: `${label}: path parameters: ${ajv.errorsText(validatePath.errors, { dataVar: 'path' })}`,
      reply: githubError(404, 'Not Found', operation.docsUrl),
    };
  }

  const queryValues: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(request.query)) {
    const parameter = operation.queryParams.find((candidate) => candidate.name === name);
    queryValues[name] = coerce(raw, parameter?.schema);
  }
  const validateQuery = validator(`${operation.id} query`, () =>
    parameterSchema(operation.queryParams),
  );
  if (!validateQuery(queryValues)) {
    return {
      violation: `${label}: query parameters: ${ajv.errorsText(validateQuery.errors, { dataVar: 'query' })}`,
      reply: {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: (validateQuery.errors ?? []).map((error) => ({
            field: fieldOf(error),
            code: error.keyword === 'required' ? 'missing_field' : 'invalid',
            message: error.message ?? 'is invalid',
          })),
          documentation_url: operation.docsUrl,
          status: '422',
        },
      },
    };
  }
  return undefined;
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  return error.instancePath.split('/')[1] ?? '';
}

function checkBody(
  operation: CompiledOperation,
  request: ApiRequest,
  label: string,
): Problem | undefined {
  const declared = operation.requestBody;
  // A body the operation does not take is reported by the caller: GitHub just ignores it.
  if (declared === undefined) return undefined;
  if (request.body === undefined) {
    if (!declared.required) return undefined;
    return {
      violation: `${label}: request body is required`,
      reply: githubError(
        422,
        "Invalid request.\n\nFor 'links/0/schema', nil is not an object.",
        operation.docsUrl,
      ),
    };
  }
  const schema = declared.schema;
  if (schema === undefined) return undefined;
  const validate = validator(`${operation.id} body`, () => anchored(schema));
  if (validate(request.body)) return undefined;
  const errors = validate.errors ?? [];
  const reasons = [...new Set(errors.map((error) => describeBodyError(error, request.body)))];
  return {
    violation: `${label}: request body: ${ajv.errorsText(errors, { dataVar: 'body' })}`,
    // The message format GitHub uses when a body fails its JSON schema.
    reply: githubError(422, `Invalid request.\n\n${reasons.join('\n')}`, operation.docsUrl),
  };
}

function describeBodyError(error: ErrorObject, body: unknown): string {
  if (error.keyword === 'required')
    return `"${String(error.params.missingProperty)}" wasn't supplied.`;
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  const where =
    segments.length === 0
      ? 'links/0/schema'
      : segments
          .map((segment) => (/^\d+$/.test(segment) ? 'items' : `properties/${segment}`))
          .join('/');
  const value = segments.reduce<unknown>(
    (current, segment) =>
      current !== null && typeof current === 'object'
        ? (current as Record<string, unknown>)[segment]
        : undefined,
    body,
  );
  const shown = value === null ? 'nil' : preview(value);
  if (error.keyword === 'type') {
    const types = String(error.params.type).split(',');
    const article = /^[aeiou]/.test(types[0] ?? '') ? 'an' : 'a';
    return `For '${where}', ${shown} is not ${article} ${types.join(' or ')}.`;
  }
  return `For '${where}', ${shown} ${error.message ?? 'is invalid'}.`;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Reply checks

/**
 * Statuses GitHub answers on any operation whether or not its description lists them: bad or
 * missing credentials, a token without the permission (403 "Resource not accessible by
 * integration"), rate limits, and server trouble. Their body is GitHub's basic error.
 */
const ANY_OPERATION_STATUSES = new Set([401, 403, 429, 500, 502, 503]);

function validateGenericError(body: unknown): string[] {
  const error = body as { message?: unknown; documentation_url?: unknown } | undefined;
  if (typeof error?.message !== 'string') return ['an error reply must have a string `message`'];
  if (error.documentation_url !== undefined && typeof error.documentation_url !== 'string') {
    return ['`documentation_url` must be a string'];
  }
  return [];
}

/**
 * Checks a reply against what the operation documents for its status. Returns the problems,
 * empty when GitHub could have sent this reply.
 */
export function validateReply(operationId: string, reply: ApiReply): string[] {
  const operation = operationsById.get(operationId);
  if (!operation) return [`${operationId} is not an operation of the OpenAPI subset`];
  const status = String(reply.status);
  const documented =
    operation.responses[status] ??
    operation.responses[`${status[0] ?? ''}XX`] ??
    operation.responses.default;
  if (!documented && ANY_OPERATION_STATUSES.has(reply.status)) {
    return validateGenericError(reply.body);
  }
  if (!documented) {
    const statuses = Object.keys(operation.responses).join(', ');
    return [`status ${status} is not documented for ${operationId} (documented: ${statuses})`];
  }
  const schema = jsonSchemaOf(documented.content);
  if (schema === undefined) {
    if (documented.content === undefined && reply.body !== undefined) {
      return [`status ${status} of ${operationId} has no body, got ${preview(reply.body)}`];
    }
    return [];
  }
  if (reply.body === undefined) return [`status ${status} of ${operationId} needs a JSON body`];
  const validate = validator(`${operationId} ${status}`, () => anchored(schema));
  if (validate(reply.body)) return [];
  return [
    `reply ${status} of ${operationId}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The server

export class GitHubApiServer {
  readonly url: string;
  readonly requests: ApiRequest[] = [];
  readonly violations: string[] = [];

  readonly #server: Server;
  readonly #token: string | undefined;
  readonly #handlers = new Map<string, Handler>();
  readonly #blobs = new Map<string, { content: Buffer; contentType: string }>();
  readonly #rateLimitReset = Math.floor(Date.now() / 1000) + 3600;

  private constructor(server: Server, token: string | undefined) {
    this.#server = server;
    this.#token = token;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(options: GitHubApiServerOptions = {}): Promise<GitHubApiServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const instance = new GitHubApiServer(server, options.token);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.#handle(req, res).catch((error: unknown) => {
        instance.violations.push(`stand-in failure: ${String(error)}`);
        if (!res.headersSent) instance.#send(res, githubError(500, 'Server Error'));
        else res.destroy();
      });
    });
    return instance;
  }

  /** Answers `operationId` with `handler` from now on, replacing any earlier handler. */
  on(operationId: string, handler: Handler): this {
    if (!operationsById.has(operationId)) {
      throw new Error(
        `${operationId} is not in the OpenAPI subset; add it to scripts/extract-openapi.mjs`,
      );
    }
    this.#handlers.set(operationId, handler);
    return this;
  }

  /**
   * Serves `content` at a fresh URL outside the API, as the storage GitHub redirects to does
   * (e.g. the `location` of actions/download-artifact's 302). Not validated, not in `requests`.
   */
  blobUrl(content: Buffer | string, contentType = 'application/octet-stream'): string {
    const path = `/_blobs/${this.#blobs.size + 1}`;
    this.#blobs.set(path, { content: Buffer.from(content), contentType });
    return `${this.url}${path}`;
  }

  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    throw new Error(
      `The GitHub API stand-in saw ${this.violations.length} violation(s) of GitHub's OpenAPI ` +
        `description:\n${this.violations.map((violation) => `- ${violation}`).join('\n')}`,
    );
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) =>
      this.#server.close((error) => (error ? reject(error) : resolve())),
    );
    // Octokit's fetch keeps connections alive; do not wait for them to time out.
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const label = `${method} ${url.pathname}${url.search}`;
    const rawBody = await readBody(req);

    const blob = method === 'GET' ? this.#blobs.get(url.pathname) : undefined;
    if (blob) {
      res.writeHead(200, {
        'content-type': blob.contentType,
        'content-length': String(blob.content.length),
      });
      res.end(blob.content);
      return;
    }

    const query: Record<string, string | string[]> = {};
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      query[name] = values.length === 1 ? (values[0] ?? '') : values;
    }

    const match = matchRoute(method, url.pathname);
    const request: ApiRequest = {
      operationId: match.operation?.id ?? '',
      method,
      path: url.pathname,
      pathParams: match.params,
      query,
      headers: req.headers,
      body: undefined,
    };
    this.requests.push(request);

    const operation = match.operation;
    if (!operation) this.violations.push(`${label}: ${match.reason}`);

    // GitHub checks credentials before routing: a bad token gets 401 on any path.
    const authProblem = this.#checkAuth(req.headers.authorization);
    if (authProblem) {
      if (authProblem === 'missing') this.violations.push(`${label}: no authorization header`);
      const message = authProblem === 'missing' ? 'Requires authentication' : 'Bad credentials';
      this.#send(res, githubError(401, message));
      return;
    }
    if (!operation) {
      this.#send(res, githubError(404, 'Not Found'));
      return;
    }
    const opLabel = `${label} (${operation.id})`;

    if (rawBody.length > 0) {
      const contentType = req.headers['content-type'] ?? '';
      if (!/^application\/(.+\+)?json\b/.test(contentType)) {
        this.violations.push(`${opLabel}: request body sent as "${contentType}", not JSON`);
      }
      try {
        request.body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        this.violations.push(`${opLabel}: request body is not valid JSON`);
        this.#send(res, githubError(400, 'Problems parsing JSON', operation.docsUrl));
        return;
      }
    }

    // GitHub ignores query parameters and bodies it does not take, so the reply stays normal;
    // for the action, sending them means relying on something that is not there.
    const known = new Set(operation.queryParams.map((parameter) => parameter.name));
    for (const name of Object.keys(query)) {
      if (!known.has(name)) this.violations.push(`${opLabel}: unknown query parameter "${name}"`);
    }
    if (operation.requestBody === undefined && request.body !== undefined) {
      this.violations.push(
        `${opLabel}: the operation takes no request body, got ${preview(request.body)}`,
      );
    }

    const problem =
      checkParameters(operation, request, opLabel) ?? checkBody(operation, request, opLabel);
    if (problem) {
      this.violations.push(problem.violation);
      this.#send(res, problem.reply);
      return;
    }

    const handler = this.#handlers.get(operation.id);
    if (!handler) {
      // What GitHub answers for a resource that does not exist.
      this.#send(res, githubError(404, 'Not Found', operation.docsUrl));
      return;
    }
    let reply: ApiReply;
    try {
      reply = await handler(request);
    } catch (error) {
      this.violations.push(`${opLabel}: handler threw ${String(error)}`);
      this.#send(res, githubError(500, 'Server Error'));
      return;
    }
    for (const problemText of validateReply(operation.id, reply)) {
      this.violations.push(`${opLabel}: ${problemText}`);
    }
    this.#send(res, reply);
  }

  #checkAuth(header: string | undefined): 'missing' | 'bad' | undefined {
    if (this.#token === undefined) return undefined;
    if (header === undefined) return 'missing';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
    return match?.[1] === this.#token ? undefined : 'bad';
  }

  #send(res: ServerResponse, reply: ApiReply): void {
    const used = this.requests.length;
    const headers: Record<string, string> = {
      'x-github-api-version-selected': API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `0000:${used.toString(16).toUpperCase().padStart(6, '0')}`,
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(RATE_LIMIT - used, 0)),
      'x-ratelimit-reset': String(this.#rateLimitReset),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    };
    const hasBody = reply.body !== undefined && reply.status !== 204 && reply.status !== 304;
    if (hasBody) headers['content-type'] = 'application/json; charset=utf-8';
    for (const [name, value] of Object.entries(reply.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    res.writeHead(reply.status, headers);
    res.end(hasBody ? JSON.stringify(reply.body) : undefined);
  }
}

interface RouteMatch {
  operation: CompiledOperation | undefined;
  params: Record<string, string>;
  reason: string;
}

function matchRoute(method: string, rawPath: string): RouteMatch {
  const otherMethods: string[] = [];
  for (const operation of operations) {
    const groups = operation.pattern.exec(rawPath);
    if (!groups) continue;
    if (operation.method !== method) {
      otherMethods.push(`${operation.method} ${operation.template}`);
      continue;
    }
    const params: Record<string, string> = {};
    operation.pathParamNames.forEach((name, index) => {
      const raw = groups[index + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { operation, params, reason: '' };
  }
  const reason =
    otherMethods.length > 0
      ? `no ${method} operation on this path in the OpenAPI subset (there is ${otherMethods.join(', ')})`
      : 'no operation of the OpenAPI subset matches this path';
  return {
    operation: undefined,
    params: {},
    reason: `${reason}; if the action needs it, add it to scripts/extract-openapi.mjs`,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
