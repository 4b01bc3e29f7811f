import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockStaticSelectAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { z } from 'zod';
import { DISCOVERY_PLATFORMS } from '../../src/ic/platforms.ts';
import type { ReplyTarget } from '../../src/slack/respond.ts';
import type { SlackMessage } from '../../views/blocks.ts';

/**
 * What the /discover listeners share: their Bolt argument types, the private_metadata of the two
 * modals, and the "expired" answer.
 *
 * A view_submission carries no response_url (only `response_url_enabled` on a conversations select
 * would add one), so a modal's private_metadata keeps the channel and the response_url of the
 * command or button that opened it, with the time it was issued (see `tellUser`).
 */

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ActionArgs<A extends BlockButtonAction | BlockStaticSelectAction> = SlackActionMiddlewareArgs<A> &
  AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

export const EXPIRED =
  ':hourglass: This search has expired (searches are kept for 7 days). Run `/discover` again to search afresh.';

export function textOnly(text: string): SlackMessage {
  return { text, blocks: [] };
}

/** The search modal: channel, response_url, its issue time, and the platform shown. */
export const searchMetaSchema = z.object({
  c: z.string().min(1),
  u: z.string().url().optional(),
  t: z.number(),
  p: z.enum(DISCOVERY_PLATFORMS),
});
export type SearchMeta = z.infer<typeof searchMetaSchema>;

/** The export modal: the saved search, channel, response_url, issue time and result count. */
export const exportMetaSchema = z.object({
  q: z.string().min(1),
  c: z.string().min(1),
  u: z.string().url().optional(),
  t: z.number(),
  n: z.number().int().nonnegative(),
});
export type ExportMeta = z.infer<typeof exportMetaSchema>;

/** private_metadata round-trips through Slack: parsed at the boundary, null when unusable. */

/** Where to answer the person who opened a modal: its channel and response_url (see `tellUser`). */
export function replyTarget(
  meta: { c: string; u?: string | undefined; t: number },
  user: string,
  now: number,
): ReplyTarget & { now: number } {
  return { channel: meta.c, user, responseUrl: meta.u, issuedAt: meta.t, now };
}
