import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import { cacheKeyFor, type LookupResult } from '../src/budget/lookup-cache.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { PLATFORMS, type Platform, SOCIALS_PLATFORMS } from '../src/ic/platforms.ts';
import { type CreatorSummary, toCreatorSummary } from '../src/ic/profile.ts';
import type { SocialsRequest } from '../src/ic/schemas.ts';
import { parseLookupArgs } from '../src/slack/command-args.ts';
import { answerAction, answerCommand, withShare } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { staleButton } from '../views/creator.ts';
import { escapeMrkdwn } from '../views/format.ts';
import { SOCIALS_ACTION, socialsHelp, socialsInputProblem, socialsList } from '../views/socials.ts';
import {
  buttonTarget,
  ephemeral,
  provenanceOf,
  type Requester,
  requesterOf,
  runLookup,
  subjectOf,
} from './creator.ts';

/**
 * /socials: a creator's connected accounts (api-ref#socials, 0.5 credit, cached as a list), and the
 * `socials_open` button the creator card carries. Refresh of a cached list spends again after a
 * confirm dialog.
 */

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const HOUR_MS = 60 * 60 * 1000;
const CACHE_NAME = 'socials_list_v1';

export interface SocialsAnswer {
  accounts: CreatorSummary[];
}

export function lookUpSocials(
  deps: ScoutDeps,
  who: Requester,
  target: { platform: Platform; handle: string },
  refreshedFrom?: number,
): Promise<LookupResult<SocialsAnswer>> {
  const request: SocialsRequest = { platform: target.platform, handle: target.handle };
  return runLookup(
    deps,
    {
      team: who.team,
      user: who.user,
      feature: 'socials',
      operation: 'socials',
      params: request,
      summary: `${subjectOf(target)} (connected socials)`,
      cacheKey: cacheKeyFor(CACHE_NAME, request),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
      call: async () => {
        const { data, creditsCost } = await deps.ic.connectedSocials(request);
        return { data: { accounts: data.result.map((item) => toCreatorSummary(item)) }, creditsCost };
      },
    },
    refreshedFrom,
  );
}

const refreshSchema = z.object({
  p: z.enum(PLATFORMS),
  h: z.string().min(1).max(300),
  at: z.number(),
});

export async function socialsMessage(
  deps: ScoutDeps,
  who: Requester,
  target: { platform: Platform; handle: string },
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const result = await lookUpSocials(deps, who, target, refreshedFrom);
  const refresh = result.fromCache
    ? {
        actionId: SOCIALS_ACTION.refresh,
        value: JSON.stringify({ p: target.platform, h: target.handle, at: result.fromCache.at }),
        cost: deps.guard.prices.socials,
        subject: `the connected accounts of ${subjectOf(target)}`,
      }
    : null;
  const list = socialsList({
    asked: target,
    accounts: result.data.accounts,
    provenance: provenanceOf(deps, result, 'connected socials'),
    refresh,
    cardCost: deps.guard.prices.enrich_full,
  });
  return withShare(deps.store, list);
}

function whatOf(target: { platform: Platform; handle: string }): string {
  return `the connected accounts of ${subjectOf(target)}`;
}

export function socialsCommand(deps: ScoutDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const args = parseLookupArgs(command.text, { platforms: SOCIALS_PLATFORMS });
    if (args.kind === 'help') {
      await ack(ephemeral(socialsHelp({ socials: deps.guard.prices.socials })));
      return;
    }
    if (args.kind === 'error') {
      await ack(ephemeral(socialsInputProblem(args.message)));
      return;
    }
    if (args.ref.kind !== 'handle') {
      await ack(ephemeral(socialsInputProblem('/socials needs a handle or profile link, not an email.')));
      return;
    }
    const target = { platform: args.ref.platform, handle: args.ref.handle };
    const who = { team: command.team_id, user: command.user_id };
    await answerCommand({
      ack,
      respond,
      log: deps.log,
      loading: `Looking up the connected accounts of ${escapeMrkdwn(subjectOf(target))}…`,
      what: whatOf(target),
      work: () => socialsMessage(deps, who, target),
    });
  };
}

/** `socials_open` (creator card): the list as a new message under the card. */
export function openSocialsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const target = buttonTarget(action.value);
    await answerAction({
      ack,
      respond,
      log: deps.log,
      replace: false,
      what: target ? whatOf(target) : 'connected accounts',
      work: async () => (target ? socialsMessage(deps, requesterOf(body), target) : staleButton('/socials')),
    });
  };
}

/** `socials_refresh`: spend again on a cached list, in place of it. */
export function refreshSocialsAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    let value: z.infer<typeof refreshSchema> | null = null;
    try {
      const parsed = refreshSchema.safeParse(JSON.parse(action.value ?? ''));
      value = parsed.success ? parsed.data : null;
    } catch {
      value = null;
    }
    const target = value ? buttonTarget(JSON.stringify({ platform: value.p, handle: value.h })) : null;
    await answerAction({
      ack,
      respond,
      log: deps.log,
      replace: true,
      what: target ? whatOf(target) : 'connected accounts',
      work: async () =>
        target && value ? socialsMessage(deps, requesterOf(body), target, value.at) : staleButton('/socials'),
    });
  };
}

export const socials: Feature = {
  name: 'socials',
  register(app, deps) {
    app.command('/socials', socialsCommand(deps));
    app.action<BlockButtonAction>(SOCIALS_ACTION.open, openSocialsAction(deps));
    app.action<BlockButtonAction>(SOCIALS_ACTION.refresh, refreshSocialsAction(deps));
  },
};
