import { ENDPOINTS, type EndpointName } from '../src/ic/endpoints.ts';
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
import {
  exclusionEntriesAddHandler,
  exclusionEntriesHandler,
  exclusionListCreateHandler,
  exclusionListsHandler,
} from './exclusions.ts';
import { creditsString, fromMilli } from './ledger.ts';
import { overlapResult } from './overlap.ts';
import { AUDIENCE_PLATFORMS, DISCOVERY_PLATFORMS } from './platforms.ts';
import { fieldError, json, type Reply, unprocessable } from './replies.ts';
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
import { answerPaid, cost, envelope, type Handler, type RouteContext, withJsonBody } from './route-kit.ts';
import {
  batchCreateHandler,
  batchDownloadHandler,
  batchResultsHandler,
  batchResumeHandler,
  batchStatusHandler,
} from './routes-batch.ts';

/**
 * The double's routes (api-ref#api-double): exact slash-terminated paths from the endpoint table
 * (api-ref#endpoints), their methods, and what each answers.
 */

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
// Enrichment (api-ref#socials … api-ref#email-advanced)

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
// Routing by the client's endpoint table: its paths and methods only. Prices and platform rules
// stay the double's own (ledger.ts, platforms.ts), so a client bug cannot hide behind them.

interface Handling {
  handler: Handler;
  /** Paid endpoints get `latencyMs` added to every answer (batch create does not: it only queues). */
  latency?: true;
}

const paid = (handler: Handler): Handling => ({ handler: withJsonBody(handler), latency: true });
const free = (handler: Handler): Handling => ({ handler });

/** One handler per table entry: a new entry in ENDPOINTS does not compile until the double answers it. */
const HANDLING: Record<EndpointName, Handling> = {
  discovery: paid(discoveryHandler),
  similar: paid(similarHandler),
  overlap: paid(overlapHandler),
  languages: free(() => json(200, LANGUAGE_ITEMS)),
  locations: free(locationsHandler),
  // brands ignores search/offset and always returns the full list (api-ref#dictionaries, observed).
  brands: free(() => json(200, BRANDS)),
  youtube_topics: free(() => json(200, YT_TOPICS)),
  games: free(() => json(200, GAMES)),
  audience_brand_categories: free(audienceDictionaryHandler('audience-brand-categories')),
  audience_brand_names: free(audienceDictionaryHandler('audience-brand-names')),
  audience_interests: free(audienceDictionaryHandler('audience-interests')),
  audience_locations: free(audienceDictionaryHandler('audience-locations')),
  socials: paid(socialsHandler),
  enrich_full: paid(fullHandler),
  enrich_raw: paid(rawHandler),
  email_basic: paid(emailBasicHandler),
  email_advanced: paid(emailAdvancedHandler),
  // multipart, so no JSON-body check
  batch: free(batchCreateHandler),
  batch_status: free(batchStatusHandler),
  batch_results: free(batchResultsHandler),
  batch_download: free(batchDownloadHandler),
  batch_resume: free(withJsonBody(batchResumeHandler)),
  posts: paid(postsHandler),
  post_details: paid(postDetailsHandler),
  credits: free(creditsHandler),
  exclusion_lists: free(exclusionListsHandler),
  exclusion_list_create: free(withJsonBody(exclusionListCreateHandler)),
  exclusion_entries: free(exclusionEntriesHandler),
  exclusion_entries_add: free(withJsonBody(exclusionEntriesAddHandler)),
};

/** One route per path: entries sharing a path with another method (exclusion lists) join its route. */
function buildRoutes(): Route[] {
  const byPath = new Map<string, { methods: Route['methods']; paid: boolean }>();
  for (const name of Object.keys(HANDLING) as EndpointName[]) {
    const { method, path } = ENDPOINTS[name];
    const { handler, latency } = HANDLING[name];
    const entry = byPath.get(path) ?? { methods: {}, paid: false };
    entry.methods[method] = handler;
    entry.paid ||= latency === true;
    byPath.set(path, entry);
  }
  return [...byPath].map(([path, { methods, paid }]) => route(path, methods, paid));
}

export const ROUTES: readonly Route[] = buildRoutes();
