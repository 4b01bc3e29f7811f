import type { Button } from '@slack/types';
import type { DiscoveryRow } from '../src/discovery/results.ts';
import { buttonValue } from '../src/discovery/saved-searches.ts';
import type { DiscoveryPlatform } from '../src/ic/platforms.ts';
import { PLATFORM_NAMES } from '../src/ic/platforms.ts';
import { actions, button, context, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import { type BudgetLine, budgetNote, DISCOVERY_CAP_NOTE } from './discover.ts';
import {
  ago,
  creditsPhrase,
  escapeMrkdwn,
  fallbackText,
  formatCount,
  formatCredits,
  formatInteger,
  formatPercent,
  MISSING,
  mrkdwnLink,
  plainText,
  truncate,
} from './format.ts';
import { notSentNote, type RowVetting, rowShortlistBlock, rowVettingLines } from './row-vetting.ts';

/**
 * One page of discovery results: total matches, 10 creators with followers, engagement and
 * location, an Enrich button each (handled by /creator's `creator_open`), Previous/Next, Export CSV,
 * and what the page cost. Pure: the caller passes the rows, the cost and the budget.
 */

export const PREVIOUS_ACTION = 'discover_prev';
export const NEXT_ACTION = 'discover_next';
export const EXPORT_ACTION = 'discover_export';
/** Owned by the /creator feature: opens the creator's card. */
export const ENRICH_ACTION = 'creator_open';

/** Results past the 10,000th are never served (api-ref#pagination). */
const RESULT_WINDOW = 10_000;

export interface ResultsPageProps {
  searchId: string;
  summary: string;
  platform: DiscoveryPlatform;
  /** 0-based, as the API counts pages (api-ref#pagination). */
  page: number;
  pageSize: number;
  total: number;
  rows: readonly DiscoveryRow[];
  /** What this page cost; `fromCache` when it was shown from Scout's cache (free). */
  cost: { credits: number; fromCache: { at: number } | null };
  pricePerCreator: number;
  budget: BudgetLine | null;
  now: number;
  /** Verdicts, contact marks and shortlist buttons (none: plain rows). */
  vetting?: RowVetting;
}

function followerWord(platform: DiscoveryPlatform, n: number | null): string {
  const word = platform === 'youtube' ? 'subscriber' : 'follower';
  return n === 1 ? word : `${word}s`;
}

function rowText(row: DiscoveryRow, vetting: RowVetting | undefined): string {
  const who = row.name ?? row.handle ?? MISSING;
  const title = `*${row.rank}. ${mrkdwnLink(row.url, truncate(who, 100))}*`;
  const handle = row.handle ? ` · @${escapeMrkdwn(truncate(row.handle, 100))}` : '';
  const stats = [
    `${formatCount(row.followers)} ${followerWord(row.platform, row.followers)}`,
    `${formatPercent(row.engagementPercent)} engagement`,
    `:round_pushpin: ${row.location ? escapeMrkdwn(truncate(row.location, 100)) : MISSING}`,
  ].join(' · ');
  return [`${title}${handle}`, stats, ...rowVettingLines(row, vetting)].join('\n');
}

function enrichButton(row: DiscoveryRow): Button | undefined {
  if (!row.handle) return undefined;
  return button({
    text: 'Enrich',
    actionId: ENRICH_ACTION,
    value: JSON.stringify({ platform: row.platform, handle: row.handle }),
  });
}

export function pagesFor(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(Math.min(total, RESULT_WINDOW) / pageSize));
}

function costLine(props: ResultsPageProps): string {
  if (props.cost.fromCache) {
    return `:recycle: Shown from Scout's cache (fetched ${ago(props.cost.fromCache.at, props.now)}): nothing was charged.`;
  }
  return `:coin: This page cost ${creditsPhrase(props.cost.credits)} (${formatCredits(props.pricePerCreator)} per creator returned).`;
}

