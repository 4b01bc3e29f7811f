import { z } from 'zod';
import {
  BATCH_PLATFORMS,
  DISCOVERY_PLATFORMS,
  ENRICH_FULL_PLATFORMS,
  ENRICH_RAW_PLATFORMS,
  OVERLAP_PLATFORMS,
  PLATFORMS,
  POSTS_PLATFORMS,
  SIMILAR_PLATFORMS,
  SOCIALS_PLATFORMS,
} from './platforms.ts';

/**
 * The Influencers Club API contract as zod schemas (api-ref#endpoints, api-ref#filters).
 *
 * Requests are strict: a value the API would refuse, or a key it would silently ignore (and still
 * charge for, api-ref#errors), is rejected before anything is sent. Request objects use the API's own
 * snake_case names and are sent as parsed.
 *
 * Responses are tolerant: unknown fields pass through, every documented field is optional, and
 * numbers that arrive as strings (`credits_left: "987.44"`, YouTube counts) become numbers. A value
 * of the wrong type reads as null rather than failing the whole answer.
 */

/** What a paid client method resolves to: the parsed answer and the credits it cost. */
export type Paid<T> = { data: T; creditsCost: number };

// ---------------------------------------------------------------------------------------------
// Tolerant response primitives

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number, or a string holding one (`"987.44"`, `"1,234"`), else null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const text = value.trim().replace(/,/g, '');
    if (text === '') return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A string (numbers are ids too: some platforms send numeric ids), else null. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return null;
}

const num = z.unknown().optional().transform(toNumber);
const text = z.unknown().optional().transform(toText);
const flag = z.unknown().optional().transform(toBoolean);
const anyRecord = z
  .unknown()
  .optional()
  .transform((v) => (isRecord(v) ? v : null));

/** A list of loose objects; a missing or non-list value reads as [], non-object items are dropped. */
function listOf<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .optional()
    .transform((v): unknown[] => (Array.isArray(v) ? v.filter(isRecord) : []))
    .pipe(z.array(item));
}

// ---------------------------------------------------------------------------------------------
// Request building blocks

const platformEnum = <const L extends readonly [string, ...string[]]>(values: L, what: string) =>
  z.enum(values, { error: `must be one of ${values.join(', ')} (${what})` });

/** A creator handle as the API takes it: username (no @), profile URL or YouTube channel id (api-ref#enrich-full). */
const handle = z
  .string()
  .trim()
  .min(1, 'handle is empty')
  .max(300, 'handle is too long')
  .regex(/^\S+$/, 'handle must not contain spaces');

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'not a valid email address' }));

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

export const locationsPlatformSchema = platformEnum(
  DISCOVERY_PLATFORMS,
  'locations exist for discovery platforms',
);

export const dictionaryQuerySchema = z
  .strictObject({
    search: z.string().trim().max(200).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .optional();
export type DictionaryQuery = z.infer<typeof dictionaryQuerySchema>;

export const socialsRequestSchema = z.strictObject({
  platform: platformEnum(SOCIALS_PLATFORMS, 'connected-socials platforms'),
  handle,
});
export type SocialsRequest = z.infer<typeof socialsRequestSchema>;

export const enrichFullRequestSchema = z.strictObject({
  platform: platformEnum(ENRICH_FULL_PLATFORMS, 'full-enrichment platforms'),
  handle,
  // `not_needed` is offered by n8n only; the MCP refuses it (api-ref#enrich-full)
  email_required: z.enum(['must_have', 'preferred']).optional(),
  include_lookalikes: z.boolean().optional(),
  include_audience_data: z.boolean().optional(),
});
export type EnrichFullRequest = z.infer<typeof enrichFullRequestSchema>;

export const enrichRawRequestSchema = z.strictObject({
  platform: platformEnum(ENRICH_RAW_PLATFORMS, 'raw-enrichment platforms'),
  handle,
});
export type EnrichRawRequest = z.infer<typeof enrichRawRequestSchema>;

export const emailBasicRequestSchema = z.strictObject({ email });
export type EmailBasicRequest = z.infer<typeof emailBasicRequestSchema>;

export const emailAdvancedRequestSchema = z.strictObject({
  email,
  // an array here; batch takes a single string (api-ref#email-advanced vs api-ref#batch-create)
  exclude_platforms: z.array(platformEnum(PLATFORMS, 'platforms')).optional(),
  min_followers: z.number().int().min(0).optional(),
});
export type EmailAdvancedRequest = z.infer<typeof emailAdvancedRequestSchema>;

/** Most posts per page each platform serves; Instagram always serves 12 and refuses other counts (api-ref#posts). */
const POSTS_MAX_COUNT = { instagram: 12, tiktok: 35, youtube: 50 } as const;

export const postsRequestSchema = z
  .strictObject({
    platform: platformEnum(POSTS_PLATFORMS, 'posts platforms'),
    handle,
    count: z.number().int().min(1).optional(),
    pagination_token: z.string().min(1).optional(),
  })
  .superRefine((req, ctx) => {
    if (req.count === undefined) return;
    if (req.platform === 'instagram' && req.count !== 12) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'Instagram always returns 12 posts: leave count out',
      });
    } else if (req.count > POSTS_MAX_COUNT[req.platform]) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: `at most ${POSTS_MAX_COUNT[req.platform]} on ${req.platform}`,
      });
    }
  });
