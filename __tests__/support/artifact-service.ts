// A local stand-in for the GitHub Actions results service, for tests of the real
// @actions/artifact client (v2 and later). It speaks what that client sends, read from its source
// (lib/internal/upload, lib/internal/shared, lib/generated/results/api/v1/artifact.js):
//
// - Twirp JSON at POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>, fields in
//   their proto names: CreateArtifact { workflow_run_backend_id, workflow_job_run_backend_id,
//   name, expires_at?, version, mime_type } -> { ok, signed_upload_url }; FinalizeArtifact { ...,
//   name, size, hash? } -> { ok, artifact_id } (int64 as a string). The backend ids come from the
//   `scp` claim of the JWT in ACTIONS_RUNTIME_TOKEN ("Actions.Results:<run>:<job>"). A name
//   already used in the run answers 409 already_exists, as the real service does.
// - Azure Blob Storage at the signed upload URL: @azure/storage-blob's uploadStream, which stages
//   blocks (PUT ?comp=block&blockid=...) and commits them (PUT ?comp=blocklist, an XML list); a
//   single PUT with x-ms-blob-type: BlockBlob is taken too.
//
// Failures answer 4xx with a JSON Twirp error ({ code, msg }); the client retries 5xx and bodies
// that are not JSON five times with back-off of seconds, so the stand-in never gives either.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, inflateRawSync } from 'node:zlib';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PREFIX = '/devstoreaccount1/actions-results/';

/** Twirp's error codes that map to a 4xx status (not resource_exhausted: 429 is retried). */
export type TwirpErrorCode =
  | 'invalid_argument'
  | 'malformed'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'bad_route'
  | 'already_exists'
  | 'failed_precondition';

const TWIRP_STATUS: Record<TwirpErrorCode, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
};

/** What the real service says of a name already used in the run. */
export const ALREADY_EXISTS_MESSAGE =
  'an artifact with this name already exists on the workflow run';

export interface RecordedRequest {
  /** `twirp` for the results service, `blob` for the signed upload URL. */
  readonly kind: 'twirp' | 'blob';
  readonly method: string;
  /** The Twirp method (`CreateArtifact`...), or the blob operation (`block`, `blocklist`, `put`). */
  readonly operation: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Twirp: the parsed JSON body. Blob: undefined (see `bytes`). */
  readonly body: unknown;
  readonly bytes: number;
  /** The status the stand-in answered. */
  status: number;
}

export interface StoredArtifact {
  readonly id: number;
  readonly name: string;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  readonly version: number | undefined;
  readonly mimeType: string | undefined;
  /** `expires_at` as sent (RFC 3339), when the upload asked for a retention. */
  readonly expiresAt: string | undefined;
  readonly createdAt: Date;
  readonly blobPath: string;
  readonly signature: string;
  /** Blocks staged and not yet committed, by block id. */
  readonly blocks: Map<string, Buffer>;
  /** The committed blob: the zip. */
  content: Buffer | undefined;
  finalized: boolean;
  /** FinalizeArtifact's `hash`, e.g. `sha256:<hex>`. */
  hash: string | undefined;
}

export interface ZipEntry {
  readonly name: string;
  readonly content: Buffer;
}

interface TwirpReply {
  status: number;
  body: unknown;
}

export class ArtifactService {
  /** ACTIONS_RESULTS_URL. */
  readonly url: string;
  readonly workflowRunBackendId = 'c0ffee00-0000-4000-8000-00000000a11e';
  readonly workflowJobRunBackendId = 'c0ffee00-0000-4000-8000-0000000000b0';
  /** ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` claim names the run and job above. */
  readonly runtimeToken: string;
  readonly requests: RecordedRequest[] = [];
  readonly artifacts: StoredArtifact[] = [];
  /** Requests the real service would refuse: a test should end with none. */
  readonly violations: string[] = [];

  readonly #server: Server;
  readonly #createFailures = new Map<string, { code: TwirpErrorCode; msg: string }>();
  #absent = false;
  #closed: Promise<void> | undefined;
  #nextId = 9001;

