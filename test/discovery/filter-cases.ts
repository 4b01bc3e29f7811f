import type { DiscoveryPlatform } from '../../src/ic/platforms.ts';

/**
 * For every platform, every filter the discovery modal offers: what the user enters (as Slack's
 * `view.state.values`) and the exact `filters` it must produce. The expected keys are copied from
 * the API reference (api-ref#filters–4.3, MCP column), not from the catalog, so a wrong key in the catalog
 * fails here instead of silently returning unfiltered results (api-ref#errors).
 * Used by test/discovery/request.test.ts (one filter at a time) and test/e2e/discover.test.ts (all
 * at once, through Slack and the API double).
 */

type ElementState = Record<string, unknown>;
export type StateValues = Record<string, Record<string, ElementState>>;

export interface FilterCase {
  filter: string;
  state: StateValues;
  expect: Record<string, unknown>;
}

const option = (value: string, label = value) => ({ text: { type: 'plain_text', text: label }, value });
const num = (value: string) => ({ type: 'number_input', value });
const text = (value: string) => ({ type: 'plain_text_input', value });
const pick = (value: string, label?: string) => ({
  type: 'static_select',
  selected_option: option(value, label),
});
const picks = (type: string, values: readonly (string | [string, string])[]) => ({
  type,
  selected_options: values.map((v) => (Array.isArray(v) ? option(v[0], v[1]) : option(v))),
});

const range = (id: string, min: string | null, max: string | null): StateValues => ({
  ...(min !== null ? { [`${id}_min`]: { [`discover_${id}_min`]: num(min) } } : {}),
  ...(max !== null ? { [`${id}_max`]: { [`discover_${id}_max`]: num(max) } } : {}),
});
const dict = (id: string, values: readonly (string | [string, string])[]): StateValues => ({
  [id]: { [`discover_dict_${id}`]: picks('multi_external_select', values) },
});
const field = (id: string, state: ElementState): StateValues => ({ [id]: { [`discover_${id}`]: state } });

// ---- cases shared by several platforms

const location: FilterCase = {
  filter: 'location',
  state: dict('location', ['United States', 'Lisbon, Portugal']),
  expect: { location: ['Lisbon, Portugal', 'United States'] },
};
const language: FilterCase = {
  filter: 'language',
  state: dict('language', [['en', 'English (en)']]),
  expect: { profile_language: ['en'] },
};
const gender: FilterCase = {
  filter: 'gender',
  state: field('gender', pick('female', 'Female')),
  expect: { gender: 'female' },
};
const accountType: FilterCase = {
  filter: 'account_type',
  state: field('account_type', pick('creator', 'Creators only')),
  expect: { type: 'creator' },
};
const brands: FilterCase = {
  filter: 'brands',
  state: dict('brands', [['northwind coffee', 'Northwind Coffee']]),
  expect: { brands: ['northwind coffee'] },
};
const engagement: FilterCase = {
  filter: 'engagement',
  state: range('engagement', '2', '8.5'),
  expect: { engagement_percent: { min: 2, max: 8.5 } },
};
const alsoOn: FilterCase = {
  filter: 'also_on',
  state: field(
    'also_on',
    picks('multi_static_select', [
      ['has_youtube', 'YouTube'],
      ['has_whatsApp', 'WhatsApp'],
    ]),
  ),
  // creator_has keys are has_<platform>, with the capital A of has_whatsApp (MCP list, api-ref#filters)
  expect: { creator_has: { has_whatsApp: true, has_youtube: true } },
};
const hashtags: FilterCase = {
  filter: 'hashtags',
  state: field('hashtags', text('#vegan, #recipes')),
  expect: { hashtags: ['recipes', 'vegan'] },
};
const bioKeywords = (key: string): FilterCase => ({
  filter: 'bio_keywords',
  state: field('bio_keywords', text('vegan, plant based')),
  expect: { [key]: ['plant based', 'vegan'] },
});
const followers = (key: string): FilterCase => ({
  filter: 'followers',
  state: range('followers', '1000', '50000'),
  expect: { [key]: { min: 1000, max: 50000 } },
});
const averageLikes: FilterCase = {
  filter: 'average_likes',
  state: range('average_likes', '500', null),
  expect: { average_likes: { min: 500 } },
};
/** The profile checkboxes every platform has. */
const BASE_FLAGS = ['verified', 'link_in_bio', 'brand_deals', 'affiliate', 'merch'];
const BASE_FLAG_KEYS = {
  is_verified: true,
  has_link_in_bio: true,
  has_done_brand_deals: true,
  promotes_affiliate_links: true,
  has_merch: true,
};
const profileFlags = (extra: string[], extraKeys: Record<string, true>): FilterCase => ({
  filter: 'profile_flags',
  state: field('profile_flags', picks('checkboxes', [...BASE_FLAGS, ...extra])),
  expect: { ...BASE_FLAG_KEYS, ...extraKeys },
});
const contentFlags = (flags: string[], keys: Record<string, true>): FilterCase => ({
  filter: 'content_flags',
  state: field('content_flags', picks('checkboxes', flags)),
  expect: keys,
});

