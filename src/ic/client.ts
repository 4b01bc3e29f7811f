import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import pRetry from 'p-retry';
import { type Dispatcher, FormData, request, Response as UndiciResponse } from 'undici';
import type { z } from 'zod';
import {
  errorFromAnswer,
  type FieldProblem,
  IcError,
  IcMalformedResponseError,
  IcNetworkError,
  IcNotFoundError,
  IcRateLimitError,
  IcTimeoutError,
  IcUpstreamError,
  IcValidationError,
  scrubSecrets,
} from './errors.ts';
import type { Platform } from './platforms.ts';
import { DEFAULT_PRICES, type PriceTable, roundCredits } from './prices.ts';
import {
  DEFAULT_RATE_LIMIT,
  type RateLimit,
  type SlidingWindowLimiter,
  sharedLimiter,
} from './rate-limit.ts';
import {
  type BatchCreated,
  type BatchCreateRequest,
  type BatchDownload,
  type BatchResultRow,
  type BatchStatus,
  batchCreatedSchema,
  batchCreateRequestSchema,
  batchDownloadSchema,
  batchIdSchema,
  batchResultRowSchema,
  batchStatusSchema,
  creditsResponseSchema,
  type DictionaryEntry,
  type DictionaryQuery,
  type DiscoveryRequest,
  type DiscoveryResponse,
  dictionaryQuerySchema,
  dictionaryResponseSchema,
  discoveryRequestSchema,
  discoveryResponseSchema,
  type EmailAdvancedRequest,
  type EmailAdvancedResponse,
  type EmailBasicRequest,
  type EmailBasicResponse,
  type EnrichFullRequest,
  type EnrichFullResponse,
  type EnrichRawRequest,
  type EnrichRawResponse,
  emailAdvancedRequestSchema,
  emailAdvancedResponseSchema,
  emailBasicRequestSchema,
  emailBasicResponseSchema,
  enrichFullRequestSchema,
  enrichRawRequestSchema,
  enrichResponseSchema,
  type Game,
  gamesResponseSchema,
  type Language,
  languagesResponseSchema,
  locationsPlatformSchema,
  locationsResponseSchema,
  type OverlapRequest,
  type OverlapResponse,
  overlapRequestSchema,
  overlapResponseSchema,
  type Paid,
  type PostDetailsRequest,
  type PostDetailsResponse,
  type PostsRequest,
  type PostsResponse,
  postDetailsRequestSchema,
  postDetailsResponseSchema,
  postsRequestSchema,
  postsResponseSchema,
  type ResumeResponse,
  resumeResponseSchema,
  type SimilarRequest,
  type SocialsRequest,
  type SocialsResponse,
  similarRequestSchema,
  socialsRequestSchema,
  socialsResponseSchema,
  type YoutubeTopic,
  youtubeTopicsResponseSchema,
} from './schemas.ts';

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
}

export type { BatchCreated, BatchDownload, BatchResultRow, BatchStatus, Paid, ResumeResponse };

/** createBatch's argument: the CSV and form fields in camelCase (api-ref#batch-create). */
export type CreateBatchRequest = z.input<typeof batchCreateRequestSchema>;

const PATHS = {
  discovery: '/public/v1/discovery/',
  similar: '/public/v1/discovery/creators/similar/',
  overlap: '/public/v1/creators/audience/overlap/',
  languages: '/public/v1/discovery/classifier/languages/',
  locations: (platform: string) => `/public/v1/discovery/classifier/locations/${platform}/`,
  brands: '/public/v1/discovery/classifier/brands/',
  youtubeTopics: '/public/v1/discovery/classifier/yt-topics/',
  games: '/public/v1/discovery/classifier/games/',
  audienceBrandCategories: '/public/v1/discovery/classifier/audience-brand-categories/',
  audienceBrandNames: '/public/v1/discovery/classifier/audience-brand-names/',
  audienceInterests: '/public/v1/discovery/classifier/audience-interests/',
  audienceLocations: '/public/v1/discovery/classifier/audience-locations/',
  socials: '/public/v1/creators/socials/',
  enrichFull: '/public/v1/creators/enrich/handle/full/',
  enrichRaw: '/public/v1/creators/enrich/handle/raw/',
  emailBasic: '/public/v1/creators/enrich/email/',
  emailAdvanced: '/public/v1/creators/enrich/email/advanced/',
  batch: '/public/v1/enrichment/batch/',
  batchStatus: (id: string) => `/public/v1/enrichment/batch/${id}/status/`,
  batchResults: (id: string) => `/public/v1/enrichment/batch/${id}/`,
  batchDownload: (id: string) => `/public/v1/enrichment/batch/${id}/download/`,
  batchResume: (id: string) => `/public/v1/enrichment/batch/${id}/resume/`,
  posts: '/public/v1/creators/content/posts/',
  postDetails: '/public/v1/creators/content/details/',
  credits: '/public/v1/accounts/credits/',
} as const;

