import type { Button } from '@slack/types';
import type { LookupResult } from '../../src/budget/lookup-cache.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { POSTS_PLATFORMS, supports } from '../../src/ic/platforms.ts';
import type { CreatorProfile } from '../../src/ic/profile.ts';
import { Shortlists } from '../../src/shortlists/store.ts';
import { type CreatorSnapshot, compactSnapshot } from '../../src/shortlists/types.ts';
import type { Requester } from '../../src/slack/respond.ts';
import { type LookedUp, lastLookup, recordLookup } from '../../src/vetting/looked-up.ts';
import type { CreatorSignals } from '../../src/vetting/signals.ts';
import { type Verdict, verdictOf } from '../../src/vetting/verdict.ts';
import { brandSafetyButton } from '../../views/brand-safety.ts';
import type { Target } from './card-flow.ts';

/**
 * What the creator card adds for vetting, all free: the verdict line, who in this workspace looked
 * the creator up (on a cached card), the workspace's shortlists the creator is on, and the
 * "Add to shortlist" snapshot.
 */

export interface CardVetting {
  verdict: Verdict;
  lookedUpBy: LookedUp | null;
  shortlisted: { list: string; status: string }[];
  snapshot: CreatorSnapshot | null;
  buttons: Button[];
}

export function snapshotOf(profile: CreatorProfile, target: Target, flags: string[]): CreatorSnapshot {
  return compactSnapshot({
    p: target.platform,
    h: (profile.handle ?? target.handle).slice(0, 100),
    n: profile.name?.slice(0, 100) ?? null,
    f: profile.followers,
    e: profile.engagementPercent,
    v: flags.slice(0, 8).map((f) => f.slice(0, 40)),
  });
}

export function verdictOfCard(
  data: { profile: CreatorProfile; signals?: CreatorSignals | undefined },
  now: number,
): Verdict {
  const { profile, signals } = data;
  return verdictOf(
    {
      platform: profile.platform,
      followers: profile.followers,
      engagementPercent: profile.engagementPercent,
      audienceCredibility: signals?.audienceCredibility ?? null,
      lastPostAt: signals?.lastPostAt ?? null,
      growth: profile.growth[0] ?? null,
      isPrivate: signals?.isPrivate ?? null,
      verified: profile.verified,
    },
    now,
  );
}

export async function cardVetting(
  deps: ScoutDeps,
  who: Requester,
  target: Target,
  result: LookupResult<{ profile: CreatorProfile; signals?: CreatorSignals }>,
  request: { cacheKey: string; ttlMs: number },
): Promise<CardVetting> {
  const now = deps.clock();
  if (!result.fromCache && !result.shared) {
    await recordLookup(deps.store, who.team, request.cacheKey, { user: who.user, at: now }, request.ttlMs);
  }
  const lookedUpBy = result.fromCache ? await lastLookup(deps.store, who.team, request.cacheKey) : null;
  const verdict = verdictOfCard(result.data, now);
  const handle = result.data.profile.handle ?? target.handle;
  const found = await new Shortlists(deps.store, deps.clock).find(who.team, target.platform, handle);
  return {
    verdict,
    lookedUpBy,
    shortlisted: found.map(({ list, entry }) => ({ list: list.name, status: entry.status })),
    snapshot: snapshotOf(result.data.profile, target, verdict.flags),
    buttons: supports(POSTS_PLATFORMS, target.platform) ? [brandSafetyButton(target.platform, handle)] : [],
  };
}