export function discoveryResults(props: ResultsPageProps): SlackMessage {
  const { page, pageSize, total, rows, platform } = props;
  const summary = escapeMrkdwn(truncate(props.summary, 600));
  if (rows.length === 0) {
    const text =
      total > 0 && page > 0
        ? `:mag: No more results on page ${page + 1} for ${summary}.`
        : `:mag: No ${PLATFORM_NAMES[platform]} creators match ${summary}. Try fewer filters or a broader description.`;
    return {
      text: plainText(text, 3000),
      blocks: [
        section(text),
        context([costLine(props), `${budgetNote(props.budget)} ${DISCOVERY_CAP_NOTE}`]),
      ],
    };
  }
  const pages = pagesFor(total, pageSize);
  const windowNote = total > RESULT_WINDOW ? ' (Influencers Club serves the first 10,000)' : '';
  const blocks: SlackBlock[] = [
    section(
      `:mag: *${formatInteger(total)} ${PLATFORM_NAMES[platform]} creators* match · page ${formatInteger(page + 1)} of ${formatInteger(pages)}${windowNote}`,
    ),
    context([summary]),
  ];
  for (const row of rows.slice(0, 20)) {
    blocks.push(section(rowText(row, props.vetting), { accessory: enrichButton(row) }));
    if (props.vetting) blocks.push(...rowShortlistBlock(row));
  }
  blocks.push(context([costLine(props), `${budgetNote(props.budget)} ${DISCOVERY_CAP_NOTE}`]));
  const note = notSentNote(props.vetting);
  if (note) blocks.push(context([note]));

  const nav: Button[] = [];
  if (page > 0) {
    nav.push(
      button({ text: '◀ Previous', actionId: PREVIOUS_ACTION, value: buttonValue(props.searchId, page - 1) }),
    );
  }
  if (page + 1 < pages) {
    nav.push(button({ text: 'Next ▶', actionId: NEXT_ACTION, value: buttonValue(props.searchId, page + 1) }));
  }
  nav.push(
    button({ text: 'Export CSV', actionId: EXPORT_ACTION, value: buttonValue(props.searchId, total) }),
  );
  blocks.push(actions(nav, 'discover_nav'));

  const first = rows[0]?.rank ?? page * pageSize + 1;
  const last = rows.at(-1)?.rank ?? first;
  return {
    text: fallbackText(
      `${formatInteger(total)} creators match ${props.summary} (showing ${formatInteger(first)}–${formatInteger(last)})`,
    ),
    blocks,
  };
}

/** The copy "Share in channel" posts: the same page without anyone's buttons. */
export function resultsForSharing(message: SlackMessage): SlackMessage {
  return {
    text: message.text,
    blocks: message.blocks
      .filter((b) => b.type !== 'actions')
      .map((b) => {
        if (b.type !== 'section' || !('accessory' in b) || !b.accessory) return b;
        const { accessory: _, ...rest } = b as SlackBlock & { accessory?: unknown };
        return rest as SlackBlock;
      }),
  };
}

// ---- Export messages

export function exportStartedText(userId: string, summary: string, count: number): string {
  return `:page_facing_up: Discovery export for <@${userId}>: ${escapeMrkdwn(truncate(summary, 600))} — fetching ${formatInteger(count)} creators…`;
}

export function exportProgressText(userId: string, summary: string, fetched: number, count: number): string {
  return `:page_facing_up: Discovery export for <@${userId}>: ${escapeMrkdwn(truncate(summary, 600))} — ${formatInteger(fetched)} of ${formatInteger(count)} creators fetched…`;
}

export function exportFinishedText(
  userId: string,
  summary: string,
  exported: number,
  spent: number,
  complete: boolean,
): string {
  return `:page_facing_up: Discovery export for <@${userId}>: ${escapeMrkdwn(truncate(summary, 600))} — ${formatInteger(exported)} creators, ${creditsPhrase(spent)}${complete ? '.' : ' (stopped early, see the thread).'}`;
}

/** The comment on the uploaded file. `failure` is an already-escaped message from describeFailure. */
export function exportComment(props: {
  exported: number;
  requested: number;
  spent: number;
  uncertain: boolean;
  failure: string | null;
}): string {
  const cost = `${creditsPhrase(props.spent)} spent${props.uncertain ? ' (counting a page that may have been billed)' : ''}`;
  if (props.failure) {
    return `:warning: Stopped after ${formatInteger(props.exported)} of ${formatInteger(props.requested)} creators. ${props.failure}\nHere is what was fetched: ${cost}.`;
  }
  if (props.exported < props.requested) {
    return `:white_check_mark: ${formatInteger(props.exported)} creators (all there were; ${formatInteger(props.requested)} were requested). ${cost}.`;
  }
  return `:white_check_mark: ${formatInteger(props.exported)} creators. ${cost}.`;
}
