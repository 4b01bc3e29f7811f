import type { WebClient } from '@slack/web-api';
import { workspaceKeys } from '../src/budget/keys.ts';
import { isTimeZone } from '../src/digest/schedule.ts';
import type { DigestSettings } from '../src/digest/settings.ts';
import type { ScoutDeps } from '../src/feature.ts';
import { teamTimeZone } from '../src/slack/web.ts';

/**
 * The workspace's time zone for the digest: an admin's setting, else team.info's `tz` (asked once
 * a day and cached in the store), else UTC. Slack often gives no `tz` at team level; the digest and
 * App Home then say they use UTC.
 */

const ZONE_TTL_MS = 24 * 60 * 60 * 1000;

export async function slackZone(deps: ScoutDeps, client: WebClient, team: string): Promise<string | null> {
  const key = workspaceKeys.digestTimeZone(team);
  const cached = (await deps.store.kv.get(key)) as { zone: string | null } | undefined;
  if (cached && 'zone' in cached) return cached.zone;
  let zone: string | null = null;
  try {
    const answer = await teamTimeZone(client, team);
    zone = answer && isTimeZone(answer) ? answer : null;
  } catch (error) {
    deps.log.info({ err: error, team }, 'team.info failed; the digest uses UTC for now');
    return null;
  }
  await deps.store.kv.set(key, { zone }, ZONE_TTL_MS);
  return zone;
}

export async function digestZone(
  deps: ScoutDeps,
  client: WebClient,
  team: string,
  settings: DigestSettings,
): Promise<{ zone: string; zoneSource: 'setting' | 'slack' | 'fallback' }> {
  if (settings.timeZone) return { zone: settings.timeZone, zoneSource: 'setting' };
  const zone = await slackZone(deps, client, team);
  return zone ? { zone, zoneSource: 'slack' } : { zone: 'UTC', zoneSource: 'fallback' };
}
