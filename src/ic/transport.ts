import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';
import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import {
  codeOf,
  errorFromAnswer,
  errorFromException,
  IcError,
  IcMalformedResponseError,
  IcNetworkError,
  IcRateLimitError,
  IcTimeoutError,
  IcUpstreamError,
  scrubSecrets,
} from './errors.ts';
import type { PriceTable } from './prices.ts';
import {
  DEFAULT_RATE_LIMIT,
  type RateLimit,
  type SlidingWindowLimiter,
  sharedLimiter,
} from './rate-limit.ts';

/**
 * How Scout talks HTTP to Influencers Club (api-ref#transport): undici, per-attempt timeouts,
 * retries (p-retry) that never re-send a paid request that may have been processed, the shared
 * rate limiter, mapping failures to IcError classes (api-ref#errors), and reading JSON or streams.
 * It knows nothing about individual endpoints: those are the table in endpoints.ts and the client.
 */

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** No retry starts after this long since the first attempt. Default 30 000. */
  maxTotalMs?: number;
  /** First backoff delay; it doubles each retry, with up to 2× jitter. Default 500. */
  minDelayMs?: number;
  /** Backoff cap (a longer `Retry-After` is still honoured). Default 8 000. */
  maxDelayMs?: number;
}

export interface RetryEvent {
  operation: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  error: IcError;
  /** How long the client waits before the next attempt (at least `Retry-After` when sent). */
  delayMs: number;
}

export interface IcClientOptions {
  /** e.g. https://api-dashboard.influencers.club (or the API double's URL). */
  baseUrl: string;
  apiKey: string;
  /** undici dispatcher (tests pass a MockAgent); undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Per attempt for batch results and downloads, which can be large. Default 120 000 (api-ref#batch-results). */
  batchResultsTimeoutMs?: number;
  retry?: RetryOptions;
  /** Client-side limit per API key; default 300 per 60 000 ms (api-ref#rate-limit). */
  rateLimit?: Partial<RateLimit>;
  /** Price overrides merged over DEFAULT_PRICES (see prices.ts for why they are configurable). */
  prices?: Partial<PriceTable>;
  userAgent?: string;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
  /** Told about every attempt and every call (metrics, account problems); its errors are ignored. */
  observer?: UpstreamObserver;
}

/**
 * What the transport reports about its traffic. The transport knows nothing of Prometheus or Slack:
 * the composition root (main.ts) turns these into metrics and admin notices.
 */