export const FILTER_CASES: Record<DiscoveryPlatform, FilterCase[]> = {
  instagram: [
    followers('number_of_followers'),
    engagement,
    location,
    language,
    gender,
    accountType,
    profileFlags(['live', 'public_only'], { does_live_streaming: true, exclude_private_profile: true }),
    brands,
    bioKeywords('keywords_in_bio'),
    alsoOn,
    hashtags,
    {
      filter: 'caption_keywords',
      state: field('caption_keywords', text('tofu')),
      expect: { keywords_in_captions: ['tofu'] },
    },
    averageLikes,
    {
      filter: 'reels_views',
      state: range('reels_views', null, '100000'),
      expect: { average_views_for_reels: { max: 100000 } },
    },
    {
      filter: 'audience_location',
      state: dict('audience_location', [['united states', 'United States']]),
      expect: { audience: { location: [{ name: 'united states' }] } },
    },
    {
      filter: 'audience_interests',
      state: dict('audience_interests', [['fitness & yoga', 'Fitness & Yoga']]),
      expect: { audience: { interests: [{ name: 'fitness & yoga' }] } },
    },
    {
      filter: 'audience_brand_categories',
      state: dict('audience_brand_categories', [['beauty & cosmetics', 'Beauty & Cosmetics']]),
      expect: { audience: { brand_categories: ['beauty & cosmetics'] } },
    },
    {
      filter: 'audience_brands',
      state: dict('audience_brands', [['harbor skincare', 'Harbor Skincare']]),
      expect: { audience: { brands: ['harbor skincare'] } },
    },
    {
      filter: 'audience_age',
      state: field('audience_age', picks('multi_static_select', ['18-24', '25-34'])),
      expect: { audience: { age: [{ range: '18-24' }, { range: '25-34' }] } },
    },
    {
      filter: 'audience_gender',
      state: field('audience_gender', pick('female', 'Mostly female')),
      expect: { audience: { gender: { type: 'female' } } },
    },
    {
      filter: 'audience_share',
      // the share needs an audience filter to apply to
      state: {
        ...field('audience_share', num('20')),
        ...dict('audience_location', [['united states', 'United States']]),
      },
      expect: { audience: { location: [{ name: 'united states', min_pct: 20 }] } },
    },
    {
      filter: 'audience_credibility',
      state: field('audience_credibility', pick('good', 'Good')),
      expect: { audience: { credibility: 'good' } },
    },
  ],
  youtube: [
    followers('number_of_subscribers'),
    engagement,
    location,
    language,
    gender,
    accountType,
    profileFlags([], {}),
    brands,
    bioKeywords('keywords_in_description'),
    alsoOn,
    hashtags,
    {
      filter: 'topics',
      state: dict('topics', ['Music', ['Pop music', 'Pop music (Music)']]),
      expect: { topics: ['Music', 'Pop music'] },
    },
    {
      filter: 'title_keywords',
      state: field('title_keywords', text('meal prep')),
      expect: { keywords_in_video_titles: ['meal prep'] },
    },
    {
      filter: 'long_video_views',
      state: range('long_video_views', '10000', null),
      expect: { average_views_on_long_videos: { min: 10000 } },
    },
    contentFlags(['shorts', 'monetizing', 'yt_podcast', 'community', 'yt_live', 'memberships', 'courses'], {
      has_shorts: true,
      is_monetizing: true,
      has_podcast: true,
      has_community_posts: true,
      streams_live: true,
      has_membership: true,
      has_courses: true,
    }),
  ],
  tiktok: [
    followers('number_of_followers'),
    engagement,
    location,
    language,
    gender,
    accountType,
    profileFlags(['live', 'public_only'], { does_live_streaming: true, exclude_private_profile: true }),
    brands,
    bioKeywords('keywords_in_bio'),
    alsoOn,
    hashtags,
    averageLikes,
    {
      filter: 'average_views',
      state: range('average_views', '5000', '2000000'),
      expect: { average_views: { min: 5000, max: 2000000 } },
    },
    {
      filter: 'video_keywords',
      state: field('video_keywords', text('recipe')),
      expect: { video_description: ['recipe'] },
    },
    contentFlags(['tiktok_shop'], { has_tik_tok_shop: true }),
  ],
  twitter: [
    followers('number_of_followers'),
    engagement,
    location,
    language,
    gender,
    accountType,
    profileFlags(['live'], { does_live_streaming: true }),
    brands,
    bioKeywords('keywords_in_bio'),
    alsoOn,
    hashtags,
    averageLikes,
    {
      filter: 'tweet_keywords',
      state: field('tweet_keywords', text('plant-based')),
      expect: { keywords_in_tweets: ['plant-based'] },
    },
    {
      filter: 'tweets_count',
      state: range('tweets_count', '100', null),
      expect: { tweets_count: { min: 100 } },
    },
  ],
  twitch: [
    followers('followers'),
    location,
    language,
    gender,
    profileFlags([], {}),
    brands,
    bioKeywords('keywords_in_description'),
    alsoOn,
    {
      filter: 'games',
      state: dict('games', [['Starfall Arena', 'Starfall Arena (Shooter)']]),
      expect: { games_played: ['Starfall Arena'] },
    },
    {
      filter: 'stream_hours',
      state: range('stream_hours', '20', '200'),
      expect: { streamed_hours_last_30_days: { min: 20, max: 200 } },
    },
    {
      filter: 'stream_views',
      state: range('stream_views', '50', null),
      expect: { avg_views_last_30_days: { min: 50 } },
    },
    contentFlags(['partner'], { is_twitch_partner: true }),
  ],
  onlyfans: [
    engagement,
    location,
    language,
    gender,
    accountType,
    profileFlags([], {}),
    brands,
    alsoOn,
    {
      filter: 'subscription_price',
      state: range('subscription_price', '5', '19.99'),
      expect: { subscription_price: { min: 5, max: 19.99 } },
    },
    contentFlags(['free_account', 'of_videos', 'of_live'], {
      has_free_account: true,
      has_videos: true,
      has_live_streams: true,
    }),
  ],
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/** Every filter of a platform entered at once: the state and the `filters` it must produce. */
export function allFiltersAtOnce(platform: DiscoveryPlatform): {
  state: StateValues;
  expect: Record<string, unknown>;
} {
  let state: StateValues = {};
  let expect: Record<string, unknown> = {};
  for (const c of FILTER_CASES[platform]) {
    state = { ...state, ...c.state };
    expect = deepMerge(expect, c.expect);
  }
  if (platform === 'instagram') {
    // The audience share applies to location, interests, age and gender together (api-ref#audience-filters).
    expect.audience = {
      location: [{ name: 'united states', min_pct: 20 }],
      interests: [{ name: 'fitness & yoga', min_pct: 20 }],
      brand_categories: ['beauty & cosmetics'],
      brands: ['harbor skincare'],
      age: [
        { range: '18-24', min_pct: 20 },
        { range: '25-34', min_pct: 20 },
      ],
      gender: { type: 'female', min_pct: 20 },
      credibility: 'good',
    };
  }
  return { state, expect };
}
