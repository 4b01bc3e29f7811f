import {
  AccountCreditsError,
  BudgetExceededError,
  type BudgetGuard,
  type BudgetStatus,
} from '../budget/guard.ts';
import { workspaceKeys } from '../budget/keys.ts';
import { cacheKeyFor, type LookupResult, type PaidLookups } from '../budget/lookup-cache.ts';
import { creatorCardCacheKey } from '../creator-card-key.ts';
import type { InfluencersClubClient } from '../ic/client.ts';
import { PLATFORM_NAMES } from '../ic/platforms.ts';
import { type CreatorProfile, toCreatorProfile } from '../ic/profile.ts';
import type { Store } from '../store/types.ts';
import { engagementFromPosts } from './engagement.ts';
import type { ProfileTarget } from './links.ts';
import type { UnfurlSettings } from './settings.ts';

/**
 * What a pasted profile link unfurls into, and what it may spend. Every paid call is one raw
 * enrichment (api-ref#enrich-raw) through `PaidLookups`: cached per creator for the enrichment TTL
 * and single-flight across processes, so the composer preview, the posted message and Slack's
 * retries of `link_shared` cost one call at most. A creator already on a /creator card (full
 * enrichment) is unfurled from that cache for free.
 */

export interface UnfurlDeps {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  lookups: PaidLookups;
  clock: () => number;
  /** CACHE_TTL_ENRICHMENT_HOURS in ms. */
  ttlMs: number;
}

export interface Who {
  team: string;
  user: string;
}

/** The compact shape kept in the cache (the raw answer can be large). */
export interface UnfurlProfile {
  profile: CreatorProfile;
  /** True when the engagement was estimated from recent posts (raw has no engagement rate). */
  engagementEstimated?: boolean;
}

export type UnfurlOutcome =
  | {
      kind: 'card';
      profile: CreatorProfile;
      engagementEstimated: boolean;
      /** Credits this unfurl spent (0 from the cache or when another request paid). */
      credits: number;
      fromCache: { at: number } | null;
      shared: boolean;
    }
  | {
      kind: 'offer';
      /** Why it was not looked up for free: the workspace's mode, today's cap, or the budget. */
      reason: 'cache_only' | 'daily_cap' | 'budget' | 'account';
      dailyCap: number;
      estimate: number;
      budget: BudgetStatus | null;
    }
  | { kind: 'none' };

/** Bump when UnfurlProfile changes shape. */
const RAW_CACHE_NAME = 'unfurl_raw_v1';

function rawRequest(target: ProfileTarget) {
  return { platform: target.platform, handle: target.handle };
}

export function subjectOf(target: ProfileTarget): string {
  return `@${target.handle} on ${PLATFORM_NAMES[target.platform]}`;
}

/** A creator already looked up (raw unfurl or full /creator card): free. */
export async function cachedProfile(
  deps: Pick<UnfurlDeps, 'lookups'>,
  target: ProfileTarget,
): Promise<{ profile: CreatorProfile; at: number; engagementEstimated: boolean } | null> {
  const keys = [
    // the /creator card's cache: a card already paid for unfurls free
    creatorCardCacheKey(target),
    cacheKeyFor(RAW_CACHE_NAME, rawRequest(target)),
  ];
  for (const key of keys) {
    const entry = await deps.lookups.peek<{ profile?: CreatorProfile; engagementEstimated?: boolean }>(key);
    if (entry?.data?.profile) {
      return {
        profile: entry.data.profile,
        at: entry.at,
        engagementEstimated: entry.data.engagementEstimated === true,
      };
    }
  }
  return null;
}

/** The card outcome of a raw lookup's result. */
export function cardOutcome(result: LookupResult<UnfurlProfile>): Extract<UnfurlOutcome, { kind: 'card' }> {
  return {
    kind: 'card',
    profile: result.data.profile,
    engagementEstimated: result.data.engagementEstimated === true,
    credits: result.creditsCost,
    fromCache: result.fromCache,
    shared: result.shared,
  };
}

/** One raw enrichment through the cache, single flight and the budget guard. */
export function lookUpRaw(
  deps: UnfurlDeps,
  who: Who,
  target: ProfileTarget,
): Promise<LookupResult<UnfurlProfile>> {
  const request = rawRequest(target);
  return deps.lookups.run({
    ...who,
    feature: 'creator',
    operation: 'enrich_raw',
    params: request,
    summary: `${subjectOf(target)} (link unfurl, raw)`,
    cacheKey: cacheKeyFor(RAW_CACHE_NAME, request),
    ttlMs: deps.ttlMs,
    call: async (): Promise<{ data: UnfurlProfile; creditsCost: number }> => {
      const { data, creditsCost } = await deps.ic.enrichHandleRaw(request);
      const profile = toCreatorProfile(data, target.platform);
      if (profile.engagementPercent !== null) return { data: { profile }, creditsCost };
      const estimate = engagementFromPosts(data, target.platform, profile.followers);
      return {
        data: {
          profile: { ...profile, engagementPercent: estimate },
          engagementEstimated: estimate !== null,
        },
        creditsCost,
      };
    },
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Counter of paid unfurl lookups per workspace and UTC day. */
export function dailyKey(team: string, now: number): string {
  return workspaceKeys.unfurlDaily(team, new Date(now).toISOString().slice(0, 10));
}

export async function usedToday(store: Store, team: string, now: number): Promise<number> {
  return store.atomic.read(dailyKey(team, now));
}

/**
 * The unfurl of one profile link under the workspace's settings: from the cache (any mode but
 * off), else — in auto mode, within today's cap and the budget — one raw lookup; otherwise an offer
 * of the "Look up" button. A slot of the daily cap is taken only for a call this request pays for.
 */
export async function unfurlProfile(
  deps: UnfurlDeps,
  who: Who,
  target: ProfileTarget,
  settings: UnfurlSettings,
): Promise<UnfurlOutcome> {
  if (settings.mode === 'off') return { kind: 'none' };
  const estimate = deps.guard.estimate('enrich_raw', rawRequest(target));
  const offer = (
    reason: Extract<UnfurlOutcome, { kind: 'offer' }>['reason'],
    budget: BudgetStatus | null = null,
  ) => ({ kind: 'offer', reason, dailyCap: settings.dailyCap, estimate, budget }) as const;
  const cached = await cachedProfile(deps, target);
  if (cached) return { kind: 'card', ...cached, credits: 0, fromCache: { at: cached.at }, shared: false };
  if (settings.mode === 'cache') return offer('cache_only');

  const now = deps.clock();
  const slotKey = dailyKey(who.team, now);
  const slot = await deps.store.atomic.reserve(slotKey, 1, settings.dailyCap, 2 * DAY_MS);
  if (!slot.ok) return offer('daily_cap');
  let keepSlot = false;
  try {
    const result = await lookUpRaw(deps, who, target);
    // Another request (or process) paid for it: this one used no slot.
    keepSlot = result.creditsCost > 0 || (!result.shared && result.fromCache === null);
    return cardOutcome(result);
  } catch (error) {
    if (error instanceof BudgetExceededError) return offer('budget', error.status);
    if (error instanceof AccountCreditsError) return offer('account');
    throw error;
  } finally {
    if (!keepSlot) await deps.store.atomic.adjust(slotKey, -1).catch(() => 0);
  }
}
