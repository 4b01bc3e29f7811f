import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import type { CreatorSummary } from '../src/ic/profile.ts';
import { button, context, header, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import {
  answerFooter,
  atHandle,
  CREATOR_ACTION,
  creatorButtonValue,
  type Provenance,
  platformLabel,
  type RefreshOffer,
  SOCIALS_OPEN_ACTION,
} from './creator.ts';
import {
  creditsPhrase,
  escapeMrkdwn,
  formatCount,
  isHttpUrl,
  joinLinesWithin,
  LIMITS,
  mrkdwnLink,
  truncate,
} from './format.ts';

/**
 * /socials: a creator's connected accounts (api-ref#socials), one line each with platform, linked handle and
 * followers, the biggest highlighted, and "Open card" on the top accounts. Pure.
 */

export const SOCIALS_ACTION = {
  open: SOCIALS_OPEN_ACTION,
  refresh: 'socials_refresh',
} as const;

export interface SocialsInput {
  asked: { platform: Platform; handle: string };
  accounts: CreatorSummary[];
  provenance: Provenance;
  refresh: RefreshOffer | null;
  /** Price of the full profile behind "Open card" (credits). */
  cardCost: number;
}

/** Accounts that get a line (and block) of their own; the rest are summed up in one section. */
const OWN_SECTIONS = 20;
/** Accounts that get an "Open card" button. */
const WITH_BUTTON = 5;

/** Biggest first; accounts with unknown followers last. */
export function byFollowers(accounts: readonly CreatorSummary[]): CreatorSummary[] {
  return [...accounts].sort((a, b) => (b.followers ?? -1) - (a.followers ?? -1));
}

function accountLine(account: CreatorSummary, biggest: boolean): string {
  const handle = account.handle ? `@${truncate(account.handle, 100)}` : atHandle(null);
  const linked =
    account.url && account.url.length <= 500 && isHttpUrl(account.url)
      ? mrkdwnLink(account.url, handle)
      : escapeMrkdwn(handle);
  const name = account.name ? ` · ${escapeMrkdwn(truncate(account.name, 80))}` : '';
  const followers = `${formatCount(account.followers)} followers`;
  return biggest
    ? `:star: *${escapeMrkdwn(platformLabel(account.platform))}* · ${linked}${name} · *${followers}* (biggest)`
    : `*${escapeMrkdwn(platformLabel(account.platform))}* · ${linked}${name} · ${followers}`;
}

export function socialsList(input: SocialsInput): SlackMessage {
  const accounts = byFollowers(input.accounts);
  const { asked } = input;
  const askedName = `@${asked.handle} on ${PLATFORM_NAMES[asked.platform]}`;
  const blocks: SlackBlock[] = [
    header(`Connected accounts · @${asked.handle}`),
    context([
      `${escapeMrkdwn(askedName)} · ${accounts.length} connected ${accounts.length === 1 ? 'account' : 'accounts'}`,
    ]),
  ];
  if (accounts.length === 0) blocks.push(section('Influencers Club lists no connected accounts.'));
  const biggestFollowers = accounts[0]?.followers ?? null;
  accounts.slice(0, OWN_SECTIONS).forEach((account, i) => {
    const biggest = i === 0 && biggestFollowers !== null && accounts.length > 1;
    const canOpen = i < WITH_BUTTON && account.platform !== null && account.handle !== null;
    const accessory =
      canOpen && account.platform && account.handle
        ? button({
            text: `Open card · ${creditsPhrase(input.cardCost)}`,
            actionId: CREATOR_ACTION.open,
            value: creatorButtonValue(account.platform, account.handle),
          })
        : undefined;
    blocks.push(section(accountLine(account, biggest), accessory ? { accessory } : {}));
  });
  const rest = accounts.slice(OWN_SECTIONS).map((a) => accountLine(a, false));
  if (rest.length > 0) blocks.push(section(joinLinesWithin(rest, LIMITS.sectionText - 100, 'more accounts')));
  blocks.push(...answerFooter(input.provenance, [], input.refresh));

  const summary = accounts
    .slice(0, 5)
    .map((a) => `${platformLabel(a.platform)} ${formatCount(a.followers)}`)
    .join(', ');
  const text = `Connected accounts of ${escapeMrkdwn(askedName)}: ${summary || 'none'}`;
  return { text: truncate(text, 500), blocks };
}

export const SOCIALS_EXAMPLES =
  '`/socials @example_creator`, `/socials example_creator tiktok` or `/socials https://www.youtube.com/@example_creator`';

export function socialsHelp(prices: { socials: number }): SlackMessage {
  const text = [
    "*/socials* lists a creator's connected accounts on other platforms, with followers and links.",
    '• `/socials @example_creator`: an Instagram handle (a bare handle means Instagram)',
    '• `/socials example_creator tiktok`: another platform (instagram, tiktok, youtube, x, twitch, …)',
    '• `/socials https://www.youtube.com/@example_creator`: any profile link',
    `A lookup costs ${creditsPhrase(prices.socials)}. The same lookup again is free while the answer is cached. This help costs nothing.`,
  ].join('\n');
  return { text: '/socials: how to use it', blocks: [section(text)] };
}

export function socialsInputProblem(problem: string): SlackMessage {
  const text = `:warning: ${escapeMrkdwn(truncate(problem, 500))}\nTry ${SOCIALS_EXAMPLES}. Nothing was charged.`;
  return { text, blocks: [section(text)] };
}
