import { z } from 'zod';
import { creatorCardCacheKey, creatorCardRequest } from '../../src/creator-card-key.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import type { Platform } from '../../src/ic/platforms.ts';
import { type CreatorProfile, toCreatorProfile } from '../../src/ic/profile.ts';
import { toBoolean, toNumber, toText } from '../../src/ic/schemas.ts';
import type { Requester } from '../../src/slack/respond.ts';
import { type CreatorSignals, signalsOf } from '../../src/vetting/signals.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { type AudienceSummary, CREATOR_ACTION, creatorCard } from '../../views/creator.ts';
import {
  buttonPrices,
  HOUR_MS,
  lookupCard,
  provenanceOf,
  type RefreshValue,
  subjectOf,
  type Target,
} from './card-flow.ts';
import { cardVetting } from './card-vetting.ts';

/** The creator card of a handle: one full enrichment (api-ref#enrich-full), cached in the card's compact shape (the raw answer can be 200+ KB). */
interface CreatorCardData {
  profile: CreatorProfile;
  audience: AudienceSummary | null;
  /** Vetting signals beyond the profile (credibility, last post, private); v2 of the cached shape. */
  signals: CreatorSignals;
}

const weightedItem = z.looseObject({
  code: z.unknown().optional().transform(toText),
  name: z.unknown().optional().transform(toText),
  weight: z.unknown().optional().transform(toNumber),
});
const weightedList = z
  .array(z.unknown())
  .catch([])
  .transform((items) =>
    items.flatMap((item) => {
      const parsed = weightedItem.safeParse(item);
      if (!parsed.success || parsed.data.weight === null) return [];
      // Weights are 0–1 (api-ref#full-enrichment-blocks); a 0–100 value is read as a percentage.
      const weight = parsed.data.weight > 1 ? parsed.data.weight / 100 : parsed.data.weight;
      return [{ code: parsed.data.code, name: parsed.data.name, weight }];
    }),
  );
/** The followers slice of a full-enrichment `audience` block (api-ref#enrich-full, api-ref#full-enrichment-blocks). */
const audienceSchema = z.looseObject({
  audience_followers: z
    .looseObject({
      success: z.unknown().optional().transform(toBoolean),
      data: z
        .looseObject({
          audience_geo: z.looseObject({ countries: weightedList.optional() }).optional().catch(undefined),
          audience_genders: weightedList.optional(),
          audience_ages: weightedList.optional(),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
});

function largest<T extends { weight: number }>(items: readonly T[] | undefined): T | null {
  return (items ?? []).reduce<T | null>(
    (best, item) => (best === null || item.weight > best.weight ? item : best),
    null,
  );
}

/** "25-34" → "25–34", "65-" → "65+". */
function ageBand(code: string): string {
  return code.endsWith('-') ? `${code.slice(0, -1)}+` : code.replace('-', '–');
}

/**
 * Top country, gender split and main age band of a creator's followers, or null when the answer has
 * no usable audience (only IG/TT/YT carry one; a failed slice says `success: false`, api-ref#enrich-full).
 */
export function audienceSummaryOf(result: unknown, platform: Platform): AudienceSummary | null {
  const block = (result as Record<string, unknown> | null | undefined)?.[platform];
  const audience = (block as Record<string, unknown> | undefined)?.audience;
  const parsed = audienceSchema.safeParse(audience);
  if (!parsed.success) return null;
  const slice = parsed.data.audience_followers;
  if (!slice || slice.success === false || !slice.data) return null;
  const { data } = slice;
  const country = largest(data.audience_geo?.countries);
  const genders = data.audience_genders ?? [];
  const share = (code: string) => genders.find((g) => g.code?.toUpperCase() === code)?.weight ?? null;
  const age = largest(data.audience_ages);
  const summary: AudienceSummary = {
    topCountry:
      country && (country.name ?? country.code)
        ? { name: (country.name ?? country.code)!, share: country.weight }
        : null,
    female: share('FEMALE'),
    male: share('MALE'),
    age: age?.code ? { band: ageBand(age.code), share: age.weight } : null,
  };
  const empty = !summary.topCountry && summary.female === null && summary.male === null && !summary.age;
  return empty ? null : summary;
}

function cardRequest(deps: ScoutDeps, target: Target) {
  const request = creatorCardRequest(target);
  return {
    feature: 'creator' as const,
    operation: 'enrich_full' as const,
    params: request,
    summary: `${subjectOf(target)} (full enrichment)`,
    cacheKey: creatorCardCacheKey(target),
    ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * HOUR_MS,
    call: async () => {
      const { data, creditsCost } = await deps.ic.enrichHandleFull(request);
      const card: CreatorCardData = {
        profile: toCreatorProfile(data, target.platform),
        audience: audienceSummaryOf(data.result, target.platform),
        signals: signalsOf(data.result, target.platform),
      };
      return { data: card, creditsCost };
    },
  };
}

export function creatorCardMessage(
  deps: ScoutDeps,
  who: Requester,
  target: Target,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const request = cardRequest(deps, target);
  return lookupCard(deps, who, {
    request,
    refreshedFrom,
    refresh: {
      actionId: CREATOR_ACTION.refresh,
      value: (at) =>
        JSON.stringify({ k: 'h', p: target.platform, h: target.handle, at } satisfies RefreshValue),
      cost: deps.guard.prices.enrich_full,
      subject: subjectOf(target),
    },
    render: async (result, refresh) => {
      const vetting = await cardVetting(deps, who, target, result, request);
      return creatorCard({
        profile: result.data.profile,
        audience: result.data.audience,
        asked: target,
        provenance: { ...provenanceOf(deps, result, 'full enrichment'), lookedUpBy: vetting.lookedUpBy },
        prices: buttonPrices(deps),
        refresh,
        verdict: vetting.verdict,
        shortlisted: vetting.shortlisted,
        snapshot: vetting.snapshot,
        extraButtons: vetting.buttons,
      });
    },
  });
}
