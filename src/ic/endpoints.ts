import { z } from 'zod';
import {
  type BatchEnrichmentMode,
  batchRecordPrice,
  DEFAULT_PRICES,
  type PriceTable,
  roundCredits,
} from './prices.ts';
import {
  batchCreatedSchema,
  batchCreateRequestSchema,
  batchDownloadSchema,
  batchStatusSchema,
  creditsResponseSchema,
  dictionaryResponseSchema,
  discoveryRequestSchema,
  discoveryResponseSchema,
  emailAdvancedRequestSchema,
  emailAdvancedResponseSchema,
  emailBasicRequestSchema,
  emailBasicResponseSchema,
  enrichFullRequestSchema,
  enrichRawRequestSchema,
  enrichResponseSchema,
  exclusionEntriesRequestSchema,
  exclusionEntriesSchema,
  exclusionListCreateSchema,
  exclusionListSchema,
  exclusionListsSchema,
  gamesResponseSchema,
  languagesResponseSchema,
  locationsResponseSchema,
  overlapRequestSchema,
  overlapResponseSchema,
  postDetailsRequestSchema,
  postDetailsResponseSchema,
  postsRequestSchema,
  postsResponseSchema,
  resumeResponseSchema,
  similarRequestSchema,
  socialsRequestSchema,
  socialsResponseSchema,
  youtubeTopicsResponseSchema,
} from './schemas.ts';

/**
 * THE table of Influencers Club endpoints (api-ref#endpoints). The client, the budget guard's
 * estimates, App Home's feature names and the API double's routing all read it, so a new paid
 * endpoint is one entry here (plus its view and command).
 *
 * Paths are exact and slash-terminated (anything else is an HTML 404, api-ref#transport); `{name}`
 * marks a path parameter, filled by `pathFor`.
 */

/** What a paid call was for, as App Home groups spend. Several endpoints can share one feature. */
export const SPEND_FEATURE_NAMES = {
  creator: 'Creator cards',
  email: 'Email lookups',
  socials: 'Connected socials',
  similar: 'Lookalikes',
  overlap: 'Audience overlap',
  posts: 'Posts',
  discover: 'Discovery',
  // a discovery export spends on the discovery endpoint but is shown apart
  export: 'Exports',
  batch: 'CSV batches',
  // a brand-safety check spends on posts and post details but is shown apart
  brand_safety: 'Brand-safety checks',
} as const;
export type SpendFeature = keyof typeof SPEND_FEATURE_NAMES;

/**
 * How much a paid endpoint costs (api-ref#credits). `estimate` is the most a call can cost, from
 * the request, so the guard can reserve it first; `charged` is what to count when the answer lacks
 * `credits_cost` (the answer's own figure always wins).
 */
export interface PriceRule<Res> {
  /** Takes `unknown` because budget callers pass requests through untyped; it parses them itself. */
  estimate(params: unknown, prices: PriceTable): number;
  charged(response: Res, prices: PriceTable): number;
}

export interface EndpointSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  /** Validates the request before anything is sent; null when the endpoint takes none. */
  request: Req | null;
  /** Parses the answer tolerantly. */
  response: Res;
  /** Null for free endpoints. Decides retries too: a paid request is never blindly re-sent. */
  price: PriceRule<z.output<Res>> | null;
  /** The answer for the same request stays good for a while, so Scout may reuse it. */
  cacheable: boolean;
  /** Spend feature paid calls count under by default (callers may pick another, e.g. export). */
  feature: SpendFeature | null;
  /** api-ref anchor of the endpoint's section. */
  ref: string;
}

const pagingLimit = z.looseObject({ paging: z.looseObject({ limit: z.number().int().min(0) }) });

/** A fixed price per call: the price table entry `key`. */
function fixed(key: keyof PriceTable): PriceRule<unknown> {
  return { estimate: (_params, prices) => prices[key], charged: (_data, prices) => prices[key] };
}

/** Charged per creator returned, so the most a call can cost is a full page (api-ref#credits). */
function perCreator(
  key: 'discovery_per_creator' | 'similar_per_creator',
): PriceRule<{ accounts: unknown[] }> {
  return {
    estimate(params, prices) {
      const parsed = pagingLimit.safeParse(params);
      if (!parsed.success) {
        const op = key === 'discovery_per_creator' ? 'discovery' : 'similar';
        throw new RangeError(`estimateCredits("${op}") needs { paging: { limit: whole number } }`);
      }
      return prices[key] * parsed.data.paging.limit;
    },
    charged: (data, prices) => prices[key] * data.accounts.length,
  };
}

const batchMode = z.enum(['raw', 'full', 'basic', 'advanced']);
// both spellings are accepted: the form field is enrichment_mode, the client's option enrichmentMode
const batchEstimate = z
  .looseObject({
    rows: z.number().int().min(0),
    enrichmentMode: batchMode.optional(),
    enrichment_mode: batchMode.optional(),
  })
  .transform((p) => ({ rows: p.rows, mode: p.enrichmentMode ?? p.enrichment_mode }));

