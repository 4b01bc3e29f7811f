import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware, RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { actions, button, type SlackBlock, type SlackMessage } from '../../views/blocks.ts';
import { describeFailure } from '../../views/errors.ts';
import type { Store } from '../store/types.ts';
import { slackContext } from './context.ts';
import { slackErrorCode } from './web.ts';

/**
 * How every lookup answers in Slack: acknowledge at once with "Looking up…" (Slack's 3-second rule),
 * do the slow call after, then replace the placeholder with the result or with one clear failure
 * message. Results are ephemeral; "Share in channel" re-posts a stored copy publicly for free.
 */

type Ack = (response?: string | RespondArguments) => Promise<void>;

export interface CommandAnswer {
  ack: Ack;
  respond: RespondFn;
  log: Logger;
  /** Shown at once, e.g. "Looking up @example_creator on Instagram…". */
  loading: string;
  /** Names the operation in a failure message: "the lookup of @x". */
  what: string;
  work: () => Promise<SlackMessage>;
}

export async function answerCommand(answer: CommandAnswer): Promise<void> {
  await answer.ack({ response_type: 'ephemeral', text: `:hourglass_flowing_sand: ${answer.loading}` });
  await afterWaitingAcks();
  await replaceWithResult(answer.respond, answer.log, answer.what, answer.work, true);
}

export type ActionAnswer = Omit<CommandAnswer, 'loading' | 'ack'> & {
  ack: () => Promise<void>;
  replace: boolean;
};

/** A button on an earlier answer: ack, then show the result (replacing that answer or below it). */
export async function answerAction(answer: ActionAnswer): Promise<void> {
  await answer.ack();
  await afterWaitingAcks();
  await replaceWithResult(answer.respond, answer.log, answer.what, answer.work, answer.replace);
}

/** Who a paid lookup is for: budgets, caches and the ledger are kept per workspace. */
export interface Requester {
  team: string;
  user: string;
}

/**
 * The workspace and user of any payload (see `slackContext`). A payload that names no workspace
 * never reaches a listener: the Slack layer's `requireWorkspace` middleware refuses it first.
 */
export function requesterOf(payload: unknown): Requester {
  const { teamId, userId } = slackContext(payload);
  return { team: teamId, user: userId };
}

type WorkFor = { work: (who: Requester) => Promise<SlackMessage> };

/** answerCommand for work spent on behalf of the command's workspace. */
export async function answerCommandFor(
  payload: unknown,
  answer: Omit<CommandAnswer, 'work'> & WorkFor,
): Promise<void> {
  const who = requesterOf(payload);
  await answerCommand({ ...answer, work: () => answer.work(who) });
}

/** answerAction for work spent on behalf of the clicking workspace. */
export async function answerActionFor(
  payload: unknown,
  answer: Omit<ActionAnswer, 'work'> & WorkFor,
): Promise<void> {
  const who = requesterOf(payload);
  await answerAction({ ...answer, work: () => answer.work(who) });
}

/**
 * The work after an ack (cache, budget and lease in the store, then the API request) is cheap but
 * synchronous up to its first network wait. Run straight after each ack, a burst of 50 commands
 * runs 50 of those between the acks, and the last commands of the burst wait for all of them.
 * Instead, work that follows an ack waits until no command has been acked for QUIET_MS (the burst
 * is over), then starts one piece per event-loop turn, so a command arriving meanwhile is read and
 * acked first. Under steady load nothing waits longer than MAX_WAIT_MS. Measured in
 * bench/ack-latency.bench.ts; the lookups themselves take hundreds of milliseconds or more.
 */
const QUIET_MS = 3;
const MAX_WAIT_MS = 100;
const waitingWork: { since: number; start: () => void }[] = [];
let lastAckAt = 0;
let releasing = false;

export function afterWaitingAcks(): Promise<void> {
  lastAckAt = performance.now();
  return new Promise((start) => {
    waitingWork.push({ since: lastAckAt, start });
    if (!releasing) {
      releasing = true;
      setTimeout(releaseOne, QUIET_MS);
    }
  });
}

function releaseOne(): void {
  const now = performance.now();
  const oldest = waitingWork[0];
  if (oldest === undefined) {
    releasing = false;
    return;
  }
  const quietFor = now - lastAckAt;
  if (quietFor < QUIET_MS && now - oldest.since < MAX_WAIT_MS) {
    setTimeout(releaseOne, QUIET_MS - quietFor);
    return;
  }
  waitingWork.shift()?.start();
  setImmediate(releaseOne);
}

async function replaceWithResult(
  respond: RespondFn,
  log: Logger,
  what: string,
  work: () => Promise<SlackMessage>,
  replace: boolean,
): Promise<void> {
  let message: SlackMessage;
  try {
    message = await work();
  } catch (error) {
    const failure = describeFailure(error, what);
    if (failure.charged === 'maybe') log.error({ err: error, what }, 'lookup failed');
    else log.info({ err: error, what }, 'lookup refused or found nothing');
    message = { text: failure.text, blocks: [] };
  }
  await deliver(respond, log, what, message, replace);
}

/**
 * Where an answer goes when the payload's response_url fails (expired after 30 minutes, used 5
 * times, or Slack failing): set per request by `keepAnswersReachable`, so every lookup, however its
 * command calls `deliver`, can still reach the user. A paid answer must never be dropped.
 */
interface Recipient {
  client: WebClient;
  channel: string | undefined;
  user: string | undefined;
}
const recipients = new AsyncLocalStorage<Recipient>();