  private constructor(server: Server) {
    this.#server = server;
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    this.runtimeToken = signJwt({
      scp: `Actions.ExampleScope Actions.Results:${this.workflowRunBackendId}:${this.workflowJobRunBackendId}`,
      iss: 'vstoken.actions.githubusercontent.com',
      nbf: Math.floor(Date.now() / 1000) - 60,
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
  }

  static async start(): Promise<ArtifactService> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const instance = new ArtifactService(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.#handle(req, res).catch((error: unknown) => {
        instance.violations.push(`stand-in failure: ${String(error)}`);
        if (!res.headersSent) sendJson(res, twirpError('malformed', String(error)));
        else res.destroy();
      });
    });
    return instance;
  }

  /** The variables the client reads: ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN. */
  env(): Record<string, string> {
    return { ACTIONS_RESULTS_URL: this.url, ACTIONS_RUNTIME_TOKEN: this.runtimeToken };
  }

  /** CreateArtifact for `name` answers this Twirp error from now on. */
  failCreate(name: string, code: TwirpErrorCode, msg: string): this {
    this.#createFailures.set(name, { code, msg });
    return this;
  }

  /** An artifact `name` that another step or job of the run uploaded before. */
  addArtifact(name: string): StoredArtifact {
    const artifact = this.#create(name, undefined, undefined, undefined);
    artifact.content = Buffer.from('PK\x05\x06'.padEnd(22, '\0'), 'latin1');
    artifact.finalized = true;
    return artifact;
  }

  /** From now on the host answers as one without the results service: 404 bad_route to all. */
  simulateAbsent(): this {
    this.#absent = true;
    return this;
  }

  artifact(name: string): StoredArtifact | undefined {
    return this.artifacts.find((artifact) => artifact.name === name);
  }

  twirpCalls(method?: string): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.kind === 'twirp' && (!method || request.operation === method),
    );
  }

  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    throw new Error(
      `The artifact service stand-in saw ${this.violations.length} request(s) the real one ` +
        `would refuse:\n${this.violations.map((violation) => `- ${violation}`).join('\n')}`,
    );
  }

  /** Stops listening (a later request is refused: ECONNREFUSED); closing again does nothing. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const isTwirp = url.pathname.startsWith('/twirp/');
    const record: RecordedRequest = {
      kind: isTwirp ? 'twirp' : 'blob',
      method,
      operation: isTwirp
        ? url.pathname.slice(url.pathname.lastIndexOf('/') + 1)
        : blobOperation(url),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: isTwirp ? parseJson(raw) : undefined,
      bytes: raw.length,
      status: 0,
    };
    this.requests.push(record);

    if (this.#absent) {
      const reply = twirpError('bad_route', `no handler for path "${url.pathname}"`);
      record.status = reply.status;
      sendJson(res, reply);
      return;
    }
    if (isTwirp) {
      const reply = this.#twirp(method, url, req.headers, record.body);
      record.status = reply.status;
      sendJson(res, reply);
      return;
    }
    const reply = this.#blob(method, url, req.headers, raw);
    record.status = reply.status;
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
  }

  // -------------------------------------------------------------------------------------------
  // Twirp

  #twirp(method: string, url: URL, headers: IncomingHttpHeaders, body: unknown): TwirpReply {
    if (method !== 'POST' || !url.pathname.startsWith(TWIRP_PREFIX)) {
      return this.#refuse('bad_route', `no handler for ${method} ${url.pathname}`);
    }
    if (!String(headers['content-type']).startsWith('application/json')) {
      return this.#refuse('bad_route', `unexpected Content-Type: ${headers['content-type']}`);
    }
    if (headers.authorization !== `Bearer ${this.runtimeToken}`) {
      return this.#refuse('unauthenticated', 'the runtime token is missing or wrong');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.#refuse('malformed', 'the body is not a JSON object');
    }
    const request = body as Record<string, unknown>;
    const method_ = url.pathname.slice(TWIRP_PREFIX.length);
    const fields = TWIRP_FIELDS[method_];
    if (!fields) return this.#refuse('bad_route', `no method ${method_}`);
    const unknown = Object.keys(request).filter((key) => !fields.includes(key));
    if (unknown.length > 0)
      return this.#refuse('malformed', `unknown fields: ${unknown.join(', ')}`);
    if (
      request['workflow_run_backend_id'] !== this.workflowRunBackendId ||
      request['workflow_job_run_backend_id'] !== this.workflowJobRunBackendId
    ) {
      return this.#refuse('permission_denied', 'the backend ids are not those of the token');
    }
    return method_ === 'CreateArtifact'
      ? this.#createArtifact(request)
      : this.#finalizeArtifact(request);
  }

  #createArtifact(request: Record<string, unknown>): TwirpReply {
    const { name, version, mime_type: mimeType, expires_at: expiresAt } = request;
    if (typeof name !== 'string' || name === '') {
      return this.#refuse('invalid_argument', 'name is required');
    }
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 4) {
      return this.#refuse('invalid_argument', `version must be 4 or later, not ${String(version)}`);
    }
    if (mimeType !== undefined && typeof mimeType !== 'string') {
      return this.#refuse('invalid_argument', 'mime_type must be a string (a StringValue)');
    }
    if (
      expiresAt !== undefined &&
      (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))
    ) {
      return this.#refuse('invalid_argument', `expires_at is no timestamp: ${String(expiresAt)}`);
    }
    const failure = this.#createFailures.get(name);
    if (failure) return twirpError(failure.code, failure.msg);
    if (this.#findInRun(name)) return twirpError('already_exists', ALREADY_EXISTS_MESSAGE);

    const artifact = this.#create(name, version, mimeType, expiresAt);
    const signed = new URL(`${BLOB_PREFIX}${artifact.id}.zip`, this.url);
    signed.searchParams.set('sv', '2023-11-03');
    signed.searchParams.set('sr', 'b');
    signed.searchParams.set('sp', 'cw');
    signed.searchParams.set('se', new Date(Date.now() + 3_600_000).toISOString());
    signed.searchParams.set('sig', artifact.signature);
    return { status: 200, body: { ok: true, signed_upload_url: signed.href } };
  }

  #finalizeArtifact(request: Record<string, unknown>): TwirpReply {
    const { name, size, hash } = request;
    const artifact = typeof name === 'string' ? this.#findInRun(name) : undefined;
    if (!artifact || artifact.finalized) {
      return this.#refuse('not_found', `no artifact ${String(name)} is being uploaded`);
    }
    if (!artifact.content) {
      return this.#refuse('failed_precondition', `artifact ${artifact.name} has no committed blob`);
    }
    if (size !== String(artifact.content.length)) {
      return this.#refuse(
        'invalid_argument',
        `size ${String(size)} is not the blob's ${artifact.content.length} bytes (int64 as a string)`,
      );
    }
    const sha256 = createHash('sha256').update(artifact.content).digest('hex');
    if (hash !== undefined && hash !== `sha256:${sha256}`) {
      return this.#refuse('invalid_argument', `hash ${String(hash)} is not sha256:${sha256}`);
    }
    artifact.finalized = true;
    artifact.hash = typeof hash === 'string' ? hash : undefined;
    return { status: 200, body: { ok: true, artifact_id: String(artifact.id) } };
  }

  #findInRun(name: string): StoredArtifact | undefined {
    return this.artifacts.find(
      (artifact) =>
        artifact.workflowRunBackendId === this.workflowRunBackendId &&
        artifact.name.toLowerCase() === name.toLowerCase(),
    );
  }

  #create(
    name: string,
    version: number | undefined,
    mimeType: string | undefined,
    expiresAt: string | undefined,
  ): StoredArtifact {
    const id = this.#nextId++;
    const artifact: StoredArtifact = {
      id,
      name,
      workflowRunBackendId: this.workflowRunBackendId,
      workflowJobRunBackendId: this.workflowJobRunBackendId,
      version,
      mimeType,
      expiresAt,
      createdAt: new Date(),
      blobPath: `${BLOB_PREFIX}${id}.zip`,
      signature: randomBytes(24).toString('base64url'),
      blocks: new Map(),
      content: undefined,
      finalized: false,
      hash: undefined,
    };
    this.artifacts.push(artifact);
    return artifact;
  }

  /** A Twirp error for a request the real service would refuse too: also a violation. */
  #refuse(code: TwirpErrorCode, msg: string): TwirpReply {
    this.violations.push(`${code}: ${msg}`);
    return twirpError(code, msg);
  }

  // -------------------------------------------------------------------------------------------
  // Blob storage

  #blob(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): { status: number; headers: Record<string, string>; body: string } {
    const artifact = this.artifacts.find((candidate) => candidate.blobPath === url.pathname);
    if (!artifact || url.searchParams.get('sig') !== artifact.signature) {
      return this.#blobError(
        403,
        'AuthenticationFailed',
        'The signed URL is not one this service gave.',
      );
    }
    if (artifact.finalized) {
      return this.#blobError(409, 'BlobImmutable', 'The artifact is finalized.');
    }
    if (method !== 'PUT') {
      return this.#blobError(405, 'UnsupportedHttpVerb', `${method} is not supported here.`);
    }
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (!blockId) return this.#blobError(400, 'MissingRequiredQueryParameter', 'blockid');
      artifact.blocks.set(blockId, body);
      return blobCreated();
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted)>([^<]*)<\/\1>/g)].map(
        (match) => decodeXml(match[2] ?? ''),
      );
      const missing = ids.filter((id) => !artifact.blocks.has(id));
      if (missing.length > 0) {
        return this.#blobError(
          400,
          'InvalidBlockList',
          `Blocks never staged: ${missing.join(', ')}`,
        );
      }
      artifact.content = Buffer.concat(ids.map((id) => artifact.blocks.get(id) as Buffer));
      artifact.blocks.clear();
      return blobCreated();
    }
    if (comp === null && headers['x-ms-blob-type'] === 'BlockBlob') {
      artifact.content = body;
      return blobCreated();
    }
    return this.#blobError(400, 'InvalidQueryParameterValue', `comp=${String(comp)}`);
  }

  #blobError(
    status: number,
    code: string,
    message: string,
  ): { status: number; headers: Record<string, string>; body: string } {
    this.violations.push(`blob ${status} ${code}: ${message}`);
    return {
      status,
      headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
      body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    };
  }
}

