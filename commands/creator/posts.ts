import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cacheKeyFor } from '../../src/budget/lookup-cache.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { PLATFORM_NAMES, POSTS_PLATFORMS, type PostsPlatform, supports } from '../../src/ic/platforms.ts';
import type { PostItem, PostsRequest } from '../../src/ic/schemas.ts';
import { answerActionFor, type Requester } from '../../src/slack/respond.ts';
import { truncate } from '../../src/text.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { CREATOR_ACTION, staleButton } from '../../views/creator.ts';
import { type PostSummary, postsPage } from '../../views/posts.ts';
import {
  type ActionArgs,
  buttonTarget,
  HOUR_MS,
  lookupCard,
  provenanceOf,
  type RefreshValue,
  subjectOf,
} from './card-flow.ts';

/**
 * "Recent posts" on a creator card (api-ref#posts) and "More" on each page. A page's cursor is kept
 * in the store and the button holds its short id; pages are cached like any list.
 */

const CACHE_NAME = 'creator_posts_v1';
/** A posts cursor outlives the list cache a little: "More" still works on a page just shown. */
const MIN_CURSOR_TTL_MS = HOUR_MS;

/** Where one page of posts starts. */
export interface PostsCursor {
  platform: PostsPlatform;
  handle: string;
  /** The API's `next_token` that leads here; null for the first page. */
  token: string | null;
  /** 1-based. */
  page: number;
}

const cursorSchema = z.object({
  platform: z.enum(POSTS_PLATFORMS),
  handle: z.string().min(1),
  token: z.string().min(1).nullable(),
  page: z.number().int().min(1),
});

export interface PostsAnswer {
  posts: PostSummary[];
  /** Null on the last page. */
  nextToken: string | null;
}

const POSTS_ONLY = `:information_source: Recent posts are available for ${POSTS_PLATFORMS.map((p) => PLATFORM_NAMES[p]).join(', ')} only. Nothing was charged.`;
export const CURSOR_GONE =
  ':hourglass: These posts are too old to page through. Click "Recent posts" on the creator card again. Nothing was charged.';

function cursorKey(id: string): string {
  return `creator:posts-cursor:${id}`;
}

/** Stores a cursor under a short id derived from it, so the same page always gets the same id. */
export async function saveCursor(deps: ScoutDeps, cursor: PostsCursor): Promise<string> {
  const id = createHash('sha256')
    .update(`${cursor.platform}\n${cursor.handle}\n${cursor.token ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
  const ttl = Math.max(MIN_CURSOR_TTL_MS, deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS);
  await deps.store.kv.set(cursorKey(id), cursor, ttl);
  return id;
}

export async function loadCursor(deps: ScoutDeps, id: string | undefined): Promise<PostsCursor | null> {
  if (!id || !/^[A-Za-z0-9_-]{1,100}$/.test(id)) return null;
  const parsed = cursorSchema.safeParse(await deps.store.kv.get(cursorKey(id)));
  return parsed.success ? parsed.data : null;
}

function toPostSummary(item: PostItem): PostSummary {
  const taken = item.taken_at;
  return {
    id: item.pk,
    // Epoch seconds per api-ref#posts; milliseconds are tolerated.
    takenAt: taken === null ? null : taken > 1e12 ? Math.round(taken / 1000) : taken,
    url: item.url,
    caption: item.caption === null ? null : truncate(item.caption, 500),
    likes: item.engagement?.likes ?? null,
    comments: item.engagement?.comments ?? null,
    views: item.engagement?.views ?? null,
  };
}

function postsRequest(deps: ScoutDeps, cursor: PostsCursor) {
  // No `count`: Instagram refuses anything but its fixed 12, the others default to 30 (api-ref#posts).
  const request: PostsRequest = {
    platform: cursor.platform,
    handle: cursor.handle,
    ...(cursor.token ? { pagination_token: cursor.token } : {}),
  };
  const { platform, handle, token } = cursor;
  return {
    feature: 'posts' as const,
    operation: 'posts' as const,
    params: request,
    summary: `${subjectOf(cursor)} (recent posts, page ${cursor.page})`,
    cacheKey: cacheKeyFor(CACHE_NAME, { platform, handle, token }),
    ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
    call: async () => {
      const { data, creditsCost } = await deps.ic.creatorPosts(request);
      const page = data.result;
      // Stop when more_available is false or next_token is null (api-ref#posts).
      const next = page?.more_available !== false && page?.next_token ? page.next_token : null;
      const answer: PostsAnswer = { posts: (page?.items ?? []).map(toPostSummary), nextToken: next };
      return { data: answer, creditsCost };
    },
  };
}

/** One page, with "More" (a saved cursor for the next page) while the API says there is more. */
export function postsMessage(
  deps: ScoutDeps,
  who: Requester,
  cursorId: string,
  cursor: PostsCursor,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  return lookupCard(deps, who, {
    request: postsRequest(deps, cursor),
    refreshedFrom,
    refresh: {
      actionId: CREATOR_ACTION.refresh,
      value: (at) => JSON.stringify({ k: 'p', c: cursorId, at } satisfies RefreshValue),
      cost: deps.guard.prices.posts,
      subject: `the recent posts of ${subjectOf(cursor)}`,
    },
    render: async (result, refresh) => {
      const next = result.data.nextToken;
      const following = { ...cursor, token: next, page: cursor.page + 1 };
      return postsPage({
        platform: cursor.platform,
        handle: cursor.handle,
        page: cursor.page,
        posts: result.data.posts,
        moreValue: next ? await saveCursor(deps, following) : null,
        provenance: provenanceOf(deps, result, `recent posts, page ${cursor.page}`),
        refresh,
        pageCost: deps.guard.prices.posts,
      });
    },
  });
}

/** The page a saved cursor names, or "too old" when the cursor has expired. */
export async function postsAt(
  deps: ScoutDeps,
  who: Requester,
  cursorId: string | undefined,
  refreshedFrom?: number,
) {
  const cursor = await loadCursor(deps, cursorId);
  return cursor
    ? postsMessage(deps, who, cursorId ?? '', cursor, refreshedFrom)
    : { text: CURSOR_GONE, blocks: [] };
}

/** `creator_posts`: the first page of a creator's recent posts, as a new message under the card. */
export function recentPostsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const target = buttonTarget(action.value);
    await answerActionFor(body, {
      ack,
      respond,
      log: deps.log,
      replace: false,
      what: target ? `the recent posts of ${subjectOf(target)}` : 'recent posts',
      work: async (who) => {
        if (!target) return staleButton('/creator');
        if (!supports(POSTS_PLATFORMS, target.platform)) return { text: POSTS_ONLY, blocks: [] };
        const cursor: PostsCursor = {
          platform: target.platform,
          handle: target.handle,
          token: null,
          page: 1,
        };
        return postsMessage(deps, who, await saveCursor(deps, cursor), cursor);
      },
    });
  };
}

/** `creator_posts_more`: the next page, in place of the one shown. */
export function morePostsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    await answerActionFor(body, {
      ack,
      respond,
      log: deps.log,
      replace: true,
      what: 'the next page of posts',
      work: (who) => postsAt(deps, who, action.value),
    });
  };
}
