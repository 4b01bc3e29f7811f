import {
  type BatchMode,
  type BatchSettings,
  createView,
  parseBatchCsv,
  statusView,
  writeCsvResults,
  writeJsonResults,
} from './batch.ts';
import {
  commentsScope,
  decodeCursor,
  POSTS_PAGE_SIZE,
  postDetailsResult,
  postsResult,
  postsScope,
} from './content.ts';
import { emailLocalPart, findCreator, findCreatorByEmail, findCreatorById, parseHandle } from './creators.ts';
import {
  AUDIENCE_DICTIONARIES,
  BRANDS,
  GAMES,
  LANGUAGE_ITEMS,
  LOCATIONS,
  searchDictionary,
  YT_TOPICS,
} from './dictionaries.ts';
import { discover, similar } from './discovery.ts';
import { emailAdvancedResult, emailBasicResult, fullResult, rawResult, socialsResult } from './enrichment.ts';
import { findFault, isGhost } from './faults.ts';
import { creditsString, fromMilli, type MockPrices } from './ledger.ts';
import { overlapResult } from './overlap.ts';
import {
  AUDIENCE_PLATFORMS,
  BATCH_PLATFORMS,
  DISCOVERY_PLATFORMS,
  isPlatform,
  type Platform,
} from './platforms.ts';
import {
  detail,
  type FieldError,
  fieldError,
  htmlNotFound,
  insufficientCredits,
  json,
  noData,
  type Reply,
  throttled,
  unprocessable,
} from './replies.ts';
import {
  discoveryRequest,
  emailAdvancedRequest,
  emailBasicRequest,
  fullRequest,
  overlapRequest,
  parseRequest,
  postDetailsRequest,
  postsRequest,
  rawRequest,
  similarRequest,
  socialsRequest,
} from './requests.ts';
import type { MockState } from './state.ts';

/**
 * The endpoint table of api-ref#endpoints: exact slash-terminated paths, their methods, and what each answers.
 */

export interface RouteContext {
  state: MockState;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when the body was empty). */
  body: unknown;
  /** Set when the body was not valid JSON. */
  bodyError: string | null;
  form: FormData | null;
  contentType: string;
  token: string;
  /** Where this server is reachable, for URLs it hands out (presigned downloads). */
  baseUrl: string;
}

type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  pattern: RegExp;
  params: string[];
  methods: Partial<Record<'GET' | 'POST', Handler>>;
  /** Paid endpoints get `latencyMs` added to every answer. */
  paid: boolean;
}

function route(template: string, methods: Route['methods'], paid = false): Route {
  const params: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), params, methods, paid };
}

