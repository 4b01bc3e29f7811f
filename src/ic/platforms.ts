/**
 * Platforms the Influencers Club API knows and what each endpoint accepts (api-ref#platforms).
 * Request schemas take their enums from here, so an unsupported platform is rejected before any
 * credit is spent.
 */

/** Lowercase enum values the API uses (api-ref#platforms). n8n also lists patreon/reddit; nothing else does, so they are left out. */
export const PLATFORMS = [
  'instagram',
  'youtube',
  'tiktok',
  'twitter',
  'twitch',
  'onlyfans',
  'snapchat',
  'discord',
  'pinterest',
  'facebook',
  'linkedin',
] as const;

export type Platform = (typeof PLATFORMS)[number];

/** `POST /discovery/` and the locations dictionary's `{platform}` (api-ref#platforms, api-ref#dictionaries). */
export const DISCOVERY_PLATFORMS = [
  'instagram',
  'youtube',
  'tiktok',
  'twitch',
  'twitter',
  'onlyfans',
] as const;
export type DiscoveryPlatform = (typeof DISCOVERY_PLATFORMS)[number];

/**
 * `POST /discovery/creators/similar/`. Twitter is left out: the official MCP server says "the
 * discovery API has no Twitter similar schema", although two third-party clients send it (api-ref#platforms, api-ref#discrepancies).
 */
export const SIMILAR_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'onlyfans'] as const;
export type SimilarPlatform = (typeof SIMILAR_PLATFORMS)[number];

/** `POST /creators/audience/overlap/` (api-ref#platforms, api-ref#overlap). */
export const OVERLAP_PLATFORMS = ['instagram', 'tiktok', 'youtube'] as const;
export type OverlapPlatform = (typeof OVERLAP_PLATFORMS)[number];

/** `POST /creators/socials/` accepts all 11 (api-ref#platforms). */
export const SOCIALS_PLATFORMS = PLATFORMS;

/**
 * `POST /creators/enrich/handle/full/`: the docs list all 11; the MCP server refuses linkedin
 * ("steer to raw"). We follow the docs: if the API refuses, it answers 4xx and charges nothing.
 */
export const ENRICH_FULL_PLATFORMS = PLATFORMS;

/**
 * `POST /creators/enrich/handle/raw/`: the docs list 10 (no twitch) but the official MCP server
 * accepts twitch (api-ref#platforms, api-ref#discrepancies). Twitch is included; a refusal costs nothing.
 */
export const ENRICH_RAW_PLATFORMS = PLATFORMS;

/** Batch `platform` form field (api-ref#batch-create). */
export const BATCH_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitter', 'twitch', 'onlyfans'] as const;
export type BatchPlatform = (typeof BATCH_PLATFORMS)[number];

/** Creator posts and post details (api-ref#posts, api-ref#post-details). */
export const POSTS_PLATFORMS = ['instagram', 'tiktok', 'youtube'] as const;
export type PostsPlatform = (typeof POSTS_PLATFORMS)[number];

/** Full enrichment returns audience demographics only for these (api-ref#platforms). */
export const AUDIENCE_DATA_PLATFORMS = ['instagram', 'tiktok', 'youtube'] as const;

/** Names as people write them, for messages and views. */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  instagram: 'Instagram',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  twitter: 'X (Twitter)',
  twitch: 'Twitch',
  onlyfans: 'OnlyFans',
  snapchat: 'Snapchat',
  discord: 'Discord',
  pinterest: 'Pinterest',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
};

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

/** Whether `platform` is in one of the capability lists above, narrowing it to that list's type. */
export function supports<const L extends readonly Platform[]>(
  list: L,
  platform: string,
): platform is L[number] {
  return (list as readonly string[]).includes(platform);
}
