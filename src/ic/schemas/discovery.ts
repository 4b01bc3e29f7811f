import { z } from 'zod';
import { DISCOVERY_PLATFORMS, OVERLAP_PLATFORMS, SIMILAR_PLATFORMS } from '../platforms.ts';
import { flag, handle, listOf, num, platformEnum, text } from './common.ts';

/** Discovery, similar creators and audience overlap (api-ref#discovery, api-ref#similar, api-ref#overlap, api-ref#filters). */

/** Results past the 10,000th are never served (api-ref#pagination), so such a page would be wasted. */
export const RESULT_WINDOW = 10_000;

const paging = z
  .strictObject({
    limit: z.number().int().min(1, 'limit must be 1–50').max(50, 'limit must be 1–50'),
    page: z.number().int().min(0, 'page must be >= 0 (pages are 0-based, api-ref#pagination)'),
  })
  .refine((p) => (p.page + 1) * p.limit <= RESULT_WINDOW, {
    message: `(page + 1) × limit must be <= ${RESULT_WINDOW}: results past the 10,000th are not served`,
    path: ['page'],
  });

const range = z
  .strictObject({
    min: z.number().nullable().optional(),
    max: z.number().nullable().optional(),
  })
  .refine((r) => r.min == null || r.max == null || r.min <= r.max, { message: 'min must be <= max' });

const growth = z.strictObject({
  growth_percentage: z.number(),
  time_range_months: z.number().int().positive(),
});

const stringList = z.array(z.string().trim().min(1));

/** `filters.audience` (Instagram creators with 10k+ followers, api-ref#audience-filters). Item shapes per the MCP schema. */
const audienceFilters = z.strictObject({
  location: z
    .array(z.looseObject({ name: z.string(), type: z.string().optional(), min_pct: z.number().optional() }))
    .optional(),
  gender: z.looseObject({ type: z.string(), min_pct: z.number().optional() }).optional(),
  language: z.array(z.looseObject({ language_abbr: z.string(), min_pct: z.number().optional() })).optional(),
  age: z.array(z.looseObject({ range: z.string(), min_pct: z.number().optional() })).optional(),
  interests: z.array(z.looseObject({ name: z.string(), min_pct: z.number().optional() })).optional(),
  brands: stringList.optional(),
  brand_categories: stringList.optional(),
  credibility: z.enum(['bad', 'low', 'normal', 'good', 'high', 'best']).optional(),
});

/**
 * Discovery/similar `filters` (api-ref#filters): the union of every platform's keys. Strict on purpose: the API
 * silently ignores unknown keys and returns (and charges for) unfiltered results (api-ref#errors).
 * Keys whose value type is undocumented are accepted as-is.
 */