export type PostsRequest = z.infer<typeof postsRequestSchema>;

export const postDetailsRequestSchema = z
  .strictObject({
    platform: platformEnum(POSTS_PLATFORMS, 'post-details platforms'),
    post_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((id) => !/^https?:|\//i.test(id), {
        message: 'post_id is the platform post id, not a URL (api-ref#post-details)',
      }),
    content_type: z.enum(['data', 'comments', 'transcript', 'audio']),
    pagination_token: z.string().min(1).optional(),
  })
  .superRefine((req, ctx) => {
    if (req.platform === 'youtube' && req.content_type === 'audio') {
      ctx.addIssue({ code: 'custom', path: ['content_type'], message: 'audio is not available for YouTube' });
    }
  });
export type PostDetailsRequest = z.infer<typeof postDetailsRequestSchema>;

/** Batch ids look like `bch_` + 32 hex (api-ref#batch-create); anything that could break out of the path is refused. */
export const batchIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a batch id');

export const MAX_BATCH_BYTES = 10 * 1024 * 1024;
export const MAX_BATCH_ROWS = 10_000;

export const batchCreateRequestSchema = z
  .strictObject({
    csv: z.union([z.string(), z.instanceof(Uint8Array)]),
    filename: z
      .string()
      .trim()
      .regex(/^[^/\\\r\n"]{1,200}$/, 'filename must be a plain file name')
      .optional(),
    enrichmentMode: z.enum(['raw', 'full', 'basic', 'advanced']),
    platform: platformEnum(BATCH_PLATFORMS, 'batch platforms').optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    emailRequired: z.enum(['must_have', 'preferred']).optional(),
    includeLookalikes: z.boolean().optional(),
    includeAudienceData: z.boolean().optional(),
    excludePlatforms: platformEnum(PLATFORMS, 'platforms').optional(),
    minFollowers: z.number().int().min(0).optional(),
  })
  .superRefine((req, ctx) => {
    const byHandle = req.enrichmentMode === 'raw' || req.enrichmentMode === 'full';
    if (byHandle && req.platform === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['platform'],
        message: `${req.enrichmentMode} mode needs a platform`,
      });
    }
    if (!byHandle && req.platform !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['platform'], message: 'email modes take no platform' });
    }
    const handleOnly = ['emailRequired', 'includeLookalikes', 'includeAudienceData'] as const;
    const emailOnly = ['excludePlatforms', 'minFollowers'] as const;
    for (const key of byHandle ? emailOnly : handleOnly) {
      if (req[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} does not apply to ${req.enrichmentMode} mode`,
        });
      }
    }
    // lookalikes and audience data are full-enrichment features (api-ref#batch-create)
    if (req.enrichmentMode === 'raw') {
      for (const key of ['includeLookalikes', 'includeAudienceData'] as const) {
        if (req[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} only applies to full mode` });
        }
      }
    }
    const csv = typeof req.csv === 'string' ? req.csv : new TextDecoder().decode(req.csv);
    const bytes = typeof req.csv === 'string' ? Buffer.byteLength(req.csv) : req.csv.byteLength;
    if (bytes > MAX_BATCH_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['csv'], message: 'the CSV is larger than 10 MB' });
      return;
    }
    const shape = csvShape(csv);
    const column = byHandle ? 'handle' : 'email';
    if (shape.header !== column) {
      ctx.addIssue({
        code: 'custom',
        path: ['csv'],
        message: `${req.enrichmentMode} mode needs a CSV with one column headed "${column}"`,
      });
    }
    if (shape.rows === 0) ctx.addIssue({ code: 'custom', path: ['csv'], message: 'the CSV has no rows' });
    if (shape.rows > MAX_BATCH_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['csv'],
        message: `the CSV has ${shape.rows} rows; at most ${MAX_BATCH_ROWS}`,
      });
    }
  });
export type BatchCreateRequest = z.infer<typeof batchCreateRequestSchema>;

/** Header and data-row count of a one-column CSV (blank lines ignored). */
export function csvShape(csv: string): { header: string; rows: number } {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').trim().replace(/^"|"$/g, '').trim().toLowerCase();
  return { header, rows: Math.max(0, lines.length - 1) };
}

