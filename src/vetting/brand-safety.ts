import type { BudgetGuard } from '../budget/guard.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import { IcError } from '../ic/errors.ts';
import type { PostsPlatform } from '../ic/platforms.ts';
import { roundCredits } from '../ic/prices.ts';
import type { PostItem } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { textOf } from './post-text.ts';

/**
 * The paid part of a brand-safety check: one posts page (api-ref#posts) and the details of the N
 * most recent posts (api-ref#post-details: the transcript of a video, the comments otherwise; the
 * caption comes with the page). The whole estimate is reserved on the workspace budget first, then
 * settled to what the answers say they cost. What was read is cached like a lookup, so a second
 * check of the same creator within the TTL costs nothing; matching against the workspace's lists
 * happens afterwards, per workspace, for free.
 */

export const CHECK_SIZES = [5, 10, 20] as const;
export type CheckSize = (typeof CHECK_SIZES)[number];

export interface CheckedPost {
  id: string;
  url: string | null;
  takenAt: number | null;
  caption: string;
  /** Transcript or comments text; empty when the details could not be read. */
  details: string;
  detailsKind: 'transcript' | 'comments';
  detailsFailed: boolean;
}

export interface CheckRead {
  posts: CheckedPost[];
  /** Credits the reading cost when it was done. */
  creditsCost: number;
  at: number;
}

export interface CheckResult extends CheckRead {
  /** Set when this check was served from the cache (nothing spent now). */
  fromCache: { at: number } | null;
  /** Credits spent by this check (0 from the cache). */
  spent: number;
}

export interface CheckDeps {
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  store: Store;
  clock: () => number;
  ttlMs: number;
}

/** The most a check can cost: one posts page and N post details. */
export function checkEstimate(prices: { posts: number; post_details: number }, n: number): number {
  return roundCredits(prices.posts + n * prices.post_details);
}

const cacheKey = (platform: string, handle: string, n: number) =>
  `brandsafety:v1:${platform}:${handle.toLowerCase()}:${n}`;
const inFlight = new Map<string, Promise<CheckResult>>();

export async function peekCheck(store: Store, platform: string, handle: string, n: number, now: number) {
  const entry = (await store.kv.get(cacheKey(platform, handle, n))) as
    | (CheckRead & { expiresAt: number })
    | undefined;
  return entry && entry.expiresAt > now ? entry : undefined;
}

/** Reads (or reuses) the creator's N most recent posts and their details, under the budget. */
export async function readRecentPosts(
  deps: CheckDeps,
  who: { team: string; user: string },
  target: { platform: PostsPlatform; handle: string },
  n: CheckSize,
): Promise<CheckResult> {
  const key = cacheKey(target.platform, target.handle, n);
  const cached = await peekCheck(deps.store, target.platform, target.handle, n, deps.clock());
  if (cached) return { ...cached, fromCache: { at: cached.at }, spent: 0 };
  const running = inFlight.get(key);
  if (running) return { ...(await running), spent: 0 };
  const work = spendAndRead(deps, who, target, n).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  const result = await work;
  const at = deps.clock();
  const entry = { posts: result.posts, creditsCost: result.creditsCost, at, expiresAt: at + deps.ttlMs };
  await deps.store.kv.set(key, entry, deps.ttlMs).catch(() => false);
  return result;
}

async function spendAndRead(
  deps: CheckDeps,
  who: { team: string; user: string },
  target: { platform: PostsPlatform; handle: string },
  n: CheckSize,
): Promise<CheckResult> {
  const estimate = checkEstimate(deps.guard.prices, n);
  const reservation = await deps.guard.reserve(who.team, estimate);
  let spent = 0;
  const entry = {
    user: who.user,
    feature: 'brand_safety' as const,
    operation: 'post_details' as const,
    summary: `brand safety of @${target.handle} on ${target.platform} (${n} posts)`,
  };
  try {
    const page = await deps.ic.creatorPosts({
      platform: target.platform,
      handle: target.handle,
      ...(target.platform === 'instagram' ? {} : { count: Math.max(n, 1) }),
    });
    spent += page.creditsCost;
    const items = (page.data.result?.items ?? []).slice(0, n);
    const posts: CheckedPost[] = [];
    for (const item of items) {
      const read = await readPost(deps.ic, target.platform, item);
      spent += read.cost;
      posts.push(read.post);
    }
    spent = roundCredits(spent);
    return { posts, creditsCost: spent, at: deps.clock(), fromCache: null, spent };
  } catch (error) {
    // a failure that may have been billed counts at the estimate left (never under-count)
    const uncertain = !(error instanceof IcError) || error.mayHaveCharged;
    spent = uncertain ? estimate : spent;
    throw error;
  } finally {
    await deps.guard.settle(reservation, Math.min(roundCredits(spent), estimate), entry).catch(() => false);
  }
}

function isVideo(platform: PostsPlatform, item: PostItem): boolean {
  return platform !== 'instagram' || item.media_type === 2;
}

async function readPost(
  ic: InfluencersClubClient,
  platform: PostsPlatform,
  item: PostItem,
): Promise<{ post: CheckedPost; cost: number }> {
  const kind = isVideo(platform, item) ? 'transcript' : 'comments';
  const post: CheckedPost = {
    id: item.pk ?? '',
    url: item.url,
    takenAt: item.taken_at === null ? null : item.taken_at * 1000,
    caption: item.caption ?? '',
    details: '',
    detailsKind: kind,
    detailsFailed: false,
  };
  if (!item.pk) return { post: { ...post, detailsFailed: true }, cost: 0 };
  try {
    const details = await ic.postDetails({ platform, post_id: item.pk, content_type: kind });
    return { post: { ...post, details: textOf(details.data.result) }, cost: details.creditsCost };
  } catch (error) {
    // one unreadable post does not spoil the check; a call that may have been billed is counted
    const maybe = !(error instanceof IcError) || error.mayHaveCharged;
    return { post: { ...post, detailsFailed: true }, cost: maybe ? ic.prices.post_details : 0 };
  }
}
