import { randomBytes } from 'node:crypto';
import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  MessageShortcut,
  SlackActionMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Feature, ScoutDeps } from '../src/feature.ts';
import { PLATFORMS } from '../src/ic/platforms.ts';
import { profileUrlFor } from '../src/ic/profile.ts';
import { creatorsInText, type FoundCreator } from '../src/shortcut/extract.ts';
import { SlackDraftReporter } from '../src/slack/batch-reporter.ts';
import { deliver, type Requester, requesterOf } from '../src/slack/respond.ts';
import { postMessage, slackErrorCode, threadParent } from '../src/slack/web.ts';
import { claimOnce } from '../src/store/claims.ts';
import { lookUpRaw, subjectOf } from '../src/unfurl/lookup.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { describeFailure } from '../views/errors.ts';
import {
  type LookupMode,
  NOTHING_FOUND,
  rawCardMessage,
  SHORTCUT_IDS,
  shortcutBatch,
  shortcutDone,
  shortcutList,
  shortcutRefused,
  shortcutRunning,
  shortcutText,
} from '../views/shortcut.ts';
import { compactVerdictBlocks } from '../views/verdict.ts';
import { batchFlow } from './batch/index.ts';
import { creatorCardMessage } from './creator/card.ts';
import { emailMessage } from './creator/email.ts';
import { openDiscoverFromShortcut } from './shortcuts-discover.ts';

/**
 * Shortcuts. "Look up creators" (on a message): every handle, profile link and email in the
 * message — and in its thread's first message when it is a reply — listed privately with the
 * platform, the estimate and a choice of raw or full; the cards then go into the message's thread.
 * More than 25 creators become a batch job instead, through the CSV batch flow without a file (same
 * summary, estimate, Start and Cancel). "Find creators" (global) opens the /discover form.
 */

export const MAX_DIRECT = 25;
const DRAFT_TTL_MS = 30 * 60 * 1000;
const RUN_CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

const foundSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('handle'),
    platform: z.enum(PLATFORMS),
    handle: z.string(),
    guessed: z.boolean(),
  }),
  z.object({ kind: z.literal('email'), email: z.string() }),
]);
const draftSchema = z.object({
  id: z.string(),
  team: z.string(),
  user: z.string(),
  channel: z.string(),
  threadTs: z.string(),
  creators: z.array(foundSchema),
});
type ShortcutDraft = z.infer<typeof draftSchema>;

const messageActionSchema = z.looseObject({
  channel: z.looseObject({ id: z.string().min(1) }),
  message: z.looseObject({
    ts: z.string().min(1),
    text: z.string().optional().catch(undefined),
    thread_ts: z.string().optional(),
  }),
});

const NOT_IN_CHANNEL =
  ':warning: Scout could not post in this thread (invite it with `/invite @Scout`), so it stopped there. ' +
  'Creators already looked up are cached: using the shortcut again costs nothing for them.';

const draftKey = (id: string) => `shortcut:draft:${id}`;

function prices(deps: ScoutDeps) {
  const p = deps.guard.prices;
  return { raw: p.enrich_raw, full: p.enrich_full, email: p.email_basic };
}

function estimateOf(deps: ScoutDeps, creators: readonly FoundCreator[], mode: LookupMode): number {
  const p = prices(deps);
  const each = mode === 'raw' ? p.raw : p.full;
  const total = creators.reduce((sum, c) => sum + (c.kind === 'email' ? p.email : each), 0);
  return Math.round(total * 1000) / 1000;
}

async function budgetOf(deps: ScoutDeps, team: string) {
  try {
    const status = await deps.guard.status(team);
    return { remaining: status.remaining, limit: status.limit };
  } catch (error) {
    deps.log.warn({ err: error, team }, 'budget status unavailable');
    return null;
  }
}

/** What the message (and, for a reply, its thread's first message) names. */
async function findCreators(
  deps: ScoutDeps,
  client: WebClient,
  channel: string,
  message: z.infer<typeof messageActionSchema>['message'],
): Promise<{ creators: FoundCreator[]; readParent: boolean }> {
  let text = message.text ?? '';
  let readParent = false;
  if (message.thread_ts && message.thread_ts !== message.ts) {
    try {
      const parent = await threadParent(client, channel, message.thread_ts);
      if (parent) {
        text = `${text}\n${parent.text}`;
        readParent = true;
      }
    } catch (error) {
      deps.log.info({ err: error, channel }, "could not read the thread's first message");
    }
  }
  return { creators: creatorsInText(text), readParent };
}

