import { normalizeHandle } from '../src/creator-ref.ts';
import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import { profileUrlFor, toCreatorSummary } from '../src/ic/profile.ts';
import type { OverlapResponse } from '../src/ic/schemas.ts';
import { context, fields, header, type SlackMessage, section } from './blocks.ts';
import {
  bar,
  escapeMrkdwn,
  fallbackText,
  formatCount,
  formatPercent,
  MISSING,
  mrkdwnLink,
  truncate,
} from './format.ts';
import { costPhrase, type PageCost } from './similar.ts';

/**
 * `/overlap`: how much of a group of creators' audiences is shared, and who brings reach nobody
 * else in the group has. Pure: the command passes the API answer, what it cost and `now`.
 */

export const OVERLAP_MIN_CREATORS = 2;
export const OVERLAP_MAX_CREATORS = 10;

const NAME_MAX = 80;
const LINK_MAX = 500;

/** One compared creator, shares as fractions 0–1 (null = the API did not say). */
export interface OverlapCreator {
  handle: string | null;
  name: string | null;
  url: string | null;
  followers: number | null;
  unique: number | null;
  overlapping: number | null;
  /** False for a creator that was asked about but is missing from the answer. */
  found: boolean;
}

export interface OverlapReport {
  platform: Platform;
  totalFollowers: number | null;
  totalUniqueFollowers: number | null;
  /** Unique followers as a share of all followers summed, 0–1. */
  uniqueShare: number | null;
  /** Sorted by unique share, highest first; creators the API did not find last. */
  creators: OverlapCreator[];
  scale: PercentScale;
}

/** How the API wrote its percentages (api-ref#overlap / api-ref#open-questions: the scale is undocumented). */
export type PercentScale = 'fraction' | 'percent';

/**
 * The scale of an answer's percentages, decided from the numbers: if any unique or overlapping
 * value is above 1 the answer is 0–100, otherwise 0–1. This cannot mistake a 0–100 answer for
 * fractions: a creator's unique and overlapping shares add up to 100 %, so on the 0–100 scale one
 * of the two is at least 50.
 */
export function percentScale(values: readonly (number | null | undefined)[]): PercentScale {
  return values.some((v) => typeof v === 'number' && Number.isFinite(v) && v > 1) ? 'percent' : 'fraction';
}

function toFraction(value: number | null | undefined, scale: PercentScale): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const fraction = scale === 'percent' ? value / 100 : value;
  return Math.min(1, Math.max(0, fraction));
}

/** Unique and overlapping shares as fractions; when only one is given the other is its complement. */
export function normaliseShares(
  details: readonly { unique_percentage?: number | null; overlapping_percentage?: number | null }[],
): { unique: number | null; overlapping: number | null }[] {
  const scale = percentScale(details.flatMap((d) => [d.unique_percentage, d.overlapping_percentage]));
  return details.map((d) => {
    const unique = toFraction(d.unique_percentage, scale);
    const overlapping = toFraction(d.overlapping_percentage, scale);
    return {
      unique: unique ?? (overlapping === null ? null : 1 - overlapping),
      overlapping: overlapping ?? (unique === null ? null : 1 - unique),
    };
  });
}

function handleOf(platform: Platform, value: string | null): string | null {
  return value === null || value.trim() === '' ? null : normalizeHandle(platform, value);
}

/**
 * Reads an overlap answer against what was asked. A requested creator missing from `details` is
 * listed as not found — unless the answer has a row for everyone (then the API just spelt a handle
 * differently, e.g. a YouTube channel id answered with its @name, and every row is shown as sent).
 */
export function toOverlapReport(
  data: OverlapResponse,
  platform: Platform,
  requested: readonly string[],
): OverlapReport {
  const details = data.details;
  const shares = normaliseShares(details);
  const creators: OverlapCreator[] = details.map((d, i) => {
    const summary = toCreatorSummary({ ...d, ...(d.user ?? {}) }, platform);
    const handle = handleOf(platform, d.username ?? d.user?.username ?? null);
    return {
      handle,
      name: summary.name,
      url: summary.url ?? (handle === null ? null : profileUrlFor(platform, handle)),
      followers: d.followers ?? d.user?.followers ?? null,
      unique: shares[i]?.unique ?? null,
      overlapping: shares[i]?.overlapping ?? null,
      found: true,
    };
  });
  if (details.length < requested.length) {
    const answered = new Set(creators.map((c) => c.handle));
    for (const handle of requested) {
      if (!answered.has(handle)) {
        creators.push({
          handle,
          name: null,
          url: profileUrlFor(platform, handle),
          followers: null,
          unique: null,
          overlapping: null,
          found: false,
        });
      }
    }
  }
  creators.sort(
    (a, b) =>
      Number(b.found) - Number(a.found) ||
      (b.unique ?? -1) - (a.unique ?? -1) ||
      (b.followers ?? -1) - (a.followers ?? -1),
  );
  const summed = creators.reduce((sum, c) => sum + (c.followers ?? 0), 0);
  const totalFollowers = data.basics?.total_followers ?? (summed > 0 ? summed : null);
  const totalUniqueFollowers = data.basics?.total_unique_followers ?? null;
  return {
    platform,
    totalFollowers,
    totalUniqueFollowers,
    uniqueShare:
      totalFollowers && totalUniqueFollowers !== null
        ? Math.min(1, Math.max(0, totalUniqueFollowers / totalFollowers))
        : null,
    creators,
    scale: percentScale(details.flatMap((d) => [d.unique_percentage, d.overlapping_percentage])),
  };
}

