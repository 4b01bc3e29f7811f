import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import type { CachedSpendRequest, LookupResult } from '../../src/budget/lookup-cache.ts';
import { normalizeHandle, parseCreatorRef } from '../../src/creator-ref.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../src/ic/platforms.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { type Requester, withShare } from '../../src/slack/respond.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import type { ButtonPrices, Provenance, RefreshOffer } from '../../views/creator.ts';

/**
 * The lookup-card flow that /creator (handle, email and posts answers), /socials, /similar and
 * /overlap share: a paid lookup through `deps.lookups` (cache + single-flight + budget), an
 * optional Refresh that spends again on a cached answer, the card, and "Share in channel". The Slack side ("Looking up…", one
 * failure message, refusing a payload without a workspace) is `answerCommandFor`/`answerActionFor`
 * in src/slack/respond.ts.
 */

export type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type Target = { platform: Platform; handle: string };

export const HOUR_MS = 60 * 60 * 1000;

export function ephemeral(message: SlackMessage): RespondArguments {
  return {
    response_type: 'ephemeral',
    text: message.text,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
  };
}

export function subjectOf(target: Target): string {
  return `@${target.handle} on ${PLATFORM_NAMES[target.platform]}`;
}

export function buttonPrices(deps: ScoutDeps): ButtonPrices {
  const p = deps.guard.prices;
  return { enrichFull: p.enrich_full, socials: p.socials, posts: p.posts };
}

export function provenanceOf(deps: ScoutDeps, result: LookupResult<unknown>, what: string): Provenance {
  return {
    credits: result.creditsCost,
    what,
    fromCache: result.fromCache,
    shared: result.shared,
    now: deps.clock(),
  };
}

/**
 * Runs a cacheable paid lookup. With `refreshedFrom` (the cache time of the answer whose Refresh was
 * clicked) it spends again — unless the cache already holds a newer copy (a second click, or someone
 * else refreshed meanwhile): that copy is shown for free.
 */
export async function runLookup<T>(
  deps: ScoutDeps,
  request: CachedSpendRequest<T>,
  refreshedFrom?: number,
): Promise<LookupResult<T>> {
  if (refreshedFrom === undefined) return deps.lookups.run(request);
  const cached = await deps.lookups.peek<T>(request.cacheKey);
  if (cached && cached.at > refreshedFrom) {
    return { data: cached.data, creditsCost: 0, estimate: 0, fromCache: { at: cached.at }, shared: false };
  }
  return deps.lookups.run({ ...request, refresh: true });
}

export interface CardLookup<T> {
  /** The paid call with its cache key and ledger summary; team and user come from the requester. */
  request: Omit<CachedSpendRequest<T>, 'team' | 'user'>;
  /** The cache time of the answer whose Refresh was clicked, when this is a refresh. */
  refreshedFrom?: number | undefined;
  /** The Refresh button a cached answer gets: `value(at)` names the answer's cache time. None: no Refresh. */
  refresh?: { actionId: string; value: (at: number) => string; cost: number; subject: string };
  render(result: LookupResult<T>, refresh: RefreshOffer | null): SlackMessage | Promise<SlackMessage>;
}

/** Lookup → card (with Refresh when it came from the cache) → "Share in channel". */
export async function lookupCard<T>(
  deps: ScoutDeps,
  who: Requester,
  lookup: CardLookup<T>,
): Promise<SlackMessage> {
  const result = await runLookup(deps, { ...lookup.request, ...who }, lookup.refreshedFrom);
  const offer = lookup.refresh;
  const refresh = offer && result.fromCache ? { ...offer, value: offer.value(result.fromCache.at) } : null;
  return withShare(deps.store, await lookup.render(result, refresh));
}

// ---------------------------------------------------------------------------------------------
// Button values

/** `{"platform","handle"}`: the value of creator_open, socials_open, similar_open, creator_posts. */
const buttonTargetSchema = z.object({
  platform: z.enum(PLATFORMS),
  handle: z.string().trim().min(1).max(300),
});

/**
 * The creator a button names, in canonical form so it shares cache keys with typed lookups. Other
 * features fill these values from API answers, so a handle our own patterns reject is still used
 * as long as the API could take it (no spaces).
 */
export function buttonTarget(value: string | undefined): Target | null {
  const parsed = readJsonField(buttonTargetSchema, value);
  if (!parsed) return null;
  const { platform, handle } = parsed;
  const ref = parseCreatorRef(handle, platform);
  if (ref.kind === 'handle') return { platform: ref.platform, handle: ref.handle };
  return /^\S+$/.test(handle) ? { platform, handle: normalizeHandle(platform, handle) } : null;
}

/** The value of `creator_refresh`: a handle card (h), an email answer (e) or a posts page (p). */
export const refreshSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('h'), p: z.enum(PLATFORMS), h: z.string().min(1).max(300), at: z.number() }),
  z.object({ k: z.literal('e'), e: z.string().min(3).max(320), adv: z.boolean(), at: z.number() }),
  z.object({ k: z.literal('p'), c: z.string().min(1).max(100), at: z.number() }),
]);
export type RefreshValue = z.infer<typeof refreshSchema>;
