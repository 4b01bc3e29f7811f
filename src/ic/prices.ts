/**
 * What each paid call costs in credits (api-ref#credits), and the most a call can cost before
 * it is made, so callers can reserve budget first.
 *
 * Prices are configurable (IcClientOptions.prices, env IC_PRICES) because the sources disagree:
 * - email basic: seed docs say 0.1, the newer usage-limits page, the MCP server and a third-party
 *   client say 0.05 (api-ref#credits, api-ref#discrepancies);
 * - creator posts: seed docs and a third-party client say 0.03, the newest MCP server says 0.15 (api-ref#discrepancies).
 * The defaults follow the mock's recommended values.
 */

export type PricedOperation =
  | 'discovery'
  | 'similar'
  | 'overlap'
  | 'socials'
  | 'enrich_full'
  | 'enrich_raw'
  | 'email_basic'
  | 'email_advanced'
  | 'posts'
  | 'post_details'
  | 'batch';

export interface PriceTable {
  discovery_per_creator: number;
  similar_per_creator: number;
  overlap: number;
  socials: number;
  enrich_full: number;
  enrich_raw: number;
  email_basic: number;
  email_advanced: number;
  posts: number;
  post_details: number;
}

export const DEFAULT_PRICES: PriceTable = Object.freeze({
  discovery_per_creator: 0.01,
  similar_per_creator: 0.01,
  overlap: 1,
  socials: 0.5,
  enrich_full: 1,
  enrich_raw: 0.03,
  // seed docs: 0.1; newer docs/MCP: 0.05 (api-ref#discrepancies)
  email_basic: 0.05,
  // absent from the newer docs and the newest MCP: the endpoint may be deprecated (api-ref#discrepancies)
  email_advanced: 2,
  // seed docs: 0.03; newest MCP: 0.15 (api-ref#discrepancies)
  posts: 0.03,
  post_details: 0.03,
});

export type BatchEnrichmentMode = 'raw' | 'full' | 'basic' | 'advanced';

/** What `estimateCredits` needs to know about each operation. */
export interface EstimateParams {
  discovery: { paging: { limit: number } };
  similar: { paging: { limit: number } };
  overlap?: unknown;
  socials?: unknown;
  enrich_full?: unknown;
  enrich_raw?: unknown;
  email_basic?: unknown;
  email_advanced?: unknown;
  posts?: unknown;
  post_details?: unknown;
  /** `rows` = data rows in the CSV (duplicates are billed too, api-ref#batch-create). */
  batch: { rows: number; enrichmentMode?: BatchEnrichmentMode; enrichment_mode?: BatchEnrichmentMode };
}

/** Per-record price of a batch in `mode`: the single-enrichment rate of that mode (api-ref#credits). */
export function batchRecordPrice(mode: BatchEnrichmentMode, prices: PriceTable = DEFAULT_PRICES): number {
  switch (mode) {
    case 'raw':
      return prices.enrich_raw;
    case 'full':
      return prices.enrich_full;
    case 'basic':
      return prices.email_basic;
    case 'advanced':
      return prices.email_advanced;
  }
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
  return roundCredits(rawEstimate(op, params, prices));
}

function rawEstimate(op: PricedOperation, params: unknown, prices: PriceTable): number {
  switch (op) {
    case 'discovery':
      return prices.discovery_per_creator * pageLimit(params, op);
    case 'similar':
      return prices.similar_per_creator * pageLimit(params, op);
    case 'batch': {
      const p = params as EstimateParams['batch'];
      const mode = p?.enrichmentMode ?? p?.enrichment_mode;
      if (!Number.isInteger(p?.rows) || p.rows < 0 || mode === undefined) {
        throw new RangeError('estimateCredits("batch") needs { rows: whole number >= 0, enrichmentMode }');
      }
      return p.rows * batchRecordPrice(mode, prices);
    }
    case 'overlap':
    case 'socials':
    case 'enrich_full':
    case 'enrich_raw':
    case 'email_basic':
    case 'email_advanced':
    case 'posts':
    case 'post_details':
      return prices[op];
  }
}

function pageLimit(params: unknown, op: string): number {
  const limit = (params as { paging?: { limit?: unknown } } | undefined)?.paging?.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`estimateCredits("${op}") needs { paging: { limit: whole number } }`);
  }
  return limit;
}

export function creditsToMilli(credits: number): number {
  return Math.round(credits * 1000);
}

export function milliToCredits(milli: number): number {
  return milli / 1000;
}

/** Round to 1/1000 credit, so 0.01 × 3 is 0.03 and not 0.030000000000000002. */
export function roundCredits(credits: number): number {
  return milliToCredits(creditsToMilli(credits));
}
