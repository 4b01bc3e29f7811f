import type { Readable } from 'node:stream';
import { type Interceptable, MockAgent } from 'undici';
import { type IcClientOptions, InfluencersClubClient } from '../../src/ic/client.ts';

/**
 * Shared set-up for the MockAgent tests: a client on a fake origin with tiny retry delays, and a
 * way to script answers and read back what was sent.
 */

export const BASE = 'https://api.ic.test';
export const KEY = 'sk_live_SECRET_a1b2c3d4e5f6';

export type Script =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { error: Error & { code?: string } };

export interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export class MockIc {
  readonly agent: MockAgent;
  readonly pool: Interceptable;

  constructor() {
    this.agent = new MockAgent({ enableCallHistory: true });
    this.agent.disableNetConnect();
    this.pool = this.agent.get(BASE);
  }

  /** Answers the next requests to `method path` with `scripts`, in order (the last one persists when `persist`). */
  on(method: string, path: string, ...scripts: Script[]): void {
    for (const script of scripts) {
      const interceptor = this.pool.intercept({ method, path: (p) => p.split('?')[0] === path });
      if ('error' in script) {
        interceptor.replyWithError(script.error);
        continue;
      }
      const data =
        typeof script.body === 'string' || script.body === undefined
          ? (script.body ?? '')
          : JSON.stringify(script.body);
      const contentType =
        typeof script.body === 'string' && /^\s*</.test(script.body) ? 'text/html' : 'application/json';
      const scope = interceptor.reply(script.status, data, {
        headers: { 'content-type': contentType, ...script.headers },
      });
      if (script.delayMs !== undefined) scope.delay(script.delayMs);
    }
  }

  /** Every request the client sent, in order. */
  sent(): Sent[] {
    return (this.agent.getCallHistory()?.calls() ?? []).map((call) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(call.headers ?? {})) headers[k.toLowerCase()] = String(v);
      const body = call.body as unknown;
      return {
        method: call.method,
        path: call.path,
        query: call.searchParams,
        headers,
        body:
          body === null || body === undefined
            ? ''
            : typeof body === 'string'
              ? body
              : Buffer.from(body as Uint8Array).toString('utf8'),
      };
    });
  }

  client(options: Partial<IcClientOptions> = {}): InfluencersClubClient {
    return new InfluencersClubClient({
      baseUrl: BASE,
      apiKey: KEY,
      dispatcher: this.agent,
      retry: { minDelayMs: 1, maxDelayMs: 4, maxTotalMs: 10_000 },
      ...options,
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export function networkError(code: string, message = code): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** Settles `promise` and returns its rejection (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
