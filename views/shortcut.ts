import { PLATFORM_NAMES } from '../src/ic/platforms.ts';
import type { FoundCreator } from '../src/shortcut/extract.ts';
import { actions, button, context, type SlackMessage, section } from './blocks.ts';
import { escapeMrkdwn, fallbackText, formatCredits, joinLinesWithin, LIMITS, plural } from './format.ts';
import { type UnfurlCardInput, unfurlCard } from './unfurl.ts';

/**
 * The "Look up creators" message shortcut: the ephemeral list of what Scout found with the
 * estimate and a choice of raw or full, what happens after, and the raw card posted in the thread.
 * Pure.
 */

export const SHORTCUT_IDS = {
  lookUp: 'scout_lookup_creators',
  find: 'scout_find_creators',
  runRaw: 'shortcut_run_raw',
  runFull: 'shortcut_run_full',
  cancel: 'shortcut_cancel',
} as const;

export type LookupMode = 'raw' | 'full';

export interface ShortcutListInput {
  draftId: string;
  creators: readonly FoundCreator[];
  estimates: Record<LookupMode, number>;
  prices: { raw: number; full: number; email: number };
  budget: { remaining: number; limit: number } | null;
  /** The thread's first message was read too (the shortcut was used on a reply). */
  readParent: boolean;
}

function creatorLine(c: FoundCreator): string {
  if (c.kind === 'email') return `• ${escapeMrkdwn(c.email)} — email (basic email lookup)`;
  const platform = PLATFORM_NAMES[c.platform];
  return `• @${escapeMrkdwn(c.handle)} — ${escapeMrkdwn(platform)}${c.guessed ? ' _(guessed)_' : ''}`;
}

export function shortcutList(input: ShortcutListInput): SlackMessage {
  const n = input.creators.length;
  const title = `:mag: Scout found ${plural(n, 'creator')} in this message${input.readParent ? ' and its thread’s first message' : ''}:`;
  const budget = input.budget
    ? `This workspace has ${formatCredits(input.budget.remaining)} of ${formatCredits(input.budget.limit)} credits left this month.`
    : 'The budget left could not be read just now.';
  const guessed = input.creators.some((c) => c.kind === 'handle' && c.guessed)
    ? ' A bare @handle is taken for Instagram (guessed); a profile link says its own platform.'
    : '';
  const emails = input.creators.some((c) => c.kind === 'email')
    ? ` Emails use the basic email lookup (${formatCredits(input.prices.email)} each) either way.`
    : '';
  return {
    text: fallbackText(
      `Scout found ${n} creators in this message. Choose raw or full to post their cards in the thread.`,
    ),
    blocks: [
      section(`${title}\n${joinLinesWithin(input.creators.map(creatorLine), LIMITS.sectionText - 200)}`),
      context([
        `*Raw* (${formatCredits(input.prices.raw)} each): name, followers, engagement — at most ≈${formatCredits(input.estimates.raw)} credits. ` +
          `*Full* (${formatCredits(input.prices.full)} each): the whole /creator card — at most ≈${formatCredits(input.estimates.full)} credits. ` +
          `Creators already looked up cost nothing.${guessed}${emails} ${budget}`,
      ]),
      actions([
        button({
          text: `Raw · ≈${formatCredits(input.estimates.raw)} credits`,
          actionId: SHORTCUT_IDS.runRaw,
          value: `${input.draftId}:raw`,
          style: 'primary',
        }),
        button({
          text: `Full · ≈${formatCredits(input.estimates.full)} credits`,
          actionId: SHORTCUT_IDS.runFull,
          value: `${input.draftId}:full`,
        }),
        button({ text: 'Cancel', actionId: SHORTCUT_IDS.cancel, value: input.draftId }),
      ]),
    ],
  };
}

export function shortcutText(text: string): SlackMessage {
  return { text: fallbackText(text), blocks: [section(text)] };
}

export const NOTHING_FOUND = shortcutText(
  ':mag: Scout found no creator handles, profile links or emails in this message. Nothing was charged.',
);

export function shortcutRefused(
  estimate: number,
  budget: { remaining: number; limit: number },
): SlackMessage {
  return shortcutText(
    `:no_entry: These lookups cost up to ≈${formatCredits(estimate)} credits; this workspace has ${formatCredits(budget.remaining)} of ` +
      `${formatCredits(budget.limit)} left this month. Choose raw, or ask an admin to raise the budget in Scout’s Home tab. Nothing was charged.`,
  );
}

export function shortcutRunning(n: number, mode: LookupMode): SlackMessage {
  return shortcutText(
    `:hourglass_flowing_sand: Looking up ${plural(n, 'creator')} (${mode}); the cards go into the message’s thread.`,
  );
}

export function shortcutDone(input: {
  posted: number;
  credits: number;
  failures: readonly string[];
}): SlackMessage {
  const lines = [
    `:white_check_mark: Posted ${plural(input.posted, 'card')} in the thread · ${formatCredits(input.credits)} credits spent.`,
  ];
  if (input.failures.length > 0) {
    lines.push(
      joinLinesWithin(
        input.failures.map((f) => `• ${f}`),
        2000,
      ),
    );
  }
  return shortcutText(lines.join('\n'));
}

export function shortcutBatch(input: {
  count: number;
  skipped: number;
  skippedKind: string | null;
}): SlackMessage {
  const skipped =
    input.skipped > 0 && input.skippedKind
      ? ` A batch takes one kind of creator, so the ${plural(input.skipped, input.skippedKind)} in the message are left out.`
      : '';
  return shortcutText(
    `:card_index_dividers: ${plural(input.count, 'creator')} is more than 25, so Scout prepares a batch job instead, like a dropped CSV: ` +
      `its summary in the message’s thread shows the mode, the estimate and Start / Cancel. Nothing is charged until Start.${skipped}`,
  );
}

/** A raw card posted in a thread: the unfurl's compact card with a text fallback. */
export function rawCardMessage(input: UnfurlCardInput): SlackMessage {
  const name = input.profile.name ?? `@${input.profile.handle ?? input.target.handle}`;
  return {
    text: fallbackText(`${name} on ${PLATFORM_NAMES[input.target.platform]}`),
    blocks: unfurlCard(input).blocks,
  };
}