// ---------------------------------------------------------------------------------------------
// Responses

/** `accounts[]` of discovery and similar (api-ref#discovery). */
export const discoveryAccountSchema = z.looseObject({
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
export type DiscoveryAccount = z.infer<typeof discoveryAccountSchema>;

export const discoveryResponseSchema = z.looseObject({
  total: num,
  limit: num,
  // a decimal string on discovery/similar (api-ref#responses)
  credits_left: num,
  credits_cost: num,
  accounts: listOf(discoveryAccountSchema),
});
export type DiscoveryResponse = z.infer<typeof discoveryResponseSchema>;

export const overlapUserSchema = z.looseObject({
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

/** Dictionaries are bare arrays (api-ref#dictionaries); a `{results|data|items: [...]}` wrapper is accepted too (api-ref#open-questions). */
function dictionaryList<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const list = Array.isArray(v)
        ? v
        : isRecord(v)
          ? [v.results, v.data, v.items].find((x) => Array.isArray(x))
          : undefined;
      if (!Array.isArray(list)) {
        ctx.addIssue({ code: 'custom', message: 'expected a list' });
        return z.NEVER;
      }
      return list as unknown[];
    })
    .pipe(z.array(item));
}

export const languageSchema = z.looseObject({ language: text, abbreviation: text });
export type Language = z.infer<typeof languageSchema>;
export const languagesResponseSchema = dictionaryList(
  languageSchema.or(z.string().transform((s) => ({ language: s, abbreviation: s }))),
);

/** Locations are plain strings (api-ref#dictionaries); objects with a name are read too. */
export const locationsResponseSchema = dictionaryList(z.unknown()).transform((items) =>
  items
    .map((item) =>
      typeof item === 'string'
        ? item
        : isRecord(item)
          ? (toText(item.name) ?? toText(item.location) ?? toText(item.value))
          : null,
    )
    .filter((s): s is string => s !== null && s !== ''),
);

export const dictionaryEntrySchema = z.looseObject({ full_name: text, cleaned: text, username: text });
export type DictionaryEntry = z.infer<typeof dictionaryEntrySchema>;
export const dictionaryResponseSchema = dictionaryList(
  dictionaryEntrySchema.or(z.string().transform((s) => ({ full_name: s, cleaned: s, username: s }))),
);

export const youtubeTopicSchema = z.looseObject({
  topic_details: z.unknown().optional(),
  sub_topic_details: z.unknown().optional(),
});
export type YoutubeTopic = z.infer<typeof youtubeTopicSchema>;
export const youtubeTopicsResponseSchema = dictionaryList(youtubeTopicSchema);

/** Item shape undocumented (api-ref#dictionaries): kept as sent; strings become `{ name }`. */
export const gameSchema = z.looseObject({ name: text });
export type Game = z.infer<typeof gameSchema>;
export const gamesResponseSchema = dictionaryList(gameSchema.or(z.string().transform((s) => ({ name: s }))));

/** `result[]` of connected socials (api-ref#socials). */
export const socialAccountSchema = z.looseObject({
  platform: text,
  user_id: text,
  url: text,
  username: text,
  fullname: text,
  picture: text,
  followers: num,
});
export type SocialAccount = z.infer<typeof socialAccountSchema>;

export const socialsResponseSchema = z.looseObject({
  credits_cost: num,
  response_meta: anyRecord,
  result: listOf(socialAccountSchema),
});
export type SocialsResponse = z.infer<typeof socialsResponseSchema>;

/** A per-platform block of an enrichment `result` (api-ref#enrich-full, api-ref#full-enrichment-blocks); read it with `toCreatorProfile`. */
export const platformBlockSchema = z.looseObject({ exists: flag });
export type PlatformBlock = z.infer<typeof platformBlockSchema>;

/** Creator-level keys of an enrichment `result` plus one block per platform found (api-ref#enrich-full). */
export const enrichmentResultSchema = z.looseObject({
  email: text,
  email_type: text,
  first_name: text,
  gender: text,
  location: text,
  speaking_language: text,
  instagram: platformBlockSchema.optional(),
  youtube: platformBlockSchema.optional(),
  tiktok: platformBlockSchema.optional(),
  twitter: platformBlockSchema.optional(),
  twitch: platformBlockSchema.optional(),
  onlyfans: platformBlockSchema.optional(),
  snapchat: platformBlockSchema.optional(),
  discord: platformBlockSchema.optional(),
  pinterest: platformBlockSchema.optional(),
  facebook: platformBlockSchema.optional(),
  linkedin: platformBlockSchema.optional(),
});
export type EnrichmentResult = z.infer<typeof enrichmentResultSchema>;

export const enrichResponseSchema = z.looseObject({
  credits_cost: num,
  trial_searches_left: num,
  result: enrichmentResultSchema.nullable().optional(),
});
export type EnrichFullResponse = z.infer<typeof enrichResponseSchema>;
export type EnrichRawResponse = z.infer<typeof enrichResponseSchema>;

/** Email basic: the strongest platform found for the address (api-ref#email-basic). Note `userId` in camelCase. */
export const emailBasicResultSchema = z.looseObject({
  platform: text,
  userId: text,
  url: text,
  username: text,
  fullname: text,
  picture: text,
  followers: num,
});
export const emailBasicResponseSchema = z.looseObject({
  credits_cost: num,
  result: emailBasicResultSchema.nullable().optional(),
});
export type EmailBasicResponse = z.infer<typeof emailBasicResponseSchema>;

/** Email advanced: undocumented shape, most likely the full-enrichment envelope (api-ref#email-advanced). */
export const emailAdvancedResponseSchema = z.looseObject({
  credits_cost: num,
  result: z.unknown().optional(),
});
export type EmailAdvancedResponse = z.infer<typeof emailAdvancedResponseSchema>;

export const batchCreatedSchema = z.looseObject({
  batch_id: z.string().min(1),
  status: text,
  created_at: text,
  platform: text,
  metadata: anyRecord,
  og_input_number: num,
  type_report: text,
  enrichment_mode: text,
  message: text,
});
export type BatchCreated = z.infer<typeof batchCreatedSchema>;

/** Documented values (api-ref#batch-status, api-ref#discrepancies); others pass through as strings. */
export type BatchStatusValue =
  | 'queued'
  | 'validating'
  | 'processing'
  | 'finished'
  | 'failed'
  | 'paused_insufficient_credits'
  | (string & {});

export const batchStatusSchema = z.looseObject({
  batch_id: z.string().min(1),
  status: z
    .string()
    .min(1)
    .transform((s) => s as BatchStatusValue),
  total_rows: num,
  processed_rows: num,
  success_count: num,
  failed_count: num,
  started_at: text,
  metadata: anyRecord,
  // a string such as "310.00" (api-ref#batch-status)
  credits_used: num,
  estimated_completion: text,
  status_message: text,
});
export type BatchStatus = z.infer<typeof batchStatusSchema>;

/** Resume answers are undocumented (api-ref#batch-resume): the status fields when present, nothing required. */
export const resumeResponseSchema = z.looseObject({
  batch_id: text,
  status: text,
  total_rows: num,
  processed_rows: num,
  credits_used: num,
  message: text,
  status_message: text,
});
export type ResumeResponse = z.infer<typeof resumeResponseSchema>;

/** One row of `?format=json` batch results (api-ref#batch-results); `result` is accepted for `enrichment_data`. */
export const batchResultRowSchema = z.looseObject({ input_value: text, status: text }).transform((row) => {
  const data = 'enrichment_data' in row ? row.enrichment_data : row.result;
  return { ...row, enrichment_data: isRecord(data) ? data : null };
});
export type BatchResultRow = z.infer<typeof batchResultRowSchema>;

export const batchDownloadSchema = z.looseObject({
  download_url: z.url({ protocol: /^https?$/ }),
  filename: text,
  expires_in: num,
  expires_at: text,
  batch_id: text,
  total_results: num,
  invalid_records: num,
});
export type BatchDownload = z.infer<typeof batchDownloadSchema>;

/** A creator post (api-ref#posts): `pk` is the id post details take; counts are nested in `engagement`. */
export const postItemSchema = z.looseObject({
  pk: text,
  taken_at: num,
  url: text,
  media_url: text,
  caption: text,
  media_type: num,
  user: anyRecord,
  engagement: z.looseObject({ likes: num, comments: num, views: num }).optional(),
});
export type PostItem = z.infer<typeof postItemSchema>;

export const postsResponseSchema = z.looseObject({
  credits_cost: num,
  result: z
    .looseObject({
      num_results: num,
      more_available: flag,
      next_token: text,
      status: text,
      items: listOf(postItemSchema),
    })
    .nullable()
    .optional(),
});
export type PostsResponse = z.infer<typeof postsResponseSchema>;

/** `result` depends on platform and content type; no field-level schema is known (api-ref#post-details). */
export const postDetailsResponseSchema = z.looseObject({
  credits_cost: num,
  result: z.unknown().optional(),
});
export type PostDetailsResponse = z.infer<typeof postDetailsResponseSchema>;

export const creditsResponseSchema = z.looseObject({
  credits_available: z.unknown().transform((v, ctx) => {
    const n = toNumber(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: 'credits_available is not a number' });
      return z.NEVER;
    }
    return n;
  }),
  credits_used: num,
});
