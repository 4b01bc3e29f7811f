import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../log.ts';

/**
 * Scout's own HTTP server in front of Bolt's receiver. It exists for what Bolt's receiver does not
 * do: refuse requests whose timestamp is more than 5 minutes in the *future* (Bolt refuses only stale
 * ones; Slack's guidance is 5 minutes either way), answer a signed but malformed body (`payload=null`)
 * with 400 instead of crashing inside the receiver, answer 503 while Scout drains for shutdown (Slack
 * retries, reaching a replica or the restarted process), and serve the operations routes
 * (`/healthz`, `/readyz`, `/metrics`) in both HTTP and Socket Mode.
 */

/** Slack's guidance: refuse a signature whose timestamp differs from now by more than 5 minutes. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;
/** Bolt's own limit for a request body. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export interface HttpFrontOptions {
  readonly log: Logger;
  /** Where signed Slack requests go (HTTP mode); absent in Socket Mode. */
  readonly slack?: {
    readonly path: string;
    readonly signingSecret: string;
    /**
     * Bolt, handed a request whose body is already read and verified, and Bolt's reading of that
     * body when the front has it (see `checkBody`).
     */
    readonly dispatch: (req: BufferedRequest, res: ServerResponse, parsed: SlackBody | undefined) => void;
  };
  readonly routes: readonly Route[];
  /** True once shutdown began: new Slack requests get 503. */
  readonly draining: () => boolean;
  /** Wall-clock time for signature timestamps (never the app's business clock, which tests fake). */
  readonly clock?: () => number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Slack's v0 request signature, refusing timestamps too far in the past *or* the future. */
export function verifySlackSignature(input: {
  signingSecret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  const ts = Number(input.timestamp);
  if (!input.timestamp || !Number.isInteger(ts))
    return { ok: false, reason: 'missing or malformed timestamp' };
  if (Math.abs(Math.floor(input.nowMs / 1000) - ts) > MAX_CLOCK_SKEW_SEC)
    return { ok: false, reason: 'timestamp more than 5 minutes from now' };
  if (!input.signature?.startsWith('v0=')) return { ok: false, reason: 'missing signature' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', input.signingSecret).update(`v0:${ts}:${input.body}`).digest('hex')}`,
  );
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/** A request body as Bolt reads it (its `parseHTTPRequestBody`). */
export type SlackBody = Record<string, unknown>;

/**
 * Whether Bolt can dispatch a body: a JSON object, or a form whose `payload` (if any) is a JSON
 * object. `parsed` is Bolt's own reading of it, when that is the same as Scout's (Bolt reads a form
 * only under exactly this content type and answers an `ssl_check` itself), so Bolt need not parse
 * the body again; without it Bolt's receiver reads the request as before.
 */
export function checkBody(
  body: string,
  contentType: string | undefined,
): { dispatchable: false } | { dispatchable: true; parsed?: SlackBody } {
  const no = { dispatchable: false } as const;
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const form = parseQuery(body);
      if (form.ssl_check === '1') return { dispatchable: true };
      const asBolt = contentType === 'application/x-www-form-urlencoded';
      if (form.payload === undefined) {
        if (typeof form.command !== 'string') return no;
        return asBolt ? { dispatchable: true, parsed: form } : { dispatchable: true };
      }
      if (typeof form.payload !== 'string') return no;
      const payload: unknown = JSON.parse(form.payload);
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return no;
      return asBolt ? { dispatchable: true, parsed: payload as SlackBody } : { dispatchable: true };
    }
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return no;
    return { dispatchable: true, parsed: json as SlackBody };
  } catch {
    return no;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The whole body, or null (the request destroyed) past BODY_LIMIT_BYTES. Plain stream events: an
 * async iterator costs more per request than the rest of the front together.
 */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.destroy();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error('the request closed before its body was read'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    ...headers,
  });
  res.end(text);
}

export function createHttpFront(options: HttpFrontOptions): {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
} {
  const clock = options.clock ?? Date.now;
  const log = options.log.child({ component: 'http' });

  async function handleSlack(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const slack = options.slack;
    if (!slack) return reply(res, 404, { ok: false });
    if (options.draining())
      return reply(res, 503, { ok: false, error: 'shutting_down' }, { 'retry-after': '1' });
    const raw = await readBody(req);
    if (!raw) return reply(res, 413, { ok: false, error: 'body_too_large' });
    const body = raw.toString('utf8');
    const check = verifySlackSignature({
      signingSecret: slack.signingSecret,
      body,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: clock(),
    });
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'refused a Slack request that failed signature verification');
      return reply(res, 401, { ok: false, error: 'invalid_signature' });
    }
    const read = checkBody(body, header(req, 'content-type'));
    if (!read.dispatchable) {
      log.warn('refused a signed Slack request whose body is not a payload Scout can read');
      return reply(res, 400, { ok: false, error: 'malformed_payload' });
    }
    const buffered: BufferedRequest = req;
    buffered.rawBody = raw;
    slack.dispatch(buffered, res, read.parsed);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work =
      options.slack && req.method === 'POST' && path === options.slack.path
        ? handleSlack(req, res)
        : (async () => {
            const route = options.routes.find((r) => r.method === req.method && r.path === path);
            if (route) await route.handle(req, res);
            else reply(res, 404, { ok: false, error: 'not_found' });
          })();
    work.catch((error: unknown) => {
      log.error({ err: error, path }, 'HTTP request failed');
      reply(res, 500, { ok: false });
    });
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