/** Export of the endpoint paths (exact, slash-terminated: anything else is an HTML 404, api-ref#transport). */
export const IC_PATHS = PATHS;

const DEFAULT_TIMEOUT_MS = 30_000;
/** The MCP allows batch results 120 s (api-ref#batch-results). */
const BATCH_RESULTS_TIMEOUT_MS = 120_000;
const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 4,
  maxTotalMs: 30_000,
  minDelayMs: 500,
  maxDelayMs: 8_000,
};

/** Errors that mean the request never reached the server, so it cannot have been processed. */
const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // MockAgent without a matching interceptor: nothing was sent anywhere
  'UND_MOCK_ERR_MOCK_NOT_MATCHED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

class AttemptTimeout extends Error {}

interface Call {
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

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Happy-eyeballs connects fail with an AggregateError of per-address errors.
  if (Array.isArray(e.errors)) return codeOf(e.errors[0]);
  if (e.cause !== undefined && e.cause !== error) return codeOf(e.cause);
  return undefined;
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

function isEmptyResult(result: unknown): boolean {
  if (result === null || result === undefined) return true;
  if (Array.isArray(result)) return result.length === 0;
  if (typeof result === 'object') return Object.keys(result).length === 0;
  return false;
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

/**
 * Typed client for the Influencers Club public API (api-ref#endpoints: one method per endpoint).
 * Requests are validated before anything is sent; answers are parsed tolerantly; failures are
 * IcError subclasses (errors.ts). Retries, the shared rate limiter and timeouts are built in.
 */
export class InfluencersClubClient {
  readonly prices: PriceTable;
  readonly #baseUrl: string;
  readonly #apiKey: string;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #timeoutMs: number;
  readonly #batchResultsTimeoutMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #limiter: SlidingWindowLimiter;
  readonly #userAgent: string;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;

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
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.#batchResultsTimeoutMs = positive(
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
    const prices = { ...DEFAULT_PRICES, ...options.prices };
    for (const [name, price] of Object.entries(prices)) {
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
        throw new TypeError(`IcClientOptions.prices.${name} must be a number >= 0`);
      }
    }
    this.prices = Object.freeze(prices);
    this.#userAgent = options.userAgent ?? 'scout/0.1 (influencers-club-client)';
    this.#onRetry = options.onRetry;
  }

  // -------------------------------------------------------------------------------------------
  // Discovery (api-ref#discovery–3.3)