/** The request fields of each method, in their proto names (what the client's toJson writes). */
const TWIRP_FIELDS: Record<string, readonly string[]> = {
  CreateArtifact: [
    'workflow_run_backend_id',
    'workflow_job_run_backend_id',
    'name',
    'expires_at',
    'version',
    'mime_type',
  ],
  FinalizeArtifact: [
    'workflow_run_backend_id',
    'workflow_job_run_backend_id',
    'name',
    'size',
    'hash',
  ],
};

function blobOperation(url: URL): string {
  return url.searchParams.get('comp') ?? 'put';
}

function blobCreated(): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 201,
    headers: {
      'x-ms-request-id': randomBytes(8).toString('hex'),
      'x-ms-version': '2023-11-03',
      'x-ms-request-server-encrypted': 'true',
      date: new Date().toUTCString(),
    },
    body: '',
  };
}

function twirpError(code: TwirpErrorCode, msg: string): TwirpReply {
  return { status: TWIRP_STATUS[code], body: { code, msg } };
}

function sendJson(res: ServerResponse, reply: TwirpReply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A JWT signed with a throwaway key: the client only decodes it (jwt-decode). */
function signJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  const signature = createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

// ---------------------------------------------------------------------------------------------
// A zip reader, enough for what archiver writes: stored or deflated entries, sizes and CRCs read
// from the central directory (the local headers hold zeros when a data descriptor follows).

/** The files in `zip`, in central-directory order; throws on a CRC or size that does not match. */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central header at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header: ${name}`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) content = inflateRawSync(data);
    else throw new Error(`${name}: compression method ${method} is not supported`);
    if (content.length !== size) throw new Error(`${name}: ${content.length} bytes, not ${size}`);
    if (crc32(content) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, content });
  }
  return entries;
}
