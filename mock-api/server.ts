import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeCsvResults } from './batch.ts';
import type { LedgerView } from './ledger.ts';
import { detail, htmlNotFound, json, type Reply, sendReply, throttled } from './replies.ts';
import type { RouteContext } from './route-kit.ts';
import { matchRoute } from './routes.ts';
import { type MockApiOptions, MockState, type RecordedRequest, resolveOptions } from './state.ts';

/**
 * The offline Influencers Club API double: a real HTTP server that behaves like the API (API
 * api-ref#api-double), used by tests over loopback and by newcomers trying Scout without an API key.
 * Test and demo tooling only — nothing under src/ may import it.
 *
 * Run directly: `node mock-api/server.ts` (MOCK_API_PORT, default 4010; MOCK_API_KEY, default
 * `mock-api-key`; optional MOCK_API_CREDITS, MOCK_API_LATENCY_MS).
 */

export type { MockCreator } from './creators.ts';
export { FIXTURE_CREATORS, type FixtureName } from './fixtures.ts';
export { type LedgerCharge, MOCK_PRICES, type MockPrices } from './ledger.ts';
export type { MockApiOptions, RecordedRequest } from './state.ts';

export interface MockApi {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Every request except `/__mock/` controls, oldest first; never the Authorization header. */
  requests: RecordedRequest[];
  ledger: LedgerView;
  /** Clears requests, batches and fault state; the ledger goes back to its starting balance. */
  reset(): void;
  setCredits(available: number): void;
  /** The next `count` requests to `path` (a trailing `*` matches a prefix) answer `status`. */
  failNext(path: string, status: number, count?: number, retryAfterSec?: number): void;
}

