/**
 * What each paid call costs in credits (api-ref#credits). Which endpoint uses which entry, and the
 * most a call can cost before it is made (`estimateCredits`), is the endpoint table's (endpoints.ts).
 *
 * Prices are configurable (IcClientOptions.prices, env IC_PRICES) because the sources disagree:
 * - email basic: seed docs say 0.1, the newer usage-limits page, the MCP server and a third-party
 *   client say 0.05 (api-ref#credits, api-ref#discrepancies);
 * - creator posts: seed docs and a third-party client say 0.03, the newest MCP server says 0.15 (api-ref#discrepancies).
 * The defaults follow the mock's recommended values.
 */

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