/** More than 25: a batch draft from the list, as if it had been dropped as a one-column CSV. */
async function startBatchDraft(
  deps: ScoutDeps,
  client: WebClient,
  who: Requester,
  where: { channel: string; messageTs: string; threadTs: string },
  creators: readonly FoundCreator[],
) {
  const handles = creators.filter((c) => c.kind === 'handle');
  const emails = creators.filter((c) => c.kind === 'email');
  const useHandles = handles.length >= emails.length;
  const lines = useHandles
    ? [
        'profile',
        ...handles.flatMap((c) => (c.kind === 'handle' ? [profileUrlFor(c.platform, c.handle) ?? ''] : [])),
      ]
    : ['email', ...emails.flatMap((c) => (c.kind === 'email' ? [c.email] : []))];
  const csv = Buffer.from(`${lines.filter((l) => l !== '').join('\n')}\n`);
  // The batch feature's poller finds the job on its next round.
  const flow = batchFlow(deps, () => {});
  await flow.intake(
    {
      team: who.team,
      channel: where.channel,
      threadTs: where.threadTs,
      messageTs: where.messageTs,
      user: who.user,
      file: {
        id: `shortcut-${randomBytes(6).toString('hex')}`,
        name: 'creators-from-message.csv',
        title: 'Creators from a message',
        filetype: 'csv',
        mimetype: 'text/csv',
        size: csv.length,
      },
      open: async () =>
        (async function* () {
          yield csv;
        })(),
    },
    new SlackDraftReporter(client, deps.log, deps.clock),
  );
  return shortcutBatch({
    count: useHandles ? handles.length : emails.length,
    skipped: useHandles ? emails.length : handles.length,
    skippedKind: useHandles ? (emails.length ? 'email' : null) : handles.length ? 'handle' : null,
  });
}

function lookUpCreatorsShortcut(deps: ScoutDeps) {
  return async ({
    ack,
    body,
    client,
    respond,
  }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = messageActionSchema.safeParse(body);
    const who = requesterOf(body);
    if (!parsed.success) return;
    const { channel, message } = parsed.data;
    const tell = (m: SlackMessage, replace = false) => deliver(respond, deps.log, 'the shortcut', m, replace);
    const { creators, readParent } = await findCreators(deps, client, channel.id, message);
    if (creators.length === 0) {
      await tell(NOTHING_FOUND);
      return;
    }
    const where = { channel: channel.id, messageTs: message.ts, threadTs: message.thread_ts ?? message.ts };
    if (creators.length > MAX_DIRECT) {
      await tell(await startBatchDraft(deps, client, who, where, creators));
      return;
    }
    const draft: ShortcutDraft = {
      id: randomBytes(9).toString('base64url'),
      team: who.team,
      user: who.user,
      channel: channel.id,
      threadTs: where.threadTs,
      creators,
    };
    await deps.store.kv.set(draftKey(draft.id), draft, DRAFT_TTL_MS);
    await tell(
      shortcutList({
        draftId: draft.id,
        creators,
        estimates: { raw: estimateOf(deps, creators, 'raw'), full: estimateOf(deps, creators, 'full') },
        prices: prices(deps),
        budget: await budgetOf(deps, who.team),
        readParent,
      }),
    );
  };
}

