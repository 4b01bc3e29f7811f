import { DISCOVERY_PLATFORMS, type DiscoveryPlatform } from '../ic/platforms.ts';

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

type PerPlatform<T> = Partial<Record<DiscoveryPlatform, T>>;

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

const ALL = DISCOVERY_PLATFORMS;
const except = (...left: DiscoveryPlatform[]) => ALL.filter((p) => !left.includes(p));

/** Follower key per platform (api-ref#filters): the wrong one is ignored by the API. OnlyFans has none. */
const FOLLOWER_KEY: PerPlatform<string> = {
  instagram: 'number_of_followers',
  tiktok: 'number_of_followers',
  twitter: 'number_of_followers',
  youtube: 'number_of_subscribers',
  twitch: 'followers',
};

/** "Keywords in bio": YouTube and Twitch call the bio a description (api-ref#filters). OnlyFans has no such key. */
const BIO_KEYWORDS_KEY: PerPlatform<string> = {
  instagram: 'keywords_in_bio',
  tiktok: 'keywords_in_bio',
  twitter: 'keywords_in_bio',
  youtube: 'keywords_in_description',
  twitch: 'keywords_in_description',
};

/** Other platforms a creator is on: `creator_has` keys (MCP list, api-ref#filters). */
const ALSO_ON: readonly Choice[] = [
  { label: 'Instagram', value: 'has_instagram' },
  { label: 'YouTube', value: 'has_youtube' },
  { label: 'TikTok', value: 'has_tiktok' },
  { label: 'X (Twitter)', value: 'has_twitter' },
  { label: 'Twitch', value: 'has_twitch' },
  { label: 'OnlyFans', value: 'has_onlyfans' },
  { label: 'Snapchat', value: 'has_snapchat' },
  { label: 'Pinterest', value: 'has_pinterest' },
  { label: 'Facebook', value: 'has_facebook' },
  { label: 'LinkedIn', value: 'has_linkedin' },
  { label: 'Discord', value: 'has_discord' },
  { label: 'Telegram', value: 'has_telegram' },
  { label: 'WhatsApp', value: 'has_whatsApp' },
  { label: 'Spotify', value: 'has_spotify' },
  { label: 'A podcast', value: 'has_podcast' },
  { label: 'Patreon', value: 'has_patreon' },
  { label: 'Linktree', value: 'has_linktree' },
  { label: 'Substack', value: 'has_substack' },
  { label: 'Shopify store', value: 'has_shopify' },
  { label: 'Amazon affiliate links', value: 'has_amazonaffiliates' },
  { label: 'LTK shop', value: 'has_shopltk' },
  { label: 'Etsy', value: 'has_etsy' },
];

/** `creator_has` keys the MCP accepts (api-ref#filters); the test checks ALSO_ON against it. */
export const CREATOR_HAS_KEYS: ReadonlySet<string> = new Set(
  'has_amazonaffiliates has_anchor has_applemusic has_bandcamp has_behance has_buymeacoffee has_cameo has_canva has_clubhouse has_community has_discord has_dribbble has_etsy has_facebook has_fiverr has_github has_gofundme has_goodreads has_instagram has_kakao has_kickstarter has_kofi has_linkedin has_linktree has_medium has_onlyfans has_patreon has_phone has_pinterest has_podcast has_redbubble has_shopify has_shopltk has_snapchat has_soundcloud has_spotify has_spring has_streamlabs has_substack has_telegram has_tiktok has_tumblr has_twitch has_twitter has_udemy has_viber has_vimeo has_vk has_weebly has_whatsApp has_wix has_youtube'.split(
    ' ',
  ),
);

/** Audience age buckets as the audience data names them (api-ref#full-enrichment-blocks). */
const AGE_RANGES: readonly Choice[] = ['13-17', '18-24', '25-34', '35-44', '45-64', '65-'].map((r) => ({
  label: r === '65-' ? '65+' : r,
  value: r,
}));