export function matchRoute(path: string): { route: Route; params: Record<string, string> } | null {
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (match === null) continue;
    const params: Record<string, string> = {};
    candidate.params.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { route: candidate, params };
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Paid answers: fault hooks, "no data", the ledger

interface PaidAnswer {
  costMilli: number;
  body: (creditsLeftMilli: number) => unknown;
}

/**
 * Every paid endpoint answers through here, so fault hooks, the "no data → no charge" rule and the
 * balance check (api-ref#credits) behave the same everywhere.
 */
async function answerPaid(
  ctx: RouteContext,
  triggers: string[],
  produce: () => PaidAnswer | null,
): Promise<Reply> {
  const { state } = ctx;
  const hit = findFault(triggers);
  let malformed = false;
  if (hit !== null) {
    switch (hit.fault) {
      case '500':
        return detail(500, 'Internal server error');
      case '429':
        return throttled(1);
      case 'html':
        return htmlNotFound();
      case '422':
        return fieldError('handle', 'Invalid handle');
      case '402':
        return insufficientCredits();
      case 'flaky':
        if (!state.flakySeen.has(hit.value)) {
          state.flakySeen.add(hit.value);
          return detail(503, 'Service temporarily unavailable');
        }
        break;
      case 'slow':
        await sleep(state.options.slowMs);
        break;
      case 'malformed':
        malformed = true;
        break;
    }
  }
  if (triggers.some(isGhost)) return noData();
  const answer = produce();
  if (answer === null) return noData();
  if (!state.ledger.charge(ctx.path, answer.costMilli)) return insufficientCredits();
  const body = answer.body(state.ledger.availableMilliCredits);
  // fault_malformed: the data went out (cut short), so the call stays charged.
  return malformed ? { kind: 'truncated-json', status: 200, body } : json(200, body);
}

function cost(state: MockState, operation: keyof MockPrices): number {
  return state.priceMilli(operation);
}

function notJson(ctx: RouteContext): Reply | null {
  return ctx.bodyError === null ? null : detail(400, `JSON parse error - ${ctx.bodyError}`);
}

// ---------------------------------------------------------------------------------------------
// Discovery (api-ref#discovery, api-ref#similar) and overlap (api-ref#overlap)

function discoveryHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(discoveryRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  return answerPaid(ctx, [], () => {
    const found = discover({
      platform: request.platform,
      page: request.paging.page,
      limit: request.paging.limit,
      sortBy: request.sort?.sort_by ?? 'relevancy',
      sortOrder: request.sort?.sort_order ?? 'desc',
      filters: request.filters,
    });
    return {
      costMilli: found.accounts.length * cost(ctx.state, 'discovery_per_creator'),
      body: (left) => ({
        total: found.total,
        limit: request.paging.limit,
        credits_left: creditsString(left),
        accounts: found.accounts,
      }),
    };
  });
}

function similarHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(similarRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  return answerPaid(ctx, [request.filter_value], () => {
    let seed: ReturnType<typeof findCreator>;
    if (request.filter_key === 'id') {
      seed = findCreatorById(request.platform, request.filter_value);
    } else {
      const handle = parseHandle(request.platform, request.filter_value);
      if (handle === null) return null;
      seed = findCreator(request.platform, handle);
    }
    const found = similar({
      platform: request.platform,
      seed,
      page: request.paging.page,
      limit: request.paging.limit,
      filters: request.filters,
    });
    return {
      costMilli: found.accounts.length * cost(ctx.state, 'similar_per_creator'),
      body: (left) => ({
        total: found.total,
        limit: request.paging.limit,
        credits_left: creditsString(left),
        accounts: found.accounts,
      }),
    };
  });
}

function overlapHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(overlapRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const { platform, creators } = parsed.value;
  return answerPaid(ctx, creators, () => {
    const handles = creators.map((value) => parseHandle(platform, value));
    if (handles.some((handle) => handle === null)) return null;
    const found = handles.map((handle) => findCreator(platform, handle!));
    const price = cost(ctx.state, 'overlap');
    return {
      costMilli: price,
      // Overlap carries credits_left as a number, unlike discovery's string (api-ref#responses).
      body: (left) => ({
        credits_cost: fromMilli(price),
        credits_left: fromMilli(left),
        status: true,
        success: true,
        ...overlapResult(platform, found),
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Enrichment (api-ref#socials–3.9)

function envelope(price: number, result: unknown) {
  return { credits_cost: fromMilli(price), result };
}

function socialsHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(socialsRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const { platform, handle } = parsed.value;
  return answerPaid(ctx, [handle], () => {
    const parsedHandle = parseHandle(platform, handle);
    if (parsedHandle === null) return null;
    const result = socialsResult(findCreator(platform, parsedHandle));
    if (result.length === 0) return null;
    const price = cost(ctx.state, 'socials');
    return { costMilli: price, body: () => ({ ...envelope(price, result), response_meta: {} }) };
  });
}

function fullHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(fullRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  return answerPaid(ctx, [request.handle], () => {
    const handle = parseHandle(request.platform, request.handle);
    if (handle === null) return null;
    const creator = findCreator(request.platform, handle);
    // must_have: answer (and charge) only when a valid email exists (api-ref#enrich-full).
    if (request.email_required === 'must_have' && creator.email === undefined) return null;
    const price = cost(ctx.state, 'enrich_full');
    // Both defaults are disputed (api-ref#enrich-full, api-ref#discrepancies); the double defaults to false, clients should send them.
    const result = fullResult(creator, {
      includeAudience:
        (request.include_audience_data ?? false) && AUDIENCE_PLATFORMS.includes(creator.platform),
      includeLookalikes: request.include_lookalikes ?? false,
    });
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

function rawHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(rawRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  return answerPaid(ctx, [request.handle], () => {
    const handle = parseHandle(request.platform, request.handle);
    if (handle === null) return null;
    const price = cost(ctx.state, 'enrich_raw');
    const result = rawResult(findCreator(request.platform, handle));
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

function emailBasicHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(emailBasicRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const email = parsed.value.email;
  return answerPaid(ctx, [emailLocalPart(email)], () => {
    const price = cost(ctx.state, 'email_basic');
    const result = emailBasicResult(findCreatorByEmail(email));
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

function emailAdvancedHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(emailAdvancedRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  return answerPaid(ctx, [emailLocalPart(request.email)], () => {
    const result = emailAdvancedResult(findCreatorByEmail(request.email), {
      excludePlatforms: request.exclude_platforms ?? [],
      minFollowers: request.min_followers ?? 0,
    });
    if (result === null) return null;
    const price = cost(ctx.state, 'email_advanced');
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

// ---------------------------------------------------------------------------------------------
// Content (api-ref#posts, api-ref#post-details)

function postsHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(postsRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  const handle = parseHandle(request.platform, request.handle);
  let page = 0;
  if (handle !== null && request.pagination_token != null && request.pagination_token !== '') {
    const creator = findCreator(request.platform, handle);
    const decoded = decodeCursor(request.pagination_token, postsScope(request.platform, creator));
    if (decoded === null) return fieldError('pagination_token', 'Invalid pagination token.');
    page = decoded;
  }
  return answerPaid(ctx, [request.handle], () => {
    if (handle === null) return null;
    const creator = findCreator(request.platform, handle);
    const count = request.count ?? POSTS_PAGE_SIZE[request.platform].default;
    const price = cost(ctx.state, 'posts');
    const result = postsResult(request.platform, creator, page, count);
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

function postDetailsHandler(ctx: RouteContext): Reply | Promise<Reply> {
  const parsed = parseRequest(postDetailsRequest, ctx.body);
  if (!parsed.ok) return unprocessable(parsed.errors);
  const request = parsed.value;
  let page = 0;
  if (
    request.content_type === 'comments' &&
    request.pagination_token != null &&
    request.pagination_token !== ''
  ) {
    const decoded = decodeCursor(request.pagination_token, commentsScope(request.platform, request.post_id));
    if (decoded === null) return fieldError('pagination_token', 'Invalid pagination token.');
    page = decoded;
  }
  return answerPaid(ctx, [request.post_id], () => {
    const price = cost(ctx.state, 'post_details');
    const result = postDetailsResult(request.platform, request.post_id, request.content_type, page);
    return { costMilli: price, body: () => envelope(price, result) };
  });
}

// ---------------------------------------------------------------------------------------------
// Dictionaries (api-ref#dictionaries) and credits (api-ref#account-credits): free

function locationsHandler(ctx: RouteContext): Reply {
  const platform = ctx.params.platform ?? '';
  if (!(DISCOVERY_PLATFORMS as readonly string[]).includes(platform)) {
    return fieldError('platform', `"${platform}" is not a valid choice.`);
  }
  return json(200, LOCATIONS);
}

function audienceDictionaryHandler(name: string): Handler {
  return (ctx) => {
    const items = AUDIENCE_DICTIONARIES[name] ?? [];
    const offsetText = ctx.query.get('offset') ?? '0';
    const offset = /^\d+$/.test(offsetText) ? Number(offsetText) : Number.NaN;
    if (!Number.isSafeInteger(offset))
      return fieldError('offset', 'A valid non-negative integer is required.');
    return json(200, searchDictionary(items, ctx.query.get('search') ?? '', offset));
  };
}

function creditsHandler(ctx: RouteContext): Reply {
  return json(200, { credits_available: ctx.state.ledger.available, credits_used: ctx.state.ledger.used });
}

// ---------------------------------------------------------------------------------------------
// Batch (api-ref#batch-create–3.13)

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BATCH_MODES = ['raw', 'full', 'basic', 'advanced'] as const;

function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

function booleanField(form: FormData, name: string, fallback: boolean, errors: FieldError[]): boolean {
  const value = formText(form, name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  errors.push({ field: name, error: 'Must be "true" or "false".' });
  return fallback;
}

async function batchCreateHandler(ctx: RouteContext): Promise<Reply> {
  if (!ctx.contentType.toLowerCase().startsWith('multipart/form-data')) {
    return detail(415, `Unsupported media type "${ctx.contentType}" in request.`);
  }
  const form = ctx.form;
  if (form === null) return detail(400, 'Multipart form parse error.');
  const errors: FieldError[] = [];

  const modeText = formText(form, 'enrichment_mode');
  let mode: BatchMode | null = null;
  if (modeText === undefined || modeText === '')
    errors.push({ field: 'enrichment_mode', error: 'This field is required.' });
  else if (!(BATCH_MODES as readonly string[]).includes(modeText)) {
    errors.push({ field: 'enrichment_mode', error: `"${modeText}" is not a valid choice.` });
  } else mode = modeText as BatchMode;
  const byEmail = mode === 'basic' || mode === 'advanced';

  const platformText = formText(form, 'platform');
  let platform: Platform | null = null;
  if (mode !== null && !byEmail) {
    if (platformText === undefined || platformText === '') {
      errors.push({ field: 'platform', error: 'This field is required for raw and full enrichment.' });
    } else if (!(BATCH_PLATFORMS as readonly string[]).includes(platformText) || !isPlatform(platformText)) {
      errors.push({ field: 'platform', error: `"${platformText}" is not a valid choice.` });
    } else platform = platformText;
  } else if (byEmail && platformText !== undefined && platformText !== '') {
    errors.push({ field: 'platform', error: 'platform must not be sent for email enrichment.' });
  }

  let metadata: Record<string, unknown> | null = null;
  const metadataText = formText(form, 'metadata');
  if (metadataText !== undefined && metadataText !== '') {
    try {
      const value: unknown = JSON.parse(metadataText);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new TypeError('not an object');
      metadata = value as Record<string, unknown>;
    } catch {
      errors.push({ field: 'metadata', error: 'Must be a JSON object.' });
    }
  }

  const emailRequiredText = formText(form, 'email_required');
  if (
    emailRequiredText !== undefined &&
    emailRequiredText !== '' &&
    !['must_have', 'preferred'].includes(emailRequiredText)
  ) {
    errors.push({ field: 'email_required', error: `"${emailRequiredText}" is not a valid choice.` });
  }
  // Batch defaults are disputed (api-ref#discrepancies): lookalikes off, audience on (the newer docs revision).
  const includeLookalikes = booleanField(form, 'include_lookalikes', false, errors);
  const includeAudience = booleanField(form, 'include_audience_data', true, errors);
  const excludeText = formText(form, 'exclude_platforms');
  if (excludeText !== undefined && excludeText !== '' && !isPlatform(excludeText)) {
    errors.push({ field: 'exclude_platforms', error: `"${excludeText}" is not a valid choice.` });
  }
  const minFollowersText = formText(form, 'min_followers');
  if (minFollowersText !== undefined && minFollowersText !== '' && !/^\d+$/.test(minFollowersText)) {
    errors.push({ field: 'min_followers', error: 'A valid integer is required.' });
  }

  const file = form.get('file');
  let rows: string[] = [];
  if (file === null || typeof file === 'string') {
    errors.push({ field: 'file', error: 'No file was submitted.' });
  } else if (file.size > MAX_FILE_BYTES) {
    errors.push({ field: 'file', error: 'The file must not exceed 10 MB.' });
  } else {
    const csv = parseBatchCsv(await file.text());
    if ('error' in csv) errors.push({ field: 'file', error: csv.error });
    else if (mode !== null && (csv.column === 'email') !== byEmail) {
      errors.push({
        field: 'file',
        error: byEmail
          ? `enrichment_mode ${mode} needs a column with the header "email".`
          : `enrichment_mode ${mode} needs a column with the header "handle".`,
      });
    } else rows = csv.rows;
  }

  if (errors.length > 0 || mode === null) return unprocessable(errors);
  const settings: BatchSettings = {
    mode,
    platform,
    metadata,
    emailRequired: emailRequiredText === 'must_have' ? 'must_have' : 'preferred',
    includeLookalikes,
    includeAudience,
    excludePlatforms: excludeText === undefined || excludeText === '' ? [] : [excludeText],
    minFollowers: minFollowersText === undefined || minFollowersText === '' ? 0 : Number(minFollowersText),
  };
  return json(200, createView(ctx.state.batches.create(ctx.token, settings, rows)));
}

function batchNotFound(): Reply {
  return detail(404, 'Not found.');
}

function batchStatusHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  ctx.state.batches.poll(batch);
  return json(200, statusView(batch, ctx.state.options.batchRowsPerPoll));
}

function notFinished(status: string): Reply {
  return detail(400, `Batch results are not available: the batch is ${status}, not finished.`);
}

function batchResultsHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  const format = ctx.query.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json')
    return detail(400, `Unknown format "${format}": use csv or json.`);
  if (batch.status !== 'finished') return notFinished(batch.status);
  return format === 'json'
    ? {
        kind: 'stream',
        status: 200,
        contentType: 'application/json',
        write: (out) => writeJsonResults(batch, out),
      }
    : {
        kind: 'stream',
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        write: (out) => writeCsvResults(batch, out),
      };
}

const PRESIGN_SECONDS = 3600;

function batchDownloadHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  if (batch.status !== 'finished') return notFinished(batch.status);
  const expiresAt = new Date(Date.now() + PRESIGN_SECONDS * 1000);
  const signature = ctx.state.presignSignature(batch.id);
  return json(200, {
    download_url: `${ctx.baseUrl}/__presigned/${batch.id}.csv?X-Amz-Expires=${PRESIGN_SECONDS}&X-Amz-Signature=${signature}`,
    filename: `${batch.id}_results.csv`,
    expires_in: PRESIGN_SECONDS,
    expires_at: expiresAt.toISOString(),
    batch_id: batch.id,
    total_results: batch.successCount,
    invalid_records: batch.failedCount,
  });
}

function batchResumeHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  if (!ctx.state.batches.resume(batch)) {
    return detail(
      400,
      `Only a batch paused for insufficient credits can be resumed (this one is ${batch.status}).`,
    );
  }
  return json(200, statusView(batch, ctx.state.options.batchRowsPerPoll));
}

// ---------------------------------------------------------------------------------------------

function withJsonBody(handler: Handler): Handler {
  return (ctx) => notJson(ctx) ?? handler(ctx);
}

const classifier = '/public/v1/discovery/classifier';

export const ROUTES: readonly Route[] = [
  route('/public/v1/discovery/', { POST: withJsonBody(discoveryHandler) }, true),
  route('/public/v1/discovery/creators/similar/', { POST: withJsonBody(similarHandler) }, true),
  route('/public/v1/creators/audience/overlap/', { POST: withJsonBody(overlapHandler) }, true),
  route(`${classifier}/languages/`, { GET: () => json(200, LANGUAGE_ITEMS) }),
  route(`${classifier}/locations/{platform}/`, { GET: locationsHandler }),
  // brands ignores search/offset and always returns the full list (api-ref#dictionaries, observed by S7).
  route(`${classifier}/brands/`, { GET: () => json(200, BRANDS) }),
  route(`${classifier}/yt-topics/`, { GET: () => json(200, YT_TOPICS) }),
  route(`${classifier}/games/`, { GET: () => json(200, GAMES) }),
  ...Object.keys(AUDIENCE_DICTIONARIES).map((name) =>
    route(`${classifier}/${name}/`, { GET: audienceDictionaryHandler(name) }),
  ),
  route('/public/v1/creators/socials/', { POST: withJsonBody(socialsHandler) }, true),
  route('/public/v1/creators/enrich/handle/full/', { POST: withJsonBody(fullHandler) }, true),
  route('/public/v1/creators/enrich/handle/raw/', { POST: withJsonBody(rawHandler) }, true),
  route('/public/v1/creators/enrich/email/', { POST: withJsonBody(emailBasicHandler) }, true),
  route('/public/v1/creators/enrich/email/advanced/', { POST: withJsonBody(emailAdvancedHandler) }, true),
  route('/public/v1/enrichment/batch/', { POST: batchCreateHandler }),
  route('/public/v1/enrichment/batch/{batch_id}/status/', { GET: batchStatusHandler }),
  route('/public/v1/enrichment/batch/{batch_id}/', { GET: batchResultsHandler }),
  route('/public/v1/enrichment/batch/{batch_id}/download/', { GET: batchDownloadHandler }),
  route('/public/v1/enrichment/batch/{batch_id}/resume/', { POST: withJsonBody(batchResumeHandler) }),
  route('/public/v1/creators/content/posts/', { POST: withJsonBody(postsHandler) }, true),
  route('/public/v1/creators/content/details/', { POST: withJsonBody(postDetailsHandler) }, true),
  route('/public/v1/accounts/credits/', { GET: creditsHandler }),
];