/** One creator's card for the thread, and what it cost. */
async function cardFor(
  deps: ScoutDeps,
  who: Requester,
  creator: FoundCreator,
  mode: LookupMode,
): Promise<{ message: SlackMessage; credits: number }> {
  if (creator.kind === 'email') {
    const before = (await deps.guard.status(who.team)).spent;
    const message = await emailMessage(deps, who, creator.email, false);
    return { message, credits: Math.max(0, (await deps.guard.status(who.team)).spent - before) };
  }
  const target = { platform: creator.platform, handle: creator.handle };
  if (mode === 'full') {
    const before = (await deps.guard.status(who.team)).spent;
    const message = await creatorCardMessage(deps, who, target);
    return { message, credits: Math.max(0, (await deps.guard.status(who.team)).spent - before) };
  }
  const unfurlDeps = {
    ...deps,
    ttlMs: deps.config.CACHE_TTL_ENRICHMENT_HOURS * 60 * 60 * 1000,
  };
  const result = await lookUpRaw(unfurlDeps, who, target);
  const message = rawCardMessage({
    target,
    profile: result.data.profile,
    engagementEstimated: result.data.engagementEstimated === true,
    provenance: {
      credits: result.creditsCost,
      what: 'raw lookup',
      fromCache: result.fromCache,
      shared: result.shared,
      now: deps.clock(),
    },
    fullCardPrice: deps.guard.prices.enrich_full,
    verdict: compactVerdictBlocks(target.platform, result.data.profile, deps.clock()),
  });
  return { message, credits: result.creditsCost };
}

function nameOf(creator: FoundCreator): string {
  return creator.kind === 'email' ? creator.email : subjectOf(creator);
}

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

function runAction(deps: ScoutDeps) {
  return async ({ ack, action, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const [id, mode] = (action.value ?? '').split(':');
    const tell = (m: SlackMessage, replace: boolean) =>
      deliver(respond, deps.log, 'the shortcut', m, replace);
    const parsed = draftSchema.safeParse(await deps.store.kv.get(draftKey(id ?? '')));
    const who = requesterOf(body);
    if (!parsed.success || (mode !== 'raw' && mode !== 'full')) {
      await tell(
        shortcutText(':hourglass: This list has expired. Use the shortcut on the message again.'),
        true,
      );
      return;
    }
    const draft = parsed.data;
    if (who.user !== draft.user || who.team !== draft.team) return;
    const estimate = estimateOf(deps, draft.creators, mode);
    const budget = await budgetOf(deps, draft.team);
    if (budget && estimate > budget.remaining) {
      await tell(shortcutRefused(estimate, budget), false);
      return;
    }
    // A second click (or a click on the other button) never looks them up twice.
    if (!(await claimOnce(deps.store, `shortcut:run:${draft.id}`, RUN_CLAIM_TTL_MS))) return;
    await tell(shortcutRunning(draft.creators.length, mode), true);
    let posted = 0;
    let credits = 0;
    const failures: string[] = [];
    for (const creator of draft.creators) {
      let card: Awaited<ReturnType<typeof cardFor>>;
      try {
        card = await cardFor(deps, who, creator, mode);
        credits += card.credits;
      } catch (error) {
        deps.log.info({ err: error, team: draft.team }, 'shortcut lookup failed');
        failures.push(describeFailure(error, nameOf(creator)).text);
        continue;
      }
      try {
        await postMessage(client, {
          channel: draft.channel,
          thread_ts: draft.threadTs,
          text: card.message.text,
          blocks: card.message.blocks,
        });
        posted += 1;
      } catch (error) {
        const code = slackErrorCode(error);
        deps.log.warn({ err: error, code, team: draft.team }, 'could not post a card in the thread');
        // Scout cannot post here: stop before paying for the rest (what was paid stays cached, free next time).
        failures.push(NOT_IN_CHANNEL);
        break;
      }
    }
    await tell(shortcutDone({ posted, credits: Math.round(credits * 1000) / 1000, failures }), true);
  };
}

function cancelAction(deps: ScoutDeps) {
  return async ({ ack, action, respond }: ActionArgs): Promise<void> => {
    await ack();
    await deps.store.kv.delete(draftKey(action.value ?? ''));
    await respond({ delete_original: true }).catch(() => {});
  };
}

export function registerShortcuts(app: App, deps: ScoutDeps): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUT_IDS.lookUp, type: 'message_action' },
    lookUpCreatorsShortcut(deps),
  );
  app.action<BlockButtonAction>(SHORTCUT_IDS.runRaw, runAction(deps));
  app.action<BlockButtonAction>(SHORTCUT_IDS.runFull, runAction(deps));
  app.action<BlockButtonAction>(SHORTCUT_IDS.cancel, cancelAction(deps));
  openDiscoverFromShortcut(app, deps);
}

export const shortcuts: Feature = {
  name: 'shortcuts',
  register: registerShortcuts,
};
