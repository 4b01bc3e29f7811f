import type { Readable } from 'node:stream';
import { FormData, Response as UndiciResponse } from 'undici';
import type { z } from 'zod';
import { readResultRows } from './batch-rows.ts';
import { ENDPOINTS, fillPath, type PriceRule, pathFor } from './endpoints.ts';
import { type FieldProblem, IcNotFoundError, IcValidationError } from './errors.ts';
import type { Platform } from './platforms.ts';
import { DEFAULT_PRICES, type PriceTable, roundCredits } from './prices.ts';
import {
  type BatchCreated,
  type BatchCreateRequest,
  type BatchDownload,
  type BatchResultRow,
  type BatchStatus,
  type batchCreateRequestSchema,
  batchIdSchema,
  type DictionaryEntry,
  type DictionaryQuery,
  type DiscoveryRequest,
  type DiscoveryResponse,
  dictionaryQuerySchema,
  type EmailAdvancedRequest,
  type EmailAdvancedResponse,
  type EmailBasicRequest,
  type EmailBasicResponse,
  type EnrichFullRequest,
  type EnrichFullResponse,
  type EnrichRawRequest,
  type EnrichRawResponse,
  type ExclusionEntries,
  type ExclusionList,
  type ExclusionListCreate,
  exclusionListIdSchema,
  type Game,
  type Language,
  locationsPlatformSchema,
  type OverlapRequest,
  type OverlapResponse,
  type Paid,
  type PostDetailsRequest,
  type PostDetailsResponse,
  type PostsRequest,
  type PostsResponse,
  type ResumeResponse,
  type SimilarRequest,
  type SocialsRequest,
  type SocialsResponse,
  type YoutubeTopic,
} from './schemas.ts';
import { type IcClientOptions, Transport } from './transport.ts';

export type { IcClientOptions, RetryEvent, RetryOptions } from './transport.ts';
export type { BatchCreated, BatchDownload, BatchResultRow, BatchStatus, Paid, ResumeResponse };

/** createBatch's argument: the CSV and form fields in camelCase (api-ref#batch-create). */
export type CreateBatchRequest = z.input<typeof batchCreateRequestSchema>;

/** The part of an endpoint's table entry a paid JSON call needs. */
interface PaidSpec<Req extends z.ZodType, Res extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  request: Req;
  response: Res;
  price: PriceRule<z.output<Res>>;
}

/** The part of a free endpoint's table entry a call needs. */
interface FreeSpec<Res extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  response: Res;
}

/** A paid answer: the cost it reports (api-ref#credits) and, usually, a `result`. */
type Costed = { credits_cost: number | null; result?: unknown };

function isEmptyResult(result: unknown): boolean {
  if (result === null || result === undefined) return true;
  if (Array.isArray(result)) return result.length === 0;
  if (typeof result === 'object') return Object.keys(result).length === 0;
  return false;
}

/**
 * Typed client for the Influencers Club public API (api-ref#endpoints: one method per endpoint).
 * Each method is a thin reading of its entry in ENDPOINTS (endpoints.ts): requests are validated
 * before anything is sent, answers parsed tolerantly, the cost taken from the answer's
 * `credits_cost` or else the entry's price rule. HTTP, retries, the rate limiter and error mapping
 * are the Transport's (transport.ts); failures are IcError subclasses (errors.ts).
 */
export class InfluencersClubClient {
  readonly prices: PriceTable;
  readonly #transport: Transport;