export interface UpstreamObserver {
  /** One HTTP exchange (each retry is one): its status, or `network` / `timeout` when none came. */
  attempt?(event: { operation: string; status: string }): void;
  /** One call, retries included: how long it took and the error it ended with, if any. */
  call?(event: { operation: string; durationMs: number; error: IcError | undefined }): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The MCP allows batch results 120 s (api-ref#batch-results). */
const BATCH_RESULTS_TIMEOUT_MS = 120_000;
const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 4,
  maxTotalMs: 30_000,
  minDelayMs: 500,
  maxDelayMs: 8_000,
};

class AttemptTimeout extends Error {}

export interface Call {
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  json?: unknown;
  form?: { bytes: Uint8Array; contentType: string };
  /** The endpoint spends credits. Decides both retries and `mayHaveCharged`. */
  paid: boolean;
  /** A JSON 404 here means an unknown batch id. */
  batch?: boolean;
  timeoutMs?: number;
  /** Value to use for an empty 2xx body (resume's answer is undocumented, api-ref#batch-resume). */
  emptyBody?: unknown;
  /** Full URL for hosts other than the API (presigned downloads): no Authorization, no limiter. */
  foreignUrl?: URL;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * Which failed attempts may be tried again (api-ref#credits, api-ref#rate-limit, api-ref#errors).
 * - 429 and connect failures: always. A 429 is refused before any work, and a request that never
 *   reached the server cannot have been processed, so neither can have charged.
 * - 5xx, timeouts and resets: only on free endpoints (GETs, resume). On an endpoint that spends
 *   credits the request may have been processed and billed before the gateway failed or the
 *   connection dropped; a blind retry could pay twice (a duplicate batch bills every row twice, api-ref#batch-create).
 *   Those errors go back to the caller, which can ask the user.
 */
function mayRetry(error: unknown, paid: boolean): boolean {
  if (error instanceof IcRateLimitError) return true;
  if (error instanceof IcNetworkError && error.connectFailed) return true;
  if (paid) return false;
  return (
    error instanceof IcUpstreamError || error instanceof IcTimeoutError || error instanceof IcNetworkError
  );
}

function positive(
  name: string,
  value: number | undefined,
  fallback: number,
  { int = false, min = 1 } = {},
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (int && !Number.isInteger(value))
  ) {
    throw new TypeError(`IcClientOptions.${name} must be ${int ? 'a whole number' : 'a number'} >= ${min}`);
  }
  return value;
}

/** Transport settings, checked once; the client's constructor options map onto these. */
export class Transport {
  readonly timeoutMs: number;
  readonly batchResultsTimeoutMs: number;
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #retry: Required<RetryOptions>;
  readonly #limiter: SlidingWindowLimiter;
  readonly #userAgent: string;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #observer: UpstreamObserver | undefined;
  /**
   * Until when (performance.now) every request of this client waits after a 429 with Retry-After.
   * The API limits the whole account (api-ref#rate-limit), so one 429 means every concurrent call
   * would get one too: they all hold back, not only the call that was told.
   */
  #rateLimitedUntil = 0;

  /** Throws TypeError for an unusable option (never echoing the API key). */
  constructor(options: IcClientOptions) {
    if (typeof options?.baseUrl !== 'string' || !URL.canParse(options.baseUrl)) {
      throw new TypeError('IcClientOptions.baseUrl must be an http(s) URL');
    }
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new TypeError('IcClientOptions.baseUrl must be an http(s) URL');
    }
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '' || /\s/.test(options.apiKey)) {
      // never echo the key itself
      throw new TypeError('IcClientOptions.apiKey must be a non-empty string without spaces');
    }
    this.#baseUrl = base.href.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#dispatcher = options.dispatcher;
    this.timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.batchResultsTimeoutMs = positive(
      'batchResultsTimeoutMs',
      options.batchResultsTimeoutMs,
      BATCH_RESULTS_TIMEOUT_MS,
    );
    const retry = options.retry ?? {};
    this.#retry = {
      maxAttempts: positive('retry.maxAttempts', retry.maxAttempts, DEFAULT_RETRY.maxAttempts, { int: true }),
      maxTotalMs: positive('retry.maxTotalMs', retry.maxTotalMs, DEFAULT_RETRY.maxTotalMs, { min: 0 }),
      minDelayMs: positive('retry.minDelayMs', retry.minDelayMs, DEFAULT_RETRY.minDelayMs),
      maxDelayMs: positive('retry.maxDelayMs', retry.maxDelayMs, DEFAULT_RETRY.maxDelayMs),
    };
    if (this.#retry.maxDelayMs < this.#retry.minDelayMs) {
      throw new TypeError('IcClientOptions.retry.maxDelayMs must be >= retry.minDelayMs');
    }
    const limit = {
      requests: positive('rateLimit.requests', options.rateLimit?.requests, DEFAULT_RATE_LIMIT.requests, {
        int: true,
      }),
      windowMs: positive('rateLimit.windowMs', options.rateLimit?.windowMs, DEFAULT_RATE_LIMIT.windowMs),
    };
    this.#limiter = sharedLimiter(this.#apiKey, this.#baseUrl, limit);
    this.#userAgent = options.userAgent ?? 'scout/0.1 (influencers-club-client)';
    this.#onRetry = options.onRetry;
    this.#observer = options.observer;
  }