  /** POST /public/v1/discovery/ — 0.01 credit per creator returned. */
  async discover(req: DiscoveryRequest): Promise<Paid<DiscoveryResponse>> {
    const body = this.#validate('discover', discoveryRequestSchema, req);
    const data = await this.#json(
      { operation: 'discover', method: 'POST', path: PATHS.discovery, json: body, paid: true },
      discoveryResponseSchema,
    );
    return {
      data,
      creditsCost: this.#cost(data.credits_cost, this.prices.discovery_per_creator * data.accounts.length),
    };
  }

  /** POST /public/v1/discovery/creators/similar/ — 0.01 credit per creator returned; relevance order. */
  async similarCreators(req: SimilarRequest): Promise<Paid<DiscoveryResponse>> {
    const body = this.#validate('similarCreators', similarRequestSchema, req);
    const data = await this.#json(
      { operation: 'similarCreators', method: 'POST', path: PATHS.similar, json: body, paid: true },
      discoveryResponseSchema,
    );
    return {
      data,
      creditsCost: this.#cost(data.credits_cost, this.prices.similar_per_creator * data.accounts.length),
    };
  }

  /** POST /public/v1/creators/audience/overlap/ — 1 credit. */
  async audienceOverlap(req: OverlapRequest): Promise<Paid<OverlapResponse>> {
    const body = this.#validate('audienceOverlap', overlapRequestSchema, req);
    const data = await this.#json(
      { operation: 'audienceOverlap', method: 'POST', path: PATHS.overlap, json: body, paid: true },
      overlapResponseSchema,
    );
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.overlap) };
  }

  // -------------------------------------------------------------------------------------------
  // Dictionaries (api-ref#dictionaries), free

  async languages(): Promise<Language[]> {
    return this.#dictionary('languages', PATHS.languages, languagesResponseSchema);
  }

  async locations(platform: Platform): Promise<string[]> {
    const p = this.#validate('locations', locationsPlatformSchema, platform, 'platform');
    return this.#dictionary('locations', PATHS.locations(p), locationsResponseSchema);
  }

  /** Per observation the API ignores `search` here and returns the full list (api-ref#dictionaries). */
  async brands(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('brands', PATHS.brands, dictionaryResponseSchema, q);
  }

  async youtubeTopics(): Promise<YoutubeTopic[]> {
    return this.#dictionary('youtubeTopics', PATHS.youtubeTopics, youtubeTopicsResponseSchema);
  }

  async games(): Promise<Game[]> {
    return this.#dictionary('games', PATHS.games, gamesResponseSchema);
  }

  async audienceBrandCategories(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary(
      'audienceBrandCategories',
      PATHS.audienceBrandCategories,
      dictionaryResponseSchema,
      q,
    );
  }

  async audienceBrandNames(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceBrandNames', PATHS.audienceBrandNames, dictionaryResponseSchema, q);
  }

  async audienceInterests(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceInterests', PATHS.audienceInterests, dictionaryResponseSchema, q);
  }

  async audienceLocations(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceLocations', PATHS.audienceLocations, dictionaryResponseSchema, q);
  }

  // -------------------------------------------------------------------------------------------
  // Creators (api-ref#socials–3.9)

  /** POST /public/v1/creators/socials/ — 0.5 credit. An empty list is IcNotFoundError (no data, no charge). */
  async connectedSocials(req: SocialsRequest): Promise<Paid<SocialsResponse>> {
    const body = this.#validate('connectedSocials', socialsRequestSchema, req);
    const data = await this.#json(
      { operation: 'connectedSocials', method: 'POST', path: PATHS.socials, json: body, paid: true },
      socialsResponseSchema,
    );
    this.#requireData('connectedSocials', data.result, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.socials) };
  }

  /** POST /public/v1/creators/enrich/handle/full/ — 1 credit. Send the include_* flags explicitly: defaults are disputed (api-ref#enrich-full). */
  async enrichHandleFull(req: EnrichFullRequest): Promise<Paid<EnrichFullResponse>> {
    const body = this.#validate('enrichHandleFull', enrichFullRequestSchema, req);
    const data = await this.#json(
      { operation: 'enrichHandleFull', method: 'POST', path: PATHS.enrichFull, json: body, paid: true },
      enrichResponseSchema,
    );
    this.#requireCreator('enrichHandleFull', data.result, body.platform, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.enrich_full) };
  }

  /** POST /public/v1/creators/enrich/handle/raw/ — 0.03 credit. The platform block is at `result.<platform>` (api-ref#enrich-raw). */
  async enrichHandleRaw(req: EnrichRawRequest): Promise<Paid<EnrichRawResponse>> {
    const body = this.#validate('enrichHandleRaw', enrichRawRequestSchema, req);
    const data = await this.#json(
      { operation: 'enrichHandleRaw', method: 'POST', path: PATHS.enrichRaw, json: body, paid: true },
      enrichResponseSchema,
    );
    this.#requireCreator('enrichHandleRaw', data.result, body.platform, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.enrich_raw) };
  }

  /** POST /public/v1/creators/enrich/email/ — the strongest platform for the address. The email is lower-cased and trimmed. */
  async enrichEmailBasic(req: EmailBasicRequest): Promise<Paid<EmailBasicResponse>> {
    const body = this.#validate('enrichEmailBasic', emailBasicRequestSchema, req);
    const data = await this.#json(
      { operation: 'enrichEmailBasic', method: 'POST', path: PATHS.emailBasic, json: body, paid: true },
      emailBasicResponseSchema,
    );
    this.#requireData('enrichEmailBasic', data.result, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.email_basic) };
  }

  /** POST /public/v1/creators/enrich/email/advanced/ — 2 credits; possibly deprecated (api-ref#email-advanced). */
  async enrichEmailAdvanced(req: EmailAdvancedRequest): Promise<Paid<EmailAdvancedResponse>> {
    const body = this.#validate('enrichEmailAdvanced', emailAdvancedRequestSchema, req);
    const data = await this.#json(
      { operation: 'enrichEmailAdvanced', method: 'POST', path: PATHS.emailAdvanced, json: body, paid: true },
      emailAdvancedResponseSchema,
    );
    this.#requireData('enrichEmailAdvanced', data.result, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.email_advanced) };
  }

  // -------------------------------------------------------------------------------------------
  // Batch enrichment (api-ref#batch-create–3.13)

  /**
   * POST /public/v1/enrichment/batch/ (multipart). Bills every row with data, duplicates included,
   * so it is retried only when the API cannot have received it (429, connect failure).
   */
  async createBatch(req: CreateBatchRequest): Promise<BatchCreated> {
    const r: BatchCreateRequest = this.#validate('createBatch', batchCreateRequestSchema, req);
    const form = new FormData();
    const csv = typeof r.csv === 'string' ? new TextEncoder().encode(r.csv) : r.csv;
    form.set(
      'file',
      new Blob([csv as Uint8Array<ArrayBuffer>], { type: 'text/csv' }),
      r.filename ?? 'creators.csv',
    );
    form.set('enrichment_mode', r.enrichmentMode);
    if (r.platform !== undefined) form.set('platform', r.platform);
    // metadata travels as a JSON string; booleans as "true"/"false"; numbers as strings (api-ref#batch-create)
    if (r.metadata !== undefined) form.set('metadata', JSON.stringify(r.metadata));
    if (r.emailRequired !== undefined) form.set('email_required', r.emailRequired);
    if (r.includeLookalikes !== undefined) form.set('include_lookalikes', String(r.includeLookalikes));
    if (r.includeAudienceData !== undefined) form.set('include_audience_data', String(r.includeAudienceData));
    if (r.excludePlatforms !== undefined) form.set('exclude_platforms', r.excludePlatforms);
    if (r.minFollowers !== undefined) form.set('min_followers', String(r.minFollowers));
    // Encoded once up front so a retry re-sends identical bytes.
    const encoded = new UndiciResponse(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
    return this.#json(
      {
        operation: 'createBatch',
        method: 'POST',
        path: PATHS.batch,
        form: { bytes, contentType },
        paid: true,
      },
      batchCreatedSchema,
    );
  }

  /** GET …/{id}/status/ — poll every 30–60 s (api-ref#rate-limit). `credits_used` arrives as a string and is read as a number. */
  async batchStatus(batchId: string): Promise<BatchStatus> {
    const id = this.#validate('batchStatus', batchIdSchema, batchId, 'batchId');
    return this.#json(
      { operation: 'batchStatus', method: 'GET', path: PATHS.batchStatus(id), paid: false, batch: true },
      batchStatusSchema,
    );
  }

  /**
   * GET …/{id}/?format=json, streamed: rows are parsed one at a time and never held together
   * (10 000 rows of up to 200 KB each). Accepts a bare array or a `{results|data: [...]}` wrapper
   * (api-ref#batch-results). The request starts when iteration starts. 400 until the batch is `finished`.
   */
  async *batchResults(batchId: string): AsyncIterable<BatchResultRow> {
    const operation = 'batchResults';
    const id = this.#validate(operation, batchIdSchema, batchId, 'batchId');
    const body = await this.#stream({
      operation,
      method: 'GET',
      path: PATHS.batchResults(id),
      query: { format: 'json' },
      paid: false,
      batch: true,
      timeoutMs: this.#batchResultsTimeoutMs,
    });
    // @streamparser/json builds each row straight from the tokens and drops it from its parent once
    // emitted (keepStack: false), so one row at a time is in memory and little garbage is made
    // (stream-json, used before, made a token object per value: ×2 the peak RSS, ×1.5 the time;
    // bench/batch-results.bench.ts). The tokens also tell where the list of rows is.
    const list = new RowListFinder();
    const tokenizer = new Tokenizer();
    let rows: TokenParser | undefined;
    const ready: unknown[] = [];
    tokenizer.onToken = (info) => {
      if (rows === undefined) {
        rows = new TokenParser({
          paths: info.token === TokenType.LEFT_BRACE ? ['$.results.*', '$.data.*'] : ['$.*'],
          keepStack: false,
        });
        rows.onValue = ({ value }) => {
          if (list.inList) ready.push(value);
        };
        rows.onEnd = () => {};
      }
      list.see(info.token, info.value);
      rows.write(info);
    };
    tokenizer.onEnd = () => {};
    let parsing = false;
    try {
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          parsing = true;
          tokenizer.write(chunk);
          parsing = false;
          while (ready.length > 0) yield this.#resultRow(operation, ready.shift());
        }
        parsing = true;
        tokenizer.end();
      } catch (error) {
        if (error instanceof IcError) throw error;
        // Reading the body failed (reset, body timeout) rather than parsing it.
        if (!parsing) throw this.#transportError({ operation, paid: false }, error);
        throw new IcMalformedResponseError(`${operation}: the results are not valid JSON`, {
          operation,
          status: 200,
          cause: this.#sanitizedCause(error),
        });
      }
      while (ready.length > 0) yield this.#resultRow(operation, ready.shift());
    } finally {
      body.destroy();
    }
    if (!list.found) {
      throw new IcMalformedResponseError(`${operation}: the results hold no list of rows`, {
        operation,
        status: 200,
      });
    }
  }

  #resultRow(operation: string, value: unknown): BatchResultRow {
    const row = batchResultRowSchema.safeParse(value);
    if (!row.success) {
      throw new IcMalformedResponseError(`${operation}: a result row is not an object`, {
        operation,
        status: 200,
      });
    }
    return row.data;
  }

  /** GET …/{id}/?format=csv as a stream. The MCP saw this answer 404 in practice (api-ref#batch-results); prefer batchDownload. */
  async batchResultsCsv(batchId: string): Promise<Readable> {
    const id = this.#validate('batchResultsCsv', batchIdSchema, batchId, 'batchId');
    return this.#stream({
      operation: 'batchResultsCsv',
      method: 'GET',
      path: PATHS.batchResults(id),
      query: { format: 'csv' },
      paid: false,
      batch: true,
      timeoutMs: this.#batchResultsTimeoutMs,
    });
  }

  /** GET …/{id}/download/ — a presigned CSV URL and its expiry; open it with openPresignedDownload. */
  async batchDownload(batchId: string): Promise<BatchDownload> {
    const id = this.#validate('batchDownload', batchIdSchema, batchId, 'batchId');
    return this.#json(
      { operation: 'batchDownload', method: 'GET', path: PATHS.batchDownload(id), paid: false, batch: true },
      batchDownloadSchema,
    );
  }

  /**
   * GET a presigned download URL. It is another host (cloud storage), so the API key is never
   * sent there, and the rate limiter (which counts API requests) is not used.
   */
  async openPresignedDownload(url: string): Promise<Readable> {
    const operation = 'openPresignedDownload';
    const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
    if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw new IcValidationError(`${operation}: not an http(s) URL`, {
        operation,
        local: true,
        fields: [{ field: 'url', message: 'not an http(s) URL' }],
      });
    }
    return this.#stream({
      operation,
      method: 'GET',
      path: parsed.pathname,
      foreignUrl: parsed,
      paid: false,
      timeoutMs: this.#batchResultsTimeoutMs,
    });
  }

  /** POST …/{id}/resume/ after `paused_insufficient_credits`. Free; the answer is undocumented (api-ref#batch-resume). */
  async resumeBatch(batchId: string): Promise<ResumeResponse> {
    const id = this.#validate('resumeBatch', batchIdSchema, batchId, 'batchId');
    return this.#json(
      {
        operation: 'resumeBatch',
        method: 'POST',
        path: PATHS.batchResume(id),
        json: {},
        // free and idempotent: safe to retry like a GET
        paid: false,
        batch: true,
        emptyBody: {},
      },
      resumeResponseSchema,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Content (api-ref#posts, api-ref#post-details)

  /** POST /public/v1/creators/content/posts/ — one page; follow `result.next_token` with `pagination_token`. */
  async creatorPosts(req: PostsRequest): Promise<Paid<PostsResponse>> {
    const body = this.#validate('creatorPosts', postsRequestSchema, req);
    const data = await this.#json(
      { operation: 'creatorPosts', method: 'POST', path: PATHS.posts, json: body, paid: true },
      postsResponseSchema,
    );
    this.#requireData('creatorPosts', data.result, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.posts) };
  }

  /** POST /public/v1/creators/content/details/ — `result` depends on platform and content type. */
  async postDetails(req: PostDetailsRequest): Promise<Paid<PostDetailsResponse>> {
    const body = this.#validate('postDetails', postDetailsRequestSchema, req);
    const data = await this.#json(
      { operation: 'postDetails', method: 'POST', path: PATHS.postDetails, json: body, paid: true },
      postDetailsResponseSchema,
    );
    this.#requireData('postDetails', data.result, data.credits_cost);
    return { data, creditsCost: this.#cost(data.credits_cost, this.prices.post_details) };
  }

  // -------------------------------------------------------------------------------------------
  // Account (api-ref#account-credits)

  async credits(): Promise<{ creditsAvailable: number; creditsUsed: number }> {
    const data = await this.#json(
      { operation: 'credits', method: 'GET', path: PATHS.credits, paid: false },
      creditsResponseSchema,
    );
    // credits_used is informational; a missing value reads as 0 rather than failing the balance
    return { creditsAvailable: data.credits_available, creditsUsed: data.credits_used ?? 0 };
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  #cost(reported: number | null | undefined, fallback: number): number {
    return roundCredits(reported ?? fallback);
  }

  /** Parses `input` or throws IcValidationError(local); `name` labels a bare (non-object) argument. */
  #validate<S extends z.ZodType>(operation: string, schema: S, input: unknown, name = ''): z.output<S> {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const fields: FieldProblem[] = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : name,
      message: issue.message,
    }));
    const summary = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ');
    throw new IcValidationError(`${operation}: request refused before sending: ${summary}`, {
      operation,
      local: true,
      fields,
    });
  }

  /** A 200 with nothing in it means IC has no data; it is charged only if it says so (api-ref#credits). */
  #requireData(operation: string, result: unknown, creditsCost: number | null | undefined): void {
    if (isEmptyResult(result)) {
      throw new IcNotFoundError(`${operation}: Influencers Club has no data for this request`, {
        operation,
        status: 200,
        reason: 'no_data',
        mayHaveCharged: (creditsCost ?? 0) > 0,
      });
    }
  }

  /** Enrichment: an empty result, or the requested platform's block saying `exists: false` (api-ref#enrich-raw). */
  #requireCreator(
    operation: string,
    result: { [key: string]: unknown } | null | undefined,
    platform: Platform,
    creditsCost: number | null | undefined,
  ): void {
    this.#requireData(operation, result, creditsCost);
    const block = result?.[platform] as { exists?: unknown } | undefined;
    if (block?.exists === false) {
      throw new IcNotFoundError(`${operation}: the ${platform} account does not exist`, {
        operation,
        status: 200,
        reason: 'no_data',
        mayHaveCharged: (creditsCost ?? 0) > 0,
      });
    }
  }

  async #dictionary<S extends z.ZodType>(
    operation: string,
    path: string,
    schema: S,
    q?: DictionaryQuery,
  ): Promise<z.output<S>> {
    const query = this.#validate(operation, dictionaryQuerySchema, q);
    return this.#json({ operation, method: 'GET', path, query, paid: false }, schema);
  }

  /** Sends `call` (with retries) and parses the JSON answer with `schema`. */
  async #json<S extends z.ZodType>(call: Call, schema: S): Promise<z.output<S>> {
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
  async #stream(call: Call): Promise<Readable> {
    return this.#withRetry(call, () => this.#attempt(call, 'stream'));
  }

  #withRetry<T>(call: Call, run: () => Promise<T>): Promise<T> {
    const { maxAttempts, maxTotalMs, minDelayMs, maxDelayMs } = this.#retry;
    const started = performance.now();
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
    if (!foreign) await this.#limiter.acquire();
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
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
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
        throw this.#transportError(call, error);
      }
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        if (mode === 'stream') return response.body;
        try {
          return { status, text: await response.body.text() };
        } catch (error) {
          throw this.#transportError(call, error);
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
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Maps an undici/socket failure to IcTimeoutError or IcNetworkError. */
  #transportError(call: Pick<Call, 'operation' | 'paid'>, error: unknown): IcError {
    const { operation, paid } = call;
    if (error instanceof IcError) return error;
    const code = codeOf(error);
    const cause = this.#sanitizedCause(error);
    if (error instanceof AttemptTimeout || (code !== undefined && TIMEOUT_CODES.has(code))) {
      // The request was sent: a paid endpoint may have processed (and billed) it.
      return new IcTimeoutError(`${operation}: no answer from Influencers Club in time`, {
        operation,
        mayHaveCharged: paid,
        cause,
      });
    }
    if (code !== undefined && CONNECT_FAILURE_CODES.has(code)) {
      return new IcNetworkError(`${operation}: could not connect to Influencers Club (${code})`, {
        operation,
        connectFailed: true,
        mayHaveCharged: false,
        cause,
      });
    }
    return new IcNetworkError(
      `${operation}: the connection to Influencers Club failed (${code ?? 'unknown error'})`,
      {
        operation,
        connectFailed: false,
        mayHaveCharged: paid,
        cause,
      },
    );
  }

  /** A copy of a low-level error without anything secret (MockAgent errors echo request headers). */
  #sanitizedCause(error: unknown): Error {
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