const filters = z.strictObject(
  {
    // api-ref#filters common
    ai_search: z
      .string()
      .trim()
      .min(3, 'ai_search must be 3–150 characters')
      .max(150, 'ai_search must be 3–150 characters')
      .optional(),
    location: stringList.optional(),
    profile_language: stringList.optional(),
    gender: z.enum(['any', 'male', 'female']).optional(),
    type: z.enum(['creator', 'business']).optional(),
    is_verified: z.boolean().optional(),
    has_link_in_bio: z.boolean().optional(),
    has_done_brand_deals: z.boolean().optional(),
    promotes_affiliate_links: z.boolean().optional(),
    does_live_streaming: z.boolean().optional(),
    has_merch: z.boolean().optional(),
    brands: stringList.optional(),
    creator_has: z.record(z.string(), z.boolean()).optional(),
    exclude_handles: z.array(z.string().trim().min(1)).max(10_000).optional(),
    exclude_role_based_emails: z.boolean().optional(),
    engagement_percent: range.optional(),
    posting_frequency: z.number().nonnegative().optional(),
    income: range.optional(),
    has_live_videos: z.boolean().optional(),
    // follower keys: which one applies depends on the platform (checked below)
    number_of_followers: range.optional(),
    number_of_subscribers: range.optional(),
    followers: range.optional(),
    // api-ref#filters Instagram
    follower_growth: growth.optional(),
    average_likes: range.optional(),
    average_comments: range.optional(),
    number_of_posts: range.optional(),
    reels_percent: range.optional(),
    average_views_for_reels: range.optional(),
    video_percentage: range.optional(),
    has_videos: z.boolean().optional(),
    exclude_private_profile: z.boolean().optional(),
    keywords_in_bio: stringList.optional(),
    exclude_keywords_in_bio: stringList.optional(),
    keywords_in_captions: stringList.optional(),
    keywords_not_in_captions: stringList.optional(),
    link_in_bio: z.unknown().optional(),
    not_link_in_bio: z.unknown().optional(),
    hashtags: stringList.optional(),
    not_hashtags: stringList.optional(),
    last_post: z.unknown().optional(),
    similar_to: z.unknown().optional(),
    audience: audienceFilters.optional(),
    // YouTube
    subscriber_growth: growth.optional(),
    topics: stringList.optional(),
    keywords_in_video_titles: stringList.optional(),
    keywords_not_in_video_titles: stringList.optional(),
    keywords_in_description: stringList.optional(),
    keywords_not_in_description: stringList.optional(),
    keywords_in_video_description: stringList.optional(),
    keywords_not_in_video_description: stringList.optional(),
    links_from_description: z.unknown().optional(),
    links_from_video_description: z.unknown().optional(),
    has_shorts: z.boolean().optional(),
    shorts_percentage: range.optional(),
    has_community_posts: z.boolean().optional(),
    streams_live: z.boolean().optional(),
    has_podcast: z.boolean().optional(),
    has_courses: z.boolean().optional(),
    has_membership: z.boolean().optional(),
    is_monetizing: z.boolean().optional(),
    average_views_on_long_videos: range.optional(),
    median_views_long: range.optional(),
    average_views_on_shorts: range.optional(),
    number_of_videos: range.optional(),
    long_video_duration: z.unknown().optional(),
    average_stream_views: range.optional(),
    average_stream_duration: range.optional(),
    last_upload_long_video: z.unknown().optional(),
    last_upload_short_video: z.unknown().optional(),
    last_stream_upload: z.unknown().optional(),
    // TikTok
    average_views: range.optional(),
    average_video_downloads: range.optional(),
    video_count: range.optional(),
    has_tik_tok_shop: z.boolean().optional(),
    video_description: stringList.optional(),
    not_video_description: stringList.optional(),
    // Twitter
    tweets_count: range.optional(),
    number_of_tweets: range.optional(),
    keywords_in_tweets: stringList.optional(),
    keywords_not_in_tweets: stringList.optional(),
    tweets: z.unknown().optional(),
    // Twitch
    active_subscribers: range.optional(),
    streamed_hours_last_30_days: range.optional(),
    total_hours_streamed: range.optional(),
    maximum_views_count: range.optional(),
    avg_views_last_30_days: range.optional(),
    streams_count_last_30_days: range.optional(),
    games_played: stringList.optional(),
    is_twitch_partner: z.boolean().optional(),
    most_recent_stream_date: z.unknown().optional(),
    // OnlyFans
    subscription_price: range.optional(),
    number_of_photos: range.optional(),
    number_of_likes: range.optional(),
    has_free_account: z.boolean().optional(),
    has_live_streams: z.boolean().optional(),
    last_active: z.unknown().optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown filter ${issue.keys.join(', ')}: the API would ignore it and charge for unfiltered results`
        : undefined,
  },
);

export type DiscoveryFilters = z.infer<typeof filters>;

/** The follower filter is named differently per platform (api-ref#filters); the wrong name would be ignored. */
const FOLLOWER_KEY: Record<string, 'number_of_followers' | 'number_of_subscribers' | 'followers' | null> = {
  instagram: 'number_of_followers',
  tiktok: 'number_of_followers',
  twitter: 'number_of_followers',
  youtube: 'number_of_subscribers',
  twitch: 'followers',
  onlyfans: null,
};

function checkFiltersForPlatform(
  platform: string,
  f: DiscoveryFilters | null | undefined,
  ctx: z.RefinementCtx,
): void {
  if (!f) return;
  const expected = FOLLOWER_KEY[platform];
  for (const key of ['number_of_followers', 'number_of_subscribers', 'followers'] as const) {
    if (f[key] !== undefined && key !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['filters', key],
        message:
          expected === null
            ? `${platform} has no follower filter`
            : `${platform} filters followers with "${expected}", not "${key}"`,
      });
    }
  }
  if (f.audience !== undefined && platform !== 'instagram') {
    ctx.addIssue({
      code: 'custom',
      path: ['filters', 'audience'],
      message: 'audience filters only apply to Instagram (api-ref#audience-filters)',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

export const discoveryRequestSchema = z
  .strictObject({
    platform: platformEnum(DISCOVERY_PLATFORMS, 'discovery platforms'),
    paging,
    sort: z
      .strictObject({
        sort_by: z.enum(['relevancy', 'engagement_rate', 'number_of_followers', 'growth_rate']),
        sort_order: z.enum(['asc', 'desc']).optional(),
      })
      .optional(),
    filters: filters.nullable().optional(),
  })
  .superRefine((req, ctx) => {
    // Sort rules mirrored from the MCP's client-side validation (api-ref#discovery).
    const sort = req.sort;
    if (sort?.sort_by === 'growth_rate' && !['instagram', 'tiktok', 'youtube'].includes(req.platform)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_by'],
        message: 'growth_rate sorting is only for instagram, tiktok, youtube',
      });
    }
    if (sort?.sort_by === 'number_of_followers' && req.platform === 'onlyfans') {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_by'],
        message: 'onlyfans cannot be sorted by followers',
      });
    }
    if (sort?.sort_by === 'relevancy' && sort.sort_order === 'asc') {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_order'],
        message: 'relevancy sorting is only descending',
      });
    }
    checkFiltersForPlatform(req.platform, req.filters, ctx);
  });
export type DiscoveryRequest = z.infer<typeof discoveryRequestSchema>;

export const similarRequestSchema = z
  .strictObject({
    platform: platformEnum(SIMILAR_PLATFORMS, 'similar-creators platforms'),
    filter_key: z.enum(['url', 'username', 'id']),
    filter_value: z.string().trim().min(1).max(200),
    paging,
    filters: filters.optional(),
  })
  .superRefine((req, ctx) => {
    if (req.filter_key === 'username' && req.filter_value.startsWith('@')) {
      ctx.addIssue({ code: 'custom', path: ['filter_value'], message: 'username without the @' });
    }
    checkFiltersForPlatform(req.platform, req.filters, ctx);
  });
export type SimilarRequest = z.infer<typeof similarRequestSchema>;

export const overlapRequestSchema = z.strictObject({
  platform: platformEnum(OVERLAP_PLATFORMS, 'audience-overlap platforms'),
  creators: z
    .array(handle)
    .min(2, 'compare 2–10 creators')
    .max(10, 'compare 2–10 creators')
    .refine((c) => new Set(c.map((h) => h.toLowerCase())).size === c.length, {
      message: 'the same creator is listed twice',
    }),
});
export type OverlapRequest = z.infer<typeof overlapRequestSchema>;

// Responses

/** `accounts[]` of discovery and similar (api-ref#discovery). */
const discoveryAccountSchema = z.looseObject({
  user_id: text,
  profile: z
    .looseObject({
      username: text,
      full_name: text,
      picture: text,
      followers: num,
      engagement_percent: num,
    })
    .optional(),
});

export const discoveryResponseSchema = z.looseObject({
  total: num,
  limit: num,
  // a decimal string on discovery/similar (api-ref#responses)
  credits_left: num,
  credits_cost: num,
  accounts: listOf(discoveryAccountSchema),
});
export type DiscoveryResponse = z.infer<typeof discoveryResponseSchema>;

const overlapUserSchema = z.looseObject({
  user_id: text,
  username: text,
  fullname: text,
  followers: num,
  url: text,
  is_verified: flag,
  engagements: num,
});

export const overlapResponseSchema = z.looseObject({
  credits_cost: num,
  credits_left: num,
  status: flag,
  success: flag,
  basics: z.looseObject({ total_followers: num, total_unique_followers: num }).optional(),
  details: listOf(
    z.looseObject({
      user_id: text,
      username: text,
      followers: num,
      // scale (0–1 or 0–100) is unknown (api-ref#overlap, api-ref#open-questions): passed through as sent
      unique_percentage: num,
      overlapping_percentage: num,
      user: overlapUserSchema.optional(),
    }),
  ),
});
export type OverlapResponse = z.infer<typeof overlapResponseSchema>;
