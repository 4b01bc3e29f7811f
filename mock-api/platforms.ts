/**
 * Which platforms each endpoint accepts (api-ref#platforms). The double is deliberately strict
 * where the sources agree and generous where they conflict, so Scout's own client-side rules are
 * what keeps unsupported calls from being made.
 */

export const ALL_PLATFORMS = [
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

export type Platform = (typeof ALL_PLATFORMS)[number];

export const DISCOVERY_PLATFORMS = [
  'instagram',
  'youtube',
  'tiktok',
  'twitch',
  'twitter',
  'onlyfans',
] as const;
export type DiscoveryPlatform = (typeof DISCOVERY_PLATFORMS)[number];

/** The MCP says the discovery API has no Twitter similar schema (api-ref#platforms). */
export const SIMILAR_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitch', 'onlyfans'] as const;

export const OVERLAP_PLATFORMS = ['instagram', 'tiktok', 'youtube'] as const;

export const CONTENT_PLATFORMS = ['instagram', 'tiktok', 'youtube'] as const;
export type ContentPlatform = (typeof CONTENT_PLATFORMS)[number];

/** Batch `platform` form field (api-ref#batch-create). */
export const BATCH_PLATFORMS = ['instagram', 'youtube', 'tiktok', 'twitter', 'twitch', 'onlyfans'] as const;

/** Full enrichment: the MCP steers linkedin to raw, but the docs accept all 11 (api-ref#platforms) — so do we. */
export const FULL_PLATFORMS = ALL_PLATFORMS;

/** Raw enrichment: the docs omit twitch, the MCP accepts it (api-ref#platforms, api-ref#discrepancies) — accept it. */
export const RAW_PLATFORMS = ALL_PLATFORMS;

/** Audience demographics exist for these platforms only (api-ref#platforms). */
export const AUDIENCE_PLATFORMS: readonly Platform[] = ['instagram', 'tiktok', 'youtube'];

export const GROWTH_SORT_PLATFORMS: readonly Platform[] = ['instagram', 'tiktok', 'youtube'];

/**
 * The follower range filter has a different key per platform, and OnlyFans has none (api-ref#filters).
 * Any other follower key is an unknown key for that platform and is ignored, like the real API.
 */
export const FOLLOWER_FILTER_KEY: Record<DiscoveryPlatform, string | null> = {
  instagram: 'number_of_followers',
  tiktok: 'number_of_followers',
  twitter: 'number_of_followers',
  youtube: 'number_of_subscribers',
  twitch: 'followers',
  onlyfans: null,
};

export const PROFILE_HOSTS: Record<Platform, string> = {
  instagram: 'https://www.instagram.com/',
  youtube: 'https://www.youtube.com/@',
  tiktok: 'https://www.tiktok.com/@',
  twitter: 'https://x.com/',
  twitch: 'https://www.twitch.tv/',
  onlyfans: 'https://onlyfans.com/',
  snapchat: 'https://www.snapchat.com/add/',
  discord: 'https://discord.gg/',
  pinterest: 'https://www.pinterest.com/',
  facebook: 'https://www.facebook.com/',
  linkedin: 'https://www.linkedin.com/in/',
};

export function profileUrl(platform: Platform, username: string): string {
  return `${PROFILE_HOSTS[platform]}${username}`;
}

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (ALL_PLATFORMS as readonly string[]).includes(value);
}
