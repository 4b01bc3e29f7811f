import type { Logger } from 'pino';
import { workspaceKeys } from '../budget/keys.ts';
import { withLease } from '../store/claims.ts';
import type { Store } from '../store/types.ts';
import { type DigestData, gatherDigest } from './report.ts';
import { lastSlot, MAX_LATE_MS, slotKey, WEEK_MS } from './schedule.ts';
import { DIGEST_TEAMS, readDigestSettings } from './settings.ts';

/**
 * One round of the weekly digest scheduler, run every minute by every Scout process. For each
 * opted-in channel whose Monday 9:00 has passed, the digest is sent once: the sender holds a lease
 * on (workspace, channel, week) while it posts and then records it as sent, so a second replica
 * skips it, and a failed post is tried again on the next round. Nothing lives in memory: a restart
 * (even across 9:00) sends the week's digest when Scout is back, up to two days late.
 */

export interface DigestTarget {
  team: string;
  channel: string;
  zone: string;
  /** Where the zone came from: an admin's setting, Slack's team.info, or the UTC fallback. */
  zoneSource: 'setting' | 'slack' | 'fallback';
  data: DigestData;
}

export interface DigestPort {
  /** The workspace's IANA time zone from Slack, or null when Slack gives none. */
  slackTimeZone(team: string): Promise<string | null>;
  post(target: DigestTarget): Promise<void>;
}

export interface DigestRunnerDeps {
  store: Store;
  clock: () => number;
  log: Logger;
}

const LEASE_MS = 2 * 60 * 1000;
const SENT_TTL_MS = 3 * WEEK_MS;

export const digestKeys = {
  sent: workspaceKeys.digestSent,
  lease: workspaceKeys.digestLease,
};

/** Sends every digest that is due; returns how many this process sent. */
export async function runDigests(deps: DigestRunnerDeps, port: DigestPort): Promise<number> {
  let sent = 0;
  for (const team of await deps.store.atomic.setMembers(DIGEST_TEAMS)) {
    try {
      sent += await runTeam(deps, port, team);
    } catch (error) {
      deps.log.warn({ err: error, team }, 'weekly digest round failed for a workspace');
    }
  }
  return sent;
}

async function runTeam(deps: DigestRunnerDeps, port: DigestPort, team: string): Promise<number> {
  const settings = await readDigestSettings(deps.store, team);
  if (settings.channels.length === 0) return 0;
  let zone = settings.timeZone ?? null;
  let zoneSource: DigestTarget['zoneSource'] = 'setting';
  if (!zone) {
    zone = await port.slackTimeZone(team).catch(() => null);
    zoneSource = zone ? 'slack' : 'fallback';
  }
  zone ??= 'UTC';
  const now = deps.clock();
  const slot = lastSlot(now, zone);
  if (now - slot > MAX_LATE_MS) return 0;
  const week = slotKey(slot, zone);
  let sent = 0;
  for (const channel of settings.channels) {
    // Opted in after this Monday 9:00: the first digest is next week's.
    if (channel.since > slot) continue;
    const sentKey = digestKeys.sent(team, channel.id, week);
    if (await deps.store.kv.get(sentKey)) continue;
    const outcome = await withLease(
      deps.store,
      digestKeys.lease(team, channel.id, week),
      LEASE_MS,
      async () => {
        if (await deps.store.kv.get(sentKey)) return false;
        const data = await gatherDigest(deps.store, team, slot - WEEK_MS, slot);
        await port.post({ team, channel: channel.id, zone, zoneSource, data });
        await deps.store.kv.set(sentKey, { at: deps.clock() }, SENT_TTL_MS);
        return true;
      },
    ).catch((error: unknown) => {
      deps.log.warn({ err: error, team, channel: channel.id, week }, 'weekly digest not sent; will retry');
      return false;
    });
    if (outcome === true) {
      sent += 1;
      deps.log.info({ team, channel: channel.id, week, zone }, 'weekly digest sent');
    }
  }
  return sent;
}
