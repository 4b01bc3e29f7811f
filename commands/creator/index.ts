import type { BlockButtonAction } from '@slack/bolt';
import { parseCreatorRef } from '../../src/creator-ref.ts';
import type { Feature, ScoutDeps } from '../../src/feature.ts';
import { ENRICH_FULL_PLATFORMS } from '../../src/ic/platforms.ts';
import { parseLookupArgs } from '../../src/slack/command-args.ts';
import { readJsonField } from '../../src/slack/json-field.ts';
import { answerActionFor, answerCommandFor, type Requester } from '../../src/slack/respond.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { CREATOR_ACTION, creatorHelp, creatorInputProblem, staleButton } from '../../views/creator.ts';
import { creditsPhrase, escapeMrkdwn } from '../../views/format.ts';
import { creatorCardMessage } from './card.ts';
import {
  type ActionArgs,
  buttonTarget,
  type CommandArgs,
  ephemeral,
  refreshSchema,
  subjectOf,
} from './card-flow.ts';
import { emailMessage, emailWhat } from './email.ts';
import { morePostsAction, postsAt, recentPostsAction } from './posts.ts';

/**
 * /creator: the enrichment card for a handle, profile link or email, plus its buttons: Recent posts
 * (and More), Refresh of a cached answer, and "Open card" (`creator_open`) which other features put
 * on their lists. Every paid call goes through the shared card flow (card-flow.ts), so the same
 * creator asked again — as @Handle, handle or profile link — costs nothing.
 */

function loadingFor(subject: string): string {
  return `Looking up ${escapeMrkdwn(subject)}…`;
}

function help(deps: ScoutDeps): SlackMessage {
  const p = deps.guard.prices;
  return creatorHelp({
    enrichFull: p.enrich_full,
    emailBasic: p.email_basic,
    emailAdvanced: p.email_advanced,
  });
}

export function creatorCommand(deps: ScoutDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const args = parseLookupArgs(command.text, {
      platforms: ENRICH_FULL_PLATFORMS,
      allowEmail: true,
      keywords: ['advanced'],
    });
    if (args.kind !== 'lookup') {
      await ack(ephemeral(args.kind === 'help' ? help(deps) : creatorInputProblem(args.message)));
      return;
    }
    const advanced = args.keywords.includes('advanced');
    const { ref } = args;
    const answer = { ack, respond, log: deps.log };
    if (ref.kind === 'email') {
      const price = advanced ? deps.guard.prices.email_advanced : deps.guard.prices.email_basic;
      await answerCommandFor(command, {
        ...answer,
        loading: advanced
          ? `Looking up ${escapeMrkdwn(ref.email)} with advanced email enrichment (${creditsPhrase(price)})…`
          : loadingFor(ref.email),
        what: `${ref.email} (${emailWhat(advanced)})`,
        work: (who) => emailMessage(deps, who, ref.email, advanced),
      });
      return;
    }
    if (advanced) {
      const problem =
        'The word "advanced" is for email lookups; a handle lookup always gives the full profile.';
      await ack(ephemeral(creatorInputProblem(problem)));
      return;
    }
    const target = { platform: ref.platform, handle: ref.handle };
    await answerCommandFor(command, {
      ...answer,
      loading: loadingFor(subjectOf(target)),
      what: subjectOf(target),
      work: (who) => creatorCardMessage(deps, who, target),
    });
  };
}

/** `creator_open` (similar/discover lists, socials, email cards): the card as a new message. */
export function openCreatorAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const target = buttonTarget(action.value);
    await answerActionFor(body, {
      ack,
      respond,
      log: deps.log,
      replace: false,
      what: target ? subjectOf(target) : 'this creator',
      work: async (who) => (target ? creatorCardMessage(deps, who, target) : staleButton('/creator')),
    });
  };
}

/** What a Refresh button's value asks for again, and how it is named in a failure message. */
function refreshWork(deps: ScoutDeps, raw: string | undefined) {
  const value = readJsonField(refreshSchema, raw);
  if (value?.k === 'h') {
    const target = buttonTarget(JSON.stringify({ platform: value.p, handle: value.h }));
    if (target) {
      return {
        what: subjectOf(target),
        work: (who: Requester) => creatorCardMessage(deps, who, target, value.at),
      };
    }
  } else if (value?.k === 'e') {
    const ref = parseCreatorRef(value.e);
    if (ref.kind === 'email') {
      return {
        what: `${ref.email} (${emailWhat(value.adv)})`,
        work: (who: Requester) => emailMessage(deps, who, ref.email, value.adv, value.at),
      };
    }
  } else if (value?.k === 'p') {
    return { what: 'the recent posts', work: (who: Requester) => postsAt(deps, who, value.c, value.at) };
  }
  return { what: 'the refresh', work: async () => staleButton('/creator') };
}

/** `creator_refresh`: spend again on a cached answer (the button's confirm dialog named the cost). */
export function refreshAction(deps: ScoutDeps) {
  return async ({ ack, action, body, respond }: ActionArgs): Promise<void> => {
    const { what, work } = refreshWork(deps, action.value);
    await answerActionFor(body, { ack, respond, log: deps.log, replace: true, what, work });
  };
}

export const creator: Feature = {
  name: 'creator',
  register(app, deps) {
    app.command('/creator', creatorCommand(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.open, openCreatorAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.posts, recentPostsAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.postsMore, morePostsAction(deps));
    app.action<BlockButtonAction>(CREATOR_ACTION.refresh, refreshAction(deps));
  },
};
