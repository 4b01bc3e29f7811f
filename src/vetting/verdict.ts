import { PLATFORM_NAMES, type Platform } from '../ic/platforms.ts';
import { bandFor } from './benchmarks.ts';

/**
 * The verdict line: a few explained checks from data Scout already fetched (free). Each check says
 * why in one phrase; missing data says "—", never a guess. Pure: `now` is passed in.
 */

/** What the verdict reads. Every field may be unknown (null). */
export interface VerdictInput {
  platform: Platform;
  followers: number | null;
  /** A percentage: 3.42 means 3.42 %. */
  engagementPercent: number | null;
  /** 0–1 (api-ref#full-enrichment-blocks); only full enrichment of IG/TT/YT carries it. */
  audienceCredibility?: number | null;
  /** Epoch ms of the most recent post. */
  lastPostAt?: number | null;
  /** The shortest-range follower growth the answer has. */
  growth?: { label: string; percent: number } | null;
  isPrivate?: boolean | null;
  verified?: boolean | null;
}

export type CheckKey = 'engagement' | 'credibility' | 'activity' | 'growth' | 'private' | 'verified';

export interface VerdictCheck {
  key: CheckKey;
  /** ok: nothing to worry about; flag: worth a look; unknown: no data ("—"). */
  status: 'ok' | 'flag' | 'unknown';
  /** One plain phrase (no mrkdwn; views escape it). */
  text: string;
}

export interface Verdict {
  checks: VerdictCheck[];
  /** Short names of the flagged checks, for lists and the shortlist ("low engagement"). */
  flags: string[];
}

export const CREDIBILITY_MIN = 0.75;
export const INACTIVE_AFTER_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

function pct(value: number, digits = 1): string {
  return `${Number(value.toFixed(digits))} %`;
}

export function engagementCheck(
  platform: Platform,
  followers: number | null,
  engagement: number | null,
): VerdictCheck & { flag?: string } {
  if (engagement === null || !Number.isFinite(engagement)) {
    return { key: 'engagement', status: 'unknown', text: 'Engagement —' };
  }
  const typical = bandFor(platform, followers);
  if (!typical) {
    return {
      key: 'engagement',
      status: 'unknown',
      text: `${pct(engagement, 2)} engagement (no benchmark —)`,
    };
  }
  const [low, high] = typical.band;
  const band = `${low}–${high} %`;
  const who = `an ${PLATFORM_NAMES[platform]} ${typical.label} creator`;
  if (engagement < low) {
    return {
      key: 'engagement',
      status: 'flag',
      text: `${pct(engagement, 2)} engagement: below the ${band} typical for ${who}`,
      flag: 'low engagement',
    };
  }
  if (engagement > high) {
    return {
      key: 'engagement',
      status: 'flag',
      text: `${pct(engagement, 2)} engagement: above the ${band} typical for ${who} (check it is organic)`,
      flag: 'unusually high engagement',
    };
  }
  return {
    key: 'engagement',
    status: 'ok',
    text: `${pct(engagement, 2)} engagement: typical for ${who} (${band})`,
  };
}

function credibilityCheck(value: number | null | undefined): VerdictCheck & { flag?: string } {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return { key: 'credibility', status: 'unknown', text: 'Audience credibility —' };
  }
  const share = value > 1 ? value / 100 : value;
  if (share < CREDIBILITY_MIN) {
    return {
      key: 'credibility',
      status: 'flag',
      text: `Audience credibility ${pct(share * 100, 0)}: under 75 %, many followers may not be real`,
      flag: 'low audience credibility',
    };
  }
  return { key: 'credibility', status: 'ok', text: `Audience credibility ${pct(share * 100, 0)}` };
}

function activityCheck(lastPostAt: number | null | undefined, now: number): VerdictCheck & { flag?: string } {
  if (lastPostAt === null || lastPostAt === undefined || !Number.isFinite(lastPostAt)) {
    return { key: 'activity', status: 'unknown', text: 'Last post —' };
  }
  const days = Math.max(0, Math.floor((now - lastPostAt) / DAY_MS));
  const when = days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
  if (days > INACTIVE_AFTER_DAYS) {
    return {
      key: 'activity',
      status: 'flag',
      text: `Last post ${when}: inactive (over ${INACTIVE_AFTER_DAYS} days)`,
      flag: 'inactive',
    };
  }
  return { key: 'activity', status: 'ok', text: `Last post ${when}` };
}

function growthCheck(growth: VerdictInput['growth']): VerdictCheck & { flag?: string } {
  if (!growth || !Number.isFinite(growth.percent)) {
    return { key: 'growth', status: 'unknown', text: 'Follower growth —' };
  }
  const signed = `${growth.percent > 0 ? '+' : ''}${pct(growth.percent)}`;
  if (growth.percent < 0) {
    return {
      key: 'growth',
      status: 'flag',
      text: `Followers ${signed} in ${growth.label}: shrinking`,
      flag: 'losing followers',
    };
  }
  return { key: 'growth', status: 'ok', text: `Followers ${signed} in ${growth.label}` };
}

function privateCheck(isPrivate: boolean | null | undefined): (VerdictCheck & { flag?: string }) | null {
  if (isPrivate !== true) return null;
  return {
    key: 'private',
    status: 'flag',
    text: 'Private account: its posts cannot be checked',
    flag: 'private',
  };
}

function verifiedCheck(verified: boolean | null | undefined): VerdictCheck & { flag?: string } {
  if (verified === true) return { key: 'verified', status: 'ok', text: 'Verified' };
  if (verified === false) {
    return {
      key: 'verified',
      status: 'flag',
      text: 'Not verified: identity not confirmed by the platform',
      flag: 'unverified',
    };
  }
  return { key: 'verified', status: 'unknown', text: 'Verified —' };
}

/** Every check, in the card's order; `flags` names the flagged ones. */
export function verdictOf(input: VerdictInput, now: number): Verdict {
  const all = [
    engagementCheck(input.platform, input.followers, input.engagementPercent),
    credibilityCheck(input.audienceCredibility),
    activityCheck(input.lastPostAt, now),
    growthCheck(input.growth),
    privateCheck(input.isPrivate),
    verifiedCheck(input.verified),
  ].filter((c) => c !== null);
  return {
    checks: all.map(({ key, status, text }) => ({ key, status, text })),
    flags: all.flatMap((c) => (c.status === 'flag' && c.flag ? [c.flag] : [])),
  };
}

/** The verdict a list row can give: engagement against the band (lists carry nothing else). */
export function rowVerdict(platform: Platform, followers: number | null, engagement: number | null): Verdict {
  const check = engagementCheck(platform, followers, engagement);
  return {
    checks: [{ key: check.key, status: check.status, text: check.text }],
    flags: check.status === 'flag' && check.flag ? [check.flag] : [],
  };
}
