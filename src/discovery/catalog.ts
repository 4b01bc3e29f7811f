import type { DiscoveryPlatform } from '../ic/platforms.ts';
import type {
  FilterDef,
  Flag,
  FlagsFilter,
  KeywordsFilter,
  PerPlatform,
  RangeFilter,
} from './catalog-types.ts';
import { ALL, except, FILTERS } from './filters-table.ts';

/**
 * Every filter the discovery modal offers, per platform, and the exact request key each one lands
 * under (api-ref#filters). The API silently ignores an unknown key and returns — and charges
 * for — unfiltered results (api-ref#errors), so a key here is never guessed: it is one of the keys the
 * client's filter schema (src/ic/schemas.ts, which follows the official MCP server's mirror of the
 * server serializer) accepts, and test/discovery/request.test.ts checks every filter of every
 * platform against the reference, key by key.
 *
 * Where the sources disagree we follow the MCP column, as the client schema does (api-ref#discrepancies):
 * `profile_language` (not n8n's `speaking_language`), `creator_has` keys `has_<platform>` (not bare
 * platform names), and the MCP shapes of `filters.audience` (api-ref#audience-filters).
 */

export * from './catalog-types.ts';
export { CREATOR_HAS_KEYS, FILTERS } from './filters-table.ts';

export function filtersFor(platform: DiscoveryPlatform): FilterDef[] {
  return FILTERS.filter((f) => f.platforms.includes(platform));
}

export function filterById(id: string): FilterDef | undefined {
  return FILTERS.find((f) => f.id === id);
}

export function labelFor(filter: FilterDef, platform: DiscoveryPlatform): string {
  return typeof filter.label === 'string'
    ? filter.label
    : (filter.label[platform] ?? Object.values(filter.label)[0] ?? filter.id);
}

/** The request key of a range or keywords filter on `platform` (null when it has none there). */
export function keyFor(filter: RangeFilter | KeywordsFilter, platform: DiscoveryPlatform): string | null {
  return typeof filter.key === 'string' ? filter.key : (filter.key[platform] ?? null);
}

export function flagsFor(filter: FlagsFilter, platform: DiscoveryPlatform): Flag[] {
  return filter.flags.filter((f) => f.platforms.includes(platform));
}

// ---- Sort (api-ref#discovery)

export type SortBy = 'relevancy' | 'number_of_followers' | 'engagement_rate' | 'growth_rate';

export interface SortChoice {
  value: SortBy;
  label: string | PerPlatform<string>;
  platforms: readonly DiscoveryPlatform[];
}

/**
 * Sort rules the MCP validates client-side, mirroring the API (api-ref#discovery): growth only on
 * Instagram/TikTok/YouTube, no follower sort on OnlyFans. Engagement is not offered on Twitch,
 * which has no engagement figure (api-ref#filters). Always descending: relevancy only supports desc.
 */
export const SORTS: readonly SortChoice[] = [
  { value: 'relevancy', label: 'Most relevant', platforms: ALL },
  {
    value: 'number_of_followers',
    label: { youtube: 'Most subscribers', instagram: 'Most followers' },
    platforms: except('onlyfans'),
  },
  { value: 'engagement_rate', label: 'Highest engagement', platforms: except('twitch') },
  { value: 'growth_rate', label: 'Fastest growing', platforms: ['instagram', 'tiktok', 'youtube'] },
];

export function sortsFor(platform: DiscoveryPlatform): { value: SortBy; label: string }[] {
  return SORTS.filter((s) => s.platforms.includes(platform)).map((s) => ({
    value: s.value,
    label: typeof s.label === 'string' ? s.label : (s.label[platform] ?? s.label.instagram ?? s.value),
  }));
}

export function isSortBy(value: string): value is SortBy {
  return SORTS.some((s) => s.value === value);
}
