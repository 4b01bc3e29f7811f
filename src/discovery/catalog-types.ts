import type { DiscoveryPlatform } from '../ic/platforms.ts';

/** The shapes of the discovery modal's filters (the table is in filters-table.ts). */

export type DictionaryName =
  | 'location'
  | 'language'
  | 'brand'
  | 'youtube_topic'
  | 'game'
  | 'audience_location'
  | 'audience_interest'
  | 'audience_brand_category'
  | 'audience_brand';

export interface Choice {
  label: string;
  value: string;
}

export type Section = 'creator' | 'content' | 'audience';

/** The "Any" choice of a select: sends nothing (the API's default). */
export const ANY = 'any';

export type PerPlatform<T> = Partial<Record<DiscoveryPlatform, T>>;

interface FilterBase {
  /** Block id in the modal (ranges use `<id>_min` and `<id>_max`), and the name a value keeps across platforms. */
  id: string;
  section: Section;
  platforms: readonly DiscoveryPlatform[];
  /** Per-platform labels where the platform has its own word ("Subscribers" on YouTube). */
  label: string | PerPlatform<string>;
  hint?: string;
}

/** `{min, max}` (api-ref#filters shape conventions). */
export interface RangeFilter extends FilterBase {
  input: 'range';
  key: string | PerPlatform<string>;
  unit: 'count' | 'percent' | 'hours' | 'dollars';
}

/** One choice; the first choice is "Any" (value `any`), which sends nothing. */
export interface SelectFilter extends FilterBase {
  input: 'select';
  key: string;
  shape: 'plain' | 'audience_gender';
  choices: readonly Choice[];
}

export interface MultiSelectFilter extends FilterBase {
  input: 'multi_select';
  key: string;
  shape: 'creator_has' | 'audience_age';
  choices: readonly Choice[];
}

/** Values from a dictionary endpoint (api-ref#dictionaries), typed ahead through external_select. */
export interface DictionaryFilter extends FilterBase {
  input: 'dictionary';
  key: string;
  /** `names`: string[]; `named`: `[{name, min_pct?}]` (audience location and interests, api-ref#audience-filters). */
  shape: 'names' | 'named';
  dictionary: DictionaryName;
  /** Characters typed before Slack asks for options: 1 for short lists, 2 for long ones. */
  minQueryLength: number;
  maxItems: number;
}

/** Comma-separated words → string[]. */
export interface KeywordsFilter extends FilterBase {
  input: 'keywords';
  key: string | PerPlatform<string>;
  /** Hashtags are sent without `#`. */
  hashtags?: boolean;
}

export interface Flag {
  id: string;
  label: string;
  /** Request key: a boolean filter sent as `true`. */
  key: string;
  platforms: readonly DiscoveryPlatform[];
}

/** Checkboxes, each a boolean filter. */
export interface FlagsFilter extends FilterBase {
  input: 'flags';
  flags: readonly Flag[];
}

/** The share of the audience the audience filters require (`min_pct`, api-ref#audience-filters). */
export interface AudienceShareFilter extends FilterBase {
  input: 'audience_share';
}

export type FilterDef =
  | RangeFilter
  | SelectFilter
  | MultiSelectFilter
  | DictionaryFilter
  | KeywordsFilter
  | FlagsFilter
  | AudienceShareFilter;