/**
 * A batch is charged per record with data, at the single-enrichment rate of its mode, duplicates
 * included (api-ref#batch-create), so the most is every row. Its answer carries no cost: what it
 * really used arrives later in the status (`credits_used`).
 */
const perRow: PriceRule<unknown> = {
  estimate(params, prices) {
    const parsed = batchEstimate.safeParse(params);
    if (!parsed.success || parsed.data.mode === undefined) {
      throw new RangeError('estimateCredits("batch") needs { rows: whole number >= 0, enrichmentMode }');
    }
    return parsed.data.rows * batchRecordPrice(parsed.data.mode, prices);
  },
  charged: () => 0,
};

const classifier = '/public/v1/discovery/classifier';
const exclusions = '/public/v1/discovery/exclusion-lists';
const batch = '/public/v1/enrichment/batch';

function free<Req extends z.ZodType | null, Res extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  request: Req,
  response: Res,
  ref: string,
) {
  return { method, path, request, response, price: null, cacheable: method === 'GET', feature: null, ref };
}

function dictionary<Res extends z.ZodType>(path: string, response: Res) {
  return free('GET', `${classifier}/${path}/`, null, response, 'dictionaries');
}

export const ENDPOINTS = {
  // Discovery (api-ref#discovery, api-ref#similar, api-ref#overlap)
  discovery: {
    method: 'POST',
    path: '/public/v1/discovery/',
    request: discoveryRequestSchema,
    response: discoveryResponseSchema,
    price: perCreator('discovery_per_creator'),
    cacheable: true,
    feature: 'discover',
    ref: 'discovery',
  },
  similar: {
    method: 'POST',
    path: '/public/v1/discovery/creators/similar/',
    request: similarRequestSchema,
    response: discoveryResponseSchema,
    price: perCreator('similar_per_creator'),
    cacheable: true,
    feature: 'similar',
    ref: 'similar',
  },
  overlap: {
    method: 'POST',
    path: '/public/v1/creators/audience/overlap/',
    request: overlapRequestSchema,
    response: overlapResponseSchema,
    price: fixed('overlap'),
    cacheable: true,
    feature: 'overlap',
    ref: 'overlap',
  },
  // Dictionaries (api-ref#dictionaries): free lookups for discovery's filters
  languages: dictionary('languages', languagesResponseSchema),
  locations: dictionary('locations/{platform}', locationsResponseSchema),
  brands: dictionary('brands', dictionaryResponseSchema),
  youtube_topics: dictionary('yt-topics', youtubeTopicsResponseSchema),
  games: dictionary('games', gamesResponseSchema),
  audience_brand_categories: dictionary('audience-brand-categories', dictionaryResponseSchema),
  audience_brand_names: dictionary('audience-brand-names', dictionaryResponseSchema),
  audience_interests: dictionary('audience-interests', dictionaryResponseSchema),
  audience_locations: dictionary('audience-locations', dictionaryResponseSchema),
  // Creators (api-ref#socials … api-ref#email-advanced)
  socials: {
    method: 'POST',
    path: '/public/v1/creators/socials/',
    request: socialsRequestSchema,
    response: socialsResponseSchema,
    price: fixed('socials'),
    cacheable: true,
    feature: 'socials',
    ref: 'socials',
  },
  enrich_full: {
    method: 'POST',
    path: '/public/v1/creators/enrich/handle/full/',
    request: enrichFullRequestSchema,
    response: enrichResponseSchema,
    price: fixed('enrich_full'),
    cacheable: true,
    feature: 'creator',
    ref: 'enrich-full',
  },
  enrich_raw: {
    method: 'POST',
    path: '/public/v1/creators/enrich/handle/raw/',
    request: enrichRawRequestSchema,
    response: enrichResponseSchema,
    price: fixed('enrich_raw'),
    cacheable: true,
    feature: 'creator',
    ref: 'enrich-raw',
  },
  email_basic: {
    method: 'POST',
    path: '/public/v1/creators/enrich/email/',
    request: emailBasicRequestSchema,
    response: emailBasicResponseSchema,
    price: fixed('email_basic'),
    cacheable: true,
    feature: 'email',
    ref: 'email-basic',
  },
  email_advanced: {
    method: 'POST',
    path: '/public/v1/creators/enrich/email/advanced/',
    request: emailAdvancedRequestSchema,
    response: emailAdvancedResponseSchema,
    price: fixed('email_advanced'),
    cacheable: true,
    feature: 'email',
    ref: 'email-advanced',
  },
  // Batch enrichment (api-ref#batch-create … api-ref#batch-resume)
  batch: {
    method: 'POST',
    path: `${batch}/`,
    request: batchCreateRequestSchema,
    response: batchCreatedSchema,
    price: perRow,
    // every batch is new work billed per row: never reuse one
    cacheable: false,
    feature: 'batch',
    ref: 'batch-create',
  },
  // a plain GET, but it changes while the batch runs: pollers must see it fresh
  batch_status: {
    ...free('GET', `${batch}/{batch_id}/status/`, null, batchStatusSchema, 'batch-status'),
    cacheable: false,
  },
  // rows are streamed and never parsed as one document, so the response schema is a placeholder
  batch_results: {
    ...free('GET', `${batch}/{batch_id}/`, null, z.unknown(), 'batch-results'),
    cacheable: false,
  },
  batch_download: {
    ...free('GET', `${batch}/{batch_id}/download/`, null, batchDownloadSchema, 'batch-results'),
    // the presigned URL expires
    cacheable: false,
  },
  batch_resume: free('POST', `${batch}/{batch_id}/resume/`, null, resumeResponseSchema, 'batch-resume'),
  // Content (api-ref#posts, api-ref#post-details)
  posts: {
    method: 'POST',
    path: '/public/v1/creators/content/posts/',
    request: postsRequestSchema,
    response: postsResponseSchema,
    price: fixed('posts'),
    cacheable: true,
    feature: 'posts',
    ref: 'posts',
  },
  post_details: {
    method: 'POST',
    path: '/public/v1/creators/content/details/',
    request: postDetailsRequestSchema,
    response: postDetailsResponseSchema,
    price: fixed('post_details'),
    cacheable: true,
    feature: 'posts',
    ref: 'post-details',
  },
  // Exclusion lists (api-ref#exclusion-lists): free, and they change with every write, so never cached.
  // Only GET and POST: renaming (PATCH) and deleting (DELETE) are not used by Scout.
  exclusion_lists: {
    ...free('GET', `${exclusions}/`, null, exclusionListsSchema, 'exclusion-lists'),
    cacheable: false,
  },
  exclusion_list_create: free(
    'POST',
    `${exclusions}/`,
    exclusionListCreateSchema,
    exclusionListSchema,
    'exclusion-lists',
  ),
  exclusion_entries: {
    ...free('GET', `${exclusions}/{list_id}/entries/`, null, exclusionEntriesSchema, 'exclusion-lists'),
    cacheable: false,
  },
  exclusion_entries_add: free(
    'POST',
    `${exclusions}/{list_id}/entries/`,
    exclusionEntriesRequestSchema,
    exclusionListSchema,
    'exclusion-lists',
  ),
  // Account (api-ref#account-credits): the balance changes with every paid call, never cached
  credits: {
    ...free('GET', '/public/v1/accounts/credits/', null, creditsResponseSchema, 'account-credits'),
    cacheable: false,
  },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Endpoints that spend credits: the operations the budget guard prices. */
export type PricedOperation = {
  [K in EndpointName]: (typeof ENDPOINTS)[K]['price'] extends null ? never : K;
}[EndpointName];

export const PRICED_OPERATIONS = (Object.keys(ENDPOINTS) as EndpointName[]).filter(
  (name): name is PricedOperation => ENDPOINTS[name].price !== null,
);

/** What `estimateCredits` needs to know about each operation (checked again at run time). */
export type EstimateParams = {
  [K in PricedOperation]: K extends 'discovery' | 'similar'
    ? { paging: { limit: number } }
    : K extends 'batch'
      ? /** `rows` = data rows in the CSV (duplicates are billed too, api-ref#batch-create). */
        { rows: number; enrichmentMode?: BatchEnrichmentMode; enrichment_mode?: BatchEnrichmentMode }
      : unknown;
};

/** The path of endpoint `name` with its `{name}` parameters filled in. */
export function pathFor(name: EndpointName, params: Record<string, string> = {}): string {
  return fillPath(ENDPOINTS[name].path, params);
}

/** `template` with its `{name}` parameters filled in (each already validated, and encoded anyway). */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined) throw new TypeError(`${template} needs ${key}`);
    return encodeURIComponent(value);
  });
}

/**
 * The most `op` can cost. Discovery and similar are charged per creator returned, so the most is a
 * full page; a batch is charged per record with data, so the most is every row. Rounded to 1/1000
 * credit (Scout counts credits in milli-credits).
 */
export function estimateCredits<Op extends PricedOperation>(
  op: Op,
  params: EstimateParams[Op],
  prices: PriceTable = DEFAULT_PRICES,
): number {
  return roundCredits(priceRule(op).estimate(params, prices));
}

/** The rule of a priced operation, seen through the common shape every rule shares. */
export function priceRule(op: PricedOperation): PriceRule<never> {
  return ENDPOINTS[op].price;
}

function isSpendFeature(feature: string): feature is SpendFeature {
  return Object.hasOwn(SPEND_FEATURE_NAMES, feature);
}

/** The name App Home shows for a spend feature; undefined for one it does not know (an older log entry). */
export function spendFeatureName(feature: string): string | undefined {
  return isSpendFeature(feature) ? SPEND_FEATURE_NAMES[feature] : undefined;
}
