import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import type { CreatorSummary } from '../src/ic/profile.ts';
import { actions, button, context, header, type SlackMessage, section } from './blocks.ts';
import {
  ago,
  creditsPhrase,
  escapeMrkdwn,
  fallbackText,
  formatCount,
  formatInteger,
  formatPercent,
  LIMITS,
  mrkdwnLink,
  truncate,
} from './format.ts';
import {
  notSentNote,
  type RowCreator,
  type RowVetting,
  rowShortlistBlock,
  rowVettingLines,
} from './row-vetting.ts';

/**
 * `/similar`: one page of lookalike creators, with Previous/Next and a button per creator that opens
 * its card. Pure: the command passes the page, what it cost and `now`.
 */

export const SIMILAR_PAGE_SIZE = 10;
/** The API serves nothing past the 10,000th result (api-ref#pagination). */
export const SIMILAR_RESULT_WINDOW = 10_000;
/** The highest page that can be asked for: (page + 1) × 10 must stay within the window. */
export const SIMILAR_LAST_PAGE = SIMILAR_RESULT_WINDOW / SIMILAR_PAGE_SIZE - 1;

/**
 * Previous and Next. Slack wants action ids unique within a block, so the two buttons of one row
 * get their own ids; the command listens to both, and to a bare `similar_page` (SIMILAR_PAGE_ACTION_PATTERN).
 */
export const SIMILAR_PREVIOUS_ACTION = 'similar_page_prev';
export const SIMILAR_NEXT_ACTION = 'similar_page_next';
export const SIMILAR_PAGE_ACTION_PATTERN = /^similar_page(_prev|_next)?$/;
/** The creator card's "Similar" button: page 0 as a new message. */
export const SIMILAR_OPEN_ACTION = 'similar_open';
/** Handled by the /creator feature: opens a creator's card. */
export const CREATOR_OPEN_ACTION = 'creator_open';

/** Longest creator name shown; the rest of a line is counts. */
const NAME_MAX = 100;
/** A profile link longer than this is shown as plain text (a signed or tracking URL, not worth a line). */
const LINK_MAX = 500;

/** What the page cost: spent now, served from the cache, or joined an identical request in flight. */
export interface PageCost {
  creditsCost: number;
  fromCache: { at: number } | null;
  shared: boolean;
}

export interface SimilarPageInput {
  platform: Platform;
  /** The seed creator, canonical. */
  handle: string;
  /** 0-based (api-ref#pagination). */
  page: number;
  /** `total` from the API (matches before the window); null when it did not say. */
  total: number | null;
  creators: readonly CreatorSummary[];
  cost: PageCost;
  now: number;
  /** Verdicts, contact marks and shortlist buttons (none: plain rows). */
  vetting?: RowVetting;
}

/** Whether page `page` has a next page: (n+1)×10 < min(total, 10,000). */
export function hasNextSimilarPage(page: number, total: number | null): boolean {
  if (total === null || !Number.isFinite(total)) return false;
  return (page + 1) * SIMILAR_PAGE_SIZE < Math.min(total, SIMILAR_RESULT_WINDOW);
}

/** Pages that can be shown for `total` matches (at most 1,000). */
export function similarPageCount(total: number): number {
  return Math.ceil(Math.max(0, Math.min(total, SIMILAR_RESULT_WINDOW)) / SIMILAR_PAGE_SIZE);
}

/** The value of a Previous/Next button (and what the command parses back). */
export function similarPageValue(platform: Platform, handle: string, page: number): string {
  return JSON.stringify({ platform, handle, page });
}

function followerWord(platform: Platform | null): string {
  return platform === 'youtube' ? 'subscribers' : 'followers';
}

function seedName(platform: Platform, handle: string): string {
  return `@${handle} on ${PLATFORM_NAMES[platform]}`;
}

export function costPhrase(cost: PageCost, now: number, spentLabel: string): string {
  if (cost.fromCache) return `From cache, ${ago(cost.fromCache.at, now)}: nothing charged`;
  if (cost.shared) return 'Same request was already running: nothing charged';
  return `${spentLabel} ${creditsPhrase(cost.creditsCost)}`;
}

function creatorLine(
  creator: CreatorSummary,
  rank: number,
  platform: Platform,
  vetting: RowVetting | undefined,
): string {
  const handle = creator.handle ? `@${creator.handle}` : null;
  const label = truncate(creator.name ?? handle ?? 'Unnamed creator', NAME_MAX);
  const url = creator.url && creator.url.length <= LINK_MAX ? creator.url : null;
  const title = `${rank}. *${mrkdwnLink(url, label)}*`;
  const handlePart = creator.name && handle ? ` · ${escapeMrkdwn(truncate(handle, NAME_MAX))}` : '';
  const stats = [
    `${formatCount(creator.followers)} ${followerWord(creator.platform ?? platform)}`,
    `${formatPercent(creator.engagementPercent)} engagement`,
  ].join(' · ');
  const extra = rowVettingLines(rowOf(creator, platform), vetting);
  return [`${title}${handlePart}`, stats, ...extra].join('\n');
}

