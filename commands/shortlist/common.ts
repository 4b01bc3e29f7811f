import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  BlockOverflowAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import { z } from 'zod';
import type { ScoutDeps } from '../../src/feature.ts';
import type { ExclusionSync } from '../../src/shortlists/exclusion-sync.ts';
import { Shortlists } from '../../src/shortlists/store.ts';
import { snapshotSchema } from '../../src/shortlists/types.ts';
import type { MessageRefresher } from './refresh.ts';

/** What the /shortlist listeners share: Bolt argument types, modal metadata, and per-Scout services. */

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type OverflowArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** One Scout's shortlist services (tests run several Scouts in one process). */
export interface ShortlistKit {
  deps: ScoutDeps;
  lists: Shortlists;
  refresher: MessageRefresher;
  sync: ExclusionSync;
}

export function kitLists(deps: ScoutDeps): Shortlists {
  return new Shortlists(deps.store, deps.clock);
}

/**
 * A modal's private_metadata: the channel and response_url of the click or command that opened it
 * (a view submission has neither), its issue time, and what it is about.
 */
export const metaSchema = z.object({
  c: z.string().min(1),
  u: z.string().url().optional(),
  t: z.number(),
  l: z.string().max(40).optional(),
  s: snapshotSchema.optional(),
});
export type ModalMeta = z.infer<typeof metaSchema>;

export const statusValueSchema = z.object({
  l: z.string().min(1).max(40),
  e: z.string().min(1).max(40),
  s: z.enum(['new', 'contacted', 'negotiating', 'signed', 'rejected']),
});
