import { cacheKeyFor } from './budget/lookup-cache.ts';
import { AUDIENCE_DATA_PLATFORMS, type Platform, supports } from './ic/platforms.ts';
import type { EnrichFullRequest } from './ic/schemas.ts';

/**
 * The /creator card's full enrichment and its cache key, in one place: the card (commands/creator)
 * pays for it, and a link unfurl (src/unfurl) shows a card already paid for without paying again.
 * Bump the name when the cached card's shape changes.
 */
export const CREATOR_CARD_CACHE_NAME = 'creator_card_v2';

export function creatorCardRequest(target: { platform: Platform; handle: string }): EnrichFullRequest {
  return {
    platform: target.platform,
    handle: target.handle,
    email_required: 'preferred',
    // Lookalikes are /similar's job; audience data costs nothing extra where it exists (api-ref#enrich-full).
    include_lookalikes: false,
    include_audience_data: supports(AUDIENCE_DATA_PLATFORMS, target.platform),
  };
}

export function creatorCardCacheKey(target: { platform: Platform; handle: string }): string {
  return cacheKeyFor(CREATOR_CARD_CACHE_NAME, creatorCardRequest(target));
}