/** Bodies above this are not read; batch files are capped at 10 MB anyway (api-ref#batch-create). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

interface ReadBody {
  raw: Buffer;
  tooLarge: boolean;
}

function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ raw: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

interface ParsedBody {
  body: unknown;
  bodyError: string | null;
  form: FormData | null;
  recorded: unknown;
}

async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    try {
      const form = await new Request('http://mock.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(raw),
      }).formData();
      const recorded: Record<string, unknown> = {};
      for (const [name, value] of form)
        recorded[name] = typeof value === 'string' ? value : await value.text();
      return { body: undefined, bodyError: null, form, recorded };
    } catch {
      return { body: undefined, bodyError: null, form: null, recorded: raw.toString('utf8') };
    }
  }
  if (raw.length === 0) return { body: undefined, bodyError: null, form: null, recorded: null };
  const text = raw.toString('utf8');
  try {
    const body: unknown = JSON.parse(text);
    return { body, bodyError: null, form: null, recorded: body };
  } catch (error) {
    return { body: undefined, bodyError: (error as Error).message, form: null, recorded: text };
  }
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

function failureReply(status: number, retryAfterSec: number | undefined): Reply {
  const headers = retryAfterSec === undefined ? undefined : { 'retry-after': String(retryAfterSec) };
  if (status === 429) return throttled(retryAfterSec ?? 1);
  const messages: Record<number, string> = {
    400: 'Bad request.',
    401: 'Invalid token.',
    402: 'Insufficient credits',
    403: 'You do not have permission to perform this action.',
    404: 'Not found.',
    500: 'Internal server error',
    502: 'Bad gateway',
    503: 'Service temporarily unavailable',
    504: 'Gateway timeout',
  };
  return detail(status, messages[status] ?? `Simulated failure (${status})`, headers);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class MockServer {
  readonly state: MockState;

  constructor(state: MockState) {
    this.state = state;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const { raw, tooLarge } = await readBody(req);
    if (url.pathname.startsWith('/__mock/')) {
      await sendReply(res, this.control(method, url.pathname, raw));
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    const parsed = tooLarge
      ? { body: undefined, bodyError: null, form: null, recorded: null }
      : await parseBody(raw, contentType);
    this.state.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parsed.recorded,
      at: Date.now(),
    });
    if (url.pathname.startsWith('/__presigned/')) {
      await this.presigned(res, url);
      return;
    }
    const reply = tooLarge
      ? detail(413, 'Request body too large.')
      : await this.api(req, method, url, parsed);
    await sendReply(res, reply);
  }

  private async api(req: IncomingMessage, method: string, url: URL, parsed: ParsedBody): Promise<Reply> {
    const { state } = this;
    // Django resolves the URL before DRF authenticates: a wrong path is an HTML 404 even without a key.
    const matched = matchRoute(url.pathname);
    if (matched === null) return htmlNotFound();
    const token = bearerToken(req);
    if (token === null) return detail(401, 'Authentication credentials were not provided.');
    if (!state.options.apiKeys.includes(token)) return detail(401, 'Invalid token.');
    const decision = state.limiter.take(token);
    if (!decision.allowed) return throttled(decision.retryAfterSec);
    const forced = state.failNext.take(url.pathname);
    if (forced !== null) return failureReply(forced.status, forced.retryAfterSec);
    const handler = matched.route.methods[method as 'GET' | 'POST'];
    if (handler === undefined) {
      const allow = Object.keys(matched.route.methods).join(', ');
      return detail(405, `Method "${method}" not allowed.`, { allow });
    }
    if (matched.route.paid && state.options.latencyMs > 0) await sleep(state.options.latencyMs);
    const host = req.headers.host ?? `${state.options.host}:${state.options.port}`;
    const ctx: RouteContext = {
      state,
      path: url.pathname,
      params: matched.params,
      query: url.searchParams,
      body: parsed.body,
      bodyError: parsed.bodyError,
      form: parsed.form,
      contentType: req.headers['content-type'] ?? '',
      token,
      baseUrl: `http://${host}`,
    };
    return matched.route.methods[method as 'GET' | 'POST']!(ctx);
  }

  /** S3-like: no bearer, the signature in the query is the credential. */
  private async presigned(res: ServerResponse, url: URL): Promise<void> {
    const match = /^\/__presigned\/(bch_[0-9a-f]+)\.csv$/.exec(url.pathname);
    const batch = match === null ? undefined : this.state.batches.getAny(match[1]!);
    const s3Error = (status: number, code: string, message: string): Reply => ({
      kind: 'text',
      status,
      contentType: 'application/xml',
      text: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`,
    });
    if (batch === undefined || batch.status !== 'finished') {
      await sendReply(res, s3Error(404, 'NoSuchKey', 'The specified key does not exist.'));
      return;
    }
    if (url.searchParams.get('X-Amz-Signature') !== this.state.presignSignature(batch.id)) {
      await sendReply(
        res,
        s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.'),
      );
      return;
    }
    await sendReply(res, {
      kind: 'stream',
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      write: (out) => writeCsvResults(batch, out),
    });
  }

  /** `/__mock/` controls: no auth, no rate limit, not recorded. */
  private control(method: string, path: string, raw: Buffer): Reply {
    const { state } = this;
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        const value: unknown = JSON.parse(raw.toString('utf8'));
        if (value !== null && typeof value === 'object') body = value as Record<string, unknown>;
      } catch {
        return detail(400, 'Body must be JSON.');
      }
    }
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /__mock/requests':
        return json(200, state.requests);
      case 'GET /__mock/ledger':
        return json(200, state.ledger.toJSON());
      case 'POST /__mock/reset':
        state.reset();
        return json(200, { ok: true });
      case 'POST /__mock/credits': {
        if (typeof body.available !== 'number' || !Number.isFinite(body.available)) {
          return detail(400, '"available" must be a number.');
        }
        state.ledger.setAvailable(body.available);
        return json(200, state.ledger.toJSON());
      }
      case 'POST /__mock/fail-next': {
        const { path: target, status, count, retry_after: retryAfter } = body;
        if (typeof target !== 'string' || typeof status !== 'number') {
          return detail(400, '"path" (string) and "status" (number) are required.');
        }
        state.failNext.add(
          target,
          status,
          typeof count === 'number' ? count : 1,
          typeof retryAfter === 'number' ? retryAfter : undefined,
        );
        return json(200, { ok: true });
      }
      default:
        return detail(404, `No mock control at ${key}.`);
    }
  }
}

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const resolved = resolveOptions(options);
  const state = new MockState(resolved);
  const mock = new MockServer(state);
  const server: Server = createServer((req, res) => {
    mock.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `Mock server error: ${(error as Error).message}` }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  resolved.port = port;
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    requests: state.requests,
    ledger: state.ledger,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    reset: () => state.reset(),
    setCredits: (available) => state.ledger.setAvailable(available),
    failNext: (path, status, count = 1, retryAfterSec) =>
      state.failNext.add(path, status, count, retryAfterSec),
  };
}

function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number >= 0`);
  return value;
}

async function main(): Promise<void> {
  const apiKey = process.env.MOCK_API_KEY || 'mock-api-key';
  const api = await startMockApi({
    port: numberFromEnv('MOCK_API_PORT', 4010),
    host: '127.0.0.1',
    apiKeys: [apiKey],
    credits: numberFromEnv('MOCK_API_CREDITS', 1000),
    latencyMs: numberFromEnv('MOCK_API_LATENCY_MS', 0),
  });
  // The key is the double's own demo key, not a real credential, so printing it is fine.
  console.log(`Influencers Club API double listening on ${api.url} (bearer key: ${apiKey})`);
  const stop = (signal: string) => {
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`mock API did not close cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
