import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { PLATFORMS } from '../src/ic/platforms.ts';
import { requesterOf, tellUser } from '../src/slack/respond.ts';
import { unfurlLinks } from '../src/slack/web.ts';
import { type ProfileTarget, profileOfLink } from '../src/unfurl/links.ts';
import {
  cardOutcome,
  lookUpRaw,
  subjectOf,
  type UnfurlDeps,
  type UnfurlOutcome,
  unfurlProfile,
} from '../src/unfurl/lookup.ts';
import { readUnfurlSettings } from '../src/unfurl/settings.ts';
import type { SlackBlock, SlackMessage } from '../views/blocks.ts';
import { describeFailure } from '../views/errors.ts';
import { LIMITS } from '../views/format.ts';
import { UNFURL_ACTIONS, unfurlCard, unfurlOffer } from '../views/unfurl.ts';
import { compactVerdictBlocks } from '../views/verdict.ts';
import { creatorCardMessage } from './creator/card.ts';
import { buttonTarget } from './creator/card-flow.ts';
import { registerUnfurlSettings } from './unfurl-settings.ts';

/**
 * Link unfurls: a creator profile link pasted in a channel (`link_shared`) unfurls into a compact
 * card, spending only as the workspace's admin chose in App Home (src/unfurl/settings.ts). When it
 * is not unfurled for free, the unfurl offers "Look up (≈0.03 credits)", which pays for the raw
 * lookup and replaces the unfurl in place. "Full card" shows the clicker the normal /creator card.
 */

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Where an unfurl lives: a posted message, or the composer's preview before it is sent. */
type Where =
  | { channel: string; ts: string }
  | { unfurl_id: string; source: 'composer' | 'conversations_history' };

const linkSharedSchema = z.looseObject({
  channel: z.string().min(1).optional(),
  user: z.string().optional(),
  message_ts: z.string().min(1).optional(),
  unfurl_id: z.string().min(1).optional(),
  source: z.enum(['composer', 'conversations_history']).optional(),
  links: z.array(z.looseObject({ url: z.string(), domain: z.string().optional() })).catch([]),
});

/** The Look up button's value: the creator, the exact pasted URL (the unfurl's key) and where it is. */
const lookUpValueSchema = z.object({
  p: z.enum(PLATFORMS),
  h: z.string().min(1).max(300),
  u: z.string().min(1),
  c: z.string().optional(),
  t: z.string().optional(),
  i: z.string().optional(),
  s: z.enum(['composer', 'conversations_history']).optional(),
});
type LookUpValue = z.infer<typeof lookUpValueSchema>;

function unfurlDeps(deps: ScoutDeps): UnfurlDeps {
  return {
    store: deps.store,
    ic: deps.ic,
    guard: deps.guard,
    lookups: deps.lookups,
    clock: deps.clock,
    ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * 60 * 60 * 1000,
  };
}

function whereOf(event: z.infer<typeof linkSharedSchema>): Where | null {
  // A posted message is addressed by channel + ts; the composer's preview by unfurl_id + source.
  if (event.channel && event.message_ts && event.source !== 'composer') {
    return { channel: event.channel, ts: event.message_ts };
  }
  if (event.unfurl_id && event.source) return { unfurl_id: event.unfurl_id, source: event.source };
  if (event.channel && event.message_ts) return { channel: event.channel, ts: event.message_ts };
  return null;
}

function lookUpValue(target: ProfileTarget, url: string, where: Where): string | null {
  const at = 'channel' in where ? { c: where.channel, t: where.ts } : { i: where.unfurl_id, s: where.source };
  const value = JSON.stringify({ p: target.platform, h: target.handle, u: url, ...at } satisfies LookUpValue);
  return value.length <= LIMITS.buttonValue ? value : null;
}

function cardBlocks(
  deps: ScoutDeps,
  target: ProfileTarget,
  outcome: Extract<UnfurlOutcome, { kind: 'card' }>,
) {
  return unfurlCard({
    target,
    profile: outcome.profile,
    engagementEstimated: outcome.engagementEstimated,
    provenance: {
      credits: outcome.credits,
      what: 'raw lookup',
      fromCache: outcome.fromCache,
      shared: outcome.shared,
      now: deps.clock(),
    },
    fullCardPrice: deps.guard.prices.enrich_full,
    verdict: compactVerdictBlocks(target.platform, outcome.profile, deps.clock()),
  });
}

function outcomeBlocks(
  deps: ScoutDeps,
  target: ProfileTarget,
  outcome: UnfurlOutcome,
  buttonValue: string | null,
): { blocks: SlackBlock[] } | null {
  if (outcome.kind === 'none') return null;
  if (outcome.kind === 'card') return cardBlocks(deps, target, outcome);
  return unfurlOffer({ target, ...outcome, buttonValue });
}