export const FILTERS: readonly FilterDef[] = [
  // ---- Creator profile (api-ref#filters)
  {
    id: 'followers',
    section: 'creator',
    input: 'range',
    platforms: except('onlyfans'),
    label: {
      youtube: 'Subscribers',
      instagram: 'Followers',
      tiktok: 'Followers',
      twitter: 'Followers',
      twitch: 'Followers',
    },
    key: FOLLOWER_KEY,
    unit: 'count',
  },
  {
    id: 'engagement',
    section: 'creator',
    input: 'range',
    // engagement_percent does not apply to Twitch (api-ref#filters)
    platforms: except('twitch'),
    label: 'Engagement rate %',
    key: 'engagement_percent',
    unit: 'percent',
  },
  {
    id: 'location',
    section: 'creator',
    input: 'dictionary',
    platforms: ALL,
    label: 'Location',
    key: 'location',
    shape: 'names',
    dictionary: 'location',
    minQueryLength: 2,
    maxItems: 10,
  },
  {
    id: 'language',
    section: 'creator',
    input: 'dictionary',
    platforms: ALL,
    label: 'Language',
    key: 'profile_language',
    shape: 'names',
    dictionary: 'language',
    minQueryLength: 1,
    maxItems: 5,
  },
  {
    id: 'gender',
    section: 'creator',
    input: 'select',
    platforms: ALL,
    label: 'Gender',
    key: 'gender',
    shape: 'plain',
    // `any` is the API's default; other values than any|male|female are a 422 (api-ref#filters)
    choices: [
      { label: 'Any', value: ANY },
      { label: 'Female', value: 'female' },
      { label: 'Male', value: 'male' },
    ],
  },
  {
    id: 'account_type',
    section: 'creator',
    input: 'select',
    // `type` is not a Twitch filter (api-ref#filters)
    platforms: except('twitch'),
    label: 'Creator or business',
    key: 'type',
    shape: 'plain',
    choices: [
      { label: 'Either', value: ANY },
      { label: 'Creators only', value: 'creator' },
      { label: 'Businesses only', value: 'business' },
    ],
  },
  {
    id: 'profile_flags',
    section: 'creator',
    input: 'flags',
    platforms: ALL,
    label: 'Profile',
    flags: [
      { id: 'verified', label: 'Verified', key: 'is_verified', platforms: ALL },
      { id: 'link_in_bio', label: 'Has a link in bio', key: 'has_link_in_bio', platforms: ALL },
      { id: 'brand_deals', label: 'Has done brand deals', key: 'has_done_brand_deals', platforms: ALL },
      { id: 'affiliate', label: 'Promotes affiliate links', key: 'promotes_affiliate_links', platforms: ALL },
      { id: 'merch', label: 'Sells merch', key: 'has_merch', platforms: ALL },
      {
        id: 'live',
        label: 'Streams live',
        key: 'does_live_streaming',
        platforms: except('twitch', 'youtube', 'onlyfans'),
      },
      {
        id: 'public_only',
        label: 'Public profiles only',
        key: 'exclude_private_profile',
        platforms: ['instagram', 'tiktok'],
      },
    ],
  },
  {
    id: 'brands',
    section: 'creator',
    input: 'dictionary',
    platforms: ALL,
    label: 'Brands worked with',
    key: 'brands',
    shape: 'names',
    dictionary: 'brand',
    minQueryLength: 2,
    maxItems: 10,
  },
  {
    id: 'bio_keywords',
    section: 'creator',
    input: 'keywords',
    platforms: except('onlyfans'),
    label: {
      instagram: 'Keywords in bio',
      tiktok: 'Keywords in bio',
      twitter: 'Keywords in bio',
      youtube: 'Keywords in channel description',
      twitch: 'Keywords in channel description',
    },
    key: BIO_KEYWORDS_KEY,
  },
  {
    id: 'also_on',
    section: 'creator',
    input: 'multi_select',
    platforms: ALL,
    label: 'Also has',
    key: 'creator_has',
    shape: 'creator_has',
    choices: ALSO_ON,
  },

  // ---- Content, per platform (api-ref#filters)
  {
    id: 'hashtags',
    section: 'content',
    input: 'keywords',
    platforms: ['instagram', 'youtube', 'tiktok', 'twitter'],
    label: 'Hashtags used',
    key: 'hashtags',
    hashtags: true,
  },
  {
    id: 'caption_keywords',
    section: 'content',
    input: 'keywords',
    platforms: ['instagram'],
    label: 'Keywords in captions',
    key: 'keywords_in_captions',
  },
  {
    id: 'average_likes',
    section: 'content',
    input: 'range',
    platforms: ['instagram', 'tiktok', 'twitter'],
    label: 'Average likes',
    key: 'average_likes',
    unit: 'count',
  },
  {
    id: 'reels_views',
    section: 'content',
    input: 'range',
    platforms: ['instagram'],
    label: 'Average Reels views',
    key: 'average_views_for_reels',
    unit: 'count',
  },
  {
    id: 'topics',
    section: 'content',
    input: 'dictionary',
    platforms: ['youtube'],
    label: 'YouTube topics',
    key: 'topics',
    shape: 'names',
    dictionary: 'youtube_topic',
    minQueryLength: 1,
    maxItems: 10,
  },
  {
    id: 'title_keywords',
    section: 'content',
    input: 'keywords',
    platforms: ['youtube'],
    label: 'Keywords in video titles',
    key: 'keywords_in_video_titles',
  },
  {
    id: 'long_video_views',
    section: 'content',
    input: 'range',
    platforms: ['youtube'],
    label: 'Average views (long videos)',
    key: 'average_views_on_long_videos',
    unit: 'count',
  },
  {
    id: 'average_views',
    section: 'content',
    input: 'range',
    platforms: ['tiktok'],
    label: 'Average views',
    key: 'average_views',
    unit: 'count',
  },
  {
    id: 'video_keywords',
    section: 'content',
    input: 'keywords',
    platforms: ['tiktok'],
    label: 'Keywords in video descriptions',
    key: 'video_description',
  },
  {
    id: 'tweet_keywords',
    section: 'content',
    input: 'keywords',
    platforms: ['twitter'],
    label: 'Keywords in posts',
    key: 'keywords_in_tweets',
  },
  {
    id: 'tweets_count',
    section: 'content',
    input: 'range',
    platforms: ['twitter'],
    label: 'Number of posts',
    key: 'tweets_count',
    unit: 'count',
  },
  {
    id: 'games',
    section: 'content',
    input: 'dictionary',
    platforms: ['twitch'],
    label: 'Games played',
    key: 'games_played',
    shape: 'names',
    dictionary: 'game',
    minQueryLength: 2,
    maxItems: 10,
  },
  {
    id: 'stream_hours',
    section: 'content',
    input: 'range',
    platforms: ['twitch'],
    label: 'Hours streamed (last 30 days)',
    key: 'streamed_hours_last_30_days',
    unit: 'hours',
  },
  {
    id: 'stream_views',
    section: 'content',
    input: 'range',
    platforms: ['twitch'],
    label: 'Average viewers (last 30 days)',
    key: 'avg_views_last_30_days',
    unit: 'count',
  },
  {
    id: 'subscription_price',
    section: 'content',
    input: 'range',
    platforms: ['onlyfans'],
    label: 'Subscription price ($)',
    key: 'subscription_price',
    unit: 'dollars',
  },
  {
    id: 'content_flags',
    section: 'content',
    input: 'flags',
    platforms: ['youtube', 'tiktok', 'twitch', 'onlyfans'],
    label: 'Channel',
    flags: [
      { id: 'shorts', label: 'Makes Shorts', key: 'has_shorts', platforms: ['youtube'] },
      { id: 'monetizing', label: 'Monetised channel', key: 'is_monetizing', platforms: ['youtube'] },
      { id: 'yt_podcast', label: 'Has a podcast', key: 'has_podcast', platforms: ['youtube'] },
      { id: 'community', label: 'Posts in Community', key: 'has_community_posts', platforms: ['youtube'] },
      { id: 'yt_live', label: 'Streams live', key: 'streams_live', platforms: ['youtube'] },
      { id: 'memberships', label: 'Offers memberships', key: 'has_membership', platforms: ['youtube'] },
      { id: 'courses', label: 'Sells courses', key: 'has_courses', platforms: ['youtube'] },
      { id: 'tiktok_shop', label: 'Has a TikTok Shop', key: 'has_tik_tok_shop', platforms: ['tiktok'] },
      { id: 'partner', label: 'Twitch Partner', key: 'is_twitch_partner', platforms: ['twitch'] },
      { id: 'free_account', label: 'Free account', key: 'has_free_account', platforms: ['onlyfans'] },
      { id: 'of_videos', label: 'Posts videos', key: 'has_videos', platforms: ['onlyfans'] },
      { id: 'of_live', label: 'Streams live', key: 'has_live_streams', platforms: ['onlyfans'] },
    ],
  },

  // ---- Audience (Instagram creators with 10k+ followers, api-ref#audience-filters)
  {
    id: 'audience_location',
    section: 'audience',
    input: 'dictionary',
    platforms: ['instagram'],
    label: 'Audience location',
    key: 'audience.location',
    shape: 'named',
    dictionary: 'audience_location',
    minQueryLength: 2,
    maxItems: 5,
  },
  {
    id: 'audience_interests',
    section: 'audience',
    input: 'dictionary',
    platforms: ['instagram'],
    label: 'Audience interests',
    key: 'audience.interests',
    shape: 'named',
    dictionary: 'audience_interest',
    minQueryLength: 1,
    maxItems: 5,
  },
  {
    id: 'audience_brand_categories',
    section: 'audience',
    input: 'dictionary',
    platforms: ['instagram'],
    label: 'Audience brand categories',
    key: 'audience.brand_categories',
    shape: 'names',
    dictionary: 'audience_brand_category',
    minQueryLength: 1,
    maxItems: 5,
  },
  {
    id: 'audience_brands',
    section: 'audience',
    input: 'dictionary',
    platforms: ['instagram'],
    label: 'Brands the audience likes',
    key: 'audience.brands',
    shape: 'names',
    dictionary: 'audience_brand',
    minQueryLength: 2,
    maxItems: 5,
  },
  {
    id: 'audience_age',
    section: 'audience',
    input: 'multi_select',
    platforms: ['instagram'],
    label: 'Audience age',
    key: 'audience.age',
    shape: 'audience_age',
    choices: AGE_RANGES,
  },
  {
    id: 'audience_gender',
    section: 'audience',
    input: 'select',
    platforms: ['instagram'],
    label: 'Audience gender',
    key: 'audience.gender',
    shape: 'audience_gender',
    choices: [
      { label: 'Any', value: ANY },
      { label: 'Mostly female', value: 'female' },
      { label: 'Mostly male', value: 'male' },
    ],
  },
  {
    id: 'audience_share',
    section: 'audience',
    input: 'audience_share',
    platforms: ['instagram'],
    label: 'Audience share at least (%)',
    hint: 'Applies to the audience location, interests, age and gender chosen above. Leave empty to let Influencers Club decide.',
  },
  {
    id: 'audience_credibility',
    section: 'audience',
    input: 'select',
    platforms: ['instagram'],
    label: 'Audience credibility at least',
    key: 'audience.credibility',
    shape: 'plain',
    choices: [
      { label: 'Any', value: ANY },
      { label: 'Best', value: 'best' },
      { label: 'High', value: 'high' },
      { label: 'Good', value: 'good' },
      { label: 'Normal', value: 'normal' },
      { label: 'Low', value: 'low' },
      { label: 'Bad', value: 'bad' },
    ],
  },
];

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