/**
 * Follows the tokens of a batch results body to say where its list of rows is (api-ref#batch-results): the whole
 * body (`[…]`) or the first `results` or `data` list of a wrapper object (`{"results": […]}`).
 */
class RowListFinder {
  /** A list of rows was seen (possibly empty). */
  found = false;
  /** The tokens now being read are inside that list. */
  inList = false;
  #depth = 0;
  #listDepth = -1;
  #lastString: unknown = undefined;
  #key: unknown = undefined;

  see(token: TokenType, value: unknown): void {
    switch (token) {
      case TokenType.LEFT_BRACKET:
        if (!this.found && (this.#depth === 0 || (this.#depth === 1 && isRowListKey(this.#key)))) {
          this.found = true;
          this.inList = true;
          this.#listDepth = this.#depth + 1;
        }
        this.#depth++;
        break;
      case TokenType.LEFT_BRACE:
        this.#depth++;
        break;
      case TokenType.RIGHT_BRACKET:
      case TokenType.RIGHT_BRACE:
        if (this.#depth === this.#listDepth) this.inList = false;
        this.#depth--;
        break;
      case TokenType.STRING:
        this.#lastString = value;
        break;
      case TokenType.COLON:
        if (this.#depth === 1) this.#key = this.#lastString;
        break;
      default:
        break;
    }
  }
}

function isRowListKey(key: unknown): boolean {
  return key === 'results' || key === 'data';
}