function send(client: WebClient, where: Where, unfurls: Record<string, { blocks: SlackBlock[] }>) {
  return unfurlLinks(client, { ...where, unfurls });
}

export function linkShared(deps: ScoutDeps) {
  return async ({ body, event, client }: { body: unknown; event: unknown; client: WebClient }) => {
    const parsed = linkSharedSchema.safeParse(event);
    if (!parsed.success) return;
    const profiles = parsed.data.links.flatMap((link) => {
      const target = profileOfLink(link.url);
      return target ? [{ url: link.url, target }] : [];
    });
    // Posts, search pages and other sites are left alone: no unfurl, nothing spent.
    if (profiles.length === 0) return;
    const where = whereOf(parsed.data);
    const who = requesterOf(body);
    if (!where) return;
    const settings = await readUnfurlSettings(deps.store, who.team);
    if (settings.mode === 'off') return;
    const unfurls: Record<string, { blocks: SlackBlock[] }> = {};
    for (const { url, target } of profiles) {
      try {
        const outcome = await unfurlProfile(unfurlDeps(deps), who, target, settings);
        const blocks = outcomeBlocks(deps, target, outcome, lookUpValue(target, url, where));
        if (blocks) unfurls[url] = blocks;
      } catch (error) {
        deps.log.info(
          { err: error, team: who.team, subject: subjectOf(target) },
          'unfurl lookup failed; link left alone',
        );
      }
    }
    if (Object.keys(unfurls).length === 0) return;
    try {
      await send(client, where, unfurls);
    } catch (error) {
      deps.log.warn({ err: error, team: who.team }, 'chat.unfurl failed');
    }
  };
}

function channelOf(body: BlockButtonAction): string | null {
  const container = body.container as { channel_id?: unknown } | undefined;
  if (typeof container?.channel_id === 'string') return container.channel_id;
  return body.channel?.id ?? null;
}

async function tell(deps: ScoutDeps, client: WebClient, body: BlockButtonAction, message: SlackMessage) {
  const channel = channelOf(body);
  const now = deps.clock();
  if (!channel) {
    await client.chat
      .postMessage({ channel: body.user.id, text: message.text, blocks: message.blocks })
      .catch(() => {});
    return;
  }
  await tellUser(
    client,
    deps.log,
    { channel, user: body.user.id, responseUrl: body.response_url, issuedAt: now, now },
    message,
  );
}

/** "Look up (≈0.03 credits)": pays for the raw lookup (no daily cap: someone asked) and updates the unfurl. */
export function lookUpAction(deps: ScoutDeps) {
  return async ({ ack, action, body, client }: ActionArgs): Promise<void> => {
    await ack();
    let value: LookUpValue | null = null;
    try {
      const parsed = lookUpValueSchema.safeParse(JSON.parse(action.value ?? ''));
      value = parsed.success ? parsed.data : null;
    } catch {
      value = null;
    }
    const target = value ? buttonTarget(JSON.stringify({ platform: value.p, handle: value.h })) : null;
    const who = requesterOf(body);
    if (!value || !target) return;
    const where: Where | null =
      value.c && value.t
        ? { channel: value.c, ts: value.t }
        : value.i && value.s
          ? { unfurl_id: value.i, source: value.s }
          : null;
    try {
      const result = await lookUpRaw(unfurlDeps(deps), who, target);
      const blocks = cardBlocks(deps, target, cardOutcome(result));
      if (where) await send(client, where, { [value.u]: blocks });
    } catch (error) {
      const failure = describeFailure(error, `the lookup of ${subjectOf(target)}`);
      deps.log.info({ err: error, team: who.team }, 'unfurl Look up failed');
      await tell(deps, client, body, { text: failure.text, blocks: [] });
    }
  };
}

/** "Full card": the normal /creator card (full enrichment, cached), shown to the clicker only. */
export function fullCardAction(deps: ScoutDeps) {
  return async ({ ack, action, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const target = buttonTarget(action.value);
    const who = requesterOf(body);
    if (!target) return;
    let message: SlackMessage;
    try {
      message = await creatorCardMessage(deps, who, target);
    } catch (error) {
      message = { text: describeFailure(error, subjectOf(target)).text, blocks: [] };
    }
    await tell(deps, client, body, message);
  };
}

export const unfurl: Feature = {
  name: 'unfurl',
  register(app, deps) {
    app.event('link_shared', linkShared(deps));
    app.action<BlockButtonAction>(UNFURL_ACTIONS.lookUp, lookUpAction(deps));
    app.action<BlockButtonAction>(UNFURL_ACTIONS.fullCard, fullCardAction(deps));
    registerUnfurlSettings(app, deps);
  },
};
