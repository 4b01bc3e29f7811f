import type { Button } from '@slack/types';
import type { BudgetStatus } from '../src/budget/guard.ts';
import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import type { CreatorProfile } from '../src/ic/profile.ts';
import { actions, button, context, fields, imageAccessory, type SlackBlock, section } from './blocks.ts';
import { costLine, creatorButtonValue, type Provenance } from './creator.ts';
import { escapeMrkdwn, formatCount, formatCredits, formatPercent, mrkdwnLink } from './format.ts';

/**
 * The compact card a pasted profile link unfurls into (name, platform, followers, engagement,
 * "Full card"), and the offer shown instead when it was not looked up for free ("Look up (≈0.03
 * credits)"). Unfurls carry blocks only (chat.unfurl has no text fallback). Pure: `now` comes in.
 */

export const UNFURL_ACTIONS = {
  /** Pay for the raw lookup and update the unfurl in place. */
  lookUp: 'unfurl_lookup',
  /** The normal /creator card (full enrichment), shown to the clicker. */
  fullCard: 'unfurl_full_card',
} as const;

export interface UnfurlTargetView {
  platform: Platform;
  handle: string;
}

export interface UnfurlCardInput {
  target: UnfurlTargetView;
  profile: CreatorProfile;
  /** The engagement rate was estimated from recent posts: shown as "≈ x%". */
  engagementEstimated?: boolean;
  provenance: Provenance;
  /** Price of the full card (credits), quoted on its button. */
  fullCardPrice: number;
  /** The verdict flags (views/verdict.ts `compactVerdictBlocks`), shown under the numbers. */
  verdict?: readonly SlackBlock[] | null;
}

export function unfurlCard(input: UnfurlCardInput): { blocks: SlackBlock[] } {
  const { profile, target } = input;
  const handle = profile.handle ?? target.handle;
  const name = profile.name ?? `@${handle}`;
  const identity = [
    `*${escapeMrkdwn(name)}*`,
    mrkdwnLink(profile.profileUrl, `@${handle}`),
    escapeMrkdwn(PLATFORM_NAMES[target.platform]),
    ...(profile.verified === true ? [':white_check_mark:'] : []),
  ].join(' · ');
  const blocks: SlackBlock[] = [
    section(identity, { accessory: imageAccessory(profile.avatarUrl, `${name} avatar`) }),
    fields([
      `*Followers*\n${formatCount(profile.followers)}`,
      `*Engagement*\n${input.engagementEstimated && profile.engagementPercent !== null ? '≈ ' : ''}${formatPercent(profile.engagementPercent)}`,
    ]),
  ];
  if (input.verdict && input.verdict.length > 0) blocks.push(...input.verdict);
  blocks.push(
    context([`${costLine(input.provenance)} · Scout`]),
    actions([
      button({
        text: `Full card · ${formatCredits(input.fullCardPrice)} ${input.fullCardPrice === 1 ? 'credit' : 'credits'}`,
        actionId: UNFURL_ACTIONS.fullCard,
        value: creatorButtonValue(target.platform, target.handle),
      }),
    ]),
  );
  return { blocks };
}

export type OfferReason = 'cache_only' | 'daily_cap' | 'budget' | 'account';

export interface UnfurlOfferInput {
  target: UnfurlTargetView;
  reason: OfferReason;
  dailyCap: number;
  /** Price of the raw lookup the button buys (credits). */
  estimate: number;
  budget: BudgetStatus | null;
  /** The Look up button's value (names the link and where the unfurl is); null: no button fits. */
  buttonValue: string | null;
}

function reasonText(input: UnfurlOfferInput): string {
  switch (input.reason) {
    case 'cache_only':
      return 'Not looked up yet: this workspace unfurls only creators Scout already knows (free).';
    case 'daily_cap':
      return `Not looked up: today's ${input.dailyCap} automatic unfurl lookups are used.`;
    case 'budget':
      return input.budget
        ? `Not looked up: a lookup costs ≈${formatCredits(input.estimate)} credits and this workspace has ${formatCredits(input.budget.remaining)} of ${formatCredits(input.budget.limit)} left this month.`
        : 'Not looked up: the monthly budget is used up.';
    case 'account':
      return 'Not looked up: the Influencers Club account cannot cover a lookup right now.';
  }
}

export function lookUpButton(estimate: number, value: string): Button {
  return button({
    text: `Look up (≈${formatCredits(estimate)} credits)`,
    actionId: UNFURL_ACTIONS.lookUp,
    value,
  });
}

export function unfurlOffer(input: UnfurlOfferInput): { blocks: SlackBlock[] } {
  const subject = `*@${escapeMrkdwn(input.target.handle)}* on ${escapeMrkdwn(PLATFORM_NAMES[input.target.platform])}`;
  const blocks: SlackBlock[] = [section(subject), context([`${reasonText(input)} Nothing was charged.`])];
  const canBuy = input.reason === 'cache_only' || input.reason === 'daily_cap';
  if (canBuy && input.buttonValue) blocks.push(actions([lookUpButton(input.estimate, input.buttonValue)]));
  return { blocks };
}