function share(fraction: number | null): string {
  return fraction === null ? MISSING : formatPercent(fraction * 100, 1);
}

function creatorLabel(c: OverlapCreator): string {
  return truncate(c.handle ? `@${c.handle}` : (c.name ?? 'Unnamed creator'), NAME_MAX);
}

function creatorLine(c: OverlapCreator, rank: number, platform: Platform): string {
  const url = c.url && c.url.length <= LINK_MAX ? c.url : null;
  const title = `${rank}. *${mrkdwnLink(url, creatorLabel(c))}*`;
  if (!c.found) {
    return `${title}\n:grey_question: Influencers Club has no data for this creator, so it is not in the totals.`;
  }
  const name = c.name && c.handle ? ` · ${escapeMrkdwn(truncate(c.name, NAME_MAX))}` : '';
  const word = platform === 'youtube' ? 'subscribers' : 'followers';
  const cells = c.unique === null ? '··········' : bar(c.unique);
  return (
    `${title}${name} · ${formatCount(c.followers)} ${word}\n` +
    `\`${cells}\` *${share(c.unique)} unique* · ${share(c.overlapping)} overlapping`
  );
}

export function overlapMessage(report: OverlapReport, cost: PageCost, now: number): SlackMessage {
  const platformName = PLATFORM_NAMES[report.platform];
  const found = report.creators.filter((c) => c.found);
  const blocks: SlackMessage['blocks'] = [header(`Audience overlap on ${platformName}`)];
  blocks.push(
    fields([
      `*Total followers*\n${formatCount(report.totalFollowers)}`,
      `*Unique followers*\n${formatCount(report.totalUniqueFollowers)}`,
      `*Unique share of the combined audience*\n${share(report.uniqueShare)}`,
      `*Creators compared*\n${report.creators.length}`,
    ]),
  );
  const best = found.find((c) => c.unique !== null);
  const most = [...found]
    .filter((c) => c.overlapping !== null)
    .sort((a, b) => b.overlapping! - a.overlapping!)[0];
  if (best && most && best !== most) {
    blocks.push(
      context([
        `Adds the most reach: *${escapeMrkdwn(creatorLabel(best))}* (${share(best.unique)} unique) · ` +
          `Most shared audience: *${escapeMrkdwn(creatorLabel(most))}* (${share(most.overlapping)} overlapping)`,
      ]),
    );
  }
  report.creators.slice(0, OVERLAP_MAX_CREATORS).forEach((c, i) => {
    blocks.push(section(creatorLine(c, i + 1, report.platform)));
  });
  const hidden = report.creators.length - OVERLAP_MAX_CREATORS;
  blocks.push(
    context([
      [
        'Unique: share of a creator’s audience that follows nobody else in the group',
        ...(hidden > 0 ? [`…and ${hidden} more`] : []),
        costPhrase(cost, now, 'Cost'),
      ].join(' · '),
    ]),
  );
  const names = found.map((c) => creatorLabel(c)).join(', ');
  return {
    text: fallbackText(
      `Audience overlap on ${platformName}: ${names || 'no creators found'} · unique share ${share(report.uniqueShare)}`,
    ),
    blocks,
  };
}

const EXAMPLES = [
  '`/overlap @maya.moves @lena.longform @markup.mallory` Instagram is the default',
  '`/overlap tiktok dani.dances quiet.q` name the platform first (Instagram, TikTok or YouTube)',
  '`/overlap https://www.youtube.com/@theo.tinkers https://www.youtube.com/@another` links say their platform',
];

export function overlapHelp(): SlackMessage {
  const text = [
    `*/overlap* compares the audiences of ${OVERLAP_MIN_CREATORS}–${OVERLAP_MAX_CREATORS} creators on one platform: total reach, unique reach, and who adds followers nobody else in the group has.`,
    ...EXAMPLES.map((e) => `• ${e}`),
    'Each comparison costs 1 credit; the same comparison again is free for a while (it is cached).',
  ].join('\n');
  return { text: 'How to use /overlap', blocks: [section(text)] };
}

/** Input that cannot be right: say why, show valid input, and that nothing was spent. */
export function overlapInputError(reason: string): SlackMessage {
  const text = `:warning: ${escapeMrkdwn(reason)}\nTry ${EXAMPLES[0]}, or \`/overlap help\`. Nothing was charged.`;
  return { text: fallbackText(`${reason} Nothing was charged.`), blocks: [section(text)] };
}
