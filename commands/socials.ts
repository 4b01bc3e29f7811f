import type { BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { cacheKeyFor } from '../src/budget/lookup-cache.ts';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { PLATFORMS, SOCIALS_PLATFORMS } from '../src/ic/platforms.ts';
import { type CreatorSummary, toCreatorSummary } from '../src/ic/profile.ts';
import type { SocialsRequest } from '../src/ic/schemas.ts';
import { parseLookupArgs } from '../src/slack/command-args.ts';
import { readJsonField } from '../src/slack/json-field.ts';
import { answerActionFor, answerCommandFor, type Requester } from '../src/slack/respond.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { staleButton } from '../views/creator.ts';
import { escapeMrkdwn } from '../views/format.ts';
import { SOCIALS_ACTION, socialsHelp, socialsInputProblem, socialsList } from '../views/socials.ts';
import {
  type ActionArgs,
  buttonTarget,
  type CommandArgs,
  ephemeral,
  HOUR_MS,
  lookupCard,
  provenanceOf,
  subjectOf,
  type Target,
} from './creator/card-flow.ts';

/**
 * /socials: a creator's connected accounts (api-ref#socials, 0.5 credit, cached as a list), and the
 * `socials_open` button the creator card carries. Refresh of a cached list spends again after a
 * confirm dialog. The lookup, card and buttons are the shared card flow of /creator.
 */

const CACHE_NAME = 'socials_list_v1';

export interface SocialsAnswer {
  accounts: CreatorSummary[];
}

const refreshSchema = z.object({
  p: z.enum(PLATFORMS),
  h: z.string().min(1).max(300),
  at: z.number(),
});

function whatOf(target: Target): string {
  return `the connected accounts of ${subjectOf(target)}`;
}

export function socialsMessage(
  deps: ScoutDeps,
  who: Requester,
  target: Target,
  refreshedFrom?: number,
): Promise<SlackMessage> {
  const request: SocialsRequest = { platform: target.platform, handle: target.handle };
  return lookupCard(deps, who, {
    request: {
      feature: 'socials',
      operation: 'socials',
      params: request,
      summary: `${subjectOf(target)} (connected socials)`,
      cacheKey: cacheKeyFor(CACHE_NAME, request),
      ttlMs: deps.config.CACHE_TTL_LIST_HOURS * HOUR_MS,
      call: async () => {
        const { data, creditsCost } = await deps.ic.connectedSocials(request);
        const answer: SocialsAnswer = { accounts: data.result.map((item) => toCreatorSummary(item)) };
        return { data: answer, creditsCost };
      },
    },
    refreshedFrom,
    refresh: {
      actionId: SOCIALS_ACTION.refresh,
      value: (at) => JSON.stringify({ p: target.platform, h: target.handle, at }),
      cost: deps.guard.prices.socials,
      subject: whatOf(target),
    },
    render: (result, refresh) =>
      socialsList({
        asked: target,
        accounts: result.data.accounts,
        provenance: provenanceOf(deps, result, 'connected socials'),
        refresh,
        cardCost: deps.guard.prices.enrich_full,
      }),
  });
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
    await answerCommandFor(command, {
      ack,
      respond,
      log: deps.log,
      loading: `Looking up the connected accounts of ${escapeMrkdwn(subjectOf(target))}…`,
      what: whatOf(target),
      work: (who) => socialsMessage(deps, who, target),
    });
  };
}

/** `socials_open` (creator card) as a new message, or `socials_refresh` (spend again) in place. */
function socialsAction(deps: ScoutDeps, replace: boolean) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    let target: Target | null;
    let refreshedFrom: number | undefined;
    if (replace) {
      const value = readJsonField(refreshSchema, action.value);
      target = value ? buttonTarget(JSON.stringify({ platform: value.p, handle: value.h })) : null;
      refreshedFrom = value?.at;
    } else {
      target = buttonTarget(action.value);
    }
    await answerActionFor(body, {
      ack,
      respond,
      log: deps.log,
      replace,
      what: target ? whatOf(target) : 'connected accounts',
      work: async (who) =>
        target ? socialsMessage(deps, who, target, refreshedFrom) : staleButton('/socials'),
    });
  };
}

export const openSocialsAction = (deps: ScoutDeps) => socialsAction(deps, false);
export const refreshSocialsAction = (deps: ScoutDeps) => socialsAction(deps, true);

export const socials: Feature = {
  name: 'socials',
  register(app, deps) {
    app.command('/socials', socialsCommand(deps));
    app.action<BlockButtonAction>(SOCIALS_ACTION.open, openSocialsAction(deps));
    app.action<BlockButtonAction>(SOCIALS_ACTION.refresh, refreshSocialsAction(deps));
  },
};
