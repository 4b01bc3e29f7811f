import { type core, z } from 'zod';
import {
  ALL_PLATFORMS,
  CONTENT_PLATFORMS,
  DISCOVERY_PLATFORMS,
  FULL_PLATFORMS,
  GROWTH_SORT_PLATFORMS,
  OVERLAP_PLATFORMS,
  RAW_PLATFORMS,
  SIMILAR_PLATFORMS,
} from './platforms.ts';
import type { FieldError } from './replies.ts';

/**
 * Request bodies the double accepts, with the validation rules of api-ref#endpoints and api-ref#api-double. Unknown keys pass
 * (the API ignores unknown filter keys, api-ref#errors); known keys with bad values answer 422.
 */

/** DRF's message for an invalid choice. */
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined ? undefined : `"${String(issue.input)}" is not a valid choice.`,
  });
}

const handle = z.string().trim().min(1, 'This field may not be blank.');

const range = z
  .object({ min: z.number().nullish(), max: z.number().nullish() })
  .refine(
    (value) => value.min == null || value.max == null || value.min <= value.max,
    'min must not exceed max.',
  );

export const RESULT_WINDOW = 10_000;

const paging = z
  .object({
    limit: z
      .number()
      .int('Must be a whole number.')
      .min(1, 'Must be at least 1.')
      .max(50, 'Must be at most 50.'),
    // 0-based, as the official MCP and n8n clients send it (api-ref#pagination, api-ref#open-questions q1).
    page: z.number().int('Must be a whole number.').min(0, 'Must be 0 or more (pages are 0-based).'),
  })
  .refine((value) => (value.page + 1) * value.limit <= RESULT_WINDOW, {
    message: `Results beyond the first ${RESULT_WINDOW} are not available.`,
  });

const filters = z.looseObject({
  ai_search: z
    .string()
    .min(3, 'Ensure this field has at least 3 characters.')
    .max(150, 'Ensure this field has no more than 150 characters.')
    .optional(),
  location: z.array(z.string()).optional(),
  profile_language: z.array(z.string()).optional(),
  gender: z
    .enum(['any', 'male', 'female'], {
      error: (issue) =>
        issue.input === undefined
          ? undefined
          : `Invalid gender, "${String(issue.input)}" is not one of any, male, female.`,
    })
    .optional(),
  is_verified: z.boolean().optional(),
  engagement_percent: range.optional(),
  number_of_followers: range.optional(),
  number_of_subscribers: range.optional(),
  followers: range.optional(),
  exclude_handles: z.array(z.string()).max(10_000).optional(),
});

export const SORT_BY = ['relevancy', 'engagement_rate', 'number_of_followers', 'growth_rate'] as const;

export const discoveryRequest = z
  .object({
    platform: choice(DISCOVERY_PLATFORMS),
    paging,
    sort: z
      .object({ sort_by: choice(SORT_BY).optional(), sort_order: choice(['asc', 'desc']).optional() })
      .nullish(),
    filters: filters.nullish(),
  })
  .superRefine((body, ctx) => {
    const sortBy = body.sort?.sort_by ?? 'relevancy';
    const sortOrder = body.sort?.sort_order ?? 'desc';
    // Rules the MCP validates client-side, mirroring the API (api-ref#discovery).
    if (sortBy === 'relevancy' && sortOrder !== 'desc') {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_order'],
        message: 'relevancy sort only supports desc.',
      });
    }
    if (sortBy === 'growth_rate' && !GROWTH_SORT_PLATFORMS.includes(body.platform)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_by'],
        message: `growth_rate is not available for ${body.platform}.`,
      });
    }
    if (sortBy === 'number_of_followers' && body.platform === 'onlyfans') {
      ctx.addIssue({
        code: 'custom',
        path: ['sort', 'sort_by'],
        message: 'number_of_followers is not available for onlyfans.',
      });
    }
  });

export const similarRequest = z.object({
  platform: choice(SIMILAR_PLATFORMS),
  filter_key: choice(['url', 'username', 'id']),
  filter_value: z
    .string()
    .trim()
    .min(1, 'This field may not be blank.')
    .max(200, 'Ensure this field has no more than 200 characters.'),
  paging,
  filters: filters.nullish(),
});

export const overlapRequest = z.object({
  platform: choice(OVERLAP_PLATFORMS),
  creators: z
    .array(handle)
    .min(2, 'Provide between 2 and 10 creators.')
    .max(10, 'Provide between 2 and 10 creators.'),
});

export const socialsRequest = z.object({ platform: choice(ALL_PLATFORMS), handle });

export const fullRequest = z.object({
  handle,
  platform: choice(FULL_PLATFORMS),
  email_required: choice(['must_have', 'preferred']).optional(),
  include_lookalikes: z.boolean().optional(),
  include_audience_data: z.boolean().optional(),
});

export const rawRequest = z.object({ handle, platform: choice(RAW_PLATFORMS) });

const email = z
  .string()
  .trim()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a valid email address.');

export const emailBasicRequest = z.object({ email });

export const emailAdvancedRequest = z.object({
  email,
  exclude_platforms: z.array(choice(ALL_PLATFORMS)).optional(),
  min_followers: z.number().int().min(0).optional(),
});

export const postsRequest = z
  .object({
    platform: choice(CONTENT_PLATFORMS),
    handle,
    count: z.number().int('Must be a whole number.').optional(),
    pagination_token: z.string().nullish(),
  })
  .superRefine((body, ctx) => {
    if (body.count === undefined) return;
    // Instagram pages are fixed at 12; other values are rejected (api-ref#posts, [3P] S7).
    if (body.platform === 'instagram' && body.count !== 12) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'Instagram returns 12 posts per page; count must be 12.',
      });
    }
    const max = body.platform === 'tiktok' ? 35 : 50;
    if (body.platform !== 'instagram' && (body.count < 1 || body.count > max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: `count must be between 1 and ${max} for ${body.platform}.`,
      });
    }
  });

export const postDetailsRequest = z
  .object({
    platform: choice(CONTENT_PLATFORMS),
    post_id: z
      .string()
      .trim()
      .min(1, 'This field may not be blank.')
      .refine((value) => !value.includes('://'), 'Send the platform post id, not a URL.'),
    content_type: choice(['data', 'comments', 'transcript', 'audio']),
    pagination_token: z.string().nullish(),
  })
  .superRefine((body, ctx) => {
    if (body.platform === 'youtube' && body.content_type === 'audio') {
      ctx.addIssue({
        code: 'custom',
        path: ['content_type'],
        message: 'audio is not available for youtube.',
      });
    }
  });

/** Missing fields read "This field is required." as in DRF; everything else keeps its message. */
function requiredMessage(issue: core.$ZodRawIssue): string | undefined {
  return issue.input === undefined && issue.code !== 'custom' ? 'This field is required.' : undefined;
}

/**
 * Field names are dotted paths, except that `filters.` is dropped: the one observed error names
 * the filter alone (`"field": "gender"`, api-ref#errors).
 */
function fieldName(path: readonly PropertyKey[]): string {
  const names = path.filter((segment): segment is string => typeof segment === 'string');
  if (names[0] === 'filters' && names.length > 1) names.shift();
  return names.length === 0 ? 'non_field_errors' : names.join('.');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseRequest<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  const result = schema.safeParse(body ?? {}, { error: requiredMessage });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ field: fieldName(issue.path), error: issue.message })),
  };
}