/** Global middleware (src/slack/app.ts): remembers who and where each request came from for `deliver`. */
export const keepAnswersReachable: Middleware<AnyMiddlewareArgs> = async ({ body, client, next }) => {
  // After requireWorkspace: the payload names its workspace, so slackContext does not throw here.
  const { channelId, userId } = slackContext(body);
  await recipients.run({ client, channel: channelId ?? undefined, user: userId || undefined }, next);
};

/**
 * One ephemeral answer through the payload's response_url; when that fails, the same message to
 * the user through chat.postEphemeral, then a DM (`tellUser`'s chain after its response_url step).
 */
export async function deliver(
  respond: RespondFn,
  log: Logger,
  what: string,
  message: SlackMessage,
  replace: boolean,
): Promise<void> {
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: replace,
      text: message.text,
      ...(message.blocks.length ? { blocks: message.blocks } : {}),
    });
    return;
  } catch (error) {
    log.warn({ err: error, what }, 'the response_url refused the answer; sending it another way');
  }
  const recipient = recipients.getStore();
  if (recipient?.user === undefined) {
    log.error({ what }, 'could not deliver the answer: no response_url and nobody known to tell');
    return;
  }
  const delivered = await tellUserDirectly(recipient.client, log, recipient.channel, recipient.user, message);
  if (!delivered) log.error({ what, user: recipient.user }, 'could not deliver the answer by any route');
}

/** Where to tell a user something privately when the payload has no response_url of its own. */
export interface ReplyTarget {
  channel: string;
  user: string;
  /** A response_url of an earlier payload and when it was issued. */
  responseUrl?: string | undefined;
  issuedAt: number;
}

/** response_url is valid for 30 minutes; leave a margin. */
const RESPONSE_URL_MAX_AGE_MS = 29 * 60 * 1000;

async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Show `message` to the user only, in the channel they were in: through the saved response_url
 * while it is valid (30 minutes, 5 uses; it works even where Scout is not a member), then through
 * chat.postEphemeral (needs Scout in the channel), then as a DM.
 */
export async function tellUser(
  client: WebClient,
  log: Logger,
  target: ReplyTarget & { now: number },
  message: SlackMessage,
): Promise<void> {
  const blocks = message.blocks.length ? { blocks: message.blocks } : {};
  if (target.responseUrl && target.now - target.issuedAt < RESPONSE_URL_MAX_AGE_MS) {
    const body = { response_type: 'ephemeral', replace_original: false, text: message.text, ...blocks };
    if (await postToResponseUrl(target.responseUrl, body)) return;
  }
  if (!(await tellUserDirectly(client, log, target.channel, target.user, message))) {
    log.warn('could not deliver a message to the user');
  }
}

/** chat.postEphemeral in the channel (needs Scout there), else a DM. False when neither worked. */
async function tellUserDirectly(
  client: WebClient,
  log: Logger,
  channel: string | undefined,
  user: string,
  message: SlackMessage,
): Promise<boolean> {
  const blocks = message.blocks.length ? { blocks: message.blocks } : {};
  if (channel !== undefined) {
    try {
      await client.chat.postEphemeral({ channel, user, text: message.text, ...blocks });
      return true;
    } catch (error) {
      log.info({ err: error, code: slackErrorCode(error) }, 'ephemeral post failed, sending a DM');
    }
  }
  try {
    await client.chat.postMessage({ channel: user, text: message.text, ...blocks });
    return true;
  } catch (error) {
    log.warn({ err: error, code: slackErrorCode(error) }, 'could not DM the user');
    return false;
  }
}

const SHARE_TTL_MS = 24 * 60 * 60 * 1000;
export const SHARE_ACTION = 'scout_share';

/**
 * Keep a copy of an answer so "Share in channel" can post it publicly later without calling the
 * API again. Returns the button to put on the answer.
 */
export async function shareButton(store: Store, message: SlackMessage): Promise<ReturnType<typeof button>> {
  const id = randomUUID();
  await store.kv.set(`share:${id}`, message, SHARE_TTL_MS);
  return button({ text: 'Share in channel', actionId: SHARE_ACTION, value: id });
}

export async function loadShared(store: Store, id: string): Promise<SlackMessage | undefined> {
  const message = (await store.kv.get(`share:${id}`)) as SlackMessage | undefined;
  return message && Array.isArray(message.blocks) ? message : undefined;
}

/** The public copy: the same card without the requester's buttons, plus who shared it. */
export function sharedCopy(message: SlackMessage, userId: string): SlackMessage {
  const blocks: SlackBlock[] = message.blocks.filter((b) => b.type !== 'actions');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${userId}> via Scout` }] });
  return { text: message.text, blocks: blocks.slice(-50) };
}

/**
 * Add "Share in channel" to an answer's buttons (or a new actions row). `copy` is what gets shared
 * when it differs from what the requester sees (e.g. discovery results without their Enrich buttons).
 */
export async function withShare(
  store: Store,
  message: SlackMessage,
  options: { copy?: SlackMessage } = {},
): Promise<SlackMessage> {
  const share = await shareButton(store, options.copy ?? message);
  const blocks = [...message.blocks];
  const last = blocks.at(-1);
  if (
    last &&
    last.type === 'actions' &&
    'elements' in last &&
    Array.isArray(last.elements) &&
    last.elements.length < 25
  ) {
    blocks[blocks.length - 1] = { ...last, elements: [...last.elements, share] } as SlackBlock;
  } else {
    // Stay within 50 blocks: the buttons matter more than the last line of a long list.
    if (blocks.length >= 50) blocks.splice(49);
    blocks.push(actions([share]));
  }
  return { text: message.text, blocks };
}