  constructor(options: IcClientOptions) {
    this.#transport = new Transport(options);
    const prices = { ...DEFAULT_PRICES, ...options.prices };
    for (const [name, price] of Object.entries(prices)) {
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
        throw new TypeError(`IcClientOptions.prices.${name} must be a number >= 0`);
      }
    }
    this.prices = Object.freeze(prices);
  }

  // -------------------------------------------------------------------------------------------
  // Discovery (api-ref#discovery, api-ref#similar, api-ref#overlap)

  /** POST /public/v1/discovery/ — 0.01 credit per creator returned. */
  async discover(req: DiscoveryRequest): Promise<Paid<DiscoveryResponse>> {
    return this.#paid('discover', ENDPOINTS.discovery, req);
  }

  /** POST /public/v1/discovery/creators/similar/ — 0.01 credit per creator returned; relevance order. */
  async similarCreators(req: SimilarRequest): Promise<Paid<DiscoveryResponse>> {
    return this.#paid('similarCreators', ENDPOINTS.similar, req);
  }

  /** POST /public/v1/creators/audience/overlap/ — 1 credit. */
  async audienceOverlap(req: OverlapRequest): Promise<Paid<OverlapResponse>> {
    return this.#paid('audienceOverlap', ENDPOINTS.overlap, req);
  }

  // -------------------------------------------------------------------------------------------
  // Dictionaries (api-ref#dictionaries), free

  async languages(): Promise<Language[]> {
    return this.#dictionary('languages', ENDPOINTS.languages);
  }

  async locations(platform: Platform): Promise<string[]> {
    const p = this.#validate('locations', locationsPlatformSchema, platform, 'platform');
    return this.#dictionary('locations', ENDPOINTS.locations, undefined, { platform: p });
  }

  /** Per observation the API ignores `search` here and returns the full list (api-ref#dictionaries). */
  async brands(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('brands', ENDPOINTS.brands, q);
  }

  async youtubeTopics(): Promise<YoutubeTopic[]> {
    return this.#dictionary('youtubeTopics', ENDPOINTS.youtube_topics);
  }

  async games(): Promise<Game[]> {
    return this.#dictionary('games', ENDPOINTS.games);
  }

  async audienceBrandCategories(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceBrandCategories', ENDPOINTS.audience_brand_categories, q);
  }

  async audienceBrandNames(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceBrandNames', ENDPOINTS.audience_brand_names, q);
  }

  async audienceInterests(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceInterests', ENDPOINTS.audience_interests, q);
  }

  async audienceLocations(q?: DictionaryQuery): Promise<DictionaryEntry[]> {
    return this.#dictionary('audienceLocations', ENDPOINTS.audience_locations, q);
  }

  // -------------------------------------------------------------------------------------------
  // Creators (api-ref#socials … api-ref#email-advanced)

  /** POST /public/v1/creators/socials/ — 0.5 credit. An empty list is IcNotFoundError (no data, no charge). */
  async connectedSocials(req: SocialsRequest): Promise<Paid<SocialsResponse>> {
    return this.#paid('connectedSocials', ENDPOINTS.socials, req, requireData);
  }

  /** POST /public/v1/creators/enrich/handle/full/ — 1 credit. Send the include_* flags explicitly: defaults are disputed (api-ref#enrich-full). */
  async enrichHandleFull(req: EnrichFullRequest): Promise<Paid<EnrichFullResponse>> {
    return this.#paid('enrichHandleFull', ENDPOINTS.enrich_full, req, requireCreator);
  }

  /** POST /public/v1/creators/enrich/handle/raw/ — 0.03 credit. The platform block is at `result.<platform>` (api-ref#enrich-raw). */
  async enrichHandleRaw(req: EnrichRawRequest): Promise<Paid<EnrichRawResponse>> {
    return this.#paid('enrichHandleRaw', ENDPOINTS.enrich_raw, req, requireCreator);
  }

  /** POST /public/v1/creators/enrich/email/ — the strongest platform for the address. The email is lower-cased and trimmed. */
  async enrichEmailBasic(req: EmailBasicRequest): Promise<Paid<EmailBasicResponse>> {
    return this.#paid('enrichEmailBasic', ENDPOINTS.email_basic, req, requireData);
  }

  /** POST /public/v1/creators/enrich/email/advanced/ — 2 credits; possibly deprecated (api-ref#email-advanced). */
  async enrichEmailAdvanced(req: EmailAdvancedRequest): Promise<Paid<EmailAdvancedResponse>> {
    return this.#paid('enrichEmailAdvanced', ENDPOINTS.email_advanced, req, requireData);
  }

  // -------------------------------------------------------------------------------------------
  // Batch enrichment (api-ref#batch-create … api-ref#batch-resume)

  /**
   * POST /public/v1/enrichment/batch/ (multipart). Bills every row with data, duplicates included,
   * so it is retried only when the API cannot have received it (429, connect failure).
   */
  async createBatch(req: CreateBatchRequest): Promise<BatchCreated> {
    const r: BatchCreateRequest = this.#validate('createBatch', ENDPOINTS.batch.request, req);
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
    const { method, response } = ENDPOINTS.batch;
    return this.#transport.json(
      { operation: 'createBatch', method, path: pathFor('batch'), form: { bytes, contentType }, paid: true },
      response,
    );
  }

  /** GET …/{id}/status/ — poll every 30–60 s (api-ref#rate-limit). `credits_used` arrives as a string and is read as a number. */
  async batchStatus(batchId: string): Promise<BatchStatus> {
    return this.#batchJson('batchStatus', ENDPOINTS.batch_status, batchId);
  }

  /**
   * GET …/{id}/?format=json, streamed: rows are parsed one at a time and never held together
   * (batch-rows.ts). Accepts a bare array or a `{results|data: [...]}` wrapper
   * (api-ref#batch-results). The request starts when iteration starts. 400 until the batch is `finished`.
   */
  async *batchResults(batchId: string): AsyncIterable<BatchResultRow> {
    const body = await this.#batchStream('batchResults', batchId, 'json');
    yield* readResultRows('batchResults', body, this.#transport);
  }

  /** GET …/{id}/?format=csv as a stream. The MCP saw this answer 404 in practice (api-ref#batch-results); prefer batchDownload. */
  async batchResultsCsv(batchId: string): Promise<Readable> {
    return this.#batchStream('batchResultsCsv', batchId, 'csv');
  }

  /** GET …/{id}/download/ — a presigned CSV URL and its expiry; open it with openPresignedDownload. */
  async batchDownload(batchId: string): Promise<BatchDownload> {
    return this.#batchJson('batchDownload', ENDPOINTS.batch_download, batchId);
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
    return this.#transport.stream({
      operation,
      method: 'GET',
      path: parsed.pathname,
      foreignUrl: parsed,
      paid: false,
      timeoutMs: this.#transport.batchResultsTimeoutMs,
    });
  }

  /** POST …/{id}/resume/ after `paused_insufficient_credits`. Free; the answer is undocumented (api-ref#batch-resume). */
  async resumeBatch(batchId: string): Promise<ResumeResponse> {
    // free and idempotent: safe to retry like a GET; an empty body reads as {}
    return this.#batchJson('resumeBatch', ENDPOINTS.batch_resume, batchId, { json: {}, emptyBody: {} });
  }

  // -------------------------------------------------------------------------------------------
  // Content (api-ref#posts, api-ref#post-details)

  /** POST /public/v1/creators/content/posts/ — one page; follow `result.next_token` with `pagination_token`. */
  async creatorPosts(req: PostsRequest): Promise<Paid<PostsResponse>> {
    return this.#paid('creatorPosts', ENDPOINTS.posts, req, requireData);
  }

  /** POST /public/v1/creators/content/details/ — `result` depends on platform and content type. */
  async postDetails(req: PostDetailsRequest): Promise<Paid<PostDetailsResponse>> {
    return this.#paid('postDetails', ENDPOINTS.post_details, req, requireData);
  }

  // -------------------------------------------------------------------------------------------
  // Exclusion lists (api-ref#exclusion-lists), free

  /** GET …/exclusion-lists/ — every list of the account, all platforms. */
  async exclusionLists(): Promise<ExclusionList[]> {
    const { method, path, response } = ENDPOINTS.exclusion_lists;
    return this.#transport.json({ operation: 'exclusionLists', method, path, paid: false }, response);
  }

  /** POST …/exclusion-lists/ `{name, platform}` — the new list. */
  async createExclusionList(req: ExclusionListCreate): Promise<ExclusionList> {
    const spec = ENDPOINTS.exclusion_list_create;
    const json = this.#validate('createExclusionList', spec.request, req);
    return this.#transport.json(
      { operation: 'createExclusionList', method: spec.method, path: spec.path, json, paid: false },
      spec.response,
    );
  }

  /** GET …/{id}/entries/?offset&limit — one page of a list's handles. */
  async exclusionEntries(
    listId: number,
    page: { offset?: number; limit?: number } = {},
  ): Promise<ExclusionEntries> {
    const spec = ENDPOINTS.exclusion_entries;
    const id = this.#validate('exclusionEntries', exclusionListIdSchema, listId, 'listId');
    const path = fillPath(spec.path, { list_id: String(id) });
    const query = { offset: page.offset, limit: page.limit };
    return this.#transport.json(
      { operation: 'exclusionEntries', method: spec.method, path, query, paid: false },
      spec.response,
    );
  }

  /** POST …/{id}/entries/ `{handles}` — adds handles (already present ones are kept once). */
  async addExclusionEntries(listId: number, handles: readonly string[]): Promise<ExclusionList> {
    const spec = ENDPOINTS.exclusion_entries_add;
    const id = this.#validate('addExclusionEntries', exclusionListIdSchema, listId, 'listId');
    const json = this.#validate('addExclusionEntries', spec.request, { handles: [...handles] });
    const path = fillPath(spec.path, { list_id: String(id) });
    return this.#transport.json(
      { operation: 'addExclusionEntries', method: spec.method, path, json, paid: false },
      spec.response,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Account (api-ref#account-credits)

  async credits(): Promise<{ creditsAvailable: number; creditsUsed: number }> {
    const { method, response } = ENDPOINTS.credits;
    const data = await this.#transport.json(
      { operation: 'credits', method, path: pathFor('credits'), paid: false },
      response,
    );
    // credits_used is informational; a missing value reads as 0 rather than failing the balance
    return { creditsAvailable: data.credits_available, creditsUsed: data.credits_used ?? 0 };
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing: every method above is one of these, driven by its ENDPOINTS entry

  /**
   * A paid JSON call: validate, send (never blindly re-sent, see transport.ts), parse, check, and
   * cost it: the answer's `credits_cost` wins, else the entry's price rule (api-ref#credits).
   */
  async #paid<Req extends z.ZodType, Res extends z.ZodType<Costed>>(
    operation: string,
    spec: PaidSpec<Req, Res>,
    req: z.input<Req>,
    check?: (operation: string, data: z.output<Res>, body: z.output<Req>) => void,
  ): Promise<Paid<z.output<Res>>> {
    const body = this.#validate(operation, spec.request, req);
    const data = await this.#transport.json(
      { operation, method: spec.method, path: spec.path, json: body, paid: true },
      spec.response,
    );
    check?.(operation, data, body);
    return { data, creditsCost: roundCredits(data.credits_cost ?? spec.price.charged(data, this.prices)) };
  }

  async #dictionary<Res extends z.ZodType>(
    operation: string,
    spec: FreeSpec<Res>,
    q?: DictionaryQuery,
    pathParams?: Record<string, string>,
  ): Promise<z.output<Res>> {
    const query = this.#validate(operation, dictionaryQuerySchema, q);
    const path = fillPath(spec.path, pathParams);
    return this.#transport.json({ operation, method: spec.method, path, query, paid: false }, spec.response);
  }

  async #batchJson<Res extends z.ZodType>(
    operation: string,
    spec: FreeSpec<Res>,
    batchId: string,
    extra: { json?: unknown; emptyBody?: unknown } = {},
  ): Promise<z.output<Res>> {
    const id = this.#validate(operation, batchIdSchema, batchId, 'batchId');
    const path = fillPath(spec.path, { batch_id: id });
    return this.#transport.json(
      { operation, method: spec.method, path, paid: false, batch: true, ...extra },
      spec.response,
    );
  }

  async #batchStream(operation: string, batchId: string, format: 'json' | 'csv'): Promise<Readable> {
    const id = this.#validate(operation, batchIdSchema, batchId, 'batchId');
    return this.#transport.stream({
      operation,
      method: ENDPOINTS.batch_results.method,
      path: pathFor('batch_results', { batch_id: id }),
      query: { format },
      paid: false,
      batch: true,
      timeoutMs: this.#transport.batchResultsTimeoutMs,
    });
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
}

/** A 200 with nothing in it means IC has no data; it is charged only if it says so (api-ref#credits). */
function requireData(operation: string, data: Costed): void {
  if (isEmptyResult(data.result)) {
    throw new IcNotFoundError(`${operation}: Influencers Club has no data for this request`, {
      operation,
      status: 200,
      reason: 'no_data',
      mayHaveCharged: (data.credits_cost ?? 0) > 0,
    });
  }
}

/** Enrichment: an empty result, or the requested platform's block saying `exists: false` (api-ref#enrich-raw). */
function requireCreator(
  operation: string,
  data: { credits_cost: number | null; result?: { [key: string]: unknown } | null },
  body: { platform: Platform },
): void {
  requireData(operation, data);
  const block = data.result?.[body.platform];
  if (typeof block === 'object' && block !== null && 'exists' in block && block.exists === false) {
    throw new IcNotFoundError(`${operation}: the ${body.platform} account does not exist`, {
      operation,
      status: 200,
      reason: 'no_data',
      mayHaveCharged: (data.credits_cost ?? 0) > 0,
    });
  }
}
