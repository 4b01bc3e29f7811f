import type { DiscoveryPlatform } from '../ic/platforms.ts';
import { toCreatorSummary } from '../ic/profile.ts';
import { toText } from '../ic/schemas.ts';

/**
 * One creator of a discovery answer, as the results page and the CSV show it. Discovery accounts
 * carry `user_id` and `profile{username, full_name, picture, followers, engagement_percent}` (api-ref#discovery);
 * a location is read when an answer has one (the documented shape does not).
 */
export interface DiscoveryRow {
  /** 1-based position in the whole result list. */
  rank: number;
  platform: DiscoveryPlatform;
  handle: string | null;
  name: string | null;
  followers: number | null;
  engagementPercent: number | null;
  location: string | null;
  url: string | null;
  userId: string | null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function locationOf(account: unknown): string | null {
  const top = record(account);
  const profile = record(top.profile);
  for (const source of [profile, top]) {
    for (const key of ['location', 'country', 'city']) {
      const value = toText(source[key]);
      if (value && value.trim() !== '') return value.trim();
    }
  }
  return null;
}

export function toDiscoveryRows(
  accounts: readonly unknown[],
  platform: DiscoveryPlatform,
  firstRank: number,
): DiscoveryRow[] {
  return accounts.map((account, i) => {
    const summary = toCreatorSummary(account, platform);
    return {
      rank: firstRank + i,
      platform,
      handle: summary.handle,
      name: summary.name,
      followers: summary.followers,
      engagementPercent: summary.engagementPercent,
      location: locationOf(account),
      url: summary.url,
      userId: summary.userId,
    };
  });
}