  /** Observers are told best effort: a broken metric must never fail a paid call. */
  #observe(notify: (observer: UpstreamObserver) => void): void {
    if (this.#observer === undefined) return;
    try {
      notify(this.#observer);
    } catch {
      // deliberately ignored, see above
    }
  }

  /** Sends `call` (with retries) and parses the JSON answer with `schema`. */
  async json<S extends z.ZodType>(call: Call, schema: S): Promise<z.output<S>> {
    const answer = await this.#withRetry(call, () => this.#attemptText(call));
    const { operation, paid } = call;
    let body: unknown;
    if (answer.text.trim() === '' && call.emptyBody !== undefined) {
      body = call.emptyBody;
    } else {
      try {
        body = JSON.parse(answer.text);
      } catch {
        // A 200 from a paid endpoint was billed if the API produced data we could not read.
        throw new IcMalformedResponseError(`${operation}: the answer is not valid JSON`, {
          operation,
          status: answer.status,
          mayHaveCharged: paid,
        });
      }
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      throw new IcMalformedResponseError(
        `${operation}: the answer does not have the expected shape${where}: ${issue?.message ?? 'invalid'}`,
        { operation, status: answer.status, mayHaveCharged: paid },
      );
    }
    return parsed.data;
  }

  /** Sends `call` (with retries until a 2xx arrives) and hands back the body as a stream. */
  async stream(call: Call): Promise<Readable> {
    return this.#withRetry(call, () => this.#attempt(call, 'stream'));
  }

  async #withRetry<T>(call: Call, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const { operation } = call;
    try {
      const result = await this.#retrying(call, run, started);
      this.#observe((o) =>
        o.call?.({ operation, durationMs: performance.now() - started, error: undefined }),
      );
      return result;
    } catch (error) {
      const failure = this.transportError(call, error);
      this.#observe((o) => o.call?.({ operation, durationMs: performance.now() - started, error: failure }));
      throw error;
    }
  }

  #retrying<T>(call: Call, run: () => Promise<T>, started: number): Promise<T> {
    const { maxAttempts, maxTotalMs, minDelayMs, maxDelayMs } = this.#retry;
    return pRetry(run, {
      retries: maxAttempts - 1,
      factor: 2,
      minTimeout: minDelayMs,
      maxTimeout: maxDelayMs,
      randomize: true,
      maxRetryTime: maxTotalMs,
      shouldRetry: async ({ error, attemptNumber, retryDelay }) => {
        if (!(error instanceof IcError) || !mayRetry(error, call.paid)) return false;
        let delayMs = retryDelay;
        if (error instanceof IcRateLimitError && error.retryAfterMs !== undefined) {
          // Honour Retry-After in full; if that does not fit the time budget, give up now and
          // let the caller see retryAfterMs.
          if (performance.now() - started + error.retryAfterMs > maxTotalMs) return false;
          if (error.retryAfterMs > retryDelay) {
            await sleep(error.retryAfterMs - retryDelay);
            delayMs = error.retryAfterMs;
          }
        }
        this.#onRetry?.({ operation: call.operation, attempt: attemptNumber, error, delayMs });
        return true;
      },
    });
  }

  async #attemptText(call: Call): Promise<Answer> {
    return this.#attempt(call, 'text');
  }

  #attempt(call: Call, mode: 'text'): Promise<Answer>;
  #attempt(call: Call, mode: 'stream'): Promise<Readable>;
  async #attempt(call: Call, mode: 'text' | 'stream'): Promise<Answer | Readable> {
    const foreign = call.foreignUrl !== undefined;
    if (!foreign) {
      const wait = this.#rateLimitedUntil - performance.now();
      if (wait > this.#retry.maxTotalMs) {
        // Waiting longer than a call may take helps nobody: fail now, nothing sent, nothing charged.
        const message = `${call.operation}: Influencers Club asked Scout to wait ${Math.ceil(wait / 1000)} s`;
        throw new IcRateLimitError(message, { operation: call.operation, retryAfterMs: Math.ceil(wait) });
      }
      if (wait > 0) await sleep(wait);
      await this.#limiter.acquire();
    }
    const url = call.foreignUrl ?? new URL(this.#baseUrl + call.path);
    for (const [k, v] of Object.entries(call.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { 'user-agent': this.#userAgent };
    if (!foreign) {
      headers.authorization = `Bearer ${this.#apiKey}`;
      headers.accept = 'application/json';
    }
    let body: string | Uint8Array | undefined;
    if (call.form !== undefined) {
      headers['content-type'] = call.form.contentType;
      body = call.form.bytes;
    } else if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeout()), timeoutMs);
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: call.method,
          headers,
          body,
          signal: controller.signal,
          dispatcher: this.#dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        const failure = this.transportError(call, error);
        const status = failure instanceof IcTimeoutError ? 'timeout' : 'network';
        this.#observe((o) => o.attempt?.({ operation: call.operation, status }));
        throw failure;
      }
      const status = response.statusCode;
      this.#observe((o) => o.attempt?.({ operation: call.operation, status: String(status) }));
      if (status >= 200 && status < 300) {
        if (mode === 'stream') return response.body;
        try {
          return { status, text: await response.body.text() };
        } catch (error) {
          throw this.transportError(call, error);
        }
      }
      let text = '';
      try {
        // Presigned-storage error pages can carry signing details: keep them out of messages.
        text = foreign ? '' : await response.body.text();
      } catch {
        // the status alone classifies the error
      }
      if (foreign) response.body.destroy();
      const error = errorFromAnswer({
        operation: call.operation,
        status,
        bodyText: this.#scrub(text),
        retryAfter: response.headers['retry-after'],
        batch: call.batch === true,
      });
      if (!foreign && error instanceof IcRateLimitError && error.retryAfterMs !== undefined) {
        this.#rateLimitedUntil = Math.max(this.#rateLimitedUntil, performance.now() + error.retryAfterMs);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Maps an undici/socket failure to IcTimeoutError or IcNetworkError. */
  transportError(call: Pick<Call, 'operation' | 'paid'>, error: unknown): IcError {
    if (error instanceof IcError) return error;
    return errorFromException(call, error, this.sanitizedCause(error), error instanceof AttemptTimeout);
  }

  /** A copy of a low-level error without anything secret (MockAgent errors echo request headers). */
  sanitizedCause(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    const copy = new Error(this.#scrub(message));
    const code = codeOf(error);
    if (code !== undefined) Object.assign(copy, { code });
    copy.name = error instanceof Error ? error.name : 'Error';
    return copy;
  }

  #scrub(text: string): string {
    return scrubSecrets(text, [this.#apiKey]);
  }
}
