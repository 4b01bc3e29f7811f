import { z } from 'zod';
import { POSTS_PLATFORMS } from '../platforms.ts';
import { anyRecord, flag, handle, listOf, num, platformEnum, text } from './common.ts';

/** Creator posts and post details (api-ref#posts, api-ref#post-details). */

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

// Responses

/** A creator post (api-ref#posts): `pk` is the id post details take; counts are nested in `engagement`. */
const postItemSchema = z.looseObject({
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
