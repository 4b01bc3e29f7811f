import { cacheKeyFor } from '../../src/budget/lookup-cache.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import { PLATFORMS } from '../../src/ic/platforms.ts';
import {
  type CreatorProfile,
  type CreatorSummary,
  toCreatorProfile,
  toCreatorSummary,
} from '../../src/ic/profile.ts';
import type { Requester } from '../../src/slack/respond.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { CREATOR_ACTION, creatorCard, emailCard, emailNothingCard } from '../../views/creator.ts';
import { buttonPrices, HOUR_MS, lookupCard, provenanceOf, type RefreshValue } from './card-flow.ts';

/**
 * `/creator <email>`: the basic email lookup (api-ref#email-basic), or with "advanced" the advanced
 * enrichment (api-ref#email-advanced), which can return a whole creator card. Cached in the answer's
 * compact shape under names to bump when that shape changes.
 */
const CACHE = { basic: 'creator_email_basic_v1', advanced: 'creator_email_advanced_v1' } as const;

export interface EmailAnswer {
  /** Advanced: the strongest platform's full profile, when the answer has platform blocks. */
  profile: CreatorProfile | null;
  /** Basic (or an advanced answer without platform blocks): the account found. */
  account: CreatorSummary | null;
}

/** The strongest platform block of an advanced answer, whose shape is unknown (api-ref#email-advanced). */
function strongestProfile(result: unknown): CreatorProfile | null {
  const top = result !== null && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  const profiles = PLATFORMS.filter((p) => top[p] !== null && typeof top[p] === 'object').map((p) =>
    toCreatorProfile(top, p),
  );
  return profiles.reduce<CreatorProfile | null>(
    (best, p) => (best === null || (p.followers ?? -1) > (best.followers ?? -1) ? p : best),
    null,
  );
}

export function emailWhat(advanced: boolean): string {
  return advanced ? 'advanced email enrichment' : 'basic email lookup';
}

function emailRequest(deps: ScoutDeps, email: string, advanced: boolean) {
  const request = { email };
  const common = {
    feature: 'email' as const,
    params: request,
    summary: `${email} (${emailWhat(advanced)})`,
    ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * HOUR_MS,
  };
  if (advanced) {
    return {
      ...common,
      operation: 'email_advanced' as const,
      cacheKey: cacheKeyFor(CACHE.advanced, request),
      call: async () => {
        const { data, creditsCost } = await deps.ic.enrichEmailAdvanced(request);
        const profile = strongestProfile(data.result);
        const answer: EmailAnswer = { profile, account: profile ? null : toCreatorSummary(data.result) };
        return { data: answer, creditsCost };
      },
    };
  }
  return {
    ...common,
    operation: 'email_basic' as const,
    cacheKey: cacheKeyFor(CACHE.basic, request),
    call: async () => {
      const { data, creditsCost } = await deps.ic.enrichEmailBasic(request);
      const answer: EmailAnswer = { profile: null, account: toCreatorSummary(data.result) };
      return { data: answer, creditsCost };
    },
  };
}

/** A card when the answer names a creator, the account found, or "nothing found". */
export function emailMessage(
  deps: ScoutDeps,
  who: Requester,
  email: string,
  advanced: boolean,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const prices = deps.guard.prices;
  return lookupCard(deps, who, {
    request: emailRequest(deps, email, advanced),
    refreshedFrom,
    refresh: {
      actionId: CREATOR_ACTION.refresh,
      value: (at) => JSON.stringify({ k: 'e', e: email, adv: advanced, at } satisfies RefreshValue),
      cost: advanced ? prices.email_advanced : prices.email_basic,
      subject: `${email} (${emailWhat(advanced)})`,
    },
    render: (result, refresh) => {
      const provenance = provenanceOf(deps, result, emailWhat(advanced));
      const { profile, account } = result.data;
      const handle = profile?.handle ?? profile?.userId ?? null;
      if (profile && handle) {
        const asked = { platform: profile.platform, handle };
        return creatorCard({
          profile,
          audience: null,
          asked,
          provenance,
          prices: buttonPrices(deps),
          refresh,
          email,
        });
      }
      if (account && (account.handle || account.platform)) {
        return emailCard({ email, account, provenance, prices: buttonPrices(deps), refresh });
      }
      return emailNothingCard({ email, provenance, refresh });
    },
  });
}