function rowOf(creator: CreatorSummary, platform: Platform): RowCreator {
  return { ...creator, platform: creator.platform ?? platform };
}

function openButton(creator: CreatorSummary, platform: Platform) {
  if (!creator.handle) return undefined;
  const value = JSON.stringify({ platform: creator.platform ?? platform, handle: creator.handle });
  if (value.length > LIMITS.buttonValue) return undefined;
  return button({ text: 'Creator card', actionId: CREATOR_OPEN_ACTION, value });
}

export function similarPage(input: SimilarPageInput): SlackMessage {
  const { platform, handle, page, total } = input;
  const seed = seedName(platform, handle);
  const pages = total === null ? null : similarPageCount(total);
  const blocks: SlackMessage['blocks'] = [header(`Creators like ${seed}`)];

  if (input.creators.length === 0) {
    blocks.push(
      section(
        page === 0
          ? `:mag: Influencers Club found no creators like ${escapeMrkdwn(seed)}.`
          : `:mag: No more lookalikes of ${escapeMrkdwn(seed)} after page ${formatInteger(page)}.`,
      ),
    );
  }
  const shown = input.creators.slice(0, SIMILAR_PAGE_SIZE);
  shown.forEach((creator, i) => {
    const accessory = openButton(creator, platform);
    blocks.push(
      section(
        creatorLine(creator, page * SIMILAR_PAGE_SIZE + i + 1, platform, input.vetting),
        accessory ? { accessory } : {},
      ),
    );
    if (input.vetting) blocks.push(...rowShortlistBlock(rowOf(creator, platform)));
  });

  const facts: string[] = [];
  if (pages !== null && pages > 0) facts.push(`Page ${formatInteger(page + 1)} of ${formatInteger(pages)}`);
  if (total !== null) facts.push(`${formatInteger(total)} lookalikes`);
  if (total !== null && total > SIMILAR_RESULT_WINDOW)
    facts.push(`Influencers Club serves the first ${formatInteger(SIMILAR_RESULT_WINDOW)}`);
  facts.push(costPhrase(input.cost, input.now, 'This page cost'));
  blocks.push(context([facts.join(' · ')]));
  const note = notSentNote(input.vetting);
  if (note) blocks.push(context([note]));

  const paging = [];
  if (page > 0) {
    paging.push(
      button({
        text: 'Previous',
        actionId: SIMILAR_PREVIOUS_ACTION,
        value: similarPageValue(platform, handle, page - 1),
      }),
    );
  }
  if (input.creators.length > 0 && hasNextSimilarPage(page, total)) {
    paging.push(
      button({
        text: 'Next',
        actionId: SIMILAR_NEXT_ACTION,
        value: similarPageValue(platform, handle, page + 1),
      }),
    );
  }
  if (paging.length > 0) blocks.push(actions(paging));

  const where = pages ? `, page ${formatInteger(page + 1)} of ${formatInteger(pages)}` : '';
  return {
    text: fallbackText(`Creators like ${seed}${where}`),
    blocks,
  };
}

const EXAMPLES = [
  '`/similar @maya.moves` lookalikes of an Instagram creator',
  '`/similar dani.dances tiktok` on another platform (TikTok, YouTube, Twitch, OnlyFans)',
  '`/similar https://www.youtube.com/@theo.tinkers` a profile link says its own platform',
];

export function similarHelp(): SlackMessage {
  const text = [
    '*/similar* finds creators like one you know, 10 per page, best matches first.',
    ...EXAMPLES.map((e) => `• ${e}`),
    'Each page costs at most 0.1 credit (0.01 per creator shown); pages you have seen are free for a while (they are cached). X (Twitter) is not supported by Influencers Club.',
  ].join('\n');
  return { text: 'How to use /similar', blocks: [section(text)] };
}

/** Input that cannot be right: say why, show valid input, and that nothing was spent. */
export function similarInputError(reason: string): SlackMessage {
  const text = `:warning: ${escapeMrkdwn(reason)}\nTry ${EXAMPLES[0]}, or \`/similar help\`. Nothing was charged.`;
  return { text: fallbackText(`${reason} Nothing was charged.`), blocks: [section(text)] };
}
